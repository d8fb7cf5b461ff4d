from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryRevision(models.Model):
    """What the newsroom knows of one saved state of a story, beside django-reversion's data.

    The story's fields and parts are reversion's ``Version`` rows of ``revision``;
    this row says which story and version they are, which workflow step (if any)
    made them, which revision a restore brought back, and the names of the tags,
    people and photos the parts point to as they were then, so an old revision
    reads right after a rename or a deletion.
    """

    revision = models.OneToOneField(
        "reversion.Revision", verbose_name=_("revision"), on_delete=models.CASCADE,
        related_name="story_revision",
    )
    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    event = models.ForeignKey(
        "WorkflowEvent", verbose_name=_("workflow step"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    restored_from = models.ForeignKey(
        "self", verbose_name=_("restored from"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    names = models.JSONField(_("names"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("story revision")
        verbose_name_plural = _("story revisions")
        indexes = [models.Index(fields=["article", "-id"], name="storyrevision_article_idx")]

    def __str__(self):
        return f"#{self.article_id} v{self.version}"
