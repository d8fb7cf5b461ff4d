"""File housekeeping for library images: old files go when their row changes or goes.

Only infrastructure lives here. A replaced file, a moved focal point or a
deleted image takes its old public renditions (and a replaced or deleted
original) off storage once the transaction commits, so a rolled-back save
deletes nothing and an old rendition's address stops answering.
"""

from django.db import transaction

from . import renditions
from .models import AbstractImage, new_rendition_key


def _discard_later(original_name, made, storage):
    def discard():
        renditions.delete_files(renditions.file_names(made))
        if original_name:
            storage.delete(original_name)

    transaction.on_commit(discard)


def before_save(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, AbstractImage) or instance.pk is None:
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values("image", "renditions", "focal_x", "focal_y")
        .first()
    )
    if stored is None:
        return
    replaced = stored["image"] != instance.image.name
    refocused = (stored["focal_x"], stored["focal_y"]) != (instance.focal_x, instance.focal_y)
    if replaced or refocused:
        instance.rendition_key = new_rendition_key()
        instance.renditions = {}
        _discard_later(
            stored["image"] if replaced else "", stored["renditions"], instance.image.storage
        )


def after_delete(sender, instance, **kwargs):
    if isinstance(instance, AbstractImage):
        _discard_later(instance.image.name, instance.renditions, instance.image.storage)
