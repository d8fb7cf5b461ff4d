"""Find (and with --delete remove) stored picture files no library image refers to.

A save that fails after its files were written, or an interrupted upload,
can leave files behind; this is the sweep. Files younger than --min-age are
left alone, so an upload in progress is never swept away.
"""

import datetime

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from photos import renditions
from photos.models import AbstractImage
from photos.storage import originals_storage


def walk(storage, folder):
    """Every file name under ``folder`` in ``storage``."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}")


def referenced():
    """Original names and rendition names that library rows refer to."""
    originals, public = set(), set()
    for model in apps.get_models():
        if issubclass(model, AbstractImage):
            for name, made in model._default_manager.values_list("image", "renditions"):
                originals.add(name)
                public.update(renditions.file_names(made))
    return originals, public


class Command(BaseCommand):
    help = "List picture files no photo refers to; --delete removes them."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove what is found")
        parser.add_argument("--min-age", type=int, default=60,
                            help="leave files younger than this many minutes (default 60)")

    def handle(self, *args, delete=False, min_age=60, **options):
        cutoff = timezone.now() - datetime.timedelta(minutes=min_age)
        originals, public = referenced()
        found = 0
        for storage, folder, known in (
            (originals_storage(), "originals", originals),
            (default_storage, "renditions", public),
        ):
            for name in walk(storage, folder):
                if name in known or storage.get_modified_time(name) > cutoff:
                    continue
                found += 1
                self.stdout.write(name)
                if delete:
                    storage.delete(name)
        verb = "removed" if delete else "found"
        self.stdout.write(self.style.SUCCESS(f"{found} unreferenced file(s) {verb}."))
