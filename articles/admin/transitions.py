"""Workflow transitions as the admin offers them: bulk actions and change-form buttons.

Both doors call the functions in articles.workflow, which check permission and
status; this module only turns their answers into messages.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import workflow


@dataclass(frozen=True)
class Transition:
    name: str
    function: Callable
    label: str  # the bulk action's name
    button: str  # the change form's button, which saves first
    done: Callable[[int], str]  # the success message for a number of stories


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", workflow.submit, _("Submit for review"), _("Save and submit for review"),
            lambda n: ngettext(
                "%(count)d story submitted for review.",
                "%(count)d stories submitted for review.", n,
            ) % {"count": n},
        ),
        Transition(
            "publish", workflow.publish, _("Publish"), _("Save and publish"),
            lambda n: ngettext(
                "%(count)d story published.", "%(count)d stories published.", n
            ) % {"count": n},
        ),
        Transition(
            "withdraw", workflow.withdraw, _("Withdraw"), _("Save and withdraw"),
            lambda n: ngettext(
                "%(count)d story withdrawn.", "%(count)d stories withdrawn.", n
            ) % {"count": n},
        ),
        Transition(
            "return_to_draft", workflow.return_to_draft, _("Return to draft"),
            _("Save and return to draft"),
            lambda n: ngettext(
                "%(count)d story returned to draft.", "%(count)d stories returned to draft.", n
            ) % {"count": n},
        ),
    ]
}


def refusal_reason(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this to a story.")


def run(request, transition_name, articles):
    """Apply one transition to each article, reporting each refusal and the successes."""
    transition = TRANSITIONS[transition_name]
    done = 0
    for article in articles:
        try:
            transition.function(article, by=request.user)
        except (PermissionDenied, ValidationError) as error:
            messages.error(
                request,
                _("“%(title)s” was not changed: %(reason)s")
                % {"title": article.title, "reason": refusal_reason(error)},
            )
        else:
            done += 1
    if done:
        messages.success(request, transition.done(done))
    return done


def available(user, article):
    """The transitions this user may apply to this article now, for its buttons."""
    return [t for t in TRANSITIONS.values() if workflow.can(user, t.name, article)]
