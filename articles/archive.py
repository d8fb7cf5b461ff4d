"""The date archive's logic: periods by the site's local date, their counts and neighbours.

A story belongs to the day its ``publish_at`` falls on in the site's time zone
(``TIME_ZONE``, Asia/Shanghai): 2024-01-20 23:30 in Shanghai is 15:30 UTC and
belongs to the 20th. Every period is a half-open range of aware datetimes
``[start, end)``, so the database compares stored UTC values against the
local day's bounds and an index on ``publish_at`` serves every query.

Only ``Article.objects.published()`` is looked at. Impossible dates (month 13,
February 30th, year 0 or 99999) are ``None``, which views answer with a 404:
years are kept between the bounds every stored date respects (``dates.py``),
so no bound ever overflows a database's date range.

Counts are kept in the cache as the reader lists' facet counts are
(``articles.facets``): under the same generation, renewed by any change a
public list could show, and only until the next scheduled story goes live.
The index counts every public story (half a second at 100 000 on PostgreSQL):
kept, it costs a cache read.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDay, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import facets
from .models import Article
from .models.dates import EARLIEST_YEAR, LATEST_YEAR

YEAR, MONTH, DAY = "year", "month", "day"


def _local(naive):
    return timezone.make_aware(naive, timezone.get_default_timezone())


@dataclass(frozen=True)
class Period:
    """A year, a month or a day of the site's calendar."""

    kind: str
    year: int
    month: int = 1
    day: int = 1

    @property
    def first_day(self):
        return date(self.year, self.month, self.day)

    @property
    def start(self):
        return _local(datetime(self.year, self.month, self.day))

    @property
    def end(self):
        if self.kind == YEAR:
            following = date(self.year + 1, 1, 1)
        elif self.kind == MONTH:
            following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        else:
            following = self.first_day + timedelta(days=1)
        return _local(datetime(following.year, following.month, following.day))

    @property
    def parent(self):
        if self.kind == DAY:
            return Period(MONTH, self.year, self.month)
        if self.kind == MONTH:
            return Period(YEAR, self.year)
        return None

    @property
    def ancestors(self):
        """The enclosing periods, the year first: the breadcrumb above this one."""
        found, current = [], self.parent
        while current is not None:
            found.insert(0, current)
            current = current.parent
        return found

    @property
    def label(self):
        if self.kind == YEAR:
            return _("Year %(year)d") % {"year": self.year}
        if self.kind == MONTH:
            return date_format(self.first_day, "YEAR_MONTH_FORMAT")
        return date_format(self.first_day, "DATE_FORMAT")

    @property
    def short_label(self):
        """The name inside its parent: the month of a year, the day of a month."""
        if self.kind == MONTH:
            return date_format(self.first_day, "F")
        if self.kind == DAY:
            return date_format(self.first_day, "MONTH_DAY_FORMAT")
        return str(self.year)

    def get_absolute_url(self):
        # Zero-padded, as readers and the sample's dates write them: /archive/2024/01/20/.
        kwargs = {"year": f"{self.year:04d}"}
        if self.kind in (MONTH, DAY):
            kwargs["month"] = f"{self.month:02d}"
        if self.kind == DAY:
            kwargs["day"] = f"{self.day:02d}"
        return reverse(f"articles:archive_{self.kind}", kwargs=kwargs)

    def stories(self):
        """The period's public stories, newest first, ready for story cards."""
        return (
            Article.objects.published()
            .filter(publish_at__gte=self.start, publish_at__lt=self.end)
            .order_by("-publish_at", "-pk")
            .for_listing()
        )


def period(year, month=None, day=None):
    """The period the address names, or ``None`` for a date that does not exist."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    if month is None:
        return Period(YEAR, year)
    if day is None:
        return Period(MONTH, year, month) if 1 <= month <= 12 else None
    try:
        date(year, month, day)
    except (ValueError, OverflowError):  # day 32, February 30th; 20 digits overflow C
        return None
    return Period(DAY, year, month, day)


def _period_of(moment, kind):
    local = timezone.localtime(moment, timezone.get_default_timezone())
    if kind == YEAR:
        return Period(YEAR, local.year)
    if kind == MONTH:
        return Period(MONTH, local.year, local.month)
    return Period(DAY, local.year, local.month, local.day)


def neighbours(current):
    """The nearest earlier and later periods of the same kind that have public stories.

    Two indexed queries (the newest story before, the oldest after), whatever
    the number of stories.
    """
    public = Article.objects.published()
    before = (
        public.filter(publish_at__lt=current.start).order_by("-publish_at")
        .values_list("publish_at", flat=True).first()
    )
    after = (
        public.filter(publish_at__gte=current.end).order_by("publish_at")
        .values_list("publish_at", flat=True).first()
    )
    return (
        _period_of(before, current.kind) if before else None,
        _period_of(after, current.kind) if after else None,
    )


@dataclass(frozen=True)
class PeriodCount:
    period: Period
    count: int


def _kept(name, compute):
    """``compute()``, kept until a change or a release alters what is public."""
    return facets.kept_while_public_unchanged(f"archive:{name}", compute, timezone.now())


def _grouped(queryset, trunc):
    """``{local date: count}`` of ``queryset`` grouped by a truncation, in one query."""
    tz = timezone.get_default_timezone()
    rows = (
        queryset.order_by()
        .annotate(period=trunc("publish_at", tzinfo=tz))
        .values_list("period").annotate(n=Count("pk"))
    )
    return {timezone.localtime(moment, tz).date(): n for moment, n in rows}


@dataclass(frozen=True)
class YearSummary:
    period: Period
    count: int
    months: list  # PeriodCount of each month with stories, in calendar order


def years():
    """Every year with public stories, newest first, with its months: one query."""
    by_month = _kept("months", lambda: _grouped(Article.objects.published(), TruncMonth))
    found = {}
    for first, n in sorted(by_month.items()):
        month = Period(MONTH, first.year, first.month)
        found.setdefault(first.year, []).append(PeriodCount(month, n))
    return [
        YearSummary(Period(YEAR, year), sum(c.count for c in months), months)
        for year, months in sorted(found.items(), reverse=True)
    ]


def _within(current):
    return Article.objects.published().filter(
        publish_at__gte=current.start, publish_at__lt=current.end
    )


def months(year):
    """The twelve months of ``year`` with their counts (0 for a month without stories)."""
    counts = _kept(f"{year.year}", lambda: _grouped(_within(year), TruncMonth))
    return [
        PeriodCount(Period(MONTH, year.year, month), counts.get(date(year.year, month, 1), 0))
        for month in range(1, 13)
    ]


def days(month):
    """The days of ``month`` that have public stories, with their counts: one query."""
    counts = _kept(
        f"{month.year}-{month.month}", lambda: _grouped(_within(month), TruncDay)
    )
    return [
        PeriodCount(Period(DAY, day.year, day.month, day.day), n)
        for day, n in sorted(counts.items())
    ]


def story_count(day):
    return _kept(f"{day.year}-{day.month}-{day.day}", lambda: _within(day).count())
