"""The archive, the paper's own pages and what the site offers machines, reached as a reader
(or a reader's feed reader) reaches them."""

import re

import pytest
from playwright.sync_api import expect

from .pages import SAMPLE

SAMPLE_DAY = "/archive/2024/01/20/"
XML = re.compile(r"^application/(rss\+|atom\+)?xml|^text/xml")


def test_archive_day_and_month_lead_to_the_sample_story(reader):
    """The sample's day in the archive lists it; the breadcrumb leads to its month, which lists
    it too; its headline there opens the story."""
    page = reader.page
    reader.goto(SAMPLE_DAY)
    expect(reader.h1()).to_contain_text("2024")
    main = page.get_by_role("main")
    title = main.get_by_role("heading").get_by_role("link").first.inner_text().strip()
    expect(main.get_by_role("link", name=title)).to_have_attribute("href", re.compile(SAMPLE))

    month = main.locator("a[href$='/archive/2024/01/']").first
    month_name = month.inner_text().strip()
    month.click()
    reader.arrived()
    expect(reader.h1()).to_contain_text(month_name)
    story = page.get_by_role("main").get_by_role("link", name=title, exact=True)
    story.click()
    reader.arrived()
    expect(reader.h1()).to_have_text(title)


def test_about_page_opens_from_the_footer(reader):
    """The footer's link to the paper's about page opens a page headed with the link's words."""
    page = reader.page
    reader.goto("/")
    about = page.get_by_role("contentinfo").locator("a[href*='/about/']").first
    name = about.inner_text().strip()
    about.click()
    reader.arrived()
    expect(reader.h1()).to_contain_text(name)


@pytest.mark.parametrize("path", ["/", SAMPLE], ids=["home", "article"])
def test_feeds_icons_and_manifest_named_in_the_head_answer(reader, path):
    """Every feed, icon and manifest a page's <head> names is there (200, right type); the
    feeds and the page's other languages are named with absolute or root-relative URLs."""
    page = reader.page
    reader.goto(path)
    links = page.locator("head link[href]").evaluate_all(
        "links => links.map(l => [l.rel, l.type, l.href])"
    )
    named = {rel for rel, _, _ in links}
    assert {"icon", "manifest"} <= named, named
    feeds = [href for rel, kind, href in links if rel == "alternate" and "xml" in (kind or "")]
    assert feeds, "no feed named in the head"
    for rel, kind, href in links:
        if rel in {"canonical", "stylesheet"} or (rel == "alternate" and not kind):
            continue  # the page itself, in a language; the stylesheet was loaded already
        answer = page.request.get(href)
        assert answer.status == 200, f"{rel} {href} answered {answer.status}"
        if href in feeds:
            assert XML.match(answer.headers["content-type"]), (href, answer.headers)


def test_robots_names_the_sitemap_which_answers(reader):
    """robots.txt names the sitemap index; it and every sitemap it lists answer with XML."""
    page = reader.page
    robots = page.request.get("/robots.txt")
    assert robots.status == 200
    sitemaps = re.findall(r"(?im)^sitemap:\s*(\S+)", robots.text())
    assert any(url.endswith("/sitemap.xml") for url in sitemaps), robots.text()
    index = page.request.get("/sitemap.xml")
    assert index.status == 200 and XML.match(index.headers["content-type"])
    listed = re.findall(r"<loc>([^<]+)</loc>", index.text())
    assert listed, index.text()[:500]
    for url in listed:
        answer = page.request.get(url)
        assert answer.status == 200 and XML.match(answer.headers["content-type"]), url


def test_feed_answers_with_stories(reader):
    """/feed/ is an RSS feed with items, each linking to a story page that opens."""
    page = reader.page
    feed = page.request.get("/feed/")
    assert feed.status == 200 and XML.match(feed.headers["content-type"])
    body = feed.text()
    assert "<rss" in body and "<item>" in body, body[:500]
    first = re.search(r"<item>.*?<link>([^<]+)</link>", body, re.S)[1]
    story = page.request.get(first)
    assert story.status == 200, first
