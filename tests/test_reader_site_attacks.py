"""An outsider's attacks on the reader site: extreme addresses, page numbers, prefixes and
headers never give a 500 or a cookie; stories readers may not see never surface anywhere;
hostile text stays text in pages, feeds and sitemaps."""

import defusedxml.ElementTree as ET
import pytest
from django.test import Client

from .factories import ArticleFactory, BylineFactory, ContributorFactory, SectionFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>]]>\u202e\u200b"
# Names hold at most 50 characters: the same attack, shorter.
SHORT_HOSTILE = "<script>a()</script>'><img src=x onerror=a>]]>\u202e\u200b"


@pytest.fixture(autouse=True)
def production(settings):
    """What readers get in production: DEBUG off."""
    settings.DEBUG = False


@pytest.fixture
def site():
    """A public story, its section, tag and byline, and one story of each hidden kind."""
    section = SectionFactory(slug="city", name="城市")
    story = ArticleFactory(published=True, section=section, title="公开的新闻", tags=["公开"])
    BylineFactory(article=story, contributor=ContributorFactory(slug="wang"))
    hidden = [
        ArticleFactory(section=section, title="HIDDEN-draft", tags=["secret-draft"]),
        ArticleFactory(scheduled=True, section=section, title="HIDDEN-scheduled",
                       tags=["secret-scheduled"]),
        ArticleFactory(withdrawn=True, section=section, title="HIDDEN-withdrawn",
                       tags=["secret-withdrawn"]),
        ArticleFactory(submitted=True, section=section, title="HIDDEN-submitted",
                       tags=["secret-submitted"]),
    ]
    return story, hidden


EXTREME_PATHS = [
    "/archive/0/", "/archive/1/", "/archive/9999/", "/archive/99999999999999999999/",
    "/archive/2024/00/", "/archive/2024/13/", "/archive/2024/02/29/", "/archive/2023/02/29/",
    "/archive/2024/1/1/", "/archive/2024/99999999999999999999/",
    "/archive/2024/01/99999999999999999999/", "/archive/10000/01/01/",
    "/en/", "/zh-hans/", "/EN/", "/en-us/", "/fr/", "/en/admin/", "/en/preview/bad/",
    "/en/preview/%00/", "/en/en/a/00000000/", "//en/", "/en", "/en/archive/2024/13/",
    "/a/00000000/", "/a/zzzzzzzz/", "/a/00000000/seen/",
    "/feed/?page=abc", "/feed/atom/?page=-1", "/sitemap.xml?page=abc", "/sitemap.xml?p=0",
    "/sitemap-city.xml?page=abc", "/sitemap-city.xml?page=99999999999999999999",
    "/sitemap-city.xml?page=0", "/sitemap-nowhere.xml", "/sitemap-news.xml?page=x",
    "/section/nowhere/feed/", "/section/nowhere/feed/atom/", "/tag/nowhere/feed/",
    "/tag/%00/feed/", "/people/nowhere/feed/atom/", "/people/%ff/feed/",
    "/about/nowhere/", "/en/about/nowhere/", "/%00/", "/%ff/", "/a/%00/", "/tag/%ff/",
    "/tag/%00/", "/search/?q=%00", "/" + "x" * 5000 + "/", "/tag/" + "y" * 5000 + "/",
    "/robots.txt?x=%00", "/manifest.webmanifest", "/favicon.ico", "/en/feed/",
    "/en/sitemap.xml", "/en/robots.txt",
]
PAGE_VALUES = ["abc", "-1", "0", "1e3", "99999999999999999999", "２", "1\u200b", "%00", "",
               "1&page=2"]
PAGED_PATHS = ["/", "/search/", "/section/city/", "/tag/公开/", "/people/wang/", "/archive/",
               "/archive/2024/", "/en/section/city/", "/feed/", "/sitemap.xml",
               "/sitemap-city.xml"]


def assert_cookie_free(response):
    assert not response.cookies, response.cookies
    assert "Cookie" not in response.get("Vary", ""), response.get("Vary")


@pytest.mark.parametrize("path", EXTREME_PATHS)
@pytest.mark.parametrize("method", ["get", "head"])
def test_extreme_addresses_never_fail_nor_set_cookies(site, path, method):
    """Any address an outsider types is answered without a server error and without a cookie."""
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(path)
    assert response.status_code < 500, (path, response.status_code)
    assert_cookie_free(response)


@pytest.mark.parametrize("path", PAGED_PATHS)
@pytest.mark.parametrize("page", PAGE_VALUES)
def test_page_numbers_never_fail(site, path, page):
    """Any ?page= value is a page or a 404, never a 500 or a cookie."""
    client = Client(raise_request_exception=False)
    response = client.get(f"{path}?page={page}")
    assert response.status_code in (200, 301, 302, 400, 404), (path, page, response.status_code)
    assert_cookie_free(response)


@pytest.mark.parametrize("header", [
    "x" * 10_000, "*;q=abc", "zh-Hant", "en-GB", "en;q=1e999", ";;;,,,", "\x00", "zh-Hans-CN;q=0.9",
])
def test_accept_language_garbage(site, header):
    """A reader's Accept-Language header, however odd, never fails a page or sets a cookie."""
    client = Client(raise_request_exception=False, headers={"accept-language": header})
    for path in ["/", "/nowhere/", f"/a/{site[0].short_id}/", "/feed/"]:
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        assert_cookie_free(response)


HIDDEN_SURFACES = [
    "/", "/en/", "/archive/", "/search/", "/section/city/", "/feed/", "/feed/atom/",
    "/section/city/feed/", "/section/city/feed/atom/", "/tag/公开/feed/",
    "/people/wang/feed/atom/", "/people/wang/feed/", "/tag/公开/feed/atom/", "/sitemap.xml",
    "/sitemap-articles.xml", "/sitemap-sections.xml", "/sitemap-tags.xml",
    "/sitemap-people.xml", "/sitemap-news.xml",
]


def test_hidden_stories_surface_nowhere(site):
    """Drafts, submitted, scheduled and withdrawn stories and their tags appear on no reader
    page, feed or sitemap, and the story page's related/prev-next never names them."""
    story, hidden = site
    client = Client(raise_request_exception=False)
    story_year = story.publish_at.year
    paths = HIDDEN_SURFACES + [f"/a/{story.short_id}/", f"/archive/{story_year}/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        for article in hidden:
            assert "HIDDEN" not in text, path
            assert article.short_id not in text, (path, article.status)
            assert "secret-" not in text, path


@pytest.mark.parametrize("kind", ["draft", "scheduled", "withdrawn", "submitted"])
def test_beacon_refuses_hidden_stories(site, kind):
    """The view-count beacon is a 404 for a story readers may not see."""
    article = next(a for a in site[1] if a.title == f"HIDDEN-{kind}")
    response = Client(raise_request_exception=False).post(f"/a/{article.short_id}/seen/")
    assert response.status_code == 404
    assert_cookie_free(response)


@pytest.mark.parametrize("method", ["get", "head", "put", "delete", "patch", "options"])
def test_beacon_only_takes_post(site, method):
    """The beacon answers only POST; anything else is 405 without a cookie."""
    response = getattr(Client(raise_request_exception=False), method)(
        f"/a/{site[0].short_id}/seen/")
    assert response.status_code == 405
    assert_cookie_free(response)


def test_beacon_odd_requests(site):
    """A huge body, no user agent, a forged X-Forwarded-For: no 500, no cookie."""
    client = Client(raise_request_exception=False)
    url = f"/a/{site[0].short_id}/seen/"
    for kwargs in [
        {"data": b"x" * 10_000_000, "content_type": "application/octet-stream"},
        {"headers": {"user-agent": ""}},
        {"headers": {"x-forwarded-for": "not-an-ip, ::zz, " + "1," * 5000}},
        {"headers": {"user-agent": "Googlebot/2.1"}},
    ]:
        response = client.post(url, **kwargs)
        assert response.status_code < 500, kwargs.keys()
        assert_cookie_free(response)


def test_hostile_text_stays_text(site):
    """Hostile headline, summary, tag, section and byline names are escaped on pages and
    leave feeds and sitemaps well-formed XML."""
    section = SectionFactory(slug="evil", name=SHORT_HOSTILE)
    story = ArticleFactory(published=True, section=section, title=HOSTILE, summary=HOSTILE,
                           tags=[SHORT_HOSTILE])
    evil_one = ContributorFactory(slug="evil-one", name=SHORT_HOSTILE)
    BylineFactory(article=story, contributor=evil_one)
    client = Client(raise_request_exception=False)
    for path in ["/", "/en/", f"/a/{story.short_id}/", "/section/evil/", "/archive/",
                 "/search/", "/people/evil-one/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "<script>alert(1)" not in text, path
        assert "<img src=x onerror" not in text, path
        assert "<script>" not in text.replace("<script type=", ""), path
    for path in ["/feed/", "/feed/atom/", "/section/evil/feed/", "/section/evil/feed/atom/",
                 "/people/evil-one/feed/", "/sitemap.xml", "/sitemap-articles.xml",
                 "/sitemap-tags.xml", "/sitemap-people.xml", "/sitemap-sections.xml",
                 "/sitemap-news.xml"]:
        response = client.get(path)
        assert response.status_code == 200, path
        ET.fromstring(response.content)


def test_arranged_hidden_stories_stay_off_the_front_page(site):
    """A draft headline and withdrawn, scheduled or submitted pins the desk arranged (or left
    after the story changed) are not shown to readers, nor counted in the section block."""
    from articles.frontpage import FRONT_PAGE_PK
    from articles.models import FrontPage, FrontPageBlock, FrontPagePin

    story, hidden = site
    front = FrontPage.objects.create(pk=FRONT_PAGE_PK, headline=hidden[0])
    for order, article in enumerate(hidden):
        FrontPagePin.objects.create(front_page=front, article=article, order=order)
    FrontPageBlock.objects.create(front_page=front, section=story.section, size=6)
    for path in ["/", "/en/"]:
        response = Client(raise_request_exception=False).get(path)
        assert response.status_code == 200
        text = response.content.decode()
        assert "HIDDEN" not in text and story.title in text
        assert not any(article.short_id in text for article in hidden)


def test_staff_still_see_drafts_and_are_never_cached(site):
    """A logged-in editor reads a draft; the answer is private and never cached."""
    from .factories import UserFactory

    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    draft = site[1][0]
    response = client.get(f"/a/{draft.short_id}/")
    assert response.status_code == 200
    assert "HIDDEN-draft" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    anonymous = Client(raise_request_exception=False).get(f"/a/{draft.short_id}/")
    assert anonymous.status_code == 404


@pytest.mark.parametrize(("path", "headers"), [
    ("/en/nowhere/", {}),
    ("/nowhere/", {"accept-language": "en"}),
    ("/en/archive/2024/13/", {}),
    ("/en/a/00000000/", {"accept-language": "zh-hans"}),
])
def test_404_speaks_english_when_asked(site, path, headers):
    """The styled 404 is English under /en/ or for an English browser, and sets no cookie."""
    response = Client(raise_request_exception=False, headers=headers).get(path)
    assert response.status_code == 404
    text = response.content.decode()
    assert 'class="site-header"' in text and "Page not found" in text
    assert_cookie_free(response)


@pytest.mark.parametrize("role", ["anonymous", "reporter", "photographer", "editor", "head",
                                  "chief"])
@pytest.mark.parametrize("url", ["/admin/articles/infopage/", "/admin/articles/infopage/add/",
                                 "/admin/articles/frontpage/"])
def test_the_desks_admin_pages_by_role(site, role, url):
    """Only editors, section heads and chiefs reach the paper's pages and the front page's
    arrangement; reporters and photographers are refused, anonymous readers sent to log in;
    a forged POST without a CSRF token is refused for everyone and changes nothing."""
    from articles.models import InfoPage
    from articles.roles import ensure_newsroom_groups

    from .factories import ROLE_GROUPS, UserFactory

    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    if role != "anonymous":
        user = UserFactory(username=role, is_staff=True)
        user.groups.add(ensure_newsroom_groups()[ROLE_GROUPS[role]])
        client.force_login(user)
    response = client.get(url, follow=False)
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif role in ("reporter", "photographer"):
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302)
    forged = client.post("/admin/articles/infopage/add/",
                         {"title": "伪造", "slug": "forged", "body": "<script>x</script>"})
    assert forged.status_code in (302, 403) and forged.status_code < 500
    assert not InfoPage.objects.filter(slug="forged").exists()


def test_a_hostile_info_page_stays_text(site):
    """An info page whose title and body carry markup attacks shows them as text, on its page
    and in every footer, in both languages."""
    from articles.models import InfoPage

    InfoPage.objects.create(title=HOSTILE[:100], slug="about", body=HOSTILE + "\n\n" + HOSTILE)
    client = Client(raise_request_exception=False)
    for path in ["/about/about/", "/en/about/about/", "/", "/archive/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "<script>alert(1)" not in text and "<img src=x onerror" not in text, path
        assert_cookie_free(response)
