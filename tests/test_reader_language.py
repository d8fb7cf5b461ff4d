"""The reader's language, chosen without a cookie (articles.readers, ReaderLanguageMiddleware).

Unprefixed reader addresses follow the browser's Accept-Language only;
/en/… and /zh-hans/… are the same pages in a language the address fixes, and
every link on them keeps the prefix. The switch is two plain links, the head
names each version with hreflang. The admin keeps Django's cookie and form.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_script_prefix, reverse

from articles.readers import language_tag, unprefixed

from .factories import ArticleFactory, ContributorFactory, SectionFactory, UserFactory

LOCAL_LINK = re.compile(r'(?:href|src|action|data-beacon)="(/[^"/][^"]*|/)"')


@pytest.fixture
def story(db):
    """A public story in a section, with a tag."""
    return ArticleFactory(
        published=True, title="武昌区加快产业转型升级", tags=["武昌区"],
        section=SectionFactory(name="要闻", slug="news"),
    )


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def switch(response):
    """The footer's language switch: {language name: (href, attributes)}."""
    nav = re.search(r'<nav class="language-links".*?</nav>', response.content.decode(), re.S)[0]
    return {
        name: (href, rest)
        for href, rest, name in re.findall(r'<a href="([^"]+)"([^>]*)>([^<]+)</a>', nav)
    }


# --- Unprefixed: the browser's language ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "language"), [
    ("", "zh-hans"),
    ("en", "en"),
    ("en-US,en;q=0.9", "en"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh-hans"),
    ("fr-FR,fr;q=0.9", "zh-hans"),
    ("de, en;q=0.5", "en"),
])
def test_unprefixed_page_follows_accept_language(accept, language):
    """The front page speaks the browser's first language the site has (zh-CN is
    Simplified Chinese), else Chinese; it says so and varies on that header only."""
    response = Client(headers={"accept-language": accept}).get("/")
    assert html_lang(response) == language
    assert response["Content-Language"] == language
    assert response["Vary"] == "Accept-Language"


@pytest.mark.django_db
def test_english_browser_gets_english_menus_and_chinese_story(story):
    """An English browser reads the menus in English; the story keeps its own language."""
    page = Client(headers={"accept-language": "en"}).get(story.get_absolute_url())
    text = page.content.decode()
    assert html_lang(page) == "en"
    assert ">Search</a>" in text
    assert story.title in text
    assert f'lang="{settings.NEWSDESK_CONTENT_LANGUAGE}"' in text


@pytest.mark.django_db
def test_language_cookie_does_not_choose_the_readers_language(story):
    """A django_language cookie (the admin's choice) is not read on reader pages."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert html_lang(client.get(story.get_absolute_url())) == "zh-hans"


# --- Prefixed: the address's language ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("accept", ["", "en", "zh-CN"])
def test_prefixed_page_speaks_its_prefix_whatever_the_browser(story, language, accept):
    """/en/… is English and /zh-hans/… Chinese whatever Accept-Language says, and the
    response does not vary with it."""
    response = Client(headers={"accept-language": accept}).get(
        f"/{language}{story.get_absolute_url()}"
    )
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language
    assert "Vary" not in response
    assert story.title in response.content.decode()


@pytest.mark.django_db
def test_every_link_on_a_prefixed_page_keeps_the_prefix(story):
    """Header, sections, story links, tags, footer: every address of the reader site on
    an /en/ page starts with /en/; static files and media keep their own addresses."""
    page = Client().get(f"/en{story.get_absolute_url()}").content.decode()
    links = set(LOCAL_LINK.findall(page))
    own = {link for link in links if not link.startswith(("/static/", "/media/"))}
    assert f"/en{reverse('articles:tag', kwargs={'slug': '武昌区'})}" in own
    assert "/en/section/news/" in own and "/en/" in own
    assert {link for link in own if not link.startswith(("/en/", "/zh-hans/"))} == set()
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page


@pytest.mark.django_db
def test_static_addresses_stay_unprefixed_after_a_prefixed_page(story):
    """Django keeps STATIC_URL with the script prefix of its first use; an absolute
    STATIC_URL means an /en/ page served first cannot make it /en/static/ for all."""
    assert settings.STATIC_URL == "/static/"
    Client().get("/en/")
    page = Client().get("/").content.decode()
    assert 'href="/static/css/site.css"' in page


@pytest.mark.django_db
def test_the_prefix_is_only_for_the_request(story):
    """After a prefixed request, even a failed one, addresses are reversed unprefixed."""
    Client().get(f"/en{story.get_absolute_url()}")
    Client().get("/en/no-such-page/")
    assert get_script_prefix() == "/"
    assert story.get_absolute_url() == f"/a/{story.short_id}/"


@pytest.mark.django_db
def test_unknown_prefixed_page_is_an_english_404():
    """/en/ before an address nobody serves is the reader's 404, in English, its links
    prefixed; before the admin or /i18n/ (not reader pages) it is a 404 too."""
    for path in ("/en/no-such-page/", "/en/admin/", "/en/i18n/setlang/", "/en/en/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert html_lang(response) == "en", path
        assert "Page not found" in response.content.decode(), path
    assert "页面不存在" in Client().get("/zh-hans/no-such-page/").content.decode()


@pytest.mark.django_db
def test_prefixed_addresses_are_completed_like_unprefixed_ones(story):
    """/en is /en/ and /en/a/<id> is /en/a/<id>/, as APPEND_SLASH completes others."""
    response = Client().get("/en")
    assert (response.status_code, response["Location"]) == (301, "/en/")
    response = Client().get(f"/en/a/{story.short_id}?x=1")
    assert response.status_code == 301
    assert response["Location"] == f"/en/a/{story.short_id}/?x=1"


@pytest.mark.django_db
def test_uppercase_or_unknown_prefixes_are_not_languages():
    """Only the site's own language codes, spelled as in its addresses, are prefixes."""
    for path in ("/EN/", "/zh-Hans/", "/fr/", "/zh-hant/"):
        assert Client().get(path).status_code == 404, path


# --- The switch and the alternates -----------------------------------------------------------


@pytest.mark.django_db
def test_switch_links_to_this_page_in_each_language(story):
    """The footer offers the page the reader is on in each language, the query kept,
    each link in its own language, the current one marked."""
    response = Client(headers={"accept-language": "en"}).get("/search/?q=武昌&page=1")
    links = switch(response)
    href, attributes = links["English"]
    assert href == "/en/search/?q=%E6%AD%A6%E6%98%8C&amp;page=1"
    assert 'lang="en" hreflang="en" aria-current="true"' in attributes
    href, attributes = links["简体中文"]
    assert href == "/zh-hans/search/?q=%E6%AD%A6%E6%98%8C&amp;page=1"
    assert 'lang="zh-Hans" hreflang="zh-Hans"' in attributes
    assert "aria-current" not in attributes


@pytest.mark.django_db
def test_clicking_the_switch_keeps_the_reader_in_their_language(story):
    """Following the 简体中文 link from an English page gives the Chinese page, whose
    links stay Chinese while the browser still asks for English; no cookie is set."""
    client = Client(headers={"accept-language": "en"})
    english = client.get(story.get_absolute_url())
    chinese = client.get(switch(english)["简体中文"][0])
    assert html_lang(chinese) == "zh-hans"
    assert not chinese.cookies
    section = re.search(r'href="(/zh-hans/section/news/)"', chinese.content.decode())[1]
    assert html_lang(client.get(section)) == "zh-hans"


@pytest.mark.django_db
def test_head_names_each_language_version_and_the_default(story):
    """<link rel="alternate" hreflang> for zh-Hans, en and x-default (the unprefixed
    address), absolute, on prefixed and unprefixed pages alike."""
    url = story.get_absolute_url()
    for path in (url, f"/en{url}"):
        page = Client().get(path).content.decode()
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
                                     page))
        assert alternates == {
            "zh-Hans": f"http://testserver/zh-hans{url}",
            "en": f"http://testserver/en{url}",
            "x-default": f"http://testserver{url}",
        }


@pytest.mark.django_db
def test_canonical_address_is_the_unprefixed_one():
    """The canonical link names the one unprefixed address whatever the page's language."""
    story = ArticleFactory(published=True)
    url = story.get_absolute_url()
    page = Client().get(f"/en{url}").content.decode()
    assert f'<link rel="canonical" href="http://testserver{url}">' in page


def test_unprefixed_reverses_without_the_readers_prefix(rf):
    """readers.unprefixed(request) gives the site's own addresses inside a prefixed
    request, and does nothing elsewhere."""
    from django.urls import set_script_prefix

    request = rf.get("/")
    with unprefixed(request):
        assert reverse("articles:home") == "/"
    request.reader_script_prefix = "/"
    set_script_prefix("/en/")
    try:
        assert reverse("articles:home") == "/en/"
        with unprefixed(request):
            assert reverse("articles:home") == "/"
        assert reverse("articles:home") == "/en/"
    finally:
        set_script_prefix("/")


def test_language_tags_are_bcp47():
    """Django's codes become the tags lang and hreflang take."""
    assert language_tag("zh-hans") == "zh-Hans"
    assert language_tag("en") == "en"


@pytest.mark.django_db
def test_a_preview_link_page_offers_no_other_language_addresses():
    """A page at a secret address names it no more often than it must: no switch, no
    hreflang links (it still speaks the browser's or the prefix's language)."""
    from articles import previews

    chief = UserFactory(username="chief", is_superuser=True)
    path = previews.link_path(previews.create(ArticleFactory(title="草稿"), by=chief))
    for address, language in ((path, "zh-hans"), (f"/en{path}", "en")):
        response = Client().get(address)
        page = response.content.decode()
        assert response.status_code == 200
        assert html_lang(response) == language
        assert "language-links" not in page and "hreflang" not in page


@pytest.mark.django_db
def test_a_preview_unlinks_prefixed_links_to_other_drafts():
    """A body link to another draft written with a language prefix (/en/a/<id>/) is
    unlinked on a preview link's page like the unprefixed one."""
    from articles import previews

    chief = UserFactory(username="chief", is_superuser=True)
    secret = ArticleFactory(title="另一篇草稿")
    draft = ArticleFactory(body=f"参见[另一篇](/en/a/{secret.short_id}/)。")
    page = Client().get(previews.link_path(previews.create(draft, by=chief))).content.decode()
    assert "另一篇" in page
    assert secret.short_id not in page


# --- The admin keeps its cookie and form ------------------------------------------------------


@pytest.mark.django_db
def test_admin_language_switch_still_works():
    """In the admin the set_language form (CSRF and cookie) still switches the language,
    and the cookie, not a prefix, keeps it."""
    chief = UserFactory(username="chief", is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    page = client.get("/admin/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/admin/", "csrfmiddlewaretoken": token}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert html_lang(client.get("/admin/")) == "en"


@pytest.mark.django_db
def test_people_pages_under_a_prefix():
    """A contributor's page under /zh-hans/ lists their stories with prefixed links."""
    person = ContributorFactory(name="杨蔚", slug="yang-wei")
    story = ArticleFactory(published=True)
    story.bylines.create(contributor=person, role=person.default_role, order=0)
    page = Client(headers={"accept-language": "en"}).get("/zh-hans/people/yang-wei/")
    assert page.status_code == 200
    assert f'href="/zh-hans/a/{story.short_id}/"' in page.content.decode()
