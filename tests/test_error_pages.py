"""The reader's error pages with DEBUG off: a styled 404 in the reader's language for any
bad address or page number, and a 500 page that shows even when the database is down."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.utils import translation
from taggit.models import Tag

from articles.views import errors

from .factories import ArticleFactory, BylineFactory, SectionFactory
from .pages import visible_text

# This module is also the URLconf of the 500 tests: the site's addresses plus one that fails.


def broken_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    path("broken/", broken_view),
    path("", include("newsdesk.urls")),
]
handler404 = "articles.views.errors.page_not_found"
handler500 = "articles.views.errors.server_error"


@pytest.fixture(autouse=True)
def debug_off(settings):
    """Error pages are what readers get in production: DEBUG off."""
    settings.DEBUG = False


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def main_text(response):
    page = response.content.decode()
    return visible_text(page[page.index("<main"):page.index("</main>")])


def assert_styled_404(response):
    """The site's own 404 page: the frame of every page, a search box and a way home."""
    assert response.status_code == 404
    page = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert "Page not found" in main_text(response)
    assert '<form class="search-form" role="search" method="get" action="/search/">' in page
    assert '<a href="/">Go to the front page</a>' in page
    assert '<meta name="robots" content="noindex">' in page


# --- 404 ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/no-such-page/", "/a/00000000/", "/section/nope/", "/tag/nope/", "/people/nobody/",
    "/about/nope/", "/archive/2024/13/", "/archive/2024/02/30/", "/archive/99999/",
])
def test_unknown_addresses_get_the_styled_404(reader, url):
    """Unknown pages, stories, sections, tags, people, info pages and impossible dates: the
    site's 404 page, in the reader's language."""
    response = reader.get(url)
    assert_styled_404(response)
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_the_404_speaks_the_readers_language():
    """A browser asking for Chinese gets the 404 page in Chinese; the /en/ address in English."""
    chinese = Client(headers={"accept-language": "zh-CN,zh;q=0.9"}).get("/no-such-page/")
    assert chinese.status_code == 404
    assert '<html lang="zh-hans">' in chinese.content.decode()
    english = Client(headers={"accept-language": "zh-CN"}).get("/en/no-such-page/")
    assert english.status_code == 404
    assert '<html lang="en">' in english.content.decode()
    assert "Page not found" in main_text(english)


@pytest.mark.django_db
def test_the_404_sets_no_cookie(reader):
    """An anonymous reader's 404 sets no cookie and does not vary on one."""
    response = reader.get("/no-such-page/")
    assert response.status_code == 404
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- Bad page numbers on every list ---------------------------------------------------------


@pytest.fixture
def lists():
    """The address of every paged reader list, each with one public story."""
    story = ArticleFactory(
        title="武昌区数字经济转型升级", published=True, section=SectionFactory(slug="city"),
        tags=["武昌"], publish_at=datetime(2024, 1, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    person = BylineFactory(article=story).contributor
    return story, [
        "/search/", "/section/city/", f"/tag/{Tag.objects.get().slug}/",
        f"/people/{person.slug}/", "/archive/2024/01/", "/archive/2024/01/20/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", "2", " 1", "1e0", "٢"])
def test_bad_page_numbers_are_the_styled_404_on_every_list(reader, lists, page):
    """?page= that names no page of the list is the site's 404, not the first or last page."""
    story, urls = lists
    for url in urls:
        response = reader.get(url, {"page": page})
        assert_styled_404(response)
        assert story.title not in response.content.decode(), url


@pytest.mark.django_db
@pytest.mark.parametrize("page", [None, "", "1", "01"])
def test_page_one_or_no_page_is_the_first_page(reader, lists, page):
    """No ?page=, an empty one and ?page=1 all show the first page of every list."""
    story, urls = lists
    for url in urls:
        response = reader.get(url, {} if page is None else {"page": page})
        assert response.status_code == 200, url
        assert story.title in response.content.decode(), url


@pytest.mark.django_db
def test_a_bad_page_number_in_json_is_a_404(reader, lists):
    """The lists' JSON answers a bad page number with a 404 too."""
    _story, urls = lists
    for url in urls[:4]:
        assert reader.get(url, {"page": "abc", "format": "json"}).status_code == 404, url


# --- 400 ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_request_is_a_page_not_a_traceback(reader):
    """A NUL in the address is a 400 page saying so, with a way home."""
    response = reader.get("/search/?q=%00")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bad request" in page
    assert 'href="/"' in page
    assert "Traceback" not in page


# --- 500 ------------------------------------------------------------------------------------


def test_the_500_page_renders_without_the_database():
    """With every query refused (no database access is allowed in this test), the 500 page
    is still the styled one, and asks the database nothing."""
    request = RequestFactory().get("/a/41c86c4e/")
    with translation.override("en"):
        response = errors.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert '<html lang="en">' in page
    assert "<style>" in page  # inline: the stylesheet's manifest may be what failed
    assert '<a href="/">Go to the front page</a>' in page


def test_the_500_page_speaks_the_readers_language():
    """The 500 page uses the language active for the request (Chinese by default)."""
    with translation.override("zh-hans"):
        page = errors.server_error(RequestFactory().get("/")).content.decode()
    assert '<html lang="zh-hans">' in page


def test_a_failing_view_gets_the_500_page_with_debug_off(settings):
    """A view that raises, with DEBUG off and no database: the reader gets the 500 page,
    not a traceback and not Django's bare text."""
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "a bug in a view" not in page and "Traceback" not in page
    assert not response.cookies


@pytest.mark.django_db
def test_the_500_page_makes_no_query():
    """Rendering the 500 page runs no SQL at all: no context processor, no section menu."""
    with CaptureQueriesContext(connection) as queries:
        errors.server_error(RequestFactory().get("/"))
    assert len(queries) == 0


def test_a_broken_500_template_still_answers_500(monkeypatch):
    """If even the 500 template fails, the reader gets a bare 500 page, not an exception."""
    def broken(name):
        raise RuntimeError("template storage down")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Server Error (500)" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/", "/archive/2024/01/"])
def test_a_page_number_that_is_no_number_is_refused_before_any_query(reader, lists, url):
    """?page=abc is refused before the list is counted: only the 404 page's own queries run
    (its section menu and footer), the same as for an unknown address."""
    with CaptureQueriesContext(connection) as unknown:
        reader.get("/no-such-page/")
    with CaptureQueriesContext(connection) as garbage:
        assert reader.get(url, {"page": "abc"}).status_code == 404
    assert len(garbage) == len(unknown)
