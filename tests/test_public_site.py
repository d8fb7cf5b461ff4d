"""The reader site around the article page: home, sections, tags, people, the frame, 404."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def listed_titles(response):
    """The story titles a list page shows, in order."""
    assert response.status_code == 200
    return re.findall(
        r'<h2 class="story-card-title"><a href="/a/[0-9a-f]{8}/">(.*?)</a></h2>',
        response.content.decode(),
    )


def hidden_stories(**kwargs):
    """One story in each state readers must not see."""
    past = timezone.now() - timedelta(days=1)
    return [
        ArticleFactory(title="草稿", **kwargs),
        ArticleFactory(title="定时稿", scheduled=True, **kwargs),
        ArticleFactory(title="撤下稿", status="withdrawn", publish_at=past, **kwargs),
        ArticleFactory(title="待审稿", status="submitted", publish_at=past, **kwargs),
    ]


# --- Home -----------------------------------------------------------------------------------


def test_full_list_shows_published_stories_newest_first(reader):
    """The full list (/search/, the front page's "more") shows what is public, newest first."""
    now = timezone.now()
    ArticleFactory(title="昨天的新闻", published=True, publish_at=now - timedelta(days=1))
    ArticleFactory(title="今天的新闻", published=True, publish_at=now - timedelta(hours=1))
    hidden_stories()
    assert listed_titles(reader.get("/search/")) == ["今天的新闻", "昨天的新闻"]


def test_list_item_shows_date_section_summary_and_thumbnail(reader):
    """Each listed story has its date, a section link, its summary and its lead photo."""
    article = ArticleFactory(
        published=True, summary="这是导语。", section=SectionFactory(name="城建", slug="city")
    )
    photo = PhotoFactory()
    ArticlePhotoFactory(article=article, photo=photo, is_lead=True)
    page = reader.get("/search/").content.decode()
    card = re.search(r'<li class="story-card">.*?</li>', page, re.S)[0]
    assert article.publish_at.astimezone(timezone.get_current_timezone()).strftime(
        "%Y-%m-%d") in card
    assert '<a href="/section/city/">城建</a>' in card
    assert "这是导语。" in card
    key = photo.rendition_key
    assert f'<img src="/media/renditions/{key[:2]}/{key}/16x9-' in card


def test_full_list_is_paginated_by_twenty(reader):
    """21 stories make two pages; the second holds the oldest."""
    now = timezone.now()
    for n in range(21):
        ArticleFactory(
            title=f"稿件{n:02d}", published=True, publish_at=now - timedelta(hours=n + 1)
        )
    first = reader.get("/search/")
    assert len(listed_titles(first)) == 20
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert listed_titles(reader.get("/search/?page=2")) == ["稿件20"]


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0", "1.5"])
def test_bad_page_numbers_are_a_page_not_found(reader, page):
    """?page= garbage or out of range is the reader's 404 page, never a 500 or another page."""
    ArticleFactory(title="唯一的稿件", published=True)
    response = reader.get("/search/", {"page": page})
    assert response.status_code == 404
    assert "唯一的稿件" not in response.content.decode()


@pytest.mark.parametrize("page", ["", "1"])
def test_an_empty_or_first_page_number_is_the_first_page(reader, page):
    """?page= empty or 1 is the list's first page."""
    ArticleFactory(title="唯一的稿件", published=True)
    assert listed_titles(reader.get("/search/", {"page": page})) == ["唯一的稿件"]


def test_empty_home_says_so(reader):
    """With nothing published yet, the front page says there is nothing yet."""
    assert "No stories here yet." in reader.get("/").content.decode()


def test_list_query_count_does_not_grow_with_rows(reader):
    """A list of 20 stories costs as many queries as a list of 2."""
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert reader.get("/search/").status_code == 200
        return len(queries)

    def story():
        article = ArticleFactory(published=True, tags=["一"])
        # A credited photographer: each card prints the lead photo's linked credit.
        photo = PhotoFactory(credit_contributor=ContributorFactory())
        ArticlePhotoFactory(article=article, photo=photo, is_lead=True)
        BylineFactory(article=article)

    for _ in range(2):
        story()
    few = count()
    for _ in range(18):
        story()
    assert count() == few
    assert reader.get("/search/").content.decode().count('<figcaption class="credit">记者') == 20


# --- Sections, tags, people -------------------------------------------------------------------


def test_section_page_lists_only_that_sections_public_stories(reader):
    """/section/<slug>/ shows the section's name and its public stories only."""
    city = SectionFactory(name="城建", slug="city")
    ArticleFactory(title="城建新闻", published=True, section=city)
    ArticleFactory(title="体育新闻", published=True, section=SectionFactory(slug="sport"))
    hidden_stories(section=city)
    response = reader.get("/section/city/")
    assert listed_titles(response) == ["城建新闻"]
    assert "<h1>城建</h1>" in response.content.decode()


def test_tag_page_lists_stories_with_a_chinese_tag(reader):
    """/tag/数字经济/ lists each public story tagged 数字经济 once."""
    ArticleFactory(title="数字经济新闻", published=True, tags=["数字经济", "武昌"])
    ArticleFactory(title="别的新闻", published=True, tags=["双碳"])
    ArticleFactory(title="未发布的数字经济稿", tags=["数字经济"])
    response = reader.get(reverse("articles:tag", kwargs={"slug": "数字经济"}))
    assert listed_titles(response) == ["数字经济新闻"]
    assert "<h1>数字经济</h1>" in response.content.decode()


def test_a_tag_only_unpublished_stories_carry_is_not_found(reader):
    """A tag on a scheduled or draft story alone does not exist for readers: 404, and its
    name is not shown."""
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(title="明天的稿", published=True, tags=["尚未公开"],
                   publish_at=timezone.now() + timedelta(days=1))
    ArticleFactory(title="草稿", tags=["尚未公开"])
    response = reader.get(reverse("articles:tag", kwargs={"slug": "尚未公开"}))
    assert response.status_code == 404
    assert "尚未公开" not in response.content.decode()


def test_page_links_keep_the_rest_of_the_query_string(reader):
    """Newer/older links change the page and keep every other parameter."""
    for n in range(21):
        ArticleFactory(title=f"稿件{n}", published=True)
    page = reader.get("/search/", {"page": 1, "photos_page": 2}).content.decode()
    assert 'href="?page=2&amp;photos_page=2"' in page or 'href="?photos_page=2&amp;page=2"' in page


def test_contributor_page_lists_stories_with_their_byline(reader):
    """/people/<slug>/ lists the public stories the person has a byline on."""
    yang = ContributorFactory(name="杨蔚", slug="杨蔚", organisation="长江日报")
    mine = ArticleFactory(title="杨蔚的报道", published=True)
    BylineFactory(article=mine, contributor=yang)
    BylineFactory(article=mine)  # a co-author must not list the story twice
    BylineFactory(article=ArticleFactory(title="杨蔚的草稿"), contributor=yang)
    BylineFactory(article=ArticleFactory(title="别人的报道", published=True))
    response = reader.get(yang.get_absolute_url())
    assert listed_titles(response) == ["杨蔚的报道"]
    page = response.content.decode()
    assert "<h1>杨蔚</h1>" in page
    assert "长江日报 Reporter" in page


@pytest.mark.parametrize("path", ["/section/nope/", "/tag/没有这个标签/", "/people/nobody/"])
def test_unknown_slugs_are_404(reader, path):
    """A section, tag or person that does not exist is a 404 page, not an empty list."""
    response = reader.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --- The frame every page shares -----------------------------------------------------------------


def test_frame_has_site_name_sections_in_order_and_language_links(reader):
    """Header with the site name and sections in desk order; footer with a language switch
    of plain links (no form, no CSRF token)."""
    SectionFactory(name="体育", slug="sport", order=2)
    SectionFactory(name="要闻", slug="news", order=1)
    page = reader.get("/").content.decode()
    nav = re.search(r'<nav class="section-nav".*?</nav>', page, re.S)[0]
    assert re.findall(r">(\S+)</a>", nav) == ["要闻", "体育"]
    assert '<a class="site-name" href="/">Newsdesk</a>' in page
    switch = re.search(r'<nav class="language-links".*?</nav>', page, re.S)[0]
    assert 'href="/zh-hans/"' in switch and 'href="/en/" lang="en"' in switch
    assert "<form" not in page and "csrfmiddlewaretoken" not in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page


def test_site_name_comes_from_settings(reader, settings):
    """NEWSDESK_SITE_NAME names the site in the header and the title."""
    settings.NEWSDESK_SITE_NAME = "长江新闻"
    page = reader.get("/").content.decode()
    assert '<a class="site-name" href="/">长江新闻</a>' in page
    assert "<title>长江新闻</title>" in page


def test_language_switch_link_changes_the_interface_language():
    """The switch's English link shows the reader's page in English and keeps them there."""
    client = Client()
    assert '<html lang="zh-hans">' in client.get("/").content.decode()
    page = client.get("/en/").content.decode()
    assert '<html lang="en">' in page
    assert '<a class="site-name" href="/en/">' in page


def test_default_interface_language_is_simplified_chinese():
    """Without a preference, pages declare zh-hans."""
    assert '<html lang="zh-hans">' in Client().get("/").content.decode()


def test_tag_and_people_lists_use_no_distinct_over_whole_stories(reader):
    """One row per story comes from a subquery, not from DISTINCT over every column
    (body included), which is what made these pages slow at 100 000 stories."""
    person = ContributorFactory(slug="yang-wei")
    story = ArticleFactory(published=True, tags=["数字经济"])
    BylineFactory(article=story, contributor=person)
    for url in (reverse("articles:tag", kwargs={"slug": "数字经济"}), person.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(url).status_code == 200
        story_queries = [q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"]]
        assert story_queries, url
        assert not [sql for sql in story_queries if "SELECT DISTINCT" in sql.upper()], url
