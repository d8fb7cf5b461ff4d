"""The photo library: photographers upload, captions and credits are kept here."""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from photos import renditions
from photos.templatetags import pictures

from .. import permissions, photo_desk, workflow
from ..credits import photo_credit
from ..models import Article, ArticlePhoto, Photo
from . import photo_wanted
from .dates import BoundedDateFilters
from .forms import PhotoAdminForm
from .photo_filters import (
    NeedsAttentionFilter,
    PhotographerFilter,
    UploaderFilter,
    UsageFilter,
)
from .photo_upload import BulkUploadMixin
from .widgets import thumbnail

VIEW_ARTICLE = "articles.view_article"
# A story's body and its rendering can run to hundreds of KB; lists of stories
# print their titles only.
UNPRINTED = ("article__body", "article__body_html", "article__body_toc")


@admin.register(Photo)
class PhotoAdmin(BulkUploadMixin, BoundedDateFilters, admin.ModelAdmin):
    form = PhotoAdminForm
    fieldsets = [
        (
            None,
            {"fields": ["image", "preview", "headline", "caption", "alt_text", "city",
                        "taken_at", "tags", "opened_state"]},
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
        (
            _("Crops"),
            {
                "fields": ["focal_x", "focal_y", "crops"],
                "description": _(
                    "Click the subject in the preview: square and wide crops keep that spot "
                    "in view. Across and down run from 0 (left, top) to 1 (right, bottom)."
                ),
            },
        ),
        (_("Record"), {"fields": ["dimensions", "uploaded_by", "uploaded_at", "used_in"]}),
    ]
    readonly_fields = ["preview", "crops", "dimensions", "uploaded_by", "uploaded_at", "used_in"]
    autocomplete_fields = ["credit_contributor"]

    list_display = ["list_thumbnail", "caption_excerpt", "credit", "photographer", "dimensions",
                    "uploaded_by", "uploaded_at", "used_count"]
    list_display_links = ["list_thumbnail", "caption_excerpt"]
    # Date filters go through BoundedDateFilters' checks like the date hierarchy.
    list_filter = [
        PhotographerFilter,
        ("taken_at", admin.DateFieldListFilter),
        ("uploaded_at", admin.DateFieldListFilter),
        UsageFilter,
        NeedsAttentionFilter,
        UploaderFilter,
    ]
    list_select_related = ["credit_contributor", "uploaded_by"]
    search_fields = ["caption", "headline", "alt_text", "credit_name", "credit_organisation",
                     "credit_contributor__name", "tags__name", "original_filename"]
    date_hierarchy = "uploaded_at"

    class Media:
        css = {"screen": ["newsdesk-admin/admin.css"]}
        js = ["newsdesk-admin/focal-point.js"]

    # A photo in a published story is part of that story: its file is fixed, and
    # its caption and credit change only by someone who may publish every story
    # it is live in, each change logged on those stories.

    @staticmethod
    def published_stories(photo):
        return Article.objects.filter(
            article_photos__photo=photo, status=Article.Status.PUBLISHED
        ).select_related("section").distinct()

    def get_queryset(self, request):
        # A subquery rather than Count() over a join: a search on tags or a
        # filter's join can never multiply it, and the list needs no GROUP BY.
        uses = (
            ArticlePhoto.objects.filter(photo=OuterRef("pk")).order_by()
            .values("photo").annotate(n=Count("pk")).values("n")
        )
        return super().get_queryset(request).annotate(
            used_count=Coalesce(Subquery(uses, output_field=IntegerField()), 0)
        )

    def get_urls(self):
        return [
            path(
                "wanted/",
                self.admin_site.admin_view(self.wanted_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_wanted",
            ),
            *super().get_urls(),
        ]

    def wanted_view(self, request):
        return photo_wanted.wanted_view(self, request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm(VIEW_ARTICLE):
            return fieldsets
        # Who may not see stories learns only of the public ones (see public_use).
        return [
            (name, {**options, "fields": [
                "public_use" if field == "used_in" else field for field in options["fields"]
            ]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(VIEW_ARTICLE):
            fields = ["public_use" if field == "used_in" else field for field in fields]
        if obj is not None and self.published_stories(obj).exists():
            fields.insert(0, "image")
        return fields

    # --- deleting -------------------------------------------------------------
    # Who may delete photos at all is the roles' call (the chief editor). A
    # photo any story uses stays: ArticlePhoto protects it in the database, and
    # the delete page names the stories instead of Django's list of "photo in
    # article" rows, which only repeat the photo's own name. The page then has
    # no confirm button, and Django deletes nothing on a POST while anything
    # is listed as protected, so a forged POST is refused too.

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        blocking = stories_in_the_way(objs, request.user, self.admin_site.name)
        return deleted, counts, perms_needed, blocking or protected

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or all(
            permissions.may_publish(request.user, article)
            for article in self.published_stories(obj)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.may_add_tags = request.user.has_perm(permissions.ADD_TAG)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if form.checked is not None:
            photo_desk.store(obj, form.checked, typed=form.typed(),
                             tags=form.cleaned_data.get("tags") or None)
        else:
            super().save_model(request, obj, form, change)
            # A moved focal point starts a new set of crops: make it now, not on a reader's view.
            renditions.ensure(obj)
        changed = [name for name in form.changed_data if name != "opened_state"]
        if change and changed:
            for article in self.published_stories(obj):
                workflow.record_edit(
                    article, by=request.user,
                    fields=[f"photo.{name}" for name in changed],
                )

    @admin.display(description=_("photo"))
    def list_thumbnail(self, obj):
        return thumbnail(obj, size=80)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "—"
        picture = pictures.picture_html(obj, sizes="400px", alt=obj.alt_text)
        if not picture:
            return "—"
        return format_html(
            '<div class="newsdesk-focal" data-hint="{}">{}</div>',
            _("Click to set the focal point"), picture,
        )

    @admin.display(description=_("crops"))
    def crops(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return format_html(
            '<div class="newsdesk-crops">{}{}</div>',
            pictures.picture_html(obj, crop="16x9", sizes="160px"),
            pictures.picture_html(obj, crop="1x1", sizes="90px"),
        )

    @admin.display(description=_("caption"), ordering="caption")
    def caption_excerpt(self, obj):
        return obj.caption[:80] or "—"

    @admin.display(description=_("credit"))
    def credit(self, obj):
        return photo_credit(obj) or "—"

    @admin.display(description=_("photographer"), ordering="credit_contributor__name")
    def photographer(self, obj):
        person = obj.credit_contributor
        if person is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse(f"{self.admin_site.name}:articles_contributor_change", args=[person.pk]),
            person.name,
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        if not obj or not obj.width:
            return "—"
        return f"{obj.width} × {obj.height}, {filesizeformat(obj.file_size)}"

    @admin.display(description=_("used"), ordering="used_count")
    def used_count(self, obj):
        return obj.used_count

    @admin.display(description=_("used in"))
    def used_in(self, obj):
        """Every story using the photo, with its status: for who may see stories."""
        if not obj or not obj.pk:
            return "—"
        usages = (
            obj.usages.select_related("article").defer(*UNPRINTED)
            .order_by("article__title", "article__pk")
        )
        lines = [story_line(u.article, self.admin_site.name) for u in usages]
        return story_list(lines)

    @admin.display(description=_("used in"))
    def public_use(self, obj):
        """Only the stories readers can see, with their public pages.

        For people without access to stories (photographers): the headline of
        a draft, a scheduled or a withdrawn story is not theirs to read.
        """
        if not obj or not obj.pk:
            return "—"
        public = list(
            Article.objects.published().filter(article_photos__photo=obj)
            .only("title", "short_id").order_by("-publish_at", "-pk")
        )
        others = obj.usages.count() - len(public)
        lines = [
            format_html('<a href="{}">{}</a>', article.get_absolute_url(), article.title)
            for article in public
        ]
        if others:
            lines.append(ngettext(
                "and %(count)d story that is not public yet",
                "and %(count)d stories that are not public yet", others,
            ) % {"count": others})
        return story_list(lines)


def story_list(lines):
    if not lines:
        return "—"
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
    )


def story_line(article, site_name):
    """A story as the desk sees it: its admin page and where it stands."""
    line = format_html(
        '<a href="{}">{}</a> ({})',
        reverse(f"{site_name}:articles_article_change", args=[article.pk]),
        article.title, article.status_label(),
    )
    if article.is_public():
        line = format_html(
            '{} · <a href="{}" target="_blank" rel="noopener">{}</a>',
            line, article.get_absolute_url(), gettext("on the site"),
        )
    return line


def stories_in_the_way(photos, user, site_name):
    """What keeps ``photos`` from being deleted, as lines that name the stories.

    One photo: its stories. Several: each blocked photo, its stories under it
    (the nesting Django's ``unordered_list`` filter prints). Stories the user
    may not see are counted, not named.
    """
    photos = list(photos)
    may_see = user.has_perm(VIEW_ARTICLE)
    usages = (
        ArticlePhoto.objects.filter(photo__in=photos)
        .select_related("article").defer(*UNPRINTED)
        .order_by("photo_id", "article__title", "article__pk")
    )
    lines_by_photo = {}
    for usage in usages:
        article = usage.article
        if may_see:
            line = story_line(article, site_name)
        elif article.is_public():
            line = format_html(
                '<a href="{}">{}</a>', article.get_absolute_url(), article.title
            )
        else:
            line = gettext("a story that is not public yet")
        lines_by_photo.setdefault(usage.photo_id, []).append(line)
    if len(photos) == 1:
        return lines_by_photo.get(photos[0].pk, [])
    blocked = []
    for photo in photos:
        if photo.pk in lines_by_photo:
            blocked += [str(photo), lines_by_photo[photo.pk]]
    return blocked
