"""Optimistic locking in the admin: two people saving the same object never silently
overwrite each other (the story form and the front page's arrangement).

The form carries the version the user opened; ``clean()`` refuses it if the
stored version has moved on, and the refusal carries the stored version, so
saving again is a deliberate choice. ``claim_version`` closes the gap between
that check and the save: the check and the bump are one UPDATE.
"""

from django import forms
from django.db.models import F


class StaleEdit(Exception):
    """Someone saved the object between this form's checks and its save."""


class VersionedForm(forms.ModelForm):
    """A model form of a model with a ``version`` field, refusing a stale save.

    Subclasses say how in ``report_conflict(stored_version)``, which raises a
    ValidationError after ``carry_stored_version``.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        stored = (
            type(self.instance)._default_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True).first()
        )
        if stored is not None and cleaned_data.get("opened_version") != stored:
            self.report_conflict(stored)
        return cleaned_data

    def carry_stored_version(self, stored_version):
        """The next save is then made knowingly, against what is stored now."""
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(stored_version)

    def report_conflict(self, stored_version):
        raise NotImplementedError


def claim_version(model, pk, opened):
    """Bump the stored version from ``opened``, or raise StaleEdit; return the new one.

    The check and the bump in one UPDATE: of two saves racing from the same
    version, exactly one matches.
    """
    if not model._default_manager.filter(pk=pk, version=opened).update(
        version=F("version") + 1
    ):
        raise StaleEdit
    return opened + 1


class StaleEditRetry:
    """Admin mixin: a StaleEdit rolled the save back; show the form again, whose version
    check now explains why."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit:
            return super().changeform_view(request, object_id, form_url, extra_context)
