"""Facet counts: for each value of each facet, the stories you would get by choosing it.

For a facet holding one value (section, byline, photographer, year, month,
origin, photos) choosing a value *switches* to it, so its counts are taken over
the stories every *other* active filter lets through. Tags are ANDed, so
choosing a tag *adds* it: tag counts are taken over the current results.
Choosing a year clears the month, so year counts ignore both.

The facets that are columns of a story (section, year, month, origin, photos)
come from one grouped pass: the stories every other filter lets through,
counted by (section, year, month, repost, has photos). Each of those facets'
counts, and the number of results, is then a sum over those few cells in
Python. Tags, bylines and photographers are one grouped query each. So a list
costs four counting queries whatever the number of values, and no ``COUNT(*)``.

Readers' lists keep the counts in the cache (``cached_count``) under a
generation that every committed change to a story or its parts renews, until
the next scheduled story goes live: at 100 000 stories a broad list's counts
take most of a second to compute, and they change far less often than they
are read.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Min
from django.db.models.functions import TruncMonth
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.formats import date_format
from taggit.models import Tag

from .filters import HasPhotos, Origin, has_photos, is_repost
from .models import (
    Article,
    ArticlePhoto,
    Byline,
    Contributor,
    Photo,
    SearchEntry,
    Section,
    TaggedArticle,
)

# The order facets are shown in.
NAMES = ("section", "tag", "contributor", "photographer", "year", "month", "origin", "photos")
# Facets whose values are chosen together (ANDed) rather than switched.
MULTIPLE = frozenset({"tag"})
# Facets counted from the one grouped pass over the stories' own columns.
COLUMNS = ("section", "year", "month", "origin", "photos")
GENERATION_KEY = "facets:generation"


@dataclass(frozen=True)
class Value:
    value: str
    label: str  # names from the database; "" where the interface names it (month, origin)
    count: int


@dataclass
class Counts:
    """What the facets would give: ``facets[name]`` lists Values, largest count first."""

    total: int
    facets: dict


@dataclass(frozen=True)
class Cell:
    section: int
    year: int
    month: int
    repost: bool
    photos: bool
    count: int


def _grouped(queryset, key, label, distinct=False):
    rows = (
        queryset.order_by().values(key, label)
        .annotate(n=Count("article_id" if distinct else "pk", distinct=distinct))
    )
    values = [Value(str(row[key]), row[label], row["n"]) for row in rows]
    return sorted(values, key=lambda v: (-v.count, v.label))


def _tags(stories):
    links = TaggedArticle.objects.filter(content_object__in=stories.order_by().values("pk"))
    return _grouped(links, "tag__slug", "tag__name")


def _contributors(stories):
    bylines = Byline.objects.filter(article__in=stories.order_by().values("pk"))
    return _grouped(bylines, "contributor__slug", "contributor__name")


def _photographers(stories):
    usages = ArticlePhoto.objects.filter(
        article__in=stories.order_by().values("pk"), photo__credit_contributor__isnull=False
    )
    # A photographer may have several photos in one story: count stories.
    return _grouped(
        usages, "photo__credit_contributor__slug", "photo__credit_contributor__name",
        distinct=True,
    )


def _cells(stories):
    # One truncated month rather than year and month: PostgreSQL's planner then
    # expects few groups and hashes them (200 ms at 100 000 stories) instead of
    # sorting every story on disk (700 ms).
    rows = stories.order_by().annotate(
        period=TruncMonth("publish_at"),
        repost=ExpressionWrapper(is_repost(), output_field=BooleanField()),
        with_photos=ExpressionWrapper(has_photos(), output_field=BooleanField()),
    ).values_list("section_id", "period", "repost", "with_photos").annotate(n=Count("pk"))
    return [
        Cell(section, period.year, period.month, bool(repost), bool(photos), n)
        for section, period, repost, photos, n in rows
    ]


def _matches(cell, name, value):
    if name == "section":
        return cell.section == value.pk
    if name == "year":
        return cell.year == value
    if name == "month":
        return cell.month == value
    if name == "origin":
        return cell.repost == (value == Origin.REPOST)
    return cell.photos == (value == HasPhotos.YES)


def _kept(cells, active, ignoring=()):
    """The cells every active column filter except ``ignoring`` keeps."""
    chosen = [(name, active[name]) for name in COLUMNS if name in active and name not in ignoring]
    return [cell for cell in cells if all(_matches(cell, n, v) for n, v in chosen)]


def _summed(cells, key):
    totals = {}
    for cell in cells:
        totals[key(cell)] = totals.get(key(cell), 0) + cell.count
    return totals


def _column_facets(cells, active):
    sections = _summed(_kept(cells, active, ignoring={"section"}), lambda c: c.section)
    years = _summed(_kept(cells, active, ignoring={"year", "month"}), lambda c: c.year)
    origins = _summed(_kept(cells, active, ignoring={"origin"}), lambda c: c.repost)
    photos = _summed(_kept(cells, active, ignoring={"photos"}), lambda c: c.photos)
    months = (
        _summed(_kept(cells, active, ignoring={"month"}), lambda c: c.month)
        if "year" in active else {}
    )
    return {
        "section": [
            Value(section.slug, section.name, sections[section.pk])
            for section in Section.objects.filter(pk__in=list(sections))
        ],
        "year": [Value(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)],
        "month": [Value(str(m), "", n) for m, n in sorted(months.items())],
        "origin": [
            Value(choice.value, "", origins.get(choice == Origin.REPOST, 0)) for choice in Origin
        ],
        "photos": [
            Value(choice.value, "", photos.get(choice == HasPhotos.YES, 0))
            for choice in HasPhotos
        ],
    }


def count(filterset):
    """Every facet's counts for ``filterset``'s state; empty when its input is invalid."""
    if filterset.is_bound and not filterset.form.is_valid():
        return Counts(total=0, facets={name: [] for name in NAMES})
    active = filterset.active
    cells = _cells(filterset.filtered(without=set(COLUMNS)))
    total = sum(cell.count for cell in _kept(cells, active))
    return Counts(total=total, facets={
        **_column_facets(cells, active),
        "tag": _tags(filterset.filtered()) if total else [],
        "contributor": _contributors(filterset.filtered(without={"contributor"})),
        "photographer": _photographers(filterset.filtered(without={"photographer"})),
    })


def month_label(year, month):
    return date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")


# Keeping counts for readers' lists.


def _state_key(filterset):
    state = []
    for name, value in sorted(filterset.active.items()):
        if name in MULTIPLE:
            value = sorted(tag.slug for tag in value)
        state.append((name, getattr(value, "slug", value)))
    return hashlib.sha256(repr(state).encode()).hexdigest()


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def _next_release(now):
    """When the next scheduled story goes live, changing what readers may see; or None."""
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, publish_at__gt=now
    ).aggregate(next=Min("publish_at"))["next"]


def kept_while_public_unchanged(key, compute, now):
    """``compute()`` for what is public at ``now``, kept in the cache under ``key`` until
    anything changes it: a story's change (a new generation) or the next scheduled
    release. The reader lists' counts and the archive's share it.

    ``NEWSDESK_FACET_CACHE_SECONDS`` bounds how long (a safety net for changes that
    send no signal, such as ``QuerySet.update()``); 0 turns keeping off.
    """
    seconds = settings.NEWSDESK_FACET_CACHE_SECONDS
    if not seconds:
        return compute()
    full_key = f"{_generation()}:{key}"
    kept = cache.get(full_key)
    if kept is not None:
        value, valid_until = kept
        if valid_until is None or now < valid_until:
            return value
    valid_until = _next_release(now)
    value = compute()
    cache.set(full_key, (value, valid_until), seconds)
    return value


def cached_count(filterset, now):
    """``count()`` for a list of what is public at ``now``, kept until anything changes it."""
    return kept_while_public_unchanged(
        f"facets:{_state_key(filterset)}", lambda: count(filterset), now
    )


def renew_generation():
    """Forget every kept count (they are keyed by generation)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


# What a kept count depends on, of a story's own fields (the words through SearchEntry).
COUNTED_FIELDS = frozenset({"status", "publish_at", "section", "source_name"})


def _changed(sender, instance=None, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    story = instance
    if isinstance(instance, SearchEntry):
        # Re-indexing a draft changes no public list either.
        story = Article.objects.filter(pk=instance.article_id).only("status").first()
    if isinstance(story, Article) and (
        # A draft's edits change no public list; a view count changes no count.
        story.status not in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN)
        or (story is instance and update_fields is not None
            and not COUNTED_FIELDS & set(update_fields))
    ):
        return
    # After the commit: a count computed between the change and its commit would
    # otherwise be kept under the new generation with the old data.
    transaction.on_commit(renew_generation)


def connect_signals():
    """Renew the generation on any change a list could show; from ArticlesConfig.ready()."""
    uid = "articles.facets"
    # SearchEntry: the words a search counts, written after the story's commit.
    parts = (ArticlePhoto, Byline, Contributor, Photo, SearchEntry, Section, Tag, TaggedArticle)
    for model in (Article, *parts):
        name = model.__name__
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save.{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete.{name}")
    m2m_changed.connect(_changed, sender=TaggedArticle, dispatch_uid=f"{uid}.tags")

