"""Sections and contributors: the desk's structure and the people it credits."""

from django.contrib import admin

from ..models import Contributor, Section
from .dates import NoPatternLookups
from .forms import ContributorAdminForm


@admin.register(Section)
class SectionAdmin(NoPatternLookups, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "review_levels"]
    list_editable = ["order", "review_levels"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Contributor)
class ContributorAdmin(NoPatternLookups, admin.ModelAdmin):
    form = ContributorAdminForm
    fields = ["name", "slug", "organisation", "default_role", "user", "bio", "is_active"]
    list_display = ["name", "organisation", "default_role", "user", "is_active"]
    list_filter = ["default_role", "is_active", "organisation"]
    list_select_related = ["user"]
    search_fields = ["name", "organisation", "slug"]
    autocomplete_fields = ["user"]
