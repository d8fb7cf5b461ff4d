import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a folder the test owns."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
