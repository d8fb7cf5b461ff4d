"""Text that must say something: invisible characters alone are not a headline."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Format characters (zero-width space and joiners, direction marks, BOM, soft
# hyphen...) have category Cf; Hangul fillers and the braille blank look empty too.
_INVISIBLE_EXTRA = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def visible_text(value):
    """``value`` without whitespace and characters that print as nothing."""
    return "".join(
        ch for ch in value
        if not ch.isspace() and unicodedata.category(ch) != "Cf" and ch not in _INVISIBLE_EXTRA
    )


def validate_visible(value):
    if value and not visible_text(value):
        raise ValidationError(
            _("This contains only invisible characters; type some text."), code="invisible"
        )

