from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .articles import Article
from .dates import BoundedDateTimeField, within_bounds

STATUS_CHOICES = Article.Status.choices


class WorkflowEvent(models.Model):
    """The audit log: who moved which story from what state to what, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        RECALL = "recall", _("Recalled from review")
        APPROVE = "approve", _("Approved")
        SEND_BACK = "send_back", _("Sent back")
        PUBLISH = "publish", _("Approved and published")
        SCHEDULE = "schedule", _("Approved and scheduled")
        RESCHEDULE = "reschedule", _("Rescheduled")
        EMBARGO = "embargo", _("Embargo changed")
        ASSIGN_EDITOR = "assign_editor", _("Responsible editor changed")
        WITHDRAW = "withdraw", _("Withdrawn")
        RETURN_TO_DRAFT = "return_to_draft", _("Returned to draft")
        EDIT_PUBLISHED = "edit_published", _("Edited after publication")
        REFUSED = "refused", _("Refused")

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
    level = models.PositiveSmallIntegerField(_("review level"), null=True, blank=True)
    # Field names (not labels), so the history reads in each reader's language.
    fields = models.JSONField(_("fields"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = BoundedDateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        constraints = within_bounds("created_at", prefix="workflowevent")

    def __str__(self):
        return f"{self.get_action_display()} #{self.article_id}"

    def fields_display(self):
        """The edited fields' names in the reader's language, e.g. 标题, 署名."""
        return ", ".join(str(field_label(name)) for name in self.fields)


def field_label(name):
    """A logged field name as a label: ``title``, ``bylines`` or ``photo.caption``."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    model = Article
    if "." in name:
        model_name, name = name.split(".", 1)
        model = apps.get_model("articles", model_name)
        return f"{model._meta.verbose_name}: {model._meta.get_field(name).verbose_name}"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed: show its name as logged
        return name
    if field.is_relation and (field.one_to_many or field.many_to_many) and field.related_model:
        return field.related_model._meta.verbose_name_plural
    return field.verbose_name
