"""The picture formats the desk accepts, and what each is stored and served as."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Format:
    pillow_name: str  # Image.format as Pillow reports it
    extension: str
    content_type: str


# What cameras and phones produce. Pillow recognises about seventy formats;
# everything not listed here is refused before it is decoded.
ACCEPTED = {
    f.pillow_name: f
    for f in (
        Format("JPEG", ".jpg", "image/jpeg"),
        Format("PNG", ".png", "image/png"),
        Format("WEBP", ".webp", "image/webp"),
        Format("HEIF", ".heic", "image/heic"),
        Format("GIF", ".gif", "image/gif"),
    )
}
ACCEPTED_NAMES = tuple(ACCEPTED)
ACCEPTED_LABEL = _("JPEG, PNG, WebP, HEIC/HEIF or GIF")
# For the file picker; the server decides by content, never by these.
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/heic,image/heif,image/gif,.heic,.heif"


def content_type(pillow_name):
    found = ACCEPTED.get(pillow_name)
    return found.content_type if found else "application/octet-stream"
