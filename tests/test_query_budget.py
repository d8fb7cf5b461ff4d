"""Every public page runs a fixed number of SQL queries, whatever the number of stories.

Each kind of page an anonymous reader can open (tests/reader_pages.py) is
measured with one public story and again with fifty (same section, tag, person
and day, each with a lead photo, so every list, feed and sitemap holds them all
or a full page of them). A query per story (an N+1) would add 49.

The queries must be the same ones, compared as templates (the values in them,
ids and times, taken out). One story is a degenerate case for a page of several
lists: Django runs no prefetch query for an empty list, so the front page whose
only story is the headline skips its blocks' photo queries. So: at 25 and at 50
stories the queries are exactly the same, and at 1 story they are those minus
at most some prefetches, nothing else. Each measurement starts with an empty
cache, after one request that fills the per-process caches (content types,
templates).
"""

import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .reader_pages import PAGE_KINDS, make_world

VALUES = [
    (re.compile(r"\bIN \((?:[^()]|\([^()]*\))*\)"), "IN (…)"),
    (re.compile(r"'[^']*'"), "'…'"),
    (re.compile(r"\b\d+\b"), "0"),
]


def template(sql):
    """``sql`` with its values taken out: the same query for other ids and times."""
    for pattern, placeholder in VALUES:
        sql = pattern.sub(placeholder, sql)
    return sql


def is_prefetch(sql):
    return "IN (" in sql


def queries_for(kind, path):
    """The SQL an anonymous request for ``path`` runs, from an empty cache; None if the
    page does not answer as it should (a page not built yet)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(Client(), kind.method)(path)
    if response.status_code != kind.status:
        return None
    return [query["sql"] for query in queries]


def difference(fewer, more):
    """The queries one run has and the other has not, as templates: a Counter."""
    at_fewer, at_more = Counter(map(template, fewer)), Counter(map(template, more))
    return (at_more - at_fewer) + (at_fewer - at_more)


def only_skipped_prefetches(one, fifty):
    """Whether fifty stories run what one story runs plus prefetches alone."""
    at_one, at_fifty = Counter(map(template, one)), Counter(map(template, fifty))
    return not (at_one - at_fifty) and all(map(is_prefetch, at_fifty - at_one))


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_stories():
    """Every page kind runs the same queries with 25 and with 50 public stories, and
    with 1 story the same but for prefetches of lists one story leaves empty."""
    world = make_world(stories=1)
    kinds = [kind for kind in PAGE_KINDS if kind.name != "preview"]  # one address, one use
    paths = {kind.name: kind.url(world) for kind in kinds}

    def measure():
        return {kind.name: queries_for(kind, paths[kind.name]) for kind in kinds}

    measure()  # fills the per-process caches
    one = measure()
    world.add_stories(24)
    twenty_five = measure()
    world.add_stories(25)
    fifty = measure()

    pending = {kind.name for kind in kinds if kind.pending}
    unanswered = {name for name in paths if None in (one[name], twenty_five[name], fifty[name])}
    assert unanswered - pending == set()
    measured = [name for name in paths if name not in unanswered]
    grown = {
        name: sorted(difference(twenty_five[name], fifty[name]))
        for name in measured
        if difference(twenty_five[name], fifty[name])
    }
    assert grown == {}
    not_prefetches = {
        name: (len(one[name]), len(fifty[name]))
        for name in measured
        if not only_skipped_prefetches(one[name], fifty[name])
    }
    assert not_prefetches == {}


@pytest.mark.django_db
def test_preview_link_queries_do_not_grow_with_stories():
    """A preview link's page (each address is used up by a visit) costs the same with 1
    and with 50 public stories."""
    world = make_world(stories=1)
    kind = next(kind for kind in PAGE_KINDS if kind.name == "preview")
    queries_for(kind, kind.url(world))
    one = queries_for(kind, kind.url(world))
    world.add_stories(49)
    assert difference(one, queries_for(kind, kind.url(world))) == Counter()


@pytest.mark.django_db
def test_prefixed_page_runs_the_same_queries_as_unprefixed():
    """A page under /en/ costs what the unprefixed page costs: the prefix is handled
    without touching the database."""
    world = make_world(stories=3)
    for kind in PAGE_KINDS:
        if not kind.html or kind.pending or kind.name in {"preview", "json_list"}:
            continue
        path = kind.url(world)
        queries_for(kind, path)
        prefixed, unprefixed = queries_for(kind, f"/en{path}"), queries_for(kind, path)
        assert list(map(template, prefixed)) == list(map(template, unprefixed)), kind.name
