"""HTML for the two sides of a text diff: marks, visible breaks, collapsed context.

Every piece of text is escaped here; only the marks are markup. Deleted text is
a ``<del>`` on the old side, inserted text an ``<ins>`` on the new side; a line
break inside either gets a visible pilcrow. A long unchanged stretch keeps
``CONTEXT`` characters next to each change and says how many it leaves out, so
one changed character in a 100 000-character body makes a small page.
"""

from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .text_diff import DELETE, EQUAL, INSERT, Precision, joins

# Unchanged characters kept on each side of a change.
CONTEXT = 40
# A stretch is shortened only when that leaves out at least this many characters.
MIN_SKIP = 20
# How much of a wholly unchanged text is shown.
UNCHANGED_PREVIEW = 4 * CONTEXT
# How far a cut may move to keep a Latin word whole.
_WORD_SLACK = 20


def join_html(parts, sep=""):
    """Pieces joined as safe HTML; any piece not already safe is escaped."""
    return mark_safe(  # noqa: S308 (every piece and the separator escaped)
        conditional_escape(sep).join(str(conditional_escape(part)) for part in parts)
    )


_BREAK = mark_safe('<span class="newsdesk-diff-break">¶</span>\n')


def empty_html():
    """A cell's content when there is nothing: a dash, not a blank."""
    return format_html('<span class="newsdesk-diff-empty">{}</span>', "—")


def skipped_html(count):
    """The marker standing for ``count`` unchanged characters left out."""
    text = ngettext(
        "… %(count)s unchanged character …", "… %(count)s unchanged characters …", count
    ) % {"count": number_format(count, force_grouping=True)}
    return format_html('<span class="newsdesk-diff-skip">{}</span>', text)


def marked(tag, text):
    """``text`` escaped inside ``<del>`` or ``<ins>``, its line breaks made visible."""
    return format_html("<{}>{}</{}>", tag, join_html(text.split("\n"), _BREAK), tag)


def text_sides(diff):
    """``(old_html, new_html)`` for a TextDiff."""
    if diff.precision is Precision.NONE:
        return _length_html(diff.old_length), _length_html(diff.new_length)
    if not diff.ops:
        return empty_html(), empty_html()
    old, new = [], []
    last = len(diff.ops) - 1
    for index, (op, text) in enumerate(diff.ops):
        if op == EQUAL:
            shown = _shortened(text, first=index == 0, last=index == last)
            old.append(shown)
            new.append(shown)
        elif op == DELETE:
            old.append(marked("del", text))
        elif op == INSERT:
            new.append(marked("ins", text))
    return _joined(old), _joined(new)


def _joined(parts):
    return join_html(parts) if parts else empty_html()


def _length_html(length):
    text = ngettext("%(count)s character", "%(count)s characters", length) % {
        "count": number_format(length, force_grouping=True)
    }
    return format_html('<span class="newsdesk-diff-note">{}</span>', text)


def _shortened(text, *, first, last):
    """An unchanged stretch, with only the context next to changes kept."""
    if first and last:  # the whole text is unchanged
        keep_head, keep_tail = UNCHANGED_PREVIEW, 0
    else:
        keep_head = 0 if first else CONTEXT
        keep_tail = 0 if last else CONTEXT
    if len(text) - keep_head - keep_tail < MIN_SKIP:
        return escape(text)
    head_end = _word_end(text, keep_head)
    tail_start = _word_start(text, len(text) - keep_tail) if keep_tail else len(text)
    skipped = tail_start - head_end
    if skipped < MIN_SKIP:
        return escape(text)
    return format_html(
        "{}{}{}", text[:head_end], skipped_html(skipped), text[tail_start:]
    )


def _word_end(text, position):
    limit = position + _WORD_SLACK
    while position < limit and joins(text, position):
        position += 1
    return position


def _word_start(text, position):
    limit = position - _WORD_SLACK
    while position > limit and joins(text, position):
        position -= 1
    return position


def note_for(diff):
    """Why a text was compared coarsely, or ``""``."""
    if diff.precision is Precision.PARAGRAPH:
        return _("Too large to compare word by word: compared paragraph by paragraph.")
    if diff.precision is Precision.NONE:
        values = {
            "old": number_format(diff.old_length, force_grouping=True),
            "new": number_format(diff.new_length, force_grouping=True),
        }
        if diff.changed:
            return _(
                "Too large to compare word by word (%(old)s and %(new)s characters); "
                "the texts differ."
            ) % values
        return _(
            "Too large to compare word by word (%(old)s and %(new)s characters); "
            "the texts are the same."
        ) % values
    return ""
