"""首页编排: the front page's one arrangement, edited on one page.

There is exactly one arrangement (``FrontPage`` pk 1): the list goes straight to
it, and nobody adds or deletes one. Arranging takes ``articles.change_frontpage``
(the desk's roles, articles.roles); the pins and blocks edited inline follow that
one permission rather than permissions of their own.

Two editors saving at once: the form carries the version it was opened at, and
the save bumps it in one UPDATE, so the second save is refused with its input
kept (the pattern of the story form, admin/forms.py).

A story that is not public may be arranged (a scheduled story pinned ahead of
time); the page says so and readers see it only from the moment it is public
(articles.frontpage).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..frontpage import FRONT_PAGE_PK
from ..models import Article, FrontPage, FrontPageBlock, FrontPagePin
from .versioning import StaleEditRetry, VersionedForm, claim_version

CHANGE = "articles.change_frontpage"
VIEW = "articles.view_frontpage"


class FrontPageForm(VersionedForm):
    class Meta:
        model = FrontPage
        fields = ["headline", "headline_until"]

    def report_conflict(self, stored_version):
        self.carry_stored_version(stored_version)
        raise ValidationError(
            _("Someone else changed the front page after you opened it. Nothing was "
              "saved and your changes are kept below. Open the front page in a new tab "
              "to see theirs; saving again will replace it with what you see here."),
            code="stale",
        )


# Wide enough for any arrangement, small enough for every database's small integer.
MAX_ORDER = 999


class LenientAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, re-showing a refused form, looks up what was sent: a forged
    non-number ("abc") made that lookup a server error. Such a value shows nothing; the
    field's own error says what is wrong."""

    def optgroups(self, name, value, attr=None):
        usable = []
        for item in value:
            try:
                self.field.target_field.to_python(item)
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


class RowForm(forms.ModelForm):
    """A pin's or block's row: its place in the order is a small number, on every database."""

    order = forms.IntegerField(label=_("order"), min_value=0, max_value=MAX_ORDER, initial=0)


class NoAddingFromHere:
    """Stories and sections are made where they are made, not from the front page's form."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", LenientAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            ))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(getattr(formfield, "widget", None), RelatedFieldWidgetWrapper):
            formfield.widget.can_add_related = False
        return formfield


class ArrangingInline(NoAddingFromHere, admin.TabularInline):
    """Pins and blocks are part of the arrangement: whoever may arrange may edit them."""

    form = RowForm
    extra = 1

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW) or request.user.has_perm(CHANGE)

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(CHANGE)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(CHANGE)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(CHANGE)


class PinInline(ArrangingInline):
    model = FrontPagePin
    fields = ["order", "article", "until"]
    autocomplete_fields = ["article"]


class BlockInline(ArrangingInline):
    model = FrontPageBlock
    fields = ["order", "section", "size"]


@admin.register(FrontPage)
class FrontPageAdmin(StaleEditRetry, NoAddingFromHere, admin.ModelAdmin):
    form = FrontPageForm
    fieldsets = [
        (_("Headline (头条)"), {
            "fields": ["headline", "headline_until", "opened_version"],
            "description": _(
                "Without a headline, or after its time, the newest story with a photo leads."
            ),
        }),
        (_("Record"), {"fields": [("updated_at", "updated_by")]}),
    ]
    readonly_fields = ["updated_at", "updated_by"]
    autocomplete_fields = ["headline"]
    inlines = [PinInline, BlockInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_change_permission(request, obj):
            # A read-only form has no hidden version to carry.
            return [(name, {**options, "fields": [
                f for f in options["fields"] if f != "opened_version"
            ]}) for name, options in fieldsets]
        return fieldsets

    def has_add_permission(self, request):
        return False  # the one arrangement exists from the first visit

    def view_on_site(self, obj):
        return reverse("articles:home")

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is no list: the one arrangement, made on the first visit."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        FrontPage.objects.get_or_create(pk=FRONT_PAGE_PK)
        return HttpResponseRedirect(
            reverse("admin:articles_frontpage_change", args=[FRONT_PAGE_PK])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if object_id == str(FRONT_PAGE_PK) and self.has_view_or_change_permission(request):
            FrontPage.objects.get_or_create(pk=FRONT_PAGE_PK)  # a bookmark of the form works
        if request.method == "GET":
            arrangement = self.get_object(request, object_id)
            if arrangement is not None:
                self.warn_unseen(request, arrangement)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        obj.version = claim_version(FrontPage, obj.pk, form.cleaned_data.get("opened_version"))
        obj.updated_by = request.user
        obj.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.warn_unseen(request, form.instance)

    def warn_unseen(self, request, arrangement):
        for message in unseen_parts(arrangement):
            messages.warning(request, message)


def unseen_parts(arrangement, now=None):
    """What the desk arranged that readers do not see now, and why, one message each."""
    now = now or timezone.now()
    arranged = []
    if arrangement.headline_id is not None:
        if arrangement.headline_until is not None and arrangement.headline_until <= now:
            arranged.append((arrangement.headline_id, gettext(
                "The headline's time is over: the newest story with a photo leads instead."
            )))
        else:
            arranged.append((arrangement.headline_id, None))
    for pin in arrangement.pins.all():
        if pin.until is not None and pin.until <= now:
            arranged.append((pin.article_id, gettext(
                "The pin of “%(title)s” has expired: readers no longer see it at the top."
            )))
        else:
            arranged.append((pin.article_id, None))
    stories = Article.objects.only(
        "title", "status", "publish_at", "embargo_until"
    ).in_bulk([pk for pk, _message in arranged])
    public = set(
        Article.objects.published(now).filter(pk__in=stories).values_list("pk", flat=True)
    )
    found = []
    for pk, message in arranged:
        story = stories.get(pk)
        if story is None:
            continue
        if message is None and pk not in public:
            message = gettext(
                "“%(title)s” is not public (%(state)s): it is saved in the arrangement, "
                "but readers see it only once it is published."
            )
        if message:
            found.append(message % {"title": story.title, "state": state_of(story, now)})
    return found


def state_of(story, now):
    """Why a story is not public, in a few words."""
    if story.embargo_until is not None and story.embargo_until > now:
        return gettext("embargoed until %(time)s") % {
            "time": date_format(timezone.localtime(story.embargo_until), "SHORT_DATETIME_FORMAT")
        }
    if story.status == Article.Status.PUBLISHED and story.publish_at and story.publish_at > now:
        return gettext("scheduled for %(time)s") % {
            "time": date_format(timezone.localtime(story.publish_at), "SHORT_DATETIME_FORMAT")
        }
    return story.get_status_display()
