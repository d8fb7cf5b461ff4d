"""The photo desk's bulk upload: the page without JavaScript, and the script's one-file address.

Every file goes through ``photo_desk`` on its own: good ones are stored, bad
ones are listed with a message naming them, and nothing of a refused file is
left behind, in the database or on disk.
"""

import hashlib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from taggit.models import Tag

from articles import photo_desk
from articles.credits import photo_credit
from articles.models import Photo
from photos import renditions

from . import imagefiles
from .factories import ROLE_GROUPS, ContributorFactory, PhotoFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

PAGE_URL = "/admin/articles/photo/upload/"
FILE_URL = "/admin/articles/photo/upload/file/"
CHANGELIST_URL = "/admin/articles/photo/"
CAPTION = "武汉市人大代表、武昌区区长余松走进直播间。"


def client_for(user, **kwargs):
    # Assertions read English msgids, whatever the translation catalogue says.
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)
    client.force_login(user)
    return client


def role_user(role, username=None):
    user = UserFactory(username=username or role)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


@pytest.fixture
def photographer():
    return role_user("photographer")


@pytest.fixture
def client(photographer):
    return client_for(photographer)


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def batch(*files, **fields):
    return {"files": list(files), "credit_contributor": "", "credit_verb": "", "tags": "",
            **fields}


def stored_files(settings):
    """Every file under the public and the private media folders."""
    return {
        root: sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file())
        for root in (settings.MEDIA_ROOT, settings.NEWSDESK_PRIVATE_MEDIA_ROOT)
    }


def assert_only_files_of_stored_photos(settings):
    """The originals and renditions of the photos in the database, and not one file more."""
    photos = Photo.objects.all()
    found = stored_files(settings)
    assert found[settings.NEWSDESK_PRIVATE_MEDIA_ROOT] == sorted(p.image.name for p in photos)
    assert found[settings.MEDIA_ROOT] == sorted(
        name for p in photos for name in renditions.file_names(p.renditions)
    )


def rows_of(response):
    return {row["filename"]: row for row in response.context["rows"]}


# --- many files in one POST (no JavaScript) -------------------------------------------


def test_good_files_are_stored_and_bad_ones_listed_by_name(client, settings):
    """One POST of good and hostile files: good ones stored, bad ones named, none half-kept."""
    files = [
        upload("直播间.jpg", jpeg_bytes(120, 80, comment="one")),
        upload("余松.jpg", jpeg_bytes(64, 48, comment="two")),
        upload("notes.jpg", imagefiles.text_file()),
        upload("logo.svg", imagefiles.svg(), "image/svg+xml"),
        upload("cut.jpg", imagefiles.truncated_jpeg()),
        upload("empty.jpg", imagefiles.empty()),
        upload("gradient.webp", imagefiles.webp(), "image/webp"),
    ]

    response = client.post(PAGE_URL, batch(*files))

    assert response.status_code == 200
    rows = rows_of(response)
    assert {name: row["status"] for name, row in rows.items()} == {
        "直播间.jpg": "created", "余松.jpg": "created", "gradient.webp": "created",
        "notes.jpg": "refused", "logo.svg": "refused", "cut.jpg": "refused",
        "empty.jpg": "refused",
    }
    assert rows["notes.jpg"]["message"].startswith("“notes.jpg”: this is not a picture")
    assert rows["logo.svg"]["message"].startswith("“logo.svg”: this is not a picture")
    assert rows["cut.jpg"]["message"].startswith("“cut.jpg”: the picture could not be read")
    assert rows["empty.jpg"]["message"] == "“empty.jpg”: the file is empty."
    assert Photo.objects.count() == 3
    assert_only_files_of_stored_photos(settings)
    html = response.content.decode()
    assert "3 uploaded, 0 already in the library, 4 not stored." in html
    for name in ("notes.jpg", "logo.svg", "cut.jpg", "empty.jpg"):
        assert f"“{name}”" in html


def test_the_results_show_each_new_photo_with_its_link_size_and_prefilled_fields(
    client, photographer
):
    """A new photo's row: thumbnail, link to its page, bytes and pixels, caption and credit."""
    data = imagefiles.jpeg(120, 80, iptc={"Caption-Abstract": CAPTION})
    he = ContributorFactory(name="何晓刚")

    response = client.post(PAGE_URL, batch(upload("直播间.jpg", data), credit_contributor=he.pk))

    photo = Photo.objects.get()
    assert (photo.uploaded_by, photo.file_size, photo.width, photo.height) == (
        photographer, len(data), 120, 80,
    )
    assert photo.checksum == hashlib.sha256(data).hexdigest()
    html = response.content.decode()
    assert f'href="/admin/articles/photo/{photo.pk}/change/"' in html
    assert f"Edit photo {photo.pk}" in html
    assert 'class="newsdesk-thumb"' in html
    assert "120 × 80 px" in html
    assert CAPTION in html
    assert photo_credit(photo) in html and "何晓刚" in photo_credit(photo)


def test_a_file_already_in_the_library_is_offered_not_stored_again(client, settings):
    """The existing photo is linked; the same file twice in one batch is stored once."""
    data = jpeg_bytes(comment="already here")
    existing = PhotoFactory(image=upload("first.jpg", data))

    response = client.post(PAGE_URL, batch(upload("again.jpg", data), upload("new.jpg", jpeg_bytes(
        comment="new")), upload("new-copy.jpg", jpeg_bytes(comment="new"))))

    rows = rows_of(response)
    assert rows["again.jpg"]["status"] == "duplicate"
    assert rows["again.jpg"]["photo"]["id"] == existing.pk
    assert rows["again.jpg"]["message"] == (
        f"“again.jpg” is already in the library as photo {existing.pk}."
    )
    assert rows["new.jpg"]["status"] == "created"
    assert rows["new-copy.jpg"]["status"] == "duplicate"
    assert rows["new-copy.jpg"]["photo"]["id"] == rows["new.jpg"]["photo"]["id"]
    assert f'href="/admin/articles/photo/{existing.pk}/change/"' in response.content.decode()
    assert Photo.objects.count() == 2
    assert_only_files_of_stored_photos(settings)


def test_a_failure_on_the_server_costs_only_that_file(client, settings, monkeypatch):
    """A file that breaks while it is stored is reported; the files after it are stored."""
    make = renditions.ensure

    def failing(image, *args, **kwargs):
        if image.original_filename == "breaks.jpg":
            raise OSError("disk full")
        return make(image, *args, **kwargs)

    monkeypatch.setattr(renditions, "ensure", failing)

    response = client.post(PAGE_URL, batch(
        upload("before.jpg", jpeg_bytes(comment="1")), upload("breaks.jpg", jpeg_bytes(
            comment="2")), upload("after.jpg", jpeg_bytes(comment="3")),
    ))

    rows = rows_of(response)
    assert [rows[n]["status"] for n in ("before.jpg", "breaks.jpg", "after.jpg")] == [
        "created", "error", "created",
    ]
    assert "“breaks.jpg” could not be stored" in rows["breaks.jpg"]["message"]
    assert sorted(Photo.objects.values_list("original_filename", flat=True)) == [
        "after.jpg", "before.jpg",
    ]
    assert_only_files_of_stored_photos(settings)


def test_a_post_without_files_asks_for_them(client):
    response = client.post(PAGE_URL, batch())

    assert response.status_code == 200
    assert response.context["form"].errors["files"] == ["This field is required."]
    assert not Photo.objects.exists()


def test_filenames_are_shown_escaped(client):
    """A file name is text: markup in it is shown, never run."""
    name = "<img src=x onerror=alert(1)>.jpg"

    html = client.post(PAGE_URL, batch(upload(name, imagefiles.html()))).content.decode()

    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.jpg" in html


def test_more_files_than_one_request_may_carry_is_a_clear_refusal(client, settings):
    """Django's file count limit is met with a message on the page, not the generic 400 page."""
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [upload(f"{n}.jpg", jpeg_bytes(comment=str(n))) for n in range(3)]

    response = client.post(PAGE_URL, batch(*files))

    assert response.status_code == 400
    assert "more files than one upload may carry (at most 2)" in response.content.decode()
    assert not Photo.objects.exists()


# --- the batch fields -------------------------------------------------------------------


def test_batch_fields_win_over_what_the_files_say(client):
    """A chosen contributor, verb and keywords replace the file's; its caption is kept."""
    Tag.objects.create(name="两会")
    chosen = ContributorFactory(name="杨蔚")
    data = imagefiles.jpeg(iptc={"Caption-Abstract": CAPTION, "By-line": "记者何晓刚",
                                 "Keywords": ["直播"]})

    client.post(PAGE_URL, batch(upload("直播间.jpg", data), credit_contributor=str(chosen.pk),
                                credit_verb="供图", tags="两会"))

    photo = Photo.objects.get()
    assert (photo.credit_contributor, photo.credit_name, photo.credit_verb) == (chosen, "", "供图")
    assert list(photo.tags.names()) == ["两会"]
    assert photo.caption == CAPTION


def test_a_chosen_verb_alone_keeps_the_credited_name_from_the_file(client, monkeypatch):
    """The file's credit is taken whole by the desk; a chosen verb still replaces its verb."""
    # The credit as the desk reads it from a by-line, whatever parsing that takes.
    monkeypatch.setattr(photo_desk, "credit_from_file", lambda suggested: {
        "credit_contributor": None, "credit_name": suggested["byline"], "credit_role": "",
        "credit_organisation": "", "credit_verb": "摄",
    })
    data = imagefiles.jpeg(iptc={"By-line": "受访者"})

    client.post(PAGE_URL, batch(upload("受访者.jpg", data), credit_verb="供图"))

    photo = Photo.objects.get()
    assert (photo.credit_name, photo.credit_verb) == ("受访者", "供图")


def test_no_verb_can_be_chosen_for_the_whole_batch(client):
    client.post(PAGE_URL, batch(upload("a.jpg", jpeg_bytes()), credit_verb="none"))

    assert Photo.objects.get().credit_verb == ""


def test_empty_batch_fields_leave_the_file_and_the_defaults(client):
    client.post(PAGE_URL, batch(upload("a.jpg", jpeg_bytes())))

    photo = Photo.objects.get()
    assert (photo.credit_contributor, photo.credit_verb) == (None, "摄")


def test_only_who_may_create_tags_creates_them(client):
    """A photographer picks existing keywords; an unknown one stops the batch before any file."""
    Tag.objects.create(name="两会")

    response = client.post(PAGE_URL, batch(upload("a.jpg", jpeg_bytes()), tags="两会，新词"))

    assert "ask an editor to create “新词”" in str(response.context["form"].errors["tags"])
    assert not Photo.objects.exists()
    assert not Tag.objects.filter(name="新词").exists()


def test_an_editor_creates_keywords_typed_with_chinese_commas():
    editor = client_for(role_user("editor"))

    editor.post(PAGE_URL, batch(upload("a.jpg", jpeg_bytes()), tags="两会，新词、直播"))

    assert sorted(Photo.objects.get().tags.names()) == ["两会", "新词", "直播"]


# --- one file a request, for the script -------------------------------------------------


def test_the_file_address_answers_created_with_the_new_photo(client, photographer):
    data = imagefiles.jpeg(120, 80, iptc={"Caption-Abstract": CAPTION})
    he = ContributorFactory(name="何晓刚")

    response = client.post(FILE_URL, batch(upload("直播间.jpg", data), credit_contributor=he.pk,
                                           credit_verb="供图"))

    assert response.status_code == 201
    answer = response.json()
    photo = Photo.objects.get()
    assert photo.uploaded_by == photographer
    assert answer["status"] == "created"
    assert answer["filename"] == "直播间.jpg"
    assert answer["message"] == (
        f"“直播间.jpg” is now photo {photo.pk}. Check its caption and credit."
    )
    assert answer["photo"]["id"] == photo.pk
    assert answer["photo"]["change_url"] == f"/admin/articles/photo/{photo.pk}/change/"
    assert answer["photo"]["caption"] == CAPTION
    assert answer["photo"]["credit"] == photo_credit(photo) and "何晓刚" in photo_credit(photo)
    assert (answer["photo"]["file_size"], answer["photo"]["width"], answer["photo"]["height"]) == (
        len(data), 120, 80,
    )
    assert answer["photo"]["thumbnail_html"].startswith("<img ")


def test_the_file_address_answers_duplicate_with_the_existing_photo(client):
    data = jpeg_bytes(comment="twice")
    existing = PhotoFactory(image=upload("first.jpg", data))

    response = client.post(FILE_URL, batch(upload("again.jpg", data)))

    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["photo"]["id"]) == ("duplicate", existing.pk)
    assert answer["photo"]["change_url"] == f"/admin/articles/photo/{existing.pk}/change/"
    assert Photo.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.jpg", imagefiles.text_file(), "“notes.jpg”: this is not a picture"),
        ("logo.svg", imagefiles.svg(), "“logo.svg”: this is not a picture"),
        ("cut.jpg", imagefiles.truncated_jpeg(), "“cut.jpg”: the picture could not be read"),
        ("empty.jpg", b"", "“empty.jpg”: the file is empty."),
        ("moving.gif", imagefiles.animated_gif(), "“moving.gif”: this picture is animated"),
    ],
)
def test_the_file_address_answers_refused_with_the_reason(client, settings, name, content,
                                                          expected):
    response = client.post(FILE_URL, batch(upload(name, content)))

    assert response.status_code == 400
    answer = response.json()
    assert (answer["status"], answer["photo"]) == ("refused", None)
    assert answer["message"].startswith(expected)
    assert not Photo.objects.exists()
    assert_only_files_of_stored_photos(settings)


def test_a_file_over_the_desks_size_limit_is_refused_by_name(client, settings):
    """Larger than the desk takes: a refusal naming the file, even when spooled to disk."""
    settings.NEWSDESK_MAX_IMAGE_BYTES = 2 * 2**20
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2**16
    big = imagefiles.jpeg(2000, 1500, quality=100, comment=b"x" * 60000)
    big += bytes(2 * 2**20 - len(big) + 1)

    response = client.post(FILE_URL, batch(upload("huge.jpg", big)))

    assert response.status_code == 400
    assert response.json()["message"] == (
        "“huge.jpg”: the file is 2.0 MB; photos may be at most 2 MB."
    )
    assert not Photo.objects.exists()


def test_a_request_over_djangos_limits_is_a_json_refusal_not_an_error(photographer, settings):
    """Even with CSRF checks on, whose reading of the body is where Django's limit bites."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = client_for(photographer, enforce_csrf_checks=True)
    token = client.get(PAGE_URL).cookies["csrftoken"].value

    response = client.post(FILE_URL, batch(upload("a.jpg", jpeg_bytes()), tags="x" * 2000,
                                           csrfmiddlewaretoken=token))

    assert response.status_code == 400
    assert response.json() == {
        "status": "refused", "status_label": "Refused", "photo": None,
        "message": "The upload was larger than the server accepts in one request; nothing was "
                   "stored. Send fewer files at a time.",
    }
    assert not Photo.objects.exists()


def test_csrf_is_still_checked(photographer):
    client = client_for(photographer, enforce_csrf_checks=True)

    refused = client.post(FILE_URL, batch(upload("a.jpg", jpeg_bytes())))
    token = client.get(PAGE_URL).cookies["csrftoken"].value
    accepted = client.post(FILE_URL, batch(upload("a.jpg", jpeg_bytes()),
                                           csrfmiddlewaretoken=token))

    assert (refused.status_code, accepted.status_code) == (403, 201)
    assert Photo.objects.count() == 1


def test_the_file_address_takes_one_file_a_request(client):
    response = client.post(FILE_URL, batch(upload("a.jpg", jpeg_bytes(comment="a")),
                                           upload("b.jpg", jpeg_bytes(comment="b"))))

    assert response.status_code == 400
    assert response.json()["status"] == "invalid"
    assert response.json()["errors"] == {"files": ["Send one file a request."]}
    assert not Photo.objects.exists()


def test_the_file_address_reports_wrong_batch_fields(client):
    response = client.post(FILE_URL, batch(upload("a.jpg", jpeg_bytes()), tags="新词"))

    assert response.status_code == 400
    answer = response.json()
    assert answer["status"] == "invalid"
    assert answer["message"].startswith("Keywords: You may only use existing tags")
    assert not Photo.objects.exists()


def test_the_file_address_takes_only_posts(client):
    assert client.get(FILE_URL).status_code == 405


# --- who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["photographer", "reporter", "editor", "chief"])
def test_the_photo_list_offers_bulk_upload_to_who_may_add_photos(role):
    html = client_for(role_user(role)).get(CHANGELIST_URL).content.decode()

    assert f'href="{PAGE_URL}"' in html
    assert "Bulk upload" in html


def test_who_may_only_view_photos_is_refused():
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_photo"))
    client = client_for(viewer)

    assert f'href="{PAGE_URL}"' not in client.get(CHANGELIST_URL).content.decode()
    assert client.get(PAGE_URL).status_code == 403
    assert client.post(PAGE_URL, batch(upload("a.jpg", jpeg_bytes()))).status_code == 403
    assert client.post(FILE_URL, batch(upload("a.jpg", jpeg_bytes()))).status_code == 403
    assert client.get(FILE_URL).status_code == 403
    assert not Photo.objects.exists()


def test_people_not_on_the_desk_are_sent_to_log_in():
    client = client_for(UserFactory(username="reader", is_staff=False))

    for response in (client.get(PAGE_URL), client.post(FILE_URL, batch(upload(
            "a.jpg", jpeg_bytes())))):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert not Photo.objects.exists()


def test_the_page_shows_the_form_for_javascript_and_without_it(client):
    """One form: multipart, several files, the formats to pick, the script's address."""
    html = client.get(PAGE_URL).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="files"' in html and " multiple" in html
    assert 'accept="image/jpeg,image/png' in html
    assert f'data-file-url="{FILE_URL}"' in html
    assert "newsdesk-admin/photo-upload.js" in html
    assert 'id="photo-upload-strings"' in html
