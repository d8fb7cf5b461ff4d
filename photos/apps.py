from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = _("Photo library")

    def ready(self):
        from django.db.models.signals import post_delete, pre_save
        from pillow_heif import register_heif_opener

        from . import checks, memory, signals  # noqa: F401  (registers system checks)

        # HEIC is what phones shoot; Pillow reads it only through this plugin.
        register_heif_opener()
        memory.return_freed_pictures_to_the_system()
        pre_save.connect(signals.before_save, dispatch_uid="photos-before-save")
        post_delete.connect(signals.after_delete, dispatch_uid="photos-after-delete")
