"""Public renditions: sizes, shapes, formats, what they carry, and when they go away."""

import io
import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from PIL import Image

from articles import photo_desk
from articles.models import Photo
from photos import renditions
from photos.templatetags.pictures import picture_html

from . import imagefiles

pytestmark = pytest.mark.django_db

CAMERA_EXIF = {
    "DateTimeOriginal": "2024:01:20 09:30:00",
    "Model": "Canon EOS R5",
    "Make": "Canon",
    "Artist": "何晓刚",
    "BodySerialNumber": "0123456789",
    "CameraOwnerName": "何晓刚",
    "GPS": (30.5434, 114.3011),
}


def receive(data, name="photo.jpg", **kwargs):
    return photo_desk.receive(ContentFile(data, name=name), **kwargs)


def public_files(settings):
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def rendition_bytes(name):
    with default_storage.open(name, "rb") as file:
        return file.read()


def test_widths_are_the_fixed_steps_never_upscaled():
    """A 1000-pixel-wide picture gets 320/640/960 wide renditions, nothing wider."""
    photo = receive(imagefiles.jpeg(1000, 500))
    full = renditions.items(photo, "full")
    assert [(item["w"], item["h"]) for item in full] == [(320, 160), (640, 320), (960, 480)]
    for item in full:
        for fmt, pillow_name in (("webp", "WEBP"), ("jpeg", "JPEG")):
            with Image.open(io.BytesIO(rendition_bytes(item[fmt]))) as image:
                assert image.format == pillow_name
                assert image.size == (item["w"], item["h"])


def test_a_small_picture_gets_one_rendition_at_its_own_width():
    photo = receive(imagefiles.jpeg(200, 100))
    assert [item["w"] for item in renditions.items(photo, "full")] == [200]
    assert [(i["w"], i["h"]) for i in renditions.items(photo, "1x1")] == [(100, 100)]


def test_crops_have_their_shape():
    photo = receive(imagefiles.jpeg(1600, 1200))
    for item in renditions.items(photo, "16x9"):
        assert abs(item["w"] / item["h"] - 16 / 9) < 0.01
    for item in renditions.items(photo, "1x1"):
        assert item["w"] == item["h"]


def test_camera_orientation_is_applied():
    """A picture the camera marked 'turn 90°' is served upright and without the tag."""
    photo = receive(imagefiles.jpeg(120, 80, exif={"Orientation": 6}))
    assert (photo.width, photo.height) == (80, 120)
    item = renditions.items(photo, "full")[0]
    with Image.open(io.BytesIO(rendition_bytes(item["jpeg"]))) as image:
        assert image.size == (80, 120)
        assert image.getexif().get(0x0112) in (None, 1)


@pytest.mark.parametrize(
    "build",
    [
        lambda: imagefiles.jpeg(
            400, 300, exif=CAMERA_EXIF, icc_profile=True, comment="<script>alert(1)</script>",
            iptc={"Caption-Abstract": "直播间。", "By-line": "记者何晓刚", "City": "武汉"},
            xmp={"description": "直播间。", "creator": "何晓刚"},
        ),
        lambda: imagefiles.heic(400, 300, exif=CAMERA_EXIF),
        lambda: imagefiles.webp(400, 300, exif=CAMERA_EXIF, xmp={"creator": "何晓刚"}),
        lambda: imagefiles.png(400, 300, exif=CAMERA_EXIF, xmp={"creator": "何晓刚"}),
    ],
    ids=["jpeg", "heic", "webp", "png"],
)
def test_no_public_file_carries_location_camera_or_owner_data(build, settings):
    """Every public file is read back: no EXIF, GPS, IPTC, XMP or comment; a colour profile
    may stay."""
    receive(build())
    files = public_files(settings)
    assert files, "renditions exist"
    for path in files:
        found = imagefiles.read_metadata(path.read_bytes())
        assert found["exif"] == {} and found["gps"] == {}, path.name
        assert found["iptc"] is None, path.name
        assert not found["xmp"] and not found["comment"], path.name
        assert set(found["info_keys"]) <= {"icc_profile", "jfif", "jfif_version", "jfif_unit",
                                          "jfif_density", "dpi", "progressive", "progression",
                                          "adobe", "adobe_transform", "loop", "background",
                                          "duration", "timestamp"}, path.name


def test_nothing_appended_to_an_upload_reaches_a_public_file(settings):
    """A PNG with HTML after its end, and a JPEG/HTML polyglot: renditions are re-encoded."""
    receive(imagefiles.png_with_html(), name="a.png")
    receive(imagefiles.jpeg_html_polyglot(), name="b.jpg")
    for path in public_files(settings):
        assert b"<script" not in path.read_bytes() and b"<html" not in path.read_bytes()
        assert path.suffix in (".webp", ".jpg")


def test_cmyk_and_16_bit_pictures_render_as_what_they_show():
    """A CMYK JPEG becomes RGB; a 16-bit grey gradient keeps its tones instead of clipping."""
    cmyk = receive(imagefiles.jpeg(mode="CMYK"), name="cmyk.jpg")
    with Image.open(io.BytesIO(rendition_bytes(renditions.items(cmyk)[0]["jpeg"]))) as image:
        assert image.mode == "RGB"
    grey = receive(imagefiles.png(bits=16), name="grey.png")
    with Image.open(io.BytesIO(rendition_bytes(renditions.items(grey)[0]["jpeg"]))) as image:
        low, high = image.convert("L").getextrema()
        assert high - low > 100, "a gradient, not a white sheet"


def test_transparent_png_becomes_white_behind_in_jpeg_and_keeps_alpha_in_webp():
    picture = Image.new("RGBA", (120, 80), (200, 0, 0, 255))
    picture.paste((0, 0, 0, 0), (60, 0, 120, 80))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    photo = receive(buffer.getvalue(), name="alpha.png")
    item = renditions.items(photo)[0]
    with Image.open(io.BytesIO(rendition_bytes(item["webp"]))) as image:
        assert image.getchannel("A").getextrema() == (0, 255)
    with Image.open(io.BytesIO(rendition_bytes(item["jpeg"]))) as image:
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((100, 40))
        assert min(red, green, blue) > 240, "transparent parts are white"


def test_focal_point_keeps_the_subject_in_the_crop():
    """A square crop of a wide picture is centred on the focal point where it fits."""
    assert renditions.crop_box((1600, 900), (1, 1), (0.9, 0.5)) == (700, 0, 1600, 900)
    assert renditions.crop_box((1600, 900), (1, 1), (0.5, 0.5)) == (350, 0, 1250, 900)
    assert renditions.crop_box((1600, 900), (1, 1), (0.0, 0.5)) == (0, 0, 900, 900)
    assert renditions.crop_box((900, 1600), (16, 9), (0.5, 0.0)) == (0, 0, 900, 506.25)


def test_moving_the_focal_point_makes_new_files_and_removes_the_old(
    settings, django_capture_on_commit_callbacks
):
    photo = receive(imagefiles.jpeg(800, 600))
    old = set(renditions.file_names(photo.renditions))
    photo.focal_x, photo.focal_y = 0.1, 0.1
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()
        renditions.ensure(photo)
    new = set(renditions.file_names(photo.renditions))
    assert old and new and not old & new
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in new)


def test_deleting_a_photo_removes_its_original_and_every_rendition(
    settings, django_capture_on_commit_callbacks
):
    photo = receive(imagefiles.jpeg(800, 600))
    assert public_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert public_files(settings) == []
    assert not any(Path(settings.NEWSDESK_PRIVATE_MEDIA_ROOT).rglob("*.jpg"))


def test_replacing_the_file_removes_the_old_files(settings, django_capture_on_commit_callbacks):
    """After a replacement, the old original and renditions are gone from storage."""
    photo = receive(imagefiles.jpeg(800, 600, color=(10, 10, 200)))
    old_names = renditions.file_names(photo.renditions)
    old_original = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photo_desk.replace_file(photo, ContentFile(imagefiles.jpeg(640, 480), name="new.jpg"))
    assert (photo.width, photo.height) == (640, 480)
    assert not any(default_storage.exists(name) for name in old_names)
    assert not photo.image.storage.exists(old_original)
    assert photo.image.storage.exists(photo.image.name)


def test_a_rolled_back_replacement_deletes_nothing(settings, django_capture_on_commit_callbacks):
    """If the save around a replacement fails, the old files stay (nothing was committed)."""
    photo = receive(imagefiles.jpeg(800, 600, color=(10, 10, 200)))
    names = renditions.file_names(photo.renditions)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        photo_desk.replace_file(photo, ContentFile(imagefiles.jpeg(640, 480), name="new.jpg"))
        raise RuntimeError("the rest of the save failed")
    assert callbacks == []
    assert all(default_storage.exists(name) for name in names)


def test_picture_tag_has_sources_sizes_and_dimensions():
    photo = receive(imagefiles.jpeg(1000, 500))
    html = picture_html(photo, sizes="50vw", alt="江边<写字楼>")
    assert html.startswith("<picture><source type=\"image/webp\" srcset=\"")
    assert "320w" in html and "960w" in html and "1280w" not in html
    assert 'sizes="50vw"' in html and 'width="640" height="320"' in html
    assert 'alt="江边&lt;写字楼&gt;"' in html and 'loading="lazy"' in html
    eager = picture_html(photo, eager=True)
    assert 'fetchpriority="high"' in eager and "loading=" not in eager


def test_a_photo_without_renditions_gets_them_on_first_use():
    """Photos from before renditions existed are rendered once, on the first page that asks."""
    photo = receive(imagefiles.jpeg(700, 400))
    names = renditions.file_names(photo.renditions)
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    for name in names:
        default_storage.delete(name)
    stale = Photo.objects.get(pk=photo.pk)
    assert "640w" in picture_html(stale)
    assert renditions.is_ready(Photo.objects.get(pk=photo.pk))


@pytest.mark.django_db(transaction=True)
def test_two_workers_make_one_set(settings):
    """Two threads asking at once for a photo's missing renditions: one set is made."""
    if connection.vendor == "sqlite":
        settings.DATABASES["default"]["OPTIONS"]["timeout"] = 30
    photo = receive(imagefiles.jpeg(900, 600))
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    made = []
    original_make = renditions.make

    def counting_make(image, storage=None):
        made.append(image.pk)
        return original_make(image, storage)

    errors = []

    def worker():
        try:
            renditions.ensure(Photo.objects.get(pk=photo.pk))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    renditions.make = counting_make
    try:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        renditions.make = original_make
    assert errors == []
    assert made == [photo.pk]


def test_the_sweep_finds_files_left_by_a_failed_save(settings):
    """Files written for a save that was rolled back are found and removed by photo_files."""
    from django.core.management import call_command

    keep = receive(imagefiles.jpeg(300, 200), name="keep.jpg")
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(imagefiles.jpeg(300, 200, color=(0, 90, 0)), name="lost.jpg")
        raise RuntimeError("the request failed after the upload")
    before = len(public_files(settings))
    out = io.StringIO()
    call_command("photo_files", "--delete", "--min-age", "0", stdout=out)
    assert "removed" in out.getvalue()
    after = public_files(settings)
    assert len(after) < before
    assert all(default_storage.exists(n) for n in renditions.file_names(keep.renditions))
    assert {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in after} == set(
        renditions.file_names(keep.renditions)
    )
    assert keep.image.storage.exists(keep.image.name)


# --- Rules pinned down by mutation testing --------------------------------------------------


def test_a_colour_profile_is_kept_on_every_rendition(settings):
    """A picture in a wide-gamut or tagged colour space stays in it: its ICC profile goes
    with every rendition, WebP and JPEG."""
    receive(imagefiles.jpeg(400, 300, icc_profile=True))
    profile = imagefiles.srgb_profile()
    for path in public_files(settings):
        with Image.open(path) as image:
            assert image.info.get("icc_profile") == profile, path.name


def test_converted_pictures_drop_the_profile(settings):
    """A palette GIF becomes RGB; no profile is invented for it."""
    receive(imagefiles.gif(), name="a.gif")
    for path in public_files(settings):
        with Image.open(path) as image:
            assert image.mode in ("RGB", "RGBA") and "icc_profile" not in image.info


def test_transparent_palette_and_grey_alpha_pictures():
    """A GIF with a transparent colour keeps transparency in WebP; grey with alpha turns
    white behind in JPEG."""
    palette = Image.new("P", (120, 80), 1)
    palette.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    palette.paste(0, (0, 0, 60, 80))
    buffer = io.BytesIO()
    palette.save(buffer, "GIF", transparency=0)
    photo = receive(buffer.getvalue(), name="t.gif")
    with Image.open(io.BytesIO(rendition_bytes(renditions.items(photo)[0]["webp"]))) as image:
        assert image.getchannel("A").getextrema() == (0, 255)

    grey = Image.new("LA", (120, 80), (40, 255))
    grey.paste((40, 0), (60, 0, 120, 80))
    buffer = io.BytesIO()
    grey.save(buffer, "PNG")
    photo = receive(buffer.getvalue(), name="la.png")
    with Image.open(io.BytesIO(rendition_bytes(renditions.items(photo)[0]["jpeg"]))) as image:
        assert image.convert("L").getpixel((100, 40)) > 240
        assert image.convert("L").getpixel((10, 40)) < 80


def test_jpeg_renditions_are_progressive_and_compressed_as_set():
    photo = receive(imagefiles.jpeg(700, 400))
    with Image.open(io.BytesIO(rendition_bytes(renditions.items(photo)[-1]["jpeg"]))) as image:
        assert image.info.get("progressive") or image.info.get("progression")


def test_a_record_is_current_only_for_this_key_and_this_spec():
    photo = receive(imagefiles.jpeg())
    assert renditions.is_ready(photo)
    photo.renditions = {**photo.renditions, "spec": renditions.SPEC_VERSION - 1}
    assert not renditions.is_ready(photo)
    photo.renditions = {**photo.renditions, "spec": renditions.SPEC_VERSION, "key": "other"}
    assert not renditions.is_ready(photo)
    assert renditions.items(photo) == []


def test_a_width_equal_to_a_step_gets_that_step_and_a_one_pixel_picture_one_rendition():
    assert renditions.widths_for(renditions.CROPS["full"], 640) == [320, 640]
    assert renditions.widths_for(renditions.CROPS["full"], 1.5) == [1]
    photo = receive(imagefiles.png(1, 1), name="dot.png")
    assert [(i["w"], i["h"]) for i in renditions.items(photo)] == [(1, 1)]


def test_a_large_jpeg_is_decoded_at_the_smallest_size_that_serves_every_rendition():
    """4000 wide: the 1920 rendition needs half size, so the decode is 2000 wide, not 4000."""
    data = imagefiles.jpeg(4000, 3000)
    picture, size = renditions.decode_for_renditions(io.BytesIO(data), None)
    assert size == (4000, 3000) and picture.size == (2000, 1500)


def test_a_panorama_is_decoded_large_enough_for_its_square_crop():
    """8000x500: the square crop is 500 pixels of the original, so no reduction is allowed,
    though the full picture alone would allow a quarter."""
    data = imagefiles.jpeg(8000, 500)
    picture, _size = renditions.decode_for_renditions(io.BytesIO(data), None)
    assert picture.size == (8000, 500)


def test_other_formats_are_reduced_right_after_decoding():
    data = imagefiles.png(4000, 3000)
    picture, _size = renditions.decode_for_renditions(io.BytesIO(data), None)
    assert picture.size == (2000, 1500)


def test_a_file_that_cannot_be_deleted_is_logged_by_name(caplog):
    class Stubborn:
        def delete(self, name):
            raise OSError("read-only")

    renditions.delete_files(["renditions/ab/abc/full-320.jpg"], storage=Stubborn())
    assert "renditions/ab/abc/full-320.jpg" in caplog.text


def test_a_16_bit_grey_keeps_its_middle_tones():
    """A 16-bit gradient averages mid-grey after scaling; clipped to 8 bits it would be white."""
    from PIL import ImageStat

    photo = receive(imagefiles.png(bits=16), name="grey16.png")
    with Image.open(io.BytesIO(rendition_bytes(renditions.items(photo)[0]["jpeg"]))) as image:
        assert 100 < ImageStat.Stat(image.convert("L")).mean[0] < 160


@pytest.mark.parametrize("mode", ["RGBA", "L", "LA"])
def test_a_colour_profile_is_kept_in_every_mode_that_needs_no_conversion(mode, settings):
    colour = {"RGBA": (10, 200, 30, 255), "L": 90, "LA": (90, 255)}[mode]
    picture = Image.new(mode, (90, 60), colour)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", icc_profile=imagefiles.srgb_profile())
    photo = receive(buffer.getvalue(), name=f"{mode}.png")
    with Image.open(io.BytesIO(rendition_bytes(renditions.items(photo)[0]["webp"]))) as image:
        assert image.info.get("icc_profile") == imagefiles.srgb_profile()


def halves(width=1600, height=900):
    """Red on the left, blue on the right."""
    picture = Image.new("RGB", (width, height), (220, 0, 0))
    picture.paste((0, 0, 220), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def mean_colour(name):
    from PIL import ImageStat

    with Image.open(io.BytesIO(rendition_bytes(name))) as image:
        return ImageStat.Stat(image.convert("RGB")).mean


def test_the_crop_shows_the_part_of_the_picture_around_the_focal_point():
    """Square crops of a red|blue picture: blue with the focal point right, red with it left."""
    photo = receive(halves(), name="halves.jpg", fields={"focal_x": 0.95, "focal_y": 0.5})
    red, _green, blue = mean_colour(renditions.items(photo, "1x1")[-1]["jpeg"])
    assert blue > 180 and red < 40
    photo = receive(halves(1601, 900), name="h2.jpg", fields={"focal_x": 0.05, "focal_y": 0.5})
    red, _green, blue = mean_colour(renditions.items(photo, "1x1")[-1]["jpeg"])
    assert red > 180 and blue < 40
    red, _green, blue = mean_colour(renditions.items(photo, "full")[-1]["jpeg"])
    assert 90 < red < 130 and 90 < blue < 130, "the full picture shows both halves"


def test_rendition_names_and_addresses():
    photo = receive(imagefiles.jpeg(700, 400))
    key = photo.rendition_key
    item = renditions.items(photo)[-1]
    assert item["jpeg"] == f"renditions/{key[:2]}/{key}/full-640.jpg"
    assert item["webp"] == f"renditions/{key[:2]}/{key}/full-640.webp"
    assert renditions.url(item["webp"]) == f"/media/renditions/{key[:2]}/{key}/full-640.webp"
    assert f"/media/renditions/{key[:2]}/{key}/full-320.webp 320w" in picture_html(photo)
    assert renditions.items(photo, "no-such-crop") == []


def test_a_failure_half_way_removes_the_renditions_already_written():
    """The tenth file fails to store: the nine before it are deleted again."""
    from django.core.files.storage import InMemoryStorage

    class Failing(InMemoryStorage):
        saved = 0

        def save(self, name, content, max_length=None):
            Failing.saved += 1
            if Failing.saved == 10:
                raise OSError("disk full")
            return super().save(name, content, max_length)

    storage = Failing()
    photo = receive(imagefiles.jpeg(700, 400))
    with pytest.raises(OSError, match="disk full"):
        renditions.make(photo, storage=storage)
    assert Failing.saved == 10
    key = photo.rendition_key
    assert storage.listdir(f"renditions/{key[:2]}/{key}")[1] == []


def test_a_remade_set_removes_the_files_of_the_set_it_replaces(
    django_capture_on_commit_callbacks
):
    """A record from an older spec or key is replaced, and its files go once that commits."""
    photo = receive(imagefiles.jpeg(700, 400))
    old_names = renditions.file_names(photo.renditions)
    Photo.objects.filter(pk=photo.pk).update(rendition_key="f" * 16)
    stale = Photo.objects.get(pk=photo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        renditions.ensure(stale)
    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(n) for n in renditions.file_names(stale.renditions))


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        ((900, 1600), (16, 9), (0.5, 1.0), (0, 1093.75, 900, 1600)),
        ((900, 1600), (16, 9), None, (0, 546.875, 900, 1053.125)),
        ((900, 1600), (1, 1), (0.5, 0.3), (0, 30, 900, 930)),
        ((3000, 1000), (16, 9), None, (611.1111111111111, 0, 2388.888888888889, 1000)),
        ((1600, 900), (16, 9), (0.9, 0.9), (0, 0, 1600, 900)),
    ],
)
def test_crop_boxes(size, ratio, focal, box):
    """Tall pictures crop across their height; wide ones across their width; a picture
    already of the shape keeps all of itself; without a focal point the centre."""
    assert renditions.crop_box(size, ratio, focal) == pytest.approx(box)


def test_crops_of_a_picture_decoded_at_half_size_still_show_the_focal_point():
    """4000 wide is decoded at 2000: crop boxes are scaled to the smaller decode."""
    photo = receive(halves(4000, 2250), name="big-halves.jpg",
                    fields={"focal_x": 0.95, "focal_y": 0.5})
    red, _green, blue = mean_colour(renditions.items(photo, "1x1")[-1]["jpeg"])
    assert blue > 180 and red < 40
    red, _green, blue = mean_colour(renditions.items(photo, "16x9")[-1]["jpeg"])
    assert 90 < red < 130 and 90 < blue < 130, "16:9 of a 16:9 picture is all of it"
