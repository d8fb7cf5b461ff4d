"""Demo logins, one per newsroom role, each linked to a demo contributor.

The three reviewers are ``editor`` (初审), ``head`` (复审) and ``chief`` (终审);
``history`` has each demo story approved by them in that order.

Only ever created in demo mode (the command checks). A login that already
exists is left exactly as it is, so a password someone changed stays changed.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from articles.roles import CHIEF_EDITORS, EDITORS, PHOTOGRAPHERS, REPORTERS, SECTION_HEADS

DEMO_PASSWORD = "newsdesk-demo"  # noqa: S105 (published in the README on purpose)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    group: str
    contributor_slug: str


DEMO_ACCOUNTS = (
    DemoAccount("reporter", REPORTERS, "chen-siyuan"),
    DemoAccount("photographer", PHOTOGRAPHERS, "zheng-kai"),
    DemoAccount("editor", EDITORS, "ma-li"),
    DemoAccount("head", SECTION_HEADS, "hu-wenjie"),
    DemoAccount("chief", CHIEF_EDITORS, "gao-yuan"),
)


def ensure_demo_accounts(groups, contributors):
    """The demo users by username, and how many were created now."""
    User = get_user_model()
    users, created = {}, 0
    existing = User.objects.in_bulk([a.username for a in DEMO_ACCOUNTS], field_name="username")
    # Hashing is slow on purpose; the demo logins share one published password.
    password = make_password(DEMO_PASSWORD) if len(existing) < len(DEMO_ACCOUNTS) else None
    for account in DEMO_ACCOUNTS:
        user = existing.get(account.username)
        if user is None:
            user = User.objects.create(
                username=account.username, password=password, is_staff=True
            )
            user.groups.add(groups[account.group])
            contributor = contributors[account.contributor_slug]
            if contributor.user_id is None:
                contributor.user = user
                contributor.save(update_fields=["user"])
            created += 1
        users[account.username] = user
    return users, created
