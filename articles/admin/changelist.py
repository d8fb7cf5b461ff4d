"""Changelist filters that say what is true: a scheduled story is not yet live."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Article

Status = Article.Status


class StateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, Status.DRAFT.label),
            (Status.SUBMITTED, Status.SUBMITTED.label),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
            (Status.WITHDRAWN, Status.WITHDRAWN.label),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=now)
        if value == "live":
            return queryset.filter(Q(status=Status.PUBLISHED) & Q(publish_at__lte=now))
        if value in (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN):
            return queryset.filter(status=value)
        # An unknown state lists nothing, as the other filters do, rather than everything.
        return queryset if value is None else queryset.none()
