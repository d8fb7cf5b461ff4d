"""``manage.py load_demo``: the demo newsroom for development (see articles.demo)."""

import re
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import workflow
from articles.demo import load_demo
from articles.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from articles.demo.frontpage import arrange_front_page
from articles.demo.placeholders import DEFAULT_SIZE
from articles.demo.sample import SampleFormatError
from articles.roles import ROLES

SIZE = re.compile(r"^(\d{2,4})x(\d{2,4})$")
MAX_SIDE = 4000
SITE = "http://127.0.0.1:8000"


def photo_size(value):
    match = SIZE.match(value.strip().lower())
    if not match or max(int(match[1]), int(match[2])) > MAX_SIDE:
        raise CommandError(
            _("Photo size must look like 1200x800 (width x height, 10 to 4000 pixels).")
        )
    return int(match[1]), int(match[2])


class Command(BaseCommand):
    help = _(
        "Load the demo newsroom: the sample story, generated stories, newsroom groups "
        "and demo logins. Only in demo mode (DEBUG on); safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--photo-size", default="{}x{}".format(*DEFAULT_SIZE),
            help=_("Size of the placeholder pictures, e.g. 1200x800."),
        )
        parser.add_argument(
            "--site-url", default=SITE,
            help=_("Where the site will be served, for the addresses printed at the end."),
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                _("The demo newsroom is loaded only in demo mode (DEBUG=1): its logins share "
                  "a published password. Nothing was changed.")
            )
        size = photo_size(options["photo_size"])
        started = time.perf_counter()
        try:
            report = load_demo(photo_size=size)
            arrange_front_page()  # articles.demo.frontpage: the sample story leads
        except SampleFormatError as error:
            raise CommandError(_("The sample story cannot be read: %s") % error) from error
        except PermissionDenied as error:
            raise CommandError(
                _("A demo login has lost its role's permissions; restore its group or "
                  "delete the login so it is created again.")
            ) from error
        except workflow.Refused as error:
            # Demo stories pass the same checks as any story; a database edited
            # since the last load (a photo's credit removed...) can fail them.
            raise CommandError(
                _("A demo story cannot take its step through the workflow: %s")
                % " ".join(error.messages)
            ) from error
        elapsed = time.perf_counter() - started

        self.stdout.write(self.style.SUCCESS(
            _("Demo newsroom ready in %(seconds).2f s: sample story %(sample)s, "
              "%(stories)d generated stories and %(accounts)d logins created.") % {
                "seconds": elapsed,
                "sample": pgettext("demo sample story", "created")
                if report.sample_created
                else pgettext("demo sample story", "already there"),
                "stories": report.stories_created,
                "accounts": report.accounts_created,
            }
        ))
        site = options["site_url"].rstrip("/")
        self.stdout.write(_("Sample story: %s") % f"{site}{report.sample_url}")
        self.stdout.write(_("Demo logins at %s (password “%s”):") % (f"{site}/admin/",
                                                                      DEMO_PASSWORD))
        labels = {role.name: role.label for role in ROLES}
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<13} {labels[account.group]}")
