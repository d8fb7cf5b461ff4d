"""Every kind of page an anonymous reader (or a reader's software) can open, for the
sweeps that must hold on all of them: no cookie, an exact Vary (test_cookie_free.py),
and a fixed number of queries whatever the number of stories (test_query_budget.py).

A ``World`` is one of everything a reader can reach, with ``n`` public stories in
one section, under one tag, by one person, on one day, each with a lead photo; the
table ``PAGE_KINDS`` says how to reach each kind of page in it. A route added to the
reader site without a row here fails ``test_every_reader_route_is_swept``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from articles import previews
from articles.models import InfoPage

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    SectionFactory,
    UserFactory,
)

TAG = "武昌区"
WORD = "武昌"  # in every story's title, for the search page


@dataclass
class World:
    section: object
    person: object
    stories: list = field(default_factory=list)
    chief: object = None
    info_page: object = None
    draft: object = None
    withdrawn: object = None

    @property
    def story(self):
        """The first story: the one whose page is opened."""
        return self.stories[0]

    @property
    def day(self):
        return timezone.localtime(self.story.publish_at).date()

    def add_stories(self, count):
        """``count`` more public stories like the others, each a minute older."""
        now = timezone.now()
        for _ in range(count):
            minutes = len(self.stories) + 1
            story = ArticleFactory(
                published=True,
                publish_at=now - timedelta(minutes=minutes),
                title=f"{WORD}新闻{minutes}",
                section=self.section,
                tags=[TAG],
                view_count=minutes,
            )
            BylineFactory(article=story, contributor=self.person)
            ArticlePhotoFactory(article=story)
            self.stories.append(story)
        return self


def make_world(stories=1):
    """One of everything: ``stories`` public stories, a draft, a withdrawn story, an
    about page and a preview link."""
    world = World(
        section=SectionFactory(name="要闻", slug="news"),
        person=ContributorFactory(name="杨蔚", slug="yang-wei"),
        chief=UserFactory(username="chief", is_superuser=True),
    )
    world.add_stories(stories)
    world.info_page = InfoPage.objects.create(title="关于我们", slug="about", body="本报简介。")
    world.draft = ArticleFactory(title=f"{WORD}草稿", section=world.section)
    world.withdrawn = ArticleFactory(withdrawn=True, section=world.section)
    return world


@dataclass(frozen=True)
class PageKind:
    """One kind of page: how to reach it in a world, and what it answers."""

    name: str  # a route of the articles namespace, or a label for pages with none
    url: Callable[[World], str]
    status: int = 200
    method: str = "get"
    html: bool = True  # a page in the reader's language (so Vary: Accept-Language)
    # A reason if the page is not built yet: the sweep expects it to fail, not strictly.
    pending: str = ""

    @property
    def marks(self):
        if self.pending:
            return [pytest.mark.xfail(reason=self.pending, strict=False)]
        return []

    def param(self):
        return pytest.param(self, id=self.name, marks=self.marks)


def url(name, **kwargs):
    return reverse(f"articles:{name}", kwargs=kwargs or None)


PAGE_KINDS = [
    PageKind("home", lambda w: url("home")),
    PageKind("search", lambda w: f"{url('search')}?q={WORD}"),
    PageKind("detail", lambda w: w.story.get_absolute_url()),
    PageKind("section", lambda w: url("section", slug=w.section.slug)),
    PageKind("tag", lambda w: url("tag", slug=TAG)),
    PageKind("contributor", lambda w: url("contributor", slug=w.person.slug)),
    PageKind("archive", lambda w: url("archive")),
    PageKind("archive_year", lambda w: url("archive_year", year=w.day.year)),
    PageKind(
        "archive_month", lambda w: url("archive_month", year=w.day.year, month=w.day.month)
    ),
    PageKind(
        "archive_day",
        lambda w: url("archive_day", year=w.day.year, month=w.day.month, day=w.day.day),
    ),
    PageKind("info_page", lambda w: w.info_page.get_absolute_url()),
    PageKind("preview", lambda w: previews.link_path(previews.create(w.draft, by=w.chief))),
    PageKind("seen", lambda w: url("seen", short_id=w.story.short_id), status=204,
             method="post", html=False),
    PageKind("robots_txt", lambda w: url("robots_txt"), html=False),
    PageKind("favicon", lambda w: url("favicon"), html=False),
    PageKind("manifest", lambda w: url("manifest"), html=False),
    PageKind("feed", lambda w: url("feed"), html=False),
    PageKind("feed_atom", lambda w: url("feed_atom"), html=False),
    PageKind("section_feed", lambda w: url("section_feed", slug=w.section.slug), html=False),
    PageKind("section_feed_atom", lambda w: url("section_feed_atom", slug=w.section.slug),
             html=False),
    PageKind("tag_feed", lambda w: url("tag_feed", slug=TAG), html=False),
    PageKind("tag_feed_atom", lambda w: url("tag_feed_atom", slug=TAG), html=False),
    PageKind("contributor_feed", lambda w: url("contributor_feed", slug=w.person.slug),
             html=False),
    PageKind("contributor_feed_atom",
             lambda w: url("contributor_feed_atom", slug=w.person.slug), html=False),
    PageKind("sitemap", lambda w: url("sitemap"), html=False),
    *(
        PageKind(f"sitemap_section:{section}",
                 lambda w, section=section: url("sitemap_section", section=section), html=False)
        for section in ("articles", "sections", "tags", "people", "news")
    ),
    # Pages with no route of their own.
    PageKind("not_found", lambda w: "/no-such-page/", status=404),
    PageKind("withdrawn", lambda w: w.withdrawn.get_absolute_url(), status=410),
    PageKind("json_list", lambda w: f"{url('search')}?format=json", html=True),
]

# Reader routes that are not pages of their own, and why.
NOT_SWEPT = {}


def reader_route_names():
    """Every route name of the reader site (the articles namespace)."""
    _prefix, resolver = get_resolver().namespace_dict["articles"]
    return {key for key in resolver.reverse_dict if isinstance(key, str)}
