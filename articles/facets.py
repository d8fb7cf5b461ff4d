"""Facet counts: for each value of each facet, the stories you would get by choosing it.

For a facet holding one value (section, byline, photographer, year, month,
origin, photos) choosing a value *switches* to it, so its counts are taken over
the stories every *other* active filter lets through. Tags are ANDed, so
choosing a tag *adds* it: tag counts are taken over the current results.
Choosing a year clears the month, so year counts ignore both.

Each facet is one grouped query, whatever the number of values (origin and
photos share one), and the number of results comes free from the section
counts (every story has exactly one section): no separate ``COUNT(*)``.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.formats import date_format

from .filters import HasPhotos, Origin, has_photos, is_repost
from .models import ArticlePhoto, Byline, TaggedArticle

# The order facets are shown in.
NAMES = ("section", "tag", "contributor", "photographer", "year", "month", "origin", "photos")
# Facets whose values are chosen together (ANDed) rather than switched.
MULTIPLE = frozenset({"tag"})


@dataclass(frozen=True)
class Value:
    value: str
    label: str
    count: int


@dataclass
class Counts:
    """What the facets would give: ``facets[name]`` lists Values, largest count first."""

    total: int
    facets: dict


def _grouped(queryset, key, label, distinct=False):
    rows = (
        queryset.order_by().values(key, label)
        .annotate(n=Count("article_id" if distinct else "pk", distinct=distinct))
    )
    return [Value(str(row[key]), row[label], row["n"]) for row in rows]


def _ranked(values):
    return sorted(values, key=lambda v: (-v.count, v.label))


def _sections(stories):
    rows = stories.order_by().values("section__slug", "section__name", "section__order")
    rows = rows.annotate(n=Count("pk"))
    rows = sorted(rows, key=lambda row: (row["section__order"], row["section__name"]))
    return [Value(row["section__slug"], row["section__name"], row["n"]) for row in rows]


def _tags(stories):
    links = TaggedArticle.objects.filter(content_object__in=stories.order_by().values("pk"))
    return _ranked(_grouped(links, "tag__slug", "tag__name"))


def _contributors(stories):
    bylines = Byline.objects.filter(article__in=stories.order_by().values("pk"))
    return _ranked(_grouped(bylines, "contributor__slug", "contributor__name"))


def _photographers(stories):
    usages = ArticlePhoto.objects.filter(
        article__in=stories.order_by().values("pk"), photo__credit_contributor__isnull=False
    )
    # A photographer may have several photos in one story: count stories.
    return _ranked(_grouped(
        usages, "photo__credit_contributor__slug", "photo__credit_contributor__name",
        distinct=True,
    ))


def _years(stories):
    rows = (
        stories.order_by().annotate(year=ExtractYear("publish_at")).values("year")
        .annotate(n=Count("pk")).order_by("-year")
    )
    return [Value(str(row["year"]), str(row["year"]), row["n"]) for row in rows]


def _months(stories, year):
    rows = (
        stories.order_by().annotate(month=ExtractMonth("publish_at")).values("month")
        .annotate(n=Count("pk")).order_by("month")
    )
    return [Value(str(row["month"]), month_label(year, row["month"]), row["n"]) for row in rows]


def month_label(year, month):
    return date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")


def _origin_and_photos(stories, active):
    # Origin counts keep an active photos filter and photos counts keep an active
    # origin filter, so both come from one pass over the stories without either.
    origin_kept = _condition("origin", active.get("origin"))
    photos_kept = _condition("photos", active.get("photos"))
    totals = stories.order_by().aggregate(**{
        Origin.ORIGINAL: Count("pk", filter=~is_repost() & photos_kept),
        Origin.REPOST: Count("pk", filter=is_repost() & photos_kept),
        HasPhotos.YES: Count("pk", filter=has_photos() & origin_kept),
        HasPhotos.NO: Count("pk", filter=~has_photos() & origin_kept),
    })
    return (
        [Value(choice.value, choice.label, totals[choice.value]) for choice in Origin],
        [Value(choice.value, choice.label, totals[choice.value]) for choice in HasPhotos],
    )


def _condition(name, value):
    if not value:
        return Q()
    if name == "origin":
        return is_repost() if value == Origin.REPOST else ~is_repost()
    return has_photos() if value == HasPhotos.YES else ~has_photos()


def count(filterset):
    """Every facet's counts for ``filterset``'s state; empty when its input is invalid."""
    if filterset.is_bound and not filterset.form.is_valid():
        return Counts(total=0, facets={name: [] for name in NAMES})
    active = filterset.active
    sections = _sections(filterset.filtered(without={"section"}))
    if "section" in active:
        chosen = active["section"].slug
        total = sum(value.count for value in sections if value.value == chosen)
    else:
        total = sum(value.count for value in sections)
    origins, photos = _origin_and_photos(filterset.filtered(without={"origin", "photos"}), active)
    facets = {
        "section": sections,
        "tag": _tags(filterset.filtered()) if total else [],
        "contributor": _contributors(filterset.filtered(without={"contributor"})),
        "photographer": _photographers(filterset.filtered(without={"photographer"})),
        "year": _years(filterset.filtered(without={"year", "month"})),
        "month": (
            _months(filterset.filtered(without={"month"}), active["year"])
            if "year" in active else []
        ),
        "origin": origins,
        "photos": photos,
    }
    return Counts(total=total, facets=facets)

