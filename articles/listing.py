"""A list of public stories as readers get it: filtered, counted, paged, linked.

Every reader list is one ``Listing``: ``StoryFilter`` over ``published()``
with at most one facet preset by the URL (the section of a section page, the
tag of a tag page, the person of a people page). Links choose or remove one
value and keep every other filter; choosing the preset facet's value goes to
that value's own page, removing it goes to the general list (``/search/``).
"""

import re
from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from . import facets, search
from .filters import MAX_TAGS, StoryFilter
from .models import Article

PAGE_SIZE = 20
# How many values a long facet shows (chosen values are always shown too).
SHOWN_VALUES = 12
# Query-string keys that are not filters.
NOT_FILTERS = ("page", "format")
# A page number as links write it; anything else (abc, -1, 1.5, ١, 5000 digits) is no page.
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def page_number(value):
    """The number ``?page=`` names: none (or empty) is 1; anything links never write
    (abc, -1, 1.5, ١, 5000 digits) is a 404 before any query is made."""
    if value is None or value == "":
        return 1
    if not PAGE_NUMBER.fullmatch(value):
        raise Http404("No such page")
    return int(value)


def page_or_404(paginator, number):
    """Page ``number`` of the list; one past the last (or 0) is a 404, not a silent first
    or last page that crawlers would keep as a copy of another address."""
    try:
        return paginator.page(number)
    except InvalidPage as error:
        raise Http404("No such page") from error


@dataclass(frozen=True)
class Preset:
    """The facet a page's URL fixes, and the page of each of that facet's values."""

    name: str
    value: str
    url_name: str

    def url_for(self, value):
        return reverse(self.url_name, kwargs={"slug": value})


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    choices: list
    hidden: int  # values with stories that are not shown


class KnownCountPaginator(Paginator):
    """A paginator told its count (from the facet counts) instead of running COUNT(*)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class Listing:
    def __init__(self, request, preset=None, queryset=None):
        self.request = request
        self.preset = preset
        self.page_number = page_number(request.GET.get("page"))
        self.params = request.GET.copy()
        for key in NOT_FILTERS:
            self.params.pop(key, None)
        data = self.params.copy()
        if preset is not None:
            if preset.name in facets.MULTIPLE:
                data.setlist(preset.name, [preset.value, *data.getlist(preset.name)])
            else:
                data[preset.name] = preset.value
        # Counts of the public lists are kept (facets.cached_count); any other
        # queryset is counted afresh.
        self.now = timezone.now() if queryset is None else None
        if queryset is None:
            queryset = Article.objects.published(now=self.now)
        self.filter = StoryFilter(data, queryset=queryset)

    @cached_property
    def counts(self):
        if self.now is not None and self.filter.form.is_valid():
            return facets.cached_count(self.filter, self.now)
        return facets.count(self.filter)

    @property
    def is_valid(self):
        return self.filter.form.is_valid()

    @property
    def words(self):
        return self.filter.words

    @cached_property
    def page(self):
        if self.words:
            # The words filter and rank in one: filtering twice reads every match twice.
            stories = search.search(self.filter.filtered(without={"q"}), self.words)
            stories = stories.order_by("-search_rank", "-publish_at", "-pk")
        else:
            stories = self.filter.qs.order_by("-publish_at", "-pk")
        paginator = KnownCountPaginator(stories.for_listing(), PAGE_SIZE, self.counts.total)
        return page_or_404(paginator, self.page_number)

    @cached_property
    def cards(self):
        """The page's stories; with words searched, each has a highlighted ``snippet``."""
        stories = list(self.page.object_list)
        if self.words:
            found = search.snippets(stories, self.words)
            for story in stories:
                story.snippet = found.get(story.pk, "")
        return stories

    @property
    def errors(self):
        """(label, message) for each value the form refused."""
        form = self.filter.form
        return [
            (form.fields[name].label if name in form.fields else "", message)
            for name, messages in form.errors.items() for message in messages
        ]

    # Links.

    def _url(self, params, path=None):
        query = params.urlencode()
        path = path or self.request.path
        return f"{path}?{query}" if query else path

    def _is_preset(self, name, value=None):
        preset = self.preset
        return preset is not None and preset.name == name and value in (None, preset.value)

    def choose_url(self, name, value):
        params = self.params.copy()
        if name == "year":
            params.pop("month", None)
        if name in facets.MULTIPLE:
            if value not in params.getlist(name) and not self._is_preset(name, value):
                params.appendlist(name, value)
            return self._url(params)
        params.pop(name, None)
        if self._is_preset(name):
            return self._url(params, self.preset.url_for(value))
        params[name] = value
        return self._url(params)

    def remove_url(self, name, value=None):
        params = self.params.copy()
        if name == "year":
            params.pop("month", None)
        if self._is_preset(name, value):
            # The page is that value: without it, the same filters over every story.
            return self._url(params, reverse("articles:search"))
        if name in facets.MULTIPLE and value is not None:
            params.setlist(name, [v for v in params.getlist(name) if v != value])
        else:
            params.pop(name, None)
        return self._url(params)

    def clear_url(self):
        """Every chosen facet removed; the words searched and the page's own facet stay."""
        params = self.params.copy()
        for key in list(params):
            if key != "q":
                del params[key]
        return self._url(params)

    def without_errors_url(self):
        """The same list without the query-string values the form refused."""
        params = self.params.copy()
        for name in self.filter.form.errors:
            params.pop(name, None)
        return self._url(params)

    # What templates print.

    @cached_property
    def chosen(self):
        """(name, value, label) of each value chosen, in facet order."""
        found = []
        for name in facets.NAMES:
            value = self.filter.active.get(name)
            if value is None:
                continue
            for item in value if name in facets.MULTIPLE else [value]:
                found.append((name, *self._describe(name, item)))
        return found

    def _describe(self, name, item):
        if hasattr(item, "slug"):
            return item.slug, item.name
        return str(item), self._label(name, item)

    def _label(self, name, value):
        """The interface's name for a month, an origin or a photos value."""
        if name == "month":
            return facets.month_label(self.filter.active["year"], int(value))
        if name in ("origin", "photos"):
            return dict(self.filter.filters[name].extra["choices"])[value]
        return str(value)

    @cached_property
    def chips(self):
        """The values chosen in the query string, each with the link that removes it.

        The page's own facet (the tag of a tag page) is its heading, not a chip.
        """
        return [
            Choice(value, label, self.counts.total, True, self.remove_url(name, value))
            for name, value, label in self.chosen if not self._is_preset(name, value)
        ]

    @cached_property
    def facets(self):
        chosen = {}
        for name, value, label in self.chosen:
            chosen.setdefault(name, {})[value] = label
        shown = []
        for name in facets.NAMES:
            selected = chosen.get(name, {})
            choices = [
                Choice(value, label, self.counts.total, True, self.remove_url(name, value))
                for value, label in selected.items()
            ]
            full = name in facets.MULTIPLE and len(selected) >= MAX_TAGS
            others = [] if full else [
                value for value in self.counts.facets[name]
                # Nothing to gain: no story, or (for an ANDed tag) every story already.
                # A value without a slug (a tag made before tag_names) cannot be chosen.
                if value.value and value.value not in selected and value.count
                and not (name in facets.MULTIPLE and value.count == self.counts.total)
            ]
            choices += [
                Choice(v.value, v.label or self._label(name, v.value), v.count, False,
                       self.choose_url(name, v.value))
                for v in others[:SHOWN_VALUES]
            ]
            if len(choices) > 1 or selected:
                shown.append(Facet(
                    name, self.filter.filters[name].label, choices,
                    max(0, len(others) - SHOWN_VALUES),
                ))
        return shown
