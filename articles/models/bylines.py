from django.db import models
from django.utils.translation import gettext_lazy as _

from .contributors import Role


class Byline(models.Model):
    """One credited person on one article, in print order."""

    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    contributor = models.ForeignKey(
        "Contributor", verbose_name=_("contributor"), on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, blank=True,
        help_text=_("Leave empty to use the contributor's default role."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor"], name="byline_contributor_once_per_article"
            ),
        ]

    def __str__(self):
        return f"{self.credited_role.printed}{self.contributor.name}"

    @property
    def credited_role(self):
        return Role(self.role or self.contributor.default_role)
