"""Roles and logins: the newsroom's groups, the ``newsroom_role`` command, and the user
admin where a chief manages the desk's logins without being able to escalate."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from articles.roles import (
    CHIEF_EDITORS,
    EDITORS,
    NEWSROOM_GROUPS,
    PHOTOGRAPHERS,
    REPORTERS,
    ROLES_BY_KEY,
    SECTION_HEADS,
)

from .factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

STORY_PARTS = {
    f"articles.{action}_{model}"
    for model in ("byline", "articlephoto", "factbox")
    for action in ("add", "change", "delete", "view")
}
REPORTER = {
    "articles.add_article", "articles.change_article", "articles.view_article",
    *STORY_PARTS,
    "articles.add_photo", "articles.change_photo", "articles.view_photo",
    "articles.view_correction", "articles.view_workflowevent",
    "articles.view_contributor", "articles.view_section", "taggit.view_tag",
}
PHOTOGRAPHER = {
    "articles.add_photo", "articles.change_photo", "articles.view_photo",
    "articles.view_contributor",
}
EDITOR = REPORTER | {
    "articles.edit_others_article", "articles.review_level_1",
    "articles.add_correction", "articles.change_correction",
    "taggit.add_tag", "taggit.change_tag",
    "articles.view_frontpage", "articles.change_frontpage",
    "articles.view_infopage", "articles.add_infopage", "articles.change_infopage",
}
SECTION_HEAD = EDITOR | {"articles.review_level_2"}
LOGINS = {"auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group"}
REVIEW = {"articles.review_level_1", "articles.review_level_2", "articles.review_level_3"}


def group_permissions(name):
    group = Group.objects.get(name=name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def run(*args, stdin=None):
    """Run newsroom_role in English (assertions read the msgids); return what it printed."""
    out = io.StringIO()
    options = {"stdout": out, "stderr": io.StringIO()}
    if stdin is not None:
        options["stdin"] = stdin
    with translation.override("en"):
        call_command("newsroom_role", *args, **options)
    return out.getvalue()


def newsroom_groups(user):
    return set(user.groups.filter(name__in=NEWSROOM_GROUPS).values_list("name", flat=True))


class TestGroups:
    """The migrated database holds the newsroom's groups, each with exactly its permissions."""

    def test_every_role_has_a_group_after_migrate(self):
        """No command needed: migrating an empty database created the five groups."""
        assert set(Group.objects.values_list("name", flat=True)) >= set(NEWSROOM_GROUPS)
        assert len(NEWSROOM_GROUPS) == 5

    def test_reporters_write_but_neither_edit_others_nor_review(self):
        """记者: their own stories, their parts and photos; no other people's, no review."""
        permissions = group_permissions(REPORTERS)
        assert permissions == REPORTER
        assert "articles.edit_others_article" not in permissions
        assert not permissions & REVIEW

    def test_photographers_handle_photos_only(self):
        """摄影记者: the photo library and a look at contributors, nothing of the stories."""
        assert group_permissions(PHOTOGRAPHERS) == PHOTOGRAPHER

    def test_editors_review_at_level_one_only(self):
        """编辑: anyone's drafts, corrections, tags, and 初审 — not 复审 or 终审."""
        permissions = group_permissions(EDITORS)
        assert permissions == EDITOR
        assert permissions & REVIEW == {"articles.review_level_1"}

    def test_section_heads_review_at_levels_one_and_two(self):
        """部门主任: what editors may, and 复审."""
        permissions = group_permissions(SECTION_HEADS)
        assert permissions == SECTION_HEAD
        assert permissions & REVIEW == {"articles.review_level_1", "articles.review_level_2"}

    def test_chiefs_hold_the_newsroom_and_the_desks_logins(self):
        """总编辑: every newsroom permission, all three levels, and adding and changing
        logins — but not deleting them or editing groups."""
        newsroom = {
            f"{app}.{codename}"
            for app, codename in Permission.objects.filter(
                content_type__app_label__in=["articles", "taggit"]
            ).values_list("content_type__app_label", "codename")
        }
        permissions = group_permissions(CHIEF_EDITORS)
        assert permissions == newsroom | LOGINS
        assert permissions >= REVIEW
        assert "auth.delete_user" not in permissions and "auth.change_group" not in permissions

    def test_migrate_puts_the_groups_back_as_roles_py_says(self):
        """An extra grant is taken away and a deleted group comes back on the next migrate."""
        Group.objects.get(name=EDITORS).permissions.add(
            Permission.objects.get(codename="delete_article")
        )
        Group.objects.filter(name=REPORTERS).delete()
        call_command("migrate", verbosity=0)
        assert group_permissions(EDITORS) == EDITOR
        assert group_permissions(REPORTERS) == REPORTER


class TestCommand:
    @pytest.mark.parametrize("key", list(ROLES_BY_KEY))
    def test_each_role_makes_staff_in_exactly_that_group(self, key):
        """An existing login leaves its other newsroom roles and gets this one; a group
        outside the newsroom stays."""
        outside = Group.objects.create(name="Night shift")
        user = UserFactory(is_staff=False)
        user.groups.add(Group.objects.get(name=CHIEF_EDITORS), outside)
        output = run(user.username, key)
        user.refresh_from_db()
        assert user.is_staff and not user.is_superuser
        assert newsroom_groups(user) == {ROLES_BY_KEY[key].name}
        assert user.groups.filter(pk=outside.pk).exists()
        assert user.username in output

    def test_add_keeps_the_other_roles(self):
        """--add gives a second role without taking the first away."""
        user = UserFactory()
        run(user.username, "reporter")
        run(user.username, "photographer", "--add")
        assert newsroom_groups(user) == {REPORTERS, PHOTOGRAPHERS}

    def test_administrator_is_a_staff_superuser(self):
        """administrator: Django's superuser, with the newsroom role left as it was."""
        user = UserFactory(is_staff=False)
        run(user.username, "editor")
        run(user.username, "administrator")
        user.refresh_from_db()
        assert user.is_superuser and user.is_staff
        assert newsroom_groups(user) == {EDITORS}

    def test_a_newsroom_role_replaces_administrator(self):
        """Making an administrator a reporter takes the superuser rights away."""
        UserFactory(username="root", is_superuser=True)
        user = UserFactory(is_superuser=True)
        run(user.username, "reporter")
        user.refresh_from_db()
        assert not user.is_superuser and newsroom_groups(user) == {REPORTERS}

    def test_the_last_administrator_is_not_demoted(self):
        """The only active superuser cannot be made a reporter: nobody could administer."""
        user = UserFactory(is_superuser=True)
        with pytest.raises(CommandError, match="only active administrator"):
            run(user.username, "reporter")
        user.refresh_from_db()
        assert user.is_superuser and not newsroom_groups(user)

    def test_create_without_a_terminal_leaves_no_password(self):
        """--create in a script: the login exists, cannot log in yet, and the output says
        how to give it a password."""
        output = run("lihua", "reporter", "--create", stdin=io.StringIO())
        user = User.objects.get(username="lihua")
        assert not user.has_usable_password()
        assert user.is_staff and newsroom_groups(user) == {REPORTERS}
        assert "manage.py changepassword lihua" in output

    def test_create_on_a_terminal_asks_for_the_password(self, monkeypatch):
        """At a terminal the password is asked twice, and a mismatch is asked again."""

        class Terminal(io.StringIO):
            def isatty(self):
                return True

        answers = iter(["first-Secret-9", "typo", "Good-Secret-42", "Good-Secret-42"])
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
        run("alice", "administrator", "--create", stdin=Terminal())
        user = User.objects.get(username="alice")
        assert user.check_password("Good-Secret-42")
        assert user.is_superuser and user.is_staff

    def test_list_shows_every_login_and_its_roles(self):
        """--list: one line per login, with its roles in words."""
        UserFactory(username="zhao")
        run("zhao", "section-head")
        UserFactory(username="boss", is_superuser=True)
        UserFactory(username="nobody", is_staff=False)
        lines = run("--list").splitlines()
        assert [line.split()[0] for line in lines] == ["boss", "nobody", "zhao"]
        assert "Administrator" in lines[0]
        assert lines[1].split()[1] == "-"
        assert "Section heads" in lines[2]

    def test_unknown_user_is_an_error(self):
        """A typo in the username names the problem and creates nobody."""
        with pytest.raises(CommandError, match="no login “ghost”.*--create"):
            run("ghost", "editor")
        assert not User.objects.filter(username="ghost").exists()

    def test_unknown_role_is_an_error(self):
        """A role not in roles.py lists the roles there are, and nothing changes."""
        user = UserFactory(is_staff=False)
        with pytest.raises(CommandError, match="section-head"):
            run(user.username, "superhero")
        user.refresh_from_db()
        assert not user.is_staff and not user.groups.exists()

    def test_create_of_an_existing_login_is_an_error(self):
        """--create never takes over a login that exists."""
        user = UserFactory()
        with pytest.raises(CommandError, match="already exists"):
            run(user.username, "chief", "--create")
        assert not newsroom_groups(user)

    def test_missing_arguments_are_an_error(self):
        """A username without a role is a usage error."""
        with pytest.raises(CommandError, match="--list"):
            run("alice")


USERS_URL = "/admin/auth/user/"


@pytest.fixture
def chief(client):
    user = UserFactory(username="chief")
    user.groups.add(Group.objects.get(name=CHIEF_EDITORS))
    client.force_login(user)
    return user


def change_data(user, *, groups, **extra):
    """The user change form as a browser would post it."""
    return {
        "username": user.username, "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "is_staff": "on",
        "date_joined_0": "2024-01-20", "date_joined_1": "08:30:00",
        "last_login_0": "", "last_login_1": "",
        "groups": [Group.objects.get(name=name).pk for name in groups],
        **extra,
    }


class TestUserAdmin:
    def test_chief_adds_a_reporter(self, client, chief):
        """The chief adds a login, then makes it a reporter on its change page."""
        response = client.post(f"{USERS_URL}add/", {
            "username": "xiaowang", "usable_password": "true",
            "password1": "Newsroom-pass-2024", "password2": "Newsroom-pass-2024",
        })
        assert response.status_code == 302
        added = User.objects.get(username="xiaowang")
        response = client.post(f"{USERS_URL}{added.pk}/change/",
                               change_data(added, groups=[REPORTERS]))
        assert response.status_code == 302
        added.refresh_from_db()
        assert added.is_staff and not added.is_superuser
        assert newsroom_groups(added) == {REPORTERS}
        assert added.check_password("Newsroom-pass-2024")

    def test_forged_superuser_and_permissions_are_ignored(self, client, chief):
        """is_superuser and user_permissions are not in the chief's form: posting them
        changes nothing but what the form has."""
        user = UserFactory()
        permission = Permission.objects.get(codename="delete_user")
        response = client.post(f"{USERS_URL}{user.pk}/change/", change_data(
            user, groups=[EDITORS], is_superuser="on", user_permissions=[permission.pk],
        ))
        assert response.status_code == 302
        user.refresh_from_db()
        assert not user.is_superuser and not user.user_permissions.exists()
        assert newsroom_groups(user) == {EDITORS}

    def test_only_newsroom_groups_can_be_given(self, client, chief):
        """A group outside the newsroom is not a valid choice; nothing is saved."""
        user = UserFactory()
        powerful = Group.objects.create(name="Site admins")
        powerful.permissions.add(Permission.objects.get(codename="delete_user"))
        data = change_data(user, groups=[REPORTERS])
        data["groups"].append(powerful.pk)
        response = client.post(f"{USERS_URL}{user.pk}/change/", data)
        assert response.status_code == 200 and response.context["adminform"].form.errors
        assert not user.groups.exists()

    def test_groups_the_chief_cannot_see_are_kept(self, client, chief):
        """Changing someone's role keeps a group an administrator gave them."""
        user = UserFactory()
        night = Group.objects.create(name="Night shift")
        user.groups.add(night, Group.objects.get(name=REPORTERS))
        client.post(f"{USERS_URL}{user.pk}/change/", change_data(user, groups=[EDITORS]))
        assert set(user.groups.values_list("name", flat=True)) == {"Night shift", EDITORS}

    def test_chief_cannot_change_their_own_groups(self, client, chief):
        """The chief's own page shows their role read-only; a forged change is ignored."""
        response = client.post(f"{USERS_URL}{chief.pk}/change/",
                               change_data(chief, groups=[REPORTERS, EDITORS]))
        assert response.status_code == 302
        assert newsroom_groups(chief) == {CHIEF_EDITORS}
        page = client.get(f"{USERS_URL}{chief.pk}/change/")
        assert "groups" not in page.context["adminform"].form.fields

    def test_superusers_are_out_of_the_chiefs_reach(self, client, chief):
        """Not listed; their change, password and history pages are 404s; the account
        stays as it was."""
        root = UserFactory(username="root", is_superuser=True)
        listing = client.get(USERS_URL)
        assert listing.status_code == 200
        assert [u.username for u in listing.context["cl"].result_list] == ["chief"]
        for page in ("change/", "password/", "history/"):
            assert client.get(f"{USERS_URL}{root.pk}/{page}").status_code == 404
        response = client.post(f"{USERS_URL}{root.pk}/password/", {
            "password1": "Taken-over-123", "password2": "Taken-over-123",
            "usable_password": "true",
        })
        assert response.status_code == 404
        root.refresh_from_db()
        assert root.check_password("pw-for-tests")

    def test_list_shows_each_users_role(self, client, chief):
        """The list has a role column in words."""
        reporter = UserFactory(username="xiaoli")
        reporter.groups.add(Group.objects.get(name=REPORTERS))
        response = client.get(USERS_URL, headers={"accept-language": "en"})
        rows = {u.username: response.context["cl"].model_admin.newsroom_role(u)
                for u in response.context["cl"].result_list}
        assert rows == {"chief": "Chief editors", "xiaoli": "Reporters"}
        assert "Chief editors" in response.content.decode()

    def test_superuser_keeps_full_power(self, client):
        """An administrator still sees everyone and can make a superuser."""
        admin_user = UserFactory(username="root", is_superuser=True)
        client.force_login(admin_user)
        user = UserFactory()
        outside = Group.objects.create(name="Site admins")
        response = client.post(f"{USERS_URL}{user.pk}/change/", change_data(
            user, groups=[CHIEF_EDITORS], is_superuser="on",
        ) | {"groups": [outside.pk]})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.is_superuser and list(user.groups.all()) == [outside]
