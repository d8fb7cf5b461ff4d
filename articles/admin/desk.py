"""The desk's changelist columns and filters (issue 8, helper D).

The filters apply the dashboard's own conditions (``articles.desk``), so each
panel's "see all" link lists exactly the panel's stories:

* ``?mine=1``: my stories (``permissions.is_own``);
* ``?waiting=me``: submitted stories waiting for a level I may approve, oldest
  submission first unless another order is chosen;
* ``?desk=sent_back|next_24h|embargoed|recent|corrected``: the dashboard's
  other lists.

A value a filter does not know lists nothing, as ``StateFilter`` does.
The columns (who submitted, when, which level) come from subqueries in the
list's one query.
"""

from abc import ABCMeta, abstractmethod
from functools import cache

from django import forms
from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import desk

DESK_CSS = "newsdesk-admin/desk.css"
SUBMISSION_COLUMNS = ["submitter", "submitted_at", "current_level"]


class KnownValuesFilter(admin.SimpleListFilter, metaclass=ABCMeta):
    """A filter of fixed values, each a condition; a value it does not know lists nothing."""

    def lookups(self, request, model_admin):
        return self.labels()

    @abstractmethod
    def labels(self):
        """Each value the filter knows, with its label."""

    @abstractmethod
    def condition(self, request, value):
        """The stories a known ``value`` lists, as a Q."""

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in dict(self.labels()):
            return queryset.none()
        return queryset.filter(self.condition(request, value))


class MineFilter(KnownValuesFilter):
    title = _("owner")
    parameter_name = "mine"

    def labels(self):
        return [("1", _("Mine"))]

    def condition(self, request, value):
        return desk.own(request.user)


class WaitingFilter(KnownValuesFilter):
    title = _("review queue")
    parameter_name = "waiting"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.reviewer = bool(desk.review_levels_of(request.user))

    def has_output(self):
        # Hidden from who reviews nothing, yet still applied to an address that
        # asks for it (listing nothing): Django applies only the filters it draws.
        return self.reviewer or self.value() is not None

    def labels(self):
        return [("me", _("Waiting for me"))]

    def condition(self, request, value):
        return desk.waiting_for(request.user)


class DeskFilter(KnownValuesFilter):
    title = _("dashboard panel")
    parameter_name = "desk"

    def labels(self):
        return [
            ("sent_back", _("Sent back")),
            ("next_24h", _("Scheduled in the next 24 hours")),
            ("embargoed", _("Under embargo")),
            ("recent", _("Published in the last 7 days")),
            ("corrected", _("Corrected in the last 7 days")),
        ]

    def condition(self, request, value):
        now = timezone.now()
        return {
            "sent_back": desk.sent_back,
            "next_24h": lambda: desk.scheduled_within(now),
            "embargoed": lambda: desk.embargoed(now),
            "recent": lambda: desk.published_since(now),
            "corrected": lambda: desk.corrected_this_week(now),
        }[value]()


class QueueOrdering:
    """A ChangeList mixin: the review queue (``?waiting=…``) is listed oldest submission
    first, as the dashboard lists it, unless a column is chosen to sort by.

    Django's ``_get_default_ordering`` is where both the order and the column marked
    as sorted come from; ``ModelAdmin.get_ordering`` would leave the publication
    time's column marked as the order.
    """

    def _get_default_ordering(self):
        if WaitingFilter.parameter_name in self.params:
            return [F("submitted_at").asc(nulls_last=True), "pk"]
        return super()._get_default_ordering()


@cache
def queue_ordered(changelist_class):
    return type(f"Queue{changelist_class.__name__}", (QueueOrdering, changelist_class), {})


class DeskColumnsAdmin:
    """ArticleAdmin's columns and filters for the desk: mine, waiting for me, submitter."""

    @property
    def media(self):
        return super().media + forms.Media(css={"screen": [DESK_CSS]})

    def get_queryset(self, request):
        return desk.with_submission(super().get_queryset(request))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        at = columns.index("list_state") + 1 if "list_state" in columns else len(columns)
        columns[at:at] = [c for c in SUBMISSION_COLUMNS if c not in columns]
        return columns

    def get_list_filter(self, request):
        return [MineFilter, WaitingFilter, DeskFilter, *super().get_list_filter(request)]

    def get_changelist(self, request, **kwargs):
        return queue_ordered(super().get_changelist(request, **kwargs))

    # Neither column sorts from its header: ordering 100 000 stories by a subquery
    # takes seconds. The review queue (?waiting=me) lists oldest submission first.
    @admin.display(description=_("submitted by"))
    def submitter(self, obj):
        return getattr(obj, "submitter", None) or "—"

    @admin.display(description=_("submitted"))
    def submitted_at(self, obj):
        moment = getattr(obj, "submitted_at", None)
        if moment is None:
            return "—"
        return desk.short_time(moment, timezone.now())

    @admin.display(description=_("level"))
    def current_level(self, obj):
        return desk.level_label(obj)
