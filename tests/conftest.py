import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a folder the test owns."""
    settings.MEDIA_ROOT = tmp_path / "media"
