"""Every change of a story's status: who may, what changes, what is logged.

The admin, management commands and tests all call these functions, so a
story moves the same way whichever door it goes through.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, WorkflowEvent

Status = Article.Status

# action -> (permission needed, statuses it may start from)
RULES = {
    "submit": ("articles.change_article", {Status.DRAFT}),
    "publish": ("articles.publish_article", {Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN}),
    "withdraw": ("articles.publish_article", {Status.PUBLISHED}),
    "return_to_draft": ("articles.publish_article", {Status.SUBMITTED, Status.WITHDRAWN}),
}


def may(user, action):
    """Whether ``user`` holds the permission ``action`` needs, whatever the story's state."""
    permission, _sources = RULES[action]
    return user.has_perm(permission)


def can(user, action, article):
    return may(user, action) and article.status in RULES[action][1]


def allowed_or_raise(user, action, article):
    if not may(user, action):
        raise PermissionDenied(_("You may not do this to a story."))
    if article.status not in RULES[action][1]:
        raise ValidationError(
            _("A story that is “%(status)s” cannot be changed this way."),
            params={"status": article.get_status_display()},
        )


def _move(article, *, by, action, to, note="", **changes):
    allowed_or_raise(by, action, article)
    from_status = article.status
    article.status = to
    for field, value in changes.items():
        setattr(article, field, value)
    article.save(update_fields=["status", "updated_at", *changes])
    WorkflowEvent.objects.create(
        article=article, actor=by, action=action, from_status=from_status, to_status=to,
        note=note,
    )
    return article


@transaction.atomic
def submit(article, *, by, note=""):
    return _move(article, by=by, action="submit", to=Status.SUBMITTED, note=note)


@transaction.atomic
def publish(article, *, by, at=None, note=""):
    """Publish now, or at ``at``: the story appears by itself when that time passes."""
    at = at or article.publish_at or timezone.now()
    return _move(article, by=by, action="publish", to=Status.PUBLISHED, note=note, publish_at=at)


@transaction.atomic
def withdraw(article, *, by, note=""):
    return _move(article, by=by, action="withdraw", to=Status.WITHDRAWN, note=note)


@transaction.atomic
def return_to_draft(article, *, by, note=""):
    return _move(article, by=by, action="return_to_draft", to=Status.DRAFT, note=note)
