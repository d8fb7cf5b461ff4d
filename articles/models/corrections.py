from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import BoundedDateTimeField, within_bounds


class Correction(models.Model):
    """A published correction, shown under the story it corrects."""

    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("text"))
    published_at = BoundedDateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = within_bounds("published_at", prefix="correction")

    def __str__(self):
        return self.text[:50]
