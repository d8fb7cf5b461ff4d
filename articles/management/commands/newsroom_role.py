"""``manage.py newsroom_role alice editor``: give a login its newsroom role.

Roles are the groups in ``articles/roles.py`` (reporter, photographer,
editor, section-head, chief) and ``administrator`` (Django's superuser).
``--list`` shows who holds what.
"""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.logins import ADMINISTRATOR, ROLE_KEYS, assign_role, role_labels

PASSWORD_TRIES = 3


class Command(BaseCommand):
    help = _(
        "Give a login its newsroom role: reporter, photographer, editor, section-head, "
        "chief or administrator. The login becomes staff and leaves its other newsroom "
        "roles unless --add is given."
    )
    # Tests and scripts hand in their own stdin, to say whether it is a terminal.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help=_("The login's username."))
        parser.add_argument("role", nargs="?", help=", ".join(ROLE_KEYS))
        parser.add_argument(
            "--create", action="store_true",
            help=_("Create the login. On a terminal you are asked for its password; "
                   "otherwise it gets none until someone runs changepassword."),
        )
        parser.add_argument(
            "--add", action="store_true",
            help=_("Add the role to the ones the login has instead of replacing them."),
        )
        parser.add_argument(
            "--list", action="store_true", help=_("List the logins and their roles.")
        )

    def handle(self, *args, username=None, role=None, **options):
        self.stdin = options.get("stdin", sys.stdin)
        if options["list"]:
            self.list_logins()
            return
        if not username or not role:
            raise CommandError(_("Give a username and a role, or --list."))
        role = role.strip().lower()
        if role not in ROLE_KEYS:
            raise CommandError(
                _("Unknown role “%(role)s”; the roles are: %(roles)s.")
                % {"role": role, "roles": ", ".join(ROLE_KEYS)}
            )
        with transaction.atomic():
            user, created = self.find_or_create(username, create=options["create"])
            if not created:
                self.refuse_demoting_the_last_administrator(user, role, keep=options["add"])
            assign_role(user, role, keep_others=options["add"])
        self.stdout.write(self.style.SUCCESS(
            _("%(user)s is now: %(roles)s.") % {
                "user": user.get_username(),
                "roles": ", ".join(str(label) for label in role_labels(user)),
            }
        ))
        if created and not user.has_usable_password():
            self.stdout.write(
                _("%(user)s has no password yet, so cannot log in; set one with: "
                  "python manage.py changepassword %(user)s") % {"user": user.get_username()}
            )
        if not user.is_active:
            self.stdout.write(self.style.WARNING(
                _("%(user)s is inactive and cannot log in until reactivated.")
                % {"user": user.get_username()}
            ))

    def find_or_create(self, username, *, create):
        User = get_user_model()
        username = User.normalize_username(username)
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is not None and create:
            raise CommandError(
                _("The login “%(user)s” already exists; leave out --create to change its role.")
                % {"user": username}
            )
        if user is not None:
            return user, False
        if not create:
            raise CommandError(
                _("There is no login “%(user)s”; add --create to create it.") % {"user": username}
            )
        user = User(**{User.USERNAME_FIELD: username})
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if self.stdin.isatty():
            user.set_password(self.ask_password(user))
        else:
            # No terminal to ask on, and a password on the command line would
            # end up in the shell's history: no password until someone sets one.
            user.set_unusable_password()
        user.save()
        return user, True

    def ask_password(self, user):
        for _try in range(PASSWORD_TRIES):
            first = getpass.getpass(_("Password: "))
            if first != getpass.getpass(_("Password (again): ")):
                self.stderr.write(_("The passwords do not match."))
                continue
            try:
                validate_password(first, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return first
        raise CommandError(_("No password set after %d tries; nothing was created.")
                           % PASSWORD_TRIES)

    def refuse_demoting_the_last_administrator(self, user, role, *, keep):
        if role == ADMINISTRATOR or keep or not user.is_superuser:
            return
        others = get_user_model()._default_manager.filter(is_superuser=True, is_active=True)
        if not others.exclude(pk=user.pk).exists():
            raise CommandError(
                _("%(user)s is the only active administrator; make someone else one first, "
                  "or add --add to keep %(user)s an administrator.")
                % {"user": user.get_username()}
            )

    def list_logins(self):
        users = get_user_model()._default_manager.order_by("username").prefetch_related("groups")
        rows = [
            (
                user.get_username(),
                ", ".join(
                    str(label) for label in role_labels(user, [g.name for g in user.groups.all()])
                ) or "-",
                "" if user.is_active else _("inactive"),
            )
            for user in users
        ]
        if not rows:
            self.stdout.write(_("There are no logins yet."))
            return
        width = max(len(name) for name, _roles, _note in rows)
        for name, roles, note in rows:
            self.stdout.write(f"{name:<{width}}  {roles}  {note}".rstrip())
