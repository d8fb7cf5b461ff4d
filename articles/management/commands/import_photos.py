"""Bring picture files into the library from the command line, through the one door."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from articles import photo_desk


class Command(BaseCommand):
    help = (
        "Add picture files (or every file in the folders given) to the photo library, "
        "with captions and credits read from the files. Files already in the library "
        "and files the desk does not accept are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--user", help="login recorded as the uploader")

    def handle(self, *args, paths, user=None, **options):
        uploader = None
        if user:
            try:
                uploader = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No login called {user!r}.") from None
        counts = {"added": 0, "duplicate": 0, "refused": 0}
        for path in self.files(paths):
            with path.open("rb") as handle:
                try:
                    photo = photo_desk.receive(File(handle), by=uploader, name=path.name)
                except photo_desk.DuplicatePhoto as duplicate:
                    counts["duplicate"] += 1
                    self.stdout.write(f"{path}: {duplicate.messages[0]}")
                except ValidationError as refused:
                    counts["refused"] += 1
                    self.stderr.write(f"{path}: {refused.messages[0]}")
                else:
                    counts["added"] += 1
                    self.stdout.write(f"{path}: photo {photo.pk} ({photo.width} × {photo.height})")
        self.stdout.write(
            self.style.SUCCESS(
                "{added} added, {duplicate} already in the library, {refused} refused.".format(
                    **counts
                )
            )
        )
        if counts["refused"] and not counts["added"]:
            raise CommandError("No file was added.")

    def files(self, paths):
        for given in paths:
            path = Path(given)
            if path.is_dir():
                yield from sorted(p for p in path.rglob("*") if p.is_file())
            elif path.is_file():
                yield path
            else:
                raise CommandError(f"{given}: no such file or folder.")
