"""Newsroom logins: which role a user holds, and giving them one.

The ``newsroom_role`` command and the user admin both read roles from here,
so "what is alice?" has one answer. A role is membership of one of the
groups in ``roles.py``; the administrator is Django's superuser instead,
because their power must not depend on a group anyone could edit.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .roles import NEWSROOM_GROUPS, ROLES, ROLES_BY_KEY, ensure_newsroom_groups

ADMINISTRATOR = "administrator"
ADMINISTRATOR_LABEL = _("Administrator")
ROLE_KEYS = (*ROLES_BY_KEY, ADMINISTRATOR)


def role_labels(user, group_names=None):
    """The user's roles as words, the administrator first, then the newsroom's in rank order.

    ``group_names`` spares a query when the caller has the groups prefetched.
    """
    if group_names is None:
        group_names = user.groups.values_list("name", flat=True)
    names = set(group_names)
    labels = [ADMINISTRATOR_LABEL] if user.is_superuser else []
    return labels + [role.label for role in ROLES if role.name in names]


@transaction.atomic
def assign_role(user, key, *, keep_others=False):
    """Give ``user`` the role ``key`` (a key of ``ROLES_BY_KEY`` or ``ADMINISTRATOR``).

    Every role works in the admin, so the user becomes staff. A newsroom role
    replaces the user's other newsroom roles and any administrator rights,
    unless ``keep_others``; groups outside the newsroom are never touched.
    """
    user.is_staff = True
    if key == ADMINISTRATOR:
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
        return
    group = ensure_newsroom_groups()[ROLES_BY_KEY[key].name]
    if not keep_others:
        user.is_superuser = False
        user.groups.remove(*Group.objects.filter(name__in=NEWSROOM_GROUPS).exclude(pk=group.pk))
    user.groups.add(group)
    user.save(update_fields=["is_staff", "is_superuser"])
