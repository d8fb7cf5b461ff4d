"""StoryFilter's own rules, without HTTP: periods in local time, words, and kept counts' expiry."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from articles.filters import StoryFilter, local_period
from articles.models import Article
from articles.search import index_article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def found(**data):
    stories = StoryFilter(data, queryset=Article.objects.published())
    return set(stories.qs.values_list("title", flat=True))


def test_a_period_is_a_local_year_or_month():
    """Years and months start at local midnight (Asia/Shanghai), December ends at New Year."""
    assert local_period(2024) == (local(2024, 1, 1), local(2025, 1, 1))
    assert local_period(2024, 1) == (local(2024, 1, 1), local(2024, 2, 1))
    assert local_period(2024, 12) == (local(2024, 12, 1), local(2025, 1, 1))
    start, _ = local_period(2024, 6)
    assert start.utcoffset() == timedelta(hours=8)


def test_year_and_month_keep_only_their_period():
    """Both ends are kept exactly: the last minute of a month is in it, the next month's
    first minute is not, in local time."""
    ArticleFactory(title="年末", published=True, publish_at=local(2023, 12, 31, 23, 59))
    ArticleFactory(title="元旦", published=True, publish_at=local(2024, 1, 1, 0, 0))
    ArticleFactory(title="一月底", published=True, publish_at=local(2024, 1, 31, 23, 59))
    ArticleFactory(title="二月", published=True, publish_at=local(2024, 2, 1, 0, 0))
    ArticleFactory(title="明年", published=True, publish_at=local(2025, 1, 1, 0, 0))
    assert found(year=2024) == {"元旦", "一月底", "二月"}
    assert found(year=2023) == {"年末"}
    assert found(year=2024, month=1) == {"元旦", "一月底"}
    assert found(year=2024, month=2) == {"二月"}
    assert found(year=2023, month=12) == {"年末"}


def test_words_narrow_the_list():
    """``q`` keeps only stories holding every word; blank words keep every story."""
    with_words = ArticleFactory(title="碳金融试点", published=True)
    ArticleFactory(title="别的新闻", published=True)
    for article in Article.objects.all():
        index_article(article)
    assert found(q="碳金融") == {with_words.title}
    assert found(q="  ") == {"碳金融试点", "别的新闻"}


@pytest.fixture
def keeping(settings):
    settings.NEWSDESK_FACET_CACHE_SECONDS = 600


def total(client):
    return json.loads(client.get("/", {"format": "json"}).content)["count"]


def test_kept_counts_expire_the_moment_a_scheduled_story_goes_live(client, keeping):
    """At its publication time exactly, the story is public, so the kept counts are not."""
    release = timezone.now() + timedelta(hours=1)
    ArticleFactory(published=True)
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=release)
    assert total(client) == 1
    with time_machine.travel(release, tick=False):
        assert total(client) == 2


def test_a_change_without_signals_shows_within_the_keeping_time(client, keeping, settings):
    """QuerySet.update() sends no signal: the counts catch up once their time is over.

    In the process's own cache: Redis keeps time by its own clock, not the test's.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    story = ArticleFactory(published=True)
    assert total(client) == 1
    Article.objects.filter(pk=story.pk).update(status=Article.Status.WITHDRAWN)
    assert total(client) == 1  # kept, as documented
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        assert total(client) == 0
