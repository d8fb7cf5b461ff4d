"""The one door every image comes in by: admin form, bulk upload, importer, commands.

``take(file)`` checks a file before anything is stored: its size, that it is a
picture in an accepted format whatever its name says, its pixel count before
decoding, that it decodes completely, and reads its checksum and metadata.
It raises ``ImageRefused`` naming the file and the reason; it stores nothing.
"""

import hashlib
import threading
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from . import formats, metadata

# A decoded picture holds width x height x 4 bytes (200 MB at the 50-megapixel
# limit). However many requests a process serves at once, only this many
# pictures are decoded and worked on together, which bounds the memory a
# burst of uploads can take.
decoding = threading.BoundedSemaphore(2)
_CHUNK = 1 << 20
# EXIF orientations that turn the picture on its side.
_SIDEWAYS = {5, 6, 7, 8}


class ImageRefused(ValidationError):
    """A file the desk will not take, with a message that names it."""

    def __init__(self, filename, reason, code):
        self.filename = filename
        self.reason = reason
        super().__init__(
            _("“%(filename)s”: %(reason)s"),
            code=code, params={"filename": filename, "reason": reason},
        )


@dataclass
class Intake:
    """What the door learnt about an accepted file."""

    file: object
    filename: str
    format: formats.Format
    width: int
    height: int
    size: int
    checksum: str
    metadata: dict = field(default_factory=dict)


def display_name(name):
    """The uploaded name as people will see it: no path, no control characters."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return cleaned[:255] or "?"


def file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    return size


def sha256(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(_CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


class _KeepOpen:
    """``file`` for Pillow, whose ``Image.close()`` would also close the upload itself."""

    def __init__(self, file):
        self._file = file

    def __getattr__(self, name):
        return getattr(self._file, name)

    def close(self):
        pass


def open_image(file):
    """Pillow's image of ``file``, trying only the accepted formats' decoders."""
    file.seek(0)
    with warnings.catch_warnings():
        # The pixel limit is checked here, with a message; Pillow's own warning is noise.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(_KeepOpen(file), formats=formats.ACCEPTED_NAMES)


def oriented_size(image, size=None):
    """``size`` (the image's own by default) as shown, once the camera's orientation applies."""
    width, height = size or image.size
    try:
        orientation = image.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - a broken EXIF block only loses the orientation
        orientation = None
    return (height, width) if orientation in _SIDEWAYS else (width, height)


def decode_fully(image):
    """Decode every byte of the picture: a cut-off file passes a header check.

    A JPEG is decoded at an eighth of its size, which still reads the whole
    stream (and so finds a truncation) for 1/64 of the memory.
    """
    if image.format == "JPEG":
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
    image.load()


def take(file, *, name=None):
    """Check ``file`` and describe it; raise ``ImageRefused`` if the desk won't take it."""
    filename = display_name(name if name is not None else getattr(file, "name", ""))

    def refuse(reason, code):
        return ImageRefused(filename, reason, code)

    size = file_size(file)
    if size == 0:
        raise refuse(_("the file is empty."), "empty")
    limit = settings.NEWSDESK_MAX_IMAGE_BYTES
    if size > limit:
        raise refuse(
            _("the file is %(size).1f MB; photos may be at most %(limit)d MB.")
            % {"size": size / 2**20, "limit": limit // 2**20},
            "too_large",
        )
    try:
        image = open_image(file)
    except Image.DecompressionBombError:
        raise refuse(_("the picture declares far too many pixels."), "too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse(
            _("this is not a picture in a format the desk accepts (%(formats)s).")
            % {"formats": formats.ACCEPTED_LABEL},
            "not_an_image",
        ) from None
    with image:
        accepted = formats.ACCEPTED.get(image.format)
        if accepted is None:  # a plugin that answered for a format not asked for
            raise refuse(
                _("this is not a picture in a format the desk accepts (%(formats)s).")
                % {"formats": formats.ACCEPTED_LABEL},
                "not_an_image",
            )
        pixels = image.width * image.height
        pixel_limit = settings.NEWSDESK_MAX_IMAGE_PIXELS
        if pixels > pixel_limit:
            raise refuse(
                _("the picture is %(pixels).1f megapixels; at most %(limit)d are accepted.")
                % {"pixels": pixels / 1e6, "limit": pixel_limit // 10**6},
                "too_many_pixels",
            )
        if accepted.pillow_name != "HEIF" and getattr(image, "n_frames", 1) > 1:
            raise refuse(
                _("this picture is animated; the photo desk takes still pictures. "
                  "Upload one frame as JPEG or PNG."),
                "animated",
            )
        drawn_size = image.size  # before decode_fully() draws a JPEG smaller
        # Reading a PNG's EXIF decodes the whole picture, so it waits its turn too.
        with decoding:
            try:
                decode_fully(image)
            except Exception:  # noqa: BLE001 - any decoder failure means the same to the user
                raise refuse(
                    _("the picture could not be read completely; the file may be damaged "
                      "or cut off. Please upload it again."),
                    "damaged",
                ) from None
            found = metadata.extract(image)
            width, height = oriented_size(image, drawn_size)
            image.close()
    return Intake(
        file=file, filename=filename, format=accepted, width=width, height=height,
        size=size, checksum=sha256(file), metadata=found,
    )

