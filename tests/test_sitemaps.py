"""Sitemaps: the index, its sitemaps and the Google News sitemap.

Every document is validated against the official schemas vendored in
tests/schemas/ (sitemaps.org 0.9 ``sitemap.xsd`` and ``siteindex.xsd``,
Google's ``sitemap-news.xsd``), and lists only what the public may see.
"""

from datetime import timedelta
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
import xmlschema
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import sitemaps

from .factories import ArticleFactory, BylineFactory, ContributorFactory, SectionFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}
HOSTILE = "<script>alert(1)</script> & ]]> 标题"


@pytest.fixture(scope="module")
def urlset_schema():
    """sitemap.xsd with Google's News extension loaded beside it: the urlset's
    ``xsd:any processContents="strict"`` then checks every news: element."""
    return xmlschema.XMLSchema(
        str(SCHEMAS / "sitemap.xsd"), locations={NEWS_NS: str(SCHEMAS / "sitemap-news.xsd")}
    )


@pytest.fixture(scope="module")
def index_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "siteindex.xsd"))


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return response


def locations(response):
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def index_entries(client, index_schema):
    response = fetch(client, "/sitemap.xml")
    index_schema.validate(response.content.decode())
    root = ET.fromstring(response.content)
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.iterfind("sm:sitemap", NS)
    }


@pytest.fixture
def newsroom():
    """Public stories with a section, tags and bylines, and unpublished ones beside them."""
    section = SectionFactory(name="要闻", slug="yaowen")
    person = ContributorFactory(name="杨蔚", slug="yang-wei")
    public = ArticleFactory(published=True, section=section, tags=["长江", "武昌区"])
    BylineFactory(article=public, contributor=person)
    hidden_section = SectionFactory(name="内参", slug="neican")
    hidden_person = ContributorFactory(name="未发稿", slug="wei-fa-gao")
    for trait in ({}, {"submitted": True}, {"scheduled": True}, {"withdrawn": True}):
        draft = ArticleFactory(section=hidden_section, tags=["内部"], **trait)
        BylineFactory(article=draft, contributor=hidden_person)
    return public


def test_the_index_lists_every_sitemap_with_lastmod(client, index_schema, newsroom):
    """sitemap.xml is a valid sitemap index of stories, sections, tags, people and the
    News sitemap, each with an absolute address and a lastmod."""
    entries = index_entries(client, index_schema)
    assert list(entries) == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ("articles", "sections", "tags", "people", "news")
    ]
    assert all(entries.values())


def test_each_sitemap_is_valid_and_public_only(client, urlset_schema, newsroom):
    """Every listed sitemap validates and names only public pages."""
    public = newsroom
    expected = {
        "articles": [f"http://testserver/a/{public.short_id}/"],
        "sections": ["http://testserver/section/yaowen/"],
        "tags": ["http://testserver/tag/%E6%AD%A6%E6%98%8C%E5%8C%BA/",
                 "http://testserver/tag/%E9%95%BF%E6%B1%9F/"],
        "people": ["http://testserver/people/yang-wei/"],
        "news": [f"http://testserver/a/{public.short_id}/"],
    }
    for name, urls in expected.items():
        response = fetch(client, f"/sitemap-{name}.xml")
        urlset_schema.validate(response.content.decode())
        assert sorted(locations(response)) == sorted(urls), name


def test_lastmod_is_the_newest_public_story(client, newsroom):
    """A section, tag or person is as new as its newest public story; a story as its
    last change; whole seconds in the site's time zone."""
    public = newsroom
    response = fetch(client, "/sitemap-sections.xml")
    lastmod = ET.fromstring(response.content).findtext(".//sm:lastmod", namespaces=NS)
    local = timezone.localtime(public.publish_at).replace(microsecond=0)
    assert lastmod == local.isoformat()


def test_articles_are_paged(client, urlset_schema, index_schema, monkeypatch):
    """Past a page's limit the index names ?p=2; pages keep their stories oldest first,
    and a page beyond the last, or not a number, is a 404."""
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    now = timezone.now()
    stories = [ArticleFactory(published=True, publish_at=now - timedelta(days=days))
               for days in (3, 2, 1)]
    entries = index_entries(client, index_schema)
    assert "http://testserver/sitemap-articles.xml?p=2" in entries
    first = fetch(client, "/sitemap-articles.xml")
    second = fetch(client, "/sitemap-articles.xml?p=2")
    urlset_schema.validate(second.content.decode())
    assert locations(first) + locations(second) == [
        f"http://testserver/a/{story.short_id}/" for story in stories
    ]
    for bad in ("?p=3", "?p=0", "?p=-1", "?p=abc", "?p=99999"):
        assert client.get(f"/sitemap-articles.xml{bad}").status_code == 404


def test_an_unknown_sitemap_is_a_404(client):
    """/sitemap-<anything else>.xml is a 404."""
    assert client.get("/sitemap-drafts.xml").status_code == 404


def test_news_sitemap_has_the_last_48_hours(client, urlset_schema, settings):
    """Google News: public stories of the last 48 hours, each with the publication's
    name and language, the publication date and the headline."""
    settings.NEWSDESK_SITE_NAME = "长江日报"
    now = timezone.now()
    fresh = ArticleFactory(published=True, title="新鲜的稿件",
                           publish_at=now - timedelta(hours=47))
    ArticleFactory(published=True, publish_at=now - timedelta(hours=49))
    ArticleFactory(scheduled=True)
    response = fetch(client, "/sitemap-news.xml")
    urlset_schema.validate(response.content.decode())
    assert locations(response) == [f"http://testserver/a/{fresh.short_id}/"]
    news = ET.fromstring(response.content).find(".//news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "长江日报"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "zh-cn"
    assert news.findtext("news:title", namespaces=NS) == "新鲜的稿件"
    date = news.findtext("news:publication_date", namespaces=NS)
    assert date == timezone.localtime(fresh.publish_at).replace(microsecond=0).isoformat()


def test_the_schemas_really_check_news_elements(urlset_schema):
    """The vendored News schema is applied: a News sitemap naming its language as
    zh-Hans (not Google's zh-cn) does not validate."""
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"><url><loc>http://testserver/a/1/</loc>
<news:news><news:publication><news:name>长江日报</news:name>
<news:language>zh-Hans</news:language></news:publication>
<news:publication_date>2024-01-20</news:publication_date><news:title>标题</news:title>
</news:news></url></urlset>"""
    assert not urlset_schema.is_valid(document)
    assert urlset_schema.is_valid(document.replace("zh-Hans", "zh-cn"))


def test_empty_sitemaps_are_left_out_of_the_index(client, index_schema):
    """With no story in 48 hours (and no tags) the schema forbids an empty urlset in
    the index: those are left out, and their addresses answer an empty list."""
    ArticleFactory(published=True, publish_at=timezone.now() - timedelta(days=5))
    entries = index_entries(client, index_schema)
    assert list(entries) == [
        "http://testserver/sitemap-articles.xml", "http://testserver/sitemap-sections.xml",
    ]
    assert locations(fetch(client, "/sitemap-news.xml")) == []
    assert locations(fetch(client, "/sitemap-tags.xml")) == []


def test_hostile_headline_is_escaped(client, urlset_schema):
    """A headline with <script>, & and ]]> is text in the News sitemap."""
    ArticleFactory(published=True, title=HOSTILE)
    response = fetch(client, "/sitemap-news.xml")
    urlset_schema.validate(response.content.decode())
    assert b"<script>" not in response.content
    title = ET.fromstring(response.content).findtext(".//news:title", namespaces=NS)
    assert title == HOSTILE


def test_chinese_survives_in_utf8(client, settings):
    """UTF-8 declared in the header and the XML; Chinese intact."""
    settings.NEWSDESK_SITE_NAME = "长江日报"
    ArticleFactory(published=True, title="武昌区数字经济")
    response = fetch(client, "/sitemap-news.xml")
    text = response.content.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "<news:name>长江日报</news:name>" in text
    assert "<news:title>武昌区数字经济</news:title>" in text


def test_a_prefixed_address_lists_canonical_pages(client):
    """/en/sitemap.xml names the unprefixed sitemaps and pages."""
    article = ArticleFactory(published=True)
    index = client.get("/en/sitemap.xml")
    assert "http://testserver/sitemap-articles.xml" in locations(index)
    assert locations(client.get("/en/sitemap-articles.xml")) == [
        f"http://testserver/a/{article.short_id}/"
    ]


@pytest.mark.parametrize("path", [
    "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-sections.xml", "/sitemap-tags.xml",
    "/sitemap-people.xml", "/sitemap-news.xml",
])
def test_queries_do_not_grow_with_items(client, path):
    """One story or fifty (each with a section, tags and a byline): the same queries."""
    def add_stories(count):
        for _ in range(count):
            article = ArticleFactory(published=True, section=SectionFactory())
            article.tags.add(f"标签{article.pk}")
            BylineFactory(article=article)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200
        return len(captured), len(locations(response))

    add_stories(1)
    one, listed_one = queries()
    add_stories(49)
    fifty, listed_fifty = queries()
    assert listed_fifty > listed_one or path == "/sitemap.xml"
    assert fifty == one


@pytest.mark.parametrize("path", [
    "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml", "/sitemap-people.xml",
])
def test_sitemaps_set_no_cookie(path):
    """Sitemaps are the same for everyone: no cookie, no Vary: Cookie, cacheable."""
    BylineFactory(article=ArticleFactory(published=True))
    response = Client().get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"]
