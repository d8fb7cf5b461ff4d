"""What the file says fills the photo's fields; what the user typed always wins."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from taggit.models import Tag

from articles import photo_desk
from articles.credits import photo_credit
from articles.models import Role

from . import imagefiles
from .factories import ContributorFactory, UserFactory

pytestmark = pytest.mark.django_db

CAPTION = "武汉市人大代表、武昌区区长余松走进直播间。"
IPTC = {
    "Caption-Abstract": CAPTION,
    "By-line": "记者何晓刚",
    "Credit": "长江日报",
    "Headline": "区长走进直播间",
    "Keywords": ["武昌", "数字经济"],
    "City": "武汉",
    "Date Created": "20240120",
    "Time Created": "093000+0800",
}


def receive(data, **kwargs):
    return photo_desk.receive(ContentFile(data, name="live.jpg"), **kwargs)


def tagger():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_tag"))
    return UserFactory._meta.model.objects.get(pk=user.pk)


@pytest.mark.parametrize("charset", ["utf-8-esc", "utf-8", "gb18030"])
def test_iptc_fills_the_photo_in_every_chinese_encoding(charset):
    """UTF-8 with or without the ESC % G marker, or GB18030: the same Chinese comes out."""
    he = ContributorFactory(name="何晓刚", default_role=Role.REPORTER)
    photo = receive(imagefiles.jpeg(iptc=IPTC, iptc_charset=charset), by=tagger())
    assert photo.caption == CAPTION
    assert photo.headline == "区长走进直播间"
    assert photo.city == "武汉"
    assert photo.credit_contributor == he
    assert photo_credit(photo) == "记者何晓刚 摄"
    assert sorted(photo.tags.names()) == ["数字经济", "武昌"]
    assert photo.taken_at == datetime.datetime(
        2024, 1, 20, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )


def test_a_byline_naming_nobody_known_credits_the_name():
    """记者王五 with no contributor 王五: role 记者 and the name as typed."""
    photo = receive(imagefiles.jpeg(iptc={"By-line": "记者王五"}))
    assert photo.credit_contributor is None
    assert (photo.credit_role, photo.credit_name) == (Role.REPORTER, "王五")
    assert photo_credit(photo) == "记者王五 摄"


def test_byline_title_gives_the_role():
    photo = receive(imagefiles.jpeg(iptc={"By-line": "李子云", "By-line Title": "摄影记者"}))
    assert photo_credit(photo) == "摄影记者李子云 摄"


def test_agency_credit_without_a_byline():
    photo = receive(imagefiles.jpeg(iptc={"Credit": "新华社发"}))
    assert photo_credit(photo) == "新华社发"


def test_xmp_and_exif_fill_what_iptc_does_not():
    data = imagefiles.jpeg(
        xmp={"description": "碳汇大厦。", "alt_text": "玻璃幕墙的高楼", "creator": "记者何晓刚"},
        exif={"DateTimeOriginal": "2024:01:19 16:05:00", "Model": "Canon EOS R5"},
    )
    photo = receive(data)
    assert (photo.caption, photo.alt_text) == ("碳汇大厦。", "玻璃幕墙的高楼")
    assert photo_credit(photo) == "记者何晓刚 摄"
    assert timezone.localtime(photo.taken_at).replace(tzinfo=None) == datetime.datetime(
        2024, 1, 19, 16, 5
    )
    assert photo.metadata["camera_model"] == "Canon EOS R5"


def test_what_the_user_typed_wins():
    """Typed caption, credit and tags are kept; the file fills only the empty fields."""
    zhao = ContributorFactory(name="赵可")
    photo = receive(
        imagefiles.jpeg(iptc=IPTC), by=tagger(),
        fields={"caption": "编辑写的图说。", "credit_contributor": zhao},
        tags=["编辑的标签"],
    )
    assert photo.caption == "编辑写的图说。"
    assert photo.credit_contributor == zhao
    assert list(photo.tags.names()) == ["编辑的标签"]
    assert photo.city == "武汉", "an empty field is still filled from the file"


def test_keywords_make_new_tags_only_for_who_may_create_tags():
    """A photographer without add_tag gets the existing tags among the keywords, no new ones."""
    Tag.objects.create(name="武昌", slug="wuchang")
    photo = receive(imagefiles.jpeg(iptc=IPTC), by=UserFactory())
    assert list(photo.tags.names()) == ["武昌"]
    assert not Tag.objects.filter(name="数字经济").exists()
    assert photo.metadata["keywords"] == ["武昌", "数字经济"]


def test_location_and_serial_numbers_are_not_kept_in_the_database():
    data = imagefiles.jpeg(exif={"GPS": (30.54, 114.3), "BodySerialNumber": "SN123",
                                 "CameraOwnerName": "何晓刚", "Model": "X-T5"})
    photo = receive(data)
    text = str(photo.metadata)
    assert "SN123" not in text and "30.54" not in text and "何晓刚" not in text


def test_impossible_dates_in_the_file_are_ignored():
    photo = receive(imagefiles.jpeg(iptc={"Date Created": "00010101"},
                                    exif={"DateTimeOriginal": "9999:12:31 23:59:59"}))
    assert photo.taken_at is None


class TestAdminForm:
    """The single-photo form goes through the same door and the same rule: typed wins."""

    def test_an_upload_is_prefilled_where_the_form_was_left_empty(self, admin_client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from articles.models import Photo

        from .form_data import form_data

        ContributorFactory(name="何晓刚")
        data = form_data(admin_client.get("/admin/articles/photo/add/").content.decode(),
                         "photo_form")
        data.update(caption="编辑写的图说。")
        data["image"] = SimpleUploadedFile(
            "IMG_0001.JPG", imagefiles.jpeg(iptc=IPTC, iptc_charset="gb18030"), "image/jpeg"
        )
        response = admin_client.post("/admin/articles/photo/add/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        photo = Photo.objects.get()
        assert photo.caption == "编辑写的图说。"
        assert photo.headline == "区长走进直播间" and photo.city == "武汉"
        assert photo_credit(photo) == "记者何晓刚 摄"
        assert photo.original_filename == "IMG_0001.JPG"

    def test_a_duplicate_upload_links_to_the_photo_that_has_it(self, admin_client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from .form_data import form_data

        first = receive(imagefiles.jpeg())
        data = form_data(admin_client.get("/admin/articles/photo/add/").content.decode(),
                         "photo_form")
        data["image"] = SimpleUploadedFile("again.jpg", imagefiles.jpeg(), "image/jpeg")
        page = admin_client.post("/admin/articles/photo/add/", data).content.decode()
        assert "“again.jpg”已在图库中" in page
        assert f'href="/admin/articles/photo/{first.pk}/change/"' in page

    def test_moving_the_focal_point_remakes_the_crops_at_once(self, admin_client):
        from photos import renditions

        from .form_data import form_data

        photo = receive(imagefiles.jpeg(800, 400))
        old_key = photo.rendition_key
        url = f"/admin/articles/photo/{photo.pk}/change/"
        page = admin_client.get(url).content.decode()
        assert 'class="newsdesk-focal"' in page and "focal-point.js" in page
        data = form_data(page, "photo_form")
        data.update(focal_x="0.9", focal_y="0.5")
        assert admin_client.post(url, data).status_code == 302
        photo.refresh_from_db()
        assert photo.rendition_key != old_key and renditions.is_ready(photo)

    def test_a_focal_point_outside_the_picture_is_refused(self, admin_client):
        from .form_data import form_data

        photo = receive(imagefiles.jpeg(800, 400))
        url = f"/admin/articles/photo/{photo.pk}/change/"
        data = form_data(admin_client.get(url).content.decode(), "photo_form")
        data.update(focal_x="1.5", focal_y="-1")
        response = admin_client.post(url, data)
        assert response.status_code == 200
        photo.refresh_from_db()
        assert photo.focal_x is None


def test_the_photo_form_creates_no_tag_for_who_may_not(client):
    """A photographer types a new keyword on the photo form: refused, like the story form."""
    from django.contrib.auth.models import Group

    from articles import roles
    from articles.models import Photo

    from .form_data import form_data

    roles.ensure_newsroom_groups()
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.PHOTOGRAPHERS))
    client.force_login(user)
    photo = receive(imagefiles.jpeg())
    url = f"/admin/articles/photo/{photo.pk}/change/"
    data = form_data(client.get(url).content.decode(), "photo_form")
    data["tags"] = "全新的标签"
    page = client.post(url, data).content.decode()
    assert "您只能使用已有标签" in page
    assert not Tag.objects.filter(name="全新的标签").exists()
    assert not Photo.objects.get(pk=photo.pk).tags.exists()


def test_two_browsers_saving_one_photo_do_not_silently_overwrite(admin_client):
    """The second save, made from a form opened before the first, is refused with its
    input kept; saving it again is then a deliberate choice."""
    from articles.models import Photo

    from .form_data import form_data

    photo = receive(imagefiles.jpeg())
    url = f"/admin/articles/photo/{photo.pk}/change/"
    first = form_data(admin_client.get(url).content.decode(), "photo_form")
    second = dict(first)
    first["caption"] = "第一位编辑的图说。"
    assert admin_client.post(url, first).status_code == 302
    second["caption"] = "第二位编辑的图说。"
    page = admin_client.post(url, second).content.decode()
    assert "Someone else saved this photo" in page or "其他人" in page
    assert "第二位编辑的图说。" in page
    assert Photo.objects.get(pk=photo.pk).caption == "第一位编辑的图说。"
    again = form_data(page, "photo_form")
    assert admin_client.post(url, again).status_code == 302
    assert Photo.objects.get(pk=photo.pk).caption == "第二位编辑的图说。"


def test_a_caption_has_a_sane_length(admin_client):
    from .form_data import form_data

    photo = receive(imagefiles.jpeg())
    url = f"/admin/articles/photo/{photo.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "photo_form")
    data["caption"] = "图" * 2001
    assert admin_client.post(url, data).status_code == 200
    photo.refresh_from_db()
    assert len(photo.caption) < 2001
