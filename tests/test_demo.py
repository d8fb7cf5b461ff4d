"""The demo newsroom: ``load_demo`` builds the sample story, generated stories and logins,
and every story gets where it is through the workflow, by the people whose job it is."""

import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from PIL import Image
from taggit.models import Tag

from articles.credits import byline_line, photo_credit
from articles.demo import placeholders
from articles.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from articles.demo.generated import SEND_BACK_NOTE, WITHDRAW_NOTE, story_specs
from articles.demo.newsroom import CONTRIBUTORS, ensure_contributors
from articles.demo.sample import SampleFormatError, parse_sample
from articles.markup import render_body
from articles.models import (
    Article,
    ArticlePhoto,
    Byline,
    Contributor,
    Correction,
    FactBox,
    Photo,
    Role,
    Section,
    TaggedArticle,
    WorkflowEvent,
)
from articles.roles import (
    CHIEF_EDITORS,
    EDITORS,
    PHOTOGRAPHERS,
    REPORTERS,
    SECTION_HEADS,
    ensure_newsroom_groups,
)

from .factories import PhotoFactory
from .pages import article_element, assert_in_order, visible_text

pytestmark = pytest.mark.django_db

SAMPLE_ID = "41c86c4e"
TITLE = "市人大代表、武昌区委书记余松做客两会直播间:以“闯关”精神加快产业转型升级"
# Small pictures keep the suite fast; they still go Pillow -> ImageField.
PHOTO_SIZE = "60x40"
NEWSROOM = ZoneInfo("Asia/Shanghai")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COUNTED = (Article, Photo, ArticlePhoto, Byline, FactBox, Correction, WorkflowEvent, Section,
           Contributor, Tag, TaggedArticle, get_user_model())
# Who approves each review level: 初审, 复审, 终审.
REVIEWERS = {1: "editor", 2: "head", 3: "chief"}
Action = WorkflowEvent.Action
Status = Article.Status


def load(**options):
    """Run load_demo and return what it printed, in English so assertions read the msgids."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("load_demo", stdout=out, **{"photo_size": PHOTO_SIZE, **options})
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="class")
def newsroom(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for a class of read-only tests, and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST_HASHERS,
                               MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
            output = load()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def sample(newsroom):
    return Article.objects.get(short_id=SAMPLE_ID)


class TestSampleStory:
    def test_headline_source_date_and_views(self, sample):
        """The title without the portal's date prefix; source, morning date and views."""
        assert sample.title == TITLE
        assert sample.source_name == "斑马头条武汉"
        local = sample.publish_at.astimezone(NEWSROOM)
        assert local.date().isoformat() == "2024-01-20" and 6 <= local.hour < 12
        assert sample.view_count == 1430

    def test_summary_is_the_dek_without_the_repeated_headline(self, sample):
        """The summary starts where the headline prefix ends and keeps its "..."."""
        assert sample.summary.startswith("新年伊始,位于武昌区徐东大街商务楼宇匠心城")
        assert sample.summary.endswith("●黄鹤楼景区夺得全国“十一”黄金周热门景点亚军。...")
        assert TITLE not in sample.summary

    def test_body_keeps_the_text_with_subheads_and_photos_in_place(self, sample):
        """Three subheads make the TOC; the five photos stand where the text has them."""
        rendered = render_body(sample.body)
        assert [s.text for s in rendered.toc] == [
            "130多家数字经济核心企业聚集",
            "一年招引200多家涉碳机构企业",
            "打造更加宜居韧性智慧的现代城区",
        ]
        placed = list(sample.article_photos.values_list("photo_id", flat=True))
        assert rendered.photo_ids == placed and len(placed) == 5
        paragraphs = sample.body.split("\n\n")
        assert paragraphs[0].startswith("新年伊始,位于武昌区徐东大街")
        assert paragraphs[2] == f"[photo:{placed[0]}]"
        assert paragraphs[paragraphs.index("## 130多家数字经济核心企业聚集") + 1] == (
            f"[photo:{placed[1]}]"
        )
        assert paragraphs[-1] == f"[photo:{placed[4]}]"
        # The source's quirk (the missing 《) is kept verbatim.
        assert any(p.startswith("政府工作报告》提出,开拓数字经济新赛道") for p in paragraphs)
        for chrome in ("目录", "发布评论", "扫描二维码", "数读", "【编辑", "余松做客两会直播间:"):
            assert chrome not in sample.body

    def test_photos_have_captions_credits_and_a_lead(self, sample):
        """Captions as printed; the first is 记者何晓刚 摄 and leads; the portal printed no
        credit for the others, so the checklist has them credited to the paper (供图)."""
        usages = list(sample.article_photos.select_related("photo__credit_contributor"))
        assert [u.printed_caption for u in usages] == [
            "武汉市人大代表、武昌区委书记余松(左)做客长江日报两会直播间。",
            "武昌滨江数创走廊。",
            "碳汇大厦。",
            "昙华林历史文化街区",
            "武昌区持续塑造发展新动能新优势。",
        ]
        assert [photo_credit(u.photo) for u in usages] == ["记者何晓刚 摄", *["长江日报 供图"] * 4]
        assert usages[0].photo.credit_contributor.organisation == "长江日报"
        assert [u.is_lead for u in usages] == [True, False, False, False, False]
        assert all(u.photo.alt_text and u.photo.alt_text != u.photo.caption for u in usages)
        assert {(u.photo.width, u.photo.height) for u in usages} == {(60, 40)}

    def test_fact_box(self, sample):
        """数读【武昌区】, 2023年, nine items."""
        box = sample.fact_boxes.get()
        assert (box.title, box.period) == ("数读【武昌区】", "2023年")
        assert len(box.item_list) == 9
        assert box.item_list[0] == "区域经济总量突破1900亿元,迈向2000亿元,居中心城区第一。"
        assert box.item_list[-1] == "黄鹤楼景区夺得全国“十一”黄金周热门景点亚军。"

    def test_bylines_editor_and_repost_notice(self, sample):
        """The byline prints as in the paper; 赵可 edits; the repost notice is kept."""
        assert byline_line(sample.bylines.select_related("contributor")) == (
            "长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟"
        )
        assert sample.responsible_editor.name == "赵可"
        assert sample.responsible_editor.default_role == Role.EDITOR
        assert sample.repost_notice == "本文转载自互联网,如有侵权,联系删除。"

    def test_repost_names_the_original(self, sample):
        """The portal's page is the original; its byline the author, its headline the title."""
        assert sample.source_url == "https://jingchucn.com/post/41c86c4e.html"
        assert sample.original_author == "长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟"
        assert sample.original_title == TITLE

    def test_reviewed_by_its_section_and_dated_to_its_day(self, sample):
        """Filed by the reporter, 初审 by the editor, 复审 and published by the section head,
        every step logged on 2024-01-20, the publication at 08:30."""
        events = list(sample.events.order_by("created_at", "id").select_related("actor"))
        assert [(e.action, e.actor.username, e.level) for e in events] == [
            (Action.SUBMIT, "reporter", None), (Action.APPROVE, "editor", 1),
            (Action.PUBLISH, "head", 2),
        ]
        assert {e.created_at.astimezone(NEWSROOM).date().isoformat() for e in events} == {
            "2024-01-20"
        }
        assert events[-1].created_at == sample.publish_at
        assert sample.publish_at == datetime(2024, 1, 20, 8, 30, tzinfo=NEWSROOM)
        assert sample.created_at < events[0].created_at

    def test_published_public_tagged_and_in_a_section(self, sample):
        """Readers can see it at /a/41c86c4e/, tagged and filed under 武汉."""
        assert Article.objects.published().filter(pk=sample.pk).exists()
        assert sample.get_absolute_url() == f"/a/{SAMPLE_ID}/"
        assert sample.section.name == "武汉"
        assert {"武昌区", "数字经济", "双碳", "两会", "文旅"} <= set(sample.tags.names())

    def test_command_prints_time_story_and_logins(self, newsroom):
        """The output gives the load time, the sample's address and every demo login."""
        assert " s:" in newsroom
        assert f"http://127.0.0.1:8000/a/{SAMPLE_ID}/" in newsroom
        assert "http://127.0.0.1:8000/admin/" in newsroom and DEMO_PASSWORD in newsroom
        for username in ("reporter", "editor", "head", "chief", "photographer"):
            assert username in newsroom


class TestSamplePage:
    """The sample story as a reader gets it at /a/41c86c4e/, from the real seed text."""

    def test_every_part_of_the_sample_in_document_order(self, newsroom, client):
        """Headline to repost notice, the page reads in the sample's order."""
        response = client.get(f"/a/{SAMPLE_ID}/", headers={"accept-language": "zh-hans"})
        assert response.status_code == 200
        article = article_element(response.content.decode())
        text = visible_text(article)
        assert_in_order(text, [
            TITLE,
            "斑马头条武汉",
            "2024-01-20",
            "1430",
            "新年伊始,位于武昌区徐东大街商务楼宇匠心城",
            "目录",
            "130多家数字经济核心企业聚集",
            "一年招引200多家涉碳机构企业",
            "打造更加宜居韧性智慧的现代城区",
            "这家2014年创立的数字经济公司专注社交营销赛道",
            "武汉市人大代表、武昌区委书记余松(左)做客长江日报两会直播间。",
            "记者何晓刚 摄",
            "130多家数字经济核心企业聚集",
            "武昌滨江数创走廊。",
            "一年招引200多家涉碳机构企业",
            "碳汇大厦。",
            "打造更加宜居韧性智慧的现代城区",
            "昙华林历史文化街区",
            "武昌区持续塑造发展新动能新优势。",
            "数读【武昌区】",
            "2023年",
            "区域经济总量突破1900亿元,迈向2000亿元,居中心城区第一。",
            "黄鹤楼景区夺得全国“十一”黄金周热门景点亚军。",
            "长江日报记者杨蔚 覃柳玮 通讯员吴迪 刘方舟",
            "【编辑:赵可】",
            "本文转载自互联网,如有侵权,联系删除。",
        ])
        figcaptions = re.findall(r'<figcaption><span class="caption">.*?</figcaption>', article,
                                 re.S)
        assert len(figcaptions) == 5  # the five photos; the QR code has a figure of its own
        assert "记者何晓刚 摄" in visible_text(figcaptions[0])
        assert all("摄" not in visible_text(caption) for caption in figcaptions[1:])
        assert all("长江日报 供图" in visible_text(caption) for caption in figcaptions[1:])
        fact_box = re.search(r"<aside\b.*?</aside>", article, re.S)[0]
        items = re.findall(r"<li>(.*?)</li>", fact_box, re.S)
        assert len(items) == 9 and not any("●" in item for item in items)


@pytest.fixture
def generated(newsroom):
    return Article.objects.exclude(short_id=SAMPLE_ID)


class TestGeneratedStories:
    def test_sixty_stories_over_five_sections(self, generated):
        """At least 60 stories, spread over at least five sections with 1 to 3 review levels."""
        assert generated.count() >= 60
        sections = Section.objects.filter(articles__in=generated).distinct()
        assert sections.count() >= 5
        assert set(sections.values_list("review_levels", flat=True)) == {1, 2, 3}

    def test_each_story_is_complete(self, generated):
        """Every story has tags, bylines, a lead photo, subheads and photos in its body."""
        for article in generated.prefetch_related("tags", "bylines", "article_photos"):
            rendered = render_body(article.body)
            usages = list(article.article_photos.all())
            assert article.tags.all() and article.bylines.all(), article.title
            assert sum(u.is_lead for u in usages) == 1
            assert rendered.toc and rendered.photo_ids
            assert set(rendered.photo_ids) <= {u.photo_id for u in usages}
            if article.status in (Status.PUBLISHED, Status.WITHDRAWN):
                assert article.responsible_editor.default_role == Role.EDITOR
            assert any("\u4e00" <= ch <= "\u9fff" for ch in article.title + article.summary)

    def test_bylines_use_every_role(self, generated):
        """Reporters, all-media reporters, interns, correspondents and photographers all appear."""
        roles = {
            b.credited_role for b in Byline.objects.filter(article__in=generated)
            .select_related("contributor")
        }
        assert {Role.REPORTER, Role.ALL_MEDIA_REPORTER, Role.INTERN, Role.CORRESPONDENT,
                Role.PHOTOGRAPHER} <= roles

    def test_stories_in_every_state(self, generated):
        """Published and scheduled, waiting at each level, sent back, drafted, embargoed,
        withdrawn; reposts and corrections."""
        now = timezone.now()
        assert Article.objects.published().filter(pk__in=generated).count() >= 45
        scheduled = generated.filter(status=Status.PUBLISHED, publish_at__gt=now)
        assert scheduled.count() == 2
        assert not Article.objects.published().filter(pk__in=scheduled).exists()
        waiting = generated.filter(status=Status.SUBMITTED)
        assert {a.review_level + 1 for a in waiting} == {1, 2, 3}
        assert generated.filter(status=Status.DRAFT).count() == 2
        assert generated.filter(status=Status.DRAFT, events__isnull=True).exists()
        reposts = generated.exclude(source_name="")
        assert reposts.count() >= 2
        for repost in reposts:
            assert repost.original_author and repost.original_title and repost.repost_notice
            assert repost.source_url.startswith("https://")
        assert Correction.objects.filter(article__in=generated).count() >= 1

    def test_scheduled_two_days_ahead(self, generated):
        """One story approved for the morning two days from now, not yet public."""
        now = timezone.localtime()
        story = generated.get(status=Status.PUBLISHED, publish_at__gt=now,
                              embargo_until__isnull=True)
        assert timezone.localtime(story.publish_at).date() == (now + timedelta(days=2)).date()
        assert story.events.latest("created_at").action == Action.SCHEDULE

    def test_embargoed_until_tomorrow_and_scheduled_for_then(self, generated):
        """The embargo ends tomorrow; the story is scheduled for exactly that moment."""
        story = generated.get(embargo_until__isnull=False)
        tomorrow = (timezone.localtime() + timedelta(days=1)).date()
        assert timezone.localtime(story.embargo_until).date() == tomorrow
        assert story.status == Status.PUBLISHED and story.publish_at == story.embargo_until
        assert not Article.objects.published().filter(pk=story.pk).exists()
        assert story.events.filter(action=Action.EMBARGO, actor__username="reporter").exists()

    def test_sent_back_with_a_note(self, generated):
        """The editor sent one story back to the reporter at 初审, saying why."""
        event = WorkflowEvent.objects.get(article__in=generated, action=Action.SEND_BACK)
        assert (event.actor.username, event.level, event.note) == ("editor", 1, SEND_BACK_NOTE)
        assert event.article.status == Status.DRAFT

    def test_withdrawn_with_a_note_after_publication(self, generated):
        """The chief withdrew one story, saying why, some hours after it went out."""
        story = generated.get(status=Status.WITHDRAWN)
        event = story.events.get(action=Action.WITHDRAW)
        assert (event.actor.username, event.note) == ("chief", WITHDRAW_NOTE)
        assert story.publish_at < story.withdrawn_at == event.created_at <= timezone.now()
        assert not Article.objects.published().filter(pk=story.pk).exists()

    def test_each_level_approved_by_its_reviewer(self, generated):
        """Every approval in the demo is by the login whose role holds that level, one
        person per level, as many levels as the story's section has."""
        approvals = (Action.APPROVE, Action.PUBLISH, Action.SCHEDULE)
        for article in generated.select_related("section"):
            events = [e for e in article.events.order_by("created_at", "id")
                      .select_related("actor") if e.action in approvals]
            assert [(e.level, e.actor.username) for e in events] == [
                (level, REVIEWERS[level]) for level in range(1, article.review_level + 1)
            ], article.title
            if article.status in (Status.PUBLISHED, Status.WITHDRAWN):
                assert article.review_level == article.section.review_levels

    def test_history_is_dated_in_order_and_never_ahead(self, generated):
        """Each story's events run forward in time, none later than now; a story published
        days ago has its publication event at its publication time."""
        now = timezone.now()
        for article in generated:
            times = list(article.events.order_by("id").values_list("created_at", flat=True))
            assert times == sorted(times) and all(t <= now for t in times), article.title
            if article.status == Status.PUBLISHED and article.publish_at <= now:
                published = article.events.get(action=Action.PUBLISH)
                assert published.created_at == article.publish_at
                assert article.created_at < times[0]
        oldest = Article.objects.published().filter(pk__in=generated).earliest("publish_at")
        assert oldest.publish_at < now - timedelta(days=20)

    def test_photos_are_shared(self, generated):
        """A small pool of pictures serves all the stories."""
        assert Photo.objects.count() <= 25
        assert ArticlePhoto.objects.filter(article__in=generated).count() > 100

    def test_addresses_are_stable(self, generated):
        """Short ids and titles are decided by the seed, not the clock or the database."""
        first = story_specs(datetime(2024, 1, 1, tzinfo=ZoneInfo("UTC")))
        later = story_specs(timezone.now())
        assert [(s.short_id, s.title) for s in first] == [(s.short_id, s.title) for s in later]
        assert set(generated.values_list("short_id", flat=True)) == {s.short_id for s in later}


def test_running_twice_duplicates_nothing(demo_mode, settings):
    """A second load finds everything, creates nothing and draws no new pictures."""
    load()
    before, files = counts(), sorted(settings.MEDIA_ROOT.rglob("*.jpg"))
    output = load()
    assert counts() == before
    assert sorted(settings.MEDIA_ROOT.rglob("*.jpg")) == files
    assert "0 generated stories and 0 logins created" in output


def test_printed_addresses_follow_the_site_url(demo_mode):
    """`make run` on another port prints addresses on that port."""
    output = load(site_url="http://127.0.0.1:8030/")
    assert f"http://127.0.0.1:8030/a/{SAMPLE_ID}/" in output
    assert "http://127.0.0.1:8030/admin/" in output


def test_refused_outside_demo_mode(settings):
    """With DEBUG off there is no demo: a clear error, and no login or story is made."""
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        load()
    assert not get_user_model().objects.exists()
    assert not Article.objects.exists() and not Contributor.objects.exists()


def test_demo_stories_cannot_skip_the_checklist(demo_mode):
    """A demo picture that lost its credit stops the load with the checklist's reason,
    and nothing of the demo is left half made."""
    PhotoFactory(demo_key="pool-pocket-park", caption="口袋公园。")
    with pytest.raises(CommandError, match="口袋公园。.*no credit"):
        load()
    assert not Article.objects.exists() and not get_user_model().objects.exists()


def test_bad_photo_size_is_refused(demo_mode):
    """A malformed --photo-size is a usage error, before anything is written."""
    with pytest.raises(CommandError, match="1200x800"):
        load(photo_size="large")
    assert not Article.objects.exists()


def test_a_changed_password_survives_a_reload(demo_mode):
    """Existing logins are left alone: the demo never resets a password."""
    load()
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("my-own-secret")
    editor.save()
    load()
    editor.refresh_from_db()
    assert editor.check_password("my-own-secret")


def test_placeholders_need_no_font(monkeypatch):
    """Without a Chinese font the picture is shapes only, and the same key draws the same."""
    monkeypatch.setattr(placeholders, "_font", lambda size: None)
    jpeg = placeholders.placeholder_jpeg("key", "无字体时不印说明", (120, 80))
    with Image.open(io.BytesIO(jpeg)) as image:
        assert (image.format, image.size) == ("JPEG", (120, 80))
    assert placeholders.placeholder_jpeg("key", "无字体时不印说明", (120, 80)) == jpeg


def test_an_unreadable_sample_is_reported():
    """Text without the sample's conventions is refused with a reason, not half-read."""
    with pytest.raises(SampleFormatError, match="headline"):
        parse_sample("目录\n\n发布评论\n")


def test_logins_are_staff_in_their_group_and_credited(demo_mode):
    """Each demo login can reach the admin, belongs to its role's group and is a contributor."""
    groups = ensure_newsroom_groups()
    users, created = ensure_demo_accounts(groups, ensure_contributors(CONTRIBUTORS))
    expected = {"reporter": REPORTERS, "photographer": PHOTOGRAPHERS, "editor": EDITORS,
                "head": SECTION_HEADS, "chief": CHIEF_EDITORS}
    assert created == len(expected)
    for username, group in expected.items():
        user = users[username]
        assert user.is_staff and not user.is_superuser and user.check_password(DEMO_PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.contributor.name
