"""RSS 2.0 and Atom feeds: the site's, a section's, a tag's and a contributor's.

Feeds are read here as a feed reader reads them, with ``feedparser``: they
parse without complaint (``bozo == 0``), hold only public stories, and carry
each story's headline, address, dates, summary, full credits, categories and
lead picture.
"""

from datetime import UTC, datetime, timedelta

import defusedxml.ElementTree as ET
import feedparser
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from articles import feeds
from articles.models import Role
from photos import renditions

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    PhotoFactory,
    SectionFactory,
)
from .pages import visible_text

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> & ]]> 标题"
FEEDS = ["articles:feed", "articles:feed_atom"]


def sample_story(**fields):
    """A public story credited as the sample is: 长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟,
    with tags and a lead picture by 何晓刚."""
    fields.setdefault("title", "市人大代表、武昌区委书记余松:推动数字经济转型升级")
    fields.setdefault("summary", "武昌区数字经济核心企业聚集。")
    article = ArticleFactory(published=True, tags=["数字经济", "武昌区"], **fields)
    people = [
        ("杨蔚", Role.REPORTER), ("覃柳玮", Role.REPORTER),
        ("吴迪", Role.CORRESPONDENT), ("刘方舟", Role.CORRESPONDENT),
    ]
    for order, (name, role) in enumerate(people):
        BylineFactory(
            article=article, order=order,
            contributor=ContributorFactory(name=name, default_role=role),
        )
    photographer = ContributorFactory(name="何晓刚")
    ArticlePhotoFactory(
        article=article, is_lead=True, caption="武昌滨江数创走廊。",
        photo=PhotoFactory(credit_contributor=photographer),
    )
    return article


def parse(response):
    """The feed as feedparser reads it, headers included (charset, content type)."""
    return feedparser.parse(
        response.content, response_headers={"content-type": response["Content-Type"]}
    )


def shown(detail):
    """What a feed reader shows of a text construct: HTML is rendered, text is as is."""
    return visible_text(detail.value) if detail.type == "text/html" else detail.value


def get_feed(client, url_name, **kwargs):
    response = client.get(reverse(url_name, kwargs=kwargs or None))
    assert response.status_code == 200
    parsed = parse(response)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


@pytest.mark.parametrize("url_name", FEEDS)
def test_an_item_carries_the_story_as_readers_see_it(client, url_name):
    """Headline, canonical absolute link, guid, dates and the summary."""
    article = sample_story()
    _response, parsed = get_feed(client, url_name)
    [entry] = parsed.entries
    url = f"http://testserver/a/{article.short_id}/"
    assert shown(entry.title_detail) == article.title
    assert entry.link == url
    assert entry.id == url
    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert published == article.publish_at.replace(microsecond=0)
    assert "武昌区数字经济核心企业聚集。" in entry.summary


@pytest.mark.parametrize("url_name", FEEDS)
def test_an_item_gives_full_credits(client, url_name):
    """Every byline is an author, in print order, and the description prints the
    byline line as the paper does, and the lead picture's caption and credit."""
    sample_story()
    _response, parsed = get_feed(client, url_name)
    [entry] = parsed.entries
    assert [author.name for author in entry.authors] == ["杨蔚", "覃柳玮", "吴迪", "刘方舟"]
    assert "长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟" in entry.summary
    assert "武昌滨江数创走廊。 记者何晓刚 摄" in entry.summary


def test_atom_authors_link_to_their_pages(client):
    """In Atom each author links to the person's page on the site."""
    article = sample_story()
    _response, parsed = get_feed(client, "articles:feed_atom")
    first = article.bylines.first().contributor
    assert parsed.entries[0].authors[0].href == f"http://testserver/people/{first.slug}/"


@pytest.mark.parametrize("url_name", FEEDS)
def test_categories_are_the_section_and_the_tags(client, url_name):
    """Categories: the story's section first, then its tags."""
    sample_story(section=SectionFactory(name="要闻", slug="yaowen"))
    _response, parsed = get_feed(client, url_name)
    assert [tag.term for tag in parsed.entries[0].tags] == ["要闻", "数字经济", "武昌区"]


@pytest.mark.parametrize("url_name", FEEDS)
def test_the_lead_picture_is_an_enclosure(client, url_name):
    """The lead picture goes out as a rendition: absolute address, its size in bytes
    and its type; never the original upload."""
    article = sample_story()
    photo = article.article_photos.get(is_lead=True).photo
    _response, parsed = get_feed(client, url_name)
    [enclosure] = parsed.entries[0].enclosures
    name = min(renditions.items(photo), key=lambda item: abs(item["w"] - 960))["jpeg"]
    assert enclosure.href == f"http://testserver{renditions.url(name)}"
    assert "/renditions/" in enclosure.href
    assert int(enclosure.length) == default_storage.size(name)
    assert enclosure.type == "image/jpeg"


@pytest.mark.parametrize("url_name", FEEDS)
def test_a_missing_picture_file_leaves_the_item_without_enclosure(client, url_name):
    """A rendition file gone from storage does not break the feed: the item is
    there, without an enclosure and without the picture in its description."""
    article = sample_story()
    photo = article.article_photos.get(is_lead=True).photo
    for name in renditions.file_names(photo.renditions):
        default_storage.delete(name)
    _response, parsed = get_feed(client, url_name)
    [entry] = parsed.entries
    assert entry.title == article.title
    assert entry.enclosures == []
    assert "<img" not in entry.summary


def test_a_story_without_picture_or_bylines_still_makes_a_valid_item(client):
    """No lead picture and no byline: no enclosure, and Atom's required author is the
    paper's (the feed's own author)."""
    ArticleFactory(published=True)
    _response, parsed = get_feed(client, "articles:feed_atom")
    [entry] = parsed.entries
    assert entry.enclosures == []
    assert parsed.feed.author


@pytest.mark.parametrize("url_name", FEEDS)
def test_only_public_stories_are_in_a_feed(client, url_name):
    """Drafts, stories in review, scheduled and withdrawn stories never appear."""
    public = ArticleFactory(published=True, title="公开的稿件")
    for trait in ("submitted", "scheduled", "withdrawn"):
        ArticleFactory(title=f"不公开{trait}", **{trait: True})
    ArticleFactory(title="草稿")
    _response, parsed = get_feed(client, url_name)
    assert [entry.title for entry in parsed.entries] == [public.title]


def test_the_newest_story_comes_first_and_the_feed_is_bounded(client):
    """Newest first, at most FEED_SIZE items."""
    now = timezone.now()
    for hours in range(feeds.FEED_SIZE + 2):
        ArticleFactory(published=True, title=f"稿件{hours}",
                       publish_at=now - timedelta(hours=hours + 1))
    _response, parsed = get_feed(client, "articles:feed")
    titles = [entry.title for entry in parsed.entries]
    assert titles == [f"稿件{n}" for n in range(feeds.FEED_SIZE)]


@pytest.mark.parametrize("suffix", ["", "_atom"])
def test_a_section_feed_holds_its_section_only(client, suffix):
    """A section's feed: that section's public stories, titled with its name."""
    section = SectionFactory(name="经济", slug="jingji")
    mine = ArticleFactory(published=True, section=section)
    ArticleFactory(published=True)
    _response, parsed = get_feed(client, f"articles:section_feed{suffix}", slug="jingji")
    assert [entry.title for entry in parsed.entries] == [mine.title]
    assert "经济" in parsed.feed.title
    assert parsed.feed.link == "http://testserver/section/jingji/"


@pytest.mark.parametrize("suffix", ["", "_atom"])
def test_a_tag_feed_holds_its_tag_only(client, suffix):
    """A tag's feed (Chinese slugs too): the public stories carrying it."""
    mine = ArticleFactory(published=True, tags=["长江"])
    ArticleFactory(published=True, tags=["汉水"])
    _response, parsed = get_feed(client, f"articles:tag_feed{suffix}", slug="长江")
    assert [entry.title for entry in parsed.entries] == [mine.title]


@pytest.mark.parametrize("suffix", ["", "_atom"])
def test_a_contributor_feed_holds_their_bylines(client, suffix):
    """A person's feed: the public stories with their byline."""
    person = ContributorFactory(name="杨蔚", slug="yang-wei")
    mine = BylineFactory(contributor=person, article=ArticleFactory(published=True)).article
    BylineFactory(contributor=person, article=ArticleFactory())  # a draft
    ArticleFactory(published=True)
    _response, parsed = get_feed(client, f"articles:contributor_feed{suffix}", slug="yang-wei")
    assert [entry.title for entry in parsed.entries] == [mine.title]
    assert "杨蔚" in parsed.feed.title


@pytest.mark.parametrize("path", [
    "/section/nowhere/feed/", "/section/nowhere/feed/atom/",
    "/tag/nowhere/feed/", "/tag/nowhere/feed/atom/",
    "/people/nobody/feed/", "/people/nobody/feed/atom/",
])
def test_an_unknown_section_tag_or_person_is_a_404(client, path):
    """Feeds of things that do not exist are 404, not 500."""
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_tag_only_unpublished_stories_carry_has_no_feed(client, suffix):
    """As the tag page: a tag known only from drafts and scheduled stories is a 404."""
    ArticleFactory(tags=["内部"])
    ArticleFactory(scheduled=True, tags=["内部"])
    assert client.get(f"/tag/内部/feed/{suffix}").status_code == 404


def test_feed_language_is_the_stories(client, settings):
    """RSS names the language as RSS does (zh-cn); Atom in BCP 47 (zh-Hans); whatever
    language the reader's browser asks for."""
    ArticleFactory(published=True)
    settings.NEWSDESK_CONTENT_LANGUAGE = "zh-Hans"
    rss = client.get("/feed/", headers={"accept-language": "en"})
    atom = client.get("/feed/atom/", headers={"accept-language": "en"})
    assert parse(rss).feed.language == "zh-cn"
    assert ET.fromstring(atom.content).get("{http://www.w3.org/XML/1998/namespace}lang") \
        == "zh-Hans"
    assert rss["Content-Language"] == "zh-Hans"


@pytest.mark.parametrize(("tag", "expected"), [
    ("zh-Hans", "zh-cn"), ("zh-CN", "zh-cn"), ("zh-Hant", "zh-tw"), ("zh-Hant-HK", "zh-tw"),
    ("zh-TW", "zh-tw"), ("en", "en"), ("en-GB", "en"),
])
def test_rss_language_codes(tag, expected):
    """BCP 47 tags become the codes RSS and Google News take."""
    assert feeds.rss_language(tag) == expected


@pytest.mark.parametrize("url_name", FEEDS)
def test_last_modified_is_the_newest_item(client, url_name):
    """Last-Modified says when the newest story changed, for conditional requests."""
    now = timezone.now().replace(microsecond=0)
    ArticleFactory(published=True, publish_at=now - timedelta(hours=5))
    newest = ArticleFactory(published=True, publish_at=now - timedelta(hours=1))
    response = client.get(reverse(url_name))
    newest.refresh_from_db()
    expected = max(newest.updated_at, newest.publish_at).replace(microsecond=0)
    assert parse_http_date(response["Last-Modified"]) == int(expected.timestamp())


@pytest.mark.parametrize("url_name", FEEDS)
def test_chinese_survives_in_utf8(client, url_name):
    """The feed declares UTF-8 in its header and its XML, and the Chinese is intact."""
    sample_story()
    response = client.get(reverse(url_name))
    assert "charset=utf-8" in response["Content-Type"]
    text = response.content.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟" in text
    assert "&#" not in text  # written as characters, not as numeric references


@pytest.mark.parametrize("url_name", FEEDS)
def test_hostile_text_is_escaped(client, url_name):
    """A headline and summary with <script>, & and ]]> arrive as text: the XML is
    well formed, no element is made of them, and the reader shows them as typed."""
    ArticleFactory(published=True, title=HOSTILE, summary=HOSTILE)
    response, parsed = get_feed(client, url_name)
    ET.fromstring(response.content)  # well formed
    assert b"<script>" not in response.content
    entry = parsed.entries[0]
    assert shown(entry.title_detail) == HOSTILE
    # The description is HTML: the summary inside it is escaped once more.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; 标题" in entry.summary


@pytest.mark.parametrize("url_name", [
    "articles:feed", "articles:feed_atom", "articles:section_feed", "articles:tag_feed",
    "articles:contributor_feed",
])
def test_queries_do_not_grow_with_items(client, url_name):
    """One story or fifty, each with bylines, tags and a lead picture: the same
    number of queries."""
    section = SectionFactory(slug="jingji")
    person = ContributorFactory(slug="yang-wei")
    kwargs = {
        "articles:section_feed": {"slug": "jingji"},
        "articles:tag_feed": {"slug": "长江"},
        "articles:contributor_feed": {"slug": "yang-wei"},
    }.get(url_name)

    def add_stories(count):
        for _ in range(count):
            article = ArticleFactory(published=True, section=section, tags=["长江", "汉水"])
            BylineFactory(article=article, contributor=person)
            BylineFactory(article=article)
            ArticlePhotoFactory(article=article, is_lead=True)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(url_name, kwargs=kwargs))
        assert response.status_code == 200
        return len(captured), len(parse(response).entries)

    add_stories(1)
    one, items = queries()
    assert items == 1
    add_stories(49)
    fifty, items = queries()
    assert items == feeds.FEED_SIZE
    assert fifty == one


def test_a_prefixed_address_gives_canonical_links(client):
    """/en/feed/ is the same feed: items link to the unprefixed, canonical pages."""
    article = ArticleFactory(published=True)
    response = client.get("/en/feed/")
    assert response.status_code == 200
    assert parse(response).entries[0].link == f"http://testserver/a/{article.short_id}/"


@pytest.mark.parametrize("path", [
    "/feed/", "/feed/atom/", "/section/jingji/feed/", "/tag/长江/feed/atom/",
    "/people/yang-wei/feed/",
])
def test_feeds_set_no_cookie(path):
    """Feeds are the same for everyone: no cookie, no Vary: Cookie, cacheable."""
    from django.test import Client

    section = SectionFactory(slug="jingji")
    article = ArticleFactory(published=True, section=section, tags=["长江"])
    BylineFactory(article=article, contributor=ContributorFactory(slug="yang-wei"))
    response = Client().get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("url_name", FEEDS)
def test_hostile_names_in_credits_and_categories_are_escaped(client, url_name):
    """A section, tag and person named with markup arrive as the same text."""
    article = ArticleFactory(published=True, section=SectionFactory(name="<i>要闻</i> &"),
                             tags=["<b>标签</b>"])
    BylineFactory(article=article, contributor=ContributorFactory(name="<img src=x>杨蔚"))
    response, parsed = get_feed(client, url_name)
    assert b"<i>" not in response.content and b"<img src=x>" not in response.content
    entry = parsed.entries[0]
    assert [tag.term for tag in entry.tags] == ["<i>要闻</i> &", "<b>标签</b>"]
    assert "&lt;img src=x&gt;杨蔚" in entry.summary
