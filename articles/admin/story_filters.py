"""The article changelist's sidebar: the reader site's StoryFilter, and the review level.

Each ``StoryListFilter`` names StoryFilter fields, which are also its
query-string parameters, as on the reader site
(``?section=…&tag=…&tag=…&contributor=…&year=2024&month=3``), and filters
nothing itself: it parses the values with StoryFilter's form and applies
StoryFilter's filter methods, so "byline" or "with photos" cannot mean one
thing to readers and another to editors. StoryFilter's ``q`` is the
changelist's search box (``ArticleAdmin.get_search_results``, the same index).

A value StoryFilter refuses (``?year=abc``, a slug nobody has, ten thousand
characters, a NUL) lists no stories and the filter says why, as the reader site
does: a mistyped address never looks like "every story", and nothing is looked
up as typed. (Django's own answer, a redirect to ``?e=1``, drops every filter
and lists every story without a word.)

Tags, bylines and photographers have hundreds of values: each of those filters
lists whatever is chosen and the ``MOST_USED`` most used in the latest
``RECENT`` stories, counted in one grouped query. Those are the names an editor
is after, and the query costs the same at 100 000 stories as at 3 000 (over the
whole archive, three such counts took 400 ms). The years are those between the
first and the last publication time, and a chosen year's months all twelve: no
scan for which ones hold stories. Options are queried only when the sidebar is
drawn.
"""

from abc import ABCMeta, abstractmethod
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Count, Max, Min, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..facets import month_label
from ..filters import MAX_TAGS, HasPhotos, Origin, StoryFilter
from ..models import Article, Contributor, Section
from ..models.articles import MAX_REVIEW_LEVELS
from .photo_filters import ChoiceFilter

MOST_USED = 30
RECENT = 2000
MONTHS = range(1, 13)


@dataclass(frozen=True)
class Option:
    """One choice in a filter's list: the query-string values that choose it (None
    removes one)."""

    label: str
    params: dict
    selected: bool


def most_used(objects, story):
    """The MOST_USED of ``objects`` in the most of the latest RECENT stories, most first.

    ``story`` is the path from an object to a story it is used in. One query; the
    latest stories are the newest ids, found on the primary key's index.
    """
    recent = Article.objects.order_by("-pk").values("pk")[:RECENT]
    return list(
        objects.filter(**{f"{story}__in": recent})
        .annotate(uses=Count(story, distinct=True))
        .order_by("-uses", "name", "pk")[:MOST_USED]
    )


def people_labels(people):
    """Names, with the organisation added where two people share a name (同名同姓)."""
    names = [person.name for person in people]
    return {
        person: f"{person.name} ({person.organisation})"
        if names.count(person.name) > 1 and person.organisation else person.name
        for person in people
    }


class StoryListFilter(admin.ListFilter, metaclass=ABCMeta):
    """StoryFilter's fields ``names`` as one changelist filter; subclasses list ``options()``."""

    names = ()
    label = None  # the title, when not the first field's label
    template = "admin/articles/article/story_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        data = QueryDict(mutable=True)
        for name in self.names:
            if name in params:
                self.used_parameters[name] = params.pop(name)
                data.setlist(name, self.used_parameters[name])
        self.story_filter = StoryFilter(data, queryset=model._default_manager.none())

    @property
    def title(self):
        label = str(self.label or StoryFilter.base_filters[self.names[0]].label)
        # As Django titles its own filters, by lower-case verbose names: "By section".
        return label[:1].lower() + label[1:]

    def has_output(self):
        # Drawn even before there is anything to list: Django applies only the
        # filters it draws, and asking whether there is would cost a query.
        return True

    def expected_parameters(self):
        return list(self.names)

    @property
    def chosen(self):
        """The valid values in use, as StoryFilter cleans them ({} when invalid)."""
        return self.story_filter.active

    @cached_property
    def errors(self):
        form = self.story_filter.form
        if not self.used_parameters or form.is_valid():
            return []
        return [*form.non_field_errors(), *(
            error for name in self.names for error in form.errors.get(name, [])
        )]

    def queryset(self, request, queryset):
        if not self.used_parameters:
            return queryset
        if self.errors:
            return queryset.none()
        return self.story_filter.narrow(queryset)

    @abstractmethod
    def options(self):
        """The Options listed, in order."""

    def option(self, value, label, cleaned):
        """The Option choosing ``value`` of a one-field filter (cleaned, ``cleaned``)."""
        name = self.names[0]
        return Option(label, {name: value}, self.chosen.get(name) == cleaned)

    def choices(self, changelist):
        yield {
            "selected": not (self.chosen or self.errors),
            "query_string": changelist.get_query_string(remove=self.names),
            "display": _("All"),
        }
        for option in self.options():
            yield {
                "selected": option.selected,
                "query_string": changelist.get_query_string(option.params),
                "display": option.label,
            }


class SectionFilter(StoryListFilter):
    names = ("section",)

    def options(self):
        for section in Section.objects.only("slug", "name"):
            yield self.option(section.slug, section.name, section)


class TagFilter(StoryListFilter):
    """Tags are ANDed, as on the reader site: a tag's link adds it to those chosen,
    up to StoryFilter's MAX_TAGS."""

    names = ("tag",)

    def options(self):
        chosen = self.chosen.get("tag", [])
        slugs = [tag.slug for tag in chosen]
        for tag in chosen:
            others = [slug for slug in slugs if slug != tag.slug]
            yield Option(tag.name, {"tag": others or None}, True)
        if len(chosen) >= MAX_TAGS:
            return
        # A tag without a slug (made before tag_names) cannot be chosen by address.
        tags = Tag.objects.exclude(slug="")
        for tag in most_used(tags, "articles_taggedarticle_items__content_object"):
            if tag not in chosen:
                yield Option(tag.name, {"tag": [*slugs, tag.slug]}, False)


class PersonFilter(StoryListFilter):
    """A contributor by slug, among whoever is chosen and the most used (``story``)."""

    story = None

    def options(self):
        chosen = self.chosen.get(self.names[0])
        people = most_used(Contributor.objects.all(), self.story)
        if chosen is not None and chosen not in people:
            people.insert(0, chosen)
        for person, label in people_labels(people).items():
            yield self.option(person.slug, label, person)


class BylineFilter(PersonFilter):
    names = ("contributor",)
    story = "bylines__article"


class PhotographerFilter(PersonFilter):
    names = ("photographer",)
    story = "photos__usages__article"


class PublicationFilter(StoryListFilter):
    """Year, then the chosen year's months, in local time, as the reader site counts them.

    One filter for both: a month means nothing without its year.
    """

    names = ("year", "month")
    label = Article._meta.get_field("publish_at").verbose_name

    def options(self):
        year, month = self.chosen.get("year"), self.chosen.get("month")
        span = Article.objects.aggregate(first=Min("publish_at"), last=Max("publish_at"))
        years = set()
        if span["first"] is not None:
            first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
            years.update(range(first, last + 1))
        if year is not None:
            years.add(year)  # chosen, though nothing was published that year
        for each in sorted(years, reverse=True):
            yield Option(str(each), {"year": each, "month": None},
                         each == year and month is None)
            if each == year:
                for number in MONTHS:
                    yield Option(month_label(year, number), {"year": year, "month": number},
                                 number == month)


class OriginFilter(StoryListFilter):
    names = ("origin",)

    def options(self):
        for choice in Origin:
            yield self.option(choice.value, choice.label, choice.value)


class PhotosFilter(StoryListFilter):
    names = ("photos",)

    def options(self):
        for choice in HasPhotos:
            yield self.option(choice.value, choice.label, choice.value)


class ReviewLevelFilter(ChoiceFilter):
    """How many review levels (初审, 复审, 终审) a story has passed: 0 to 3."""

    title = Article._meta.get_field("review_level").verbose_name
    parameter_name = "review_level"

    def options(self):
        return {
            str(level): (str(level), Q(review_level=level))
            for level in range(MAX_REVIEW_LEVELS + 1)
        }


STORY_FILTERS = [
    SectionFilter, TagFilter, BylineFilter, PhotographerFilter, PublicationFilter,
    OriginFilter, PhotosFilter,
]
