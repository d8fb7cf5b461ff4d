"""Kept facet counts (articles.facets.cached_count): never a count readers could not get now."""

import json
from datetime import timedelta
from functools import partial

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, BylineFactory, ContributorFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keeping(settings):
    settings.NEWSDESK_FACET_CACHE_SECONDS = 600


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return partial(django_capture_on_commit_callbacks, execute=True)


def listed(client, path="/", **params):
    response = client.get(path, {**params, "format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def counting_queries(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        listed(client, path)
    return len(queries)


def test_a_second_look_reads_the_kept_counts(client, committed):
    """The same list again runs no counting query: only the page of stories."""
    with committed():
        ArticleFactory.create_batch(3, published=True)
    first = counting_queries(client)
    assert counting_queries(client) < first
    assert listed(client)["count"] == 3


def test_a_publication_renews_the_counts_once_committed(client, committed):
    """A story going live is counted at once: the commit renews the generation."""
    with committed():
        ArticleFactory(published=True)
        draft = ArticleFactory(title="新稿")
    assert listed(client)["count"] == 1
    with committed():
        draft.status, draft.publish_at = Article.Status.PUBLISHED, timezone.now()
        draft.save(update_fields=["status", "publish_at"])
    assert listed(client)["count"] == 2


def test_a_withdrawal_renews_the_counts(client, committed):
    """A withdrawn story leaves the counts as it leaves the list."""
    with committed():
        story = ArticleFactory(published=True)
        ArticleFactory(published=True)
    assert listed(client)["count"] == 2
    with committed():
        story.status, story.withdrawn_at = Article.Status.WITHDRAWN, timezone.now()
        story.save(update_fields=["status", "withdrawn_at"])
    assert listed(client)["count"] == 1


def test_a_new_byline_renews_the_people_counts(client, committed):
    """Parts of a story (a byline here) are counted too, so changing one renews."""
    with committed():
        story = ArticleFactory(published=True)
    person = ContributorFactory(name="新记者")
    assert listed(client, contributor=person.slug)["count"] == 0
    with committed():
        BylineFactory(article=story, contributor=person)
        BylineFactory(article=ArticleFactory(published=True), contributor=person)
    assert listed(client, contributor=person.slug)["count"] == 2


def test_a_scheduled_story_is_counted_when_its_time_comes(client, committed):
    """Nobody saves anything when a scheduled story goes live: the kept counts expire then."""
    with committed():
        ArticleFactory(published=True)
        ArticleFactory(scheduled=True)
    assert listed(client)["count"] == 1
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert listed(client)["count"] == 2


def test_view_counts_and_draft_edits_keep_the_counts(client, committed):
    """Saves that change no list (a view count, a draft's text) do not throw the counts away."""
    with committed():
        story = ArticleFactory(published=True)
        draft = ArticleFactory()
    listed(client)
    kept = counting_queries(client)
    with committed():
        story.view_count = 9
        story.save(update_fields=["view_count"])
        draft.title = "改了标题"
        draft.save()
    assert counting_queries(client) == kept


def test_each_filter_state_keeps_its_own_counts(client, committed):
    """Two lists never share kept counts: the key is the whole filter state."""
    with committed():
        city, sport = SectionFactory(slug="city"), SectionFactory(slug="sport")
        ArticleFactory.create_batch(2, published=True, section=city)
        ArticleFactory(published=True, section=sport)
    assert listed(client, section="city")["count"] == 2
    assert listed(client, section="sport")["count"] == 1
    assert listed(client)["count"] == 3


def test_keeping_can_be_turned_off(client, committed, settings):
    """NEWSDESK_FACET_CACHE_SECONDS = 0 counts on every request."""
    settings.NEWSDESK_FACET_CACHE_SECONDS = 0
    with committed():
        ArticleFactory(published=True)
    assert counting_queries(client) == counting_queries(client)
