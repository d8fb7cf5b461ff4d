"""Crafted addresses get a clear 4xx, never a server error, on SQLite and PostgreSQL alike."""

import pytest
from django.test import Client

from .factories import ArticleFactory, BylineFactory

pytestmark = pytest.mark.django_db

NUL_URLS = [
    "/tag/%00/",
    "/people/%00/",
    "/section/%00/",
    "/?page=%00",
    "/a/41c86c4e/?utm=%00",
    "/?%00=1",
    "/admin/articles/article/?q=%00",
    "/admin/articles/article/?status__exact=%00",
    "/admin/autocomplete/?app_label=articles&model_name=byline&field_name=contributor&term=%00",
    "/admin/articles/article/tag-suggestions/?q=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_bytes_in_addresses_are_a_bad_request(admin_client, url):
    """PostgreSQL cannot compare text holding NUL: such requests stop before any query."""
    ArticleFactory(published=True, short_id="41c86c4e")
    response = admin_client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 400


def test_bad_request_page_explains_itself():
    """The reader sees a page in the site's design that says what went wrong."""
    response = Client().get("/tag/%00/", headers={"accept-language": "en"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in page and "The request could not be understood" in page


def test_ordinary_unicode_addresses_still_work():
    """Chinese tags and names are not mistaken for hostile input."""
    article = ArticleFactory(published=True, tags=["数字经济"])
    BylineFactory(article=article, contributor__slug="杨蔚", contributor__name="杨蔚")
    client = Client()
    assert client.get("/tag/数字经济/").status_code == 200
    assert client.get("/people/杨蔚/").status_code == 200
