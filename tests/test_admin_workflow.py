"""The workflow through the admin: buttons, pages, bulk actions, locks and forgeries."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Contributor, WorkflowEvent
from articles.roles import (
    CHIEF_EDITORS,
    EDITORS,
    PHOTOGRAPHERS,
    REPORTERS,
    SECTION_HEADS,
    ensure_newsroom_groups,
)

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    CorrectionFactory,
    SectionFactory,
    UserFactory,
)
from .form_data import form_data
from .test_admin import (
    ADD_URL,
    CHANGELIST_URL,
    article_data,
    change_url,
    english_client,
    messages_of,
)

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    groups = ensure_newsroom_groups()
    user = UserFactory(username=username)
    user.groups.add(groups[group_name])
    # Each desk member is a credited person, so an approval can name its editor.
    ContributorFactory(name=f"{username}名", user=user)
    return user


@pytest.fixture
def reporter():
    return member_of(REPORTERS, "reporter")


@pytest.fixture
def editor():
    return member_of(EDITORS, "editor")


@pytest.fixture
def head():
    return member_of(SECTION_HEADS, "head")


@pytest.fixture
def chief():
    return member_of(CHIEF_EDITORS, "chief")


def ready_story(levels=1, **fields):
    """A draft that passes the publish checklist, in a section with ``levels`` reviews."""
    article = ArticleFactory(section=SectionFactory(review_levels=levels), **fields)
    BylineFactory(article=article)
    ArticlePhotoFactory(article=article, is_lead=True, photo__credit_name="受访者")
    return article


def transition_url(article, name):
    return f"/admin/articles/article/{article.pk}/workflow/{name}/"


def current(article):
    return Article.objects.get(pk=article.pk)


def seen(article):
    """What a step's page carries: the version it was opened at."""
    return {"opened_version": str(current(article).version)}


class TestButtons:
    def test_reporter_add_form_offers_submit_only(self, reporter):
        """A reporter's new story can be saved and submitted, never published."""
        html = english_client(reporter).get(ADD_URL).content.decode()
        assert "Save and submit for review" in html
        assert 'value="publish"' not in html and 'value="approve"' not in html

    @pytest.mark.parametrize("page", ["add", "change"])
    def test_enter_in_a_text_field_saves_without_a_workflow_step(self, reporter, page):
        """Enter presses the form's first submit button: a plain save, not "save and submit"."""
        url = ADD_URL if page == "add" else change_url(ArticleFactory(created_by=reporter))
        html = english_client(reporter).get(url).content.decode()
        form = html[html.index('id="article_form"'):]
        first_button = re.search(r"<(?:button|input)[^>]*type=\"submit\"[^>]*>", form).group(0)
        assert 'name="_continue"' in first_button
        assert "_transition" not in first_button

    def test_reporter_saves_and_submits_with_the_button(self, reporter):
        """The submit button saves the edit, then moves the story to review."""
        article = ArticleFactory(created_by=reporter)
        data = {**article_data(article.section, title="新标题"), "_transition": "submit"}

        response = english_client(reporter).post(change_url(article), data, follow=True)

        article = current(article)
        assert (article.title, article.status) == ("新标题", Article.Status.SUBMITTED)
        assert "“新标题”: Submitted for review." in messages_of(response)
        assert "waiting for level 1 of 1" in response.content.decode()

    def test_level_one_approval_keeps_the_story_in_review(self, reporter, editor):
        """In a two-level section the editor's approval passes it to the section head."""
        article = ready_story(levels=2, created_by=reporter)
        workflow.submit(article, by=reporter)
        data = {**article_data(article.section, title=article.title, opened_version="2"),
                "_transition": "approve"}

        english_client(editor).post(change_url(article), data)

        article = current(article)
        assert (article.status, article.review_level) == (Article.Status.SUBMITTED, 1)
        event = article.events.latest("id")
        assert (event.action, event.level, event.actor) == ("approve", 1, editor)

    def test_final_approval_publishes_and_names_the_editor(self, reporter, editor):
        """In a one-level section the editor's approval publishes, and 【编辑】 is theirs."""
        article = ready_story(created_by=reporter)
        workflow.submit(article, by=reporter)
        data = {**article_data(article.section, title=article.title, opened_version="2"),
                "_transition": "publish"}

        response = english_client(editor).post(change_url(article), data, follow=True)

        article = current(article)
        assert article.is_public()
        assert article.responsible_editor == Contributor.objects.get(user=editor)
        assert f"“{article.title}”: Approved and published." in messages_of(response)


class TestTransitionPages:
    def test_send_back_needs_a_note(self, reporter, editor):
        """Sending back without a note is refused on the page; with one it returns to draft."""
        article = ready_story(created_by=reporter)
        workflow.submit(article, by=reporter)
        client = english_client(editor)

        refused = client.post(transition_url(article, "send_back"), {**seen(article), "note": "  "})
        assert refused.status_code == 200
        assert current(article).status == Article.Status.SUBMITTED

        client.post(transition_url(article, "send_back"), {**seen(article), "note": "导语太长。"})
        article = current(article)
        assert article.status == Article.Status.DRAFT
        assert article.events.latest("id").note == "导语太长。"

    def test_scheduling_says_scheduled_not_published(self, reporter, editor):
        """A future time schedules; the message, list and form say 定时 with the time."""
        article = ready_story(created_by=reporter)
        workflow.submit(article, by=reporter)
        at = timezone.localtime() + timedelta(days=2)
        client = english_client(editor)

        response = client.post(
            transition_url(article, "publish"),
            {**seen(article), "note": "", "at_0": at.strftime("%Y-%m-%d"), "at_1": "08:00:00",
             "editor": str(Contributor.objects.get(user=editor).pk)},
            follow=True,
        )

        article = current(article)
        assert article.is_scheduled() and not article.is_public()
        shown = " ".join(messages_of(response))
        assert "will be published at" in shown and "Approved and published" not in shown
        assert "Scheduled" in client.get(CHANGELIST_URL).content.decode()
        assert "Scheduled ·" in client.get(change_url(article)).content.decode()

    def test_checklist_refusal_lists_every_reason(self, reporter, editor):
        """A story without summary or byline is refused at the final approval, both named."""
        article = ArticleFactory(created_by=reporter, summary="")
        workflow.submit(article, by=reporter)

        response = english_client(editor).post(
            transition_url(article, "publish"), {**seen(article), "note": ""}
        )

        html = response.content.decode()
        assert "The story has no summary" in html and "The story has no byline." in html
        assert current(article).status == Article.Status.SUBMITTED

    def test_embargo_blocks_the_chief_and_is_logged(self, reporter, chief):
        """Under embargo even the chief's final approval is refused, and the attempt logged."""
        article = ready_story(created_by=reporter)
        workflow.set_embargo(article, by=reporter,
                             embargo_until=timezone.now() + timedelta(hours=5))
        workflow.submit(article, by=reporter)

        response = english_client(chief).post(
            transition_url(article, "publish"), {**seen(article), "note": ""}
        )

        assert "under embargo" in response.content.decode()
        assert current(article).status == Article.Status.SUBMITTED
        assert WorkflowEvent.objects.filter(article=article, action="refused",
                                            actor=chief).exists()

    def test_unknown_step_or_story_is_404(self, chief):
        """A made-up step name or story id is a 404, not a 500."""
        article = ready_story()
        client = english_client(chief)
        assert client.get(transition_url(article, "explode")).status_code == 404
        assert client.get("/admin/articles/article/999999/workflow/submit/").status_code == 404


class TestForgeries:
    def test_reporter_forged_publish_button_is_403_and_saves_nothing(self, reporter):
        """A forged 'publish' on the change form: 403 before the form is even saved."""
        article = ArticleFactory(created_by=reporter)
        data = {**article_data(article.section, title="偷偷改的"), "_transition": "publish"}

        response = english_client(reporter).post(change_url(article), data)

        assert response.status_code == 403
        assert current(article).title == article.title
        assert not WorkflowEvent.objects.exists()

    def test_forged_transition_page_post_is_403(self, reporter):
        """Posting straight to a step's page the user may not take is a 403."""
        article = ready_story(created_by=reporter)
        workflow.submit(article, by=reporter)

        response = english_client(reporter).post(transition_url(article, "publish"), {})

        assert response.status_code == 403
        assert current(article).status == Article.Status.SUBMITTED

    def test_forged_bulk_action_changes_nothing(self, reporter):
        """A reviewer's bulk action posted by a reporter is not run."""
        article = ready_story(created_by=reporter)
        workflow.submit(article, by=reporter)

        response = english_client(reporter).post(
            CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]}, follow=True
        )

        assert "No action selected." in messages_of(response)
        assert current(article).status == Article.Status.SUBMITTED

    def test_bulk_approval_reports_each_refusal(self, reporter, chief):
        """A bulk final approval publishes what passes and names what does not, and why."""
        good = ready_story(created_by=reporter, title="好稿")
        bad = ArticleFactory(created_by=reporter, title="缺导语", summary="")
        for article in (good, bad):
            workflow.submit(article, by=reporter)

        response = english_client(chief).post(
            CHANGELIST_URL, {"action": "publish", "_selected_action": [good.pk, bad.pk]},
            follow=True,
        )

        shown = " ".join(messages_of(response))
        assert current(good).is_public() and not current(bad).is_public()
        assert "“缺导语” was not changed: The story has no summary" in shown

    def test_delete_of_a_live_story_is_refused(self, chief):
        """A published story leaves only by withdrawal: its delete page is a 403."""
        article = ArticleFactory(published=True)
        response = english_client(chief).post(
            f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 403
        assert Article.objects.filter(pk=article.pk).exists()


class TestWhoEdits:
    def test_reporter_cannot_touch_another_reporters_draft(self, reporter):
        """Someone else's draft is read-only for a reporter; a forged save is a 403."""
        article = ArticleFactory(created_by=UserFactory())
        client = english_client(reporter)

        page = client.get(change_url(article)).content.decode()
        response = client.post(change_url(article), article_data(article.section, title="改"))

        assert 'name="title"' not in page
        assert response.status_code == 403
        assert current(article).title == article.title

    def test_reporter_edits_a_draft_bylined_to_them(self, reporter):
        """A draft that credits the reporter's contributor is theirs to edit."""
        article = ArticleFactory(created_by=UserFactory())
        BylineFactory(article=article, contributor=Contributor.objects.get(user=reporter))

        response = english_client(reporter).post(
            change_url(article), article_data(article.section, title="我的稿")
        )

        assert response.status_code == 302
        assert current(article).title == "我的稿"

    def test_reporter_cannot_edit_their_story_in_review(self, reporter):
        """Once submitted, the reporter must recall it before changing it."""
        article = ArticleFactory(created_by=reporter)
        workflow.submit(article, by=reporter)

        response = english_client(reporter).post(
            change_url(article), article_data(article.section, title="改", opened_version="2")
        )

        assert response.status_code == 403

    @pytest.mark.parametrize("group", [REPORTERS, PHOTOGRAPHERS, EDITORS])
    def test_live_story_is_read_only_to_who_may_not_publish_it(self, group):
        """In a three-level section only level-3 reviewers may touch the live story."""
        user = member_of(group, "someone")
        article = ArticleFactory(published=True, created_by=user,
                                 section=SectionFactory(review_levels=3))

        response = english_client(user).post(
            change_url(article), article_data(article.section, title="悄悄改")
        )

        assert response.status_code == 403
        assert current(article).title == article.title

    def test_chief_edit_of_a_live_story_is_logged_with_its_fields(self, chief):
        """Who may publish may edit live; the history names exactly what changed."""
        article = ArticleFactory(published=True, section=SectionFactory(review_levels=3))
        data = article_data(article.section, title="更正后的标题", summary=article.summary,
                            body=article.body)

        english_client(chief).post(change_url(article), data)

        event = WorkflowEvent.objects.get(article=article)
        assert (event.action, event.actor, event.fields) == ("edit_published", chief, ["title"])
        assert event.fields_display() == "headline"

    def test_unchanged_save_logs_no_field(self, chief):
        """Saving a story untouched, as a browser sends it back, logs no change anywhere."""
        article = ArticleFactory(published=True, tags=["武汉"])
        CorrectionFactory(article=article)
        BylineFactory(article=article)
        client = english_client(chief)
        data = form_data(client.get(change_url(article)).content.decode(), "article_form")

        assert client.post(change_url(article), data).status_code == 302

        assert not WorkflowEvent.objects.filter(article=article).exists()
        assert LogEntry.objects.get().get_change_message() == "No fields changed."

    def test_history_names_fields_in_the_readers_language(self, chief):
        """A change saved in Chinese reads in English for an English reader, and back."""
        article = ArticleFactory()
        client = english_client(chief)
        client.cookies["django_language"] = "zh-hans"
        client.post(change_url(article), article_data(article.section, title="新"),
                    HTTP_ACCEPT_LANGUAGE="zh-hans")

        entry = LogEntry.objects.get()
        assert "headline" in entry.change_message  # stored as the untranslated name


class TestTags:
    def test_reporter_cannot_create_tags(self, reporter):
        """A new tag name from a reporter is an error on the field; nothing saved."""
        Tag.objects.create(name="武汉")
        article = ArticleFactory(created_by=reporter)

        response = english_client(reporter).post(
            change_url(article), article_data(article.section, title="改", tags="武汉, 新标签")
        )

        assert response.status_code == 200
        assert "ask an editor to create “新标签”" in response.content.decode()
        assert current(article).title == article.title
        assert not Tag.objects.filter(name="新标签").exists()

    def test_reporter_uses_existing_tags_and_editor_creates(self, reporter, editor):
        """Existing tags are fine for a reporter; an editor may add new ones."""
        Tag.objects.create(name="武汉")
        mine = ArticleFactory(created_by=reporter)
        english_client(reporter).post(change_url(mine),
                                      article_data(mine.section, tags="武汉"))
        english_client(editor).post(change_url(mine),
                                    article_data(mine.section, tags="武汉, 新标签",
                                                 opened_version="2"))
        assert sorted(current(mine).tags.names()) == ["新标签", "武汉"]


class TestOptimisticLock:
    def test_second_of_two_saves_is_refused_and_keeps_its_input(self, chief, head):
        """Two editors open version 1; the first save wins, the second is told and kept."""
        article = ArticleFactory(title="原标题", body="原正文。")
        first = article_data(article.section, title="第一位改的标题", body="原正文。")
        second = article_data(article.section, title="原标题", body="第二位改的正文。")

        assert english_client(chief).post(change_url(article), first).status_code == 302
        response = english_client(head).post(change_url(article), second)

        html = response.content.decode()
        assert response.status_code == 200
        assert "Someone else saved this story after you opened it." in html
        assert "第二位改的正文。" in html  # the refused input is still in the form
        assert "headline" in html and "body" in html  # the fields that differ
        stored = current(article)
        assert (stored.title, stored.body, stored.version) == ("第一位改的标题", "原正文。", 2)

    def test_saving_again_after_the_warning_goes_through(self, chief):
        """The refused form carries the stored version: a deliberate second save wins."""
        article = ArticleFactory(title="原标题")
        client = english_client(chief)
        client.post(change_url(article), article_data(article.section, title="甲"))
        refused = client.post(change_url(article), article_data(article.section, title="乙"))
        assert 'name="opened_version" value="2"' in refused.content.decode()

        client.post(change_url(article), article_data(article.section, title="乙",
                                                      opened_version="2"))

        assert (current(article).title, current(article).version) == ("乙", 3)

    def test_a_transition_in_between_makes_the_save_stale(self, reporter, editor):
        """A story approved while someone edits it is not silently overwritten."""
        article = ready_story(created_by=reporter, levels=2)
        workflow.submit(article, by=reporter)  # version 2
        opened = article_data(article.section, title="编辑改的", opened_version="2")
        workflow.approve(article, by=editor)  # version 3

        response = english_client(editor).post(change_url(article), opened)

        assert response.status_code == 200
        assert current(article).title == article.title


class TestPhotosInLiveStories:
    def photo_url(self, photo):
        return f"/admin/articles/photo/{photo.pk}/change/"

    def photo_data(self, photo, **fields):
        from articles.admin.forms import photo_state

        return {"caption": photo.caption, "alt_text": photo.alt_text, "taken_at_0": "",
                "taken_at_1": "", "credit_contributor": "", "credit_name": "",
                "credit_role": "", "credit_verb": "摄", "opened_state": photo_state(photo),
                **fields}

    def test_photographer_cannot_change_a_live_storys_photo(self):
        """The lead photo of a published story is read-only to a photographer."""
        photographer = member_of(PHOTOGRAPHERS, "photographer")
        usage = ArticlePhotoFactory(article=ArticleFactory(published=True), is_lead=True)
        photo = usage.photo

        response = english_client(photographer).post(
            self.photo_url(photo), self.photo_data(photo, caption="换掉的图说")
        )

        assert response.status_code == 403
        photo.refresh_from_db()
        assert photo.caption != "换掉的图说"

    def test_publisher_changes_caption_logged_but_file_stays(self, chief):
        """Who may publish the story may fix the caption (logged); the file never changes."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from .factories import jpeg_bytes

        usage = ArticlePhotoFactory(article=ArticleFactory(published=True), is_lead=True)
        photo = usage.photo
        original = photo.image.name
        new_file = SimpleUploadedFile("new.jpg", jpeg_bytes(color=(1, 2, 3)), "image/jpeg")

        response = english_client(chief).post(
            self.photo_url(photo),
            {**self.photo_data(photo, caption="更正后的图说"), "image": new_file},
        )

        assert response.status_code == 302
        photo.refresh_from_db()
        assert (photo.caption, photo.image.name) == ("更正后的图说", original)
        event = WorkflowEvent.objects.get(article=usage.article)
        assert event.fields == ["photo.caption"]
        assert event.fields_display() == "photo: caption"

    def test_photo_of_a_draft_stays_editable_for_photographers(self):
        """A photo only used by drafts is the photographer's to fix, file included."""
        photographer = member_of(PHOTOGRAPHERS, "photographer")
        photo = ArticlePhotoFactory(article=ArticleFactory()).photo

        response = english_client(photographer).post(
            self.photo_url(photo), self.photo_data(photo, caption="新图说")
        )

        assert response.status_code == 302


class TestReadOnlySteps:
    def test_reporter_recalls_a_submitted_story_from_its_read_only_page(self, reporter):
        """A story in review is read-only to its reporter, who recalls it by the step's page."""
        article = ArticleFactory(created_by=reporter)
        workflow.submit(article, by=reporter)
        client = english_client(reporter)

        page = client.get(change_url(article)).content.decode()
        assert transition_url(article, "recall") in page
        assert 'name="_transition"' not in page  # nothing here saves the form

        client.post(transition_url(article, "recall"), {**seen(article), "note": ""})

        assert current(article).status == Article.Status.DRAFT
        assert article.events.latest("id").action == "recall"


@pytest.mark.parametrize(
    "data",
    [
        {"at_0": "0001-01-01", "at_1": "00:00:00"},
        {"at_0": "9999-12-31", "at_1": "23:59:59"},
        {"at_0": "2024-02-30", "at_1": "25:61:00"},
        {"at_0": "abc", "at_1": "\u200b"},
        {"editor": "999999999999999999999"},
        {"editor": "abc"},
        {"note": "x" * 20000, "at_0": "1899-12-31", "at_1": "08:00"},
    ],
)
def test_hostile_step_input_is_a_form_error(reporter, chief, data):
    """Out-of-range, malformed or unknown values on a step's page: a message, no change."""
    article = ready_story(created_by=reporter)
    workflow.submit(article, by=reporter)

    response = english_client(chief).post(transition_url(article, "publish"),
                                           {**seen(article), "note": "", **data})

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert current(article).status == Article.Status.SUBMITTED


@pytest.mark.parametrize("version", ["-1", "abc", "99999999999999999999", ""])
def test_hostile_opened_version_is_refused_without_saving(chief, version):
    """A forged version never saves blindly and never crashes."""
    article = ArticleFactory(title="原标题")

    response = english_client(chief).post(
        change_url(article), article_data(article.section, title="改", opened_version=version)
    )

    assert response.status_code == 200
    assert current(article).title == "原标题"


def test_a_step_page_left_open_does_not_approve_the_next_level(reporter, editor, head):
    """Opened while the story waited for level 1; another approved it meanwhile: refused."""
    article = ready_story(levels=3, created_by=reporter)
    workflow.submit(article, by=reporter)
    client = english_client(head)
    opened = seen(article)
    workflow.approve(article, by=editor)  # level 1, while the head's page is open

    response = client.post(transition_url(article, "approve"), {**opened, "note": ""})

    assert "Someone else changed this story after you opened it" in response.content.decode()
    assert current(article).review_level == 1
