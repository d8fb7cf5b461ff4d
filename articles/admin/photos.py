"""The photo library: photographers upload, captions and credits are kept here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from photos.templatetags import pictures

from .. import permissions, photo_desk, workflow
from ..credits import photo_credit
from ..models import Article, Photo
from .dates import BoundedDateFilters
from .forms import PhotoAdminForm
from .widgets import thumbnail


@admin.register(Photo)
class PhotoAdmin(BoundedDateFilters, admin.ModelAdmin):
    form = PhotoAdminForm
    fieldsets = [
        (
            None,
            {"fields": ["image", "preview", "headline", "caption", "alt_text", "city",
                        "taken_at", "tags"]},
        ),
        (
            _("Credit"),
            {
                "fields": ["credit_contributor", "credit_organisation", "credit_name",
                           "credit_role", "credit_verb"],
                "description": _(
                    "Credit a contributor, or type a name for anyone else "
                    "(受访者, 新华社), not both."
                ),
            },
        ),
        (_("Record"), {"fields": ["dimensions", "uploaded_by", "uploaded_at", "used_in"]}),
    ]
    readonly_fields = ["preview", "dimensions", "uploaded_by", "uploaded_at", "used_in"]
    autocomplete_fields = ["credit_contributor"]

    list_display = ["list_thumbnail", "caption_excerpt", "credit", "uploaded_by", "uploaded_at",
                    "dimensions"]
    list_display_links = ["list_thumbnail", "caption_excerpt"]
    list_filter = ["credit_verb", "credit_role", "uploaded_at"]
    list_select_related = ["credit_contributor", "uploaded_by"]
    search_fields = ["caption", "alt_text", "credit_name", "credit_contributor__name"]
    date_hierarchy = "uploaded_at"

    class Media:
        css = {"screen": ["newsdesk-admin/admin.css"]}

    # A photo in a published story is part of that story: its file is fixed, and
    # its caption and credit change only by someone who may publish every story
    # it is live in, each change logged on those stories.

    @staticmethod
    def published_stories(photo):
        return Article.objects.filter(
            article_photos__photo=photo, status=Article.Status.PUBLISHED
        ).select_related("section").distinct()

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or all(
            permissions.may_publish(request.user, article)
            for article in self.published_stories(obj)
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.published_stories(obj).exists():
            fields.insert(0, "image")
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if form.checked is not None:
            photo_desk.store(obj, form.checked, typed=form.typed(),
                             tags=form.cleaned_data.get("tags") or None)
        else:
            super().save_model(request, obj, form, change)
        if change and form.changed_data:
            for article in self.published_stories(obj):
                workflow.record_edit(
                    article, by=request.user,
                    fields=[f"photo.{name}" for name in form.changed_data],
                )

    @admin.display(description=_("photo"))
    def list_thumbnail(self, obj):
        return thumbnail(obj, size=80)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return pictures.picture_html(obj, sizes="400px", alt=obj.alt_text) or "—"

    @admin.display(description=_("caption"), ordering="caption")
    def caption_excerpt(self, obj):
        return obj.caption[:80] or "—"

    @admin.display(description=_("credit"))
    def credit(self, obj):
        return photo_credit(obj) or "—"

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        if not obj or not obj.width:
            return "—"
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("used in"))
    def used_in(self, obj):
        if not obj or not obj.pk:
            return "—"
        usages = obj.usages.select_related("article")
        if not usages:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", '<li><a href="{}">{}</a></li>',
                (
                    (
                        reverse(
                            f"{self.admin_site.name}:articles_article_change",
                            args=[u.article_id],
                        ),
                        u.article.title,
                    )
                    for u in usages
                ),
            ),
        )
