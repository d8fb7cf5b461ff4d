"""The desk dashboard on the admin index, and the changelist's desk filters and columns."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles import desk, workflow
from articles.models import Article, WorkflowEvent
from articles.roles import ensure_newsroom_groups

from .factories import (
    ROLE_GROUPS,
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    CorrectionFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/"
CHANGELIST_URL = "/admin/articles/article/"
# 10:00 on 10 March in Shanghai.
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
Status = Article.Status
Action = WorkflowEvent.Action
NOTE = "导语太长,请压缩到两句。"
ALL_PANELS = ["my_drafts", "sent_back", "waiting", "scheduled", "embargoed", "recent",
              "corrected"]
WRITER_PANELS = [key for key in ALL_PANELS if key != "waiting"]


def member(role, username):
    """A login in the newsroom group of ``role``, credited as a contributor."""
    user = UserFactory(username=username)
    user.groups.add(ensure_newsroom_groups()[ROLE_GROUPS[role]])
    ContributorFactory(name=f"{username}名", user=user)
    return user


def english_client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people():
    users = {role: member(role, role) for role in ROLE_GROUPS}
    users["reporter2"] = member("reporter", "reporter2")
    users["head2"] = member("head", "head2")
    users["superuser"] = UserFactory(username="root", is_superuser=True)
    return users


def at(clock, moment, step, *args, **kwargs):
    """Run a workflow step as if at ``moment``, then come back to NOW."""
    clock.move_to(moment)
    try:
        return step(*args, **kwargs)
    finally:
        clock.move_to(NOW)


@pytest.fixture
def stories(clock, people):
    """Stories in every state, in sections of 1, 2 and 3 review levels."""
    reporter, editor, head = people["reporter"], people["editor"], people["head"]
    one, two, three = (SectionFactory(review_levels=n) for n in (1, 2, 3))
    s = {}
    s["own_draft"] = ArticleFactory(section=one, created_by=reporter)
    s["bylined_draft"] = ArticleFactory(section=one, created_by=editor)
    BylineFactory(article=s["bylined_draft"], contributor=reporter.contributor)
    s["others_draft"] = ArticleFactory(section=one, created_by=people["reporter2"])

    s["sent_back"] = ArticleFactory(section=one, created_by=reporter)
    at(clock, NOW - timedelta(hours=3), workflow.submit, s["sent_back"], by=reporter)
    at(clock, NOW - timedelta(hours=2), workflow.send_back, s["sent_back"], by=editor,
       note=NOTE)

    s["waiting_1"] = ArticleFactory(section=one, created_by=reporter)
    at(clock, NOW - timedelta(hours=5), workflow.submit, s["waiting_1"], by=reporter)
    s["waiting_1b"] = ArticleFactory(section=two, created_by=reporter)
    at(clock, NOW - timedelta(hours=1), workflow.submit, s["waiting_1b"], by=reporter)
    s["waiting_2"] = ArticleFactory(section=three, created_by=reporter)
    at(clock, NOW - timedelta(hours=4), workflow.submit, s["waiting_2"], by=reporter)
    at(clock, NOW - timedelta(hours=3), workflow.approve, s["waiting_2"], by=editor)
    s["waiting_3"] = ArticleFactory(section=three, created_by=reporter)
    at(clock, NOW - timedelta(hours=6), workflow.submit, s["waiting_3"], by=reporter)
    at(clock, NOW - timedelta(hours=5), workflow.approve, s["waiting_3"], by=editor)
    at(clock, NOW - timedelta(hours=4), workflow.approve, s["waiting_3"], by=head)

    published = {"status": Status.PUBLISHED, "section": one}
    s["scheduled_edge"] = ArticleFactory(**published, publish_at=NOW + timedelta(hours=24))
    s["scheduled_later"] = ArticleFactory(
        **published, publish_at=NOW + timedelta(hours=24, seconds=1)
    )
    s["embargoed"] = ArticleFactory(section=one, created_by=people["reporter2"],
                                    embargo_until=NOW + timedelta(days=2))
    s["embargo_withdrawn"] = ArticleFactory(
        section=one, status=Status.WITHDRAWN, publish_at=NOW - timedelta(days=1),
        withdrawn_at=NOW - timedelta(hours=1), embargo_until=NOW + timedelta(days=1),
    )
    s["embargo_over"] = ArticleFactory(section=one, embargo_until=NOW)
    s["live_now"] = ArticleFactory(**published, publish_at=NOW)
    s["live_edge"] = ArticleFactory(**published, publish_at=NOW - timedelta(days=7))
    s["live_old"] = ArticleFactory(**published, publish_at=NOW - timedelta(days=7, seconds=1))
    CorrectionFactory(article=s["live_old"], published_at=NOW - timedelta(days=7),
                      text="更正:数字有误。")
    CorrectionFactory(article=s["live_edge"], published_at=NOW - timedelta(days=7, seconds=1))
    s["corrected_future"] = ArticleFactory(**published, publish_at=NOW - timedelta(days=30))
    CorrectionFactory(article=s["corrected_future"], published_at=NOW + timedelta(seconds=1))
    return s


def panels_of(user):
    with translation.override("en"):
        return {panel.key: panel for panel in desk.dashboard(user, now=NOW)}


def names(panel, stories):
    """The panel's rows as the fixture's names, in order."""
    by_pk = {article.pk: name for name, article in stories.items()}
    return [by_pk[row.article.pk] for row in panel.rows]


EXPECTED = {
    "my_drafts": {"own_draft", "bylined_draft", "sent_back"},
    "sent_back": {"sent_back"},
    "scheduled": {"scheduled_edge"},
    "embargoed": {"embargoed"},
    "recent": {"live_now", "live_edge"},
    "corrected": {"live_old"},
}


def test_reporter_sees_own_stories_and_the_desk_but_no_review_queue(people, stories):
    """A reporter's panels: their drafts (created or bylined), what came back, and the
    desk's state; no review queue, which is not theirs to work."""
    panels = panels_of(people["reporter"])
    assert list(panels) == WRITER_PANELS
    for key, expected in EXPECTED.items():
        assert set(names(panels[key], stories)) == expected, key
        assert panels[key].count == len(expected), key


def test_photographer_gets_djangos_own_index(client, people, stories):
    """A photographer may not see stories: no dashboard, Django's index with its apps."""
    assert desk.dashboard(people["photographer"], now=NOW) == []
    response = english_client(people["photographer"]).get(INDEX_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="desk-' not in page
    assert "Recent actions" in page and "Photos" in page


def test_editor_waits_for_level_one_oldest_first(people, stories):
    """An editor (初审) is offered the stories waiting for level 1, oldest submission
    first, with who submitted and when; a story past level 1 is not theirs."""
    panels = panels_of(people["editor"])
    assert list(panels) == ALL_PANELS
    waiting = panels["waiting"]
    assert names(waiting, stories) == ["waiting_1", "waiting_1b"]
    assert waiting.count == 2
    first = waiting.rows[0].article
    assert first.submitter == "reporter名"
    assert first.submitted_at == NOW - timedelta(hours=5)
    # Local time (Asia/Shanghai): 21:00 UTC the day before is 05:00 on 10 March.
    assert waiting.rows[0].facts[1:] == ["level 1 of 1", "from reporter名", "03-10 05:00"]
    # The editor created the bylined draft: it is theirs too.
    assert names(panels["my_drafts"], stories) == ["bylined_draft"]
    assert panels["sent_back"].count == 0


def test_section_head_waits_for_levels_one_and_two(people, stories):
    """A section head (复审) may approve levels 1 and 2: a 3-level story that passed
    level 1 waits for them; one that passed level 2 waits for the chief."""
    waiting = panels_of(people["head"])["waiting"]
    assert names(waiting, stories) == ["waiting_1", "waiting_2", "waiting_1b"]
    assert waiting.rows[1].facts[1] == "level 2 of 3"


def test_chief_and_superuser_wait_for_every_level(people, stories):
    """The chief editor (终审) and a superuser are offered every submitted story."""
    for who in ("chief", "superuser"):
        panels = panels_of(people[who])
        assert list(panels) == ALL_PANELS
        assert names(panels["waiting"], stories) == [
            "waiting_3", "waiting_1", "waiting_2", "waiting_1b",
        ], who
        assert panels["waiting"].rows[0].facts[1] == "level 3 of 3"
        for key in ("scheduled", "embargoed", "recent", "corrected"):
            assert set(names(panels[key], stories)) == EXPECTED[key], (who, key)


def test_no_second_level_from_the_same_person(clock, people):
    """Who approved a level of this round is not offered the next (one person, one
    level); another section head is; after a new submission the round starts over."""
    head, other, reporter = people["head"], people["head2"], people["reporter"]
    story = ArticleFactory(section=SectionFactory(review_levels=3), created_by=reporter)
    workflow.submit(story, by=reporter)
    workflow.approve(story, by=head)
    assert panels_of(head)["waiting"].count == 0
    assert [row.article.pk for row in panels_of(other)["waiting"].rows] == [story.pk]
    listed = english_client(head).get(CHANGELIST_URL, {"waiting": "me"}).context["cl"]
    assert list(listed.result_list) == []

    workflow.send_back(story, by=other, note="再核实。")
    workflow.submit(story, by=reporter)
    assert [row.article.pk for row in panels_of(head)["waiting"].rows] == [story.pk]


def test_send_back_note_is_shown_to_its_reporter_only(people, stories):
    """The note of a send-back appears on its reporter's index, with who sent it back
    and when; nobody else's index shows it."""
    page = english_client(people["reporter"]).get(INDEX_URL).content.decode()
    assert NOTE in page
    assert "by editor名" in page and "03-10 08:00" in page
    assert "None available" not in page
    for who in ("reporter2", "editor", "head", "chief", "superuser"):
        assert NOTE not in english_client(people[who]).get(INDEX_URL).content.decode(), who


def test_a_later_embargo_keeps_the_send_back_but_a_resubmission_clears_it(clock, people):
    """Sent back stays sent back until the story moves on: a step that changes no
    status (an embargo) keeps the note; submitting again does not."""
    reporter, editor = people["reporter"], people["editor"]
    story = ArticleFactory(section=SectionFactory(review_levels=1), created_by=reporter)
    workflow.submit(story, by=reporter)
    workflow.send_back(story, by=editor, note=NOTE)
    workflow.set_embargo(story, by=reporter, embargo_until=NOW + timedelta(days=1))
    sent = panels_of(reporter)["sent_back"]
    assert [row.note for row in sent.rows] == [NOTE]
    workflow.submit(story, by=reporter)
    assert panels_of(reporter)["sent_back"].count == 0


def test_time_windows_include_their_edges(people, stories):
    """Scheduled exactly 24 h ahead is in, one second later out; live from now back to
    exactly 7 days ago; corrections published exactly 7 days ago count, one second older
    or in the future do not. The panels say the windows in local time."""
    panels = panels_of(people["chief"])
    assert names(panels["scheduled"], stories) == ["scheduled_edge"]
    assert panels["scheduled"].scope == "until 03-11 10:00"
    assert names(panels["recent"], stories) == ["live_now", "live_edge"]
    assert panels["recent"].scope == "since 03-03 10:00"
    assert names(panels["corrected"], stories) == ["live_old"]
    assert panels["corrected"].rows[0].note == "更正:数字有误。"
    assert panels["corrected"].scope == "stories corrected since 03-03 10:00"
    assert names(panels["embargoed"], stories) == ["embargoed"]


@pytest.mark.parametrize("role", ["reporter", "editor", "head", "chief", "superuser"])
def test_every_see_all_link_lists_exactly_the_panels_stories(clock, people, stories, role):
    """Each panel's link opens the changelist on the same stories the panel counts."""
    user = people[role]
    client = english_client(user)
    panels = panels_of(user)
    assert panels
    for key, panel in panels.items():
        kind = desk.PANELS_BY_KEY[key]
        expected = set(Article.objects.filter(kind.condition(user, NOW)).values_list(
            "pk", flat=True))
        response = client.get(panel.url)
        assert response.status_code == 200, panel.url
        listed = {article.pk for article in response.context["cl"].result_list}
        assert listed == expected, (key, panel.url)
        assert len(listed) == panel.count, key
        assert {row.article.pk for row in panel.rows} <= listed, key


def test_review_queue_link_lists_oldest_first(clock, people, stories):
    """?waiting=me lists the oldest submission first, as the panel does."""
    cl = english_client(people["chief"]).get(CHANGELIST_URL, {"waiting": "me"}).context["cl"]
    by_pk = {article.pk: name for name, article in stories.items()}
    assert [by_pk[a.pk] for a in cl.result_list] == [
        "waiting_3", "waiting_1", "waiting_2", "waiting_1b",
    ]


@pytest.mark.parametrize("query", [
    {"mine": "yes"}, {"mine": ""}, {"waiting": "you"}, {"waiting": "me" * 5000},
    {"desk": "nope"}, {"desk": ""}, {"desk": "sent_back\x00"},
])
def test_bad_filter_values_list_nothing(people, stories, query):
    """A value a desk filter does not know lists no stories, never every story or an error."""
    response = english_client(people["chief"]).get(CHANGELIST_URL, query)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert list(response.context["cl"].result_list) == []


def test_review_queue_filter_lists_nothing_for_a_reporter(people, stories):
    """A reporter reviews nothing: ?waiting=me is empty for them, not everything."""
    response = english_client(people["reporter"]).get(CHANGELIST_URL, {"waiting": "me"})
    assert list(response.context["cl"].result_list) == []


def test_changelist_columns(clock, people, stories):
    """Who submitted, when (local time) and at which level each story is."""
    response = english_client(people["chief"]).get(CHANGELIST_URL, {"state": "submitted"})
    page = response.content.decode()
    for header in ("Submitted by", "Submitted", "Level"):
        assert f">{header}<" in page or f">{header}</a>" in page, header
    cl = response.context["cl"]
    rows = {article.pk: article for article in cl.result_list}
    waiting_2 = rows[stories["waiting_2"].pk]
    admin = cl.model_admin
    assert admin.submitter(waiting_2) == "reporter名"
    assert admin.submitted_at(waiting_2) == "03-10 06:00"
    assert admin.current_level(waiting_2) == "level 2 of 3"
    assert "level 2 of 3" in page and "03-10 06:00" in page
    drafts = english_client(people["chief"]).get(CHANGELIST_URL, {"state": "draft"})
    own = {a.pk: a for a in drafts.context["cl"].result_list}[stories["own_draft"].pk]
    assert (admin.submitter(own), admin.submitted_at(own), admin.current_level(own)) == (
        "—", "—", "—")


def fill_desk(chief, reporter, count):
    """``count`` stories in each of the dashboard's panels, for the chief."""
    section = SectionFactory(review_levels=2)
    for _ in range(count):
        ArticleFactory(section=section, created_by=chief)
        sent = ArticleFactory(section=section, created_by=chief)
        WorkflowEvent.objects.create(article=sent, actor=chief, action=Action.SEND_BACK,
                                     from_status=Status.SUBMITTED, to_status=Status.DRAFT,
                                     note=NOTE)
        waiting = ArticleFactory(section=section, created_by=reporter, status=Status.SUBMITTED)
        WorkflowEvent.objects.create(article=waiting, actor=reporter, action=Action.SUBMIT,
                                     from_status=Status.DRAFT, to_status=Status.SUBMITTED)
        BylineFactory(article=waiting)
        ArticleFactory(section=section, status=Status.PUBLISHED,
                       publish_at=NOW + timedelta(hours=2), embargo_until=NOW + timedelta(hours=1))
        live = ArticleFactory(section=section, status=Status.PUBLISHED,
                              publish_at=NOW - timedelta(days=1))
        CorrectionFactory(article=live, published_at=NOW - timedelta(hours=3))


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [INDEX_URL, CHANGELIST_URL])
def test_query_count_does_not_grow_with_the_desk(clock, people, url):
    """The index page (counts and rows of every panel) and the changelist (its columns)
    cost the same queries for 1 story in each panel as for 30."""
    chief, reporter = people["chief"], people["reporter"]
    client = english_client(chief)
    fill_desk(chief, reporter, 1)
    client.get(url)  # sessions and caches warmed
    few = queries_for(client, url)
    fill_desk(chief, reporter, 29)
    many = queries_for(client, url)
    assert few == many
    if url == INDEX_URL:
        panels = panels_of(chief)
        assert all(panel.count >= 30 for panel in panels.values())
        with CaptureQueriesContext(connection) as queries:
            desk.dashboard(chief, now=NOW)
        # One aggregate for the counts, one query per panel for its rows (the
        # permission checks are cached on the user by panels_of).
        assert len(queries) == 1 + len(panels)


def test_read_only_newsroom_user_sees_the_desks_state(people, stories):
    """Someone who may only look at stories sees what is scheduled, embargoed, published
    and corrected, but no drafts of their own and no review queue."""
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    panels = panels_of(reader)
    assert list(panels) == ["scheduled", "embargoed", "recent", "corrected"]
    page = english_client(reader).get(INDEX_URL).content.decode()
    assert 'id="desk-scheduled"' in page and 'id="desk-waiting"' not in page
    assert "Recent actions" not in page


def test_index_shows_counts_rows_and_links(people, stories):
    """The chief's index: each panel with its count, its stories linked to their change
    pages, its "see all" link, and the apps below."""
    page = english_client(people["chief"]).get(INDEX_URL).content.decode()
    for key in ALL_PANELS:
        assert f'id="desk-{key}"' in page, key
    waiting = stories["waiting_3"]
    assert f'href="/admin/articles/article/{waiting.pk}/change/"' in page
    assert 'href="/admin/articles/article/?waiting=me"' in page
    assert "See all 4" in page
    assert page.index('id="desk-corrected"') < page.index('class="app-articles')


def test_counts_reach_old_and_embargoed_stories(clock, people):
    """The count looks only where a panel's stories can be, yet finds them all: a draft
    of years ago, a story scheduled after its embargo, an old story corrected today."""
    chief = people["chief"]
    section = SectionFactory(review_levels=1)
    clock.move_to(NOW - timedelta(days=800))
    old_draft = ArticleFactory(section=section, created_by=chief)
    clock.move_to(NOW)
    ArticleFactory(section=section, status=Status.PUBLISHED, publish_at=NOW + timedelta(days=3),
                   embargo_until=NOW + timedelta(days=2))
    old = ArticleFactory(section=section, status=Status.PUBLISHED,
                         publish_at=NOW - timedelta(days=900))
    CorrectionFactory(article=old, published_at=NOW - timedelta(hours=1))
    panels = panels_of(chief)
    assert [row.article.pk for row in panels["my_drafts"].rows] == [old_draft.pk]
    assert panels["embargoed"].count == 1
    assert [row.article.pk for row in panels["corrected"].rows] == [old.pk]
    assert panels["scheduled"].count == 0 and panels["recent"].count == 0


def test_the_round_starts_over_only_for_the_story_resubmitted(clock, people):
    """A head who approved a level of one story is still not offered it when another story
    is submitted, nor when something else happens to the story (its embargo is set):
    only its own new submission starts its round over."""
    head, reporter = people["head"], people["reporter"]
    section = SectionFactory(review_levels=3)
    story = ArticleFactory(section=section, created_by=reporter)
    workflow.submit(story, by=reporter)
    workflow.approve(story, by=head)
    workflow.submit(ArticleFactory(section=section, created_by=reporter), by=reporter)
    assert story.pk not in [row.article.pk for row in panels_of(head)["waiting"].rows]
    workflow.set_embargo(story, by=people["chief"], embargo_until=NOW + timedelta(days=1))
    assert story.pk not in [row.article.pk for row in panels_of(head)["waiting"].rows]


@pytest.mark.parametrize("levels", [1, 2, 3])
def test_the_level_a_story_waits_for_is_found_by_the_query(levels):
    """For every count of levels passed, including more than the section now has, the
    query of the stories waiting for level k finds exactly those ``workflow.next_level``
    says wait for k."""
    section = SectionFactory(review_levels=levels)
    stories = [ArticleFactory(section=section, status=Status.SUBMITTED, review_level=passed)
               for passed in range(0, 4)]
    for level in (1, 2, 3):
        found = set(Article.objects.filter(desk.at_next_level(level)).values_list(
            "pk", flat=True))
        expected = {story.pk for story in stories if workflow.next_level(story) == level}
        assert found == expected, (levels, level)


def test_draft_and_sent_back_rows_say_when_and_by_whom_exactly(clock, people):
    """A draft's row gives its section and when it was saved; a sent-back story's row who
    sent it back and when, with the note, word for word."""
    reporter = people["reporter"]
    story = ArticleFactory(created_by=reporter)
    row = panels_of(reporter)["my_drafts"].rows[0]
    assert row.facts == [story.section.name, "saved 03-10 10:00"]
    workflow.submit(story, by=reporter)
    workflow.send_back(story, by=people["editor"], note=NOTE)
    row = panels_of(reporter)["sent_back"].rows[0]
    assert row.facts == ["by editor名", "03-10 10:00"]
    assert row.note == NOTE


def test_a_step_other_than_an_approval_does_not_hide_a_story_from_its_reviewer(clock, people):
    """A head who only set a story's embargo has approved nothing: once level 1 is passed,
    the story waits for the head's level 2 and the head is offered it."""
    head, reporter = people["head"], people["reporter"]
    story = ArticleFactory(section=SectionFactory(review_levels=3), created_by=reporter)
    workflow.submit(story, by=reporter)
    workflow.set_embargo(story, by=head, embargo_until=NOW + timedelta(days=1))
    workflow.approve(story, by=people["editor"])
    assert story.pk in [row.article.pk for row in panels_of(head)["waiting"].rows]
