"""Logins in the admin: the chief manages the desk's accounts without escalating.

Chief editors hold ``auth.add_user`` and ``auth.change_user`` so they can add
a reporter and give them a role. Django's own user admin would then let them
make anyone a superuser, grant raw permissions, put people (themselves
included) in any group, or take over a superuser's account. So for everyone
but a superuser this admin:

- hides superusers: they are not listed and their pages are a 404;
- leaves out ``is_superuser`` and ``user_permissions``, so a forged POST of
  them is ignored;
- offers only the newsroom's groups, and keeps any other group a user has;
- shows the editor's own groups read-only.

Superusers keep the full power of Django's admin.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..logins import role_labels
from ..roles import NEWSROOM_GROUPS

User = get_user_model()
# Fields that give power beyond the newsroom's roles: for superusers only.
SUPERUSER_FIELDS = ("is_superuser", "user_permissions")


def _limited(request):
    return not request.user.is_superuser


class NewsroomUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "newsroom_role", "is_staff",
                    "is_active")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if _limited(request):
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        """A login the editor may not see is "not found", like one that does not exist."""
        user = super().get_object(request, object_id, from_field)
        if user is None:
            raise Http404(gettext("There is no such login."))
        return user

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _limited(request):
            return fieldsets
        return [
            (name, {**options, "fields": [
                field for field in options["fields"] if field not in SUPERUSER_FIELDS
            ]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if _limited(request) and obj is not None and obj.pk == request.user.pk:
            # Nobody chooses their own role: that is how a role would grow.
            readonly.append("groups")
        return readonly

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if _limited(request):
            filters = [f for f in filters if f not in SUPERUSER_FIELDS]
        return filters

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and request is not None and _limited(request):
            kwargs["queryset"] = Group.objects.filter(name__in=NEWSROOM_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # The form offers only the newsroom's groups, and saving it sets
        # exactly those: put back the others, which the editor cannot see.
        kept = []
        if _limited(request) and change and "groups" in form.cleaned_data:
            kept = list(form.instance.groups.exclude(name__in=NEWSROOM_GROUPS))
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)

    @admin.display(description=_("newsroom role"))
    def newsroom_role(self, user):
        labels = role_labels(user, [group.name for group in user.groups.all()])
        return ", ".join(str(label) for label in labels) or "-"


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
