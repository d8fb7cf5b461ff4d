"""Workflow transitions as the admin offers them: bulk actions, buttons and messages.

Every door calls ``articles.workflow.run``, which checks permission, state and
rules; this module only turns its answers into messages.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import workflow
from ..models import Contributor, WorkflowEvent
from ..models.dates import validate_year_in_range

Action = WorkflowEvent.Action


def done_message(event, article):
    """What happened, said truthfully: a scheduled story is not 已发布."""
    if event.action == Action.SCHEDULE:
        return _("“%(title)s” was approved and will be published at %(time)s.") % {
            "title": article.title, "time": workflow.local(article.publish_at),
        }
    return _("“%(title)s”: %(action)s.") % {
        "title": article.title, "action": event.get_action_display(),
    }


def refusal_reason(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this to this story.")


def run(request, name, articles, **params):
    """Apply one transition to each article, reporting each refusal and the successes."""
    done = 0
    for article in articles:
        try:
            event = workflow.run(name, article, by=request.user, **params)
        except (PermissionDenied, ValidationError) as error:
            messages.error(
                request,
                _("“%(title)s” was not changed: %(reason)s")
                % {"title": article.title, "reason": refusal_reason(error)},
            )
        else:
            done += 1
            messages.success(request, done_message(event, article))
    return done


class TransitionForm(forms.Form):
    """What a step asks for besides the click: a note, a time, an editor."""

    note = forms.CharField(label=_lazy("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 3, "cols": 60}
    ))

    # The version the page was opened at: the step applies to what the user saw.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, transition, article, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["opened_version"].initial = article.version
        self.fields["note"].required = transition.note_required
        if transition.note_required:
            self.fields["note"].help_text = _lazy("Required: say why.")
        if "at" in transition.params:
            self.fields["at"] = forms.SplitDateTimeField(
                label=_lazy("Publication time"), widget=AdminSplitDateTime,
                required=transition.name == "reschedule",
                validators=[validate_year_in_range],
                help_text=_lazy("Leave empty to publish now.")
                if transition.name == "publish" else "",
                initial=article.publish_at if transition.name == "reschedule" else None,
            )
        if "embargo_until" in transition.params:
            self.fields["embargo_until"] = forms.SplitDateTimeField(
                label=_lazy("Embargo until"), widget=AdminSplitDateTime, required=False,
                validators=[validate_year_in_range], initial=article.embargo_until,
                help_text=_lazy("Leave empty to lift the embargo."),
            )
        if "editor" in transition.params:
            self.fields["editor"] = forms.ModelChoiceField(
                label=_lazy("Responsible editor"),
                queryset=Contributor.objects.filter(is_active=True),
                required=transition.name == "assign_editor",
                initial=workflow.default_editor(article, user),
            )

    def params(self):
        return {name: self.cleaned_data.get(name) for name in self.transition.params}
