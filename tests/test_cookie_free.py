"""Anonymous reader pages set no cookie and vary only on what really changes them.

A shared cache or CDN keeps a response only if it sets no cookie and names in
``Vary`` the request headers it depends on. Every kind of page an anonymous
reader can open (tests/reader_pages.py) is swept: no ``Set-Cookie``, never
``Vary: Cookie``; ``Vary: Accept-Language`` on an unprefixed page in the
reader's language, no language ``Vary`` at all under ``/en/`` or ``/zh-hans/``
(the address says the language) nor on machines' files. Staff with a session
still get drafts, never cached.
"""

import pytest
from django.conf import settings
from django.test import Client

from .factories import ArticleFactory, UserFactory
from .reader_pages import NOT_SWEPT, PAGE_KINDS, make_world, reader_route_names


@pytest.fixture
def world(db):
    """One of everything a reader can open, with one story."""
    return make_world()


def anonymous_get(kind, path, **headers):
    """``path`` as a new browser (no cookies at all) asks for it."""
    client = Client(headers=headers)
    return getattr(client, kind.method)(path)


def vary(response):
    return {part.strip() for part in response.get("Vary", "").split(",") if part.strip()}


def assert_cacheable(response):
    assert not response.cookies, f"sets {sorted(response.cookies)}"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in vary(response)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [kind.param() for kind in PAGE_KINDS])
def test_unprefixed_page_sets_no_cookie_and_varies_on_language_only(kind, world):
    """A reader page without a language prefix: no cookie, no Vary: Cookie, and
    Vary: Accept-Language exactly when it is written in the reader's language."""
    response = anonymous_get(kind, kind.url(world), accept_language="en")
    assert response.status_code == kind.status
    assert_cacheable(response)
    if kind.html:
        assert vary(response) == {"Accept-Language"}
        assert response["Content-Language"] == "en"
    else:
        assert "Accept-Language" not in vary(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind", [kind.param() for kind in PAGE_KINDS if kind.html and kind.name != "json_list"]
)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_prefixed_page_sets_no_cookie_and_does_not_vary(kind, language, world):
    """The same page under /en/ or /zh-hans/: no cookie and no Vary at all, since the
    address alone decides the language; the page says which it is."""
    response = anonymous_get(kind, f"/{language}{kind.url(world)}", accept_language="fr")
    assert response.status_code == kind.status
    assert_cacheable(response)
    assert vary(response) == set()
    assert response["Content-Language"] == language
    if response.status_code != 204:
        assert f'<html lang="{language}">' in response.content.decode()


def test_every_reader_route_is_swept():
    """A route added to the reader site is added to the sweep (or said why not)."""
    swept = {kind.name.partition(":")[0] for kind in PAGE_KINDS}
    assert reader_route_names() - swept - set(NOT_SWEPT) == set()


@pytest.mark.django_db
def test_no_page_holds_a_csrf_token_or_a_form_posting_to_set_language(world):
    """The language switch is links: no reader page holds a CSRF token or the admin's
    set_language form, so none can set a csrftoken cookie through it."""
    for kind in PAGE_KINDS:
        if kind.method != "get" or kind.pending:
            continue
        page = anonymous_get(kind, kind.url(world)).content.decode(errors="replace")
        assert "csrfmiddlewaretoken" not in page, kind.name
        assert "/i18n/setlang/" not in page, kind.name


@pytest.mark.django_db
def test_a_csrf_cookie_from_the_admin_does_not_make_pages_vary(world):
    """A reader who once opened the admin's login page carries a csrftoken cookie; reader
    pages still neither renew it nor vary on cookies."""
    client = Client()
    assert client.get("/admin/login/").cookies["csrftoken"]
    response = client.get(world.story.get_absolute_url())
    assert response.status_code == 200
    assert_cacheable(response)


@pytest.mark.django_db
def test_the_language_cookie_is_ignored_on_reader_pages(world):
    """The admin's django_language cookie does not choose a reader page's language:
    the page follows Accept-Language only, so it need not vary on cookies."""
    client = Client(headers={"accept-language": "zh-hans"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert '<html lang="zh-hans">' in response.content.decode()
    assert vary(response) == {"Accept-Language"}


@pytest.mark.django_db
def test_staff_with_a_session_still_see_drafts_never_cached(world):
    """Staff who logged in open a draft at its address, marked never to be cached; the
    same address is a 404 for an anonymous reader, whose request never loads a session."""
    draft = world.draft
    anonymous = Client().get(draft.get_absolute_url())
    assert anonymous.status_code == 404
    assert_cacheable(anonymous)

    staff = Client()
    staff.force_login(world.chief)
    for path in (draft.get_absolute_url(), f"/en{draft.get_absolute_url()}"):
        response = staff.get(path)
        assert response.status_code == 200
        assert draft.title in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert "Cookie" in vary(response)


@pytest.mark.django_db
def test_a_reporter_without_preview_rights_sees_only_public_stories():
    """viewer() hands the logged-in user to the article page, permissions and all: a
    user without the right to preview gets the public story and a 404 for a draft."""
    user = UserFactory(username="reader", is_staff=False)
    client = Client()
    client.force_login(user)
    assert client.get(ArticleFactory().get_absolute_url()).status_code == 404
    assert client.get(ArticleFactory(published=True).get_absolute_url()).status_code == 200
