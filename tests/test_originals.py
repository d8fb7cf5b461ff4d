"""Originals are private: never under MEDIA_URL, served to the desk only, as inert pictures."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from articles import photo_desk, roles

from . import imagefiles
from .factories import ROLE_GROUPS, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    data = imagefiles.jpeg(400, 300, exif={"GPS": (30.5, 114.3), "Model": "X"})
    return photo_desk.receive(ContentFile(data, name="scene.jpg"))


def client_of(client, role=None, **user_fields):
    user = UserFactory(**user_fields)
    if role:
        roles.ensure_newsroom_groups()
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    client.force_login(user)
    return client


def test_the_original_lives_outside_the_public_media_folder(photo, settings):
    private = Path(settings.NEWSDESK_PRIVATE_MEDIA_ROOT, photo.image.name)
    assert private.is_file()
    assert not Path(settings.MEDIA_ROOT, photo.image.name).exists()
    assert not any(p.suffix == ".jpg" and "originals" in p.parts
                   for p in Path(settings.MEDIA_ROOT).rglob("*"))


def test_the_original_has_no_public_address(photo, client, settings):
    """Guessing the stored name under MEDIA_URL finds nothing (DEBUG serves media)."""
    assert client.get(f"/media/{photo.image.name}").status_code == 404
    assert photo.image.url.startswith("/admin/originals/")


def test_readers_are_sent_to_log_in(photo, client):
    response = client.get(photo.image.url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_without_photo_permission_are_refused(photo, client):
    assert client_of(client).get(photo.image.url).status_code == 403


@pytest.mark.parametrize("role", ["photographer", "reporter", "editor"])
def test_the_desk_gets_the_original_as_an_inert_picture(photo, client, role):
    """Served as what it is, never as a document a browser would run."""
    response = client_of(client, role).get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert imagefiles.read_metadata(body)["gps"], "the original is the untouched upload"


@pytest.mark.parametrize(
    "name", ["originals/2024/01/nothing.jpg", "../../settings.py", "..%2F..%2Fetc%2Fpasswd"]
)
def test_unknown_or_crafted_names_are_not_found(photo, client, name):
    assert client_of(client, "editor").get(f"/admin/originals/{name}").status_code == 404


def test_check_refuses_originals_inside_media(settings):
    """A configuration that would publish originals stops `manage.py check`."""
    settings.NEWSDESK_PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    with pytest.raises(SystemCheckError, match="photos.E002"):
        call_command("check")


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_existing_originals_out_of_public_media(settings):
    """0004: a photo uploaded before the photo desk leaves MEDIA_ROOT for private storage,
    gets a neutral name, its checksum, size and format, its own rendition key, and the
    demo's lookup key moves out of its metadata; on first use it gets renditions."""
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from articles.models import Photo
    from photos import renditions

    before = [("articles", "0003_render_stored_bodies")]
    after = [("articles", "0004_photo_desk")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        Old = executor.loader.project_state(before).apps.get_model("articles", "Photo")
        data = imagefiles.jpeg(120, 80, exif={"GPS": (30.5, 114.3), "Orientation": 6})
        old_names = [default_storage.save(f"photos/2024/01/武汉-{n}.jpg", ContentFile(data))
                     for n in range(2)]
        for n, name in enumerate(old_names):
            Old.objects.create(image=name, width=120, height=80, caption=f"旧图{n}",
                               metadata={"demo_key": f"pool-{n}", "kept": True})

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        New = executor.loader.project_state(after).apps.get_model("articles", "Photo")
        rows = list(New.objects.order_by("pk"))
        for name in old_names:
            assert not default_storage.exists(name)
        private = Path(settings.NEWSDESK_PRIVATE_MEDIA_ROOT)
        for n, row in enumerate(rows):
            name = row.image.name
            assert name.startswith("originals/legacy/") and name.endswith(".jpg")
            assert (private / name).read_bytes() == data
            recorded = (row.file_format, row.file_size, row.width, row.height)
            assert recorded == ("JPEG", len(data), 80, 120)
            assert row.demo_key == f"pool-{n}" and row.metadata == {"kept": True}
            assert row.original_filename.startswith("武汉-")
        # The same file twice: the first keeps the checksum, the second is left without.
        assert len(rows[0].checksum) == 64 and rows[1].checksum == ""
        assert rows[0].rendition_key != rows[1].rendition_key
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    photo = Photo.objects.order_by("pk").first()
    assert not renditions.is_ready(photo)
    renditions.ensure(photo)
    assert renditions.items(photo)[0]["h"] > renditions.items(photo)[0]["w"], "turned upright"


def test_the_original_view_only_reads(photo, client):
    assert client_of(client, "editor").post(photo.image.url).status_code == 405
