"""What a photo file says about itself: caption, by-line, credit, keywords, date.

Three sources are read, each on its own: IPTC IIM (the Photoshop APP13 block
that news agencies and desk software still write), EXIF, and XMP. A source
that is broken or hostile contributes nothing; the others still count, and
nothing here raises for a bad file.

Deliberately NOT extracted, so the newsroom never keeps or leaks them through
a pre-filled form or a database column: GPS data (the whole GPS IFD, and any
other location), the camera body's serial number (BodySerialNumber), the
owner's name (CameraOwnerName), the lens serial number (LensSerialNumber) and
maker notes. They stay in the original file only, which is stored privately.

Only Pillow and ``defusedxml`` are used. This module knows nothing of Django
models or of ``articles``: ``photos`` sits below the newsroom.
"""

import codecs
import datetime
import logging
import re
from collections.abc import Iterable

from defusedxml import ElementTree as SafeElementTree
from PIL import Image, IptcImagePlugin

logger = logging.getLogger(__name__)

CAPTION_LENGTH = 2000
TEXT_LENGTH = 200
KEYWORD_LENGTH = 100
MAX_ITEMS = 50
# An XMP packet in a JPEG is at most 64 KB; a PNG or HEIF could carry far more,
# and nothing a form needs is worth parsing megabytes of XML for.
MAX_XMP_BYTES = 1024 * 1024

# ISO 2022 escape for UTF-8, the one value of 1:90 CodedCharacterSet that matters.
IPTC_UTF8_MARKER = b"\x1b%G"

IPTC_TEXT_FIELDS = {
    (2, 5): ("object_name", TEXT_LENGTH),
    (2, 85): ("byline_title", TEXT_LENGTH),
    (2, 90): ("city", TEXT_LENGTH),
    (2, 105): ("headline", TEXT_LENGTH),
    (2, 110): ("credit", TEXT_LENGTH),
    (2, 120): ("caption", CAPTION_LENGTH),
}
IPTC_BYLINE = (2, 80)
IPTC_KEYWORDS = (2, 25)
IPTC_DATE_CREATED = (2, 55)
IPTC_TIME_CREATED = (2, 60)
IPTC_CODED_CHARACTER_SET = (1, 90)

EXIF_IFD = 0x8769
EXIF_TEXT_FIELDS = {
    0x010F: ("camera_make", TEXT_LENGTH),
    0x0110: ("camera_model", TEXT_LENGTH),
    0x013B: ("exif_artist", TEXT_LENGTH),
    0x8298: ("exif_copyright", TEXT_LENGTH),
    0x010E: ("exif_description", CAPTION_LENGTH),
}
EXIF_ORIENTATION = 0x0112
EXIF_DATETIME = 0x0132
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_OFFSET_TIME = 0x9010
EXIF_OFFSET_TIME_ORIGINAL = 0x9011

DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# A Chinese desk often types every keyword into one field, separated by
# full-width or ideographic punctuation as often as by ASCII.
KEYWORD_SEPARATORS = re.compile(r"[，,、;；]")
# Newline and tab are kept: captions have paragraphs.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
XPACKET = re.compile(rb"<\?xpacket\b.*?\?>", re.DOTALL)
EXIF_DATETIME_FORMAT = re.compile(r"^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$")
EXIF_OFFSET_FORMAT = re.compile(r"^[+-]\d{2}:\d{2}$")
IPTC_DATE_FORMAT = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
IPTC_TIME_FORMAT = re.compile(r"^(\d{2}):?(\d{2}):?(\d{2})(?:([+-])(\d{2}):?(\d{2}))?$")


def extract(image: Image.Image) -> dict:
    """Everything the file says about itself, by source-specific key; only keys found.

    ``image`` is an opened Pillow image (it need not be loaded). The result is
    JSON-serialisable: strings, an int (orientation) and lists of strings.
    """
    meta = {}
    for source in (_iptc, _exif, _xmp):
        try:
            found = source(image)
        except Exception:
            # A hostile or corrupt block must not cost the other sources, nor the upload.
            logger.debug("Unreadable %s metadata, skipped", source.__name__, exc_info=True)
            continue
        meta.update(found)
    return meta


def suggestions(meta: dict) -> dict:
    """The fields a photo form would pre-fill from ``extract()``'s result.

    IPTC wins over XMP, and XMP over EXIF: IPTC is what the desk and the
    agencies actually fill in, EXIF mostly what the camera was set to.
    """
    candidates = {
        "caption": [meta.get("caption"), meta.get("description"), meta.get("exif_description")],
        "alt_text": [meta.get("alt_text")],
        "byline": [
            _first(meta.get("bylines")),
            _first(meta.get("creators")),
            meta.get("exif_artist"),
        ],
        "byline_title": [meta.get("byline_title")],
        "credit": [meta.get("credit"), meta.get("xmp_credit")],
        "headline": [meta.get("headline"), meta.get("xmp_headline"), meta.get("object_name")],
        "city": [meta.get("city"), meta.get("xmp_city")],
        "keywords": [meta.get("keywords"), meta.get("subjects")],
        "taken_at": [meta.get("date_created"), meta.get("taken_at")],
    }
    suggested = {}
    for field, values in candidates.items():
        value = next((v for v in values if v), None)
        if value:
            suggested[field] = list(value) if isinstance(value, list) else value
    return suggested


def _first(values):
    return values[0] if values else None


# Text


def _clean(value, limit=TEXT_LENGTH):
    """A string fit to show and store: no control characters, stripped, at most ``limit``."""
    if not isinstance(value, str):
        return ""
    # IIM captions from Mac-era desk software separate lines with a bare CR.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = CONTROL_CHARACTERS.sub("", value).strip()
    return value[:limit].strip()


def _decode(data: bytes, *, utf8: bool = False) -> str:
    """Text from bytes of unknown encoding, as a Chinese desk writes them.

    UTF-8 is tried first whatever the file declares: valid UTF-8 is almost
    never meant as anything else, while the UTF-8 marker is sometimes copied
    from a template by software that then writes GB18030. ``utf8`` (the file
    says UTF-8) only decides what bytes that are neither become.
    """
    try:
        # Not final: a multi-byte character cut in half by a field-length limit
        # is dropped instead of turning the whole value into GB18030 mojibake.
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        # Latin-1 decodes anything, which suits an undeclared old Western file;
        # for declared but broken UTF-8, replacement marks show what was lost.
        return data.decode("utf-8", "replace") if utf8 else data.decode("latin-1")


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _keywords(values: Iterable[str]) -> list[str]:
    split = (
        _clean(part, KEYWORD_LENGTH) for value in values for part in KEYWORD_SEPARATORS.split(value)
    )
    return _unique(split)[:MAX_ITEMS]


def _text_list(values: Iterable[str], limit=TEXT_LENGTH) -> list[str]:
    return _unique(_clean(v, limit) for v in values)[:MAX_ITEMS]


# IPTC IIM


def _iptc(image):
    info = IptcImagePlugin.getiptcinfo(image)
    if not info:
        return {}
    utf8 = IPTC_UTF8_MARKER in _iptc_values(info.get(IPTC_CODED_CHARACTER_SET))

    def texts(key):
        return [_decode(v, utf8=utf8) for v in _iptc_values(info.get(key))]

    meta = {}
    for key, (name, limit) in IPTC_TEXT_FIELDS.items():
        # The field is not repeatable; a file that repeats it anyway gets its first value.
        value = next((c for c in (_clean(t, limit) for t in texts(key)) if c), "")
        if value:
            meta[name] = value
    if bylines := _text_list(texts(IPTC_BYLINE)):
        meta["bylines"] = bylines
    if keywords := _keywords(texts(IPTC_KEYWORDS)):
        meta["keywords"] = keywords
    date = _first(texts(IPTC_DATE_CREATED))
    time = _first(texts(IPTC_TIME_CREATED))
    if date and (created := _iptc_datetime(date, time)):
        meta["date_created"] = created
    return meta


def _iptc_values(value) -> list[bytes]:
    """A record's values as a list; Pillow gives bytes, a list if repeated, None if empty."""
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, bytes) and v]


def _iptc_datetime(date: str, time: str | None) -> str | None:
    match = IPTC_DATE_FORMAT.match(date.strip(" \x00"))
    if not match:
        return None
    try:
        day = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    match = IPTC_TIME_FORMAT.match(time.strip(" \x00")) if time else None
    if not match:
        return day.isoformat()
    hour, minute, second, sign, offset_hours, offset_minutes = match.groups()
    try:
        moment = datetime.datetime.combine(day, datetime.time(int(hour), int(minute), int(second)))
        if sign:
            offset = datetime.timedelta(hours=int(offset_hours), minutes=int(offset_minutes))
            moment = moment.replace(tzinfo=datetime.timezone(-offset if sign == "-" else offset))
    except ValueError:
        # A date without a usable time is still worth having.
        return day.isoformat()
    return moment.isoformat()


# EXIF


def _exif(image):
    exif = image.getexif()
    if not exif:
        return {}
    try:
        exif_ifd = exif.get_ifd(EXIF_IFD)
    except Exception:
        logger.debug("Unreadable Exif IFD, skipped", exc_info=True)
        exif_ifd = {}

    def tag(number):
        # Some writers put Exif IFD tags in IFD0; the Exif IFD is where they belong.
        value = exif_ifd.get(number)
        return exif.get(number) if value is None else value

    meta = {}
    for number, (name, limit) in EXIF_TEXT_FIELDS.items():
        if value := _clean(_exif_text(exif.get(number)), limit):
            meta[name] = value
    orientation = exif.get(EXIF_ORIENTATION)
    if type(orientation) is int and 1 <= orientation <= 8:
        meta["orientation"] = orientation
    taken_at = _exif_datetime(
        _exif_text(tag(EXIF_DATETIME_ORIGINAL)), _exif_text(tag(EXIF_OFFSET_TIME_ORIGINAL))
    ) or _exif_datetime(_exif_text(exif.get(EXIF_DATETIME)), _exif_text(tag(EXIF_OFFSET_TIME)))
    if taken_at:
        meta["taken_at"] = taken_at
    return meta


def _exif_text(value) -> str:
    if isinstance(value, str):
        # Pillow reads EXIF ASCII as latin-1, but Chinese cameras and desk
        # software write UTF-8 or GB18030 there: undo it and decode properly.
        try:
            value = value.encode("latin-1")
        except UnicodeEncodeError:
            return value.strip("\x00")
    if isinstance(value, bytes):
        return _decode(value.rstrip(b"\x00"))
    return ""


def _exif_datetime(value: str, offset: str) -> str | None:
    match = EXIF_DATETIME_FORMAT.match(value.strip(" \x00"))
    if not match:
        return None
    try:
        moment = datetime.datetime(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    offset = offset.strip(" \x00")
    if EXIF_OFFSET_FORMAT.match(offset) and int(offset[1:3]) < 24 and int(offset[4:]) < 60:
        return moment.isoformat() + offset
    return moment.isoformat()


# XMP


def _xmp(image):
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    if not isinstance(packet, bytes) or not packet or len(packet) > MAX_XMP_BYTES:
        return {}
    packet = XPACKET.sub(b"", packet).strip(b"\x00 \t\r\n")
    # No DTD belongs in XMP, so any DTD is refused, not just entity declarations.
    root = SafeElementTree.fromstring(packet, forbid_dtd=True)
    descriptions = list(root.iter(f"{{{RDF}}}Description"))

    meta = {}
    for name, namespace, local, limit in (
        ("description", DC, "description", CAPTION_LENGTH),
        ("alt_text", IPTC_CORE, "AltTextAccessibility", TEXT_LENGTH),
        ("xmp_credit", PHOTOSHOP, "Credit", TEXT_LENGTH),
        ("xmp_headline", PHOTOSHOP, "Headline", TEXT_LENGTH),
        ("xmp_city", PHOTOSHOP, "City", TEXT_LENGTH),
    ):
        values = _xmp_values(descriptions, f"{{{namespace}}}{local}")
        if value := next((c for c in (_clean(v, limit) for v in values) if c), ""):
            meta[name] = value
    if creators := _text_list(_xmp_values(descriptions, f"{{{DC}}}creator", every=True)):
        meta["creators"] = creators
    if subjects := _keywords(_xmp_values(descriptions, f"{{{DC}}}subject", every=True)):
        meta["subjects"] = subjects
    return meta


def _xmp_values(descriptions, name, *, every=False) -> list[str]:
    """A property's values, written as an attribute of rdf:Description or as an element.

    For a language alternative (rdf:Alt) the x-default comes first; ``every``
    returns every item of a list (rdf:Seq, rdf:Bag) instead of one value.
    """
    values = []
    for description in descriptions:
        if isinstance(attribute := description.get(name), str):
            values.append(attribute)
        for element in description.findall(name):
            items = element.findall(f"{{{RDF}}}*/{{{RDF}}}li")
            if not items:
                values.append(element.text or "")
            elif every:
                values.extend(item.text or "" for item in items)
            else:
                preferred = [item for item in items if item.get(XML_LANG) == "x-default"]
                values.extend(item.text or "" for item in preferred + items)
    return values
