"""What changed between two saved states of a story, as rows for a side-by-side table.

``compare(old, new)`` takes two revision snapshots (the dictionaries the
revision capture builds: ``fields``, ``tags``, ``bylines``, ``photos``,
``fact_boxes``, ``corrections``) and returns a ``StoryDiff``: one row per part
of the story in the form's order, each with its label, the old and the new
side as escaped HTML with ``<del>``/``<ins>`` marks, and whether it changed.
Texts are compared word by word (character runs for Chinese, see
``text_diff``); tags as names added and removed; bylines as printed lines,
with people added, removed, moved or credited in another role; photos matched
by photo id; fact boxes and corrections by position.

Snapshots are read tolerantly: a key an older snapshot lacks counts as empty.
All the texts of one comparison share one time budget, so the whole answer
stays under a second however large the texts (``text_diff`` explains how).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from .diff_html import empty_html, join_html, marked, note_for, text_sides
from .models import Article, ArticlePhoto, Byline, Correction, FactBox
from .text_diff import DEFAULT_BUDGET, Budget, diff_text

STORY_LANG = "zh-Hans"

# The form's order. Texts are diffed word by word; the rest are values.
HEADLINE_FIELDS = ("kicker", "title", "subtitle", "summary", "body", "photo_request")
REPOST_FIELDS = ("source_name", "source_url", "original_author", "original_title",
                 "repost_notice")
DATETIME_FIELDS = ("publish_at", "embargo_until", "withdrawn_at")


@dataclass(frozen=True)
class DiffRow:
    """One part of the story, old beside new."""

    key: str
    label: str
    old_html: str
    new_html: str
    changed: bool
    sublabel: str = ""  # which item of a list (a photo's or fact box's title)
    lang: str = ""  # the language of the cells' text when it is the story's own
    notes: tuple = ()  # why a text was compared coarsely ("too large ...")

    @property
    def coarse(self):
        """Whether some text of the row was not compared word by word."""
        return bool(self.notes)


@dataclass(frozen=True)
class StoryDiff:
    rows: tuple = field(default_factory=tuple)

    @property
    def changed_rows(self):
        return [row for row in self.rows if row.changed]

    @property
    def unchanged_rows(self):
        return [row for row in self.rows if not row.changed]

    @property
    def changed_count(self):
        return len(self.changed_rows)

    @property
    def unchanged_count(self):
        return len(self.unchanged_rows)

    @property
    def has_changes(self):
        return any(row.changed for row in self.rows)

    @property
    def notes(self):
        return [note for row in self.rows for note in row.notes]


def compare(old, new, *, budget_seconds=DEFAULT_BUDGET):
    """The differences between two revision snapshots, in the form's order."""
    old, new = _Snapshot(old), _Snapshot(new)
    budget = Budget(budget_seconds)
    rows = [_text_row(name, old, new, budget) for name in HEADLINE_FIELDS]
    rows.append(_value_row("section", old.field("section"), new.field("section"), lang=True))
    rows.append(_tags_row(old.list("tags"), new.list("tags")))
    rows.append(_bylines_row(old.items("bylines"), new.items("bylines")))
    rows += _photo_rows(old.items("photos"), new.items("photos"), budget)
    rows += _fact_box_rows(old.items("fact_boxes"), new.items("fact_boxes"), budget)
    rows += _correction_rows(old.items("corrections"), new.items("corrections"), budget)
    rows += [_text_row(name, old, new, budget) for name in REPOST_FIELDS]
    rows.append(_value_row("allow_comments", *_both(old, new, "allow_comments", _yes_no)))
    rows.append(_value_row("status", *_both(old, new, "status", _status)))
    rows.append(_value_row("review_level", *_both(old, new, "review_level", _plain)))
    rows += [_value_row(name, *_both(old, new, name, _when)) for name in DATETIME_FIELDS]
    rows.append(_value_row(
        "responsible_editor", old.field("responsible_editor"),
        new.field("responsible_editor"), lang=True,
    ))
    return StoryDiff(tuple(rows))


class _Snapshot:
    """A snapshot read tolerantly: anything missing or malformed is empty."""

    def __init__(self, data):
        self.data = data if isinstance(data, dict) else {}
        fields = self.data.get("fields")
        self.fields = fields if isinstance(fields, dict) else {}

    def field(self, name):
        return self.fields.get(name)

    def list(self, key):
        value = self.data.get(key)
        return [str(item) for item in value] if isinstance(value, (list, tuple)) else []

    def items(self, key):
        value = self.data.get(key)
        if not isinstance(value, (list, tuple)):
            return []
        return [item for item in value if isinstance(item, dict)]


def _label(model, name):
    return model._meta.get_field(name).verbose_name


def _text(value):
    return "" if value is None else str(value)


# --- texts -------------------------------------------------------------------


def _text_row(name, old, new, budget):
    diff = diff_text(_text(old.field(name)), _text(new.field(name)), budget)
    old_html, new_html = text_sides(diff)
    note = note_for(diff)
    return DiffRow(
        name, _label(Article, name), old_html, new_html, diff.changed,
        lang="" if name == "source_url" else STORY_LANG, notes=(note,) if note else (),
    )


def _text_part(label, old, new, budget, notes):
    """A labelled text inside a compound cell: (old_html, new_html, changed)."""
    diff = diff_text(_text(old), _text(new), budget)
    note = note_for(diff)
    if note:
        notes.append(note)
    old_html, new_html = text_sides(diff)
    return _part(label, old_html), _part(label, new_html), diff.changed


def _part(label, html, lang=STORY_LANG):
    """A sub-field of a list item, labelled; ``lang`` is that of its text."""
    return format_html(
        '<div class="newsdesk-diff-part"><span class="newsdesk-diff-part-label">{}</span>'
        '<div class="newsdesk-diff-text"{}>{}</div></div>',
        label, format_html(' lang="{}"', lang) if lang else "", html,
    )


# --- single values -------------------------------------------------------------


def _both(old, new, name, show):
    """The old and new value of a field as (comparable, shown) pairs."""
    return show(old.field(name)), show(new.field(name))


def _value_row(name, old, new, *, lang=False):
    """A row for one value; ``old``/``new`` are plain values or (comparable, shown)."""
    old_key, old_shown = old if isinstance(old, tuple) else (old, old)
    new_key, new_shown = new if isinstance(new, tuple) else (new, new)
    changed = old_key != new_key
    return DiffRow(
        name, _label(Article, name), _value_html(old_shown, "del" if changed else None),
        _value_html(new_shown, "ins" if changed else None), changed,
        lang=STORY_LANG if lang else "",
    )


def _value_html(shown, tag):
    if shown is None or shown == "":
        return empty_html()
    return marked(tag, str(shown)) if tag else escape(shown)


def _plain(value):
    return value, value


def _yes_no(value):
    if value is None:
        return None, None
    return bool(value), _("Yes") if value else _("No")


def _status(value):
    try:
        return value, Article.Status(value).label
    except ValueError:
        return value, value


def _when(value):
    """A stored UTC time shown in the newsroom's time zone (or as stored if unreadable)."""
    moment = value if isinstance(value, datetime) else None
    if moment is None and isinstance(value, str):
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
    if moment is None:
        return value, value
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment, date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- tags and bylines ------------------------------------------------------------


def _tags_row(old, new):
    removed, added = set(old) - set(new), set(new) - set(old)

    def side(names, gone, tag):
        if not names:
            return empty_html()
        return join_html((marked(tag, name) if name in gone else name for name in names), ", ")

    return DiffRow(
        "tags", _label(Article, "tags"), side(old, removed, "del"), side(new, added, "ins"),
        bool(removed or added), lang=STORY_LANG,
    )


def _bylines_row(old, new):
    """Bylines as printed lines; people matched by name (then by occurrence)."""
    old_lines, new_lines = _keyed(old, "name"), _keyed(new, "name")
    old_roles = {key: _text(item.get("role")) for key, item in old_lines}
    new_roles = {key: _text(item.get("role")) for key, item in new_lines}
    moved = _moved([key for key, _item in old_lines], [key for key, _item in new_lines])

    def side(lines, roles, others, tag):
        html = []
        for key, item in lines:
            name, role = _text(item.get("name")), roles[key]
            if key not in others:
                line = marked(tag, f"{role} {name}".strip())
            elif role != others[key]:
                line = format_html("{} {}", marked(tag, role) if role else "", name)
            else:
                line = escape(f"{role} {name}".strip())
            html.append(_line(line, key in moved))
        return join_html(html) if html else empty_html()

    changed = [(r, k) for k, r in old_roles.items()] != [(r, k) for k, r in new_roles.items()]
    return DiffRow(
        "bylines", Byline._meta.verbose_name_plural,
        side(old_lines, old_roles, new_roles, "del"), side(new_lines, new_roles, old_roles, "ins"),
        changed, lang=STORY_LANG,
    )


def _keyed(items, name_key):
    """``(key, item)`` pairs, the key telling apart two people of one name."""
    seen = {}
    pairs = []
    for item in items:
        name = _text(item.get(name_key))
        seen[name] = seen.get(name, 0) + 1
        pairs.append(((name, seen[name]), item))
    return pairs


def _moved(old_keys, new_keys):
    """Keys on both sides whose order relative to the others changed."""
    common = set(old_keys) & set(new_keys)
    old_order = [key for key in old_keys if key in common]
    new_order = [key for key in new_keys if key in common]
    matcher = SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {
        key for block in matcher.get_matching_blocks()
        for key in old_order[block.a:block.a + block.size]
    }
    return common - kept


def _line(html, moved):
    if moved:
        html = format_html(
            '{} <span class="newsdesk-diff-moved">{}</span>', html, _("(moved)")
        )
    return format_html('<div class="newsdesk-diff-line">{}</div>', html)


# --- photos, fact boxes, corrections ------------------------------------------------


def _photo_rows(old, new, budget):
    """One row per photo, matched by photo id: new order first, then those removed."""
    old_by_id, new_by_id = _by_photo(old), _by_photo(new)
    moved = _moved(list(old_by_id), list(new_by_id))
    keys = list(new_by_id) + [key for key in old_by_id if key not in new_by_id]
    return [
        _photo_row(key, old_by_id.get(key), new_by_id.get(key), key in moved, budget)
        for key in keys
    ]


def _by_photo(items):
    """``{key: (position, item)}``: the photo id, or the position for an odd or repeated id."""
    keyed = {}
    for position, item in enumerate(items):
        photo = item.get("photo")
        key = ("photo", photo) if isinstance(photo, (int, str)) else None
        if key is None or key in keyed:
            key = ("position", position)
        keyed[key] = (position, item)
    return keyed


def _photo_row(key, old, new, moved, budget):
    notes = []
    old_item, new_item = (old or (None, {}))[1], (new or (None, {}))[1]
    parts = [
        _text_part(
            _label(ArticlePhoto, "photo"), old_item.get("title"), new_item.get("title"),
            budget, notes,
        ),
        _text_part(
            _label(ArticlePhoto, "caption"), old_item.get("caption"),
            new_item.get("caption"), budget, notes,
        ),
    ]
    old_lead, new_lead = bool(old_item.get("is_lead")), bool(new_item.get("is_lead"))
    lead_label = _label(ArticlePhoto, "is_lead")
    old_flags = [marked("del", lead_label) if new_lead != old_lead else escape(lead_label)
                 ] if old_lead else []
    new_flags = [marked("ins", lead_label) if new_lead != old_lead else escape(lead_label)
                 ] if new_lead else []
    old_html = _item_cell(old, [p[0] for p in parts], old_flags, moved, "del")
    new_html = _item_cell(new, [p[1] for p in parts], new_flags, moved, "ins")
    changed = old is None or new is None or moved or old_lead != new_lead \
        or any(p[2] for p in parts)
    photo_id = key[1] if key[0] == "photo" else ""
    title = _text(new_item.get("title") or old_item.get("title"))
    sublabel = f"#{photo_id} {title}".strip() if photo_id != "" else title
    return DiffRow(f"photo-{key[0]}-{key[1]}", ArticlePhoto._meta.verbose_name, old_html,
                   new_html, changed, sublabel=sublabel, notes=tuple(notes))


def _item_cell(present, parts, flags, moved, tag):
    """A list item's cell: its parts, its flags, and where it stands in the list."""
    if present is None:
        return empty_html()
    position, _item = present
    place = _("position %(number)s") % {"number": position + 1}
    flags = [*flags, marked(tag, place) if moved else escape(place)]
    return join_html([*parts, _line(join_html(flags, " · "), moved)])


def _fact_box_rows(old, new, budget):
    rows = []
    for index in range(max(len(old), len(new))):
        old_item = old[index] if index < len(old) else None
        new_item = new[index] if index < len(new) else None
        notes = []
        parts = [
            _text_part(_label(FactBox, name), (old_item or {}).get(name),
                       (new_item or {}).get(name), budget, notes)
            for name in ("title", "period", "items")
        ]
        rows.append(_positional_row(
            "fact-box", index, FactBox._meta.verbose_name, old_item, new_item, parts, notes,
            sublabel=_text((new_item if new_item is not None else old_item).get("title")),
        ))
    return rows


def _correction_rows(old, new, budget):
    rows = []
    for index in range(max(len(old), len(new))):
        old_item = old[index] if index < len(old) else None
        new_item = new[index] if index < len(new) else None
        notes = []
        parts = [_text_part(_label(Correction, "text"), (old_item or {}).get("text"),
                            (new_item or {}).get("text"), budget, notes)]
        old_when = _when((old_item or {}).get("published_at"))
        new_when = _when((new_item or {}).get("published_at"))
        when_changed = old_when[0] != new_when[0]
        label = _label(Correction, "published_at")
        parts.append((
            _part(label, _value_html(old_when[1], "del" if when_changed else None), lang=""),
            _part(label, _value_html(new_when[1], "ins" if when_changed else None), lang=""),
            when_changed,
        ))
        rows.append(_positional_row(
            "correction", index, Correction._meta.verbose_name, old_item, new_item, parts,
            notes, sublabel=str(index + 1),
        ))
    return rows


def _positional_row(key, index, label, old_item, new_item, parts, notes, *, sublabel):
    def cell(item, side):
        if item is None:
            return empty_html()
        return join_html(part[side] for part in parts)

    changed = old_item is None or new_item is None or any(part[2] for part in parts)
    return DiffRow(
        f"{key}-{index + 1}", label, cell(old_item, 0), cell(new_item, 1), changed,
        sublabel=sublabel, notes=tuple(notes),
    )
