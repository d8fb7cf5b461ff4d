import os
import tempfile
from pathlib import Path

import pytest
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, the test database is a file, as the site's is: one per pytest process.

    Django's default in-memory test database shares one cache between
    connections, with table locks instead of the file locks and write-ahead
    log that concurrent saves meet in production. The process id keeps
    test runs side by side from sharing a file.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    path = Path(tempfile.gettempdir()) / f"newsdesk-test-{os.getpid()}.sqlite3"
    database.setdefault("TEST", {})["NAME"] = str(path)
    yield
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a folder the test owns."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NEWSDESK_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache, and counts facets afresh: a test's saves are
    never committed, so they never renew the kept counts' generation. The tests of
    keeping (test_facet_cache.py) turn it back on and commit."""
    from django.core.cache import cache

    cache.clear()
    settings.NEWSDESK_FACET_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing strength is Django's business; tests only need passwords to match."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Production's manifest storage needs collectstatic; tests render templates without it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request leaves its language active in the thread; the next test starts from the default."""
    yield
    translation.deactivate()
