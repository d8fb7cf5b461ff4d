from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_newsroom_groups(sender, using, **kwargs):
    """After every migrate, the newsroom's groups hold exactly what roles.py says."""
    from .roles import ensure_newsroom_groups

    ensure_newsroom_groups(reset=True, using=using)


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)

        # Sent for this app after auth's own handler has created the permissions.
        post_migrate.connect(sync_newsroom_groups, sender=self)
        from .search import connect_signals; connect_signals()  # noqa: E702, I001 (index)
