"""Finding stories through the reader pages: search, facets, chips, pages and JSON.

What a reader (or an app asking ``?format=json``) gets from ``/``, ``/search/``,
``/section/<slug>/``, ``/tag/<slug>/`` and ``/people/<slug>/`` with facets in the
query string, including when the query string is nonsense.
"""

import html
import json
import re
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.admin.forms import NewsroomTagField
from articles.photo_desk import keyword_tags

from . import test_search
from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    PhotoFactory,
    SectionFactory,
)
from .pages import visible_text
from .test_public_site import hidden_stories, listed_titles

pytestmark = pytest.mark.django_db

# The sample story's fixtures, and `with committed():` for the search index.
sample_db, sample, committed = test_search.sample_db, test_search.sample, test_search.committed

SHANGHAI = ZoneInfo("Asia/Shanghai")
# How long any list may take to answer, whatever its query string.
QUICK = 2.0


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def titles(response):
    """The story titles a list page shows, in order, as text."""
    return [html.unescape(title) for title in listed_titles(response)]


def json_of(client, path, params=None):
    response = client.get(path, {**(params or {}), "format": "json"})
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def json_titles(client, path, params=None):
    status, data = json_of(client, path, params)
    assert status == 200, data
    return [result["title"] for result in data["results"]]


def query_of(url):
    """(path, {key: [values]}) of a link as printed in a page."""
    parts = urlsplit(html.unescape(url))
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


def chips(page):
    """{label: link} of the active-filter chips."""
    return {
        visible_text(label).replace("×", "").strip(): query_of(url)
        for url, label in re.findall(r'<a class="chip" href="([^"]*)"[^>]*>(.*?)</a>', page, re.S)
    }


def facet_choices(page, name):
    """{label: (count, link)} of the values a facet offers to choose (chosen ones excluded)."""
    match = re.search(
        rf'<section class="facet" aria-labelledby="facet-{name}">(.*?)</section>', page, re.S
    )
    if not match:
        return {}
    return {
        html.unescape(label): (int(count), query_of(url))
        for url, label, count in re.findall(
            r'<a href="([^"]*)" rel="nofollow">(.*?)</a> <span class="facet-count">(\d+)</span>',
            match[1],
        )
    }


def json_facet(data, name):
    """{value: count} of a facet in a JSON answer (chosen values included)."""
    facet = data["facets"].get(name, {"values": []})
    return {value["value"]: value["count"] for value in facet["values"]}


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def case_id(value):
    return repr(value)[:60]


# --- Search through the pages -------------------------------------------------------------


class TestSampleThroughPages:
    """The sample story found through /search/, alone and with facets."""

    @pytest.mark.parametrize("q", [
        "数字经济", "碳金融", "黄鹤楼", "余松", "武昌 数字经济", "黃鶴樓", "２０２３", "2023", "5G",
        "５Ｇ",
    ])
    def test_search_page_lists_the_sample(self, sample, client, q):
        """Each query the issue names lists the sample story, and only it, on the page and in
        JSON; the unrelated story beside it is not listed."""
        assert titles(client.get("/search/", {"q": q})) == [sample.title]
        assert json_titles(client, "/search/", {"q": q}) == [sample.title]

    @pytest.mark.parametrize(("q", "marked"), [
        ("黃鶴樓", "黄鹤楼"), ("５Ｇ", "5G"), ("碳金融", "碳金融"),
    ])
    def test_snippet_marks_the_text_as_printed(self, sample, client, q, marked):
        """A traditional or full-width query marks the story's own (simplified, ASCII) text."""
        page = client.get("/search/", {"q": q}).content.decode()
        snippet = re.search(r'<p class="story-card-summary snippet">(.*?)</p>', page, re.S)[1]
        assert f"<mark>{marked}</mark>" in snippet

    @pytest.mark.parametrize(("params", "listed"), [
        ({"section": "wuhan"}, True),
        ({"section": "yaowen"}, False),
        ({"tag": "数字经济"}, True),
        ({"tag": ["数字经济", "双碳"]}, True),
        ({"contributor": "yang-wei"}, True),
        ({"year": "2024", "month": "1"}, True),
        ({"year": "2024", "month": "2"}, False),
        ({"year": "2023"}, False),
        ({"photos": "yes"}, True),
        ({"photos": "no"}, False),
    ], ids=lambda value: str(value))
    def test_search_combines_with_facets(self, sample, client, params, listed):
        """Words and facets are ANDed: the sample is listed only when every facet fits it."""
        expected = [sample.title] if listed else []
        assert titles(client.get("/search/", {"q": "数字经济", **params})) == expected
        assert json_titles(client, "/search/", {"q": "数字经济", **params}) == expected

    def test_facet_counts_follow_the_words(self, sample, client):
        """With words searched, the facets count only the stories that contain them: the
        unrelated story's section, offered without words, is gone."""
        status, everything = json_of(client, "/search/")
        sections = json_facet(everything, "section")
        assert len(sections) == 2
        assert sections["wuhan"] == 1
        status, data = json_of(client, "/search/", {"q": "数字经济"})
        assert data["count"] == 1
        # A facet whose only value every result has offers nothing to narrow by.
        assert json_facet(data, "section") == {}
        assert all(value["count"] == 1
                   for facet in data["facets"].values() for value in facet["values"])


def test_highlighting_marks_the_words_and_escapes_the_story(client, committed):
    """The snippet wraps the match in <mark>; HTML in the story is printed as text, never as
    markup (no <script> or <b> from the content reaches the page)."""
    with committed():
        ArticleFactory(
            published=True, title="城区<i>新闻</i>", summary="",
            body="发展<b>数字经济</b>，<script>alert(1)</script>。",
        )
    page = client.get("/search/", {"q": "数字经济"}).content.decode()
    snippet = re.search(r'<p class="story-card-summary snippet">(.*?)</p>', page, re.S)[1]
    assert "&lt;b&gt;<mark>数字经济</mark>&lt;/b&gt;" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "城区&lt;i&gt;新闻&lt;/i&gt;" in page
    for raw in ("<script", "<b>", "<i>"):
        assert raw not in page


# --- Query counts -----------------------------------------------------------------------------

LIST_URLS = [
    "/search/",
    "/search/?q=碳金融",
    "/tag/common/",
    "/people/yang-wei/",
    "/section/city/",
    "/search/?section=city&tag=common&contributor=yang-wei",
]


def test_lists_cost_as_many_queries_for_fifty_stories_as_for_one(reader, committed):
    """Each list, as a page and as JSON, runs the same number of queries whether it holds one
    story or fifty, each with tags, two bylines and a credited lead photo."""
    city = SectionFactory(slug="city")
    person = ContributorFactory(slug="yang-wei")

    def add_story(n):
        with committed():
            article = ArticleFactory(
                published=True, section=city, title=f"碳金融报道{n}",
                tags=["common", f"tag-{n}"],
            )
            BylineFactory(article=article, contributor=person)
            BylineFactory(article=article)
            # Half the photos are the person's own: the people page shows them too.
            photographer = ContributorFactory() if n % 2 else person
            ArticlePhotoFactory(
                article=article, photo=PhotoFactory(credit_contributor=photographer),
                is_lead=True,
            )

    def costs():
        found = {}
        for url in LIST_URLS + [f"{url}{'&' if '?' in url else '?'}format=json"
                                for url in LIST_URLS]:
            reader.get(url)  # anything cached is cached the same way in both rounds
            with CaptureQueriesContext(connection) as queries:
                response = reader.get(url)
            assert response.status_code == 200, url
            if "format=json" in url:
                assert json.loads(response.content)["results"], url
            else:
                assert listed_titles(response), url
            found[url] = len(queries)
        return found

    add_story(0)
    with_one = costs()
    for n in range(1, 50):
        add_story(n)
    assert costs() == with_one


# --- What the pages show ----------------------------------------------------------------------


class TestChips:
    """Each chosen value is a chip that removes it alone; "clear all" removes them all."""

    @pytest.fixture
    def story(self):
        article = ArticleFactory(
            published=True, section=SectionFactory(name="城建", slug="city"),
            tags=["alpha", "beta"], publish_at=local(2024, 1, 20, 8, 30), source_name="新华社",
        )
        BylineFactory(article=article, contributor=ContributorFactory(name="杨蔚", slug="yang-wei"))
        return article

    def test_each_chip_removes_only_its_own_value(self, reader, story):
        """A chip's link is the same address without that one value."""
        chosen = {"section": ["city"], "tag": ["alpha", "beta"], "contributor": ["yang-wei"],
                  "year": ["2024"], "month": ["1"], "origin": ["repost"]}
        response = reader.get("/search/", chosen)
        assert titles(response) == [story.title]

        def without(*names, **changed):
            return "/search/", {
                **{name: values for name, values in chosen.items() if name not in names},
                **changed,
            }

        assert chips(response.content.decode()) == {
            "城建": without("section"),
            "alpha": without(tag=["beta"]),
            "beta": without(tag=["alpha"]),
            "杨蔚": without("contributor"),
            "2024": without("year", "month"),  # a month without its year means nothing
            "January 2024": without("month"),
            "Reposted": without("origin"),
        }

    def test_clear_all_keeps_the_words(self, reader, story):
        """"Clear all" drops every facet but keeps the words searched."""
        page = reader.get("/search/", {"q": "新闻", "section": "city", "tag": "alpha"})
        url = re.search(r'<a class="chips-clear" href="([^"]*)"', page.content.decode())[1]
        assert query_of(url) == ("/search/", {"q": ["新闻"]})

    def test_a_pages_own_facet_is_no_chip_and_stays_when_clearing(self, reader, story):
        """On /tag/alpha/, alpha is the heading, not a chip; clearing keeps the tag page, and
        removing the other tag's chip goes back to the tag page alone."""
        page = reader.get("/tag/alpha/", {"tag": "beta"}).content.decode()
        assert chips(page) == {"beta": ("/tag/alpha/", {})}
        url = re.search(r'<a class="chips-clear" href="([^"]*)"', page)[1]
        assert query_of(url) == ("/tag/alpha/", {})

    def test_no_chips_without_filters(self, reader, story):
        """The plain list has neither chips nor "clear all"."""
        page = reader.get("/search/").content.decode()
        assert 'class="chips"' not in page
        assert "chips-clear" not in page


class TestFacetValues:
    """The facets offer only values that would list stories, each with its count."""

    @pytest.fixture
    def stories(self):
        city = SectionFactory(name="城建", slug="city", order=1)
        sport = SectionFactory(name="体育", slug="sport", order=2)
        culture = SectionFactory(name="文化", slug="culture", order=3)
        SectionFactory(name="空栏目", slug="empty", order=4)
        ArticleFactory(published=True, section=city, tags=["alpha"])
        ArticleFactory(published=True, section=city, tags=["alpha"])
        ArticleFactory(published=True, section=sport, tags=["alpha", "beta"])
        ArticleFactory(published=True, section=culture, tags=["beta"])
        ArticleFactory(section=culture, tags=["alpha"])  # a draft counts nowhere

    def test_values_without_stories_are_not_offered(self, reader, stories):
        """With tag alpha chosen, culture (only beta stories) and an empty section are not
        offered; the others show how many stories choosing them would list."""
        page = reader.get("/search/", {"tag": "alpha"}).content.decode()
        sections = facet_choices(page, "section")
        assert {label: count for label, (count, _url) in sections.items()} == {
            "城建": 2, "体育": 1,
        }
        assert sections["体育"][1] == ("/search/", {"tag": ["alpha"], "section": ["sport"]})
        # beta is offered: adding it narrows alpha's three stories to one.
        assert {label: count for label, (count, _url) in facet_choices(page, "tag").items()} == {
            "beta": 1,
        }
        status, data = json_of(reader, "/search/", {"tag": "alpha"})
        assert json_facet(data, "section") == {"city": 2, "sport": 1}
        assert json_facet(data, "tag") == {"alpha": 3, "beta": 1}

    def test_choosing_a_value_on_a_preset_page_goes_to_that_values_page(self, reader, stories):
        """On /section/city/, another section's link is that section's page, filters kept."""
        page = reader.get("/section/city/", {"tag": "alpha"}).content.decode()
        assert facet_choices(page, "section")["体育"] == (
            1, ("/section/sport/", {"tag": ["alpha"]})
        )


def offered_links(page):
    """(link as printed, count shown) of every value the facets offer to choose."""
    aside = re.search(r'<aside class="facets".*?</aside>', page, re.S)[0]
    return [
        (url, int(count))
        for url, count in re.findall(
            r'<a href="([^"]*)" rel="nofollow">.*?</a> <span class="facet-count">(\d+)</span>',
            aside,
        )
    ]


@pytest.fixture
def varied_stories():
    """Stories across sections, tags, people, photos, reposts, months and years."""
    sections = [SectionFactory(slug=slug, order=n) for n, slug in enumerate(["city", "sport"])]
    people = [ContributorFactory(slug=slug) for slug in ["yang-wei", "qin-liuwei"]]
    photos = [PhotoFactory(credit_contributor=person) for person in people]
    times = [local(2023, 12, 31, 23, 30), local(2024, 1, 1, 0, 30), local(2024, 1, 20, 8, 30),
             local(2024, 3, 1, 0, 0), local(2022, 6, 1, 12, 0)]
    for n in range(10):
        article = ArticleFactory(
            published=True, section=sections[n % 2], publish_at=times[n % len(times)],
            tags=["alpha", *(["beta"] if n % 3 else []), *(["gamma"] if n % 4 == 1 else [])],
            source_name="新华社" if n % 5 == 0 else "",
        )
        BylineFactory(article=article, contributor=people[n % 2])
        if n % 3 == 0:
            ArticlePhotoFactory(article=article, photo=photos[n % 2 if n % 2 else 1],
                                is_lead=True)
    hidden_stories(section=sections[0], tags=["alpha", "beta"])


@pytest.mark.parametrize(("path", "params"), [
    ("/search/", {}),
    ("/search/", {"year": "2024", "month": "1"}),
    ("/search/", {"tag": "beta", "origin": "original", "photos": "no"}),
    ("/search/", {"section": "city", "contributor": "yang-wei"}),
    ("/tag/alpha/", {"year": "2024"}),
    ("/section/sport/", {"tag": "beta"}),
    ("/people/qin-liuwei/", {"photographer": "yang-wei"}),
], ids=case_id)
def test_every_offered_value_lists_as_many_stories_as_its_count(
    reader, varied_stories, path, params,
):
    """Following any value a facet offers gives a valid list of exactly the count shown
    beside it, on /search/ and on preset pages (whose own facet's values are other pages)."""
    page = reader.get(path, params).content.decode()
    links = offered_links(page)
    assert links
    for url, count in links:
        link_path, query = query_of(url)
        status, data = json_of(reader, link_path, query)
        assert status == 200, (url, data)
        assert data["count"] == count, url


class TestPagination:
    """Page links keep the filters; the last page holds the oldest story."""

    @pytest.fixture
    def stories(self):
        city = SectionFactory(slug="city")
        now = timezone.now()
        for n in range(21):
            ArticleFactory(title=f"城建{n:02d}", published=True, section=city, tags=["alpha"],
                           publish_at=now - timedelta(hours=n + 1))
        ArticleFactory(title="体育新闻", published=True, section=SectionFactory(slug="sport"))

    def test_page_links_keep_the_filters(self, reader, stories):
        """?section=city lists 20, links to ?section=city&page=2, which lists the 21st."""
        first = reader.get("/search/", {"section": "city"})
        assert len(titles(first)) == 20
        assert 'rel="next" href="?section=city&amp;page=2"' in first.content.decode()
        second = reader.get("/search/", {"section": "city", "page": "2"})
        assert titles(second) == ["城建20"]
        assert 'rel="prev" href="?section=city&amp;page=1"' in second.content.decode()

    def test_json_page_links_keep_the_filters(self, reader, stories):
        """JSON's next and previous are absolute addresses with the filters and the format."""
        status, data = json_of(reader, "/section/city/", {"tag": "alpha"})
        assert (data["count"], data["page"], data["pages"]) == (21, 1, 2)
        assert data["previous"] is None
        assert urlsplit(data["next"]).netloc == "testserver"
        assert query_of(data["next"]) == (
            "/section/city/", {"tag": ["alpha"], "format": ["json"], "page": ["2"]}
        )
        status, data = json_of(reader, "/section/city/", {"tag": "alpha", "page": "2"})
        assert [result["title"] for result in data["results"]] == ["城建20"]
        assert data["next"] is None
        assert query_of(data["previous"])[1]["page"] == ["1"]


class TestTagPages:
    """A tag page exists once a public story carries the tag, and can be narrowed further."""

    def test_a_tag_only_hidden_stories_carry_is_not_found(self, reader):
        """404 (page and JSON) for a tag only a scheduled or draft story carries."""
        ArticleFactory(scheduled=True, tags=["secret"])
        ArticleFactory(tags=["secret"])
        assert reader.get("/tag/secret/").status_code == 404
        assert reader.get("/tag/secret/", {"format": "json"}).status_code == 404

    def test_a_tag_a_public_story_carries_is_listed(self, reader):
        """200 with the public story, the hidden one with the same tag left out."""
        ArticleFactory(title="公开的", published=True, tags=["open"])
        ArticleFactory(title="定时的", scheduled=True, tags=["open"])
        assert titles(reader.get("/tag/open/")) == ["公开的"]

    def test_a_tag_page_narrowed_by_another_tag_lists_stories_with_both(self, reader):
        """/tag/a/?tag=b lists the stories carrying a and b."""
        ArticleFactory(title="两个都有", published=True, tags=["a", "b"])
        ArticleFactory(title="只有a", published=True, tags=["a"])
        ArticleFactory(title="只有b", published=True, tags=["b"])
        assert titles(reader.get("/tag/a/", {"tag": "b"})) == ["两个都有"]
        status, data = json_of(reader, "/tag/a/", {"tag": "b"})
        assert data["count"] == 1
        assert [result["title"] for result in data["results"]] == ["两个都有"]


def test_hidden_stories_never_show_in_results_counts_or_json(reader, committed):
    """Drafts, stories in review, scheduled and withdrawn stories that match every filter
    are in no list, no count and no JSON answer."""
    city = SectionFactory(name="城建", slug="city")
    person = ContributorFactory(name="杨蔚", slug="yang-wei")
    with committed():
        public = ArticleFactory(title="公开的碳金融", published=True, section=city,
                                tags=["alpha"], summary="碳金融。")
        hidden = hidden_stories(section=city, tags=["alpha"], summary="碳金融。")
        for article in [public, *hidden]:
            BylineFactory(article=article, contributor=person)
            ArticlePhotoFactory(article=article, photo=PhotoFactory(credit_contributor=person),
                                is_lead=True)
    params = {"section": "city", "tag": "alpha", "contributor": "yang-wei",
              "photographer": "yang-wei", "photos": "yes", "origin": "original"}
    for path, query in [
        ("/search/", {}), ("/search/", params), ("/search/", {"q": "碳金融", **params}),
        ("/section/city/", {}), ("/tag/alpha/", {}), ("/people/yang-wei/", {}),
    ]:
        page = reader.get(path, query)
        assert titles(page) == [public.title], path
        for article in hidden:
            assert article.title not in page.content.decode(), (path, article.title)
        status, data = json_of(reader, path, query)
        assert data["count"] == 1, path
        assert [result["title"] for result in data["results"]] == [public.title], path
        for facet in data["facets"].values():
            assert all(value["count"] <= 1 for value in facet["values"]), (path, facet)


def test_json_answer_has_the_story_cards_and_the_facets(reader):
    """Each result has id, title, url, summary, section, bylines, lead image (with its credit)
    and publication time; the answer has count, pages, next/previous and the facets."""
    article = ArticleFactory(published=True, title="武昌新闻", summary="导语。",
                             section=SectionFactory(name="城建", slug="city", order=1))
    # A second story, so that the sections facet has something to narrow by.
    ArticleFactory(published=True, section=SectionFactory(name="体育", slug="sport", order=2),
                   publish_at=article.publish_at - timedelta(days=1))
    BylineFactory(article=article, contributor=ContributorFactory(name="杨蔚", slug="yang-wei"))
    photographer = ContributorFactory(name="何晓刚", slug="he-xiaogang")
    ArticlePhotoFactory(article=article, is_lead=True, caption="碳汇大厦。",
                        photo=PhotoFactory(credit_contributor=photographer, alt_text="大厦外景"))
    status, data = json_of(reader, "/search/", {"section": "city"})
    assert status == 200
    assert {key: data[key] for key in ("count", "page", "pages", "next", "previous")} == {
        "count": 1, "page": 1, "pages": 1, "next": None, "previous": None,
    }
    [result] = data["results"]
    assert set(result) == {"id", "title", "url", "summary", "section", "bylines",
                           "lead_image", "published_at"}
    assert result["id"] == article.short_id
    assert result["title"] == "武昌新闻"
    assert result["url"] == f"http://testserver/a/{article.short_id}/"
    assert result["summary"] == "导语。"
    assert result["section"] == {"slug": "city", "name": "城建",
                                 "url": "http://testserver/section/city/"}
    assert result["bylines"] == [{"name": "杨蔚", "role": "记者",
                                  "url": "http://testserver/people/yang-wei/"}]
    image = result["lead_image"]
    assert image["url"].startswith("http://testserver/media/renditions/")
    assert image["width"] and image["height"]
    assert (image["alt"], image["caption"]) == ("大厦外景", "碳汇大厦。")
    assert "何晓刚" in image["credit"]
    assert datetime.fromisoformat(result["published_at"]) == article.publish_at
    assert data["facets"]["section"] == {"label": "Section", "values": [
        {"value": "city", "label": "城建", "count": 1, "selected": True},
        {"value": "sport", "label": "体育", "count": 1, "selected": False},
    ]}


class TestInvalidFilters:
    """A value the filters refuse lists no stories and says why, on the page and in JSON."""

    @pytest.fixture
    def story(self):
        return ArticleFactory(title="武昌新闻", published=True,
                              section=SectionFactory(slug="city"))

    def test_json_answers_400_with_the_errors(self, reader, story):
        """?year=abc in JSON: 400 and the field's message, no results."""
        status, data = json_of(reader, "/search/", {"year": "abc", "section": "city"})
        assert status == 400
        assert set(data) == {"errors"}
        assert list(data["errors"]) == ["year"]
        assert data["errors"]["year"] == ["Enter a whole number."]

    def test_page_explains_and_lists_nothing(self, reader, story):
        """The page answers 200 with a notice naming the filter, no story, and a link to the
        same list without the refused value."""
        response = reader.get("/search/", {"year": "abc", "section": "city"})
        assert response.status_code == 200
        page = response.content.decode()
        notice = re.search(r'<div class="notice" role="alert">(.*?)</div>', page, re.S)[1]
        assert "could not be understood" in notice
        assert "Year: Enter a whole number." in visible_text(notice)
        assert "story-card" not in page
        link = re.search(r'<a href="([^"]*)">Show the list without them</a>', notice)[1]
        assert query_of(link) == ("/search/", {"section": ["city"]})
        assert titles(reader.get(html.unescape(link))) == ["武昌新闻"]


# --- Bad input ----------------------------------------------------------------------------------

SCRIPT = '"><script>alert(1)</script>'
# (query string, the field refused or None when the input is valid) for /search/.
BAD_INPUT = [
    ({"section": "nope"}, "section"),
    ({"tag": "nope"}, "tag"),
    ({"contributor": "nobody"}, "contributor"),
    ({"photographer": "nobody"}, "photographer"),
    ({"section": SCRIPT}, "section"),
    ({"tag": SCRIPT}, "tag"),
    ({"contributor": SCRIPT}, "contributor"),
    ({"tag": "数字\u200b经济"}, "tag"),
    ({"year": "abc"}, "year"),
    ({"year": "0"}, "year"),
    ({"year": "1"}, "year"),
    ({"year": "-2024"}, "year"),
    ({"year": "9999"}, "year"),
    ({"year": "99999999999999999999"}, "year"),
    ({"year": "2024.5"}, "year"),
    ({"year": "2999", "month": "12"}, None),
    ({"year": "1900", "month": "1"}, None),
    ({"year": "\uff12\uff10\uff12\uff14"}, None),  # full-width digits are a year
    ({"year": "2024", "month": "13"}, "month"),
    ({"year": "2024", "month": "0"}, "month"),
    ({"month": "1"}, "month"),
    ({"origin": "both"}, "origin"),
    ({"photos": "maybe"}, "photos"),
    ({"tag": ["alpha"] * 500}, None),
    ({"tag": [f"tag-{n}" for n in range(500)]}, "tag"),
    ({"q": "数" * 10_000}, "q"),
    ({"q": "a" * 10_000}, "q"),
    *[({"q": q}, None) for q in [
        "%", "_", "'", "\\", "<script>", SCRIPT, "*", '"', "NEAR(", "title:", "a OR b", "^",
        "-", "\u200b\u200b", "数字\u200b经济", "%_%", "' OR 1=1 --",
    ]],
    # Bad page numbers are a 404 on every list (tests/test_error_pages.py), not a list.
    ({"format": "xml"}, None),
]
NUL_INPUT = [{"q": "\x00"}, {"q": "数字\x00经济"}, {"section": "\x00"}, {"tag": "alpha\x00"},
             {"contributor": "\x00"}, {"year": "2024\x00"}, {"page": "\x00"}]


@pytest.fixture
def listed_story():
    """One public story every valid filter below could show."""
    article = ArticleFactory(title="武昌新闻", published=True, tags=["alpha"],
                             section=SectionFactory(slug="city"))
    BylineFactory(article=article, contributor=ContributorFactory(slug="yang-wei"))
    return article


def timed_get(client, path, params):
    started = time.monotonic()
    response = client.get(path, params)
    assert time.monotonic() - started < QUICK
    assert response.status_code != 500
    return response


def assert_not_echoed(page, params):
    """No value holding markup comes back as it was typed."""
    for values in params.values():
        for value in values if isinstance(values, list) else [values]:
            if any(char in value for char in '<>"') and value != '"':
                assert value not in page


@pytest.mark.parametrize(("params", "refused"), BAD_INPUT, ids=case_id)
def test_bad_input_on_the_page(reader, listed_story, params, refused):
    """The page answers 200 quickly without echoing markup: a refused value gives the notice
    and no story; anything else is an ordinary (maybe empty) list."""
    response = timed_get(reader, "/search/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert_not_echoed(page, params)
    has_notice = 'class="notice" role="alert"' in page
    assert has_notice == (refused is not None)
    if refused:
        assert "story-card" not in page
    elif set(params) <= {"page", "format", "tag"}:
        assert titles(response) == ["武昌新闻"]


@pytest.mark.parametrize(
    ("params", "refused"), [case for case in BAD_INPUT if "format" not in case[0]], ids=case_id,
)
def test_bad_input_in_json(reader, listed_story, params, refused):
    """JSON answers quickly: 400 naming the refused field, or 200 with a list."""
    response = timed_get(reader, "/search/", {**params, "format": "json"})
    assert response["Content-Type"] == "application/json"
    # Errors may quote a value as typed: browsers must never read that as a page.
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)
    if refused:
        assert response.status_code == 400
        assert list(data["errors"]) == [refused]
    else:
        assert response.status_code == 200
        assert data["count"] == len(data["results"]) <= 1
        if set(params) <= {"page", "tag"}:
            assert [result["title"] for result in data["results"]] == ["武昌新闻"]


@pytest.mark.parametrize("params", NUL_INPUT, ids=case_id)
@pytest.mark.parametrize("path", ["/", "/search/", "/tag/alpha/", "/people/yang-wei/"])
@pytest.mark.parametrize("as_json", [False, True], ids=["page", "json"])
def test_nul_bytes_are_a_bad_request(reader, listed_story, path, params, as_json):
    """A NUL in a filter is refused with 400 before PostgreSQL could choke on it."""
    response = timed_get(reader, path, {**params, **({"format": "json"} if as_json else {})})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/tag/%00/", "/people/%00/", "/section/%00/",
                                  "/tag/alpha%00/", "/people/yang-wei%00/"])
@pytest.mark.parametrize("suffix", ["", "?format=json"])
def test_nul_bytes_in_a_pages_slug_are_a_bad_request(reader, listed_story, path, suffix):
    """A NUL in the slug of a section, tag or people page is a 400, as a page or as JSON."""
    assert timed_get(reader, path + suffix, {}).status_code == 400


@pytest.mark.parametrize("path", ["/tag/alpha/", "/people/yang-wei/", "/section/city/"])
@pytest.mark.parametrize(("params", "refused"), [
    ({"year": "abc"}, "year"),
    ({"year": "99999999999999999999"}, "year"),
    ({"month": "13"}, "month"),
    ({"tag": [f"tag-{n}" for n in range(500)]}, "tag"),
    ({"section": "nope"}, "section"),
    ({"photos_page": "abc"}, None),
    ({"q": SCRIPT}, None),
], ids=case_id)
def test_bad_input_on_preset_pages(reader, listed_story, path, params, refused):
    """Section, tag and people pages treat bad input as /search/ does, page and JSON; a
    section page's own section wins over one in the query string."""
    if path.startswith("/section/") and "section" in params:
        refused = None
    response = timed_get(reader, path, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert_not_echoed(page, params)
    assert ('class="notice" role="alert"' in page) == (refused is not None)
    response = timed_get(reader, path, {**params, "format": "json"})
    assert response.status_code == (400 if refused else 200)


@pytest.mark.parametrize("path", ["/section/nope/", "/tag/nope/", "/people/nobody/",
                                  "/tag/<script>/", "/people/'%20OR%201=1/"])
@pytest.mark.parametrize("suffix", ["", "?format=json"])
def test_unknown_slugs_in_the_address_are_404(reader, path, suffix):
    """A page for a section, tag or person that does not exist is a 404, as page or JSON,
    and does not print the slug as markup."""
    response = timed_get(reader, path + suffix, {})
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("query", ["tag=", "tag=&tag=", "section=city&tag="])
def test_an_empty_tag_value_is_ignored_like_any_other_empty_filter(reader, query):
    """`?tag=` (as a form with an empty tag field sends it) means no tag, as `?section=` and
    `?year=` mean no section and no year: the list is shown, not refused.
    """
    ArticleFactory(title="武昌新闻", published=True, tags=["alpha"],
                   section=SectionFactory(slug="city"))
    page = reader.get(f"/search/?{query}").content.decode()
    assert 'class="notice" role="alert"' not in page
    assert "武昌新闻" in page
    response = reader.get(f"/search/?{query}&format=json")
    assert response.status_code == 200, response.content.decode()
    assert json.loads(response.content)["count"] == 1


def test_no_tag_is_offered_once_the_most_tags_a_list_takes_are_chosen(reader):
    """With MAX_TAGS (10) tags chosen, the tag facet must not offer an 11th: its link leads
    to "Choose at most 10 tags." and no stories.
    """
    tags = [f"t{n}" for n in range(11)]
    ArticleFactory(published=True, tags=tags)
    ArticleFactory(published=True, tags=tags[:10])
    page = reader.get("/search/", {"tag": tags[:10]}).content.decode()
    for url in re.findall(r'<a href="([^"]*)" rel="nofollow">', page):
        response = reader.get(html.unescape(url) + "&format=json")
        assert response.status_code == 200, (url, response.content.decode())


@pytest.mark.parametrize("name", ["🔥", "……", "+"])
def test_a_tag_needs_a_letter_or_a_digit(name):
    """A name taggit cannot make a slug of is refused by the article form and dropped from
    a photo file's keywords: such a tag could never be listed or chosen."""
    with pytest.raises(ValidationError) as refused:
        NewsroomTagField().clean(f"武汉, {name}")
    assert refused.value.code == "tag_without_letters"
    assert NewsroomTagField().clean("武汉, 5G") == ["5G", "武汉"]
    assert keyword_tags(["武汉", name], by=None) == []
    editor = User.objects.create_superuser("boss", "b@example.com", "x")
    assert keyword_tags(["武汉", name], by=editor) == ["武汉"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5"])
@pytest.mark.parametrize("path", ["/search/", "/section/city/", "/tag/alpha/"])
def test_a_bad_page_number_in_json_is_a_json_404(reader, listed_story, path, page):
    """A list asked for JSON answers a page that does not exist with JSON, not the HTML page."""
    response = reader.get(path, {"format": "json", "page": page})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert list(json.loads(response.content)["errors"]) == ["page"]
