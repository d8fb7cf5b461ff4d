from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_newsroom_groups(sender, using, **kwargs):
    """After every migrate, the newsroom's groups hold exactly what roles.py says."""
    from .roles import ensure_newsroom_groups

    ensure_newsroom_groups(reset=True, using=using)


def fill_search_index(sender, using, **kwargs):
    """After every migrate, stories the index lacks (from before it existed) get entries."""
    from .models import Article, SearchEntry
    from .search import rebuild_index

    if using == "default" and (
        Article.objects.count() != SearchEntry.objects.count()
    ):
        rebuild_index()


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers system checks)
            facets,
            revisions,  # registers the story and its parts with django-reversion
            search,
        )

        # Sent for this app after auth's own handler has created the permissions.
        post_migrate.connect(sync_newsroom_groups, sender=self)
        post_migrate.connect(fill_search_index, sender=self)
        search.connect_signals()  # the search index follows stories and their parts
        facets.connect_signals()  # kept facet counts follow them too
        revisions.connect_signals()  # a deleted story takes its revisions along
