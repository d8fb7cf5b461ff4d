"""The audit log, readable by staff and written only by articles.workflow."""

from django.contrib import admin

from ..models import WorkflowEvent
from .dates import BoundedDateFilters


class AuditLogReadOnly:
    """Nobody adds, changes or deletes audit entries by hand, in a list or inline."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(AuditLogReadOnly, BoundedDateFilters, admin.ModelAdmin):
    list_display = ["created_at", "article", "action", "from_status", "to_status", "actor"]
    list_filter = ["action", "to_status"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "=article__short_id", "actor__username", "note"]
    date_hierarchy = "created_at"
    fields = ["created_at", "article", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
