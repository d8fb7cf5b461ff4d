"""The photo desk's bulk upload page: many files at once, each through ``photo_desk`` alone.

Without JavaScript the form posts every file in one request and the page lists
what became of each. With JavaScript (``newsdesk-admin/photo-upload.js``) the
same form sends one file a request to the file endpoint, which answers JSON,
so each file has its own progress bar and its own outcome. Either way a file
the desk refuses costs only that file: the others are stored, and nothing of
the refused one is.
"""

import logging
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import HttpResponseNotAllowed, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from photos import formats, intake, metadata
from photos.templatetags import pictures

from .. import permissions, photo_desk
from ..credits import photo_credit
from ..models import Contributor, CreditVerb, Photo
from .forms import NewsroomTagField

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 80
CREATED, DUPLICATE, REFUSED, ERROR, INVALID = "created", "duplicate", "refused", "error", "invalid"
HTTP_STATUS = {CREATED: 201, DUPLICATE: 200, REFUSED: 400, INVALID: 400, ERROR: 500}
# "No verb" is stored as "", which in a select also means "nothing chosen".
NO_VERB = "none"
# Raised while Django reads a request's body, before any view could answer.
UNREADABLE_BODY = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, MultiPartParserError)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every file chosen, as a list, unchecked.

    The desk checks each file and names it when it refuses it; an empty or
    odd file must become that per-file refusal, not an error for the whole form.
    """

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


@dataclass(frozen=True)
class Batch:
    """What the user chose for every file of an upload; None or () leaves it to each file."""

    contributor: Contributor | None = None
    verb: str | None = None
    tags: tuple = ()


class BatchForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("Photos"))
    credit_contributor = forms.ModelChoiceField(
        queryset=Contributor.objects.none(), required=False,
        label=gettext_lazy("Credited contributor"),
        empty_label=gettext_lazy("As each file says"),
    )
    credit_verb = forms.ChoiceField(
        required=False, label=gettext_lazy("Credit verb"),
        choices=[
            ("", gettext_lazy("As each file says")),
            *((value or NO_VERB, label) for value, label in CreditVerb.choices),
        ],
    )
    tags = NewsroomTagField(
        required=False, label=gettext_lazy("Keywords"),
        # A plain input: the suggestion box asks an address only story editors may use.
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text=gettext_lazy(
            "Separate keywords with commas (, or ，). They replace the keywords in the files."
        ),
    )

    def __init__(self, *args, may_add_tags=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_contributor"].queryset = Contributor.objects.filter(is_active=True)
        self.fields["files"].widget.attrs["accept"] = formats.ACCEPT_ATTRIBUTE
        self.fields["tags"].may_add = may_add_tags

    def clean_credit_verb(self):
        value = self.cleaned_data["credit_verb"]
        if not value:
            return None
        return "" if value == NO_VERB else value

    def batch(self):
        data = self.cleaned_data
        return Batch(contributor=data["credit_contributor"], verb=data["credit_verb"],
                     tags=tuple(data["tags"] or ()))


def receive(file, *, by, batch):
    """A new photo from ``file`` through the desk, the batch's choices winning over the file's."""
    checked = photo_desk.check(file)
    fields, typed = {}, set()
    if batch.contributor is not None:
        fields["credit_contributor"] = batch.contributor
        typed.add("credit")
    if batch.verb is not None:
        if batch.contributor is None:
            # The desk takes the file's credit whole, verb included, unless a credit
            # was typed: take it here, so that the chosen verb is the one kept.
            fields.update(photo_desk.credit_from_file(metadata.suggestions(checked.metadata)))
            typed.add("credit")
        fields["credit_verb"] = batch.verb
    photo = Photo(uploaded_by=by, **fields)
    return photo_desk.store(photo, checked, typed=typed, tags=list(batch.tags) or None)


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its status, a sentence naming it, and the photo if there is one."""

    status: str
    filename: str
    message: str
    photo: Photo | None = None


def upload(file, *, by, batch):
    """One file of a batch, in its own transaction; whatever goes wrong stays with this file."""
    filename = intake.display_name(file.name)
    try:
        photo = receive(file, by=by, batch=batch)
    except photo_desk.DuplicatePhoto as duplicate:
        return Outcome(DUPLICATE, duplicate.filename, duplicate.messages[0], duplicate.existing)
    except intake.ImageRefused as refused:
        return Outcome(REFUSED, refused.filename, refused.messages[0])
    except ValidationError as invalid:
        # What the file says about itself, with the batch's choices, makes no valid photo.
        return Outcome(REFUSED, filename, _("“%(filename)s”: %(reason)s") % {
            "filename": filename, "reason": " ".join(invalid.messages),
        })
    except Exception:  # noqa: BLE001 - the files after this one are still to be stored
        log.exception("Bulk upload: storing %r failed", filename)
        return Outcome(ERROR, filename, _(
            "“%(filename)s” could not be stored because of a problem on the server. "
            "Try it again later; the other files are not affected."
        ) % {"filename": filename})
    return Outcome(CREATED, photo.original_filename, _(
        "“%(filename)s” is now photo %(id)s. Check its caption and credit."
    ) % {"filename": photo.original_filename, "id": photo.pk}, photo)


def summary(statuses):
    """One line counting a batch's outcomes."""
    return _(
        "%(created)d uploaded, %(duplicate)d already in the library, %(failed)d not stored."
    ) % {
        "created": statuses.count(CREATED), "duplicate": statuses.count(DUPLICATE),
        "failed": statuses.count(REFUSED) + statuses.count(ERROR),
    }


def unreadable_message(error):
    """Why a request's body could not be read, in the user's words."""
    if isinstance(error, TooManyFilesSent):
        return _(
            "That was more files than one upload may carry (at most %(count)d). Choose fewer, "
            "or upload with JavaScript turned on, which sends the files one by one."
        ) % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    if isinstance(error, (RequestDataTooBig, TooManyFieldsSent)):
        return _("The upload was larger than the server accepts in one request; nothing was "
                 "stored. Send fewer files at a time.")
    return _("The upload arrived incomplete or damaged; nothing was stored. Please try again.")


class BulkUploadMixin:
    """PhotoAdmin's bulk upload page and the address its script sends each file to.

    Both are for whoever may add photos (photographers, reporters, editors).
    """

    upload_template = "admin/articles/photo/upload.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("upload/", self.upload_guard(self.upload_view, self.upload_page_unreadable),
                 name=f"{prefix}_upload"),
            path("upload/file/",
                 self.upload_guard(self.upload_file_view, self.upload_file_unreadable),
                 name=f"{prefix}_upload_file"),
            *super().get_urls(),
        ]

    def upload_guard(self, view, unreadable):
        """``view`` for who may add photos, its CSRF check made once the body has been read.

        Django's CSRF check is the first to read a POST, and a body beyond the
        upload limits raises right there, so the user would get the generic 400
        page and the script a page it cannot read. Here an unreadable body
        becomes ``unreadable``'s answer; the CSRF check still runs before
        anything is stored.
        """
        protected = csrf_protect(view)

        def guarded(request):
            if not self.has_add_permission(request):
                raise PermissionDenied
            if request.method == "POST":
                try:
                    request.FILES  # noqa: B018 - reads the body, as the CSRF check would
                except UNREADABLE_BODY as error:
                    return unreadable(request, error)
            return protected(request)

        return self.admin_site.admin_view(csrf_exempt(guarded))

    # --- the page -------------------------------------------------------------

    def upload_view(self, request):
        outcomes = []
        form = BatchForm(may_add_tags=request.user.has_perm(permissions.ADD_TAG))
        if request.method == "POST":
            posted = BatchForm(request.POST, request.FILES,
                               may_add_tags=request.user.has_perm(permissions.ADD_TAG))
            if posted.is_valid():
                batch = posted.batch()
                outcomes = [upload(file, by=request.user, batch=batch)
                            for file in posted.cleaned_data["files"]]
            else:
                form = posted
        return self.upload_page(request, form, outcomes)

    def upload_page_unreadable(self, request, error):
        form = BatchForm(may_add_tags=request.user.has_perm(permissions.ADD_TAG))
        return self.upload_page(request, form, [], refusal=unreadable_message(error), status=400)

    def upload_page(self, request, form, outcomes, *, refusal="", status=200):
        site = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Bulk upload"),
            "form": form,
            "batch_fields": [form[name] for name in ("credit_contributor", "credit_verb", "tags")],
            "rows": [self.outcome_data(outcome) for outcome in outcomes],
            "summary": summary([outcome.status for outcome in outcomes]) if outcomes else "",
            "refusal": refusal,
            "limits": _(
                "Choose as many photos as you like: %(formats)s, up to %(size)d MB and "
                "%(pixels)d megapixels each. Each is stored on its own; a file the desk "
                "cannot take is listed with the reason."
            ) % {
                "formats": formats.ACCEPTED_LABEL,
                "size": settings.NEWSDESK_MAX_IMAGE_BYTES // 2**20,
                "pixels": settings.NEWSDESK_MAX_IMAGE_PIXELS // 10**6,
            },
            "upload_url": reverse(f"{site}:articles_photo_upload"),
            "file_url": reverse(f"{site}:articles_photo_upload_file"),
            "script_strings": self.script_strings(),
        }
        return TemplateResponse(request, self.upload_template, context, status=status)

    @staticmethod
    def script_strings():
        """What the script says, translated here: the admin has no JavaScript catalogue of ours."""
        return {
            "waiting": _("Waiting…"),
            "uploading": _("Uploading…"),
            "processing": _("Checking and storing…"),
            "noFiles": _("Choose or drop at least one photo."),
            "network": _("The connection broke off before the file arrived. Try it again."),
            "unexpected": _(
                "The server gave an unexpected answer (HTTP %(status)s). Reload the page and "
                "try again; you may have been logged out."
            ),
            "notSent": _("Not sent: correct the fields above first, then upload it again."),
            "notSentLabel": _("Not sent"),
            "failedLabel": _("Not stored"),
            "summary": _(
                "%(created)d uploaded, %(duplicate)d already in the library, "
                "%(failed)d not stored."
            ),
            "caption": _("Caption"),
            "credit": _("Credit"),
            "leaveWarning": _("Photos are still being uploaded."),
        }

    # --- one file, for the script ---------------------------------------------

    def upload_file_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = BatchForm(request.POST, request.FILES,
                         may_add_tags=request.user.has_perm(permissions.ADD_TAG))
        if form.is_valid() and len(form.cleaned_data["files"]) != 1:
            form.add_error("files", _("Send one file a request."))
        if not form.is_valid():
            errors = {name: [str(message) for message in messages]
                      for name, messages in form.errors.items()}
            message = " ".join(
                f"{form.fields[name].label}: {' '.join(messages)}" if name in form.fields
                else " ".join(messages)
                for name, messages in errors.items()
            )
            return self.json({"status": INVALID, "status_label": _("Not sent"),
                              "message": message, "errors": errors, "photo": None})
        outcome = upload(form.cleaned_data["files"][0], by=request.user, batch=form.batch())
        return self.json(self.outcome_data(outcome))

    def upload_file_unreadable(self, request, error):
        return self.json({"status": REFUSED, "status_label": _("Refused"),
                          "message": unreadable_message(error), "photo": None})

    @staticmethod
    def json(data):
        return JsonResponse(data, status=HTTP_STATUS[data["status"]],
                            json_dumps_params={"ensure_ascii": False})

    # --- what the page and the script show of an outcome -----------------------

    def outcome_data(self, outcome):
        """One row of results, the same for the page and for the script."""
        labels = {
            CREATED: _("Uploaded"), DUPLICATE: _("Already in the library"),
            REFUSED: _("Refused"), ERROR: _("Not stored"),
        }
        data = {
            "status": outcome.status, "status_label": labels[outcome.status],
            "filename": outcome.filename, "message": outcome.message, "photo": None,
        }
        photo = outcome.photo
        if photo is not None:
            link = _("Edit photo %(id)s") if outcome.status == CREATED else _("Open photo %(id)s")
            data["photo"] = {
                "id": photo.pk,
                "change_url": reverse(f"{self.admin_site.name}:articles_photo_change",
                                      args=[photo.pk]),
                "link_label": link % {"id": photo.pk},
                "thumbnail_html": pictures.thumbnail(photo, size=THUMBNAIL_SIZE,
                                                     alt=photo.alt_text),
                "caption": photo.caption,
                "credit": photo_credit(photo),
                "file_size": photo.file_size,
                "size_label": filesizeformat(photo.file_size),
                "width": photo.width,
                "height": photo.height,
            }
        return data
