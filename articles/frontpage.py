"""What the home page shows: the desk's arrangement, with the rest filled by time.

``front_page()`` is the one place that decides it. The parts, top to bottom:

1. the headline (头条): the arranged one while it is public and its time lasts,
   otherwise the newest public story with a lead photo (the newest at all when
   none has one);
2. the pinned stories in the desk's order, each until its time runs out;
3. the section blocks in the desk's order, each with its section's newest
   stories (every section in its own order, four each, when the desk arranged
   none);
4. "latest": the newest stories not shown above;
5. "most read" over the last 24 hours and the last 7 days.

A story appears at most once in parts 1 to 4: each part leaves out what the
parts before it show. "Most read" is a ranking, so it may name a story again.

Only ``Article.objects.published()`` decides what is public: a pinned draft,
scheduled, embargoed or withdrawn story stays arranged and shows from the moment
it is public. The number of SQL queries is fixed, whatever the number of
stories, pins and blocks: all blocks' stories come from one query, each
section's ranked by a window function.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from .models import Article, ArticlePhoto, FrontPage, FrontPageBlock, FrontPagePin, Section
from .models.dates import EARLIEST_STORED
from .viewcounts import most_read

FRONT_PAGE_PK = 1
DEFAULT_BLOCK_SIZE = 4
LATEST_SIZE = 10
MOST_READ_SIZE = 5
DAY_HOURS = 24
WEEK_HOURS = 24 * 7


@dataclass
class Block:
    section: Section
    stories: list


@dataclass
class FrontPageContent:
    headline: Article | None = None
    pins: list = field(default_factory=list)
    blocks: list = field(default_factory=list)
    latest: list = field(default_factory=list)
    most_read_day: list = field(default_factory=list)
    most_read_week: list = field(default_factory=list)

    @property
    def is_empty(self):
        return self.headline is None


def front_page(now=None):
    """The home page's stories at ``now`` (default: this moment), part by part."""
    now = now or timezone.now()
    public = Article.objects.published(now)
    arrangement = FrontPage.objects.filter(pk=FRONT_PAGE_PK).first()
    pin_ids = _pinned_ids(now) if arrangement else []
    arranged_headline = _arranged_headline_id(arrangement, now)

    featured = _cards(public).filter(pk__in=[arranged_headline, *pin_ids]) \
        if arranged_headline or pin_ids else []
    featured = {story.pk: story for story in featured}
    headline = featured.get(arranged_headline) or _newest_with_photo(public)
    shown = {headline.pk} if headline else set()
    pins = []
    for pk in pin_ids:
        if pk in featured and pk not in shown:
            pins.append(featured[pk])
            shown.add(pk)

    blocks = _blocks(public, _block_sizes(arrangement), shown)
    for block in blocks:
        shown.update(story.pk for story in block.stories)
    latest = list(public.for_listing().exclude(pk__in=shown)[:LATEST_SIZE])
    return FrontPageContent(
        headline=headline, pins=pins, blocks=blocks, latest=latest,
        most_read_day=list(most_read(DAY_HOURS, MOST_READ_SIZE, now=now)),
        most_read_week=list(most_read(WEEK_HOURS, MOST_READ_SIZE, now=now)),
    )


def _cards(stories):
    """Story cards with what the headline prints beyond a list card (引题)."""
    return stories.for_listing().annotate(front_kicker=F("kicker"))


def _arranged_headline_id(arrangement, now):
    if arrangement is None or arrangement.headline_id is None:
        return None
    if arrangement.headline_until is not None and arrangement.headline_until <= now:
        return None
    return arrangement.headline_id


def _pinned_ids(now):
    """The pinned stories' ids in the desk's order, expired pins left out."""
    return list(
        FrontPagePin.objects.filter(front_page_id=FRONT_PAGE_PK)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .order_by("order", "id")
        .values_list("article_id", flat=True)
    )


def _newest_with_photo(public):
    """The headline nobody chose: the newest story with a lead photo, else the newest."""
    with_photo = Exists(ArticlePhoto.objects.filter(article=OuterRef("pk"), is_lead=True))
    stories = _cards(public).order_by("-publish_at", "-pk")
    return stories.filter(with_photo).first() or stories.first()


def _block_sizes(arrangement):
    """[(section, size)] in the page's order: the desk's blocks, or every section."""
    if arrangement is not None:
        blocks = list(
            FrontPageBlock.objects.filter(front_page_id=FRONT_PAGE_PK)
            .select_related("section").order_by("order", "id")
        )
        if blocks:
            return [(block.section, block.size) for block in blocks]
    return [(section, DEFAULT_BLOCK_SIZE) for section in Section.objects.all()]


def _blocks(public, sizes, shown):
    """Every block's stories in one query: each section's newest, numbered by a window.

    The window alone would number every public story of every arranged section
    (about a second at 100 000 stories on PostgreSQL). So each section's rows are
    first bounded by the publication time of its ``size``-th newest story, a scalar
    subquery the database answers once from the (section, status, publish_at)
    index; the window then numbers only those few rows and cuts ties exactly.
    """
    if not sizes:
        return []
    candidates = public.exclude(pk__in=shown)
    newest_first = [F("publish_at").desc(), F("pk").desc()]
    size_of_section = Case(
        *(When(section_id=section.pk, then=Value(size)) for section, size in sizes),
        default=Value(0),
    )
    ranked = (
        candidates.filter(reduce(or_, (
            Q(section_id=section.pk, publish_at__gte=_cutoff(candidates, section, size))
            for section, size in sizes
        )))
        .annotate(
            place=Window(RowNumber(), partition_by=[F("section_id")], order_by=newest_first),
            block_size=size_of_section,
        )
        .filter(place__lte=F("block_size"))
        .for_listing()
        .order_by("section_id", "place")
    )
    by_section = {}
    for story in ranked:
        by_section.setdefault(story.section_id, []).append(story)
    return [
        Block(section, by_section[section.pk])
        for section, _size in sizes if section.pk in by_section
    ]


def _cutoff(candidates, section, size):
    """The publication time of the section's ``size``-th newest story (any, if fewer)."""
    nth = (
        candidates.filter(section_id=section.pk)
        .order_by("-publish_at", "-pk").values("publish_at")[size - 1:size]
    )
    return Coalesce(Subquery(nth), Value(EARLIEST_STORED))
