"""The front page readers get: the desk's headline, pins and section blocks, filled by time,
with latest and most read; only public stories, none twice, in a fixed number of queries."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.frontpage import FRONT_PAGE_PK, LATEST_SIZE, front_page
from articles.models import Article, FrontPage, FrontPageBlock, FrontPagePin, ViewTally
from articles.viewcounts import hour_of

from .factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory, SectionFactory
from .pages import assert_in_order, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def story(title, *, hours_ago=1, photo=False, **fields):
    """A public story published ``hours_ago`` hours ago, with a lead photo if asked."""
    fields.setdefault("published", True)
    if fields.get("published"):
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=hours_ago))
    article = ArticleFactory(title=title, **fields)
    if photo:
        ArticlePhotoFactory(article=article, photo=PhotoFactory(alt_text=f"{title}的照片"),
                            is_lead=True)
    return article


def arrange(headline=None, until=None, pins=(), blocks=()):
    """The front page arranged: pins as (story, until) in order, blocks as (section, size)."""
    page, _created = FrontPage.objects.update_or_create(
        pk=FRONT_PAGE_PK, defaults={"headline": headline, "headline_until": until},
    )
    for order, (article, pin_until) in enumerate(pins):
        FrontPagePin.objects.create(front_page=page, article=article, order=order,
                                    until=pin_until)
    for order, (section, size) in enumerate(blocks):
        FrontPageBlock.objects.create(front_page=page, section=section, order=order, size=size)
    return page


def part(page, css_class):
    """The HTML of the first element with ``css_class`` up to its closing tag (same name)."""
    match = re.search(
        rf'<(section|aside|div|ol)\b[^>]*class="[^"]*\b{css_class}\b[^"]*".*?</\1>', page, re.S
    )
    return match[0] if match else ""


def lead_title(page):
    match = re.search(r'<h2 class="front-lead-title"[^>]*><a [^>]*>(.*?)</a>', page)
    return match[1] if match else None


def story_titles(fragment):
    return re.findall(r'<h3 class="front-story-title"><a [^>]*>(.*?)</a>', fragment)


def blocks(page):
    """[(section name, [story titles])] in page order."""
    found = re.findall(
        r'<section class="front-block".*?<h2 class="front-block-title"[^>]*><a [^>]*>(.*?)</a>'
        r"(.*?)</section>", page, re.S,
    )
    return [(name, story_titles(body)) for name, body in found]


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


# --- The headline -----------------------------------------------------------------------------


def test_arranged_headline_leads_with_photo_kicker_title_and_summary(reader):
    """The desk's headline is on top: its lead photo big (with alt text), kicker, title, summary."""
    chosen = story("武昌区的头条", hours_ago=30, photo=True, kicker="两会特稿",
                   summary="这是头条的导语。")
    story("更新的稿件", photo=True)
    arrange(headline=chosen)
    page = home(reader)
    lead = part(page, "front-lead")
    assert lead_title(page) == "武昌区的头条"
    assert_in_order(lead, ["两会特稿", "武昌区的头条", "这是头条的导语。",
                           'alt="武昌区的头条的照片"'])
    assert 'fetchpriority="high"' in lead


def test_headline_until_passes_then_the_newest_story_with_a_photo_leads(reader):
    """After "headline until", the newest story with a photo leads, without anyone saving."""
    until = timezone.now() + timedelta(hours=2)
    chosen = story("限时头条", hours_ago=30, photo=True)
    story("最新但无图", hours_ago=1)
    story("最新的有图稿", hours_ago=2, photo=True)
    arrange(headline=chosen, until=until)
    assert lead_title(home(reader)) == "限时头条"
    with time_machine.travel(until + timedelta(seconds=1), tick=False):
        assert lead_title(home(reader)) == "最新的有图稿"


def test_without_any_photo_the_newest_story_leads(reader):
    """A site whose stories have no photos still has a headline: the newest story."""
    story("旧稿", hours_ago=5)
    story("新稿", hours_ago=1)
    page = home(reader)
    assert lead_title(page) == "新稿"
    assert "<img" not in part(page, "front-lead")


# --- Pins -------------------------------------------------------------------------------------


def test_pins_show_in_the_desks_order_not_by_time(reader):
    """Pinned stories follow the headline in the order the desk gave them."""
    old, new, middle = (story(t, hours_ago=h) for t, h in
                        (("置顶一", 50), ("置顶二", 1), ("置顶三", 20)))
    arrange(headline=story("头条", photo=True, hours_ago=3),
            pins=[(old, None), (new, None), (middle, None)])
    page = home(reader)
    assert story_titles(part(page, "front-pins")) == ["置顶一", "置顶二", "置顶三"]
    assert_in_order(page, ["头条", "置顶一", "置顶二", "置顶三"])


def test_an_expired_pin_is_skipped(reader):
    """A pin shows until its time, then the story drops back to where time puts it."""
    until = timezone.now() + timedelta(hours=1)
    lasting, expiring = story("长期置顶"), story("限时置顶")
    arrange(headline=story("头条", photo=True), pins=[(expiring, until), (lasting, None)])
    assert story_titles(part(home(reader), "front-pins")) == ["限时置顶", "长期置顶"]
    with time_machine.travel(until, tick=False):
        page = home(reader)
    assert story_titles(part(page, "front-pins")) == ["长期置顶"]
    assert "限时置顶" in visible_text(page)  # still on the page, where time puts it


# --- Only what is public ----------------------------------------------------------------------


def hidden_stories(section):
    """One story in each state readers must not see, each with a photo."""
    past = timezone.now() - timedelta(days=1)
    future = timezone.now() + timedelta(days=1)
    return [
        story("草稿头条", published=False, section=section, photo=True),
        story("定时稿", published=False, status=Article.Status.PUBLISHED, publish_at=future,
              section=section, photo=True),
        story("撤下稿", published=False, status=Article.Status.WITHDRAWN, publish_at=past,
              withdrawn_at=past + timedelta(hours=1), section=section, photo=True),
        story("禁发稿", published=False, status=Article.Status.SUBMITTED, embargo_until=future,
              section=section, photo=True),
    ]


def test_stories_that_are_not_public_are_never_shown(reader):
    """A draft, scheduled, withdrawn or embargoed story arranged as headline or pinned stays
    off the page (and out of every block and list) until it is public."""
    section = SectionFactory(name="要闻")
    visible = story("公开的稿件", section=section, photo=True)
    draft, scheduled, withdrawn, embargoed = hidden_stories(section)
    arrange(headline=draft, pins=[(scheduled, None), (withdrawn, None), (embargoed, None)],
            blocks=[(section, 12)])
    page = home(reader)
    text = visible_text(page)
    for title in ("草稿头条", "定时稿", "撤下稿", "禁发稿"):
        assert title not in text
    assert lead_title(page) == "公开的稿件"
    assert visible.title in text


def test_a_scheduled_pin_appears_the_moment_it_is_public(reader):
    """Arranged ahead of time, a scheduled story shows from its publication time on."""
    release = timezone.now() + timedelta(hours=3)
    scheduled = story("三点发布", published=False, status=Article.Status.PUBLISHED,
                      publish_at=release)
    arrange(headline=story("头条", photo=True), pins=[(scheduled, None)])
    assert "三点发布" not in home(reader)
    with time_machine.travel(release, tick=False):
        assert story_titles(part(home(reader), "front-pins")) == ["三点发布"]


# --- Section blocks -------------------------------------------------------------------------


def test_blocks_follow_the_arranged_order_each_with_its_newest_stories(reader):
    """Each block shows its section's N newest public stories, blocks in the desk's order."""
    sport = SectionFactory(name="体育", order=1)
    economy = SectionFactory(name="经济", order=2)
    SectionFactory(name="文化", order=3)  # not arranged: no block
    for n in range(5):
        story(f"体育{n}", section=sport, hours_ago=n + 10)
        story(f"经济{n}", section=economy, hours_ago=n + 10)
    arrange(headline=story("头条", photo=True), blocks=[(economy, 3), (sport, 2)])
    assert blocks(home(reader)) == [("经济", ["经济0", "经济1", "经济2"]),
                                    ("体育", ["体育0", "体育1"])]


def test_a_block_cuts_exactly_at_its_size_through_equal_times_and_quiet_sections(reader):
    """Stories published at the same second still make exactly N, newest id first; a section
    whose last stories are years old still fills its block."""
    busy, quiet = SectionFactory(name="要闻", order=1), SectionFactory(name="史话", order=2)
    same = timezone.now() - timedelta(hours=2)
    tied = [story(f"同时{n}", section=busy, publish_at=same) for n in range(5)]
    for n in range(3):
        story(f"旧闻{n}", section=quiet, publish_at=timezone.now() - timedelta(days=900 + n))
    arrange(headline=story("头条", photo=True, section=SectionFactory()),
            blocks=[(busy, 3), (quiet, 2)])
    assert blocks(home(reader)) == [
        ("要闻", [t.title for t in reversed(tied)][:3]), ("史话", ["旧闻0", "旧闻1"])]


def test_no_story_is_shown_twice_and_latest_has_the_rest(reader):
    """Headline, pins and blocks never repeat a story; "latest" lists what they left out,
    newest first, and links to the full list."""
    city = SectionFactory(name="武汉")
    stories = [story(f"稿件{n}", section=city, hours_ago=n + 1, photo=True) for n in range(8)]
    arrange(headline=stories[0], pins=[(stories[1], None), (stories[0], None)],
            blocks=[(city, 3)])
    page = home(reader)
    assert lead_title(page) == "稿件0"
    assert story_titles(part(page, "front-pins")) == ["稿件1"]
    assert blocks(page) == [("武汉", ["稿件2", "稿件3", "稿件4"])]
    latest = part(page, "front-latest")
    assert re.findall(r'<a href="/a/[0-9a-f]{8}/">(.*?)</a>', latest) == [
        "稿件5", "稿件6", "稿件7"]
    assert 'href="/search/"' in latest
    titles = re.findall(r">(稿件\d)</a>", page)
    assert sorted(titles) == [f"稿件{n}" for n in range(8)]


def test_latest_holds_ten(reader):
    """"Latest" is the ten newest stories not shown above."""
    section = SectionFactory()
    for n in range(LATEST_SIZE + 10):
        story(f"稿件{n:02d}", hours_ago=n + 1, section=section)
    latest = part(home(reader), "front-latest")
    assert len(re.findall(r"<li>", latest)) == LATEST_SIZE


# --- Without an arrangement -------------------------------------------------------------------


def test_without_arrangement_newest_photo_story_leads_and_every_section_shows_four(reader):
    """Nobody arranged anything: the newest story with a photo leads, and the sections follow
    in their own order with their four newest stories each."""
    news = SectionFactory(name="要闻", order=1)
    sport = SectionFactory(name="体育", order=2)
    SectionFactory(name="空栏目", order=3)  # no stories: no empty block
    story("无图的最新稿", section=sport, hours_ago=1)
    story("有图的稿件", section=news, hours_ago=2, photo=True)
    for n in range(6):
        story(f"要闻{n}", section=news, hours_ago=n + 10)
        story(f"体育{n}", section=sport, hours_ago=n + 10)
    assert not FrontPage.objects.exists()
    page = home(reader)
    assert lead_title(page) == "有图的稿件"
    assert blocks(page) == [("要闻", ["要闻0", "要闻1", "要闻2", "要闻3"]),
                            ("体育", ["无图的最新稿", "体育0", "体育1", "体育2"])]


def test_an_arrangement_without_blocks_shows_every_section(reader):
    """Opening the admin page makes an empty arrangement; the page still has its sections."""
    news = SectionFactory(name="要闻")
    story("头条", section=news, photo=True)
    story("要闻稿", section=news, hours_ago=2)
    arrange()
    assert blocks(home(reader)) == [("要闻", ["要闻稿"])]


def test_an_empty_site_says_so(reader):
    """Nothing published yet: the page says so instead of showing empty boxes."""
    page = home(reader)
    assert "No stories here yet." in page
    assert "front-block" not in page


# --- Most read --------------------------------------------------------------------------------


def tally(article, views, hours_ago):
    ViewTally.objects.create(
        article=article, views=views, hour=hour_of(timezone.now() - timedelta(hours=hours_ago))
    )


def test_most_read_for_24_hours_and_7_days_from_the_tallies(reader):
    """Most read ranks the day's and the week's tallies separately, most read first."""
    today = story("今天最热")
    week = story("本周最热", hours_ago=100)
    tally(today, 50, hours_ago=1)
    tally(week, 20, hours_ago=2)
    tally(week, 500, hours_ago=72)
    page = home(reader)
    most_read = part(page, "front-most-read")
    day, seven = re.findall(r'<ol class="front-ranking".*?</ol>', most_read, re.S)
    assert re.findall(r'">(.*?)</a>', day) == ["今天最热", "本周最热"]
    assert re.findall(r'">(.*?)</a>', seven) == ["本周最热", "今天最热"]
    assert_in_order(most_read, ["Last 24 hours", "Last 7 days"])


def test_front_page_asks_most_read_for_both_periods(monkeypatch):
    """The page's "most read" is viewcounts.most_read over 24 hours and over 7 days."""
    asked = []

    def fake_most_read(hours, limit=10, now=None):
        asked.append((hours, limit))
        return [f"{hours}h"]

    monkeypatch.setattr("articles.frontpage.most_read", fake_most_read)
    content = front_page()
    assert [hours for hours, _limit in asked] == [24, 24 * 7]
    assert content.most_read_day == ["24h"] and content.most_read_week == ["168h"]


# --- The page as a page -----------------------------------------------------------------------


def test_story_text_carries_the_content_language_and_headings_are_in_order(reader, settings):
    """With English menus, headlines and section names keep lang="zh-Hans"; one h1, then h2
    for the parts and h3 for stories, never skipping a level."""
    settings.NEWSDESK_CONTENT_LANGUAGE = "zh-Hans"
    news = SectionFactory(name="要闻")
    arrange(headline=story("头条", photo=True, section=news),
            pins=[(story("置顶", section=news), None)], blocks=[(news, 4)])
    story("要闻稿", section=news)
    page = home(reader)
    assert '<section class="front-lead" aria-labelledby="front-lead-title" lang="zh-Hans">' \
        in page
    assert re.search(r'<h2 class="front-block-title" [^>]*lang="zh-Hans"', page)
    assert re.search(r'<ol class="front-stories" lang="zh-Hans">', page)
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page.split('id="main"')[1])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert "<aside" in page


def test_every_image_has_alt_text(reader):
    """Each <img> has an alt attribute: the headline's describes the photo; thumbnails beside
    a linked title are decorative (alt="") inside a part hidden from screen readers."""
    news = SectionFactory()
    arrange(headline=story("头条", photo=True, section=news),
            pins=[(story("置顶", photo=True, section=news), None)])
    page = home(reader)
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) >= 2
    assert all(re.search(r'\balt="', image) for image in images)
    assert 'alt="头条的照片"' in part(page, "front-lead")


def test_anonymous_home_sets_no_cookie_and_does_not_vary_on_it(reader):
    """The front page is the same for every anonymous reader: no cookie, no Vary: Cookie."""
    arrange(headline=story("头条", photo=True))
    response = reader.get("/")
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_old_list_links_go_to_the_full_list_and_json_stays(reader):
    """"/?page=2" (the old newest-first list) moves to /search/?page=2; "/?format=json" is
    still the newest stories as JSON."""
    story("稿件")
    response = reader.get("/", {"page": "2"})
    assert response.status_code == 301
    assert response["Location"] == "/search/?page=2"
    data = json.loads(reader.get("/", {"format": "json"}).content)
    assert data["count"] == 1


# --- A fixed number of queries ----------------------------------------------------------------


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_1_and_50_stories(reader):
    """Each part with one story, then with fifty stories around (ten pins, full blocks, a
    tally and a credited photo each): the same number of queries."""
    arranged, other = SectionFactory(order=1), SectionFactory(order=2)

    def add(count, start, section):
        added = []
        for n in range(start, start + count):
            article = story(f"稿件{n}", section=section, photo=True, hours_ago=n + 1)
            tally(article, 3, hours_ago=1)
            added.append(article)
        return added

    headline, pinned, in_block = add(3, 0, arranged)
    add(1, 3, other)  # the one story left for "latest"
    arrange(headline=headline, pins=[(pinned, None)], blocks=[(arranged, 12)])
    assert blocks(home(reader)) == [(arranged.name, ["稿件2"])]
    few = queries_for(reader)
    more = add(25, 10, arranged) + add(25, 40, other)
    for order, article in enumerate(more[:10], start=1):
        FrontPagePin.objects.create(front_page_id=FRONT_PAGE_PK, article=article, order=order)
    assert queries_for(reader) == few
    page = home(reader)
    assert len(story_titles(part(page, "front-pins"))) == 11
    assert len(blocks(page)[0][1]) == 12


def test_query_count_is_the_same_for_1_and_10_blocks(reader):
    """Every block's stories come from one query: ten blocks cost what one costs."""
    sections = [SectionFactory(name=f"栏目{n}", order=n) for n in range(10)]
    for section in sections:
        for n in range(5):
            story(f"{section.name}稿{n}", section=section, photo=True)
    page = arrange(headline=Article.objects.first(), blocks=[(sections[0], 3)])
    one = queries_for(reader)
    for order, section in enumerate(sections[1:], start=1):
        FrontPageBlock.objects.create(front_page=page, section=section, order=order, size=3)
    assert queries_for(reader) == one
    assert len(blocks(home(reader))) == 10


def test_query_count_without_arrangement_does_not_grow(reader):
    """The default page (every section, four each) is a fixed number of queries too."""
    def section_with_stories(order):
        section = SectionFactory(order=order)
        for n in range(6):
            story(f"{section.name}稿{n}", section=section, photo=True, hours_ago=n + 1)

    section_with_stories(0)
    few = queries_for(reader)
    for order in range(1, 10):
        section_with_stories(order)
    assert queries_for(reader) == few
    assert len(blocks(home(reader))) == 10


def test_home_describes_the_paper_for_search_engines(reader, settings):
    """The front page has a meta description: the paper's own words when set, else a line
    naming the paper."""
    settings.NEWSDESK_SITE_NAME = "长江日报"
    page = reader.get("/").content.decode()
    assert re.search(r'<meta name="description" content="[^"]*长江日报[^"]*">', page)
    settings.NEWSDESK_SITE_DESCRIPTION = "武汉的城市日报 & 新闻"
    page = reader.get("/").content.decode()
    assert '<meta name="description" content="武汉的城市日报 &amp; 新闻">' in page
