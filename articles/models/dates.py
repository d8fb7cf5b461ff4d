"""Bounded dates: every date a person can type is kept between 1900 and 2999.

A year-1 timestamp stored in Asia/Shanghai becomes a BC value on PostgreSQL
that Python cannot read back, and one such row took every page down. The
form-level validator gives a field-bound message; the check constraint keeps
any other door (a command, a raw update) from storing one.
"""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 1900
LATEST_YEAR = 2999

# Database bounds in UTC, a day wider than the years on each side so that a
# local time at either end is inside them in every time zone.
EARLIEST_STORED = datetime(EARLIEST_YEAR - 1, 12, 30, tzinfo=UTC)
LATEST_STORED = datetime(LATEST_YEAR + 1, 1, 2, tzinfo=UTC)


@deconstructible
class YearRangeValidator:
    message = _("Enter a date between the years %(earliest)d and %(latest)d.")
    code = "year_out_of_range"

    def __call__(self, value):
        # The year as typed, in its own time zone: comparing aware datetimes
        # would convert to UTC first, which overflows at year 1.
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(
                self.message, code=self.code,
                params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            )

    def __eq__(self, other):
        return isinstance(other, YearRangeValidator)


validate_year_in_range = YearRangeValidator()


class BoundedDateTimeField(models.DateTimeField):
    """A DateTimeField whose value must fall between the years 1900 and 2999."""

    default_validators = [validate_year_in_range]


def within_bounds(*field_names, prefix):
    """One check constraint per field keeping stored values between the bounds."""
    constraints = []
    for name in field_names:
        in_range = models.Q(**{f"{name}__gte": EARLIEST_STORED, f"{name}__lt": LATEST_STORED})
        constraints.append(
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__isnull": True}) | in_range,
                name=f"{prefix}_{name}_in_range",
            )
        )
    return constraints
