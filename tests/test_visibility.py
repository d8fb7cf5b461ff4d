"""The visibility rule: Article.objects.published() alone decides what the public sees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_in_the_past_is_public():
    """A published story whose time has come is visible."""
    article = ArticleFactory(published=True)
    assert list(Article.objects.published()) == [article]
    assert article.is_public()


def test_draft_is_not_public():
    """A draft is never visible, even with a past publication time."""
    ArticleFactory(publish_at=timezone.now() - timedelta(days=1))
    assert not Article.objects.published().exists()


def test_scheduled_story_appears_when_its_time_passes():
    """Scheduling needs no worker: the query compares publish_at with the clock."""
    article = ArticleFactory(scheduled=True)
    assert not Article.objects.published().exists()
    assert not article.is_public()
    later = article.publish_at + timedelta(seconds=1)
    assert list(Article.objects.published(now=later)) == [article]
    assert article.is_public(now=later)


@pytest.mark.parametrize("status", ["submitted", "withdrawn"])
def test_other_statuses_are_not_public(status):
    """Stories in review or withdrawn are hidden whatever their publication time."""
    ArticleFactory(status=status, publish_at=timezone.now() - timedelta(days=1))
    assert not Article.objects.published().exists()


def test_published_and_is_public_agree():
    """The queryset and the instance check give the same answer for every case."""
    now = timezone.now()
    cases = [
        ArticleFactory(published=True),
        ArticleFactory(scheduled=True),
        ArticleFactory(),
        ArticleFactory(status="withdrawn", publish_at=now - timedelta(hours=2)),
    ]
    public = set(Article.objects.published(now=now))
    assert {a for a in cases if a.is_public(now=now)} == public
