"""Changelist date filters kept between the years the database can hold.

Django's changelist turns ``?publish_at__year=9999`` into ``datetime(10000, …)``,
a huge number into an OverflowError, and ``?uploaded_at__gte=0001-01-01`` or
``?created_at__year__gt=1`` into a year-1 timestamp that SQLite cannot convert to
UTC: each was a server error. No stored date lies outside 1900–2999 (see
``models/dates.py``), so such a filter can only be a crafted address; it is
refused the way the admin refuses any other wrong filter, with a redirect to
``?e=1``.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP

from ..models.dates import EARLIEST_YEAR, LATEST_YEAR

YEAR_PARTS = {"year", "iso_year"}
# The other parts of a date a lookup can extract: small whole numbers. Any
# bound above the largest of them (59) would do; it only has to keep the
# number small enough for datetime() and the database driver.
OTHER_PARTS = {
    "month", "day", "week", "week_day", "iso_week_day", "quarter", "hour", "minute", "second",
}
LARGEST_PART = 9999
# Lookups whose query-string value is a comma-separated list (see
# django.contrib.admin.utils.prepare_lookup_value).
LIST_LOOKUPS = {"in", "range"}


def date_field_of(model, key):
    """The date field a query-string key filters on and the lookup parts after it.

    Relations are followed (``article__publish_at__gte``); a key that names no
    date field gives ``(None, [])`` and is left to Django.
    """
    opts = model._meta
    parts = key.split(LOOKUP_SEP)
    for index, name in enumerate(parts):
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            return None, []
        if isinstance(field, models.DateField):  # DateTimeField included
            return field, parts[index + 1:]
        if field.related_model is None:
            return None, []
        opts = field.related_model._meta
    return None, []


def whole_number(value):
    try:
        return int(value)
    except ValueError:  # also raised for numbers thousands of digits long
        return None


def in_bounds(field, lookups, value):
    """Whether one query-string value for a date field can be safely looked up."""
    part = lookups[0] if lookups else None
    if part in YEAR_PARTS:
        year = whole_number(value)
        return year is not None and EARLIEST_YEAR <= year <= LATEST_YEAR
    if part in OTHER_PARTS:
        number = whole_number(value)
        return number is not None and 0 <= number <= LARGEST_PART
    try:
        moment = field.to_python(value)
    except ValidationError:
        return True  # not a date at all: Django refuses it itself
    return moment is None or EARLIEST_YEAR <= moment.year <= LATEST_YEAR


def check_date_filters(model, params):
    """Raise IncorrectLookupParameters for a date filter the database cannot take.

    ``params`` maps query-string keys to lists of values, as a ChangeList holds them.
    """
    for key, values in params.items():
        field, lookups = date_field_of(model, key)
        if field is None or (lookups and lookups[-1] == "isnull"):
            continue
        for value in values:
            items = value.split(",") if lookups and lookups[-1] in LIST_LOOKUPS else [value]
            if not all(in_bounds(field, lookups, item) for item in items):
                raise IncorrectLookupParameters(f"{key}={value[:40]!r} is out of range")


class BoundedDateChangeList(ChangeList):
    def get_filters(self, request):
        check_date_filters(self.model, self.get_filters_params())
        return super().get_filters(request)


class NoPatternLookups:
    """Refuse ``__regex`` and ``__iregex`` filters typed into a changelist address.

    Django allows any lookup on a model's own fields from the query string; a
    malformed pattern such as ``(`` is a database error (a 500) on SQLite and
    PostgreSQL alike. Refused here, it is the admin's 400.
    """

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.rsplit("__", 1)[-1] in ("regex", "iregex"):
            return False
        return super().lookup_allowed(lookup, value, request)


class BoundedDateFilters(NoPatternLookups):
    """A ModelAdmin mixin: date hierarchy and date filters refuse out-of-range dates."""

    def get_changelist(self, request, **kwargs):
        return BoundedDateChangeList

