"""Every change of a story's status, timing, embargo or responsible editor.

Each transition is one object in ``TRANSITIONS``: who may run it, the states
it starts from, the rules it checks, what it changes and what it logs. The
admin's buttons, bulk actions and pages, the demo and the tests all go
through ``run()``, which locks the story's row, checks, applies and writes
the audit entry in one transaction, so a story moves the same way whichever
door it goes through.

The review (三审): a submitted story waits for level 1 (初审), then 2 (复审),
then 3 (终审), as many as its section asks; one person approves at most one
level of the same round; the last approval publishes, now or at a chosen time.
"""

from abc import ABC, abstractmethod
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import permissions as perms
from . import revisions
from .checklist import publication_problems
from .models import Article, Contributor, WorkflowEvent

Status = Article.Status
Action = WorkflowEvent.Action
APPROVALS = (Action.APPROVE, Action.PUBLISH, Action.SCHEDULE)
# A publication time this close to now counts as "now", not as backdating.
BACKDATE_TOLERANCE_SECONDS = 60


class Refused(ValidationError):
    """A transition that does not apply to the story now, with every reason why.

    ``logged`` refusals (an embargo) are written to the audit log too.
    """

    def __init__(self, reasons, *, logged=False):
        super().__init__(list(reasons))
        self.logged = logged


def local(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def next_level(article):
    """The review level a submitted story waits for; at most its section's last."""
    return min(perms.pending_level(article), article.section.review_levels)


def is_final(article):
    return next_level(article) >= article.section.review_levels


def approvers_this_round(article):
    """Who approved the levels the story has passed since it was last submitted."""
    if article.review_level == 0:
        return set()
    events = article.events.filter(action__in=APPROVALS).order_by("-id")
    return set(events.values_list("actor_id", flat=True)[: article.review_level])


def back_to_draft(article):
    """A story handed back to the desk: a draft again, its review round starting over."""
    article.status, article.review_level = Status.DRAFT, 0
    return ["status", "review_level"]


def default_editor(article, user):
    """The responsible editor a final approval by ``user`` names unless told otherwise:
    the story's own, else the approver's contributor (None when they have none)."""
    return article.responsible_editor or contributor_of(user)


def state_refusal(article, now):
    """Why a step that does not apply to the story's present state is refused."""
    return gettext("A story that is “%(status)s” cannot be changed this way.") % {
        "status": article.status_label(now)
    }


class Transition(ABC):
    """One step a story can take; subclasses fill in the rules."""

    name = ""
    label = ""
    sources = frozenset()
    event = ""
    # Parameters the step takes besides the note: "at", "embargo_until", "editor".
    params = ()
    note_required = False
    # Offered as a bulk action on the changelist (only steps that need no input).
    bulk = False

    @abstractmethod
    def permitted(self, user, article):
        """The permission, whatever the story's state: refusal is a 403."""

    def offered_to(self, user):
        """Whether the user could ever take this step, for menus."""
        return user.has_perm(perms.CHANGE)

    def applies(self, article, now):
        return article.status in self.sources

    def refusals(self, article, *, by, now, **params):
        """The rules beyond permission and state, as reasons; empty when all pass."""
        return []

    @abstractmethod
    def apply(self, article, *, by, now, **params):
        """Change ``article`` in memory; return the names of the fields changed."""

    def event_for(self, article, now):
        return self.event

    def level_for(self, article):
        return None

    def label_for(self, article):
        return self.label

    def needs_input(self, article):
        """Whether the admin must ask for a note or parameters before running it."""
        return self.note_required or bool(self.params)

    def __repr__(self):
        return f"<Transition {self.name}>"


class Submit(Transition):
    name = "submit"
    label = _("Submit for review")
    sources = frozenset({Status.DRAFT})
    event = Action.SUBMIT
    bulk = True

    def permitted(self, user, article):
        # Not may_edit(), which depends on the state: submitting a story that is
        # not a draft is refused for its state, even to the chief, never a 403.
        return perms.may_work_on_draft(user, article)

    def apply(self, article, *, by, now):
        article.status, article.review_level = Status.SUBMITTED, 0
        return ["status", "review_level"]


class Recall(Transition):
    name = "recall"
    label = _("Recall from review")
    sources = frozenset({Status.SUBMITTED})
    event = Action.RECALL
    bulk = True

    def permitted(self, user, article):
        return user.has_perm(perms.CHANGE) and perms.is_own(user, article)

    def apply(self, article, *, by, now):
        return back_to_draft(article)


class AtPendingLevel(Transition):
    """Steps taken by who may review the level a submitted story waits for."""

    sources = frozenset({Status.SUBMITTED})

    def permitted(self, user, article):
        return perms.may_review(user, article, next_level(article))

    def offered_to(self, user):
        return perms.is_reviewer(user)

    def level_for(self, article):
        return next_level(article)


class ReviewStep(AtPendingLevel):
    """Approval at one level: the rules shared by approving and publishing."""

    bulk = True

    def refusals(self, article, *, by, now, **params):
        if by.pk in approvers_this_round(article):
            return [gettext(
                "You already approved a level of this story; another person must "
                "approve the next one."
            )]
        return []


class Approve(ReviewStep):
    name = "approve"
    label = _("Approve")
    event = Action.APPROVE

    def applies(self, article, now):
        return super().applies(article, now) and not is_final(article)

    def label_for(self, article):
        return gettext("Approve (level %(level)d of %(levels)d)") % {
            "level": next_level(article), "levels": article.section.review_levels,
        }

    def apply(self, article, *, by, now):
        article.review_level = next_level(article)
        return ["review_level"]


def embargo_refusal(article, at, now):
    """Why publishing at ``at`` would break the story's embargo, or None."""
    embargo = article.embargo_until
    if embargo is not None and embargo > now and (at is None or at < embargo):
        return gettext(
            "The story is under embargo until %(time)s; nobody can publish it before then. "
            "Schedule it for that time or later."
        ) % {"time": local(embargo)}
    return None


def backdating_refusal(at, now):
    if at is not None and (now - at).total_seconds() > BACKDATE_TOLERANCE_SECONDS:
        return gettext(
            "A publication time in the past would backdate the story; "
            "leave the time empty to publish now."
        )
    return None


class Publish(ReviewStep):
    """The final approval: checks the embargo and the checklist, then publishes."""

    name = "publish"
    label = _("Approve and publish")
    event = Action.PUBLISH
    params = ("at", "editor")

    def permitted(self, user, article):
        return perms.may_publish(user, article) and super().permitted(user, article)

    def applies(self, article, now):
        return super().applies(article, now) and is_final(article)

    def needs_input(self, article):
        return False  # now, with the approver as responsible editor, unless asked

    def refusals(self, article, *, by, now, at=None, editor=None):
        reasons = super().refusals(article, by=by, now=now)
        embargo = embargo_refusal(article, at, now)
        backdating = backdating_refusal(at, now)
        reasons += [reason for reason in (embargo, backdating) if reason]
        reasons += publication_problems(article, editor=editor or default_editor(article, by))
        if embargo:
            # Every reason, not the embargo's alone: the desk fixes the rest meanwhile.
            raise Refused(reasons, logged=True)
        return reasons

    def apply(self, article, *, by, now, at=None, editor=None):
        article.status = Status.PUBLISHED
        article.review_level = next_level(article)
        article.publish_at = at if at is not None and at > now else now
        article.withdrawn_at = None
        article.responsible_editor = editor or default_editor(article, by)
        return ["status", "review_level", "publish_at", "withdrawn_at", "responsible_editor"]

    def event_for(self, article, now):
        return Action.SCHEDULE if article.publish_at > now else Action.PUBLISH


class SendBack(AtPendingLevel):
    name = "send_back"
    label = _("Send back")
    event = Action.SEND_BACK
    note_required = True

    def apply(self, article, *, by, now):
        return back_to_draft(article)


class PublisherStep(Transition):
    """Steps on published or withdrawn stories: for who may publish the story."""

    def permitted(self, user, article):
        return perms.may_publish(user, article)

    def offered_to(self, user):
        return user.has_perm(perms.CHANGE) and perms.is_reviewer(user)


class Withdraw(PublisherStep):
    name = "withdraw"
    label = _("Withdraw (撤稿)")
    sources = frozenset({Status.PUBLISHED})
    event = Action.WITHDRAW
    note_required = True

    def apply(self, article, *, by, now):
        article.status, article.withdrawn_at = Status.WITHDRAWN, now
        return ["status", "withdrawn_at"]


class ReturnToDraft(PublisherStep):
    name = "return_to_draft"
    label = _("Return to draft")
    sources = frozenset({Status.WITHDRAWN})
    event = Action.RETURN_TO_DRAFT
    bulk = True

    def apply(self, article, *, by, now):
        article.withdrawn_at = None
        return [*back_to_draft(article), "withdrawn_at"]


class Reschedule(PublisherStep):
    """Move a scheduled story's time; a live story is withdrawn, never re-timed."""

    name = "reschedule"
    label = _("Reschedule")
    sources = frozenset({Status.PUBLISHED})
    event = Action.RESCHEDULE
    params = ("at",)

    def applies(self, article, now):
        return super().applies(article, now) and article.is_scheduled(now)

    def refusals(self, article, *, by, now, at=None):
        if at is None:
            return [gettext("Give the new publication time.")]
        embargo = embargo_refusal(article, at, now)
        backdating = backdating_refusal(at, now)
        reasons = [reason for reason in (embargo, backdating) if reason]
        if embargo:
            raise Refused(reasons, logged=True)
        return reasons

    def apply(self, article, *, by, now, at=None):
        article.publish_at = max(at, now)
        return ["publish_at"]


class SetEmbargo(Transition):
    """Set, move or lift the embargo. Anyone who works on the story may make it
    stricter; only who may publish it may lift it or bring it forward."""

    name = "embargo"
    label = _("Set embargo")
    sources = frozenset({Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED})
    event = Action.EMBARGO
    params = ("embargo_until",)

    def permitted(self, user, article):
        return perms.may_edit(user, article) or perms.may_review(user, article, 1)

    def applies(self, article, now):
        if article.status == Status.PUBLISHED:
            return article.is_scheduled(now)
        return super().applies(article, now)

    def refusals(self, article, *, by, now, embargo_until=None):
        current = article.embargo_until
        loosens = current is not None and current > now and (
            embargo_until is None or embargo_until < current
        )
        if loosens and not perms.may_publish(by, article):
            return [gettext("Only who may publish the story may lift or shorten its embargo.")]
        if embargo_until is None:
            return []
        if embargo_until <= now:
            return [gettext("An embargo must end in the future.")]
        if article.status == Status.PUBLISHED and article.publish_at < embargo_until:
            return [gettext(
                "The story is scheduled for %(time)s, before this embargo ends; "
                "reschedule it first."
            ) % {"time": local(article.publish_at)}]
        return []

    def apply(self, article, *, by, now, embargo_until=None):
        article.embargo_until = embargo_until
        return ["embargo_until"]


class AssignEditor(Transition):
    name = "assign_editor"
    label = _("Change responsible editor")
    sources = frozenset({Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED})
    event = Action.ASSIGN_EDITOR
    params = ("editor",)

    def permitted(self, user, article):
        if article.status == Status.PUBLISHED:
            return perms.may_publish(user, article)
        return user.has_perm(perms.CHANGE) and perms.is_reviewer(user)

    def offered_to(self, user):
        return user.has_perm(perms.CHANGE) and perms.is_reviewer(user)

    def refusals(self, article, *, by, now, editor=None):
        if editor is None:
            return [gettext("Choose the responsible editor.")]
        return []

    def apply(self, article, *, by, now, editor=None):
        article.responsible_editor = editor
        return ["responsible_editor"]


TRANSITIONS = {
    t.name: t
    for t in (
        Submit(), Recall(), Approve(), Publish(), SendBack(), Withdraw(), ReturnToDraft(),
        Reschedule(), SetEmbargo(), AssignEditor(),
    )
}


def contributor_of(user):
    """The contributor linked to a login, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Contributor.objects.filter(user_id=user.pk).first()


def available(user, article, now=None):
    """The transitions ``user`` may apply to ``article`` in its present state."""
    now = now or timezone.now()
    return [
        t for t in TRANSITIONS.values()
        if t.applies(article, now) and t.permitted(user, article)
    ]


def run(name, article, *, by, note="", expect_version=None, **params):
    """Apply transition ``name`` to ``article`` as ``by``; return the audit event.

    Raises PermissionDenied when ``by`` may not take this step, and Refused
    (a ValidationError listing every reason) when the story's state or a rule
    forbids it; either way nothing is changed, except that a refused attempt to
    break an embargo is logged. With ``expect_version`` (the version the user
    saw), a story changed meanwhile is refused: an approval given for level 1
    never lands as level 2 because someone else approved in between.
    """
    transition = TRANSITIONS[name]
    try:
        with transaction.atomic():
            return _apply(transition, article, by=by, note=note.strip(),
                          expect_version=expect_version, params=params)
    except Refused as refusal:
        if refusal.logged:
            WorkflowEvent.objects.create(
                article_id=article.pk, actor=by, action=Action.REFUSED,
                from_status=article.status, to_status=article.status,
                note=" ".join(refusal.messages),
            )
        raise


def _apply(transition, article, *, by, note, expect_version, params):
    now = timezone.now()
    locked = (
        Article.objects.select_for_update(of=("self",)).select_related("section")
        .get(pk=article.pk)
    )
    if not transition.permitted(by, locked):
        raise PermissionDenied(gettext("You may not do this to this story."))
    if expect_version is not None and locked.version != expect_version:
        raise Refused([gettext(
            "Someone else changed this story after you opened it; look at it again "
            "before taking this step."
        )])
    if not transition.applies(locked, now):
        raise Refused([state_refusal(locked, now)])
    reasons = []
    if transition.note_required and not note:
        reasons.append(gettext("Say why in the note."))
    reasons += transition.refusals(locked, by=by, now=now, **params)
    if reasons:
        raise Refused(reasons)

    # A story from before revisions were kept: its state before this step, first.
    revisions.ensure_baseline(locked)
    from_status, level = locked.status, transition.level_for(locked)
    changed = transition.apply(locked, by=by, now=now, **params)
    locked.version += 1
    locked.save(update_fields=[*changed, "version", "updated_at"])
    event = WorkflowEvent.objects.create(
        article=locked, actor=by, action=transition.event_for(locked, now),
        from_status=from_status, to_status=locked.status, note=note, level=level,
    )
    revisions.record(locked, by=by, event=event)
    for field in (*changed, "version", "updated_at"):
        setattr(article, field, getattr(locked, field))
    return event


def record_edit(article, *, by, fields, note=""):
    """Log an edit of a published or scheduled story: who, when, which fields."""
    if not fields:
        return None
    return WorkflowEvent.objects.create(
        article=article, actor=by, action=Action.EDIT_PUBLISHED,
        from_status=article.status, to_status=article.status, fields=list(fields), note=note,
    )


submit = partial(run, "submit")
recall = partial(run, "recall")
approve = partial(run, "approve")
publish = partial(run, "publish")
send_back = partial(run, "send_back")
withdraw = partial(run, "withdraw")
return_to_draft = partial(run, "return_to_draft")
reschedule = partial(run, "reschedule")
set_embargo = partial(run, "embargo")
assign_editor = partial(run, "assign_editor")
