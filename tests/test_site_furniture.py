"""A Chinese news site's furniture: the footer (name, ©, contacts, the paper's own pages,
the filing numbers) and the pages about the paper, with their admin and demo content."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles import roles
from articles.demo.pages import ensure_info_pages
from articles.furniture import phone_href, psb_registry_url
from articles.models import InfoPage

from .factories import UserFactory
from .pages import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def no_furniture(settings):
    """No publisher, contacts or filing numbers configured."""
    for name in ("PUBLISHER", "CONTACT_EMAIL", "CONTACT_PHONE", "ICP_NUMBER", "PSB_NUMBER",
                 "NEWS_LICENCE"):
        setattr(settings, f"NEWSDESK_{name}", "")
    settings.NEWSDESK_SITE_NAME = "长江日报"


def footer(response):
    """The HTML of the page's footer."""
    assert response.status_code == 200
    match = re.search(r'<footer class="site-footer">.*?</footer>', response.content.decode(), re.S)
    assert match
    return match[0]


# --- The footer -----------------------------------------------------------------------------


def test_footer_names_the_paper_and_falls_back_to_it_as_publisher(reader, no_furniture):
    """Without a publisher set, © names the paper; no contact line, no filings list."""
    html = footer(reader.get("/archive/"))
    text = visible_text(html)
    assert "长江日报" in text
    assert re.search(r"© 20\d\d 长江日报", text)
    assert "site-footer-contact" not in html and "site-footer-filings" not in html
    assert "beian" not in html


def test_footer_names_the_publisher_and_contacts_when_set(reader, no_furniture, settings):
    """© year + publisher, and mailto:/tel: links for the contact settings."""
    settings.NEWSDESK_PUBLISHER = "长江日报报业集团"
    settings.NEWSDESK_CONTACT_EMAIL = "news@example.com"
    settings.NEWSDESK_CONTACT_PHONE = "027-8577 7777"
    html = footer(reader.get("/archive/"))
    assert re.search(r"© 20\d\d 长江日报报业集团", visible_text(html))
    assert '<a href="mailto:news@example.com">news@example.com</a>' in html
    assert '<a href="tel:02785777777">027-8577 7777</a>' in html


def test_filing_numbers_link_to_their_registries(reader, no_furniture, settings):
    """ICP links to the MIIT registry, 公安备案号 to the MPS record of its digits, and the
    news licence is text: each as configured, in Chinese."""
    settings.NEWSDESK_ICP_NUMBER = "鄂ICP备12345678号-1"
    settings.NEWSDESK_PSB_NUMBER = "鄂公网安备 42010602000123号"
    settings.NEWSDESK_NEWS_LICENCE = "42120170001"
    html = footer(reader.get("/archive/"))
    assert ('<a href="https://beian.miit.gov.cn/" rel="noopener" lang="zh-Hans">'
            "鄂ICP备12345678号-1</a>") in html
    assert ('<a href="https://beian.mps.gov.cn/#/query/webSearch?code=42010602000123" '
            'rel="noopener" lang="zh-Hans">鄂公网安备 42010602000123号</a>') in html
    assert ('Internet news information service licence: <span lang="zh-Hans">42120170001'
            "</span>") in html


@pytest.mark.parametrize("shown", ["ICP_NUMBER", "PSB_NUMBER", "NEWS_LICENCE"])
def test_each_filing_number_is_shown_only_when_set(reader, no_furniture, settings, shown):
    """Setting one number shows that one and no other."""
    setattr(settings, f"NEWSDESK_{shown}", "鄂12345号")
    html = footer(reader.get("/archive/"))
    assert ("beian.miit.gov.cn" in html) == (shown == "ICP_NUMBER")
    assert ("beian.mps.gov.cn" in html) == (shown == "PSB_NUMBER")
    assert ("Internet news information service licence" in html) == (shown == "NEWS_LICENCE")


def test_footer_links_the_pages_marked_for_it_in_order_and_the_archive(reader, no_furniture):
    """The footer links the paper's pages marked in_footer, by their order, then the archive."""
    InfoPage.objects.create(title="联系我们", slug="contact", order=20)
    InfoPage.objects.create(title="关于我们", slug="about", order=10)
    InfoPage.objects.create(title="版权声明", slug="copyright", order=5, in_footer=False)
    html = footer(reader.get("/archive/"))
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    nav = [link for link in links if link[0].startswith(("/about/", "/archive/"))]
    assert nav == [("/about/about/", "关于我们"), ("/about/contact/", "联系我们"),
                   ("/archive/", "Archive")]
    assert '<a href="/about/about/" lang="zh-Hans">' in html


def test_footer_pages_cost_one_query_however_many(reader):
    """The footer's page links are one query, for one page or ten."""
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert reader.get("/about/p0/").status_code == 200
        return len(queries)

    InfoPage.objects.create(title="页面0", slug="p0")
    one = count()
    for n in range(1, 10):
        InfoPage.objects.create(title=f"页面{n}", slug=f"p{n}")
    assert count() == one
    assert footer(reader.get("/about/p0/")).count('href="/about/p') == 10


@pytest.mark.parametrize(("number", "url"), [
    ("鄂公网安备 42010602000123号", "https://beian.mps.gov.cn/#/query/webSearch?code=42010602000123"),
    ("京公网安备11010502030143号", "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"),
    ("公网安备（待审）", ""),
])
def test_psb_registry_url_takes_the_numbers_digits(number, url):
    """The MPS registry address carries only the ASCII digits of the filing number."""
    assert psb_registry_url(number) == url


def test_phone_href_keeps_digits_and_plus():
    """A printed phone number becomes a tel: address a phone can dial."""
    assert phone_href("+86 (27) 8577-7777") == "tel:+862785777777"


# --- The paper's own pages ------------------------------------------------------------------


def test_info_page_renders_the_story_markup_escaped_in_the_stories_language(reader):
    """The body is the story markup: paragraphs and subheads; HTML shows as text, never runs;
    the content carries the stories' language whatever the interface's."""
    InfoPage.objects.create(
        title="关于我们", slug="about",
        body="本报创刊于1949年。\n\n## 联系方式\n\n<script>alert(1)</script> **电话**",
    )
    response = reader.get("/about/about/")
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert '<article class="info-page" lang="zh-Hans">' in page
    assert "<h1>关于我们</h1>" in page
    assert "<p>本报创刊于1949年。</p>" in page
    assert '<h2 id="s1">联系方式</h2>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>电话</strong>" in page
    assert "<script>alert(1)" not in page
    assert "<title>关于我们 - " in page


def test_a_photo_line_on_an_info_page_shows_nothing(reader):
    """Info pages have no photos: a [photo:N] line leaves no marker or figure behind."""
    InfoPage.objects.create(title="关于我们", slug="about", body="前。\n\n[photo:1]\n\n后。")
    page = reader.get("/about/about/").content.decode()
    assert "newsdesk:photo" not in page and "<figure" not in page
    assert "<p>前。</p>" in page and "<p>后。</p>" in page


@pytest.mark.parametrize("url", ["/about/nope/", "/about/关于/", "/about/"])
def test_unknown_info_pages_are_404(reader, url):
    """An unknown slug is the 404 page."""
    InfoPage.objects.create(title="关于我们", slug="about")
    assert reader.get(url).status_code == 404


def test_info_pages_set_no_cookie(reader):
    """An anonymous reader's info page sets no cookie and does not vary on one."""
    InfoPage.objects.create(title="关于我们", slug="about")
    response = reader.get("/about/about/")
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- Their admin ----------------------------------------------------------------------------


def staff(group):
    user = UserFactory(username=f"user-{group}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_the_chief_editor_adds_a_page_that_readers_then_see(reader):
    """A chief editor writes a page in the admin; it is at /about/<slug>/ and in the footer."""
    response = staff(roles.CHIEF_EDITORS).post("/admin/articles/infopage/add/", {
        "title": "联系我们", "slug": "contact", "body": "电话：027-12345678", "order": "1",
        "in_footer": "on",
    })
    assert response.status_code == 302
    page = reader.get("/about/contact/").content.decode()
    assert "<p>电话：027-12345678</p>" in page
    assert '<a href="/about/contact/" lang="zh-Hans">联系我们</a>' in page


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": "", "slug": "about"}, "title"),
    ({"title": "   ", "slug": "about"}, "title"),
    ({"title": "关于我们", "slug": "关于我们"}, "slug"),
    ({"title": "关于我们", "slug": "about us"}, "slug"),
    ({"title": "关于我们", "slug": ""}, "slug"),
])
def test_an_empty_title_or_a_bad_slug_is_refused_on_its_field(fields, field):
    """The admin form refuses an empty title and a slug that is no address part."""
    response = staff(roles.CHIEF_EDITORS).post(
        "/admin/articles/infopage/add/", {**fields, "body": "", "order": "0"},
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
    assert not InfoPage.objects.exists()


def test_a_taken_slug_is_refused():
    """Two pages cannot share an address."""
    InfoPage.objects.create(title="关于我们", slug="about")
    response = staff(roles.CHIEF_EDITORS).post(
        "/admin/articles/infopage/add/", {"title": "又一个", "slug": "about", "order": "0"},
    )
    assert list(response.context["adminform"].form.errors) == ["slug"]


@pytest.mark.parametrize("group", [roles.REPORTERS, roles.PHOTOGRAPHERS])
def test_reporters_and_photographers_cannot_edit_the_papers_pages(group):
    """The paper's own pages are not for reporters or photographers: 403 on every door."""
    page = InfoPage.objects.create(title="关于我们", slug="about")
    client = staff(group)
    assert client.get("/admin/articles/infopage/").status_code == 403
    assert client.get("/admin/articles/infopage/add/").status_code == 403
    assert client.post(f"/admin/articles/infopage/{page.pk}/change/",
                       {"title": "改了", "slug": "about", "order": "0"}).status_code == 403
    assert InfoPage.objects.get().title == "关于我们"


def test_readers_are_sent_to_the_login(reader):
    """An anonymous visitor of the admin page list is asked to log in."""
    response = reader.get("/admin/articles/infopage/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- The demo -------------------------------------------------------------------------------


def test_the_demo_has_about_and_contact_pages_and_keeps_edits(reader):
    """The demo creates 关于我们 and 联系我们 once; a second run keeps an editor's changes."""
    assert ensure_info_pages() == 2
    InfoPage.objects.filter(slug="about").update(body="改过的介绍。")
    assert ensure_info_pages() == 0
    assert list(InfoPage.objects.values_list("title", flat=True)) == ["关于我们", "联系我们"]
    assert "改过的介绍。" in reader.get("/about/about/").content.decode()
    assert "联系我们" in reader.get("/about/contact/").content.decode()
