"""The parts of a story edited inline with it: bylines, photos, fact boxes, corrections.

A part may be changed exactly when its story may be (articles.permissions),
so a live story's byline is as locked as its headline.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..markup import compose
from ..models import ArticlePhoto, Byline, Correction, FactBox, WorkflowEvent
from ..permissions import may_edit
from .events import AuditLogReadOnly
from .forms import ArticlePhotoFormSet, BylineFormSet, TextareaField
from .widgets import thumbnail


class NoDeleteRelated:
    """No delete button beside a related field: a story's form is no place to delete a
    section, a person or a library photo (and PROTECT would refuse it anyway)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield.widget, "can_delete_related"):
            formfield.widget.can_delete_related = False
        return formfield


def textareas(rows, cols=60):
    """Inline text boxes sized for what they hold, instead of Django's 10x40 default."""
    return {models.TextField: {
        "widget": forms.Textarea(attrs={"rows": rows, "cols": cols}), "form_class": TextareaField,
    }}


class StoryPart:
    """Inline permissions follow the story's: ``obj`` is the parent article."""

    def _story_editable(self, request, obj):
        return obj is None or may_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._story_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._story_editable(request, obj)


class BylineInline(StoryPart, NoDeleteRelated, admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    fields = ["contributor", "role", "order"]
    autocomplete_fields = ["contributor"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contributor")


class ArticlePhotoInline(StoryPart, NoDeleteRelated, admin.TabularInline):
    """The story's photos, each saved one with the code that places it in the body.

    Reporters had to know a photo's id to type ``[photo:ID]``; the row shows the
    code as text anyone can select and copy, and photo-insert.js adds a button
    that types it into the body at the cursor. Rows not saved yet show none: the
    photo chosen in them is not the story's until the form is saved.
    """

    model = ArticlePhoto
    formset = ArticlePhotoFormSet
    fields = ["photo", "preview", "photo_caption", "body_code", "caption", "is_lead", "order"]
    readonly_fields = ["preview", "photo_caption", "body_code"]
    autocomplete_fields = ["photo"]
    # A per-story caption is a sentence or two, not an essay.
    formfield_overrides = textareas(rows=2, cols=40)
    extra = 1

    class Media:
        js = ["newsdesk-admin/photo-insert.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.photo if obj.pk else None)

    @admin.display(description=_("library caption"))
    def photo_caption(self, obj):
        if not obj.pk or not obj.photo.caption:
            return "—"
        return obj.photo.caption[:80]

    @admin.display(description=_("code for the body"))
    def body_code(self, obj):
        if not obj.pk:
            return "—"
        # The same text markup.compose() writes for a placed photo.
        code = compose([("photo", obj.photo_id)])
        return format_html(
            '<code class="newsdesk-photo-code" data-photo-code="{}" data-insert-label="{}"'
            ' data-insert-title="{}">{}</code>',
            code, gettext("Insert here"),
            gettext("Put %(code)s into the body where the cursor is") % {"code": code},
            code,
        )


class FactBoxInline(StoryPart, admin.StackedInline):
    model = FactBox
    fields = [("title", "period"), "items", "order"]
    formfield_overrides = textareas(rows=6)
    extra = 0


class CorrectionInline(StoryPart, admin.StackedInline):
    model = Correction
    fields = ["text", "published_at", "created_by"]
    readonly_fields = ["created_by"]
    formfield_overrides = textareas(rows=3)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


class WorkflowEventInline(AuditLogReadOnly, admin.TabularInline):
    """The story's history, read-only: the audit log is written by the workflow alone."""

    model = WorkflowEvent
    fields = ["created_at", "action", "level", "from_status", "to_status", "actor",
              "changed_fields", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("fields"))
    def changed_fields(self, obj):
        return obj.fields_display() or "—"
