"""Who may take which workflow step on which story: the whole matrix, written out.

The expected outcomes are data typed from the issue's rules, not derived from
articles.permissions, so a change of rule in the code shows up here as a
failing row. Each table row may use ``*`` (any) or a comma-separated list in a
cell; every case must match exactly one row, so a gap or an overlap in the
table is a failing case too.

Each (role, step) is one test; every (state, own/other, levels) cell in it
is a subtest, named in a failure's report (one pytest item per cell would
cost more in setup than the cells themselves).

Outcomes: ``allowed`` (the step runs: fields change, version +1, one event),
``forbidden`` (PermissionDenied) and ``refused`` (workflow.Refused: the story's
state forbids it). Either refusal leaves the row and the audit log untouched.
The stories pass the publish checklist and carry no embargo, so the matrix
tests permission and state only; test_review.py tests the rules.

States: ``draft``; ``sub0``/``sub1``/``sub2`` submitted with that many review
levels passed (only those below the section's levels exist); ``live``
published in the past; ``sched`` published for tomorrow; ``withdrawn``.
Roles are users in the real newsroom groups; ``admin`` is a superuser.
"""

import copy
import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from articles import permissions, roles, workflow
from articles.models import Article, WorkflowEvent

from .factories import (
    ROLE_GROUPS,
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("reporter", "photographer", "editor", "head", "chief", "admin")
TRANSITIONS = (
    "submit", "recall", "approve", "publish", "send_back", "withdraw", "return_to_draft",
    "reschedule", "embargo", "assign_editor",
)
STATES = ("draft", "sub0", "sub1", "sub2", "live", "sched", "withdrawn")
LEVELS = ("1", "2", "3")

# role / transition / state / story / levels -> outcome
MATRIX = """
role                              transition       state                                 story  levels  outcome

reporter                          submit           draft                                 own    *       allowed
reporter                          submit           sub0,sub1,sub2,live,sched,withdrawn   own    *       refused
reporter                          submit           *                                     other  *       forbidden
photographer                      submit           *                                     *      *       forbidden
editor,head,chief,admin           submit           draft                                 *      *       allowed
editor,head,chief,admin           submit           sub0,sub1,sub2,live,sched,withdrawn   *      *       refused

reporter,editor,head,chief,admin  recall           sub0,sub1,sub2                        own    *       allowed
reporter,editor,head,chief,admin  recall           draft,live,sched,withdrawn            own    *       refused
reporter,editor,head,chief,admin  recall           *                                     other  *       forbidden
photographer                      recall           *                                     *      *       forbidden

reporter,photographer             approve          *                                     *      *       forbidden
editor,head,chief,admin           approve          draft                                 *      *       refused
editor,head,chief,admin           approve          sub0                                  *      1       refused
editor,head,chief,admin           approve          sub0                                  *      2,3     allowed
editor                            approve          sub1,sub2                             *      *       forbidden
head,chief,admin                  approve          sub1                                  *      2       refused
head,chief,admin                  approve          sub1                                  *      3       allowed
head                              approve          sub2                                  *      *       forbidden
chief,admin                       approve          sub2                                  *      *       refused
editor                            approve          live,sched,withdrawn                  *      1       refused
editor                            approve          live,sched,withdrawn                  *      2,3     forbidden
head                              approve          live,sched,withdrawn                  *      1,2     refused
head                              approve          live,sched,withdrawn                  *      3       forbidden
chief,admin                       approve          live,sched,withdrawn                  *      *       refused

reporter,photographer             publish          *                                     *      *       forbidden
editor                            publish          *                                     *      2,3     forbidden
editor,head,chief,admin           publish          sub0                                  *      1       allowed
editor,head,chief,admin           publish          draft,live,sched,withdrawn            *      1       refused
head,chief,admin                  publish          sub1                                  *      2       allowed
head,chief,admin                  publish          draft,sub0,live,sched,withdrawn       *      2       refused
head                              publish          *                                     *      3       forbidden
chief,admin                       publish          sub2                                  *      3       allowed
chief,admin                       publish          draft,sub0,sub1,live,sched,withdrawn  *      3       refused

reporter,photographer             send_back        *                                     *      *       forbidden
editor,head,chief,admin           send_back        sub0                                  *      *       allowed
editor                            send_back        sub1,sub2                             *      *       forbidden
head,chief,admin                  send_back        sub1                                  *      *       allowed
head                              send_back        sub2                                  *      *       forbidden
chief,admin                       send_back        sub2                                  *      *       allowed
editor,head,chief,admin           send_back        draft                                 *      *       refused
editor                            send_back        live,sched,withdrawn                  *      1       refused
editor                            send_back        live,sched,withdrawn                  *      2,3     forbidden
head                              send_back        live,sched,withdrawn                  *      1,2     refused
head                              send_back        live,sched,withdrawn                  *      3       forbidden
chief,admin                       send_back        live,sched,withdrawn                  *      *       refused

reporter,photographer             withdraw         *                                     *      *       forbidden
editor                            withdraw         *                                     *      2,3     forbidden
head                              withdraw         *                                     *      3       forbidden
editor                            withdraw         live,sched                            *      1       allowed
editor                            withdraw         draft,sub0,withdrawn                  *      1       refused
head                              withdraw         live,sched                            *      1,2     allowed
head                              withdraw         draft,sub0,sub1,withdrawn             *      1,2     refused
chief,admin                       withdraw         live,sched                            *      *       allowed
chief,admin                       withdraw         draft,sub0,sub1,sub2,withdrawn        *      *       refused

reporter,photographer             return_to_draft  *                                     *      *       forbidden
editor                            return_to_draft  *                                     *      2,3     forbidden
head                              return_to_draft  *                                     *      3       forbidden
editor                            return_to_draft  withdrawn                             *      1       allowed
editor                            return_to_draft  draft,sub0,live,sched                 *      1       refused
head                              return_to_draft  withdrawn                             *      1,2     allowed
head                              return_to_draft  draft,sub0,sub1,live,sched            *      1,2     refused
chief,admin                       return_to_draft  withdrawn                             *      *       allowed
chief,admin                       return_to_draft  draft,sub0,sub1,sub2,live,sched       *      *       refused

reporter,photographer             reschedule       *                                     *      *       forbidden
editor                            reschedule       *                                     *      2,3     forbidden
head                              reschedule       *                                     *      3       forbidden
editor                            reschedule       sched                                 *      1       allowed
editor                            reschedule       draft,sub0,live,withdrawn             *      1       refused
head                              reschedule       sched                                 *      1,2     allowed
head                              reschedule       draft,sub0,sub1,live,withdrawn        *      1,2     refused
chief,admin                       reschedule       sched                                 *      *       allowed
chief,admin                       reschedule       draft,sub0,sub1,sub2,live,withdrawn   *      *       refused

reporter                          embargo          draft                                 own    *       allowed
reporter                          embargo          sub0,sub1,sub2,live,sched,withdrawn   own    *       forbidden
reporter                          embargo          *                                     other  *       forbidden
photographer                      embargo          *                                     *      *       forbidden
editor,head,chief,admin           embargo          draft,sub0,sub1,sub2,sched            *      *       allowed
editor,head,chief,admin           embargo          live,withdrawn                        *      *       refused

reporter,photographer             assign_editor    *                                     *      *       forbidden
editor,head,chief,admin           assign_editor    draft,sub0,sub1,sub2                  *      *       allowed
editor,head,chief,admin           assign_editor    withdrawn                             *      *       refused
editor                            assign_editor    live,sched                            *      1       allowed
editor                            assign_editor    live,sched                            *      2,3     forbidden
head                              assign_editor    live,sched                            *      1,2     allowed
head                              assign_editor    live,sched                            *      3       forbidden
chief,admin                       assign_editor    live,sched                            *      *       allowed
"""  # noqa: E501

# Who may change a story's text and parts (the admin's change form asks this).
# ``new`` is a story not saved yet; ``byline`` a story bylined to the user's
# linked contributor but created by someone else.
MAY_EDIT = """
role                              state                                story       levels  may_edit
photographer                      *                                    *           *       no
reporter,editor,head,chief,admin  new                                  *           *       yes
reporter                          draft                                own,byline  *       yes
reporter                          draft                                other       *       no
reporter                          sub0,sub1,sub2,live,sched,withdrawn  *           *       no
editor,head,chief,admin           draft,sub0,sub1,sub2                 *           *       yes
editor                            live,sched                           *           1       yes
editor                            live,sched                           *           2,3     no
head                              live,sched                           *           1,2     yes
head                              live,sched                           *           3       no
chief,admin                       live,sched                           *           *       yes
editor,head,chief,admin           withdrawn                            *           *       no
"""

VOCABULARY = {
    "role": set(ROLES),
    "transition": set(TRANSITIONS),
    "state": {*STATES, "new"},
    "story": {"own", "other", "byline"},
    "levels": set(LEVELS),
    "outcome": {"allowed", "forbidden", "refused"},
    "may_edit": {"yes", "no"},
}


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict  # column -> frozenset of accepted values, or None for "*"
    result: str

    def matches(self, case):
        return all(self.cells[c] is None or case[c] in self.cells[c] for c in self.cells)


def parse(table):
    """Rows of a whitespace-aligned table; the header names the columns, the last is the result."""
    lines = [
        (number, line.split()) for number, line in enumerate(table.splitlines(), 1)
        if line.strip()
    ]
    (_, header), *body = lines
    rows = []
    for number, cells in body:
        if len(cells) != len(header):
            raise ValueError(f"line {number}: {len(cells)} cells for {len(header)} columns")
        parsed = {}
        for column, cell in zip(header[:-1], cells[:-1], strict=True):
            values = None if cell == "*" else frozenset(cell.split(","))
            unknown = (values or set()) - VOCABULARY[column]
            if unknown:
                raise ValueError(f"line {number}: unknown {column} {sorted(unknown)}")
            parsed[column] = values
        if cells[-1] not in VOCABULARY[header[-1]]:
            raise ValueError(f"line {number}: unknown result {cells[-1]!r}")
        rows.append(Row(number, parsed, cells[-1]))
    return rows


MATRIX_ROWS = parse(MATRIX)
MAY_EDIT_ROWS = parse(MAY_EDIT)


def exists(state, levels):
    """sub1 and sub2 need a section with more levels than were passed."""
    passed = {"sub1": 1, "sub2": 2}.get(state, 0)
    return passed < int(levels)


def expected(rows, case):
    """The one row's result, or a description of the table's fault."""
    found = [row for row in rows if row.matches(case)]
    if len(found) == 1:
        return found[0].result
    return f"table fault: {len(found)} rows match (lines {[r.line for r in found]})"


def cells(*columns):
    """Every (state, story, levels) a case can start from, valid for the section's levels."""
    for state, story, levels in itertools.product(*columns):
        if exists(state, levels):
            yield state, story, levels


class Newsroom:
    """Users in the real groups, sections with 1-3 levels, and every starting story.

    A story is made once per (state, levels, owner); each case runs in a
    savepoint rolled back after it, so the next case finds the story as it was.
    """

    def __init__(self):
        groups = roles.ensure_newsroom_groups()
        self.users = {}
        for role in ROLES:
            user = UserFactory(username=f"matrix-{role}", is_superuser=role == "admin")
            if role in ROLE_GROUPS:
                user.groups.add(groups[ROLE_GROUPS[role]])
            ContributorFactory(user=user)
            self.users[role] = user
        # The other stories' author, and who passed the levels before the case's step.
        self.author = UserFactory(username="matrix-author")
        self.author.groups.add(groups[roles.REPORTERS])
        self.approvers = [UserFactory(username=f"matrix-approver-{n}") for n in (1, 2)]
        self.sections = {
            levels: SectionFactory(slug=f"matrix-{levels}", review_levels=int(levels))
            for levels in LEVELS
        }
        self.bylined = ContributorFactory()
        self.desk_editor = ContributorFactory(default_role="editor")
        self.new_editor = ContributorFactory(default_role="editor")
        self.stories, self.stored = {}, {}
        for state, story, levels in cells(STATES, ("own", "byline", "other"), LEVELS):
            for role in ROLES if story != "other" else (None,):
                made = self.make(state, story=story, levels=levels, user=self.users.get(role))
                self.stories[state, story, levels, role] = made
                if made.pk:
                    self.stored[made.pk] = snapshot(made), whole_row(made)

    def make(self, state, *, story, levels, user):
        """A story in ``state`` that passes the publish checklist and has no embargo."""
        passed = {"sub1": 1, "sub2": 2}.get(state, 0)
        if state in ("live", "sched", "withdrawn"):
            passed = int(levels)  # the final approval left it at the last level
        traits = {
            "new": {}, "draft": {}, "sub0": {"submitted": True}, "sub1": {"submitted": True},
            "sub2": {"submitted": True}, "live": {"published": True},
            "sched": {"scheduled": True}, "withdrawn": {"withdrawn": True},
        }[state]
        fields = dict(
            section=self.sections[levels],
            created_by=user if story == "own" else self.author,
            responsible_editor=self.desk_editor,
            review_level=passed,
            **traits,
        )
        if state == "new":
            return ArticleFactory.build(**fields)
        article = ArticleFactory(**fields)
        BylineFactory(
            article=article, contributor=user.contributor if story == "byline" else self.bylined
        )
        for level, approver in enumerate(self.approvers[:passed], 1):
            if state.startswith("sub"):
                WorkflowEvent.objects.create(
                    article=article, actor=approver, action="approve", level=level,
                    from_status="submitted", to_status="submitted",
                )
        return article

    def story(self, state, *, story, levels, role):
        """A fresh copy of the starting story, as a caller would load it."""
        if state == "new":
            return self.make(state, story=story, levels=levels, user=self.users[role])
        made = self.stories[state, story, levels, role if story != "other" else None]
        # A copy of the instance as made: what the database holds, since every
        # case's changes are rolled back, without a query to load it again.
        return copy.copy(made)

    def params(self, name, now):
        return {
            "reschedule": {"at": now + timedelta(days=2)},
            # Before the scheduled story's time, so that it is a plain tightening.
            "embargo": {"embargo_until": now + timedelta(hours=1)},
            "assign_editor": {"editor": self.new_editor},
        }.get(name, {})


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """Made once for the module inside a transaction rolled back at its end.

    Each test runs in a savepoint within it (as Django's setUpTestData does),
    so it sees the shared people and stories fresh and leaves nothing behind.
    """
    # The conftest's fast hasher is per test; this runs before any test's fixtures.
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        yield Newsroom()
        transaction.set_rollback(True)


WATCHED = (
    "status", "review_level", "publish_at", "embargo_until", "withdrawn_at",
    "responsible_editor_id", "version",
)
NOW = object()  # "set to the time the step ran"


def whole_row(article):
    """Every column of the story's row as stored, and its number of audit entries.

    Raw SQL: a refusal must leave the whole row alone, and one plain query per
    case keeps the matrix fast.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.*, (SELECT COUNT(*) FROM {WorkflowEvent._meta.db_table} e"  # noqa: S608
            f" WHERE e.article_id = a.id) FROM {Article._meta.db_table} a WHERE a.id = %s",
            [article.pk],
        )
        return cursor.fetchone()


def snapshot(article):
    """The watched fields as stored, and how many audit entries the story has."""
    stored = Article.objects.values(*WATCHED).get(pk=article.pk)
    return {**stored, "logged": WorkflowEvent.objects.filter(article_id=article.pk).count()}


def effect(name, before, params):
    """What an allowed step changes, and the level its audit entry records."""
    waited_for = before["review_level"] + 1
    changes, level = {
        "submit": ({"status": "submitted", "review_level": 0}, None),
        "recall": ({"status": "draft", "review_level": 0}, None),
        "approve": ({"review_level": waited_for}, waited_for),
        "publish": (
            {"status": "published", "review_level": waited_for, "publish_at": NOW}, waited_for,
        ),
        "send_back": ({"status": "draft", "review_level": 0}, waited_for),
        "withdraw": ({"status": "withdrawn", "withdrawn_at": NOW}, None),
        "return_to_draft": ({"status": "draft", "review_level": 0, "withdrawn_at": None}, None),
        "reschedule": ({}, None),
        "embargo": ({}, None),
        "assign_editor": ({}, None),
    }[name]
    if "at" in params:
        changes["publish_at"] = params["at"]
    if "embargo_until" in params:
        changes["embargo_until"] = params["embargo_until"]
    if "editor" in params:
        changes["responsible_editor_id"] = params["editor"].pk
    return changes, level


def check_case(newsroom, role, name, state, story, levels):
    """Run one cell of the matrix and check what it did against the table."""
    case = dict(role=role, transition=name, state=state, story=story, levels=levels)
    outcome = expected(MATRIX_ROWS, case)
    assert outcome in ("allowed", "forbidden", "refused"), outcome
    user = newsroom.users[role]
    article = newsroom.story(state, story=story, levels=levels, role=role)
    before, row = newsroom.stored[article.pk]
    started = timezone.now()
    params = newsroom.params(name, started)

    if outcome != "allowed":
        error = PermissionDenied if outcome == "forbidden" else workflow.Refused
        with pytest.raises(error):
            workflow.run(name, article, by=user, note="理由", **params)
        assert whole_row(article) == row
        assert (article.status, article.version) == (before["status"], before["version"])
        return

    event = workflow.run(name, article, by=user, note="理由", **params)
    finished = timezone.now()
    changes, level = effect(name, before, params)
    after = snapshot(article)
    for field, value in changes.items():
        if value is NOW:
            assert started <= after[field] <= finished, field
            after[field] = NOW
    assert after == {
        **before, **changes, "version": before["version"] + 1, "logged": before["logged"] + 1
    }
    assert (event.actor, event.action, event.from_status, event.to_status, event.level) == (
        user, name, before["status"], after["status"], level,
    )
    assert event.note == "理由"
    # The caller's copy follows the row, so the admin can show the result without a reload.
    assert (article.status, article.version) == (after["status"], after["version"])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", TRANSITIONS)
def test_permission_matrix(newsroom, subtests, role, name):
    """The role may take the step on the story (allowed), may not (forbidden), or the
    story's state does not allow it (refused); only an allowed step changes anything.
    Each (state, own/other, levels) is a subtest, named in a failure's report."""
    for state, story, levels in cells(STATES, ("own", "other"), LEVELS):
        with subtests.test(f"{role} {name} {state} {story} L{levels}"), transaction.atomic():
            check_case(newsroom, role, name, state, story, levels)
            transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_may_edit_matrix(newsroom, subtests, role):
    """Who may change a story's text: owners while it is a draft, the desk while it is in
    review, who may publish it once it is published, nobody once it is withdrawn."""
    user = newsroom.users[role]
    for state, story, levels in cells(("new", *STATES), ("own", "byline", "other"), LEVELS):
        with subtests.test(f"{role} {state} {story} L{levels}"):
            case = dict(role=role, state=state, story=story, levels=levels)
            answer = expected(MAY_EDIT_ROWS, case)
            assert answer in ("yes", "no"), answer
            article = newsroom.story(state, story=story, levels=levels, role=role)
            assert permissions.may_edit(user, article) is (answer == "yes")


def test_every_table_row_decides_some_case():
    """A row no case reaches is a typo or a rule the table only thinks it states."""
    cases = [
        dict(role=role, transition=name, state=state, story=story, levels=levels)
        for role, name in itertools.product(ROLES, TRANSITIONS)
        for state, story, levels in cells(STATES, ("own", "other"), LEVELS)
    ] + [
        dict(role=role, state=state, story=story, levels=levels)
        for role in ROLES
        for state, story, levels in cells(("new", *STATES), ("own", "byline", "other"), LEVELS)
    ]
    unused = [
        (table, row.line)
        for table, rows in (("MATRIX", MATRIX_ROWS), ("MAY_EDIT", MAY_EDIT_ROWS))
        for row in rows
        if not any(row.matches(case) for case in cases if case.keys() == row.cells.keys())
    ]
    assert unused == []


def test_the_matrix_covers_every_transition():
    """A new step in the registry must get its rows in the table."""
    assert set(workflow.TRANSITIONS) == set(TRANSITIONS)


def test_nobody_logged_out_owns_or_edits_a_story():
    """A visitor owns no story, not even one bylined to a contributor without a login."""
    article = ArticleFactory()
    BylineFactory(article=article, contributor=ContributorFactory(user=None))
    assert permissions.is_own(AnonymousUser(), article) is False
    assert permissions.may_edit(AnonymousUser(), article) is False
