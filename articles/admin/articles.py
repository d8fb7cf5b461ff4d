"""The story editor: ArticleAdmin, its inlines, workflow actions and tag suggestions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .. import workflow
from ..credits import byline_line
from ..markup import referenced_photo_ids
from ..models import (
    Article,
    ArticlePhoto,
    Byline,
    Correction,
    FactBox,
    WorkflowEvent,
)
from . import transitions
from .events import AuditLogReadOnly
from .forms import ArticleAdminForm, ArticlePhotoFormSet, BylineFormSet
from .widgets import thumbnail

TAG_SUGGESTION_LIMIT = 20


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
    return {models.TextField: {"widget": forms.Textarea(attrs={"rows": rows, "cols": cols})}}


class BylineInline(NoDeleteRelated, admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    fields = ["contributor", "role", "order"]
    autocomplete_fields = ["contributor"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contributor")


class ArticlePhotoInline(NoDeleteRelated, admin.TabularInline):
    model = ArticlePhoto
    formset = ArticlePhotoFormSet
    fields = ["photo", "preview", "caption", "is_lead", "order"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["photo"]
    # A per-story caption is a sentence or two, not an essay.
    formfield_overrides = textareas(rows=2, cols=40)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail(obj.photo if obj.pk else None)


class FactBoxInline(admin.StackedInline):
    model = FactBox
    fields = [("title", "period"), "items", "order"]
    formfield_overrides = textareas(rows=6)
    extra = 0


class CorrectionInline(admin.StackedInline):
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
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _transition_action(transition):
    # Who may run it on which story is workflow.run's call, story by story.
    @admin.action(description=transition.label)
    def action(modeladmin, request, queryset):
        transitions.run(request, transition.name, queryset.select_related("section"))

    action.__name__ = transition.name
    return action


@admin.register(Article)
class ArticleAdmin(NoDeleteRelated, admin.ModelAdmin):
    form = ArticleAdminForm
    fieldsets = [
        (None, {"fields": [("public_link", "status")]}),
        (_("Headline"), {"fields": ["kicker", "title", "subtitle"]}),
        (None, {"fields": ["summary", "body"]}),
        (_("Placement"), {"fields": ["section", "tags"]}),
        (
            _("Repost"),
            {
                "classes": ["collapse"],
                "fields": [
                    "source_name", "source_url", "original_author", "original_title",
                    "repost_notice",
                ],
                "description": _("Only for stories taken from another publication."),
            },
        ),
        (None, {"fields": ["allow_comments"]}),
    ]
    record_fieldset = (
        _("Record"),
        {"fields": [("view_count", "version"), ("created_by", "created_at", "updated_at")]},
    )
    readonly_fields = [
        "public_link", "status", "view_count", "version", "created_by", "created_at",
        "updated_at",
    ]
    inlines = [
        BylineInline, ArticlePhotoInline, FactBoxInline, CorrectionInline, WorkflowEventInline,
    ]

    class Media:
        css = {"screen": ["newsdesk-admin/admin.css"]}

    list_display = ["title", "section", "status", "publish_at", "byline_names", "view_count"]
    list_filter = ["status", "section"]
    list_select_related = ["section"]
    date_hierarchy = "publish_at"
    search_fields = ["title", "summary", "=short_id", "bylines__contributor__name"]
    actions = [_transition_action(t) for t in workflow.TRANSITIONS.values() if t.bulk]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append(self.record_fieldset)
        return fieldsets

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("contributor"))
            )
        )

    def get_urls(self):
        suggestions = path(
            "tag-suggestions/",
            self.admin_site.admin_view(self.tag_suggestions_view),
            name="articles_article_tag_suggestions",
        )
        return [suggestions, *super().get_urls()]

    def get_actions(self, request):
        """Offer only the workflow steps the user's permissions allow."""
        actions = super().get_actions(request)
        for transition in workflow.TRANSITIONS.values():
            if transition.name in actions and not transition.offered_to(request.user):
                del actions[transition.name]
        return actions

    # --- displays -------------------------------------------------------------

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return byline_line(obj.bylines.all()) or "—"

    @admin.display(description=_("permanent address"))
    def public_link(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Assigned when the story is first saved.")
        note = "" if obj.is_public() else gettext("(not visible to readers yet)")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> {}',
            obj.get_absolute_url(), obj.get_absolute_url(), note,
        )

    # --- saving ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk is None:
                correction.created_by = request.user
            correction.save()
        for correction in formset.deleted_objects:
            correction.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.warn_about_unattached_photos(request, form.instance)

    def warn_about_unattached_photos(self, request, article):
        attached = set(article.article_photos.values_list("photo_id", flat=True))
        missing = [pk for pk in referenced_photo_ids(article.body) if pk not in attached]
        if missing:
            messages.warning(
                request,
                gettext(
                    "The body places photos that are not attached to this story and will "
                    "not be shown: %(ids)s. Add them under “Photos in article”."
                ) % {"ids": ", ".join(f"[photo:{pk}]" for pk in dict.fromkeys(missing))},
            )

    # --- workflow buttons -----------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        article = obj if obj is not None else Article(status=Article.Status.DRAFT)
        context["workflow_transitions"] = workflow.available(request.user, article)
        context["workflow_status"] = article.status_label()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_transition" in request.POST and not self.is_popup(request):
            return self.save_and_transition(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_transition" in request.POST and not self.is_popup(request):
            return self.save_and_transition(request, obj)
        return super().response_change(request, obj)

    @staticmethod
    def is_popup(request):
        return "_popup" in request.POST

    def save_and_transition(self, request, obj):
        name = request.POST["_transition"]
        messages.success(request, gettext("“%(title)s” was saved.") % {"title": obj.title})
        if name in workflow.TRANSITIONS:
            transitions.run(request, name, [obj])
        else:
            messages.error(request, gettext("Unknown workflow step."))
        url = reverse(
            f"{self.admin_site.name}:articles_article_change", args=[obj.pk]
        )
        return HttpResponseRedirect(url)

    # --- tag suggestions ------------------------------------------------------

    def tag_suggestions_view(self, request):
        """Tag names matching ?term=, most used first, for the tag field's select2 box."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        term = (request.GET.get("term") or request.GET.get("q") or "").strip()
        tags = Tag.objects.all()
        if term:
            tags = tags.filter(name__icontains=term).annotate(
                prefix=Case(
                    When(name__istartswith=term, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
        else:
            tags = tags.annotate(prefix=Value(0, output_field=IntegerField()))
        tags = tags.annotate(uses=Count("articles_taggedarticle_items")).order_by(
            "prefix", "-uses", "name"
        )
        names = list(tags.values_list("name", flat=True)[:TAG_SUGGESTION_LIMIT])
        return JsonResponse(
            {"results": [{"id": name, "text": name} for name in names],
             "pagination": {"more": False}},
            json_dumps_params={"ensure_ascii": False},
        )
