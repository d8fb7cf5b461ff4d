"""Revisions: every save keeps the story and its parts; the admin lists, compares and restores."""

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Revision, Version
from taggit.models import Tag

from articles import revisions, workflow
from articles.models import Article, Contributor, Correction, Photo, Section, StoryRevision
from articles.revision_diff import compare
from articles.roles import PHOTOGRAPHERS, REPORTERS

from . import test_admin_workflow
from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    CorrectionFactory,
    FactBoxFactory,
    PhotoFactory,
    SectionFactory,
)
from .form_data import form_data
from .test_admin import article_data, byline_row, change_url, english_client, photo_row
from .test_admin_workflow import member_of, ready_story

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
# The desk's people, as the workflow's admin tests make them.
chief, editor, reporter = (test_admin_workflow.chief, test_admin_workflow.editor,
                           test_admin_workflow.reporter)


def list_url(article):
    return f"/admin/articles/article/{article.pk}/revisions/"


def compare_url(article, old, new):
    return f"/admin/articles/article/{article.pk}/revisions/{old.pk}/compare/{new.pk}/"


def restore_url(article, story_revision):
    return f"/admin/articles/article/{article.pk}/revisions/{story_revision.pk}/restore/"


def kept(article):
    """The story's revisions, oldest first."""
    return list(StoryRevision.objects.filter(article=article).order_by("id"))


def current(article):
    return Article.objects.get(pk=article.pk)


def edit_form(client, article):
    """The story's change form as a browser would send it back."""
    return form_data(client.get(change_url(article)).content.decode(), "article_form")


def full_story(by):
    """A story with every part, saved through the admin's add form by ``by``."""
    section = SectionFactory(name="要闻")
    people = [ContributorFactory(name="杨蔚"), ContributorFactory(name="吴迪")]
    photos = [PhotoFactory(headline="滨江"), PhotoFactory(headline="碳汇大厦")]
    data = article_data(
        section, title="原标题", kicker="原引题", body="第一段。", tags="武汉, 武昌",
        source_name="长江日报", repost_notice="本文转载自互联网。",
        bylines=[byline_row(people[0], order=0),
                 byline_row(people[1], role="correspondent", order=1)],
        photos=[photo_row(photos[0], is_lead=True, caption="江边。", order=0),
                photo_row(photos[1], order=1)],
        fact_boxes=[{"title": "数读", "period": "2023年", "items": "●一\n●二", "order": "0"}],
        corrections=[{"text": "原更正。", "published_at_0": "2024-01-20",
                      "published_at_1": "12:00:00"}],
    )
    response = english_client(by).post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Article.objects.get(title="原标题"), people, photos


class TestCapture:
    def test_an_admin_add_keeps_every_field_and_part(self, chief):
        """The first save keeps the fields, bylines with printed roles, tags, photos with
        their captions in this story and the lead, fact boxes and corrections."""
        article, people, photos = full_story(chief)

        (first,) = kept(article)
        snap = revisions.snapshot(first)

        assert first.version == 1 and first.revision.user == chief
        assert snap["fields"]["title"] == "原标题" and snap["fields"]["kicker"] == "原引题"
        assert snap["fields"]["section"] == "要闻" and snap["fields"]["status"] == "draft"
        assert snap["fields"]["source_name"] == "长江日报"
        assert snap["fields"]["allow_comments"] is True
        assert snap["tags"] == ["武昌", "武汉"]
        assert snap["bylines"] == [{"name": "杨蔚", "role": "记者"},
                                   {"name": "吴迪", "role": "通讯员"}]
        assert snap["photos"] == [
            {"photo": photos[0].pk, "title": "滨江", "caption": "江边。", "is_lead": True},
            {"photo": photos[1].pk, "title": "碳汇大厦", "caption": "", "is_lead": False},
        ]
        assert snap["fact_boxes"] == [{"title": "数读", "period": "2023年", "items": "●一\n●二"}]
        assert snap["corrections"] == [
            {"text": "原更正。", "published_at": "2024-01-20T04:00:00+00:00"}
        ]

    def test_an_admin_edit_keeps_the_new_state_and_leaves_the_old_one(self, chief):
        """Edit every part in one save: the new revision has the edit, the first is unchanged."""
        article, people, photos = full_story(chief)
        client = english_client(chief)
        data = edit_form(client, article)
        data.update({
            "title": "新标题", "subtitle": "新副题", "summary": "新导语。", "body": "新正文。",
            "tags": "武汉, 新标签", "allow_comments": [],
            "bylines-0-role": "photographer", "bylines-1-DELETE": "on",
            "article_photos-0-caption": "新说明。", "article_photos-0-is_lead": [],
            "article_photos-1-is_lead": "on",
            "fact_boxes-0-items": "●三", "corrections-0-text": "改过的更正。",
        })
        data = {name: value for name, value in data.items() if value != []}

        response = client.post(change_url(article), data)

        assert response.status_code == 302
        first, second = kept(article)
        old, new = revisions.snapshot(first), revisions.snapshot(second)
        assert old["fields"]["title"] == "原标题"
        assert new["fields"]["title"] == "新标题" and new["fields"]["subtitle"] == "新副题"
        assert new["fields"]["summary"] == "新导语。" and new["fields"]["body"] == "新正文。"
        assert new["fields"]["allow_comments"] is False
        assert new["tags"] == ["新标签", "武汉"]
        assert new["bylines"] == [{"name": "杨蔚", "role": "摄影记者"}]
        assert [(p["caption"], p["is_lead"]) for p in new["photos"]] == [
            ("新说明。", False), ("", True)
        ]
        assert new["fact_boxes"][0]["items"] == "●三"
        assert new["corrections"][0]["text"] == "改过的更正。"
        assert second.version == 2 and "Changed" in second.revision.get_comment()

    @pytest.mark.parametrize("field, value", [
        ("kicker", "新引题"), ("title", "新标题"), ("subtitle", "新副题"), ("summary", "新导语。"),
        ("body", "新正文。"), ("source_name", "新华社"), ("source_url", "https://example.com/a"),
        ("original_author", "新作者"), ("original_title", "新原题"),
        ("repost_notice", "新声明。"), ("photo_request", "需要现场照片。"),
    ])
    def test_each_field_edited_in_the_admin_is_kept(self, chief, field, value):
        """Whichever field one save changes, its revision holds the new value."""
        article, _people, _photos = full_story(chief)
        client = english_client(chief)

        client.post(change_url(article), {**edit_form(client, article), field: value})

        first, second = kept(article)
        assert revisions.snapshot(second)["fields"][field] == value
        assert revisions.snapshot(first)["fields"][field] != value

    def test_workflow_steps_are_kept_and_named_in_the_list(self, reporter, editor):
        """Submitting and approving each keep a revision, listed by the step's name."""
        article = ready_story(levels=2, created_by=reporter)
        workflow.submit(article, by=reporter)
        workflow.approve(article, by=editor)

        before, submitted, approved = kept(article)
        html = english_client(editor).get(list_url(article)).content.decode()

        assert revisions.is_baseline(before) and before.version == 1
        assert (submitted.event.action, approved.event.action) == ("submit", "approve")
        assert revisions.snapshot(submitted)["fields"]["status"] == "submitted"
        assert revisions.snapshot(approved)["fields"]["review_level"] == 1
        assert "Submitted for review" in html and "Approved" in html
        assert "Before revisions were kept" in html

    def test_embargo_schedule_and_editor_are_kept(self, reporter, chief):
        """The workflow's own fields are in the revision each step leaves."""
        article = ready_story(created_by=reporter)
        until = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
        workflow.set_embargo(article, by=reporter, embargo_until=until)
        workflow.submit(article, by=reporter)
        workflow.publish(article, by=chief, at=until)

        fields = revisions.snapshot(kept(article)[-1])["fields"]

        assert fields["embargo_until"] == fields["publish_at"] == until.astimezone(UTC).isoformat()
        assert fields["status"] == "published" and fields["responsible_editor"] == "chief名"
        assert kept(article)[-1].event.action == "schedule"

    def test_every_save_leaves_exactly_one_new_revision(self, chief):
        """An admin save, a workflow step, and a save-then-step (two saves) in turn."""
        article, _people, _photos = full_story(chief)
        client = english_client(chief)
        assert len(kept(article)) == 1

        client.post(change_url(article), edit_form(client, article))
        assert len(kept(article)) == 2

        workflow.submit(article, by=chief)
        assert len(kept(article)) == 3

        workflow.recall(article, by=chief)
        data = {**edit_form(client, article), "_transition": "submit"}
        client.post(change_url(article), data)
        assert [sr.event.action if sr.event else None for sr in kept(article)][-2:] == [
            None, "submit"
        ]
        assert len(kept(article)) == 6

    def test_a_story_from_before_revisions_gets_its_stored_state_first(self, chief):
        """The first edit of an older story keeps what it replaces, marked as such."""
        article = ArticleFactory(title="旧标题", tags=["旧"])
        client = english_client(chief)

        client.post(change_url(article), {**edit_form(client, article), "title": "新标题"})

        baseline, edit = kept(article)
        assert revisions.snapshot(baseline)["fields"]["title"] == "旧标题"
        assert revisions.snapshot(baseline)["tags"] == ["旧"]
        assert revisions.snapshot(edit)["fields"]["title"] == "新标题"
        html = client.get(list_url(article)).content.decode()
        assert "Before revisions were kept" in html and "Edited" in html
        assert "Created" not in html

    def test_names_read_as_they_were_after_a_rename(self, chief):
        """A tag, a person and a photo renamed later still read with their old names."""
        article, people, photos = full_story(chief)
        Tag.objects.filter(name="武汉").update(name="江城")
        Contributor.objects.filter(pk=people[0].pk).update(name="改名")
        Photo.objects.filter(pk=photos[0].pk).update(headline="新名字")

        snap = revisions.snapshot(kept(article)[0])

        assert "武汉" in snap["tags"] and snap["bylines"][0]["name"] == "杨蔚"
        assert snap["photos"][0]["title"] == "滨江"

    def test_snapshot_reads_in_a_fixed_number_of_queries(self, chief):
        """Reading a revision back is one query, however many parts the story has."""
        article, _people, _photos = full_story(chief)
        first = kept(article)[0]
        revisions.snapshot(first)  # warm the content-type cache
        with CaptureQueriesContext(connection) as queries:
            revisions.snapshot(first)
        assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]

    def test_deleting_a_draft_deletes_its_revisions(self, chief):
        """A deleted draft's text does not linger in the revision tables."""
        article, _people, _photos = full_story(chief)
        other = ArticleFactory()
        revisions.record(other, by=chief)
        revision_ids = [sr.revision_id for sr in kept(article)]

        english_client(chief).post(f"/admin/articles/article/{article.pk}/delete/",
                                   {"post": "yes"})

        assert not Article.objects.filter(pk=article.pk).exists()
        assert not Revision.objects.filter(pk__in=revision_ids).exists()
        assert not Version.objects.filter(revision_id__in=revision_ids).exists()
        assert [sr.article for sr in StoryRevision.objects.all()] == [other]


class TestPages:
    def test_list_shows_who_when_what_with_compare_and_restore(self, chief):
        """Newest first, each with its number, version, user and a restore link."""
        article, _people, _photos = full_story(chief)
        client = english_client(chief)
        client.post(change_url(article), {**edit_form(client, article), "title": "新标题"})
        first, second = kept(article)

        html = client.get(list_url(article)).content.decode()

        assert html.index(f'value="{second.pk}"') < html.index(f'value="{first.pk}"')
        assert "chief" in html and "Added." in html and "Changed headline." in html
        assert restore_url(article, first) in html
        assert 'name="old"' in html and 'name="new"' in html and 'value="Compare"' in html

    def test_change_form_links_to_the_revisions(self, chief):
        """The story's page has a Revisions link beside History."""
        article, _people, _photos = full_story(chief)
        html = english_client(chief).get(change_url(article)).content.decode()
        assert f'href="{list_url(article)}"' in html and ">Revisions<" in html

    def test_list_query_count_does_not_grow(self, chief):
        """One revision or twenty, by several people and steps: the same number of queries."""
        article = ready_story(levels=3)
        client = english_client(chief)

        def queries_for_list(expected_rows):
            client.get(list_url(article))  # warm the permission and content-type caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get(list_url(article))
            assert response.content.decode().count('name="new"') == expected_rows
            return len(queries)

        revisions.record(article, by=chief)
        one = queries_for_list(1)
        workflow.submit(article, by=chief)
        for number in range(18):
            revisions.record(article, by=member_of(REPORTERS, f"r{number}"), comment="改")
        twenty = queries_for_list(20)

        assert one == twenty

    def test_long_histories_are_paged(self, chief):
        """Fifty revisions a page, newest first; a bad page number shows the first page."""
        article = ArticleFactory()
        for _number in range(55):
            revisions.record(article, by=chief)
        client = english_client(chief)

        first = client.get(list_url(article)).content.decode()
        second = client.get(list_url(article) + "?page=2").content.decode()
        bad = client.get(list_url(article) + "?page=x").content.decode()

        assert first.count('name="new"') == 50 and second.count('name="new"') == 5
        assert "55 revisions" in first and '<th scope="row">55</th>' in first
        assert '<th scope="row">1</th>' in second and '<th scope="row">1</th>' not in first
        assert '<th scope="row">55</th>' in bad

    def test_compare_chooser_goes_to_the_compare_page(self, chief):
        """The list's form sends ?old=&new=; an incomplete choice returns to the list."""
        article, _people, _photos = full_story(chief)
        client = english_client(chief)
        client.post(change_url(article), {**edit_form(client, article), "title": "新标题"})
        first, second = kept(article)
        base = list_url(article) + "compare/"

        chosen = client.get(f"{base}?old={first.pk}&new={second.pk}")
        bad = client.get(f"{base}?old=x", follow=True)

        assert chosen.url == compare_url(article, first, second)
        assert "Choose two revisions to compare." in bad.content.decode()

    def test_compare_page_shows_the_diff(self, chief):
        """The compare page passes both snapshots to the diff and renders it."""
        article, _people, _photos = full_story(chief)
        client = english_client(chief)
        client.post(change_url(article), {**edit_form(client, article), "title": "新标题"})
        first, second = kept(article)

        response = client.get(compare_url(article, first, second))

        assert response.status_code == 200
        html = response.content.decode()
        assert "Revision 1 compared with revision 2" in html and "1 changed field" in html
        assert "<del>原</del>标题" in html and "<ins>新</ins>标题" in html

    def test_unknown_and_foreign_revisions_are_404(self, chief):
        """Unknown ids, another story's revision in either place, and unknown stories."""
        article, _people, _photos = full_story(chief)
        other = ready_story()
        revisions.record(other, by=chief)
        mine, theirs = kept(article)[0], kept(other)[0]
        client = english_client(chief)
        base = f"/admin/articles/article/{article.pk}/revisions/"

        for url in (
            f"{base}{mine.pk}/compare/999999/", f"{base}999999/compare/{mine.pk}/",
            compare_url(article, mine, theirs), compare_url(article, theirs, mine),
            compare_url(other, mine, theirs), restore_url(article, theirs),
            f"{base}999999/restore/", "/admin/articles/article/999999/revisions/",
            f"{base}{'9' * 30}/compare/{mine.pk}/", f"{base}{'9' * 30}/restore/",
            "/admin/articles/article/abc/revisions/",
            f"/admin/articles/article/{'9' * 30}/revisions/{mine.pk}/restore/",
        ):
            assert client.get(url).status_code == 404, url
        assert client.post(restore_url(article, theirs),
                           {"expect_version": "1"}).status_code == 404
        assert current(other).version == 1


class TestRestore:
    def edit_everything(self, client, article, photos):
        """Change every part a restore brings back, in one admin save."""
        data = edit_form(client, article)
        data.update({
            "title": "改后标题", "kicker": "", "body": "改后正文。", "tags": "新标签",
            "source_name": "", "repost_notice": "", "section": str(SectionFactory().pk),
            "bylines-0-DELETE": "on", "article_photos-0-DELETE": "on",
            "article_photos-1-is_lead": "on", "article_photos-1-caption": "新说明。",
            "fact_boxes-0-DELETE": "on",
        })
        assert client.post(change_url(article), data).status_code == 302

    def test_round_trip_brings_every_part_back_as_a_new_revision(self, chief):
        """Edit everything, restore the first revision: every part is as it was, and the
        earlier revisions are byte for byte what they were."""
        article, people, photos = full_story(chief)
        client = english_client(chief)
        original = revisions.snapshot(kept(article)[0])
        self.edit_everything(client, article, photos)
        first, edited = kept(article)
        stored_before = list(
            Version.objects.filter(revision__story_revision__article=article)
            .order_by("pk").values_list("pk", "serialized_data")
        )
        version = current(article).version

        confirm = client.get(restore_url(article, first)).content.decode()
        response = client.post(restore_url(article, first), {"expect_version": str(version)},
                               follow=True)

        assert "does not change the status" in confirm and "corrections" in confirm
        assert "Now (revision 2)" in confirm and "<del>改后</del>" in confirm
        assert "Revision 1 was restored as a new revision, 3;" in " ".join(
            str(m) for m in response.context["messages"])
        *_, restored = kept(article)
        assert restored.restored_from == first and restored.revision.user == chief
        assert restored.version == version + 1 == current(article).version
        after = revisions.snapshot(restored)
        assert after["fields"]["title"] == "原标题" and after["fields"]["section"] == "要闻"
        for part in ("tags", "bylines", "photos", "fact_boxes", "corrections"):
            assert after[part] == original[part], part
        assert {k: v for k, v in after["fields"].items()} == original["fields"]
        assert current(article).body_html.count("第一段。") == 1  # re-rendered
        assert list(
            Version.objects.filter(revision__story_revision__article=article, pk__in=[
                pk for pk, _data in stored_before])
            .order_by("pk").values_list("pk", "serialized_data")
        ) == stored_before
        assert edited.pk in [sr.pk for sr in kept(article)]
        html = client.get(list_url(article)).content.decode()
        assert "Restored from revision 1" in html

    def test_restore_leaves_workflow_fields_and_corrections_alone(self, chief, reporter):
        """Status, time, embargo, editor and corrections stay; the live edit is logged."""
        article = ready_story(created_by=reporter)
        revisions.record(article, by=reporter)
        first = kept(article)[0]
        workflow.submit(article, by=reporter)
        workflow.publish(article, by=chief)
        CorrectionFactory(article=article, text="新更正。")
        Article.objects.filter(pk=article.pk).update(title="发布后改的标题")
        revisions.record(article, by=chief)  # as an admin save of the live story would
        published = current(article)
        confirm = english_client(chief).get(restore_url(article, first)).content.decode()

        restored = revisions.restore(first, by=chief, expect_version=published.version)

        article = current(article)
        assert (article.status, article.publish_at, article.responsible_editor_id) == (
            published.status, published.publish_at, published.responsible_editor_id
        )
        assert list(article.corrections.values_list("text", flat=True)) == ["新更正。"]
        assert revisions.snapshot(restored)["fields"]["status"] == "published"
        # The confirmation compares with what the story will be: only the headline changes.
        assert 'class="newsdesk-diff-row newsdesk-diff-changed" id="diff-title"' in confirm
        assert confirm.count("newsdesk-diff-changed") == 1
        assert article.title == first.revision.version_set.get(
            object_id=str(article.pk), content_type__model="article").field_dict["title"]
        logged = article.events.latest("id")
        assert (logged.action, logged.fields, logged.actor) == ("edit_published", ["title"], chief)

    def test_restored_words_are_found_by_search(self, chief,
                                                django_capture_on_commit_callbacks):
        """The search index follows a restore, as it follows any save."""
        from articles import search

        article = ArticleFactory(title="长江大桥通车", body="桥梁。")
        revisions.record(article, by=chief)
        with django_capture_on_commit_callbacks(execute=True):
            stored = current(article)
            stored.title, stored.version = "地铁开通", 2
            stored.save()
            revisions.restore(kept(article)[0], by=chief, expect_version=2)

        assert list(search.search(Article.objects.all(), "长江大桥")) == [current(article)]
        assert not search.search(Article.objects.all(), "地铁开通").exists()

    def test_stale_restore_is_refused_and_changes_nothing(self, chief):
        """A restore confirmed on a page opened before someone else's save is refused."""
        article, _people, _photos = full_story(chief)
        client = english_client(chief)
        first = kept(article)[0]
        client.post(change_url(article), {**edit_form(client, article), "title": "别人改的"})
        count = len(kept(article))

        response = client.post(restore_url(article, first), {"expect_version": "1"},
                               follow=True)

        assert "Someone else changed this story" in response.content.decode()
        assert current(article).title == "别人改的" and len(kept(article)) == count

    def test_missing_person_and_photo_are_skipped_and_reported(self, chief):
        """Parts pointing to a person or photo deleted since are left out, with a warning;
        a deleted tag comes back by name."""
        article, people, photos = full_story(chief)
        client = english_client(chief)
        first = kept(article)[0]
        self.edit_everything(client, article, photos)
        Contributor.objects.filter(pk=people[0].pk).delete()
        Photo.objects.filter(pk=photos[0].pk).delete()
        Tag.objects.filter(name="武昌").delete()

        response = client.post(restore_url(article, first),
                               {"expect_version": str(current(article).version)}, follow=True)

        shown = [str(m) for m in response.context["messages"]]
        assert any("杨蔚" in m for m in shown) and any("滨江" in m for m in shown)
        assert sorted(current(article).tags.names()) == ["武昌", "武汉"]
        assert list(current(article).bylines.values_list("contributor__name", flat=True)) == [
            "吴迪"
        ]

    def test_deleted_section_refuses_the_restore(self, chief):
        """A revision in a section that no longer exists is refused clearly."""
        old_section = SectionFactory(name="旧栏目")
        article = ArticleFactory(section=old_section)
        revisions.record(article, by=chief)
        first = kept(article)[0]
        Article.objects.filter(pk=article.pk).update(section=SectionFactory())
        Section.objects.filter(pk=old_section.pk).delete()

        response = english_client(chief).post(
            restore_url(article, first), {"expect_version": "1"}, follow=True
        )

        assert "旧栏目" in response.content.decode() and "no longer exists" in (
            response.content.decode()
        )
        assert len(kept(article)) == 1

    @pytest.mark.parametrize("who", ["reporter", "photographer", "other_reporter",
                                     "live_non_publisher", "withdrawn"])
    def test_forbidden_restores_are_403(self, who, reporter, editor, chief):
        """Forged restores by people who may not change the story now change nothing."""
        section = SectionFactory(review_levels=3)
        article = ready_story(levels=3, created_by=reporter)
        revisions.record(article, by=reporter)
        user = {"reporter": reporter, "other_reporter": member_of(REPORTERS, "other"),
                "photographer": member_of(PHOTOGRAPHERS, "photographer"),
                "live_non_publisher": editor, "withdrawn": chief}[who]
        if who == "reporter":  # their own story, but in review
            workflow.submit(article, by=reporter)
        if who in ("live_non_publisher", "withdrawn"):
            Article.objects.filter(pk=article.pk).update(
                status="published", publish_at=timezone.now() - timedelta(hours=1),
                section=section,
            )
        if who == "withdrawn":
            Article.objects.filter(pk=article.pk).update(
                status="withdrawn", withdrawn_at=timezone.now()
            )
        first = kept(article)[0]
        before = current(article)
        client = english_client(user)

        assert client.get(restore_url(article, first)).status_code == 403
        if who == "photographer":  # may not even read the story
            assert client.get(list_url(article)).status_code == 403
            assert client.get(compare_url(article, first, first)).status_code == 403
        response = client.post(restore_url(article, first),
                               {"expect_version": str(before.version)})

        assert response.status_code == 403
        assert current(article).version == before.version
        assert len(kept(article)) == (2 if who == "reporter" else 1)

    def test_own_draft_may_be_restored_by_its_reporter(self, reporter):
        """The reporter restores their own draft."""
        article = ArticleFactory(created_by=reporter, title="第一稿")
        revisions.record(article, by=reporter)
        Article.objects.filter(pk=article.pk).update(title="第二稿")

        response = english_client(reporter).post(
            restore_url(article, kept(article)[0]), {"expect_version": "1"}
        )

        assert response.status_code == 302 and current(article).title == "第一稿"


class TestConflictLink:
    def test_refused_save_links_to_what_changed(self, chief, editor):
        """Two saves from the same opened version: the second is refused with a link to the
        diff between the revision it opened and the latest one."""
        article, _people, _photos = full_story(chief)
        first_client, second_client = english_client(chief), english_client(editor)
        opened = edit_form(second_client, article)
        first_client.post(change_url(article), {**edit_form(first_client, article),
                                                "title": "先存的标题"})
        opened_revision, latest = kept(article)

        response = second_client.post(change_url(article), {**opened, "body": "后来的正文。"})

        html = response.content.decode()
        link = compare_url(article, opened_revision, latest)
        assert "Someone else saved this story" in html
        assert f'<a href="{link}" target="_blank" rel="noopener">See what changed</a>' in html
        diff = second_client.get(link)
        assert diff.status_code == 200 and "<ins>先存的</ins>标题" in diff.content.decode()

    def test_without_a_revision_of_the_opened_version_it_says_so(self, chief, editor):
        """A story saved before revisions were kept: no link, a plain sentence."""
        article = ArticleFactory()
        opened = edit_form(english_client(editor), article)
        Article.objects.filter(pk=article.pk).update(version=5)  # changed elsewhere
        revisions.record(article, by=chief)

        html = english_client(editor).post(change_url(article), opened).content.decode()

        assert "No revision was kept of the version you opened" in html
        assert "See what changed" not in html


def test_correction_dates_are_utc_iso():
    """Datetimes in a snapshot are ISO 8601 in UTC, whatever the newsroom's zone."""
    article = ArticleFactory()
    Correction.objects.create(article=article, text="更正。",
                              published_at=timezone.now().replace(microsecond=0))
    FactBoxFactory(article=article)
    BylineFactory(article=article)
    ArticlePhotoFactory(article=article)
    snap = revisions.snapshot(revisions.record(article, by=None))
    assert snap["corrections"][0]["published_at"].endswith("+00:00")
    assert snap["fields"]["publish_at"] is None


def test_demo_stories_keep_their_history_as_revisions(settings):
    """Each demo story's revisions: as written, then each workflow step, dated as the steps,
    holding the publication times the story has."""
    from articles.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(photo_size=(60, 40), story_count=6)

    sample = Article.objects.get(short_id="41c86c4e")
    first, *steps = kept(sample)
    assert first.revision.comment == revisions.ADDED and first.event is None
    assert [sr.event.action for sr in steps] == ["submit", "approve", "publish"]
    assert first.revision.date_created == sample.created_at
    for article in Article.objects.all():
        story_revisions = kept(article)
        assert story_revisions, article
        for story_revision in story_revisions:
            if story_revision.event:
                assert story_revision.revision.date_created == story_revision.event.created_at
        latest = revisions.snapshot(story_revisions[-1])["fields"]
        assert latest["publish_at"] == (
            article.publish_at.astimezone(UTC).isoformat() if article.publish_at else None
        )


class TestLineBreaks:
    def test_a_browser_save_that_types_nothing_changes_no_line(self, chief):
        """Browsers send textarea line breaks as CRLF: stored as LF, a save that types
        nothing leaves the body, summary, fact box and correction texts as they were,
        and the revision it keeps differs from the last one in nothing but its number."""
        article = ArticleFactory(
            created_by=chief, body="第一段。\n\n第二段。", summary="导语一。\n导语二。",
        )
        FactBoxFactory(article=article, items="● 一\n● 二")
        CorrectionFactory(article=article, text="更正一。\n更正二。")
        revisions.record(article, by=chief)
        client = english_client(chief)
        data = {
            name: value.replace("\n", "\r\n") if isinstance(value, str) else value
            for name, value in form_data(
                client.get(change_url(article)).content.decode(), "article_form"
            ).items()
        }
        data.pop("_transition", None)

        client.post(change_url(article), {**data, "_continue": "1"})

        article.refresh_from_db()
        assert article.body == "第一段。\n\n第二段。"
        assert article.summary == "导语一。\n导语二。"
        assert article.fact_boxes.get().items == "● 一\n● 二"
        assert article.corrections.get().text == "更正一。\n更正二。"
        newer, older = StoryRevision.objects.filter(article=article).order_by("-id")[:2]
        assert newer.version == older.version + 1
        diff = compare(revisions.snapshot(older), revisions.snapshot(newer))
        assert not diff.has_changes
