"""``manage.py rebuild_search_index``: rebuild every story's search entry.

Saves keep the index current; run this after a migration that changes how
text is tokenised, after loading data with ``bulk_create``/``loaddata``, or
to repair an index. It is safe to run at any time.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.search import rebuild_index


class Command(BaseCommand):
    help = _("Rebuild the full-text search index of every story.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500,
            help=_("How many stories to index per transaction."),
        )

    def handle(self, *args, batch_size, **options):
        count = rebuild_index(batch_size=max(1, batch_size))
        self.stdout.write(_("Indexed %(count)d stories.") % {"count": count})
