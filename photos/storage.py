"""Where originals live: apart from the public media, never at a guessable address.

Renditions are public and go to the default storage (local media or the
bucket). Originals keep everything the camera wrote, location included, so
they go to the ``originals`` storage: a folder outside ``MEDIA_ROOT`` served
only through a permission-checked view, or a private bucket prefix.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse


def originals_storage():
    """The storage of original files (a callable, so settings can change it in tests)."""
    return storages["originals"]


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder of files with no public address: ``url()`` points at the staff-only view."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.NEWSDESK_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return reverse("photo-original", kwargs={"name": name})
