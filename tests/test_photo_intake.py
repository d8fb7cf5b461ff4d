"""The one door for pictures: what it takes, what it refuses, and that a refusal leaves nothing."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from articles import photo_desk
from articles.models import Photo
from photos import intake
from photos.intake import ImageRefused

from . import imagefiles
from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the interface default is Chinese."""
    with translation.override("en"):
        yield


def test_refusals_speak_the_desks_language():
    """In the default interface language the refusal is Chinese and still names the file."""
    with translation.override("zh-hans"):
        with pytest.raises(ImageRefused) as refused:
            intake.take(ContentFile(imagefiles.svg(), name="假图.jpg"))
        assert refused.value.messages[0].startswith("“假图.jpg”：这不是编辑部接受的图片格式")


def stored_files(settings):
    """Every file under the public and the private media folders."""
    return sorted(
        path
        for root in (settings.MEDIA_ROOT, settings.NEWSDESK_PRIVATE_MEDIA_ROOT)
        for path in Path(root).rglob("*")
        if path.is_file()
    )


def receive(data, name="upload.jpg", **kwargs):
    return photo_desk.receive(ContentFile(data, name=name), **kwargs)


ACCEPTED = [
    ("jpeg", imagefiles.jpeg, "JPEG", ".jpg"),
    ("png", imagefiles.png, "PNG", ".png"),
    ("webp", imagefiles.webp, "WEBP", ".webp"),
    ("heic", imagefiles.heic, "HEIF", ".heic"),
    ("gif", imagefiles.gif, "GIF", ".gif"),
    ("cmyk-jpeg", lambda: imagefiles.jpeg(mode="CMYK"), "JPEG", ".jpg"),
    ("16-bit-png", lambda: imagefiles.png(bits=16), "PNG", ".png"),
    ("48-bit-png", imagefiles.png16_rgb, "PNG", ".png"),
    ("png-with-html-appended", imagefiles.png_with_html, "PNG", ".png"),
    ("jpeg-html-polyglot", imagefiles.jpeg_html_polyglot, "JPEG", ".jpg"),
]


@pytest.mark.parametrize(("kind", "build", "pillow_name", "extension"), ACCEPTED,
                         ids=[a[0] for a in ACCEPTED])
def test_accepted_formats_are_stored_under_their_real_extension(kind, build, pillow_name,
                                                                extension, settings):
    """What cameras and phones produce is taken, named by what it is, whatever it was called."""
    photo = receive(build(), name=f"{kind}.pdf")
    assert photo.file_format == pillow_name
    assert photo.image.name.endswith(extension)
    assert photo.original_filename == f"{kind}.pdf"
    assert Path(settings.NEWSDESK_PRIVATE_MEDIA_ROOT, photo.image.name).is_file()
    assert (photo.width, photo.height) == (120, 80)
    assert photo.renditions["crops"]["full"], "renditions were made"


REFUSED = [
    ("text", imagefiles.text_file, "not a picture", "not_an_image"),
    ("html", imagefiles.html, "not a picture", "not_an_image"),
    ("svg", imagefiles.svg, "not a picture", "not_an_image"),
    ("tiff", imagefiles.tiff, "not a picture", "not_an_image"),
    ("avif", imagefiles.avif, "not a picture", "not_an_image"),
    ("bmp", imagefiles.bmp, "not a picture", "not_an_image"),
    ("empty", imagefiles.empty, "empty", "empty"),
    ("truncated-jpeg", imagefiles.truncated_jpeg, "could not be read completely", "damaged"),
    ("decompression-bomb", imagefiles.decompression_bomb_png, "pixels", "too_many_pixels"),
    ("animated-gif", imagefiles.animated_gif, "animated", "animated"),
]


@pytest.mark.parametrize(("kind", "build", "reason", "code"), REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_refused_files_get_a_message_naming_them_and_leave_nothing(kind, build, reason, code,
                                                                   settings):
    """Each refusal names the file and says why; no row and no file is left behind."""
    with pytest.raises(ImageRefused) as refused:
        receive(build(), name=f"{kind}.jpg")
    message = refused.value.messages[0]
    assert message.startswith(f"“{kind}.jpg”: ")
    assert reason in message and reason in str(refused.value.reason)
    assert (refused.value.filename, refused.value.code) == (f"{kind}.jpg", code)
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def test_pixel_limit_is_checked_before_decoding(settings):
    """A small file declaring more pixels than allowed is refused from its header alone."""
    settings.NEWSDESK_MAX_IMAGE_PIXELS = 10_000
    with pytest.raises(ImageRefused, match="megapixels"):
        intake.take(ContentFile(imagefiles.jpeg(200, 100), name="wide.jpg"))


def test_big_but_allowed_picture_decodes(settings):
    """Nine megapixels of a valid PNG pass the full decode."""
    checked = intake.take(ContentFile(imagefiles.big_pixels_png(9), name="big.png"))
    assert (checked.width, checked.height) == (3000, 3000)


def test_size_limit(settings):
    settings.NEWSDESK_MAX_IMAGE_BYTES = 1000
    with pytest.raises(ImageRefused, match="at most"):
        intake.take(ContentFile(imagefiles.jpeg(400, 300, quality=95), name="big.jpg"))


def test_checksum_size_and_orientation_are_recorded():
    """The door records byte size, SHA-256 and the picture's size as shown (EXIF turned)."""
    data = imagefiles.jpeg(120, 80, exif={"Orientation": 6})
    checked = intake.take(ContentFile(data, name="turned.jpg"))
    assert checked.size == len(data)
    assert len(checked.checksum) == 64
    assert (checked.width, checked.height) == (80, 120)


def test_a_file_already_in_the_library_is_offered_not_stored_twice(settings):
    """The second upload of the same bytes points at the first photo; nothing new is stored."""
    first = receive(imagefiles.jpeg(), name="a.jpg")
    files_before = stored_files(settings)
    with pytest.raises(photo_desk.DuplicatePhoto) as duplicate:
        receive(imagefiles.jpeg(), name="b.jpg")
    assert duplicate.value.existing == first
    assert "“b.jpg”" in duplicate.value.messages[0]
    assert Photo.objects.count() == 1
    assert stored_files(settings) == files_before


def test_uploader_is_recorded():
    user = UserFactory()
    assert receive(imagefiles.jpeg(), by=user).uploaded_by == user


def test_display_name_drops_paths_and_control_characters():
    """A name sent as a path, or with control characters, shows as its last part only."""
    assert intake.display_name("C:\\Users\\me\\照片\\IMG_1.JPG") == "IMG_1.JPG"
    assert intake.display_name("../../etc/passwd\u202e.jpg") == "passwd.jpg"
    assert intake.display_name("") == "?"


def test_the_import_command_uses_the_same_door(tmp_path, settings):
    """Files from a folder: good ones added, a duplicate and a fake reported, nothing else kept."""
    from io import StringIO

    from django.core.management import call_command

    folder = tmp_path / "card"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(imagefiles.jpeg(iptc={"Caption-Abstract": "江滩。"}))
    (folder / "b.jpg").write_bytes(imagefiles.jpeg(iptc={"Caption-Abstract": "江滩。"}))
    (folder / "c.jpg").write_bytes(imagefiles.svg())
    (folder / "d.heic").write_bytes(imagefiles.heic())
    out, err = StringIO(), StringIO()
    call_command("import_photos", str(folder), stdout=out, stderr=err)
    assert "2 added, 1 already in the library, 1 refused." in out.getvalue()
    assert "“c.jpg”: this is not a picture" in err.getvalue()
    assert sorted(Photo.objects.values_list("original_filename", flat=True)) == [
        "a.jpg", "d.heic"
    ]
    assert Photo.objects.get(original_filename="a.jpg").caption == "江滩。"


@pytest.mark.parametrize(
    ("build", "name"),
    [(imagefiles.png, "a.png"), (imagefiles.jpeg, "a.jpg"), (imagefiles.heic, "a.heic"),
     (imagefiles.webp, "a.webp"), (imagefiles.gif, "a.gif")],
)
def test_an_upload_as_django_hands_it_over_stays_open_to_be_stored(build, name):
    """Real uploads close when Pillow closes them (a PNG did, before it was stored)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = photo_desk.receive(SimpleUploadedFile(name, build(), "application/octet-stream"))
    assert photo.image.storage.exists(photo.image.name)
    assert photo.file_size == len(build())


# --- Rules pinned down by mutation testing --------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (imagefiles.empty, "“x.jpg”: the file is empty."),
        (imagefiles.svg, "“x.jpg”: this is not a picture in a format the desk accepts "
                         "(JPEG, PNG, WebP, HEIC/HEIF or GIF)."),
        (imagefiles.animated_gif, "“x.jpg”: this picture is animated; the photo desk takes "
                                  "still pictures. Upload one frame as JPEG or PNG."),
        (imagefiles.truncated_jpeg, "“x.jpg”: the picture could not be read completely; the "
                                    "file may be damaged or cut off. Please upload it again."),
        (imagefiles.decompression_bomb_png,
         "“x.jpg”: the picture declares far too many pixels."),
    ],
)
def test_refusal_messages_in_full(build, message):
    with pytest.raises(ImageRefused) as refused:
        intake.take(ContentFile(build(), name="x.jpg"))
    assert refused.value.messages == [message]


def test_size_limit_in_full_and_at_the_boundary(settings):
    data = imagefiles.jpeg(400, 300, quality=95)
    settings.NEWSDESK_MAX_IMAGE_BYTES = len(data)
    assert intake.take(ContentFile(data, name="exact.jpg")).size == len(data)
    settings.NEWSDESK_MAX_IMAGE_BYTES = 2**20
    big = data + bytes(2**20 + 2**19 - len(data))  # 1.5 MB: a JPEG with trailing bytes
    with pytest.raises(ImageRefused) as refused:
        intake.take(ContentFile(big, name="big.jpg"))
    assert refused.value.messages == [
        "“big.jpg”: the file is 1.5 MB; photos may be at most 1 MB."
    ]
    assert refused.value.code == "too_large"


def test_pixel_limit_in_full_and_at_the_boundary(settings):
    settings.NEWSDESK_MAX_IMAGE_PIXELS = 2_000_000
    assert intake.take(ContentFile(imagefiles.png(2000, 1000), name="exact.png")).width == 2000
    with pytest.raises(ImageRefused) as refused:
        intake.take(ContentFile(imagefiles.png(2500, 1000), name="wide.png"))
    assert refused.value.messages == [
        "“wide.png”: the picture is 2.5 megapixels; at most 2 are accepted."
    ]
    assert refused.value.code == "too_many_pixels"


def test_two_frames_are_an_animation_but_a_heic_with_several_images_is_a_photo():
    frames = [Image.new("RGB", (60, 40), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(ImageRefused, match="animated"):
        intake.take(ContentFile(buffer.getvalue(), name="two.gif"))
    buffer = io.BytesIO()
    frames[0].save(buffer, "HEIF", save_all=True, append_images=frames[1:])
    checked = intake.take(ContentFile(buffer.getvalue(), name="burst.heic"))
    assert (checked.format.pillow_name, checked.width) == ("HEIF", 60)


def test_the_checksum_is_the_sha256_of_the_whole_file():
    data = imagefiles.jpeg()
    assert intake.take(ContentFile(data, name="a.jpg")).checksum == hashlib.sha256(
        data
    ).hexdigest()


def test_the_name_given_wins_over_the_files_own_and_a_nameless_file_is_shown_as_a_mark():
    data = imagefiles.jpeg()
    assert intake.take(ContentFile(data, name="a.jpg"), name="b.jpg").filename == "b.jpg"
    assert intake.take(io.BytesIO(data)).filename == "?"
    assert intake.take(io.BytesIO(data)).size == len(data)


def test_a_long_name_is_cut_to_what_the_database_keeps():
    assert intake.display_name("照" * 300 + ".jpg") == "照" * 255


def test_a_jpeg_is_checked_at_an_eighth_of_its_size(monkeypatch):
    """The full-decode check of a JPEG asks libjpeg for 1/8 scale: 1/64 of the memory."""
    from PIL import JpegImagePlugin

    asked = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def recording_draft(self, mode, size):
        asked.append((mode, size))
        return draft(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", recording_draft)
    intake.take(ContentFile(imagefiles.jpeg(1600, 1200), name="a.jpg"))
    assert asked == [("RGB", (200, 150))]
