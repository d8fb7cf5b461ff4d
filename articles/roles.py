"""The newsroom's roles, as Django groups with their permissions.

Group names are stable English keys ("Reporters", "Editors", ...) because
code, commands and later issues look groups up by name, and a name stored in
the database cannot follow the reader's language. What people see is the
translatable ``label`` (记者, 编辑, ... in the Chinese interface).

``ensure_newsroom_groups()`` is safe to call any number of times: it creates
missing groups and adds missing permissions, and leaves alone whatever an
administrator granted on top (``reset=True`` makes the groups exactly match
this file instead). Every ``migrate`` calls it with ``reset=True`` (see
``apps.py``), so the roles exist on every database and follow this file.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Apps whose permissions make up "the newsroom": a chief editor holds them all.
NEWSROOM_APPS = ("articles", "taggit")

REPORTERS = "Reporters"
PHOTOGRAPHERS = "Photographers"
EDITORS = "Editors"
SECTION_HEADS = "Section heads"
CHIEF_EDITORS = "Chief editors"


def _perms(model, *actions, app="articles"):
    return tuple(f"{app}.{action}_{model}" for action in actions)


# The parts of a story edited inline with it: whoever edits a story must be
# able to remove a wrong byline, photo placement or fact box from it.
_STORY_PARTS = (
    *_perms("byline", "add", "change", "delete", "view"),
    *_perms("articlephoto", "add", "change", "delete", "view"),
    *_perms("factbox", "add", "change", "delete", "view"),
)
_LOOK_UP = (
    *_perms("contributor", "view"),
    *_perms("section", "view"),
    *_perms("tag", "view", app="taggit"),
)

_REPORTER_PERMISSIONS = (
    *_perms("article", "add", "change", "view"),
    *_STORY_PARTS,
    *_perms("photo", "add", "change", "view"),
    *_perms("correction", "view"),
    *_perms("workflowevent", "view"),
    *_LOOK_UP,
)

# 编辑: edits anyone's stories and gives the first review (初审).
_EDITOR_PERMISSIONS = (
    *_REPORTER_PERMISSIONS,
    "articles.edit_others_article",
    "articles.review_level_1",
    *_perms("correction", "add", "change"),
    *_perms("tag", "add", "change", app="taggit"),
    # 首页编排: arranging the front page is the desk's, not the reporters'.
    *_perms("frontpage", "view", "change"),
    # The paper's own pages (about us, contact); deleting one stays the chief's.
    *_perms("infopage", "view", "add", "change"),
)
# 部门主任: also the second review (复审).
_SECTION_HEAD_PERMISSIONS = (*_EDITOR_PERMISSIONS, "articles.review_level_2")
# 总编辑 / 值班总编: every newsroom permission (the final review, 终审, included),
# and the desk's logins, within the limits the user admin sets.
_CHIEF_EXTRA = (
    *_perms("user", "view", "add", "change", app="auth"),
    *_perms("group", "view", app="auth"),
)


@dataclass(frozen=True)
class NewsroomRole:
    name: str
    label: Promise
    # "app_label.codename" strings; None means every newsroom permission.
    permissions: tuple[str, ...] | None
    # The name the management command takes: newsroom_role alice editor.
    key: str = ""
    extra: tuple[str, ...] = ()


ROLES = (
    NewsroomRole(REPORTERS, _("Reporters"), _REPORTER_PERMISSIONS, "reporter"),
    NewsroomRole(
        PHOTOGRAPHERS, _("Photographers"),
        (*_perms("photo", "add", "change", "view"), *_perms("contributor", "view")),
        "photographer",
    ),
    NewsroomRole(EDITORS, _("Editors"), _EDITOR_PERMISSIONS, "editor"),
    NewsroomRole(SECTION_HEADS, _("Section heads"), _SECTION_HEAD_PERMISSIONS, "section-head"),
    # Deleting, sections and people are for the chief alone.
    NewsroomRole(CHIEF_EDITORS, _("Chief editors"), None, "chief", extra=_CHIEF_EXTRA),
)
ROLES_BY_KEY = {role.key: role for role in ROLES}
NEWSROOM_GROUPS = tuple(role.name for role in ROLES)


def _available_permissions(using="default"):
    found = Permission.objects.using(using).filter(
        content_type__app_label__in=(*NEWSROOM_APPS, "auth")
    ).select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}": p for p in found}


def permissions_for(role, available=None):
    """The Permission objects a role grants; a name missing from the database is an error."""
    available = _available_permissions() if available is None else available
    if role.permissions is None:
        names = [n for n in available if n.split(".")[0] in NEWSROOM_APPS]
    else:
        names = list(role.permissions)
    names += role.extra
    missing = sorted(set(names) - set(available))
    if missing:
        raise ImproperlyConfigured(
            f"Permissions {', '.join(missing)} do not exist; run 'manage.py migrate' first."
        )
    return [available[name] for name in names]


def ensure_newsroom_groups(reset=False, using="default"):
    """Create the newsroom groups with their permissions; return them by name."""
    with transaction.atomic(using=using):
        available = _available_permissions(using)
        groups = {}
        for role in ROLES:
            group, _created = Group.objects.using(using).get_or_create(name=role.name)
            wanted = permissions_for(role, available)
            if reset:
                group.permissions.set(wanted)
            else:
                group.permissions.add(*wanted)
            groups[role.name] = group
        return groups
