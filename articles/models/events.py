from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .articles import Article

STATUS_CHOICES = Article.Status.choices


class WorkflowEvent(models.Model):
    """The audit log: who moved which story from what state to what, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        PUBLISH = "publish", _("Published")
        WITHDRAW = "withdraw", _("Withdrawn")
        RETURN_TO_DRAFT = "return_to_draft", _("Returned to draft")

    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    from_status = models.CharField(
        _("from"), max_length=16, blank=True, choices=STATUS_CHOICES
    )
    to_status = models.CharField(_("to"), max_length=16, blank=True, choices=STATUS_CHOICES)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.get_action_display()} #{self.article_id}"
