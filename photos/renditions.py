"""Public renditions: the only picture files readers ever receive.

Each is re-encoded from decoded pixels (nothing appended to an upload, and no
EXIF, XMP or IPTC, survives), the right way up, at a few widths, never
larger than the original, in WebP and JPEG. A set is named by the image's
``rendition_key`` and recorded in its ``renditions`` field, so pages build
their ``srcset`` without a query or a storage call per file.

Sets are made once: at upload, or on first use for an image that has none
(``ensure``), under a row lock so that two workers never make the same set.
"""

import io
import logging
import math
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

from . import intake

log = logging.getLogger(__name__)

# Bump when crops, widths or encoding change: every set is then remade on first use.
SPEC_VERSION = 1


@dataclass(frozen=True)
class Crop:
    slug: str
    ratio: tuple[int, int] | None  # None keeps the picture's own shape
    widths: tuple[int, ...]


CROPS = {
    crop.slug: crop
    for crop in (
        Crop("full", None, (320, 640, 960, 1280, 1920)),
        Crop("16x9", (16, 9), (320, 640, 960)),
        Crop("1x1", (1, 1), (160, 320, 640)),
    )
}
ENCODINGS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}


def is_ready(image):
    """Whether ``image`` has a current set of renditions recorded."""
    made = image.renditions or {}
    return made.get("key") == image.rendition_key and made.get("spec") == SPEC_VERSION


def file_names(made):
    """Every stored name in a recorded set."""
    return [
        item[fmt]
        for items in (made or {}).get("crops", {}).values()
        for item in items
        for fmt in ENCODINGS
        if item.get(fmt)
    ]


def crop_box(size, ratio, focal_point):
    """The largest box of ``ratio`` inside ``size``, centred on the focal point where it fits."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    wanted = ratio[0] / ratio[1]
    if width / height > wanted:
        box_w, box_h = height * wanted, height
    else:
        box_w, box_h = width, width / wanted
    fx, fy = focal_point or (0.5, 0.5)
    left = min(max(fx * width - box_w / 2, 0), width - box_w)
    top = min(max(fy * height - box_h / 2, 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def widths_for(crop, box_width):
    """The crop's widths that need no upscaling; a small picture gets its own width."""
    fitting = [w for w in crop.widths if w <= box_width]
    return fitting or [max(1, math.floor(box_width))]


def _scale_needed(size, focal_point):
    """How small the decode may be and still serve the largest rendition of every crop."""
    scale = 0.0
    for crop in CROPS.values():
        left, _top, right, _bottom = crop_box(size, crop.ratio, focal_point)
        box_width = right - left
        scale = max(scale, max(widths_for(crop, box_width)) / box_width)
    return min(1.0, scale)


def _to_srgb(image):
    """A picture in a mode WebP and JPEG can hold, and the ICC profile to keep with it.

    RGB and grey pictures keep their colour profile (a phone's Display P3, say).
    Anything converted drops it: a CMYK print profile, for one, would be wrong on
    RGB pixels. CMYK is converted without colour management, as no CMYK profile
    ships with the app; colours from a print workflow may shift slightly.
    """
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image, image.info.get("icc_profile")
    if image.mode.startswith("I") or image.mode == "F":
        # 16-bit and 32-bit greys: scale to 8 bits; a plain convert would clip them white.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L"), None
    return image.convert("RGBA" if image.has_transparency_data else "RGB"), None


def _flatten(image):
    """JPEG has no transparency: paint transparent parts white, as a page would show them."""
    if image.mode not in ("RGBA", "LA"):
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image.convert("RGBA"), mask=image.getchannel("A"))
    return background


def _encode(image, fmt, icc):
    pillow_format, options = ENCODINGS[fmt]
    if fmt == "jpeg":
        image = _flatten(image)
    # A fresh info dict: resize() copies the source's, EXIF and XMP included.
    image.info = {}
    buffer = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    image.save(buffer, pillow_format, **options, **extra)
    return buffer.getvalue()


def decode_for_renditions(file, focal_point):
    """The original decoded the right way up, at the smallest size every rendition allows.

    Call it holding ``intake.decoding``.
    """
    image = intake.open_image(file)
    oriented = intake.oriented_size(image)
    scale = _scale_needed(oriented, focal_point)
    needed_width = math.ceil(image.width * scale)
    if image.format == "JPEG":
        # draft() decodes at 1/2, 1/4 or 1/8 of the size, never below what is asked.
        image.draft(image.mode, (needed_width, math.ceil(image.height * scale)))
        image.load()
    else:
        image.load()
        factor = image.width // needed_width
        if factor >= 2:
            # Other formats decode whole; shrink at once so the full picture is let go.
            image = image.reduce(factor)
    # In place: a copy of a 3000x2000 decode is another 24 MB for nothing.
    ImageOps.exif_transpose(image, in_place=True)
    return image, oriented


def make(image, storage=None):
    """Make and store every rendition of ``image``; return the record of the set.

    Files already written are removed again if a later one fails, so a failed
    run leaves nothing behind.
    """
    storage = storage or default_storage
    with intake.decoding:
        return _make(image, storage)


def _make(image, storage):
    key = image.rendition_key
    written = []
    try:
        with image.image.open("rb") as file:
            picture, original_size = decode_for_renditions(file, image.focal_point)
        picture, icc = _to_srgb(picture)
        # The decode may be smaller than the original; boxes are in its pixels.
        factor = picture.width / original_size[0]
        crops = {}
        for crop in CROPS.values():
            box = crop_box(original_size, crop.ratio, image.focal_point)
            box_width, box_height = box[2] - box[0], box[3] - box[1]
            scaled = tuple(edge * factor for edge in box)
            items = []
            for width in sorted(widths_for(crop, box_width), reverse=True):
                height = max(1, round(width * box_height / box_width))
                resized = picture.resize(
                    (width, height), Image.Resampling.LANCZOS, box=scaled, reducing_gap=3.0
                )
                item = {"w": width, "h": height}
                for fmt in ENCODINGS:
                    name = f"renditions/{key[:2]}/{key}/{crop.slug}-{width}.{EXTENSIONS[fmt]}"
                    if storage.exists(name):
                        storage.delete(name)
                    item[fmt] = storage.save(name, ContentFile(_encode(resized, fmt, icc)))
                    written.append(item[fmt])
                items.append(item)
            crops[crop.slug] = sorted(items, key=lambda item: item["w"])
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return {"key": key, "spec": SPEC_VERSION, "crops": crops}


def delete_files(names, storage=None):
    storage = storage or default_storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.warning("Could not delete rendition %s", name, exc_info=True)


def ensure(image):
    """``image``'s current renditions, made now if missing; one worker makes them."""
    if is_ready(image):
        return image.renditions
    manager = type(image)._default_manager
    with transaction.atomic():
        locked = (
            manager.select_for_update()
            .only("pk", "image", "rendition_key", "renditions", "focal_x", "focal_y")
            .get(pk=image.pk)
        )
        if not is_ready(locked):
            previous = locked.renditions
            locked.renditions = make(locked)
            manager.filter(pk=locked.pk).update(renditions=locked.renditions)
            stale = set(file_names(previous)) - set(file_names(locked.renditions))
            transaction.on_commit(lambda: delete_files(sorted(stale)))
    image.renditions = locked.renditions
    image.rendition_key = locked.rendition_key
    return image.renditions


def items(image, crop="full"):
    """The renditions of one crop, narrowest first, as recorded (empty if none)."""
    if not is_ready(image):
        return []
    return image.renditions.get("crops", {}).get(crop, [])


def url(name, storage=None):
    return (storage or default_storage).url(name)
