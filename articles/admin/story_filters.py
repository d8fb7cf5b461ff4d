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
lists the ``MOST_USED`` most used, counted in one grouped query, and whatever is
chosen. Any other is a click away on a tag's or a person's page, or typed in
the search box. Options are queried only when the sidebar is drawn; Django
builds the filters again for every facet count.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..facets import month_label
from ..filters import HasPhotos, Origin, StoryFilter, local_period
from ..models import Article, Contributor, Section
from ..models.articles import MAX_REVIEW_LEVELS
from .photo_filters import ChoiceFilter

MOST_USED = 30


@dataclass(frozen=True)
class Option:
    """One choice in a filter's list.

    ``params`` are the query-string values that choose it (None removes one),
    ``active`` the cleaned StoryFilter values it stands for (for facet counts).
    """

    label: str
    params: dict
    selected: bool
    active: dict


def most_used(objects, uses, distinct=False):
    """The MOST_USED of ``objects`` with the most ``uses``, most first: one grouped query."""
    return list(
        objects.annotate(uses=Count(uses, distinct=distinct)).filter(uses__gt=0)
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


class StoryListFilter(admin.ListFilter):
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
        self.model = model
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
        return self.narrow(queryset, self.chosen)

    def narrow(self, queryset, active):
        """``queryset`` through StoryFilter's own filter for each of ``active``."""
        for name, value in active.items():
            queryset = self.story_filter.filters[name].filter(queryset, value)
        return queryset

    def options(self):
        """The Options listed, in order."""
        raise NotImplementedError

    def option(self, value, label, cleaned):
        """The Option choosing ``value`` of a one-field filter (cleaned, ``cleaned``)."""
        name = self.names[0]
        return Option(
            label, {name: value}, self.chosen.get(name) == cleaned, {name: cleaned}
        )

    def choices(self, changelist):
        options = list(self.options())
        counts = self.facet_counts(changelist, options) if changelist.add_facets else None
        yield {
            "selected": not (self.chosen or self.errors),
            "query_string": changelist.get_query_string(remove=self.names),
            "display": _("All"),
        }
        for index, option in enumerate(options):
            yield {
                "selected": option.selected,
                "query_string": changelist.get_query_string(option.params),
                "display": option.label if counts is None else f"{option.label} ({counts[index]})",
            }

    def facet_counts(self, changelist, options):
        """For each option, the stories the list would hold with it chosen instead."""
        if not options:
            return []
        stories = changelist.get_queryset(
            self.request, exclude_parameters=self.expected_parameters()
        )
        everything = self.model._default_manager.all()
        counts = stories.aggregate(**{
            f"option_{index}": Count(
                changelist.pk_attname,
                filter=Q(pk__in=self.narrow(everything, option.active).values("pk")),
            )
            for index, option in enumerate(options)
        })
        return [counts[f"option_{index}"] for index in range(len(options))]


class SectionFilter(StoryListFilter):
    names = ("section",)

    def options(self):
        for section in Section.objects.only("slug", "name"):
            yield self.option(section.slug, section.name, section)


class TagFilter(StoryListFilter):
    """Tags are ANDed, as on the reader site: a tag's link adds it to those chosen."""

    names = ("tag",)

    def options(self):
        chosen = self.chosen.get("tag", [])
        slugs = [tag.slug for tag in chosen]
        top = most_used(Tag.objects.all(), "articles_taggedarticle_items")
        for tag in [*(tag for tag in chosen if tag not in top), *top]:
            if tag in chosen:
                others = [slug for slug in slugs if slug != tag.slug]
                yield Option(tag.name, {"tag": others or None}, True, {"tag": chosen})
            else:
                yield Option(
                    tag.name, {"tag": [*slugs, tag.slug]}, False, {"tag": [*chosen, tag]}
                )


class PersonFilter(StoryListFilter):
    """A contributor by slug, among the most used ``uses`` and whoever is chosen."""

    uses = None
    distinct = False

    def options(self):
        chosen = self.chosen.get(self.names[0])
        people = most_used(Contributor.objects.all(), self.uses, self.distinct)
        if chosen is not None and chosen not in people:
            people.insert(0, chosen)
        for person, label in people_labels(people).items():
            yield self.option(person.slug, label, person)


class BylineFilter(PersonFilter):
    names = ("contributor",)
    uses = "bylines"


class PhotographerFilter(PersonFilter):
    names = ("photographer",)
    # Stories, not photos: five pictures in one story are one use.
    uses = "photos__usages__article"
    distinct = True


class PublicationFilter(StoryListFilter):
    """Year, then the chosen year's months, in local time, as the reader site counts them."""

    names = ("year", "month")
    label = Article._meta.get_field("publish_at").verbose_name

    def options(self):
        year, month = self.chosen.get("year"), self.chosen.get("month")
        years = {moment.year for moment in Article.objects.datetimes("publish_at", "year")}
        if year is not None:
            years.add(year)  # chosen, though nothing was published that year
        for each in sorted(years, reverse=True):
            yield Option(
                str(each), {"year": each, "month": None}, each == year and month is None,
                {"year": each},
            )
            if each == year:
                yield from self.months(year, month)

    def months(self, year, chosen):
        start, end = local_period(year)
        stories = Article.objects.filter(publish_at__gte=start, publish_at__lt=end)
        for moment in stories.datetimes("publish_at", "month"):
            yield Option(
                month_label(year, moment.month), {"year": year, "month": moment.month},
                moment.month == chosen, {"year": year, "month": moment.month},
            )


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
