"""Rules of articles.viewcounts that mutation testing found unguarded (issue 9, item 4):
how "most read" ranks, and as of when; how long a reader is counted once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import viewcounts

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
           "Mobile/15E148")


def views(article, n, when):
    for _ in range(n):
        viewcounts.record_view(article.pk, now=when)


def ranked(hours=24, **kwargs):
    return [(story.title, story.recent_views) for story in viewcounts.most_read(hours, **kwargs)]


def test_the_most_read_story_leads_even_when_it_is_older():
    """Most read is by views, not by time: an older story read more ranks above a newer one."""
    now = timezone.now()
    older = ArticleFactory(published=True, title="早上的稿件", publish_at=now - timedelta(hours=8))
    newer = ArticleFactory(published=True, title="刚发的稿件", publish_at=now - timedelta(hours=1))
    views(older, 3, now)
    views(newer, 1, now)
    assert ranked() == [("早上的稿件", 3), ("刚发的稿件", 1)]


def test_equal_views_go_to_the_newer_story():
    """Two stories read as often: the one published later ranks first, whichever was entered
    first."""
    now = timezone.now()
    newer = ArticleFactory(published=True, title="新稿", publish_at=now - timedelta(hours=1))
    older = ArticleFactory(published=True, title="旧稿", publish_at=now - timedelta(hours=5))
    views(newer, 2, now)
    views(older, 2, now)
    assert ranked() == [("新稿", 2), ("旧稿", 2)]


def test_equal_views_and_time_go_to_the_story_entered_last():
    """Same views, same publication second: a fixed order (the later-entered story first), so
    the list does not shuffle between page loads."""
    now = timezone.now()
    moment = now - timedelta(hours=2)
    stories = [ArticleFactory(published=True, title=title, publish_at=moment)
               for title in ("甲", "乙", "丙", "丁")]
    for story in stories:
        views(story, 1, now)
    assert ranked() == [("丁", 1), ("丙", 1), ("乙", 1), ("甲", 1)]


def test_most_read_as_of_a_moment_names_only_stories_public_then():
    """Asked for a moment (the front page passes its own), most read leaves out a story that
    was not yet published then, whatever its views since."""
    now = timezone.now()
    earlier = now - timedelta(hours=3)
    old = ArticleFactory(published=True, title="三天前", publish_at=now - timedelta(days=3))
    recent = ArticleFactory(published=True, title="一小时前", publish_at=now - timedelta(hours=1))
    views(old, 1, earlier)
    views(recent, 5, now)
    assert ranked(now=earlier) == [("三天前", 1)]
    assert ranked(now=now) == [("一小时前", 5), ("三天前", 1)]


# --- Counted once per half hour ---------------------------------------------------------------

@pytest.fixture
def clock(settings, monkeypatch):
    """A cache whose clock the test moves: the local-memory backend, reading time from here."""
    from types import SimpleNamespace

    from django.core.cache.backends import base, locmem

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "viewcounts-rules"}}
    now = SimpleNamespace(seconds=1_800_000_000.0)
    fake = SimpleNamespace(time=lambda: now.seconds)
    monkeypatch.setattr(base, "time", fake)
    monkeypatch.setattr(locmem, "time", fake)
    from django.core.cache import cache

    cache.clear()
    return now


def test_a_returning_reader_counts_again_after_half_an_hour_not_before(clock):
    """The same reader of the same story counts once within 30 minutes (reloads, back and
    forth), and again when they come back later: they are not ignored for good, nor after the
    cache's five-minute default."""
    article = ArticleFactory(published=True)
    reader = (article.pk, "203.0.113.7", BROWSER)
    assert viewcounts.should_count(*reader)
    clock.seconds += 29 * 60
    assert not viewcounts.should_count(*reader)
    clock.seconds += 2 * 60  # 31 minutes after the first view
    assert viewcounts.should_count(*reader)


def test_views_at_any_second_of_an_hour_share_its_one_tally():
    """A view at 9:00:00 and one at 9:59:59.999999 are the same hour's: one tally row, on the
    hour exactly."""
    from datetime import UTC, datetime

    from articles.models import ViewTally

    article = ArticleFactory(published=True)
    viewcounts.record_view(article.pk, now=datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC))
    viewcounts.record_view(article.pk, now=datetime(2026, 1, 5, 9, 59, 59, 999999, tzinfo=UTC))
    assert list(ViewTally.objects.filter(article=article).values_list("hour", "views")) == [
        (datetime(2026, 1, 5, 9, tzinfo=UTC), 2),
    ]
