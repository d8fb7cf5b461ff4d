"""The front page as the desk arranges it: a headline, pinned stories, section blocks.

One arrangement (a single row) holds the parts, so that two editors saving it at
once are told, through its version, instead of one silently undoing the other.
What the page shows from it, and what fills the rest, is decided in
``articles.frontpage``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import BoundedDateTimeField, within_bounds

MAX_BLOCK_STORIES = 12


class FrontPage(models.Model):
    """The one arrangement of the front page (pk 1)."""

    headline = models.ForeignKey(
        "Article", verbose_name=_("headline story"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
        help_text=_("The lead story (头条) at the top of the front page."),
    )
    headline_until = BoundedDateTimeField(
        _("headline until"), null=True, blank=True,
        help_text=_("After this time the newest story leads again. Empty: until changed."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = BoundedDateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front page")
        constraints = within_bounds("headline_until", "updated_at", prefix="frontpage")

    def __str__(self):
        return str(_("Front page"))


class FrontPagePin(models.Model):
    """A story held near the top of the front page, in the desk's order, until a time."""

    front_page = models.ForeignKey(
        FrontPage, on_delete=models.CASCADE, related_name="pins", verbose_name=_("front page"),
    )
    article = models.ForeignKey(
        "Article", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    until = BoundedDateTimeField(
        _("pinned until"), null=True, blank=True,
        help_text=_("Empty: until unpinned."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("pinned story")
        verbose_name_plural = _("pinned stories")
        constraints = [
            models.UniqueConstraint(
                fields=["front_page", "article"], name="frontpagepin_once_per_story",
            ),
            *within_bounds("until", prefix="frontpagepin"),
        ]

    def __str__(self):
        return str(self.article)


class FrontPageBlock(models.Model):
    """A block of one section's newest stories on the front page."""

    front_page = models.ForeignKey(
        FrontPage, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("front page"),
    )
    section = models.ForeignKey(
        "Section", verbose_name=_("section"), on_delete=models.CASCADE, related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    size = models.PositiveSmallIntegerField(
        _("stories"), default=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BLOCK_STORIES)],
        help_text=_("How many of the section's stories the block shows (1 to 12)."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("section block")
        verbose_name_plural = _("section blocks")
        constraints = [
            models.UniqueConstraint(
                fields=["front_page", "section"], name="frontpageblock_once_per_section",
            ),
            models.CheckConstraint(
                condition=models.Q(size__gte=1, size__lte=MAX_BLOCK_STORIES),
                name="frontpageblock_size_1_to_12",
            ),
        ]

    def __str__(self):
        return str(self.section)
