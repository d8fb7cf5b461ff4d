"""The file half of a library picture; ``articles.Photo`` adds what the newsroom writes."""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import originals_storage


def original_upload_to(instance, filename):
    """A neutral name with the extension of what the file really is.

    The uploaded name (kept in ``original_filename``) is never part of the path:
    it is chosen by the sender, and so is its extension.
    """
    extension = getattr(instance, "_intake_extension", "") or ".bin"
    return timezone.now().strftime(f"originals/%Y/%m/{secrets.token_hex(12)}{extension}")


def new_rendition_key():
    return secrets.token_hex(8)


def _fraction(verbose_name):
    return models.FloatField(
        verbose_name, null=True, blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )


class AbstractImage(models.Model):
    """An original file kept private, and the public renditions made from it.

    ``width`` and ``height`` are the picture as shown (camera orientation
    applied). ``rendition_key`` names the current set of renditions; it changes
    whenever the file or the focal point does, so a cached old rendition is
    never mistaken for the new one.
    """

    image = models.FileField(
        _("file"), storage=originals_storage, upload_to=original_upload_to, max_length=255,
    )
    original_filename = models.CharField(_("uploaded as"), max_length=255, blank=True,
                                         editable=False)
    file_format = models.CharField(_("format"), max_length=8, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0, editable=False)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    focal_x = _fraction(_("focal point, across"))
    focal_y = _fraction(_("focal point, down"))
    rendition_key = models.CharField(max_length=32, blank=True, editable=False,
                                     default=new_rendition_key)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    metadata = models.JSONField(_("from the file"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["checksum"], condition=~models.Q(checksum=""),
                name="%(app_label)s_%(class)s_unique_checksum",
                violation_error_message=_("This file is already in the library."),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(focal_x__isnull=True, focal_y__isnull=True)
                    | models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1)
                ),
                name="%(app_label)s_%(class)s_focal_point_inside",
            ),
        ]

    @property
    def focal_point(self):
        if self.focal_x is None or self.focal_y is None:
            return None
        return (self.focal_x, self.focal_y)
