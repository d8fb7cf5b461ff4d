"""robots.txt, the favicon, the icons, the web-app manifest and the head's links to them."""

import io
import json
import re
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from .factories import ArticleFactory, BylineFactory, ContributorFactory, SectionFactory

pytestmark = pytest.mark.django_db

ICONS = Path(django_settings.BASE_DIR) / "static" / "icons"


def directives(text):
    """robots.txt as (field, value) pairs, in order."""
    pairs = []
    for line in text.splitlines():
        field, sep, value = line.partition(":")
        if sep:
            pairs.append((field.strip().lower(), value.strip()))
    return pairs


def test_robots_txt_opens_the_site_and_closes_the_desk(client):
    """Plain UTF-8 text: everyone allowed, but not the admin, secret preview links,
    search results or filter combinations; paging stays open."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = directives(response.content.decode())
    assert rules[0] == ("user-agent", "*")
    disallowed = {value for field, value in rules if field == "disallow"}
    assert {"/admin/", "/preview/", "/search/"} <= disallowed
    assert {"/*?*tag=", "/*?*section=", "/*?*q=", "/*?*format="} <= disallowed
    assert not any("page" in value for value in disallowed)
    assert ("allow", "/") in rules


def test_robots_txt_closes_the_language_prefixed_copies_too(client):
    """Preview links and search results also answer under /en/ and /zh-hans/: closed there too,
    and robots.txt itself is the same whichever language the crawler asks in."""
    response = client.get("/robots.txt", headers={"accept-language": "en"})
    disallowed = {value for field, value in directives(response.content.decode())
                  if field == "disallow"}
    assert {"/en/preview/", "/en/search/", "/zh-hans/preview/", "/zh-hans/search/"} <= disallowed
    assert not any(value.startswith("/en/admin") for value in disallowed)
    assert response.content == client.get("/robots.txt").content


def test_robots_txt_names_the_sitemaps_absolutely(client):
    """Sitemap: lines carry absolute addresses (https behind TLS) that answer."""
    response = client.get("/robots.txt", secure=True)
    sitemaps = [value for field, value in directives(response.content.decode())
                if field == "sitemap"]
    assert sitemaps == ["https://testserver/sitemap.xml", "https://testserver/sitemap-news.xml"]
    for url in sitemaps:
        assert client.get(url.removeprefix("https://testserver"), secure=True).status_code == 200


def test_favicon_is_an_icon_file(client):
    """/favicon.ico: the ICO with 16, 32 and 48 px pictures, kept a day by caches."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}


@pytest.mark.parametrize(("name", "size"), [
    ("icon-192.png", 192), ("icon-512.png", 512), ("icon-maskable-512.png", 512),
    ("apple-touch-icon.png", 180),
])
def test_png_icons_have_their_sizes(name, size):
    """Each PNG icon is the size it is declared as; the apple-touch icon is opaque
    (iOS would show transparency as black)."""
    with Image.open(ICONS / name) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        if name == "apple-touch-icon.png":
            assert image.mode == "RGB"


def test_svg_icon_is_a_square_svg():
    """favicon.svg is SVG with a square viewBox."""
    root = ET.parse(ICONS / "favicon.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = root.get("viewBox").split()
    assert width == height


def site_css_colour(name):
    css = (Path(django_settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]+)", css)[1].lower()


def test_manifest(client, settings):
    """The manifest: the paper's name, its language and direction, start at the front
    page, the site's colours, and icons that exist at the sizes they claim."""
    settings.NEWSDESK_SITE_NAME = "长江日报"
    settings.NEWSDESK_SITE_DESCRIPTION = "武汉的城市日报"
    response = client.get("/manifest.webmanifest", headers={"accept-language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json; charset=utf-8"
    assert "max-age=86400" in response["Cache-Control"]
    assert "长江日报".encode() in response.content  # UTF-8, not \\u escapes
    data = json.loads(response.content)
    assert data["name"] == data["short_name"] == "长江日报"
    assert data["description"] == "武汉的城市日报"
    assert data["lang"] == "zh-Hans"
    assert data["dir"] == "ltr"
    assert data["start_url"] == "/"
    assert data["display"] in {"standalone", "minimal-ui", "fullscreen", "browser"}
    assert data["theme_color"] == site_css_colour("accent")
    assert data["background_color"] in {site_css_colour("paper"), "#ffffff"}
    purposes = set()
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix(django_settings.STATIC_URL))
        assert path, icon["src"]
        purposes.add(icon.get("purpose", "any"))
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert "{}x{}".format(*image.size) == icon["sizes"]
    assert {"any", "maskable"} <= purposes
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}


def test_manifest_name_without_a_setting(client, settings):
    """Without NEWSDESK_SITE_NAME the manifest still has a name, the same for an
    English and a Chinese browser."""
    settings.NEWSDESK_SITE_NAME = ""
    english = json.loads(client.get("/manifest.webmanifest",
                                    headers={"accept-language": "en"}).content)
    chinese = json.loads(client.get("/manifest.webmanifest",
                                    headers={"accept-language": "zh-hans"}).content)
    assert english["name"]
    assert english == chinese


@pytest.mark.parametrize("path", ["/robots.txt", "/favicon.ico", "/manifest.webmanifest"])
def test_machine_files_set_no_cookie(path):
    """The same for everyone: no cookie, no Vary: Cookie, public caching."""
    response = Client().get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"]


def head_links(client, path):
    response = client.get(path)
    assert response.status_code == 200
    head = response.content.decode().split("</head>")[0]
    return {
        (attrs.get("rel"), attrs.get("type"), attrs.get("href"))
        for attrs in (
            dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
            for tag in re.findall(r"<link\b[^>]*>", head)
        )
    }


SITE_FEEDS = {
    ("alternate", "application/rss+xml", "/feed/"),
    ("alternate", "application/atom+xml", "/feed/atom/"),
}


def test_every_page_head_links_feeds_icons_and_manifest(client):
    """The front page's head: the site's RSS and Atom, the icons and the manifest."""
    ArticleFactory(published=True)
    links = head_links(client, "/")
    assert links >= SITE_FEEDS
    assert ("icon", None, "/favicon.ico") in links
    assert ("icon", "image/svg+xml", f"{django_settings.STATIC_URL}icons/favicon.svg") in links
    assert ("apple-touch-icon", None,
            f"{django_settings.STATIC_URL}icons/apple-touch-icon.png") in links
    assert ("manifest", None, "/manifest.webmanifest") in links
    assert not any("/section/" in href or "/tag/" in href for _r, _t, href in links)


def test_list_pages_link_their_own_feeds(client):
    """A section, tag or person page links the site's feeds and its own, which answer."""
    section = SectionFactory(slug="yaowen")
    article = ArticleFactory(published=True, section=section, tags=["长江"])
    BylineFactory(article=article, contributor=ContributorFactory(slug="yang-wei"))
    pages = {
        "/section/yaowen/": "/section/yaowen/feed/",
        "/tag/%E9%95%BF%E6%B1%9F/": "/tag/%E9%95%BF%E6%B1%9F/feed/",
        "/people/yang-wei/": "/people/yang-wei/feed/",
    }
    for page, feed in pages.items():
        links = head_links(client, page)
        assert links >= SITE_FEEDS, page
        assert ("alternate", "application/rss+xml", feed) in links, page
        assert ("alternate", "application/atom+xml", f"{feed}atom/") in links, page
        assert client.get(feed).status_code == 200
        assert client.get(f"{feed}atom/").status_code == 200
