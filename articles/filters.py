"""The one FilterSet behind every list of stories: what a reader may narrow by.

Home, section, tag and people pages and ``/search/`` are all ``StoryFilter``
over ``Article.objects.published()``, with one facet preset by the URL; the
admin's article list uses the same filters over every story. All state is in
the query string:

``q``            words (see ``articles.search``)
``section``      a section's slug
``tag``          a tag's slug, repeatable: a story must carry every one
``contributor``  a contributor's slug: any byline
``photographer`` a contributor's slug: credited on a photo of the story
``year``         ``month`` (1–12, only with a year): publication time, local
``origin``       ``original`` or ``repost``
``photos``       ``yes`` or ``no``

Values are parsed before any query: a malformed slug or year is a form error
(no database lookup), and an invalid form lists no stories (django-filter's
"strict" behaviour) with the errors shown. ``StoryFilter.filtered(without=…)``
applies every valid filter except some, which is what facet counts need
(``articles.facets``).
"""

from datetime import datetime

import django_filters
from django import forms
from django.core.validators import validate_unicode_slug
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from taggit.models import Tag

from . import search
from .models import Article, ArticlePhoto, Byline, Contributor, Section, TaggedArticle
from .models.dates import EARLIEST_YEAR, LATEST_YEAR

MAX_TAGS = 10
MAX_QUERY_LENGTH = 200
# Longer than any slug the models allow (Contributor's is 80, taggit's 100).
MAX_SLUG_LENGTH = 100


class Origin(models.TextChoices):
    ORIGINAL = "original", pgettext_lazy("story origin", "Original")
    REPOST = "repost", pgettext_lazy("story origin", "Reposted")


class HasPhotos(models.TextChoices):
    YES = "yes", _("With photos")
    NO = "no", _("Without photos")


def is_slug(value):
    """Whether ``value`` could be a slug at all: checked before asking the database."""
    if len(value) > MAX_SLUG_LENGTH:
        return False
    try:
        validate_unicode_slug(value)
    except forms.ValidationError:
        return False
    return True


class SlugChoiceField(forms.ModelChoiceField):
    """One object by slug; anything that is not slug-shaped is refused without a query."""

    def to_python(self, value):
        if value not in self.empty_values and not is_slug(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class TagsField(forms.ModelMultipleChoiceField):
    """Up to MAX_TAGS distinct tags by slug, in the order given; repeats count once."""

    def clean(self, value):
        # An empty value (``?tag=``) chooses nothing, as ``?section=`` does.
        value = list(dict.fromkeys(str(item) for item in value or () if item))
        if value:
            if len(value) > MAX_TAGS:
                raise forms.ValidationError(
                    ngettext_lazy(
                        "Choose at most %(limit)d tag.", "Choose at most %(limit)d tags.",
                        "limit",
                    ),
                    code="too_many_tags", params={"limit": MAX_TAGS},
                )
            for item in value:
                if not is_slug(item):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice",
                        params={"value": item[:MAX_SLUG_LENGTH]},
                    )
        tags = super().clean(value)
        order = {slug: index for index, slug in enumerate(value or ())}
        return sorted(tags, key=lambda tag: order[tag.slug])


class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


class TagsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TagsField


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class StoryFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("month") and not cleaned.get("year") and "year" not in self.errors:
            self.add_error("month", _("Choose a year to choose a month."))
        return cleaned


def local_period(year, month=None):
    """The [start, end) of a year or a month in the current time zone."""
    zone = timezone.get_current_timezone()
    if month is None:
        start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    else:
        start = datetime(year, month, 1)
        end = datetime(year + month // 12, month % 12 + 1, 1)
    return start.replace(tzinfo=zone), end.replace(tzinfo=zone)


def has_photos():
    return models.Q(pk__in=ArticlePhoto.objects.values("article_id"))


def is_repost():
    return ~models.Q(source_name="")


class StoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Words"), method="filter_words", max_length=MAX_QUERY_LENGTH,
    )
    section = SlugFilter(
        label=_("Section"), queryset=Section.objects.all(), to_field_name="slug",
    )
    tag = TagsFilter(
        label=_("Tags"), queryset=Tag.objects.all(), to_field_name="slug",
        method="filter_tags",
    )
    contributor = SlugFilter(
        label=_("Byline"), queryset=Contributor.objects.all(), to_field_name="slug",
        method="filter_contributor",
    )
    photographer = SlugFilter(
        label=_("Photographer"), queryset=Contributor.objects.all(), to_field_name="slug",
        method="filter_photographer",
    )
    year = IntegerFilter(
        label=_("Year"), method="filter_year", min_value=EARLIEST_YEAR, max_value=LATEST_YEAR,
    )
    month = IntegerFilter(
        label=_("Month"), method="filter_month", min_value=1, max_value=12,
    )
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=Origin.choices, method="filter_origin",
    )
    photos = django_filters.ChoiceFilter(
        label=_("Photos"), choices=HasPhotos.choices, method="filter_photos",
    )

    class Meta:
        model = Article
        fields = []
        form = StoryFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            # django-filter's fallback is the default manager, which holds drafts.
            raise TypeError("StoryFilter needs the queryset it narrows, e.g. published().")
        super().__init__(data, queryset=queryset, **kwargs)

    # Each filter, applied to any queryset of stories.

    def filter_words(self, queryset, name, value):
        return search.search(queryset, value, rank=False)

    def filter_tags(self, queryset, name, tags):
        # One subquery per tag: a story must carry them all. No join, so no duplicates.
        for tag in tags:
            queryset = queryset.filter(
                pk__in=TaggedArticle.objects.filter(tag=tag).values("content_object_id")
            )
        return queryset

    def filter_contributor(self, queryset, name, contributor):
        return queryset.filter(
            pk__in=Byline.objects.filter(contributor=contributor).values("article_id")
        )

    def filter_photographer(self, queryset, name, contributor):
        return queryset.filter(pk__in=ArticlePhoto.objects.filter(
            photo__credit_contributor=contributor).values("article_id"))

    def filter_year(self, queryset, name, year):
        start, end = local_period(year)
        return queryset.filter(publish_at__gte=start, publish_at__lt=end)

    def filter_month(self, queryset, name, month):
        # The form refuses a month without a year.
        start, end = local_period(self.form.cleaned_data["year"], month)
        return queryset.filter(publish_at__gte=start, publish_at__lt=end)

    def filter_origin(self, queryset, name, origin):
        repost = is_repost()
        return queryset.filter(repost if origin == Origin.REPOST else ~repost)

    def filter_photos(self, queryset, name, value):
        with_photos = has_photos()
        return queryset.filter(with_photos if value == HasPhotos.YES else ~with_photos)

    # What the facets and the views read.

    @cached_property
    def active(self):
        """The valid filters in use, as {name: cleaned value}."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {
            name: value for name, value in self.form.cleaned_data.items()
            if value not in (None, "", [])
        }

    @property
    def words(self):
        return self.active.get("q", "")

    def narrow(self, queryset, without=()):
        """``queryset`` narrowed by every active filter except ``without``.

        Any queryset of stories: the admin's changelist narrows its own with it.
        """
        for name, value in self.active.items():
            if name not in without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filtered(self, without=()):
        """The stories every active filter except ``without`` lets through; none if invalid."""
        if self.is_bound and not self.form.is_valid():
            return self.queryset.none()
        return self.narrow(self.queryset.all(), without)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filtered()
        return self._qs
