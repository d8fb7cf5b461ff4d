"""The desk dashboard: what is waiting for whom, as panels, in a fixed number of queries.

``dashboard(user, now)`` returns the panels a newsroom user sees on the admin
index, each with its count, its first few stories and the changelist address
that lists exactly those stories. Each panel's stories are one condition
(a ``Q``) built here; the changelist's filters (``articles.admin.desk``) apply
the same conditions, so a panel and its "see all" list cannot disagree.

The counts are one aggregate over the stories any panel could hold; each
panel's rows are one more query, with who submitted and who sent back found by
subqueries, never one query per story.

Meanings, where the words leave room:

* "Mine" is ``permissions.is_own``: created by the user, or bylined to the
  contributor linked to the user.
* "Sent back to me": my drafts whose last step that changed their status was a
  send-back. An embargo or an editor assigned since (steps that leave the
  status alone) does not hide the note; a recall or a new submission does.
* "Waiting for my review level": submitted stories whose next level
  (``workflow.next_level``) the user may approve, oldest submission first. A
  story the user already approved a level of in this round is left out: one
  person approves at most one level, so it waits for somebody else.
* "This week" and "recently" are the last 7 days up to now, edges included.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import permissions, workflow
from .models import Article, Byline, Correction, WorkflowEvent

Status = Article.Status
Action = WorkflowEvent.Action
VIEW = "articles.view_article"
PANEL_ROWS = 5
WEEK = timedelta(days=7)
DAY = timedelta(hours=24)
NOTHING = Q(pk__in=[])


# --- who and when, as SQL ------------------------------------------------------


def person_name(path):
    """The name to print for the login at ``path``: their byline name, else their
    full name, else the username (what ``photo_wanted.asker`` prints), as SQL."""
    full = Trim(Concat(f"{path}__first_name", Value(" "), f"{path}__last_name"))
    return Coalesce(
        NullIf(f"{path}__contributor__name", Value("")),
        NullIf(full, Value("")),
        f"{path}__username",
    )


def latest_event(*actions):
    """The story's latest workflow event of ``actions``, as a correlated subquery base."""
    return (
        WorkflowEvent.objects.filter(article=OuterRef("pk"), action__in=actions)
        .order_by("-id")
    )


def with_submission(queryset):
    """Stories with who last submitted them (``submitter``) and when (``submitted_at``)."""
    submit = latest_event(Action.SUBMIT)
    return queryset.annotate(
        submitter=Subquery(submit.values(name=person_name("actor"))[:1]),
        submitted_at=Subquery(submit.values("created_at")[:1]),
    )


def with_send_back(queryset):
    """Stories with their latest send-back's sender, note and time."""
    sent = latest_event(Action.SEND_BACK)
    return queryset.annotate(
        sent_back_by=Subquery(sent.values(name=person_name("actor"))[:1]),
        sent_back_note=Subquery(sent.values("note")[:1]),
        sent_back_at=Subquery(sent.values("created_at")[:1]),
    )


def this_week(now):
    """Corrections published in the last 7 days up to ``now``, both edges included."""
    return Correction.objects.filter(published_at__gte=now - WEEK, published_at__lte=now)


def with_latest_correction(queryset, now):
    latest = this_week(now).filter(article=OuterRef("pk")).order_by("-published_at", "-id")
    return queryset.annotate(
        correction_text=Subquery(latest.values("text")[:1]),
        corrected_at=Subquery(latest.values("published_at")[:1]),
    )


# --- the panels' conditions ------------------------------------------------------
# Each condition below asks its subqueries once, as an uncorrelated IN, rather than
# once per story: the dashboard's count looks at every story any panel could hold,
# and PostgreSQL prices a per-story subquery over 100 000 stories high enough to
# compile the query (JIT) for a second before running it for a tenth of one.


def own(user):
    """``permissions.is_own`` as a condition on stories."""
    if user.pk is None:
        return NOTHING
    bylined = Byline.objects.filter(contributor__user_id=user.pk).values("article_id")
    return Q(created_by_id=user.pk) | Q(pk__in=bylined)


def sent_back():
    """Drafts whose last status-changing step was a send-back."""
    later_change = WorkflowEvent.objects.filter(
        article=OuterRef("article"), pk__gt=OuterRef("pk")
    ).exclude(from_status=F("to_status"))
    sent = WorkflowEvent.objects.filter(
        action=Action.SEND_BACK, article__status=Status.DRAFT
    ).exclude(Exists(later_change))
    return Q(status=Status.DRAFT) & Q(pk__in=sent.values("article_id"))


def review_levels_of(user):
    """The levels the user may approve (a superuser all)."""
    return [
        level for level in permissions.REVIEW_LEVELS
        if user.has_perm(permissions.level_permission(level))
    ]


def at_next_level(level):
    """Submitted stories whose ``workflow.next_level`` is ``level``:
    min(levels passed + 1, the section's levels) == level."""
    return Q(review_level=level - 1, section__review_levels__gte=level) | Q(
        section__review_levels=level, review_level__gte=level - 1
    )


def approved_this_round(user):
    """Submitted stories the user approved a level of since they were last submitted
    (``workflow.approvers_this_round``)."""
    submitted_since = WorkflowEvent.objects.filter(
        article=OuterRef("article"), action=Action.SUBMIT, pk__gt=OuterRef("pk")
    )
    approvals = WorkflowEvent.objects.filter(
        actor_id=user.pk, action__in=workflow.APPROVALS, article__status=Status.SUBMITTED
    ).exclude(Exists(submitted_since))
    return approvals.values("article_id")


def waiting_for(user):
    """Submitted stories at a level the user may approve, that the user has not
    approved a level of in this round (one person approves at most one level)."""
    levels = review_levels_of(user)
    if not levels or user.pk is None:
        return NOTHING
    return (
        Q(status=Status.SUBMITTED)
        & reduce(or_, (at_next_level(level) for level in levels))
        & ~Q(pk__in=approved_this_round(user))
    )


def scheduled_within(now, span=DAY):
    """Published stories that go live after now and at most ``span`` from now."""
    return Q(status=Status.PUBLISHED, publish_at__gt=now, publish_at__lte=now + span)


def embargoed(now):
    """Stories under an embargo that has not ended, unless withdrawn."""
    return Q(embargo_until__gt=now) & ~Q(status=Status.WITHDRAWN)


def published_since(now, span=WEEK):
    """Stories live now that went live in the last ``span``."""
    return Q(status=Status.PUBLISHED, publish_at__lte=now, publish_at__gte=now - span)


def corrected_this_week(now):
    """Stories with a correction published in the last 7 days.

    An uncorrelated ``IN``: the week's few corrections are found once, not asked
    about for each story the dashboard's count looks at.
    """
    return Q(pk__in=this_week(now).values("article_id"))


def candidates(now):
    """Every story any panel could hold, found on indexes rather than by reading the
    archive: drafts and submissions, what is published from a week ago on, and the
    week's corrected stories. An embargoed story is among them: one that is published
    goes live after its embargo (the ``article_published_after_embargo`` constraint),
    so later than now. A new panel's stories must be among them too.
    """
    return (
        Q(status__in=[Status.DRAFT, Status.SUBMITTED])
        | Q(status=Status.PUBLISHED, publish_at__gte=now - WEEK)
        | corrected_this_week(now)
    )


# --- panels ------------------------------------------------------------------------


def short_time(moment, now):
    """A local time as a desk reads it: 11-28 09:05, with the year when not this year's."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    if local.year == timezone.localtime(now).year:
        return local.strftime("%m-%d %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def level_label(article):
    """'level k of n' for a submitted story (k being the level it waits for), else '—'."""
    if article.status != Status.SUBMITTED:
        return "—"
    return gettext("level %(level)d of %(levels)d") % {
        "level": workflow.next_level(article), "levels": article.section.review_levels,
    }


@dataclass
class Row:
    """One story in a panel: its title, link and the facts the panel is about."""

    article: Article
    url: str
    facts: list
    note: str = ""


@dataclass
class Panel:
    key: str
    title: str
    count: int
    rows: list
    url: str
    # What the panel counts, where it is not obvious ("since 11-21 09:05").
    scope: str = ""
    empty: str = ""


class PanelKind(ABC):
    """One panel: who sees it, which stories it holds, its rows and its link."""

    key = ""
    title = ""
    empty = _("Nothing here.")
    ordering = ("-updated_at", "-pk")

    def shown_to(self, user):
        return True

    @abstractmethod
    def condition(self, user, now):
        """The panel's stories, as a condition on Article."""

    @abstractmethod
    def params(self):
        """The changelist's query-string parameters that list the same stories."""

    def rows_queryset(self, queryset, now):
        return queryset

    def facts(self, article, now):
        return [article.section.name]

    def note(self, article):
        return ""

    def scope(self, now):
        return ""


class MyDrafts(PanelKind):
    key = "my_drafts"
    title = _("My drafts")
    empty = _("No drafts of yours.")

    def shown_to(self, user):
        return user.has_perm(permissions.ADD)

    def condition(self, user, now):
        return Q(status=Status.DRAFT) & own(user)

    def params(self):
        return {"mine": "1", "state": Status.DRAFT}

    def facts(self, article, now):
        return [article.section.name, gettext("saved %(time)s") % {
            "time": short_time(article.updated_at, now)}]


class SentBack(MyDrafts):
    key = "sent_back"
    title = _("Sent back to me")
    empty = _("Nothing sent back.")
    ordering = ("-sent_back_at", "-pk")

    def condition(self, user, now):
        return own(user) & sent_back()

    def params(self):
        return {"mine": "1", "desk": "sent_back"}

    def rows_queryset(self, queryset, now):
        return with_send_back(queryset)

    def facts(self, article, now):
        return [gettext("by %(name)s") % {"name": article.sent_back_by or "—"},
                short_time(article.sent_back_at, now)]

    def note(self, article):
        return article.sent_back_note or ""


class WaitingForMe(PanelKind):
    key = "waiting"
    title = _("Waiting for my review level")
    empty = _("Nothing waits for you.")
    ordering = (F("submitted_at").asc(nulls_last=True), "pk")

    def shown_to(self, user):
        return bool(review_levels_of(user))

    def condition(self, user, now):
        return waiting_for(user)

    def params(self):
        return {"waiting": "me"}

    def rows_queryset(self, queryset, now):
        return with_submission(queryset)

    def facts(self, article, now):
        return [article.section.name, level_label(article),
                gettext("from %(name)s") % {"name": article.submitter or "—"},
                short_time(article.submitted_at, now)]

    def scope(self, now):
        return gettext("oldest first; not those you approved a level of in this round")


class Scheduled(PanelKind):
    key = "scheduled"
    title = _("Scheduled in the next 24 hours")
    empty = _("Nothing scheduled.")
    ordering = ("publish_at", "pk")

    def condition(self, user, now):
        return scheduled_within(now)

    def params(self):
        return {"desk": "next_24h"}

    def facts(self, article, now):
        return [article.section.name, short_time(article.publish_at, now)]

    def scope(self, now):
        return gettext("until %(time)s") % {"time": short_time(now + DAY, now)}


class Embargoed(PanelKind):
    key = "embargoed"
    title = _("Under embargo")
    empty = _("No embargoes.")
    ordering = ("embargo_until", "pk")

    def condition(self, user, now):
        return embargoed(now)

    def params(self):
        return {"desk": "embargoed"}

    def facts(self, article, now):
        return [article.status_label(now), gettext("until %(time)s") % {
            "time": short_time(article.embargo_until, now)}]


class RecentlyPublished(PanelKind):
    key = "recent"
    title = _("Published in the last 7 days")
    empty = _("Nothing published this week.")
    ordering = ("-publish_at", "-pk")

    def condition(self, user, now):
        return published_since(now)

    def params(self):
        return {"desk": "recent"}

    def facts(self, article, now):
        return [article.section.name, short_time(article.publish_at, now),
                ngettext("%(count)d view", "%(count)d views", article.view_count)
                % {"count": article.view_count}]

    def scope(self, now):
        return gettext("since %(time)s") % {"time": short_time(now - WEEK, now)}


class Corrected(PanelKind):
    key = "corrected"
    title = _("Corrections in the last 7 days")
    empty = _("No corrections this week.")
    ordering = ("-corrected_at", "-pk")

    def condition(self, user, now):
        return corrected_this_week(now)

    def params(self):
        return {"desk": "corrected"}

    def rows_queryset(self, queryset, now):
        return with_latest_correction(queryset, now)

    def facts(self, article, now):
        return [article.status_label(now), short_time(article.corrected_at, now)]

    def note(self, article):
        return article.correction_text or ""

    def scope(self, now):
        return gettext("stories corrected since %(time)s") % {
            "time": short_time(now - WEEK, now)}


PANELS = (
    MyDrafts(), SentBack(), WaitingForMe(), Scheduled(), Embargoed(), RecentlyPublished(),
    Corrected(),
)
PANELS_BY_KEY = {kind.key: kind for kind in PANELS}


def is_newsroom(user):
    """Who gets the dashboard: anyone who may see stories (a superuser too)."""
    return user.is_active and user.is_staff and user.has_perm(VIEW)


def dashboard(user, now=None, site_name="admin"):
    """The panels ``user`` sees at ``now``: one query for every count, one per panel's rows.

    Empty for a login that may not see stories (a photographer): the admin
    index is then Django's own.
    """
    if not is_newsroom(user):
        return []
    now = now or timezone.now()
    kinds = [kind for kind in PANELS if kind.shown_to(user)]
    conditions = {kind.key: kind.condition(user, now) for kind in kinds}
    counts = Article.objects.filter(candidates(now)).aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )
    changelist = reverse(f"{site_name}:articles_article_changelist")
    panels = []
    for kind in kinds:
        # Asked even when the count is 0: the same queries whatever the desk holds.
        stories = kind.rows_queryset(
            Article.objects.filter(conditions[kind.key]).select_related("section"), now
        ).defer("body", "body_html", "body_toc").order_by(*kind.ordering)[:PANEL_ROWS]
        rows = [
            Row(
                article=article,
                url=reverse(f"{site_name}:articles_article_change", args=[article.pk]),
                facts=[fact for fact in kind.facts(article, now) if fact],
                note=kind.note(article),
            )
            for article in stories
        ]
        panels.append(Panel(
            key=kind.key, title=kind.title, count=counts[kind.key], rows=rows,
            url=f"{changelist}?{urlencode(kind.params())}", scope=kind.scope(now),
            empty=kind.empty,
        ))
    return panels
