from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import BoundedDateTimeField, within_bounds

PREVIEW_KEY_LENGTH = 32


class PreviewLink(models.Model):
    """A signed, expiring, revocable address at which anyone may read one unpublished story."""

    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="preview_links",
    )
    # The random part of the link; the address carries it signed (articles.previews).
    key = models.CharField(_("key"), max_length=PREVIEW_KEY_LENGTH, unique=True, editable=False)
    recipient = models.CharField(
        _("for"), max_length=100, blank=True,
        help_text=_("Whom the link is for, e.g. the source checking a quote."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
        null=True, related_name="+", editable=False,
    )
    created_at = BoundedDateTimeField(_("created"), auto_now_add=True)
    expires_at = BoundedDateTimeField(_("expires"))
    revoked_at = BoundedDateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        constraints = within_bounds("created_at", "expires_at", "revoked_at", prefix="previewlink")

    def __str__(self):
        return self.recipient or self.key[:8]


class PreviewVisit(models.Model):
    """One use of a preview link: when, and a keyed hash of the address it came from."""

    link = models.ForeignKey(
        PreviewLink, verbose_name=_("preview link"), on_delete=models.CASCADE,
        related_name="visits",
    )
    at = BoundedDateTimeField(_("when"), auto_now_add=True, db_index=True)
    ip_hash = models.CharField(_("address (hashed)"), max_length=64)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("preview visit")
        verbose_name_plural = _("preview visits")
        constraints = within_bounds("at", prefix="previewvisit")

    def __str__(self):
        return f"{self.link} {self.at:%Y-%m-%d %H:%M}"
