"""Demo photos: found again by their key, drawn and saved only the first time."""

from dataclasses import dataclass

from django.core.files.base import ContentFile

from articles import photo_desk
from articles.models import CreditVerb, Photo

from .placeholders import DEFAULT_SIZE, placeholder_jpeg


@dataclass(frozen=True)
class PhotoSpec:
    key: str
    caption: str
    alt_text: str
    credit_slug: str = ""  # a contributor's slug, or
    credit_name: str = ""  # a free name such as 受访者
    credit_role: str = ""
    credit_verb: str = CreditVerb.TOOK
    sections: tuple[str, ...] = ()  # section slugs the picture suits


def existing_demo_photos(keys):
    """Demo photos already in the library, by key."""
    found = Photo.objects.filter(demo_key__in=list(keys))
    return {photo.demo_key: photo for photo in found}


def create_demo_photo(spec, contributors, *, size=DEFAULT_SIZE, uploaded_by=None):
    """A placeholder picture through the desk's one door, as an upload would go."""
    fields = {
        "caption": spec.caption,
        "alt_text": spec.alt_text,
        "credit_contributor": contributors[spec.credit_slug] if spec.credit_slug else None,
        "credit_name": spec.credit_name,
        "credit_role": spec.credit_role,
        "credit_verb": spec.credit_verb,
        "demo_key": spec.key,
    }
    jpeg = placeholder_jpeg(spec.key, spec.caption, size)
    return photo_desk.receive(
        ContentFile(jpeg), name=f"{spec.key}.jpg", by=uploaded_by, fields=fields
    )


def ensure_demo_photos(specs, contributors, *, size=DEFAULT_SIZE, uploaded_by=None):
    """Every spec's photo by key, creating only the missing ones; also how many were new."""
    photos = existing_demo_photos(spec.key for spec in specs)
    created = 0
    for spec in specs:
        if spec.key not in photos:
            photos[spec.key] = create_demo_photo(
                spec, contributors, size=size, uploaded_by=uploaded_by
            )
            created += 1
    return photos, created
