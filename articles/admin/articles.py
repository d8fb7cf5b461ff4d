"""The story editor: ArticleAdmin, its workflow buttons and pages, and tag suggestions.

What a user may do to a story is articles.permissions' call and every status
change is articles.workflow's; this module asks them and turns the answers
into forms, buttons and messages.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .. import permissions, search, workflow
from ..checklist import publication_problems
from ..credits import byline_line, editor_line
from ..markup import referenced_photo_ids
from ..models import Article, Byline, Correction
from ..models.articles import SHORT_ID_LENGTH
from . import transitions
from .body_preview import BodyPreviewAdmin
from .changelist import StateFilter
from .counting import CappedPaginator, page_number
from .dates import BoundedDateFilters
from .desk import DeskColumnsAdmin
from .forms import ArticleAdminForm
from .inlines import (
    ArticlePhotoInline,
    BylineInline,
    CorrectionInline,
    FactBoxInline,
    NoDeleteRelated,
    WorkflowEventInline,
)
from .preview_links import PreviewLinksAdmin
from .revisions import RevisionsAdmin
from .story_filters import STORY_FILTERS, ReviewLevelFilter
from .versioning import StaleEditRetry, claim_version

TAG_SUGGESTION_LIMIT = 20
# Inline formsets logged by name when a published story's parts change.
PART_NAMES = {"bylines", "article_photos", "fact_boxes", "corrections"}


def decapitalise(label):
    """Undo the capital Django puts on a form label, giving back the verbose name."""
    return label[:1].lower() + label[1:]


def _transition_action(transition):
    # Who may run it on which story is workflow.run's call, story by story.
    @admin.action(description=transition.label)
    def action(modeladmin, request, queryset):
        transitions.run(request, transition.name, queryset.select_related("section"))

    action.__name__ = transition.name
    return action


@admin.register(Article)
class ArticleAdmin(
    StaleEditRetry, RevisionsAdmin, PreviewLinksAdmin, DeskColumnsAdmin, BodyPreviewAdmin,
    BoundedDateFilters, NoDeleteRelated, admin.ModelAdmin,
):
    form = ArticleAdminForm
    fieldsets = [
        (None, {"fields": [("public_link", "state")]}),
        (_("Headline"), {"fields": ["kicker", "title", "subtitle"]}),
        (None, {"fields": ["summary", "body"]}),
        (_("Photos"), {"fields": ["photo_request"]}),
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
        (None, {"fields": ["allow_comments", "opened_version"]}),
    ]
    workflow_fieldset = (
        _("Workflow"),
        {
            "fields": [("publish_at", "embargo_until"), "responsible_editor_line", "checklist"],
            "description": _("Changed only by the workflow's steps, below the form."),
        },
    )
    record_fieldset = (
        _("Record"),
        {"fields": [("view_count", "stored_version"), ("created_by", "created_at",
                                                      "updated_at")]},
    )
    readonly_fields = [
        "public_link", "state", "publish_at", "embargo_until", "responsible_editor_line",
        "checklist", "view_count", "stored_version", "created_by", "created_at", "updated_at",
    ]
    inlines = [
        BylineInline, ArticlePhotoInline, FactBoxInline, CorrectionInline, WorkflowEventInline,
    ]

    class Media:
        css = {"screen": ["newsdesk-admin/admin.css"]}

    list_display = ["title", "section", "list_state", "publish_at", "byline_names", "view_count"]
    # The reader site's filters, with its parameters and meanings (story_filters.py).
    list_filter = [StateFilter, ReviewLevelFilter, *STORY_FILTERS]
    list_select_related = ["section"]
    date_hierarchy = "publish_at"
    # The search box uses the site's Chinese index (words anywhere in the story: title,
    # body, captions, names), plus the short id of the public link.
    search_fields = ["=short_id"]
    # A count of every story on each page load costs more than it tells at 100 000
    # stories: neither the whole table nor the filtered list is counted to the end.
    show_full_result_count = False
    paginator = CappedPaginator
    # Django counts each option of each filter with a subquery over every story
    # listed: 13 s at 100 000. The reader site's facets (articles.facets) count.
    show_facets = admin.ShowFacets.NEVER

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        found = search.search(Article.objects.all(), term).values("pk")
        return queryset.filter(Q(pk__in=found) | Q(short_id=term[:SHORT_ID_LENGTH])), False
    actions = [_transition_action(t) for t in workflow.TRANSITIONS.values() if t.bulk]

    def get_paginator(self, request, queryset, per_page, orphans=0,
                      allow_empty_first_page=True):
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page,
                              page=page_number(request.GET.get(PAGE_VAR)))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if cl is not None and not cl.paginator.exact:
            # Django's own words, with "10,000+" rather than the rows counted so far.
            response.context_data["selection_note_all"] = ngettext(
                "%(total_count)s selected", "All %(total_count)s selected", cl.result_count
            ) % {"total_count": cl.paginator.count_label}
        return response

    # --- who may do what ------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # A story readers can see (or will, when scheduled) leaves only by withdrawal.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status != Article.Status.PUBLISHED)

    def get_actions(self, request):
        """Offer the workflow steps the user could take; the bulk delete is not one."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        for transition in workflow.TRANSITIONS.values():
            if transition.name in actions and not transition.offered_to(request.user):
                del actions[transition.name]
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.may_add_tags = request.user.has_perm(permissions.ADD_TAG)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets += [self.workflow_fieldset, self.record_fieldset]
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
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions_view),
                name=f"{prefix}_tag_suggestions",
            ),
            path(
                "<path:object_id>/workflow/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{prefix}_transition",
            ),
            *super().get_urls(),
        ]

    # --- displays -------------------------------------------------------------

    @admin.display(description=_("status"))
    def state(self, obj):
        if obj is None or obj.pk is None:
            return Article.Status.DRAFT.label
        label = obj.status_label()
        if obj.is_scheduled():
            return f"{label} · {workflow.local(obj.publish_at)}"
        if obj.status == Article.Status.SUBMITTED:
            return gettext("%(status)s · waiting for level %(level)d of %(levels)d") % {
                "status": label, "level": workflow.next_level(obj),
                "levels": obj.section.review_levels,
            }
        return label

    @admin.display(description=_("status"))
    def list_state(self, obj):
        """The status in the list, where the level column says which review it waits for."""
        if obj.is_scheduled():
            return f"{obj.status_label()} · {workflow.local(obj.publish_at)}"
        return obj.status_label()

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return byline_line(obj.bylines.all()) or "—"

    @admin.display(description=_("responsible editor"))
    def responsible_editor_line(self, obj):
        editor = obj.responsible_editor if obj else None
        return editor_line(editor) if editor else "—"

    @admin.display(description=_("version"))
    def stored_version(self, obj):
        return obj.version

    @admin.display(description=_("publish checklist"))
    def checklist(self, obj):
        if obj is None or obj.status != Article.Status.SUBMITTED:
            return "—"
        # Without a responsible editor the approver will be named, so that is no problem yet.
        problems = publication_problems(obj, editor=obj.responsible_editor or "approver")
        if not problems:
            return gettext("Ready for the final approval.")
        return format_html(
            '<ul class="newsdesk-checklist">{}</ul>',
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_transition" in request.POST:
            self.check_transition_allowed(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def check_transition_allowed(self, request, object_id):
        """A forged step is a 403 before anything is saved."""
        transition = workflow.TRANSITIONS.get(request.POST["_transition"])
        if transition is None:
            raise BadRequest(gettext("Unknown workflow step."))
        if object_id is None:
            if Article.Status.DRAFT not in transition.sources:
                raise PermissionDenied  # a new story is a draft: nothing else applies
            article = self.new_draft(request)
        else:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                return  # the change view answers a missing story itself
        if not transition.permitted(request.user, article):
            raise PermissionDenied

    @staticmethod
    def new_draft(request):
        """The story an add form is about to create, as the rules see it."""
        return Article(status=Article.Status.DRAFT, created_by=request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.save()
            return
        obj.version = claim_version(Article, obj.pk, form.cleaned_data.get("opened_version"))
        fields = [name for name in form.changed_data if name in self.editable_model_fields()]
        obj.save(update_fields=[*fields, "version", "updated_at"])

    @staticmethod
    def editable_model_fields():
        return {f.name for f in Article._meta.concrete_fields if f.editable}

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
        article = form.instance
        if change and article.status == Article.Status.PUBLISHED:
            workflow.record_edit(article, by=request.user, fields=self.edited_fields(
                form, formsets
            ))
        self.warn_about_unattached_photos(request, article)

    @staticmethod
    def edited_fields(form, formsets):
        fields = [name for name in form.changed_data if name != "opened_version"]
        for formset in formsets:
            name = formset.prefix
            if name in PART_NAMES and (
                formset.new_objects or formset.changed_objects or formset.deleted_objects
            ):
                fields.append(name)
        return fields

    def construct_change_message(self, request, form, formsets, add=False):
        # Stored as the untranslated verbose names ("headline"), which Django's
        # history passes through gettext, so each reader sees their own language.
        with translation.override(None):
            message = super().construct_change_message(request, form, formsets, add)
        for entry in message:
            for details in entry.values():
                if "fields" in details:
                    details["fields"] = [decapitalise(label) for label in details["fields"]]
        return message

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

    # --- workflow buttons and pages -------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        article = obj if obj is not None else self.new_draft(request)
        context["workflow_transitions"] = [
            {
                "name": t.name,
                "label": t.label_for(article),
                "page": obj is not None and t.needs_input(article),
                "url": self.transition_url(obj, t.name) if obj is not None else "",
            }
            for t in workflow.available(request.user, article)
        ]
        context["workflow_status"] = self.state(article)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_url(self, article):
        return reverse(f"{self.admin_site.name}:articles_article_change", args=[article.pk])

    def transition_url(self, article, name):
        return reverse(
            f"{self.admin_site.name}:articles_article_transition", args=[article.pk, name]
        )

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
        transition = workflow.TRANSITIONS[request.POST["_transition"]]
        messages.success(request, gettext("“%(title)s” was saved.") % {"title": obj.title})
        if transition.needs_input(obj):
            return HttpResponseRedirect(self.transition_url(obj, transition.name))
        transitions.run(request, transition.name, [obj])
        return HttpResponseRedirect(self.change_url(obj))

    def transition_view(self, request, object_id, name):
        """A step that needs a note, a time or an editor: its own small page."""
        transition = workflow.TRANSITIONS.get(name)
        article = self.get_object(request, unquote(object_id))
        if transition is None or article is None:
            raise Http404
        if not self.has_view_permission(request, article) or not transition.permitted(
            request.user, article
        ):
            raise PermissionDenied
        change_url = self.change_url(article)
        now = timezone.now()
        if not transition.applies(article, now):
            messages.error(request, workflow.state_refusal(article, now))
            return HttpResponseRedirect(change_url)
        form = transitions.TransitionForm(
            transition, article, request.user,
            data=request.POST if request.method == "POST" else None,
        )
        if form.is_valid():
            try:
                event = workflow.run(
                    name, article, by=request.user, note=form.cleaned_data["note"],
                    expect_version=form.cleaned_data["opened_version"], **form.params(),
                )
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                messages.success(request, transitions.done_message(event, article))
                return HttpResponseRedirect(change_url)
        problems = (
            publication_problems(article, editor=workflow.default_editor(article, request.user))
            if name == "publish" else []
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": transition.label_for(article),
            "article": article,
            "transition": transition,
            "form": form,
            "media": self.media + form.media,
            "checklist": problems,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)

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
