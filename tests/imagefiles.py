"""Real image files as ``bytes`` for the photo-desk tests.

Every builder is a small pure function: same arguments, same bytes. Pictures
are gradients rather than flat colour, so a bad resize or a clipped channel
shows. Pillow writes what it can; what it cannot (IPTC IIM, 48-bit PNG, a PNG
that only claims to be huge) is put together byte by byte here.

``read_metadata`` opens any of them again and collects every metadata-like
thing Pillow can see, so a test can assert that nothing leaked into a public
rendition.
"""

import io
import math
import struct
import zlib
from fractions import Fraction
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageChops, IptcImagePlugin, PngImagePlugin, TiffImagePlugin

SIZE = (120, 80)
COLOR = (200, 80, 40)
SCRIPT = b"<html><script>alert(1)</script></html>"

# IPTC IIM

IPTC_DATASETS = {
    "Object Name": (2, 5),
    "Keywords": (2, 25),
    "Date Created": (2, 55),
    "Time Created": (2, 60),
    "By-line": (2, 80),
    "By-line Title": (2, 85),
    "City": (2, 90),
    "Sub-location": (2, 92),
    "Province-State": (2, 95),
    "Country-Primary Location Name": (2, 101),
    "Original Transmission Reference": (2, 103),
    "Headline": (2, 105),
    "Credit": (2, 110),
    "Source": (2, 115),
    "Copyright Notice": (2, 116),
    "Caption-Abstract": (2, 120),
    "Writer-Editor": (2, 122),
}
IPTC_CHARSETS = ("utf-8-esc", "utf-8", "gb18030")
UTF8_ESCAPE = b"\x1b%G"  # 1:90 CodedCharacterSet value declaring UTF-8


def iim(records):
    """IPTC IIM bytes from ``[((record, dataset), value_bytes), ...]`` in the order given."""
    out = b""
    for (record, dataset), value in records:
        out += bytes([0x1C, record, dataset]) + struct.pack(">H", len(value)) + value
    return out


def iptc_records(fields, charset="utf-8-esc"):
    """IIM bytes for ``{dataset name: str or [str, ...]}`` encoded as ``charset`` says."""
    if charset not in IPTC_CHARSETS:
        raise ValueError(f"iptc_charset must be one of {IPTC_CHARSETS}, not {charset!r}")
    encoding = "gb18030" if charset == "gb18030" else "utf-8"
    records = [((1, 0), b"\x00\x04")]  # 1:00 ModelVersion 4
    if charset == "utf-8-esc":
        records.append(((1, 90), UTF8_ESCAPE))
    records.append(((2, 0), b"\x00\x04"))  # 2:00 RecordVersion 4
    for name, values in fields.items():
        dataset = IPTC_DATASETS[name]
        for value in [values] if isinstance(values, str) else values:
            records.append((dataset, value.encode(encoding)))
    return iim(records)


def photoshop_app13(resource):
    """A JPEG APP13 segment: "Photoshop 3.0" with ``resource`` as 8BIM resource 0x0404 (IPTC)."""
    padding = b"\x00" if len(resource) % 2 else b""
    body = (
        b"Photoshop 3.0\x00"
        + b"8BIM"
        + struct.pack(">H", 0x0404)
        + b"\x00\x00"  # empty Pascal name, padded to an even length
        + struct.pack(">I", len(resource))
        + resource
        + padding
    )
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def insert_segment(jpeg_bytes, segment):
    """The JPEG with ``segment`` inserted after SOI and its APP0 (JFIF) if it has one."""
    if jpeg_bytes[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    at = 2
    if jpeg_bytes[2:4] == b"\xff\xe0":
        at = 4 + struct.unpack(">H", jpeg_bytes[4:6])[0]
    return jpeg_bytes[:at] + segment + jpeg_bytes[at:]


# EXIF

IFD0, EXIF_IFD, GPS_IFD = 0, 0x8769, 0x8825
EXIF_TAGS = {
    "ImageDescription": (IFD0, 0x010E),
    "Make": (IFD0, 0x010F),
    "Model": (IFD0, 0x0110),
    "Orientation": (IFD0, 0x0112),
    "Software": (IFD0, 0x0131),
    "DateTime": (IFD0, 0x0132),
    "Artist": (IFD0, 0x013B),
    "Copyright": (IFD0, 0x8298),
    "DateTimeOriginal": (EXIF_IFD, 0x9003),
    "DateTimeDigitized": (EXIF_IFD, 0x9004),
    "OffsetTimeOriginal": (EXIF_IFD, 0x9011),
    "CameraOwnerName": (EXIF_IFD, 0xA430),
    "BodySerialNumber": (EXIF_IFD, 0xA431),
    "LensSerialNumber": (EXIF_IFD, 0xA435),
}


def _dms(value):
    """Degrees, minutes, seconds of ``abs(value)`` as EXIF rationals."""
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction(round((value - degrees - minutes / 60) * 3600 * 10000), 10000)
    return (
        TiffImagePlugin.IFDRational(degrees, 1),
        TiffImagePlugin.IFDRational(minutes, 1),
        TiffImagePlugin.IFDRational(seconds.numerator, seconds.denominator),
    )


def exif_block(fields):
    """A ``PIL.Image.Exif`` from ``{"Model": ..., "GPS": (lat, lon), ...}`` (see EXIF_TAGS).

    Non-ASCII text goes in as UTF-8 bytes, which Pillow reads back as a
    latin-1 ``str`` (IFD0) or as ``bytes`` (Exif IFD): ``exif_text`` undoes that.
    """
    exif = Image.Exif()
    for name, value in fields.items():
        if name == "GPS":
            lat, lon = value
            gps = exif.get_ifd(GPS_IFD)
            gps[0x0000] = b"\x02\x02\x00\x00"  # GPSVersionID 2.2
            gps[0x0001] = "N" if lat >= 0 else "S"
            gps[0x0002] = _dms(lat)
            gps[0x0003] = "E" if lon >= 0 else "W"
            gps[0x0004] = _dms(lon)
            continue
        ifd, tag = EXIF_TAGS[name]
        if isinstance(value, str) and not value.isascii():
            value = value.encode("utf-8")  # as Chinese phones write ASCII fields; see exif_text
        if ifd == IFD0:
            exif[tag] = value
        else:
            exif.get_ifd(ifd)[tag] = value
    return exif


def exif_text(value):
    """A text tag written as UTF-8, as Pillow reads it back (latin-1 str or raw bytes), decoded."""
    if isinstance(value, str):
        value = value.encode("latin-1")
    return value.rstrip(b"\x00").decode("utf-8")


def gps_degrees(gps_ifd):
    """``(lat, lon)`` as signed floats from a GPS IFD dict read back by Pillow."""

    def degrees(dms, ref):
        d, m, s = (float(x) for x in dms)
        return (d + m / 60 + s / 3600) * (-1 if ref in ("S", "W") else 1)

    return degrees(gps_ifd[2], gps_ifd[1]), degrees(gps_ifd[4], gps_ifd[3])


# XMP

XMP_NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}


def xmp_packet(
    *, description=None, creator=None, credit=None, alt_text=None, headline=None, wrapped=True
):
    """An XMP packet (x:xmpmeta/rdf:RDF/rdf:Description) carrying the fields given, as UTF-8."""

    def alt(tag, text):
        return (
            f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li>'
            f"</rdf:Alt></{tag}>"
        )

    attributes = ""
    if credit is not None:
        attributes += f" photoshop:Credit={quoteattr(credit)}"
    if headline is not None:
        attributes += f" photoshop:Headline={quoteattr(headline)}"
    body = ""
    if description is not None:
        body += alt("dc:description", description)
    if creator is not None:
        creators = [creator] if isinstance(creator, str) else creator
        items = "".join(f"<rdf:li>{escape(name)}</rdf:li>" for name in creators)
        body += f"<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>"
    if alt_text is not None:
        body += alt("Iptc4xmpCore:AltTextAccessibility", alt_text)
    ns = XMP_NAMESPACES
    packet = (
        f'<x:xmpmeta xmlns:x="{ns["x"]}" x:xmptk="newsdesk tests">'
        f'<rdf:RDF xmlns:rdf="{ns["rdf"]}">'
        f'<rdf:Description rdf:about="" xmlns:dc="{ns["dc"]}"'
        f' xmlns:photoshop="{ns["photoshop"]}" xmlns:Iptc4xmpCore="{ns["Iptc4xmpCore"]}"'
        f"{attributes}>{body}</rdf:Description>"
        "</rdf:RDF></x:xmpmeta>"
    )
    if wrapped:
        packet = (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            + packet
            + '<?xpacket end="w"?>'
        )
    return packet.encode("utf-8")


def _xmp(xmp):
    """``xmp`` as packet bytes: a dict of xmp_packet fields, ready bytes, or None."""
    if xmp is None or isinstance(xmp, bytes):
        return xmp
    return xmp_packet(**xmp)


# Pictures


def gradient(width=SIZE[0], height=SIZE[1], color=COLOR, mode="RGB"):
    """A ``PIL.Image`` fading from ``color`` (top left) to white (bottom right)."""
    ramp = Image.linear_gradient("L")  # 256x256, black at the top
    down = ramp.resize((width, height))
    across = ramp.rotate(90).resize((width, height))  # black at the left
    mask = ImageChops.add(down, across, scale=2)
    picture = Image.composite(
        Image.new("RGB", (width, height), (255, 255, 255)),
        Image.new("RGB", (width, height), tuple(color)),
        mask,
    )
    return picture if mode == "RGB" else picture.convert(mode)


def _save(image, format, **options):
    """``image`` saved as ``format`` into bytes."""
    out = io.BytesIO()
    image.save(out, format=format, **options)
    return out.getvalue()


def _exif_bytes(exif):
    """EXIF bytes (``Exif`` header-less TIFF block) from a fields dict, or b""."""
    return exif_block(exif).tobytes() if exif else b""


def jpeg(
    width=SIZE[0],
    height=SIZE[1],
    *,
    color=COLOR,
    iptc=None,
    iptc_charset="utf-8-esc",
    exif=None,
    xmp=None,
    icc_profile=None,
    comment=None,
    mode="RGB",
    quality=85,
):
    """A baseline JPEG, optionally with IPTC (APP13), EXIF, XMP, an ICC profile or a comment."""
    options = {"quality": quality}
    if exif:
        options["exif"] = _exif_bytes(exif)
    if xmp is not None:
        options["xmp"] = _xmp(xmp)
    if icc_profile is not None:
        options["icc_profile"] = srgb_profile() if icc_profile is True else icc_profile
    if comment is not None:
        options["comment"] = comment
    data = _save(gradient(width, height, color, mode), "JPEG", **options)
    if iptc is not None:
        data = insert_segment(data, photoshop_app13(iptc_records(iptc, iptc_charset)))
    return data


def srgb_profile():
    """A small sRGB ICC profile made by LittleCMS, its creation date zeroed to stay stable."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = bytes(12)  # dateTimeNumber
    profile[84:100] = bytes(16)  # profile ID (an MD5 when present)
    return bytes(profile)


def png(width=SIZE[0], height=SIZE[1], *, mode="RGB", bits=8, exif=None, xmp=None, text=None):
    """A PNG gradient; ``bits=16`` gives 16-bit greyscale ("I;16"), see png16_rgb for colour."""
    if bits == 16:
        values = [
            (x * 65535 // max(width - 1, 1) + y * 65535 // max(height - 1, 1)) // 2
            for y in range(height)
            for x in range(width)
        ]
        image = Image.frombytes("I;16", (width, height), struct.pack(f"<{len(values)}H", *values))
    elif bits == 8:
        image = gradient(width, height, mode=mode)
    else:
        raise ValueError("bits must be 8 or 16")
    options = {}
    if exif:
        options["exif"] = _exif_bytes(exif)
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_itxt(key, value)
    if xmp is not None:
        info.add_itxt("XML:com.adobe.xmp", _xmp(xmp).decode("utf-8"))
    return _save(image, "PNG", pnginfo=info, **options)


def _png_chunk(kind, payload):
    """One PNG chunk: length, type, payload, CRC."""
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def _png_file(width, height, bit_depth, colour_type, idat):
    """A PNG from its header fields and compressed IDAT payload."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def png16_rgb(width=SIZE[0], height=SIZE[1]):
    """A 48-bit RGB PNG (16 bits a channel), built by hand: Pillow cannot write one."""
    rows = []
    for y in range(height):
        raw = b"".join(
            struct.pack(
                ">HHH",
                red := x * 65535 // max(width - 1, 1),
                green := y * 65535 // max(height - 1, 1),
                (red + green) // 2 ^ 0x00FF,
            )
            for x in range(width)
        )
        # Filter type Sub: each byte less the one a pixel (6 bytes) to its left.
        rows.append(
            b"\x01"
            + bytes((raw[i] - (raw[i - 6] if i >= 6 else 0)) & 0xFF for i in range(len(raw)))
        )
    return _png_file(width, height, 16, 2, zlib.compress(b"".join(rows), 9))


def webp(
    width=SIZE[0], height=SIZE[1], *, color=COLOR, exif=None, xmp=None, lossless=False, quality=80
):
    """A WebP gradient, optionally with EXIF and XMP chunks."""
    options = {"lossless": lossless, "quality": quality, "method": 4}
    if exif:
        options["exif"] = _exif_bytes(exif)
    if xmp is not None:
        options["xmp"] = _xmp(xmp)
    return _save(gradient(width, height, color), "WEBP", **options)


def gif(width=SIZE[0], height=SIZE[1], *, color=COLOR, comment=None):
    """A still GIF gradient (palette), optionally with a comment extension."""
    options = {} if comment is None else {"comment": comment}
    image = gradient(width, height, color).quantize(64, dither=Image.Dither.NONE)
    return _save(image, "GIF", **options)


def animated_gif(frames=3, width=SIZE[0], height=SIZE[1]):
    """A looping GIF of ``frames`` distinct frames, 100 ms each."""
    colors = [(200, 80, 40), (40, 160, 80), (40, 80, 200), (160, 40, 160), (200, 200, 40)]
    images = [
        gradient(width, height, colors[i % len(colors)])
        .rotate(i * 7)
        .quantize(32, dither=Image.Dither.NONE)
        for i in range(frames)
    ]
    return _save(images[0], "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)


def _heif_module():
    """pillow_heif with its opener registered in Pillow."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return pillow_heif


def heic(width=SIZE[0], height=SIZE[1], *, color=COLOR, exif=None, xmp=None, quality=50):
    """A HEIC (HEVC in HEIF) as a phone writes it, via pillow_heif, optionally with EXIF/XMP."""
    _heif_module()
    options = {"quality": quality}
    if exif:
        options["exif"] = _exif_bytes(exif)
    if xmp is not None:
        options["xmp"] = _xmp(xmp)
    return _save(gradient(width, height, color), "HEIF", **options)


def avif(width=SIZE[0], height=SIZE[1], *, color=COLOR, exif=None, xmp=None, quality=50):
    """An AVIF gradient written by Pillow's own AVIF plugin, optionally with EXIF/XMP."""
    options = {"quality": quality}
    if exif:
        options["exif"] = _exif_bytes(exif)
    if xmp is not None:
        options["xmp"] = _xmp(xmp)
    return _save(gradient(width, height, color), "AVIF", **options)


def tiff(width=SIZE[0], height=SIZE[1], *, color=COLOR, exif=None, xmp=None, mode="RGB"):
    """An LZW-compressed TIFF gradient, optionally with EXIF tags and XMP (tag 700)."""
    tags = exif_block(exif or {})  # a TIFF's EXIF tags live in its own first IFD
    compression = "tiff_lzw"
    for ifd in (EXIF_IFD, GPS_IFD):
        if tags.get_ifd(ifd):
            tags[ifd] = 0  # placeholder offset: Pillow's TIFF writer then writes the sub-IFD
            compression = "raw"  # only Pillow's own writer does sub-IFDs; libtiff's refuses
    if xmp is not None:
        tags[700] = _xmp(xmp)
    return _save(gradient(width, height, color, mode), "TIFF", compression=compression, exif=tags)


def bmp(width=SIZE[0], height=SIZE[1], *, color=COLOR):
    """A 24-bit BMP gradient."""
    return _save(gradient(width, height, color), "BMP")


# Hostile files


def truncated_jpeg(width=SIZE[0], height=SIZE[1]):
    """A real JPEG cut off halfway through its scan data (no EOI)."""
    whole = jpeg(width, height, quality=95)
    scan = whole.index(b"\xff\xda")
    scan_data = scan + 2 + struct.unpack(">H", whole[scan + 2 : scan + 4])[0]
    return whole[: scan_data + (len(whole) - scan_data) // 2]


def png_with_html():
    """A valid PNG with an HTML document with a script appended after IEND."""
    return png() + SCRIPT


def jpeg_html_polyglot():
    """A valid JPEG whose first segment, a COM right after SOI, is HTML with a script."""
    whole = jpeg()
    comment = b"<html><script>alert(1)</script>"
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return whole[:2] + segment + whole[2:]


def svg():
    """An SVG picture carrying a script and an onload handler."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"'
        b' onload="alert(1)">'
        b'<script type="text/javascript">alert(document.cookie)</script>'
        b'<rect width="120" height="80" fill="#c85028"/></svg>\n'
    )


def html():
    """An HTML page with a script, as an upload pretending to be a picture."""
    return (
        b"<!DOCTYPE html>\n<html><head><title>photo</title></head>"
        b"<body><script>alert(1)</script></body></html>\n"
    )


def decompression_bomb_png(width=30000, height=30000):
    """A PNG of a few KB whose IHDR declares ``width`` x ``height`` 8-bit grey pixels.

    The IDAT holds a well-formed zlib stream of only the first zero rows; the
    rest is missing, so a decoder that trusts the header allocates the whole
    picture and then fails. Pillow's ``Image.open`` refuses it with
    ``DecompressionBombError`` unless ``Image.MAX_IMAGE_PIXELS`` is lifted.
    """
    rows = min(height, max(1, 400_000 // (width + 1)))
    return _png_file(width, height, 8, 0, zlib.compress(bytes((width + 1) * rows), 9))


def big_pixels_png(megapixels=81, *, bits=8):
    """A valid, fully decodable all-black greyscale PNG of about ``megapixels`` million pixels.

    Square, of side ``round(sqrt(megapixels * 1e6))``; zeros compress about
    1000:1, so 81 MP (9000x9000) is some 80 KB at ``bits=8`` ("L") and some
    10 KB at ``bits=1`` ("1"). Mind Pillow's own limits: above 89.5 MP it
    warns, above 179 MP ``Image.open`` raises.
    """
    if bits not in (1, 8):
        raise ValueError("bits must be 1 or 8")
    side = round(math.sqrt(megapixels * 1_000_000))
    row = bytes(1 + (side * bits + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return _png_file(side, side, bits, 0, idat)


def empty():
    """No bytes at all."""
    return b""


def text_file():
    """Plain UTF-8 text, as a mislabelled upload."""
    return "武汉市人大代表、武昌区区长余松走进直播间。\nThis is not a picture.\n".encode()


# Reading back


def read_metadata(data):
    """Everything metadata-like Pillow finds in ``data``, for asserting nothing leaked."""
    _heif_module()
    with Image.open(io.BytesIO(data)) as im:
        exif = im.getexif()
        pointers = (EXIF_IFD, GPS_IFD, 0xA005)  # Exif, GPS and Interoperability IFD offsets
        flat = {tag: value for tag, value in exif.items() if tag not in pointers}
        for ifd in (EXIF_IFD, 0xA005):
            flat.update(exif.get_ifd(ifd))
        gps = dict(exif.get_ifd(GPS_IFD))
        if gps:
            flat[GPS_IFD] = gps
        try:
            iptc = IptcImagePlugin.getiptcinfo(im)
        except (SyntaxError, OSError, ValueError, IndexError):
            iptc = "unreadable"
        return {
            "exif": flat,
            "gps": gps,
            "iptc": iptc,
            "xmp": im.info.get("xmp") or im.info.get("XML:com.adobe.xmp"),
            "comment": im.info.get("comment"),
            "icc_profile": bool(im.info.get("icc_profile")),
            "info_keys": sorted(str(key) for key in im.info),
            "format": im.format,
            "size": im.size,
            "mode": im.mode,
        }
