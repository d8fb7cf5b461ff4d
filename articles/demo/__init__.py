"""The demo newsroom: the sample story, sixty generated stories, roles and logins.

``load_demo()`` may run any number of times: everything is found again by a
natural key (short id, section and contributor slug, username, a demo photo's
key), created only when missing, and never changed once it exists. Every story
reaches its state through the workflow, by the logins whose job it is
(``history``).
"""

from dataclasses import dataclass

from django.db import transaction

from articles.roles import ensure_newsroom_groups

from .accounts import ensure_demo_accounts
from .generated import load_generated
from .newsroom import CONTRIBUTORS, ensure_contributors, ensure_sections
from .pages import ensure_info_pages
from .placeholders import DEFAULT_SIZE
from .readership import load_readership
from .sample import load_sample


@dataclass(frozen=True)
class DemoReport:
    sample_created: bool
    stories_created: int
    accounts_created: int
    sample_url: str


@transaction.atomic
def load_demo(photo_size=DEFAULT_SIZE, story_count=60):
    groups = ensure_newsroom_groups()
    sections = ensure_sections()
    contributors = ensure_contributors(CONTRIBUTORS)
    users, accounts_created = ensure_demo_accounts(groups, contributors)
    sample, sample_created = load_sample(sections=sections, users=users, photo_size=photo_size)
    stories_created = load_generated(
        sections=sections, contributors=contributors, users=users,
        photo_size=photo_size, count=story_count,
    )
    load_readership()  # hourly tallies for "most read"; view_count stays as loaded
    ensure_info_pages()
    return DemoReport(sample_created, stories_created, accounts_created,
                      sample.get_absolute_url())
