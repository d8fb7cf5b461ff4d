"""The image builders in ``tests.imagefiles`` make the files they claim to make."""

import io
import struct

import pillow_heif
import pytest
from defusedxml import ElementTree
from PIL import Image, IptcImagePlugin, UnidentifiedImageError

from tests import imagefiles

CAPTION = "武汉市人大代表、武昌区区长余松走进直播间。"
BYLINE = "记者何晓刚"
CREDIT = "长江日报"
KEYWORDS = ["武昌", "数字经济"]
CITY = "武汉"
GPS = (30.5928, 114.3055)  # Wuhan

NEWSROOM_IPTC = {
    "Object Name": "余松走进直播间",
    "Caption-Abstract": CAPTION,
    "By-line": [BYLINE, "记者李明"],
    "By-line Title": "记者",
    "Credit": CREDIT,
    "Headline": "区长走进直播间",
    "Keywords": KEYWORDS,
    "City": CITY,
    "Date Created": "20240120",
    "Time Created": "093000+0800",
}
NEWSROOM_EXIF = {
    "DateTimeOriginal": "2024:01:20 09:30:00",
    "Orientation": 6,
    "Make": "FUJIFILM",
    "Model": "X-T5",
    "Artist": BYLINE,
    "BodySerialNumber": "5FA12345",
    "CameraOwnerName": "何晓刚",
    "GPS": GPS,
}
NEWSROOM_XMP = {
    "description": CAPTION,
    "creator": [BYLINE, "记者李明"],
    "credit": CREDIT,
    "alt_text": "余松坐在直播间的话筒前",
    "headline": "区长走进直播间",
}

PICTURES = {
    # builder: (Pillow format, largest acceptable size in bytes)
    imagefiles.jpeg: ("JPEG", 4_000),
    imagefiles.png: ("PNG", 4_000),
    imagefiles.webp: ("WEBP", 4_000),
    imagefiles.gif: ("GIF", 6_000),
    imagefiles.heic: ("HEIF", 4_000),
    imagefiles.avif: ("AVIF", 4_000),
    imagefiles.tiff: ("TIFF", 16_000),
    imagefiles.bmp: ("BMP", 30_000),  # uncompressed by nature: 120 x 80 x 3 bytes
}
ALL_BUILDERS = [
    *PICTURES,
    imagefiles.png16_rgb,
    imagefiles.animated_gif,
    imagefiles.truncated_jpeg,
    imagefiles.png_with_html,
    imagefiles.jpeg_html_polyglot,
    imagefiles.svg,
    imagefiles.html,
    imagefiles.decompression_bomb_png,
    imagefiles.empty,
    imagefiles.text_file,
]


def open_image(data):
    """``data`` opened by Pillow (HEIF through pillow_heif's opener)."""
    pillow_heif.register_heif_opener()
    return Image.open(io.BytesIO(data))


def xmp_tree(packet):
    """The rdf:Description element of an XMP packet."""
    ns = imagefiles.XMP_NAMESPACES
    root = ElementTree.fromstring(packet)
    return root.find(f"{{{ns['rdf']}}}RDF/{{{ns['rdf']}}}Description")


# Every picture format


@pytest.mark.parametrize("builder", PICTURES, ids=lambda b: b.__name__)
def test_pictures_decode_small_and_at_their_size(builder):
    format, largest = PICTURES[builder]
    data = builder()
    assert len(data) <= largest
    with open_image(data) as im:
        assert im.format == format
        assert im.size == (120, 80)
        im.load()
        low, high = im.convert("L").getextrema()
        assert high - low > 60, "a gradient, not a flat colour"
    with open_image(builder(200, 30)) as im:
        assert im.size == (200, 30)


@pytest.mark.parametrize("builder", ALL_BUILDERS, ids=lambda b: b.__name__)
def test_builders_are_deterministic(builder):
    assert builder() == builder()


def test_cmyk_and_greyscale_jpeg():
    with open_image(imagefiles.jpeg(mode="CMYK")) as im:
        assert (im.format, im.mode) == ("JPEG", "CMYK")
    with open_image(imagefiles.jpeg(mode="L")) as im:
        assert im.mode == "L"


def test_png_16_bit_greyscale():
    data = imagefiles.png(bits=16)
    assert data[24:26] == b"\x10\x00"  # IHDR: bit depth 16, colour type greyscale
    with open_image(data) as im:
        assert im.mode in ("I;16", "I")
        assert im.getextrema() == (0, 65535)
        assert len({im.getpixel((x, y)) for x in range(120) for y in range(0, 80, 8)}) > 200


def test_png_48_bit_rgb():
    data = imagefiles.png16_rgb()
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    assert (width, height, depth, colour_type) == (120, 80, 16, 2)
    with open_image(data) as im:
        assert im.format == "PNG" and im.size == (120, 80)
        im.load()
        assert im.getpixel((0, 0))[:2] == (0, 0)
        assert im.getpixel((119, 79))[:2] == (255, 255)


def test_animated_gif():
    with open_image(imagefiles.animated_gif(frames=3)) as im:
        assert im.is_animated
        assert im.n_frames == 3
    with open_image(imagefiles.animated_gif(frames=5)) as im:
        assert im.n_frames == 5


def test_heic_opens_through_pillow_heif():
    data = imagefiles.heic(exif={"GPS": GPS})
    heif = pillow_heif.open_heif(io.BytesIO(data))
    assert heif.size == (120, 80)
    assert heif.info["exif"]
    meta = imagefiles.read_metadata(data)
    assert (meta["format"], meta["size"]) == ("HEIF", (120, 80))
    assert imagefiles.gps_degrees(meta["gps"]) == pytest.approx(GPS, abs=1e-4)


# IPTC


@pytest.mark.parametrize("charset", ["utf-8-esc", "utf-8", "gb18030"])
def test_iptc_read_back_by_pillow(charset):
    encoding = "gb18030" if charset == "gb18030" else "utf-8"
    data = imagefiles.jpeg(iptc=NEWSROOM_IPTC, iptc_charset=charset)
    with open_image(data) as im:
        iptc = IptcImagePlugin.getiptcinfo(im)
        im.load()
    assert iptc[(2, 120)] == CAPTION.encode(encoding)
    assert iptc[(2, 80)] == [BYLINE.encode(encoding), "记者李明".encode(encoding)]
    assert iptc[(2, 110)] == CREDIT.encode(encoding)
    assert iptc[(2, 25)] == [keyword.encode(encoding) for keyword in KEYWORDS]
    assert iptc[(2, 90)] == CITY.encode(encoding)
    assert iptc[(2, 85)] == "记者".encode(encoding)
    assert iptc[(2, 105)] == "区长走进直播间".encode(encoding)
    assert iptc[(2, 5)] == "余松走进直播间".encode(encoding)
    assert iptc[(2, 55)] == b"20240120"
    assert iptc[(2, 60)] == b"093000+0800"
    if charset == "utf-8-esc":
        assert iptc[(1, 90)] == b"\x1b%G"
    else:
        assert (1, 90) not in iptc


def test_iptc_gb18030_is_not_utf8():
    value = "记者何晓刚 武汉"
    data = imagefiles.jpeg(iptc={"By-line": value}, iptc_charset="gb18030")
    with open_image(data) as im:
        raw = IptcImagePlugin.getiptcinfo(im)[(2, 80)]
    assert raw == value.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_iptc_sits_after_app0_as_photoshop_segment():
    data = imagefiles.jpeg(iptc={"Caption-Abstract": CAPTION})
    assert data[2:4] == b"\xff\xe0"
    app13 = 4 + struct.unpack(">H", data[4:6])[0]
    assert data[app13 : app13 + 2] == b"\xff\xed"
    assert data[app13 + 4 : app13 + 18] == b"Photoshop 3.0\x00"
    assert data[app13 + 18 : app13 + 24] == b"8BIM\x04\x04"


def test_iptc_refuses_unknown_charset_and_dataset():
    with pytest.raises(ValueError):
        imagefiles.jpeg(iptc={"Credit": CREDIT}, iptc_charset="latin-1")
    with pytest.raises(KeyError):
        imagefiles.jpeg(iptc={"Photographer": BYLINE})


# EXIF


def test_exif_in_jpeg():
    meta = imagefiles.read_metadata(imagefiles.jpeg(exif=NEWSROOM_EXIF))
    exif = meta["exif"]
    assert exif[0x0112] == 6
    assert exif[0x010F] == "FUJIFILM"
    assert exif[0x0110] == "X-T5"
    assert imagefiles.exif_text(exif[0x013B]) == BYLINE
    assert exif[0x9003] == "2024:01:20 09:30:00"
    assert exif[0xA431] == "5FA12345"
    assert imagefiles.exif_text(exif[0xA430]) == "何晓刚"
    assert meta["gps"][1] == "N" and meta["gps"][3] == "E"
    assert exif[0x8825] == meta["gps"]
    assert imagefiles.gps_degrees(meta["gps"]) == pytest.approx(GPS, abs=1e-4)


def test_exif_sub_ifds_are_where_cameras_put_them():
    with open_image(imagefiles.jpeg(exif=NEWSROOM_EXIF)) as im:
        exif = im.getexif()
        assert 0x9003 not in exif  # DateTimeOriginal is in the Exif IFD, not IFD0
        assert exif.get_ifd(0x8769)[0x9003] == "2024:01:20 09:30:00"
        assert exif.get_ifd(0x8769)[0xA431] == "5FA12345"
        assert exif.get_ifd(0x8825)[2]


def test_southern_western_gps():
    meta = imagefiles.read_metadata(imagefiles.jpeg(exif={"GPS": (-33.8568, -70.6483)}))
    assert (meta["gps"][1], meta["gps"][3]) == ("S", "W")
    assert imagefiles.gps_degrees(meta["gps"]) == pytest.approx((-33.8568, -70.6483), abs=1e-4)


@pytest.mark.parametrize(
    "builder",
    [imagefiles.png, imagefiles.webp, imagefiles.heic, imagefiles.avif, imagefiles.tiff],
    ids=lambda b: b.__name__,
)
def test_exif_and_xmp_in_other_formats(builder):
    data = builder(exif={"Model": "iPhone 15", "GPS": GPS}, xmp={"description": CAPTION})
    meta = imagefiles.read_metadata(data)
    assert meta["exif"][0x0110] == "iPhone 15"
    assert imagefiles.gps_degrees(meta["gps"]) == pytest.approx(GPS, abs=1e-4)
    assert CAPTION.encode() in meta["xmp"]


def test_unknown_exif_name_refused():
    with pytest.raises(KeyError):
        imagefiles.jpeg(exif={"Photographer": BYLINE})


# XMP


def test_xmp_in_jpeg():
    ns = imagefiles.XMP_NAMESPACES
    data = imagefiles.jpeg(xmp=NEWSROOM_XMP)
    with open_image(data) as im:
        packet = im.info["xmp"]
    assert packet == imagefiles.xmp_packet(**NEWSROOM_XMP)
    description = xmp_tree(packet)
    alt = f"{{{ns['rdf']}}}Alt/{{{ns['rdf']}}}li"
    assert description.find(f"{{{ns['dc']}}}description/{alt}").text == CAPTION
    creators = description.findall(f"{{{ns['dc']}}}creator/{{{ns['rdf']}}}Seq/{{{ns['rdf']}}}li")
    assert [li.text for li in creators] == [BYLINE, "记者李明"]
    assert description.get(f"{{{ns['photoshop']}}}Credit") == CREDIT
    assert description.get(f"{{{ns['photoshop']}}}Headline") == "区长走进直播间"
    alt_text = description.find(f"{{{ns['Iptc4xmpCore']}}}AltTextAccessibility/{alt}")
    assert alt_text.text == "余松坐在直播间的话筒前"
    assert alt_text.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default"


def test_xmp_packet_escapes_and_unwraps():
    packet = imagefiles.xmp_packet(description='<b>"&"</b>', credit='a"b<c', wrapped=False)
    assert packet.startswith(b"<x:xmpmeta")
    description = xmp_tree(packet)
    ns = imagefiles.XMP_NAMESPACES
    assert description.get(f"{{{ns['photoshop']}}}Credit") == 'a"b<c'
    li = description.find(f"{{{ns['dc']}}}description/{{{ns['rdf']}}}Alt/{{{ns['rdf']}}}li")
    assert li.text == '<b>"&"</b>'


def test_icc_profile():
    assert imagefiles.read_metadata(imagefiles.jpeg(icc_profile=True))["icc_profile"] is True
    assert imagefiles.read_metadata(imagefiles.jpeg())["icc_profile"] is False


# Hostile files


def test_truncated_jpeg_fails_on_load():
    data = imagefiles.truncated_jpeg()
    assert b"\xff\xda" in data and not data.endswith(b"\xff\xd9")
    with open_image(data) as im:
        assert im.size == (120, 80)
        with pytest.raises(OSError):
            im.load()


def test_png_with_html_still_a_png():
    data = imagefiles.png_with_html()
    assert data.endswith(b"<html><script>alert(1)</script></html>")
    with open_image(data) as im:
        im.load()
        assert im.format == "PNG"


def test_jpeg_html_polyglot():
    data = imagefiles.jpeg_html_polyglot()
    assert b"<html><script>alert(1)</script>" in data[:64]
    with open_image(data) as im:
        im.load()
        assert (im.format, im.size) == ("JPEG", (120, 80))
        assert im.info["comment"] == b"<html><script>alert(1)</script>"


@pytest.mark.parametrize(
    "builder",
    [imagefiles.svg, imagefiles.html, imagefiles.empty, imagefiles.text_file],
    ids=lambda b: b.__name__,
)
def test_not_pictures(builder):
    with pytest.raises(UnidentifiedImageError):
        open_image(builder())


def test_svg_and_html_carry_scripts():
    assert b"<script" in imagefiles.svg() and b"<svg" in imagefiles.svg()
    assert b"<script>" in imagefiles.html()
    assert imagefiles.empty() == b""


def test_decompression_bomb_only_claims_its_size(monkeypatch):
    data = imagefiles.decompression_bomb_png()
    assert len(data) < 10_000
    assert struct.unpack(">II", data[16:24]) == (30000, 30000)
    with pytest.raises(Image.DecompressionBombError):
        open_image(data)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    with open_image(data) as im:  # header only: no pixels decoded
        assert im.size == (30000, 30000)
    with open_image(imagefiles.decompression_bomb_png(20000, 10000)) as im:
        assert im.size == (20000, 10000)


def test_big_pixels_png_decodes_fully():
    with open_image(imagefiles.big_pixels_png(4)) as im:
        assert im.size == (2000, 2000)
        im.load()
        assert im.getextrema() == (0, 0)
    data = imagefiles.big_pixels_png()
    assert len(data) < 100_000
    with open_image(data) as im:
        assert (im.size, im.mode) == ((9000, 9000), "L")
    data = imagefiles.big_pixels_png(bits=1)
    assert len(data) < 12_000
    with open_image(data) as im:
        assert (im.size, im.mode) == ((9000, 9000), "1")


# read_metadata


def test_read_metadata_finds_everything():
    data = imagefiles.jpeg(
        iptc=NEWSROOM_IPTC,
        exif=NEWSROOM_EXIF,
        xmp=NEWSROOM_XMP,
        icc_profile=True,
        comment=b"shot for the front page",
    )
    meta = imagefiles.read_metadata(data)
    assert meta["iptc"][(2, 120)] == CAPTION.encode()
    assert meta["exif"][0x0110] == "X-T5"
    assert meta["gps"]
    assert CREDIT.encode() in meta["xmp"]
    assert meta["comment"] == b"shot for the front page"
    assert meta["icc_profile"] is True
    assert {"exif", "photoshop", "xmp", "icc_profile", "comment"} <= set(meta["info_keys"])
    assert (meta["format"], meta["size"], meta["mode"]) == ("JPEG", (120, 80), "RGB")


def test_read_metadata_of_pixels_only():
    dirty = imagefiles.jpeg(iptc=NEWSROOM_IPTC, exif=NEWSROOM_EXIF, xmp=NEWSROOM_XMP)
    with open_image(dirty) as im:
        out = io.BytesIO()
        Image.frombytes(im.mode, im.size, im.tobytes()).save(out, "JPEG")
    meta = imagefiles.read_metadata(out.getvalue())
    assert meta["exif"] == {} and meta["gps"] == {}
    assert meta["iptc"] is None and meta["xmp"] is None and meta["comment"] is None
    assert meta["icc_profile"] is False
    assert not {"exif", "photoshop", "xmp", "icc_profile", "comment"} & set(meta["info_keys"])
