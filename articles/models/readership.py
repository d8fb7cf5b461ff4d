"""How often each story was read, hour by hour, for "most read" over a period.

``Article.view_count`` keeps the running total the page prints; the hourly
tallies answer "most read in the last 24 hours / 7 days". Both are only ever
increased with ``F()`` updates (``articles.viewcounts``), so concurrent reads
are never lost.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import BoundedDateTimeField, within_bounds


class ViewTally(models.Model):
    """The views of one story in one hour (UTC, on the hour)."""

    article = models.ForeignKey(
        "Article", verbose_name=_("story"), on_delete=models.CASCADE, related_name="view_tallies",
    )
    hour = BoundedDateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        ordering = ["-hour", "article"]
        verbose_name = _("view tally")
        verbose_name_plural = _("view tallies")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="viewtally_one_per_hour"),
            *within_bounds("hour", prefix="viewtally"),
        ]
        indexes = [models.Index(fields=["hour"], name="viewtally_hour")]

    def __str__(self):
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}:00 {self.views}"
