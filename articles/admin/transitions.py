"""Workflow transitions as the admin offers them: bulk actions, buttons and messages.

Every door calls ``articles.workflow.run``, which checks permission, state and
rules; this module only turns its answers into messages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import workflow
from ..models import WorkflowEvent

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


def bulk_summary(count):
    return ngettext("%(count)d story changed.", "%(count)d stories changed.", count) % {
        "count": count
    }
