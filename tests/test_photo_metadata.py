"""What ``photos.metadata`` reads from a photo file, and what it refuses to read.

Files come from ``tests/imagefiles.py``; where a test needs bytes those
builders will not write (a cut UTF-8 character, GB18030 in EXIF, an XMP
property both as attribute and as element, hostile blocks), it puts them
together here. No database: ``extract`` and ``suggestions`` are pure functions.
"""

import hashlib
import io
import json
import struct

import pytest
from PIL import Image

from photos.metadata import extract, suggestions

from . import imagefiles

CAPTION = "武汉市人大代表、武昌区区长余松走进直播间。"
BYLINE = "记者何晓刚"
EXIF_IFD = 0x8769


def opened(data):
    """An opened, not loaded, Pillow image of ``data``, as intake hands it over."""
    return Image.open(io.BytesIO(data))


def jpeg(**kwargs):
    return opened(imagefiles.jpeg(32, 24, **kwargs))


def jpeg_with_iim(records, **kwargs):
    """A JPEG whose APP13 holds exactly ``records``: ``[((record, dataset), bytes), ...]``."""
    return jpeg_with_app13(imagefiles.photoshop_app13(imagefiles.iim(records)), **kwargs)


def jpeg_with_app13(segment, **kwargs):
    return opened(imagefiles.insert_segment(imagefiles.jpeg(32, 24, **kwargs), segment))


def jpeg_with_exif(exif):
    """A JPEG carrying ``exif`` (a ``PIL.Image.Exif``) exactly as built."""
    out = io.BytesIO()
    imagefiles.gradient(32, 24).save(out, "JPEG", exif=exif)
    return opened(out.getvalue())


def exif_of(ifd0=None, exif_ifd=None):
    exif = Image.Exif()
    exif.update(ifd0 or {})
    if exif_ifd:
        exif.get_ifd(EXIF_IFD).update(exif_ifd)
    return exif


def mentions(meta, *needles):
    """Which of ``needles`` any key or value of ``meta`` contains (case-insensitive)."""
    text = json.dumps(meta, ensure_ascii=False).lower()
    return [needle for needle in needles if needle.lower() in text]


# IPTC IIM


def test_iptc_fields():
    """Every IPTC field the desk uses comes out under its own key."""
    image = jpeg(
        iptc={
            "Object Name": "直播间-0503",
            "Keywords": ["武昌", "数字经济"],
            "Date Created": "20240503",
            "Time Created": "143005+0800",
            "By-line": [BYLINE, "记者李明"],
            "By-line Title": "摄影记者",
            "City": "武汉",
            "Headline": "区长走进直播间",
            "Credit": "长江日报",
            "Caption-Abstract": CAPTION,
            "Source": "not extracted",
        }
    )

    assert extract(image) == {
        "object_name": "直播间-0503",
        "keywords": ["武昌", "数字经济"],
        "date_created": "2024-05-03T14:30:05+08:00",
        "bylines": [BYLINE, "记者李明"],
        "byline_title": "摄影记者",
        "city": "武汉",
        "headline": "区长走进直播间",
        "credit": "长江日报",
        "caption": CAPTION,
    }


@pytest.mark.parametrize("charset", imagefiles.IPTC_CHARSETS)
def test_iptc_chinese_in_each_charset(charset):
    """Chinese comes out right whether UTF-8 is declared, merely used, or GB18030 is used."""
    image = jpeg(iptc={"Caption-Abstract": CAPTION, "By-line": BYLINE}, iptc_charset=charset)

    meta = extract(image)

    assert meta["caption"] == CAPTION
    assert meta["bylines"] == [BYLINE]


def test_iptc_utf8_cut_mid_character():
    """A UTF-8 value cut inside a character by a field-length limit loses that character only."""
    image = jpeg_with_iim([((2, 120), CAPTION.encode("utf-8")[:-1])])

    assert extract(image)["caption"] == CAPTION[:-1]


def test_iptc_latin1_last_resort():
    """Bytes that are neither UTF-8 nor GB18030 still give text, not an error."""
    image = jpeg_with_iim([((2, 110), b"Agence \xe9t\xe9 \xff")])

    assert extract(image)["credit"] == "Agence \xe9t\xe9 \xff"


def test_iptc_keywords_repeated_and_in_one_field():
    """Keywords are split on Chinese and ASCII separators and de-duplicated in order."""
    image = jpeg(
        iptc={
            "Keywords": ["武昌，数字经济、碳金融", "碳金融", "长江; 武昌", "  ", "汉口；江滩,夜景"]
        }
    )

    assert extract(image)["keywords"] == [
        "武昌",
        "数字经济",
        "碳金融",
        "长江",
        "汉口",
        "江滩",
        "夜景",
    ]


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        (None, "2024-05-03"),
        ("256199", "2024-05-03"),
        ("08:30", "2024-05-03"),
        ("083000", "2024-05-03T08:30:00"),
        ("083000-0430", "2024-05-03T08:30:00-04:30"),
        ("083000+9900", "2024-05-03"),
    ],
)
def test_iptc_date_and_time(time, expected):
    """A date alone is a date; a broken time, or offset, leaves the date standing."""
    fields = {"Date Created": "20240503"}
    if time is not None:
        fields["Time Created"] = time

    assert extract(jpeg(iptc=fields))["date_created"] == expected


@pytest.mark.parametrize(
    "date", ["20241303", "00000101", "20240230", "20240500", "2024", "二〇二四年", "2024O503"]
)
def test_iptc_invalid_dates_ignored(date):
    """An impossible or garbled date is left out, and the rest of the IPTC block still counts."""
    image = jpeg(iptc={"Date Created": date, "Time Created": "120000+0800", "Credit": "长江日报"})

    meta = extract(image)

    assert "date_created" not in meta
    assert meta["credit"] == "长江日报"


def test_iptc_cleaned_and_capped():
    """Control characters go, line breaks stay, and overlong values are cut to size."""
    image = jpeg(
        iptc={
            "Caption-Abstract": "  第一段\x00\x07\r\n第二段\r第三段\t。" + "长" * 3000,
            "Headline": "标题\x1b" + "题" * 500,
            "Keywords": [f"关键词{n}" for n in range(80)] + ["长" * 300],
            "By-line": ["", "\x00\x00", BYLINE],
        }
    )

    meta = extract(image)

    assert meta["caption"].startswith("第一段\n第二段\n第三段\t。长")
    assert len(meta["caption"]) == 2000
    assert meta["headline"].startswith("标题题")
    assert len(meta["headline"]) == 200
    assert len(meta["keywords"]) == 50
    assert meta["bylines"] == [BYLINE]


def test_iptc_long_keyword_capped():
    """One keyword longer than a tag can be is cut, not dropped."""
    meta = extract(jpeg(iptc={"Keywords": "长" * 300}))

    assert meta["keywords"] == ["长" * 100]


def test_iptc_empty_values_leave_no_key():
    """Fields present but empty, or only whitespace or separators, are not reported."""
    image = jpeg_with_iim([((2, 120), b" \x00 "), ((2, 110), b""), ((2, 25), "，、".encode())])

    assert extract(image) == {}


def hostile_iim():
    yield b""
    yield b"\x1c"
    yield b"\x1c\x02"
    yield b"\x1c\x02\x78\xff\xff" + b"short"  # length runs past the end
    yield b"\x1c\x02\x78\x80\x04"  # extended length with no length bytes
    yield b"\x1c\x02\x78\x84\xff\xff\xff\xff" + b"x" * 10  # 4 GB extended length
    yield b"\x1c\x02\x78\x85"  # extended length too long to be valid
    yield b"\x1c\xff\x01\x00\x01x"  # record number outside the standard
    yield b"\x1c\x03\x3c\x00\x01\x01"  # image records, which getiptcinfo tries to decode
    yield b"\x1c\x02\x37\x00\x08" + b"\xff" * 8  # date that decodes to latin-1 garbage
    yield b"\x00" * 64
    for seed in range(200):
        yield hashlib.sha512(str(seed).encode()).digest() * 3


def test_garbage_iptc_does_not_raise():
    """Random and malformed IIM data in APP13 gives nothing from IPTC, never an error."""
    for payload in hostile_iim():
        segment = imagefiles.photoshop_app13(payload)

        meta = extract(jpeg_with_app13(segment, exif={"Model": "NIKON Z 9"}))

        assert meta.get("camera_model") == "NIKON Z 9", payload
        assert json.dumps(meta)


def test_garbage_photoshop_segment_does_not_raise():
    """An APP13 that is not a Photoshop block, or a truncated one, is ignored."""
    for body in [
        b"Photoshop 3.0\x00" + hashlib.sha512(b"x").digest(),
        b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\xff\xff\xff\xff\x1c\x02",
        b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00",  # size cut short
        hashlib.sha512(b"y").digest(),
    ]:
        segment = b"\xff\xed" + struct.pack(">H", len(body) + 2) + body

        assert extract(jpeg_with_app13(segment)) == {}


# EXIF


def test_exif_fields():
    """Date with its offset, orientation, camera and the photographer's own notes."""
    image = jpeg(
        exif={
            "Orientation": 6,
            "Make": "Canon",
            "Model": "Canon EOS R5",
            "Artist": BYLINE,
            "ImageDescription": CAPTION,
            "DateTime": "2024:05:04 09:00:00",
            "DateTimeOriginal": "2024:05:03 14:30:05",
            "OffsetTimeOriginal": "+08:00",
        }
    )

    assert extract(image) == {
        "orientation": 6,
        "camera_make": "Canon",
        "camera_model": "Canon EOS R5",
        "exif_artist": BYLINE,
        "exif_description": CAPTION,
        "taken_at": "2024-05-03T14:30:05+08:00",
    }


def test_exif_text_as_gb18030_bytes_or_with_nuls():
    """GB18030 in an ASCII tag, and the NULs writers pad with, come out as clean text."""
    image = jpeg_with_exif(
        exif_of({0x8298: "长江日报".encode("gb18030"), 0x0110: "Canon EOS R5\x00\x00"})
    )

    assert extract(image) == {"exif_copyright": "长江日报", "camera_model": "Canon EOS R5"}


@pytest.mark.parametrize(
    "original", [None, "0000:00:00 00:00:00", "garbage", "2024:13:03 14:30:05", "    "]
)
def test_exif_date_falls_back_to_datetime(original):
    """Without a usable DateTimeOriginal, the file's DateTime (and OffsetTime) is used."""
    exif_ifd = {0x9010: "+08:00", 0x9011: "+09:00"}
    if original is not None:
        exif_ifd[0x9003] = original

    image = jpeg_with_exif(exif_of({0x0132: "2024:05:04 09:00:00"}, exif_ifd))

    assert extract(image)["taken_at"] == "2024-05-04T09:00:00+08:00"


def test_exif_garbage_ignored():
    """Zeroed or garbled dates, impossible orientations and bad offsets leave no trace."""
    image = jpeg(
        exif={
            "Orientation": 9,
            "DateTime": "0000:00:00 00:00:00",
            "DateTimeOriginal": "2024:05:03 25:00:00",
            "OffsetTimeOriginal": "+08:00",
        }
    )
    assert extract(image) == {}

    image = jpeg(exif={"DateTimeOriginal": "2024:05:03 14:30:05", "OffsetTimeOriginal": "CST"})
    assert extract(image) == {"taken_at": "2024-05-03T14:30:05"}


def test_exif_private_data_not_extracted():
    """GPS, serial numbers, the owner's name and maker notes are in the file, not in the output."""
    exif = imagefiles.exif_block(
        {
            "Model": "Canon EOS R5",
            "DateTimeOriginal": "2024:05:03 14:30:05",
            "GPS": (30.5537, 114.3053),
            "CameraOwnerName": "Owner Zhang San",
            "BodySerialNumber": "SN-BODY-0042",
            "LensSerialNumber": "SN-LENS-0077",
        }
    )
    exif.get_ifd(EXIF_IFD)[0x927C] = b"MAKERNOTE-SECRET"
    image = jpeg_with_exif(exif)
    written = image.getexif()
    assert imagefiles.gps_degrees(written.get_ifd(0x8825))[0] == pytest.approx(30.5537)
    assert written.get_ifd(EXIF_IFD)[0xA431] == "SN-BODY-0042"
    assert written.get_ifd(EXIF_IFD)[0x927C] == b"MAKERNOTE-SECRET"

    meta = extract(image)

    assert meta == {"camera_model": "Canon EOS R5", "taken_at": "2024-05-03T14:30:05"}
    assert not mentions(
        meta,
        *("gps", "latitude", "longitude", "location", "serial", "owner", "maker"),
        *("30.5", "114.", "SN-", "Zhang", "SECRET"),
    )


# XMP


def xmp(description_attributes="", body=""):
    """An XMP packet with one rdf:Description, wrapped and NUL-padded as some writers leave it."""
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    {description_attributes}>
   {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
{" " * 2048}
<?xpacket end="w"?>"""
    return packet.encode("utf-8") + b"\x00" * 16


XMP_AS_ELEMENTS = xmp(
    body="""
   <dc:description>
    <rdf:Alt>
     <rdf:li xml:lang="en">The district head in the studio.</rdf:li>
     <rdf:li xml:lang="x-default">武汉市人大代表、武昌区区长余松走进直播间。</rdf:li>
    </rdf:Alt>
   </dc:description>
   <dc:creator><rdf:Seq><rdf:li>记者何晓刚</rdf:li><rdf:li>记者李明</rdf:li></rdf:Seq></dc:creator>
   <dc:subject><rdf:Bag><rdf:li>武昌</rdf:li><rdf:li>数字经济、碳金融</rdf:li></rdf:Bag></dc:subject>
   <photoshop:Credit>长江日报</photoshop:Credit>
   <photoshop:Headline>区长走进直播间</photoshop:Headline>
   <photoshop:City>武汉</photoshop:City>
   <Iptc4xmpCore:AltTextAccessibility>
    <rdf:Alt><rdf:li xml:lang="x-default">区长坐在直播间的话筒前</rdf:li></rdf:Alt>
   </Iptc4xmpCore:AltTextAccessibility>
"""
)

XMP_EXPECTED = {
    "description": CAPTION,
    "creators": [BYLINE, "记者李明"],
    "subjects": ["武昌", "数字经济", "碳金融"],
    "xmp_credit": "长江日报",
    "xmp_headline": "区长走进直播间",
    "xmp_city": "武汉",
    "alt_text": "区长坐在直播间的话筒前",
}


def test_xmp_as_elements():
    """Properties written as child elements of rdf:Description, x-default preferred."""
    assert extract(jpeg(xmp=XMP_AS_ELEMENTS)) == XMP_EXPECTED


def test_xmp_as_attributes():
    """Simple properties written as attributes of rdf:Description, as many tools do."""
    packet = xmp(
        description_attributes=(
            'photoshop:Credit="长江日报" photoshop:Headline="区长走进直播间" photoshop:City="武汉"'
        ),
        body="""
   <dc:description><rdf:Alt><rdf:li xml:lang="zh-CN">第一条</rdf:li>
   <rdf:li xml:lang="en">second</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>记者何晓刚</rdf:li></rdf:Seq></dc:creator>
   <Iptc4xmpCore:AltTextAccessibility>区长坐在直播间的话筒前</Iptc4xmpCore:AltTextAccessibility>
""",
    )

    assert extract(jpeg(xmp=packet)) == {
        "description": "第一条",
        "creators": [BYLINE],
        "xmp_credit": "长江日报",
        "xmp_headline": "区长走进直播间",
        "xmp_city": "武汉",
        "alt_text": "区长坐在直播间的话筒前",
    }


def test_xmp_as_the_desk_builders_write_it():
    """The shared builders' packet: credit and headline as attributes, the rest as elements."""
    packet = {
        "description": CAPTION,
        "creator": [BYLINE],
        "credit": "长江日报",
        "alt_text": "区长坐在直播间的话筒前",
        "headline": "区长走进直播间",
    }

    assert extract(jpeg(xmp=packet)) == {
        "description": CAPTION,
        "creators": [BYLINE],
        "xmp_credit": "长江日报",
        "alt_text": "区长坐在直播间的话筒前",
        "xmp_headline": "区长走进直播间",
    }


@pytest.mark.parametrize("builder", [imagefiles.webp, imagefiles.png, imagefiles.heic])
def test_xmp_and_exif_in_other_containers(builder):
    """WebP and HEIF carry XMP as Pillow's ``xmp``, PNG as an iTXt chunk; EXIF as in JPEG."""
    exif = {"Model": "iPhone 15 Pro", "Orientation": 1, "DateTimeOriginal": "2024:05:03 14:30:05"}

    meta = extract(opened(builder(32, 24, xmp=XMP_AS_ELEMENTS, exif=exif)))

    assert meta == {
        **XMP_EXPECTED,
        "camera_model": "iPhone 15 Pro",
        "orientation": 1,
        "taken_at": "2024-05-03T14:30:05",
    }


def test_nothing_to_say():
    """A file with no metadata gives an empty dict."""
    assert extract(opened(imagefiles.gif(comment=b"GIF comment"))) == {}
    assert extract(jpeg()) == {}


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
   <photoshop:Credit>&lol9;</photoshop:Credit>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
   <photoshop:Credit>&secret;</photoshop:Credit>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>"""


@pytest.mark.parametrize(
    "packet",
    [
        BILLION_LAUGHS,
        EXTERNAL_ENTITY,
        b"<x:xmpmeta><unclosed>",
        b"\x00\xff\xfe garbage",
        b'<?xpacket begin="" id="x"?><?xpacket end="w"?>',
        b"<a>" * 5000,
    ],
    ids=["billion-laughs", "external-entity", "malformed", "binary", "empty-packet", "deep"],
)
def test_hostile_xmp_skipped(packet):
    """An entity bomb, an external entity or broken XML costs the XMP only, without an error."""
    image = jpeg(xmp=packet, iptc={"Credit": "长江日报"}, exif={"Model": "NIKON Z 9"})

    assert extract(image) == {"credit": "长江日报", "camera_model": "NIKON Z 9"}


# Everything together


def test_result_is_json_with_no_empty_values():
    """The result can go into a JSONField as it is: no None, no empty strings or lists."""
    image = jpeg(
        iptc={"Caption-Abstract": CAPTION, "By-line": BYLINE, "Keywords": "武昌，数字经济"},
        iptc_charset="gb18030",
        exif={"Model": "Canon EOS R5", "Artist": "", "DateTimeOriginal": "2024:05:03 14:30:05"},
        xmp=XMP_AS_ELEMENTS,
    )

    meta = extract(image)

    assert json.loads(json.dumps(meta)) == meta
    assert all(value not in (None, "", []) for value in meta.values())
    assert meta["caption"] == CAPTION
    assert meta["description"] == CAPTION
    assert meta["camera_model"] == "Canon EOS R5"
    assert "exif_artist" not in meta


# suggestions()


FULL = {
    "caption": "IPTC caption",
    "description": "XMP description",
    "exif_description": "EXIF description",
    "alt_text": "XMP alt text",
    "bylines": ["IPTC by-line", "second"],
    "creators": ["XMP creator"],
    "exif_artist": "EXIF artist",
    "byline_title": "摄影记者",
    "credit": "IPTC credit",
    "xmp_credit": "XMP credit",
    "headline": "IPTC headline",
    "xmp_headline": "XMP headline",
    "object_name": "object name",
    "city": "IPTC city",
    "xmp_city": "XMP city",
    "keywords": ["IPTC"],
    "subjects": ["XMP"],
    "date_created": "2024-05-03T14:30:05+08:00",
    "taken_at": "2024-05-01T08:00:00",
    "camera_model": "Canon EOS R5",
    "orientation": 6,
}
IPTC_KEYS = {
    "caption",
    "bylines",
    "byline_title",
    "credit",
    "headline",
    "city",
    "keywords",
    "date_created",
}
XMP_KEYS = {
    "description",
    "alt_text",
    "creators",
    "xmp_credit",
    "xmp_headline",
    "xmp_city",
    "subjects",
}


def test_suggestions_prefer_iptc():
    """IPTC, when present, wins every field; camera details are not form fields."""
    assert suggestions(FULL) == {
        "caption": "IPTC caption",
        "alt_text": "XMP alt text",
        "byline": "IPTC by-line",
        "byline_title": "摄影记者",
        "credit": "IPTC credit",
        "headline": "IPTC headline",
        "city": "IPTC city",
        "keywords": ["IPTC"],
        "taken_at": "2024-05-03T14:30:05+08:00",
    }


def test_suggestions_fall_back_to_xmp_then_exif():
    """Without IPTC, XMP fills in; without XMP either, EXIF (and the object name) does."""
    without_iptc = {k: v for k, v in FULL.items() if k not in IPTC_KEYS}
    exif_only = {k: v for k, v in without_iptc.items() if k not in XMP_KEYS}

    assert suggestions(without_iptc) == {
        "caption": "XMP description",
        "alt_text": "XMP alt text",
        "byline": "XMP creator",
        "credit": "XMP credit",
        "headline": "XMP headline",
        "city": "XMP city",
        "keywords": ["XMP"],
        "taken_at": "2024-05-01T08:00:00",
    }
    assert suggestions(exif_only) == {
        "caption": "EXIF description",
        "byline": "EXIF artist",
        "headline": "object name",
        "taken_at": "2024-05-01T08:00:00",
    }
    assert suggestions({}) == {}


def test_suggestions_from_a_file():
    """From a real file: the GB18030 caption and by-line as the form would show them."""
    image = jpeg(
        iptc={"Caption-Abstract": CAPTION, "By-line": BYLINE, "Keywords": "武昌，数字经济、碳金融"},
        iptc_charset="gb18030",
        exif={"Artist": "Someone Else", "DateTimeOriginal": "2024:05:03 14:30:05"},
        xmp={"creator": ["XMP creator"], "alt_text": "区长坐在直播间的话筒前"},
    )

    assert suggestions(extract(image)) == {
        "caption": CAPTION,
        "alt_text": "区长坐在直播间的话筒前",
        "byline": BYLINE,
        "keywords": ["武昌", "数字经济", "碳金融"],
        "taken_at": "2024-05-03T14:30:05",
    }
