"""Front page rules that tests/test_front_page.py left unpinned (found by mutation testing of
articles/frontpage.py): the page at a given moment, the headline nobody chose and when an
arranged one steps down, the desk's order of pins and blocks, the order inside a block and the
length of "most read"."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.frontpage import FRONT_PAGE_PK, MOST_READ_SIZE, front_page
from articles.models import Article, FrontPageBlock, FrontPagePin

from .factories import ArticlePhotoFactory, PhotoFactory, SectionFactory
from .test_front_page import arrange, blocks, home, lead_title, part, story, story_titles, tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


# --- The page at a given moment ---------------------------------------------------------------


def test_the_page_for_a_later_moment_shows_what_is_public_then():
    """front_page(now) is the page as readers will see it at ``now``: a story scheduled for
    then is already pinned and may lead, though it is not public yet."""
    release = timezone.now() + timedelta(hours=3)
    scheduled = story("三点发布", published=False, status=Article.Status.PUBLISHED,
                      publish_at=release, photo=True)
    arrange(headline=story("头条", photo=True, hours_ago=5), pins=[(scheduled, None)])
    assert [pin.title for pin in front_page().pins] == []
    later = front_page(now=release)
    assert [pin.title for pin in later.pins] == ["三点发布"]
    arrange(headline=scheduled)
    assert front_page(now=release).headline.title == "三点发布"
    assert front_page().headline.title == "头条"


# --- The headline nobody chose ----------------------------------------------------------------


def test_a_photo_inside_the_story_does_not_make_it_the_headline(reader):
    """Only a lead photo counts: the newest story with pictures only in its body does not
    lead over an older story with a lead photo."""
    older = story("有主图的稿件", hours_ago=3, photo=True)
    newer = story("正文里有图", hours_ago=1)
    ArticlePhotoFactory(article=newer, photo=PhotoFactory(), is_lead=False)
    assert older.pk < newer.pk
    assert lead_title(home(reader)) == "有主图的稿件"


def test_the_headline_goes_by_publication_time_not_by_entry_order(reader):
    """A story entered later but published earlier (backdated) does not lead over a story
    published after it."""
    story("后发布的稿件", hours_ago=1, photo=True)
    story("补录的旧稿", hours_ago=30, photo=True)  # entered last, published a day earlier
    assert lead_title(home(reader)) == "后发布的稿件"


def test_stories_published_the_same_second_the_last_entered_leads(reader):
    """Several stories released at the same moment: the one entered last leads, every time."""
    same = timezone.now() - timedelta(hours=1)
    tied = [story(f"同时发布{n}", publish_at=same, photo=True) for n in range(6)]
    # Touch the first ones so their rows move on disk (PostgreSQL): the order must not be
    # whatever order the database happens to read them in.
    for article in tied[:3]:
        Article.objects.filter(pk=article.pk).update(summary="改过的导语。")
    assert lead_title(home(reader)) == "同时发布5"
    assert front_page().headline.pk == max(article.pk for article in tied)


# --- Pins -------------------------------------------------------------------------------------


def test_pins_follow_the_desks_order_after_it_reorders_them(reader):
    """The desk moves a pin up: the page follows the order it set, not the order of pinning."""
    first, second, third = (story(title) for title in ("先置顶", "再置顶", "后置顶"))
    page = arrange(headline=story("头条", photo=True))
    for article, order in ((first, 2), (second, 0), (third, 1)):
        FrontPagePin.objects.create(front_page=page, article=article, order=order)
    assert story_titles(part(home(reader), "front-pins")) == ["再置顶", "后置顶", "先置顶"]


def test_pins_with_the_same_place_keep_the_order_they_were_pinned_in(reader):
    """Two pins given the same place: the one pinned first shows first, every time."""
    page = arrange(headline=story("头条", photo=True))
    pinned = [story(f"同位置顶{n}") for n in range(5)]
    pins = [FrontPagePin.objects.create(front_page=page, article=article, order=1)
            for article in pinned]
    # Edit the first pins so their rows move on disk (PostgreSQL).
    FrontPagePin.objects.filter(pk__in=[pin.pk for pin in pins[:3]]).update(order=1)
    expected = [article.title for article in pinned]
    assert story_titles(part(home(reader), "front-pins")) == expected
    assert FrontPagePin.objects.filter(front_page_id=FRONT_PAGE_PK).count() == 5


# --- Most read --------------------------------------------------------------------------------


def rankings(page):
    most_read = part(page, "front-most-read")
    return [re.findall(r'">(.*?)</a>', ranking)
            for ranking in re.findall(r'<ol class="front-ranking".*?</ol>', most_read, re.S)]


def test_most_read_names_the_five_most_read_for_each_period(reader):
    """"Most read" lists five stories for the day and five for the week, however many were
    read."""
    for n in range(MOST_READ_SIZE + 3):
        tally(story(f"热读{n}"), 100 - n, hours_ago=1)
    day, week = rankings(home(reader))
    top = [f"热读{n}" for n in range(5)]
    assert day == top
    assert week == top
    assert MOST_READ_SIZE == 5


def test_the_page_for_a_given_moment_counts_the_reads_of_the_day_and_week_before_it():
    """front_page(now) ranks the 24 hours and the 7 days before ``now``: two days on, today's
    reads have left the day's list but not the week's; eight days on, both lists are empty."""
    read = story("今天读过")
    tally(read, 40, hours_ago=1)
    assert [s.title for s in front_page().most_read_day] == ["今天读过"]
    two_days_on = front_page(now=timezone.now() + timedelta(days=2))
    assert two_days_on.most_read_day == []
    assert [s.title for s in two_days_on.most_read_week] == ["今天读过"]
    eight_days_on = front_page(now=timezone.now() + timedelta(days=8))
    assert eight_days_on.most_read_week == []


def test_the_arranged_headline_steps_down_at_its_until_time():
    """"Headline until 18:00" means it no longer leads at 18:00 itself (as a pin's time)."""
    until = timezone.now() + timedelta(hours=2)
    arrange(headline=story("限时头条", hours_ago=30, photo=True), until=until)
    story("最新的有图稿", hours_ago=2, photo=True)
    assert front_page(now=until - timedelta(seconds=1)).headline.title == "限时头条"
    assert front_page(now=until).headline.title == "最新的有图稿"


# --- Section blocks ---------------------------------------------------------------------------


def test_blocks_follow_the_desks_order_after_it_reorders_them(reader):
    """The desk moves a block up: the page follows the order it set, not the order of adding."""
    names = ("要闻", "体育", "经济")
    sections = [SectionFactory(name=name, order=n) for n, name in enumerate(names)]
    for section in sections:
        story(f"{section.name}稿", section=section)
    page = arrange(headline=story("头条", photo=True))
    for section, order in zip(sections, (2, 0, 1), strict=True):
        FrontPageBlock.objects.create(front_page=page, section=section, order=order, size=2)
    assert [name for name, _titles in blocks(home(reader))] == ["体育", "经济", "要闻"]


def test_blocks_with_the_same_place_keep_the_order_they_were_added_in(reader):
    """Two blocks given the same place: the one added first shows first, every time."""
    sections = [SectionFactory(name=f"栏目{n}", order=10 - n) for n in range(5)]
    for section in sections:
        story(f"{section.name}稿", section=section)
    page = arrange(headline=story("头条", photo=True))
    added = [FrontPageBlock.objects.create(front_page=page, section=section, order=1, size=2)
             for section in sections]
    # Edit the first blocks so their rows move on disk (PostgreSQL).
    FrontPageBlock.objects.filter(pk__in=[block.pk for block in added[:3]]).update(size=3)
    assert [name for name, _titles in blocks(home(reader))] == [s.name for s in sections]


def test_a_block_lists_its_stories_newest_first_whatever_the_order_they_were_entered(reader):
    """Within a block the newest story comes first, also when older stories were entered
    (backdated) after newer ones."""
    city = SectionFactory(name="武汉")
    for title, hours in (("第三新", 3), ("最新", 1), ("最旧", 9), ("第二新", 2), ("较旧", 5)):
        story(title, section=city, hours_ago=hours)
    arrange(headline=story("头条", photo=True, section=SectionFactory()), blocks=[(city, 4)])
    assert blocks(home(reader)) == [("武汉", ["最新", "第二新", "第三新", "较旧"])]
