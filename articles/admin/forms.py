"""Admin forms and inline formsets: where the newsroom's input rules become messages."""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.models import Tag

from photos import formats

from .. import photo_desk
from ..models import Article, Contributor, Photo, StoryRevision
from ..tag_names import TAG_MAX_LENGTH, has_slug
from .versioning import VersionedForm
from .widgets import TagSuggestWidget, normalise_tag_separators


class NewsroomTagField(TagField):
    """taggit's TagField, also splitting on Chinese commas and refusing over-long tags.

    ``may_add`` is False for people without taggit's add_tag permission: they
    pick from the existing tags and a new name is an error, not a new tag.
    """

    widget = TagSuggestWidget
    may_add = True

    def clean(self, value):
        names = super().clean(normalise_tag_separators(value or ""))
        too_long = [name for name in names if len(name) > TAG_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                _("A tag may be at most %(limit)d characters long: “%(tag)s…”."),
                params={"limit": TAG_MAX_LENGTH, "tag": too_long[0][:20]},
            )
        unsluggable = [name for name in names if not has_slug(name)]
        if unsluggable:
            raise ValidationError(
                _("A tag needs at least one letter or digit: “%(tag)s”."),
                params={"tag": unsluggable[0][:20]}, code="tag_without_letters",
            )
        if not self.may_add and names:
            known = set(Tag.objects.filter(name__in=names).values_list("name", flat=True))
            new = [name for name in names if name not in known]
            if new:
                raise ValidationError(
                    _("You may only use existing tags; ask an editor to create “%(tags)s”."),
                    params={"tags": "”, “".join(new)},
                    code="new_tag",
                )
        return names


class TextareaField(forms.CharField):
    """Text typed in a textarea, with its line breaks as every other door writes them (LF).

    Browsers send a textarea's line breaks as CRLF. Kept as sent, the first save
    through the admin would change every line of a story written elsewhere (the
    demo, the importer): the revision diff would mark them all, and the field
    would count as edited when nothing was typed.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class HttpsURLField(forms.URLField):
    """Editors paste addresses without a scheme; assume https, as Django 6 will."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ArticleAdminForm(VersionedForm):
    """The story form, with the version it was opened at (optimistic locking).

    A save whose version is not the stored one is refused with the fields
    that differ, the user's input kept; the version field then carries the
    stored version, so saving again is a deliberate choice, never an accident.
    """

    tags = NewsroomTagField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas (, or ，). Pick existing tags where you can."),
    )
    class Meta:
        model = Article
        fields = [
            "kicker", "title", "subtitle", "summary", "body", "section", "tags",
            "source_name", "source_url", "original_author", "original_title", "repost_notice",
            "allow_comments", "photo_request",
        ]
        field_classes = {
            "source_url": HttpsURLField, "summary": TextareaField, "body": TextareaField,
            "photo_request": TextareaField,
        }
        widgets = {
            "kicker": forms.TextInput(attrs={"class": "vTextField newsdesk-wide"}),
            "title": forms.TextInput(attrs={"class": "vTextField newsdesk-wide"}),
            "subtitle": forms.TextInput(attrs={"class": "vTextField newsdesk-wide"}),
            "summary": forms.Textarea(attrs={"class": "vLargeTextField", "rows": 3}),
            "body": forms.Textarea(attrs={"class": "vLargeTextField newsdesk-body", "rows": 24}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].may_add = self.may_add_tags

    may_add_tags = True  # set per user by ArticleAdmin.get_form

    def report_conflict(self, stored_version):
        differing = [
            str(self.fields[name].label) for name in self.changed_data
            if name != "opened_version"
        ]
        self.carry_stored_version(stored_version)
        message = _(
            "Someone else saved this story after you opened it. Your changes are kept "
            "below and nothing was saved. Compare with the stored story (open it in a "
            "new tab); saving again will replace it with what you see here."
        )
        if differing:
            message = format_lazy(
                "{} {}", message,
                _("Fields that differ from the stored story: %(fields)s.")
                % {"fields": ", ".join(differing)},
            )
        raise ValidationError(
            format_html("{} {}", message, self.what_changed_link()), code="stale"
        )

    def what_changed_link(self):
        """A link to the changes between the revision the user opened and the latest one."""
        kept = StoryRevision.objects.filter(article_id=self.instance.pk).order_by("-id")
        opened = kept.filter(version=self.cleaned_data.get("opened_version")).first()
        latest = kept.first()
        if opened is None or latest is None:
            return _("No revision was kept of the version you opened, so what changed "
                     "cannot be shown.")
        url = reverse(
            "admin:articles_article_revision_compare",
            args=[self.instance.pk, opened.pk, latest.pk],
        )
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("See what changed")
        )


class ContributorAdminForm(forms.ModelForm):
    class Meta:
        model = Contributor
        fields = ["name", "slug", "organisation", "default_role", "user", "bio", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Absent when the user may only view contributors: every field is read-only then.
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Part of the person's public address. Leave empty to make one from the name."
            )

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        if not cleaned_data.get("slug") and name:
            cleaned_data["slug"] = Contributor.unique_slug_for(name, exclude_pk=self.instance.pk)
        return cleaned_data


def photo_state(photo):
    """A fingerprint of what the photo form edits, as stored."""
    values = [
        str(photo.image.name), photo.headline, photo.caption, photo.alt_text, photo.city,
        photo.taken_at.isoformat() if photo.taken_at else "", photo.credit_contributor_id,
        photo.credit_organisation, photo.credit_name, photo.credit_role, photo.credit_verb,
        photo.focal_x, photo.focal_y, sorted(photo.tags.names()),
    ]
    text = json.dumps(values, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PhotoAdminForm(forms.ModelForm):
    """One photo: a new or replaced file goes through the desk's door (``photo_desk``).

    The file is checked in ``clean_image``; what it says about itself fills the
    fields the user left empty when the photo is saved.
    """

    class Meta:
        model = Photo
        fields = [
            "image", "headline", "caption", "alt_text", "city", "taken_at", "tags",
            "credit_contributor", "credit_organisation", "credit_name", "credit_role",
            "credit_verb", "focal_x", "focal_y",
        ]

    tags = NewsroomTagField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separate keywords with commas (, or ，). Pick existing tags where you can."),
    )

    # What the photo was when the form was opened: a save over someone else's
    # newer save is refused instead of silently undoing it.
    opened_state = forms.CharField(widget=forms.HiddenInput, required=False)

    checked = None  # the intake of a newly chosen file
    may_add_tags = True  # set per user by PhotoAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "image" in self.fields:
            self.fields["image"].widget.attrs["accept"] = formats.ACCEPT_ATTRIBUTE
        if "tags" in self.fields:
            self.fields["tags"].may_add = self.may_add_tags
        if self.instance.pk:
            self.fields["opened_state"].initial = photo_state(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        # Locked until the admin's transaction ends, so no save slips in between.
        stored = Photo.objects.select_for_update().filter(pk=self.instance.pk).first()
        if stored is not None and cleaned_data.get("opened_state") != photo_state(stored):
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_state")] = photo_state(stored)
            raise ValidationError(
                _("Someone else saved this photo after you opened it. Your changes are kept "
                  "below and nothing was saved; saving again will replace theirs."),
                code="stale",
            )
        return cleaned_data

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload is None or upload is False or not hasattr(upload, "content_type"):
            return upload  # unchanged on edit, or refused earlier
        try:
            replacing = self.instance if self.instance.pk else None
            self.checked = photo_desk.check(upload, photo=replacing)
        except photo_desk.DuplicatePhoto as duplicate:
            raise ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>', duplicate.message % duplicate.params,
                    reverse("admin:articles_photo_change", args=[duplicate.existing.pk]),
                    _("Open it"),
                ),
                code="duplicate",
            ) from None
        return upload

    def typed(self):
        """The fields the user filled in: these win over the file's metadata."""
        return {
            name for name in photo_desk.PREFILLED + ("credit_contributor", "credit_name")
            if self.cleaned_data.get(name) not in (None, "", [])
        }


class StoryPartFormSet(BaseInlineFormSet):
    """An inline formset that reports a row used twice by name, not by constraint."""

    unique_field = ""
    duplicate_message = ""

    def live_forms(self):
        """Forms that will be saved: filled in, valid so far, and not marked for deletion."""
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            if hasattr(form, "cleaned_data"):
                yield form

    def clean(self):
        seen = set()
        for form in self.live_forms():
            value = form.cleaned_data.get(self.unique_field)
            if value is None:
                continue
            if value.pk in seen:
                raise ValidationError(self.duplicate_message % {"name": value})
            seen.add(value.pk)
        super().clean()


class BylineFormSet(StoryPartFormSet):
    unique_field = "contributor"
    duplicate_message = _("%(name)s has more than one byline on this story.")


class ArticlePhotoFormSet(StoryPartFormSet):
    unique_field = "photo"
    duplicate_message = _("The photo “%(name)s” is in the story more than once.")

    def clean(self):
        super().clean()
        leads = [form for form in self.live_forms() if form.cleaned_data.get("is_lead")]
        if len(leads) > 1:
            raise ValidationError(_("A story has only one lead photo."))

    def save(self, commit=True):
        # Rows are saved one by one; demote the old lead first so that moving
        # the lead from one row to another never meets the database constraint.
        if commit and self.instance.pk:
            leads = [form for form in self.live_forms() if form.cleaned_data.get("is_lead")]
            if leads:
                self.instance.article_photos.filter(is_lead=True).exclude(
                    pk=leads[0].instance.pk
                ).update(is_lead=False)
        return super().save(commit=commit)
