"""Facet counts (articles.facets) equal a brute-force count over the same stories.

Hypothesis builds a small newsroom (public stories and ones readers must not
see, publication times on the edges of months and years in Asia/Shanghai,
reposts, photos with and without a credited photographer) and a filter state;
every facet value's count must be what a reader gets by choosing that value,
counted in plain Python over the stories as they were built.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from articles import facets
from articles.filters import StoryFilter
from articles.models import Article, ArticlePhoto, Byline

from . import test_search
from .factories import ArticleFactory, ContributorFactory, PhotoFactory, SectionFactory

pytestmark = pytest.mark.django_db

committed = test_search.committed  # `with committed():` writes the search index

SHANGHAI = ZoneInfo("Asia/Shanghai")
SECTIONS = ("city", "sport", "culture")
TAGS = ("tag-a", "tag-b", "tag-c", "tag-d", "tag-e")
# Bylines go to the first four; photos are credited to the last three (two of whom
# also write) or to a free name, so "has photos" and "has a photographer" differ.
CONTRIBUTORS = ("c0", "c1", "c2", "c3", "c4")
BYLINE_CONTRIBUTORS = CONTRIBUTORS[:4]
PHOTO_CREDITS = ("c2", "c2", "c3", "c4", None)  # two photos by c2: one story counts once
WORDS = ("碳金融", "黄鹤楼", "昙华林")
QUERIES = ("碳金融", "黄鹤楼", "碳金融 黄鹤楼", "量子")
STATES = ("public", "public", "public", "draft", "submitted", "scheduled", "withdrawn")

# Local times around the turn of a month or a year: in UTC, most fall in the other one.
EDGES = [
    datetime(2023, 12, 31, 23, 30),
    datetime(2023, 12, 31, 23, 59, 59, 999999),
    datetime(2024, 1, 1, 0, 0),
    datetime(2024, 1, 1, 7, 59),
    datetime(2024, 1, 31, 23, 59),
    datetime(2024, 2, 1, 0, 0),
    datetime(2024, 2, 29, 23, 45),
    datetime(2023, 2, 28, 23, 59),
    datetime(2023, 3, 1, 0, 30),
    datetime(2022, 1, 1, 0, 0),
    datetime(2022, 12, 31, 16, 0),
]
local_times = st.one_of(
    st.sampled_from(EDGES),
    st.datetimes(min_value=datetime(2022, 1, 1), max_value=datetime(2024, 12, 31, 23, 59)),
).map(lambda moment: moment.replace(tzinfo=SHANGHAI))

story_specs = st.fixed_dictionaries({
    "state": st.sampled_from(STATES),
    "section": st.sampled_from(SECTIONS),
    "tags": st.frozensets(st.sampled_from(TAGS), max_size=3),
    "bylines": st.lists(st.sampled_from(BYLINE_CONTRIBUTORS), max_size=2, unique=True),
    "photos": st.lists(st.sampled_from(range(len(PHOTO_CREDITS))), max_size=3, unique=True),
    "time": local_times,
    "repost": st.booleans(),
    "words": st.frozensets(st.sampled_from(WORDS), max_size=2),
})


@st.composite
def filter_states(draw):
    """Any combination of facets a reader can reach, with a month only beside a year."""
    state = draw(st.fixed_dictionaries({}, optional={
        "section": st.sampled_from(SECTIONS),
        "tag": st.lists(st.sampled_from(TAGS), min_size=1, max_size=2, unique=True),
        "contributor": st.sampled_from(CONTRIBUTORS),
        "photographer": st.sampled_from(CONTRIBUTORS),
        "year": st.integers(2021, 2025),
        "origin": st.sampled_from(("original", "repost")),
        "photos": st.sampled_from(("yes", "no")),
        "q": st.sampled_from(QUERIES),
    }))
    if "year" in state and draw(st.booleans()):
        state["month"] = draw(st.integers(1, 12))
    return state


@dataclass(frozen=True)
class Story:
    """What a reader may filter a story by, as it was built."""

    public: bool
    section: str
    tags: frozenset
    contributors: frozenset
    photographers: frozenset
    has_photos: bool
    local_time: datetime
    repost: bool
    words: frozenset


@dataclass
class Newsroom:
    sections: dict
    tags: dict
    contributors: dict
    photos: list


@pytest.fixture
def newsroom():
    """Sections, tags, people and photos the random stories draw from (kept between examples)."""
    contributors = {slug: ContributorFactory(slug=slug) for slug in CONTRIBUTORS}
    return Newsroom(
        sections={
            slug: SectionFactory(slug=slug, order=index) for index, slug in enumerate(SECTIONS)
        },
        tags={slug: Tag.objects.create(name=f"标签{slug}", slug=slug) for slug in TAGS},
        contributors=contributors,
        photos=[
            PhotoFactory(credit_contributor=contributors[slug]) if slug
            else PhotoFactory(credit_name="新华社")
            for slug in PHOTO_CREDITS
        ],
    )


def build(newsroom, spec, now):
    """One story in the database as ``spec`` says; its Story as a reader filters it."""
    state, moment = spec["state"], spec["time"]
    fields = {"status": Article.Status.PUBLISHED, "publish_at": moment}
    if state == "draft":
        fields = {"status": Article.Status.DRAFT, "publish_at": moment}
    elif state == "submitted":
        fields = {"status": Article.Status.SUBMITTED, "publish_at": moment}
    elif state == "scheduled":
        # Later this year or next: a year facet must not count it yet.
        fields["publish_at"] = now + timedelta(days=moment.timetuple().tm_yday, minutes=1)
    elif state == "withdrawn":
        fields = {"status": Article.Status.WITHDRAWN, "publish_at": moment,
                  "withdrawn_at": moment + timedelta(hours=1)}
    article = ArticleFactory(
        title=" ".join(["稿件", *sorted(spec["words"])]),
        section=newsroom.sections[spec["section"]],
        source_name="新华社" if spec["repost"] else "",
        **fields,
    )
    article.tags.add(*(newsroom.tags[slug] for slug in spec["tags"]))
    for order, slug in enumerate(spec["bylines"]):
        Byline.objects.create(article=article, contributor=newsroom.contributors[slug],
                              order=order)
    for order, index in enumerate(spec["photos"]):
        ArticlePhoto.objects.create(article=article, photo=newsroom.photos[index],
                                    order=order, is_lead=order == 0)
    return Story(
        public=state == "public",
        section=spec["section"],
        tags=spec["tags"],
        contributors=frozenset(spec["bylines"]),
        photographers=frozenset(
            PHOTO_CREDITS[index] for index in spec["photos"] if PHOTO_CREDITS[index]
        ),
        has_photos=bool(spec["photos"]),
        local_time=fields["publish_at"].astimezone(SHANGHAI),
        repost=spec["repost"],
        words=spec["words"],
    )


# The brute force: a filter state applied to the stories in plain Python.


def matches(story, state):
    """Whether a reader with filters ``state`` is shown ``story``."""
    moment = story.local_time
    return story.public and all((
        state.get("section", story.section) == story.section,
        set(state.get("tag", ())) <= story.tags,
        "contributor" not in state or state["contributor"] in story.contributors,
        "photographer" not in state or state["photographer"] in story.photographers,
        state.get("year", moment.year) == moment.year,
        state.get("month", moment.month) == moment.month,
        state.get("origin", "repost" if story.repost else "original")
        == ("repost" if story.repost else "original"),
        state.get("photos", "yes" if story.has_photos else "no")
        == ("yes" if story.has_photos else "no"),
        set(state.get("q", "").split()) <= story.words,
    ))


def chosen(state, name, value):
    """The state after choosing ``value``: tags are added, other facets switched."""
    state = dict(state)
    if name == "tag":
        state["tag"] = [*state.get("tag", ()), value]
        return state
    if name == "year":
        state.pop("month", None)  # choosing a year clears the month
    state[name] = value
    return state


def candidates(name, state, stories):
    if name == "month":
        return range(1, 13) if "year" in state else ()
    return {
        "section": SECTIONS, "tag": TAGS, "contributor": CONTRIBUTORS,
        "photographer": CONTRIBUTORS, "origin": ("original", "repost"),
        "photos": ("yes", "no"), "year": {story.local_time.year for story in stories},
    }[name]


def brute_force(stories, state):
    """(total, {facet: {value: count}}) with the values that have stories."""
    def count(some_state):
        return sum(matches(story, some_state) for story in stories)

    expected = {}
    for name in facets.NAMES:
        counted = {
            str(value): count(chosen(state, name, value))
            for value in candidates(name, state, stories)
        }
        expected[name] = {value: n for value, n in counted.items() if n}
    return count(state), expected


def query_dict(state):
    data = QueryDict(mutable=True)
    for name, value in state.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = str(value)
    return data


def counted(state):
    """(total, {facet: {value: count}}) as the site counts them, and the filter's results."""
    stories = StoryFilter(query_dict(state), queryset=Article.objects.published())
    found = facets.count(stories)
    assert found.total == stories.qs.count()
    by_facet = {}
    for name in facets.NAMES:
        values = [value.value for value in found.facets[name]]
        assert len(values) == len(set(values)), f"{name} lists a value twice: {values}"
        by_facet[name] = {value.value: value.count for value in found.facets[name] if value.count}
    return found.total, by_facet


# Examples Hypothesis might take a while to find, always tried first.
EDGE_STORY = {
    "state": "public", "section": "city", "tags": frozenset({"tag-a"}), "bylines": ["c2"],
    "photos": [0, 1], "time": datetime(2024, 1, 1, 0, 30, tzinfo=SHANGHAI), "repost": False,
    "words": frozenset({"碳金融"}),
}
HIDDEN = [
    {**EDGE_STORY, "state": state, "time": datetime(2023, 12, 31, 23, 30, tzinfo=SHANGHAI)}
    for state in ("draft", "submitted", "scheduled", "withdrawn")
]


@settings(
    max_examples=40, deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
@given(specs=st.lists(story_specs, max_size=15), state=filter_states())
@example(specs=[EDGE_STORY, *HIDDEN], state={"year": 2024, "month": 1})
@example(specs=[EDGE_STORY, {**EDGE_STORY, "time": HIDDEN[0]["time"]}],
         state={"year": 2024, "month": 2})
@example(specs=[EDGE_STORY, *HIDDEN], state={"year": 2023, "photographer": "c2"})
@example(
    specs=[EDGE_STORY, {**EDGE_STORY, "repost": True, "photos": [4], "section": "sport"}],
    state={"tag": ["tag-a"], "photos": "yes", "origin": "original", "q": "碳金融"},
)
def test_facet_counts_equal_brute_force_counts(newsroom, committed, specs, state):
    """Every facet value counts the stories choosing it would list (switching a single-value
    facet, adding a tag, a year clearing the month), the total counts the results, and
    stories readers cannot see (draft, in review, scheduled, withdrawn) count nowhere."""
    now = timezone.now()
    with transaction.atomic():
        with committed():  # the search index is written after the commit
            stories = [build(newsroom, spec, now) for spec in specs]
        total, by_facet = counted(state)
        expected_total, expected = brute_force(stories, state)
        assert total == expected_total
        assert by_facet == expected
        assert Article.objects.published().count() == sum(story.public for story in stories)
        transaction.set_rollback(True)
