"""The paper's own pages (about us, contact): for whoever holds their permissions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import InfoPage


@admin.register(InfoPage)
class InfoPageAdmin(admin.ModelAdmin):
    fields = ["title", "slug", "body", "order", "in_footer"]
    list_display = ["title", "slug", "order", "in_footer", "updated_at"]
    list_editable = ["order", "in_footer"]
    search_fields = ["title", "slug"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("help_texts", {
            "slug": _("The page's address: /about/<slug>/. Latin letters, digits and hyphens."),
            "body": _("The story body's markup: a blank line between paragraphs, "
                      "“## ” before a subhead. HTML is shown as typed, never run."),
        })
        return super().get_form(request, obj, change, **kwargs)
