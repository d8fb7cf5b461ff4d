"""The workflow's rules: the publish checklist, the hard embargo, timing, the review.

test_permission_matrix.py says who may take which step from which state; this
file says what the steps check and do once someone may. Messages are compared
in English, word for word: they are what the desk reads when a step is refused.
"""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles import permissions, roles, workflow
from articles.checklist import publication_problems
from articles.models import Article, Section

from .factories import (
    ROLE_GROUPS,
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    PhotoFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# A moment in the future, 14:30 in Asia/Shanghai (the newsroom's time zone).
THEN = datetime(2030, 1, 20, 6, 30, tzinfo=UTC)
THEN_LOCAL = "Jan. 20, 2030, 2:30 p.m."

@pytest.fixture
def person(db):
    """``person("head")``: a new user in that newsroom group, credited as a contributor
    unless ``credited=False``; ``person("admin")`` is a superuser."""
    groups = roles.ensure_newsroom_groups()

    def make(role, *, credited=True):
        user = UserFactory(is_superuser=role == "admin")
        if role in ROLE_GROUPS:
            user.groups.add(groups[ROLE_GROUPS[role]])
        if credited:
            ContributorFactory(user=user, default_role="editor")
        return user

    return make


def waiting(levels=1, passed=0, **fields):
    """A submitted story that passes the checklist, waiting for level ``passed + 1``."""
    article = ArticleFactory(
        submitted=True, section=SectionFactory(review_levels=levels), review_level=passed,
        **fields,
    )
    BylineFactory(article=article)
    return article


def stored(article):
    """What a refusal must leave alone: the row's workflow fields and the audit log."""
    row = Article.objects.values(
        "status", "review_level", "version", "publish_at", "embargo_until",
        "responsible_editor_id",
    ).get(pk=article.pk)
    return row, list(article.events.values_list("action", flat=True))


def refusal(name, article, *, by, **params):
    """Run a step expected to be refused; its reasons, in English."""
    before = stored(article)
    with translation.override("en"), pytest.raises(workflow.Refused) as refused:
        workflow.run(name, article, by=by, **params)
    assert stored(article) == before
    return refused.value.messages


def logged_refusal(name, article, *, by, **params):
    """Run a step whose refusal is logged; its reasons, after checking the log entry."""
    before_row, before_log = stored(article)
    with translation.override("en"), pytest.raises(workflow.Refused) as refused:
        workflow.run(name, article, by=by, **params)
    row, log = stored(article)
    assert row == before_row
    assert log == ["refused", *before_log]
    event = article.events.first()
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        by, article.status, article.status, " ".join(refused.value.messages),
    )
    return refused.value.messages


# --- the publish checklist -------------------------------------------------------


def no_summary(article):
    article.summary = ""


def invisible_summary(article):
    article.summary = " \u200b\u3000"


def no_byline(article):
    article.bylines.all().delete()


def photo_without_alt_text(article):
    ArticlePhotoFactory(article=article, photo=PhotoFactory(
        caption="江边的新楼。", alt_text=" ", credit_name="新华社",
    ))


def photo_without_credit(article):
    ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="江边的新楼。"))


def no_responsible_editor(article):
    pass  # the approver below is not a contributor and none is given


def repost_notice_only(article):
    article.repost_notice = "本文转载自互联网,如有侵权,联系删除。"


def repost_source_only(article):
    article.source_name = "斑马头条武汉"


def repost_without_url(article):
    article.source_name, article.original_author = "斑马头条武汉", "杨蔚"
    article.original_title = "武昌区数字经济"


def repost_without_author(article):
    article.source_name, article.source_url = "斑马头条武汉", "https://example.com/post/41c86c4e"
    article.original_title = "武昌区数字经济"


def repost_without_title(article):
    article.source_name, article.original_author = "斑马头条武汉", "杨蔚"
    article.source_url = "https://example.com/post/41c86c4e"


def repost_without_source(article):
    article.original_author, article.original_title = "杨蔚", "武昌区数字经济"
    article.source_url = "https://example.com/post/41c86c4e"


CHECKLIST = [
    (no_summary, ["The story has no summary (导语)."]),
    (invisible_summary, ["The story has no summary (导语)."]),
    (no_byline, ["The story has no byline."]),
    (photo_without_alt_text, ["The photo “江边的新楼。” has no alt text."]),
    (photo_without_credit, ["The photo “江边的新楼。” has no credit."]),
    (no_responsible_editor, ["The story has no responsible editor (责任编辑)."]),
    (repost_notice_only, [
        "A reposted story needs its source, original author, original title, original URL."
    ]),
    (repost_source_only, [
        "A reposted story needs its original author, original title, original URL."
    ]),
    (repost_without_url, ["A reposted story needs its original URL."]),
    (repost_without_author, ["A reposted story needs its original author."]),
    (repost_without_title, ["A reposted story needs its original title."]),
    (repost_without_source, ["A reposted story needs its source."]),
]


@pytest.mark.parametrize(
    ("spoil", "reasons"), CHECKLIST, ids=[spoil.__name__ for spoil, _ in CHECKLIST]
)
def test_each_checklist_problem_refuses_the_final_approval(person, spoil, reasons):
    """One missing thing is one reason, and the story stays where it was."""
    article = waiting()
    spoil(article)
    article.save()
    chief = person("chief", credited=spoil is not no_responsible_editor)
    assert refusal("publish", article, by=chief) == reasons


def test_every_checklist_problem_is_listed_at_once(person):
    """The desk fixes everything in one pass: every reason is given together, in order."""
    article = waiting(summary="", repost_notice="本文转载自互联网。")
    no_byline(article)
    ArticlePhotoFactory(article=article, photo=PhotoFactory(caption="碳汇大厦。", alt_text=""))
    assert refusal("publish", article, by=person("chief", credited=False)) == [
        "The story has no summary (导语).",
        "The story has no byline.",
        "The photo “碳汇大厦。” has no alt text.",
        "The photo “碳汇大厦。” has no credit.",
        "The story has no responsible editor (责任编辑).",
        "A reposted story needs its source, original author, original title, original URL.",
    ]


def test_a_photo_is_named_by_its_caption_in_the_story_or_else_its_file(person):
    """The reason names the photo as the story prints it (30 characters), or by its file."""
    article = waiting()
    ArticlePhotoFactory(
        article=article, caption="武汉市人大代表余松在武昌区数字经济企业的直播间里与主播交流互动。",
        photo=PhotoFactory(caption="图库里的说明。", alt_text=""),
    )
    nameless = PhotoFactory(caption="", alt_text="", credit_name="受访者")
    ArticlePhotoFactory(article=article, photo=nameless)
    assert refusal("publish", article, by=person("chief")) == [
        "The photo “武汉市人大代表余松在武昌区数字经济企业的直播间里与主播交流互” has no alt text.",
        "The photo “武汉市人大代表余松在武昌区数字经济企业的直播间里与主播交流互” has no credit.",
        f"The photo “{nameless.image.name}” has no alt text.",
    ]


def test_a_credited_photo_with_alt_text_passes(person):
    """A credit to a contributor or to a free name both count; the story publishes."""
    article = waiting()
    ArticlePhotoFactory(article=article, photo=PhotoFactory(credit_name="新华社"))
    ArticlePhotoFactory(article=article, photo=PhotoFactory(
        credit_contributor=ContributorFactory(name="何晓刚"),
    ))
    workflow.publish(article, by=person("chief"))
    assert article.status == "published"


def test_a_complete_repost_passes(person):
    """Source, original author, title and address together satisfy the checklist."""
    article = waiting(
        source_name="斑马头条武汉", original_author="杨蔚", original_title="武昌区数字经济",
        source_url="https://example.com/post/41c86c4e.html", repost_notice="本文转载自互联网。",
    )
    workflow.publish(article, by=person("chief"))
    assert article.status == "published"


# --- the responsible editor ------------------------------------------------------


def test_the_responsible_editor_defaults_to_the_final_approver(person):
    """Approving without naming an editor credits the approver's own contributor."""
    article, chief = waiting(), person("chief")
    workflow.publish(article, by=chief)
    article.refresh_from_db()
    assert article.responsible_editor == chief.contributor


def test_a_named_responsible_editor_wins(person):
    """The final approver may name someone else; the approver needs no contributor then."""
    article, editor = waiting(), ContributorFactory(name="赵可")
    workflow.publish(article, by=person("chief", credited=False), editor=editor)
    article.refresh_from_db()
    assert article.responsible_editor == editor


def test_an_assigned_responsible_editor_is_kept(person):
    """An editor assigned during review is not replaced by the approver's default."""
    article, editor = waiting(), ContributorFactory(name="赵可")
    workflow.assign_editor(article, by=person("editor"), editor=editor)
    workflow.publish(article, by=person("chief"))
    article.refresh_from_db()
    assert article.responsible_editor == editor


def test_assigning_nobody_as_responsible_editor_is_refused(person):
    """Changing the editor needs the new one."""
    assert refusal("assign_editor", waiting(), by=person("editor")) == [
        "Choose the responsible editor."
    ]


# --- the hard embargo ------------------------------------------------------------

EMBARGOED = (
    f"The story is under embargo until {THEN_LOCAL}; nobody can publish it before then. "
    "Schedule it for that time or later."
)


@pytest.mark.parametrize("role", ["chief", "admin"])
def test_the_embargo_refuses_even_the_chief_and_a_superuser_and_is_logged(person, role):
    """Publishing now under an embargo is refused to everyone and the attempt is audited."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article = waiting(embargo_until=THEN)
        assert logged_refusal("publish", article, by=person(role)) == [EMBARGOED]


def test_an_embargo_refusal_lists_the_checklist_too(person):
    """Every reason at once, the embargo's among them: the desk fixes the rest meanwhile."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article = waiting(embargo_until=THEN, summary="")
        assert logged_refusal("publish", article, by=person("chief")) == [
            EMBARGOED, "The story has no summary (导语).",
        ]


def test_an_approver_of_this_round_is_told_under_embargo_too(person):
    """The embargo adds its reason to the review's own; neither hides the other."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article, chief = waiting(levels=2, embargo_until=THEN), person("chief")
        workflow.approve(article, by=chief)
        assert logged_refusal("publish", article, by=chief) == [ALREADY_APPROVED, EMBARGOED]


@pytest.mark.parametrize("later", [timedelta(0), timedelta(seconds=1), timedelta(days=1)])
def test_scheduling_at_or_after_the_embargo_is_allowed(person, later):
    """The embargo's end is the earliest publication time, and it is allowed."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article, chief = waiting(embargo_until=THEN), person("chief")
        event = workflow.publish(article, by=chief, at=THEN + later)
    article.refresh_from_db()
    assert (article.status, article.publish_at, event.action) == (
        "published", THEN + later, "schedule",
    )


def test_scheduling_a_second_before_the_embargo_is_refused_and_logged(person):
    """The embargo holds to the second."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article = waiting(embargo_until=THEN)
        assert logged_refusal(
            "publish", article, by=person("chief"), at=THEN - timedelta(seconds=1)
        ) == [EMBARGOED]


def test_the_embargo_ends_at_its_time(person):
    """At the embargo's very moment, and after it, publishing now is allowed."""
    article, chief = waiting(embargo_until=THEN), person("chief")
    with time_machine.travel(THEN, tick=False):
        workflow.publish(article, by=chief)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == ("published", THEN)
    assert article.is_public(now=THEN)


def test_the_database_refuses_publishing_under_embargo():
    """Whatever code runs, the check constraint keeps an embargoed story unpublished."""
    now = timezone.now()
    article = waiting(embargo_until=now + timedelta(hours=1))
    stories = Article.objects.filter(pk=article.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        stories.update(status="published", publish_at=now)
    stories.update(status="published", publish_at=now + timedelta(hours=1))
    assert stories.get().is_scheduled(now)


def test_rescheduling_into_the_embargo_is_refused_and_logged(person):
    """Moving a scheduled story before its embargo is an attempt to break it."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article, chief = waiting(embargo_until=THEN), person("chief")
        workflow.publish(article, by=chief, at=THEN + timedelta(hours=1))
        assert logged_refusal(
            "reschedule", article, by=chief, at=THEN - timedelta(minutes=1)
        ) == [EMBARGOED]
        workflow.reschedule(article, by=chief, at=THEN)
    assert Article.objects.get(pk=article.pk).publish_at == THEN


def test_a_backdated_time_under_embargo_is_refused_for_both_reasons(person):
    """Publishing or rescheduling into the past of an embargoed story: both reasons, logged."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article, chief = waiting(embargo_until=THEN), person("chief")
        past = THEN - timedelta(hours=3)
        assert logged_refusal("publish", article, by=chief, at=past) == [EMBARGOED, BACKDATED]
        workflow.publish(article, by=chief, at=THEN)
        assert logged_refusal("reschedule", article, by=chief, at=past) == [
            EMBARGOED, BACKDATED,
        ]


def test_only_who_may_publish_lifts_or_shortens_an_embargo(person):
    """An editor on a story with two levels may tighten its embargo, not loosen it;
    the section head, who may publish it, may lift it."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article = waiting(levels=2, embargo_until=THEN)
        editor, head = person("editor"), person("head")
        loosening = ["Only who may publish the story may lift or shorten its embargo."]
        assert refusal("embargo", article, by=editor, embargo_until=None) == loosening
        assert refusal(
            "embargo", article, by=editor, embargo_until=THEN - timedelta(seconds=1)
        ) == loosening
        workflow.set_embargo(article, by=editor, embargo_until=THEN)  # the same is no loosening
        workflow.set_embargo(article, by=editor, embargo_until=THEN + timedelta(hours=1))
        assert Article.objects.get(pk=article.pk).embargo_until == THEN + timedelta(hours=1)
        event = workflow.set_embargo(article, by=head, embargo_until=None)
    assert Article.objects.get(pk=article.pk).embargo_until is None
    assert (event.action, event.actor) == ("embargo", head)


def test_an_embargo_that_has_ended_binds_nobody(person):
    """At its end an embargo is history: anyone on the story may clear or replace it."""
    article, editor = waiting(levels=2, embargo_until=THEN), person("editor")
    with time_machine.travel(THEN, tick=False):
        workflow.set_embargo(article, by=editor, embargo_until=None)
    assert Article.objects.get(pk=article.pk).embargo_until is None


def test_an_embargo_must_end_in_the_future(person):
    """An embargo ending now or earlier would mean nothing."""
    with time_machine.travel(THEN, tick=False):
        assert refusal("embargo", waiting(), by=person("chief"), embargo_until=THEN) == [
            "An embargo must end in the future."
        ]


def test_an_embargo_past_the_scheduled_time_needs_a_reschedule_first(person):
    """A scheduled story may get an embargo ending at its time, not after it."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article, chief = waiting(), person("chief")
        workflow.publish(article, by=chief, at=THEN)
        assert refusal(
            "embargo", article, by=chief, embargo_until=THEN + timedelta(seconds=1)
        ) == [
            f"The story is scheduled for {THEN_LOCAL}, before this embargo ends; "
            "reschedule it first."
        ]
        workflow.set_embargo(article, by=chief, embargo_until=THEN)
    assert Article.objects.get(pk=article.pk).embargo_until == THEN


# --- timing ----------------------------------------------------------------------


def test_a_scheduled_story_appears_exactly_when_its_time_comes(person):
    """No worker: one second before its time the story is hidden, from then on it is public."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article = waiting()
        workflow.publish(article, by=person("chief"), at=THEN)
    for moment, public in [
        (THEN - timedelta(seconds=1), False), (THEN, True), (THEN + timedelta(seconds=1), True)
    ]:
        with time_machine.travel(moment, tick=False):
            assert Article.objects.published().contains(article) is public
            assert Article.objects.get(pk=article.pk).is_public() is public


def test_a_scheduled_story_reads_as_scheduled_not_published(person):
    """The desk must not take a story waiting for its time for one readers already see."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article = waiting()
        workflow.publish(article, by=person("chief"), at=THEN)
        with translation.override("en"):
            assert str(article.status_label()) == "Scheduled"
    with time_machine.travel(THEN, tick=False), translation.override("en"):
        assert str(article.status_label()) == "Published"


def test_a_refused_step_names_the_state_as_the_desk_reads_it(person):
    """A step that does not apply says which state the story is in, scheduled included."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article, chief = waiting(), person("chief")
        workflow.publish(article, by=chief, at=THEN)
        assert refusal("return_to_draft", article, by=chief) == [
            "A story that is “Scheduled” cannot be changed this way."
        ]


BACKDATED = (
    "A publication time in the past would backdate the story; "
    "leave the time empty to publish now."
)


def test_backdating_is_refused(person):
    """More than a minute in the past is backdating; the story stays in review."""
    with time_machine.travel(THEN, tick=False):
        assert refusal(
            "publish", waiting(), by=person("chief"), at=THEN - timedelta(seconds=61)
        ) == [BACKDATED]


def test_a_time_a_minute_old_publishes_now(person):
    """A time the approver typed a moment ago means now; the story is not backdated."""
    with time_machine.travel(THEN, tick=False):
        article = waiting()
        event = workflow.publish(article, by=person("chief"), at=THEN - timedelta(seconds=60))
    assert (Article.objects.get(pk=article.pk).publish_at, event.action) == (THEN, "publish")


def test_rescheduling_a_live_story_is_refused(person):
    """A story readers can see is withdrawn, never moved in time."""
    article, chief = waiting(), person("chief")
    workflow.publish(article, by=chief)
    with translation.override("en"):
        assert refusal(
            "reschedule", article, by=chief, at=timezone.now() + timedelta(days=1)
        ) == ["A story that is “Published” cannot be changed this way."]


def test_rescheduling_needs_a_time_in_the_future(person):
    """Rescheduling asks for the new time and refuses one in the past; a moment ago is now."""
    with time_machine.travel(THEN - timedelta(hours=2), tick=False):
        article, chief = waiting(), person("chief")
        workflow.publish(article, by=chief, at=THEN)
        assert refusal("reschedule", article, by=chief) == ["Give the new publication time."]
        assert refusal(
            "reschedule", article, by=chief, at=THEN - timedelta(hours=3)
        ) == [BACKDATED]
        event = workflow.reschedule(article, by=chief, at=THEN - timedelta(hours=2, seconds=30))
    assert Article.objects.get(pk=article.pk).publish_at == THEN - timedelta(hours=2)
    assert event.action == "reschedule"


def test_publishing_clears_an_old_withdrawal_time(person):
    """A story published again carries no withdrawal time from an earlier life."""
    article = waiting(withdrawn_at=timezone.now() - timedelta(days=1))
    workflow.publish(article, by=person("chief"))
    assert Article.objects.get(pk=article.pk).withdrawn_at is None


def test_withdrawing_hides_the_story_and_return_to_draft_reopens_it(person):
    """Withdrawal (with its reason) takes a story off the site; the desk can rework it."""
    article, chief = waiting(), person("chief")
    workflow.publish(article, by=chief)
    with time_machine.travel(THEN, tick=False):
        event = workflow.withdraw(article, by=chief, note="  事实有误  ")
        assert not Article.objects.published().contains(article)
    assert event.note == "事实有误"
    assert Article.objects.get(pk=article.pk).withdrawn_at == THEN
    workflow.return_to_draft(article, by=chief)
    article.refresh_from_db()
    assert (article.status, article.review_level, article.withdrawn_at) == ("draft", 0, None)


@pytest.mark.parametrize("note", ["", "   "])
def test_withdrawing_needs_a_reason(person, note):
    """Readers lose a story: the log must say why."""
    article, chief = waiting(), person("chief")
    workflow.publish(article, by=chief)
    assert refusal("withdraw", article, by=chief, note=note) == ["Say why in the note."]


# --- the review (三审) -------------------------------------------------------------

ALREADY_APPROVED = (
    "You already approved a level of this story; another person must approve the next one."
)


def test_three_levels_take_three_people(person):
    """初审, 复审, 终审 by three people; one who approved a level may not approve the next."""
    article = waiting(levels=3)
    first_head, second_head, chief = person("head"), person("head"), person("chief")
    workflow.approve(article, by=first_head)
    assert refusal("approve", article, by=first_head) == [ALREADY_APPROVED]
    workflow.approve(article, by=second_head)
    workflow.publish(article, by=chief)
    events = article.events.order_by("id")
    assert [(e.actor, e.action, e.level) for e in events] == [
        (first_head, "approve", 1), (second_head, "approve", 2), (chief, "publish", 3),
    ]


def test_who_approved_a_level_may_not_give_the_final_approval(person):
    """The final approval is a level too: a chief who gave 初审 does not also give 终审."""
    article, chief, other_chief = waiting(levels=2), person("chief"), person("chief")
    workflow.approve(article, by=chief)
    assert refusal("publish", article, by=chief) == [ALREADY_APPROVED]
    workflow.publish(article, by=other_chief)
    assert Article.objects.get(pk=article.pk).status == "published"


def test_a_new_round_forgets_the_last_rounds_approvers(person):
    """After a send-back the review starts over: who approved before may approve again,
    at whatever level."""
    article = waiting(levels=3)
    first, second = person("head"), person("head")
    workflow.approve(article, by=first)
    workflow.send_back(article, by=second, note="补充采访")
    workflow.submit(article, by=second)
    workflow.approve(article, by=second)
    workflow.approve(article, by=first)
    assert Article.objects.get(pk=article.pk).review_level == 2


@pytest.mark.parametrize("note", [None, "", " \n "])
def test_sending_back_needs_a_note(person, note):
    """The reporter must learn what to change; leaving the note out is no note either."""
    given = {} if note is None else {"note": note}
    assert refusal("send_back", waiting(levels=2), by=person("editor"), **given) == [
        "Say why in the note."
    ]


def test_a_step_without_a_note_logs_none(person):
    """Steps that need no reason log an empty note, not a placeholder."""
    article = waiting()
    assert workflow.publish(article, by=person("chief")).note == ""


def test_sending_back_returns_the_story_to_draft_and_restarts_the_review(person):
    """A story sent back at level 2 is a draft again and will need level 1 first."""
    article, head = waiting(levels=3), person("head")
    workflow.approve(article, by=person("editor"))
    event = workflow.send_back(article, by=head, note="导语太长")
    article.refresh_from_db()
    assert (article.status, article.review_level) == ("draft", 0)
    assert (event.action, event.level, event.note) == ("send_back", 2, "导语太长")


def test_version_goes_up_by_one_per_step_and_not_on_refusal(person):
    """Every step is one change of the story; a refused one is none."""
    article = waiting(levels=3)
    editor, head, chief = person("editor"), person("head"), person("chief")
    versions = [Article.objects.get(pk=article.pk).version]
    steps = [
        ("approve", editor, {}), ("approve", head, {}), ("publish", chief, {}),
        ("withdraw", chief, {"note": "撤稿"}), ("return_to_draft", chief, {}),
        ("submit", editor, {}),
    ]
    for name, user, params in steps:
        workflow.run(name, article, by=user, **params)
        versions.append(Article.objects.get(pk=article.pk).version)
    refusal("publish", article, by=chief)
    versions.append(Article.objects.get(pk=article.pk).version)
    assert versions == [1, 2, 3, 4, 5, 6, 7, 7]
    assert article.version == 7


def test_a_step_stamps_the_story_and_the_callers_copy(person):
    """The change time moves with each step, in the database and in the caller's object."""
    with time_machine.travel(THEN - timedelta(hours=1), tick=False):
        article = waiting()
    with time_machine.travel(THEN, tick=False):
        workflow.publish(article, by=person("chief"))
    assert article.updated_at == THEN
    assert Article.objects.get(pk=article.pk).updated_at == THEN


def test_a_reporter_bylined_on_a_story_owns_it(person):
    """Owning is being bylined through one's linked contributor, not only having typed it."""
    reporter, other = person("reporter"), person("reporter")
    article = ArticleFactory(created_by=other)
    BylineFactory(article=article, contributor=reporter.contributor)
    workflow.submit(article, by=reporter)
    workflow.recall(article, by=reporter)
    assert [e.actor for e in article.events.order_by("id")] == [reporter, reporter]


def test_a_reviewer_is_asked_for_the_level_the_story_waits_for(person):
    """Without a level, may_review asks about the next one the story needs."""
    editor, head = person("editor"), person("head")
    first, second = waiting(levels=3), waiting(levels=3, passed=1)
    assert (permissions.may_review(editor, first), permissions.may_review(editor, second)) == (
        True, False,
    )
    assert permissions.may_review(head, second) is True


def test_a_step_reads_the_story_with_its_section_in_one_locked_query(person):
    """The section's review levels come with the locked row, not from a later read."""
    article, chief = waiting(), person("chief")
    with CaptureQueriesContext(connection) as queries:
        workflow.publish(article, by=chief)
    section = Section._meta.db_table
    assert [q["sql"] for q in queries if f'FROM "{section}"' in q["sql"]] == []


def test_the_checklist_reads_every_photo_and_its_credit_in_one_query(
    django_assert_num_queries,
):
    """However many photos a story has, the checklist costs two queries."""
    article = waiting()
    for name in ("何晓刚", "杨蔚", "覃柳玮"):
        ArticlePhotoFactory(
            article=article, photo=PhotoFactory(credit_contributor=ContributorFactory(name=name))
        )
    editor = ContributorFactory()
    with django_assert_num_queries(2):  # the bylines, the photos with their credits
        assert publication_problems(article, editor=editor) == []


def test_refusing_a_forbidden_step_says_so(person):
    """A step the user may not take is a 403 with a plain message."""
    with translation.override("en"), pytest.raises(PermissionDenied) as denied:
        workflow.publish(waiting(), by=person("reporter"))
    assert str(denied.value) == "You may not do this to this story."


# --- what the admin asks the registry --------------------------------------------


def test_available_lists_the_steps_the_user_may_take_now(person):
    """The buttons under a story: permitted and applicable now, in the registry's order."""
    article = waiting(levels=2, passed=1)
    assert [t.name for t in workflow.available(person("head"), article)] == [
        "publish", "send_back", "embargo", "assign_editor",
    ]
    assert [t.name for t in workflow.available(person("editor"), article)] == [
        "embargo", "assign_editor",
    ]
    reporter = person("reporter")
    own = ArticleFactory(created_by=reporter)
    assert [t.name for t in workflow.available(reporter, own)] == ["submit", "embargo"]
    scheduled, chief = waiting(), person("chief")
    workflow.publish(scheduled, by=chief, at=THEN)
    assert [t.name for t in workflow.available(chief, scheduled)] == [
        "withdraw", "reschedule", "embargo", "assign_editor",
    ]
    assert [t.name for t in workflow.available(chief, scheduled, now=THEN)] == [
        "withdraw", "assign_editor",
    ]


EVERY_STEP = set(workflow.TRANSITIONS)
DESK_STEPS = {"submit", "recall", "embargo"}


@pytest.mark.parametrize(("role", "offered"), [
    ("reporter", DESK_STEPS),
    ("photographer", set()),
    ("editor", EVERY_STEP),
    ("head", EVERY_STEP),
    ("chief", EVERY_STEP),
    ("admin", EVERY_STEP),
    ("review only", {"approve", "publish", "send_back"}),
])
def test_the_steps_offered_to_each_role(person, role, offered):
    """What a role could ever do, for menus and bulk actions."""
    if role == "review only":
        user = person("photographer", credited=False)
        user.user_permissions.add(Permission.objects.get(codename="review_level_1"))
    else:
        user = person(role)
    assert {name for name, t in workflow.TRANSITIONS.items() if t.offered_to(user)} == offered


def test_steps_that_ask_for_input_first():
    """Notes and times are asked for on a page; the rest run from a button."""
    article = ArticleFactory.build()
    asks = {name for name, t in workflow.TRANSITIONS.items() if t.needs_input(article)}
    assert asks == {"send_back", "withdraw", "reschedule", "embargo", "assign_editor"}


def test_labels_say_which_level_an_approval_gives():
    """'Approve (level 1 of 3)': the reviewer sees which review they give."""
    article = ArticleFactory.build(section=SectionFactory.build(review_levels=3), review_level=1)
    with translation.override("en"):
        labels = {name: str(t.label_for(article)) for name, t in workflow.TRANSITIONS.items()}
    assert labels["approve"] == "Approve (level 2 of 3)"
    assert labels["publish"] == "Approve and publish"
    assert labels["withdraw"] == "Withdraw (撤稿)"
    assert repr(workflow.TRANSITIONS["withdraw"]) == "<Transition withdraw>"


def test_an_edit_of_a_live_story_is_logged_with_its_fields(person):
    """Editing a published story leaves a trace naming the fields; saving nothing leaves none."""
    article, chief = waiting(), person("chief")
    workflow.publish(article, by=chief)
    assert workflow.record_edit(article, by=chief, fields=[]) is None
    event = workflow.record_edit(article, by=chief, fields=["title", "body"], note="改标题")
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "edit_published", chief, "published", "published",
    )
    assert (event.fields, event.note) == (["title", "body"], "改标题")
    assert workflow.record_edit(article, by=chief, fields=["summary"]).note == ""
    assert article.events.count() == 3


def test_contributor_of_a_login(person):
    """A login's credited person, if any; nobody for no login or a visitor."""
    chief = person("chief")
    assert workflow.contributor_of(chief) == chief.contributor
    assert workflow.contributor_of(person("chief", credited=False)) is None
    assert workflow.contributor_of(None) is None
    assert workflow.contributor_of(AnonymousUser()) is None


def test_a_refusal_lists_its_reasons_and_is_not_logged_by_default():
    """Refused is a ValidationError with every reason; only an embargo's is logged."""
    refused = workflow.Refused(["一", "二"])
    assert (refused.messages, refused.logged) == (["一", "二"], False)
    assert workflow.Refused(["三"], logged=True).logged is True


# --- on PostgreSQL: row locks ----------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks (select_for_update is a no-op) and one writer at a time; "
    "the row lock is PostgreSQL's to prove.",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_step_locks_the_story_not_its_section(person):
    """A step on one story never waits for work holding its section's row."""
    article, chief, outcome = waiting(), person("chief"), {}

    def publish():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            workflow.publish(Article.objects.get(pk=article.pk), by=chief)
            outcome["result"] = "published"
        except OperationalError:
            outcome["result"] = "waited for the section"
        finally:
            connection.close()

    with transaction.atomic():
        Section.objects.select_for_update().get(pk=article.section_id)
        thread = threading.Thread(target=publish)
        thread.start()
        thread.join(timeout=10)
    assert outcome == {"result": "published"}



def waiters_on_locks():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_advance_the_review_once(person):
    """Two editors approve level 1 at the same moment: the row lock lets one through,
    and the other then finds a story waiting for level 2, which it may not give."""
    article = waiting(levels=3)
    editors = [person("editor"), person("editor")]
    barrier, results = threading.Barrier(3), {}

    def approve(editor):
        try:
            copy = Article.objects.get(pk=article.pk)
            barrier.wait(timeout=10)
            workflow.approve(copy, by=editor)
            results[editor.pk] = "approved"
        except (PermissionDenied, workflow.Refused) as error:
            results[editor.pk] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(editor,)) for editor in editors]
    # Holding the row ourselves makes both threads queue on it before either reads,
    # so the race is the same every run instead of a matter of timing.
    with transaction.atomic():
        Article.objects.select_for_update().get(pk=article.pk)
        for thread in threads:
            thread.start()
        barrier.wait(timeout=10)
        deadline = time.monotonic() + 10
        while waiters_on_locks() < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["PermissionDenied", "approved"]
    article.refresh_from_db()
    assert (article.review_level, article.version) == (1, 2)
    assert list(article.events.values_list("action", flat=True)) == ["approve"]


def test_a_step_for_the_version_seen_is_refused_once_the_story_moved(person):
    """expect_version: an approval meant for level 1 never lands as level 2."""
    article = waiting(levels=3)
    seen = article.version
    workflow.approve(article, by=person("editor"))

    reasons = refusal("approve", article, by=person("head"), expect_version=seen)

    assert reasons == [
        "Someone else changed this story after you opened it; look at it again before "
        "taking this step."
    ]
    workflow.approve(article, by=person("head"), expect_version=article.version)
    assert Article.objects.get(pk=article.pk).review_level == 2
