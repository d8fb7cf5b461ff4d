from django.db import models
from django.utils.translation import gettext_lazy as _

# Bullets editors paste in from print layouts; the page draws its own.
BULLETS = "●•·◆■▪-*"


class FactBox(models.Model):
    """A boxed list of figures beside a story, e.g. 数读【武昌区】 / 2023年 / ●…"""

    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="fact_boxes"
    )
    title = models.CharField(_("title"), max_length=100)
    period = models.CharField(_("period"), max_length=100, blank=True,
                              help_text=_("What the figures cover, e.g. 2023年."))
    items = models.TextField(_("items"), help_text=_("One item per line."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("fact box")
        verbose_name_plural = _("fact boxes")

    def __str__(self):
        return self.title

    @property
    def item_list(self):
        lines = (line.strip().lstrip(BULLETS).strip() for line in self.items.splitlines())
        return [line for line in lines if line]
