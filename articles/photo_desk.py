"""The newsroom's door for photos: every new or replaced picture comes through here.

``photos.intake`` checks the file; this module turns what the file says
(IPTC, EXIF, XMP) into the newsroom's fields, stores the original privately,
makes the public renditions, and refuses a file already in the library by
pointing at the photo that has it. The admin form, the bulk upload, the demo
and commands all call ``receive`` or ``replace_file``.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from photos import intake, metadata, renditions

from . import credits, permissions
from .models import Contributor, CreditVerb, Photo, Role
from .models.dates import EARLIEST_YEAR, LATEST_YEAR
from .tag_names import TAG_MAX_LENGTH, has_slug

log = logging.getLogger(__name__)

# Fields the file can fill; anything the user typed into one of them wins.
PREFILLED = ("headline", "caption", "alt_text", "city", "taken_at", "credit")


class DuplicatePhoto(ValidationError):
    """The file is already in the library, as ``existing``."""

    def __init__(self, filename, existing):
        self.filename = filename
        self.existing = existing
        super().__init__(
            _("“%(filename)s” is already in the library as photo %(id)s."),
            code="duplicate", params={"filename": filename, "id": existing.pk},
        )


def find_duplicate(checksum, exclude_pk=None):
    return Photo.objects.filter(checksum=checksum).exclude(pk=exclude_pk).first()


def known_contributor(name):
    """The one active contributor called ``name``, or None when there is none or several."""
    found = list(Contributor.objects.filter(name=name, is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def _taken_at(value):
    """An aware datetime from the file's ISO date, or None when it is out of range or bad."""
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time(12)) if day else None
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None
    return moment


def credit_from_file(suggested):
    """Credit fields from the file's by-line (``记者何晓刚``) or, failing that, its credit line.

    A by-line naming a known contributor links to them; anyone else is credited by name.
    """
    byline = suggested.get("byline", "")
    if byline:
        credit = credits.parse_credit(byline) or credits.parse_credit(f"{byline} 摄")
        if credit is not None and not credit.role and suggested.get("byline_title"):
            title = credits.parse_credit(f"{suggested['byline_title']}某 摄")
            if title is not None and title.role:
                credit = credit.with_role(title.role)
        if credit is not None and credit.name:
            if credit.verb in ("", CreditVerb.FILE):
                credit = credit.with_verb(CreditVerb.TOOK)
            return _credit_fields(credit)
    agency = suggested.get("credit", "")
    if agency:
        credit = credits.parse_credit(agency)
        if credit is not None and credit.name:
            return _credit_fields(credit)
    return {}


def _credit_fields(credit):
    contributor = known_contributor(credit.name)
    role = credit.role
    if contributor is not None and role == contributor.default_role:
        role = ""  # printed from the contributor's own role, and follows it
    return {
        "credit_contributor": contributor,
        "credit_name": "" if contributor else credit.name,
        "credit_role": role if role in Role.values else "",
        "credit_organisation": credit.organisation,
        "credit_verb": credit.verb,
    }


def prefill(photo, found, *, typed=()):
    """Fill ``photo`` from the file's metadata, except the fields in ``typed``."""
    suggested = metadata.suggestions(found)
    simple = {
        "headline": suggested.get("headline", ""),
        "caption": suggested.get("caption", ""),
        "alt_text": suggested.get("alt_text", ""),
        "city": suggested.get("city", ""),
    }
    for name, value in simple.items():
        limit = Photo._meta.get_field(name).max_length
        if name not in typed and value and not getattr(photo, name):
            setattr(photo, name, value[:limit] if limit else value)
    if "taken_at" not in typed and photo.taken_at is None:
        photo.taken_at = _taken_at(suggested.get("taken_at"))
    credited = photo.credit_contributor_id or photo.credit_name
    if "credit" not in typed and not credited:
        for name, value in credit_from_file(suggested).items():
            setattr(photo, name, value)
    return suggested.get("keywords", [])


def keyword_tags(keywords, *, by):
    """Tag names for the file's keywords: new tags only for who may create tags."""
    names = [k.strip()[:TAG_MAX_LENGTH] for k in keywords if has_slug(k)]
    if by is not None and by.has_perm(permissions.ADD_TAG):
        return names
    known = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
    return [name for name in names if name in known]


def _record(photo, checked):
    photo._intake_extension = checked.format.extension
    photo.original_filename = checked.filename
    photo.file_format = checked.format.pillow_name
    photo.file_size = checked.size
    photo.checksum = checked.checksum
    photo.width, photo.height = checked.width, checked.height
    photo.metadata = checked.metadata


def _store(photo, checked, save):
    """Save the row and its original, then its renditions; on failure remove every file."""
    checked.file.seek(0)
    photo.image.save(checked.filename, checked.file, save=False)
    stored = photo.image.name
    try:
        with transaction.atomic():
            save()
            renditions.ensure(photo)
    except IntegrityError:
        photo.image.storage.delete(stored)
        existing = find_duplicate(photo.checksum, exclude_pk=photo.pk)
        if existing is None:
            raise
        raise DuplicatePhoto(checked.filename, existing) from None
    except BaseException:
        photo.image.storage.delete(stored)
        raise
    return photo


def receive(file, *, by=None, name=None, fields=None, tags=None):
    """A new library photo from ``file``; ``fields`` and ``tags`` are what the user typed.

    Raises ``ImageRefused`` for a file the desk won't take, ``DuplicatePhoto``
    for one already in the library. Nothing is stored in either case.
    """
    checked = check(file, name=name)
    fields = dict(fields or {})
    photo = Photo(uploaded_by=by, **fields)
    typed = {name for name, value in fields.items() if value not in ("", None)}
    return store(photo, checked, typed=typed, tags=tags)


def check(file, *, name=None, photo=None):
    """``intake.take`` and the library's duplicate check (``photo`` is the one being replaced)."""
    checked = intake.take(file, name=name)
    existing = find_duplicate(checked.checksum, exclude_pk=photo.pk if photo else None)
    if existing is not None:
        raise DuplicatePhoto(checked.filename, existing)
    return checked


def store(photo, checked, *, typed=(), tags=None):
    """Record ``checked`` on ``photo``, fill what the user left empty, save with renditions.

    ``tags`` typed by the user win; without them the file's keywords become tags.
    """
    _record(photo, checked)
    typed = set(typed)
    if typed & {"credit_contributor", "credit_name"}:
        typed.add("credit")
    keywords = prefill(photo, checked.metadata, typed=typed)
    photo.full_clean(exclude=["image"])

    def save():
        photo.save()
        if tags or keywords:
            photo.tags.set(tags or keyword_tags(keywords, by=photo.uploaded_by))

    return _store(photo, checked, save)


def replace_file(photo, file, *, name=None):
    """Put a new file under an existing photo; its old files go once this commits."""
    return store(photo, check(file, name=name, photo=photo), typed=PREFILLED,
                 tags=list(photo.tags.names()) or None)
