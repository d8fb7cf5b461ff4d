"""taggit's own Tag admin, kept, with its merge action's label translatable.

taggit declares the action with a plain string, which no catalogue can translate.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.models import Tag


class NewsroomTagAdmin(TagAdmin):
    @admin.action(description=_("Merge selected tags"))
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)


admin.site.unregister(Tag)
admin.site.register(Tag, NewsroomTagAdmin)
