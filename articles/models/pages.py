"""The paper's own pages: about us, contact, corrections policy and the like."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .dates import BoundedDateTimeField, within_bounds


class InfoPage(models.Model):
    """A page about the paper, written in the story body's markup, linked from the footer."""

    title = models.CharField(_("title"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    body = models.TextField(_("body"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    in_footer = models.BooleanField(_("linked from the footer"), default=True)
    updated_at = BoundedDateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("page about the paper")
        verbose_name_plural = _("pages about the paper")
        constraints = within_bounds("updated_at", prefix="infopage")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:info_page", kwargs={"slug": self.slug})
