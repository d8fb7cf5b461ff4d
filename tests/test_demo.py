"""The demo newsroom: ``load_demo`` builds the sample story, generated stories, roles and logins."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
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
from articles.demo.generated import story_specs
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
from articles.roles import CHIEF_EDITORS, EDITORS, PHOTOGRAPHERS, REPORTERS, ensure_newsroom_groups

from .pages import article_element, assert_in_order, visible_text

pytestmark = pytest.mark.django_db

SAMPLE_ID = "41c86c4e"
TITLE = "市人大代表、武昌区委书记余松做客两会直播间:以“闯关”精神加快产业转型升级"
# Small pictures keep the suite fast; they still go Pillow -> ImageField.
PHOTO_SIZE = "60x40"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COUNTED = (Article, Photo, ArticlePhoto, Byline, FactBox, Correction, WorkflowEvent, Section,
           Contributor, Tag, TaggedArticle, Group, get_user_model())


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
        local = sample.publish_at.astimezone(ZoneInfo("Asia/Shanghai"))
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
        """Captions as printed; only the first is credited (记者何晓刚 摄) and it leads."""
        usages = list(sample.article_photos.select_related("photo__credit_contributor"))
        assert [u.printed_caption for u in usages] == [
            "武汉市人大代表、武昌区委书记余松(左)做客长江日报两会直播间。",
            "武昌滨江数创走廊。",
            "碳汇大厦。",
            "昙华林历史文化街区",
            "武昌区持续塑造发展新动能新优势。",
        ]
        assert [photo_credit(u.photo) for u in usages] == ["记者何晓刚 摄", "", "", "", ""]
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
        for username in ("reporter", "editor", "chief", "photographer"):
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
        """Drafts, submissions, one scheduled, one withdrawn; reposts and corrections."""
        status = Article.Status
        assert generated.filter(status=status.DRAFT).count() >= 2
        assert generated.filter(status=status.SUBMITTED).count() >= 2
        assert generated.filter(status=status.WITHDRAWN).count() == 1
        scheduled = generated.filter(status=status.PUBLISHED, publish_at__gt=timezone.now())
        assert scheduled.count() == 1
        assert not Article.objects.published().filter(pk=scheduled.get().pk).exists()
        assert Article.objects.published().filter(pk__in=generated).count() >= 45
        reposts = generated.exclude(source_name="")
        assert reposts.count() >= 2
        for repost in reposts:
            assert repost.original_author and repost.original_title and repost.repost_notice
            assert repost.source_url.startswith("https://")
        assert Correction.objects.filter(article__in=generated).count() >= 1

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
    assert not Article.objects.exists() and not Group.objects.exists()


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


@pytest.fixture
def logins(demo_mode):
    groups = ensure_newsroom_groups()
    users, _created = ensure_demo_accounts(groups, ensure_contributors(CONTRIBUTORS))
    # Fresh copies: permissions are cached per user object.
    return {name: get_user_model().objects.get(pk=user.pk) for name, user in users.items()}


class TestRoles:
    def test_reporter_writes_but_cannot_publish(self, logins):
        """记者: drafts stories and adds photos; publishing and deleting are not theirs."""
        reporter = logins["reporter"]
        assert reporter.has_perms(["articles.add_article", "articles.change_article",
                                   "articles.add_byline", "articles.add_photo",
                                   "articles.add_factbox", "articles.view_contributor",
                                   "articles.view_section", "taggit.view_tag"])
        assert not reporter.has_perm("articles.publish_article")
        assert not reporter.has_perm("articles.delete_article")
        assert not reporter.has_perm("articles.add_correction")

    def test_photographer_handles_photos(self, logins):
        """摄影记者: photos and a look at contributors, nothing of the stories."""
        photographer = logins["photographer"]
        assert photographer.has_perms(["articles.add_photo", "articles.change_photo",
                                       "articles.view_photo", "articles.view_contributor"])
        assert not photographer.has_perm("articles.change_article")

    def test_editor_publishes_and_corrects(self, logins):
        """编辑: publishes and corrects, but deletes no story and manages no sections."""
        editor = logins["editor"]
        assert editor.has_perms(["articles.publish_article", "articles.change_article",
                                 "articles.add_correction", "articles.change_photo"])
        assert not editor.has_perm("articles.delete_article")
        assert not editor.has_perm("articles.change_section")

    def test_chief_holds_every_newsroom_permission(self, logins):
        """总编辑: everything in the newsroom, deleting, sections and people included."""
        chief = logins["chief"]
        every = Permission.objects.filter(content_type__app_label__in=["articles", "taggit"])
        assert chief.has_perms(
            [f"{p.content_type.app_label}.{p.codename}" for p in every.select_related(
                "content_type")]
        )
        assert chief.has_perms(["articles.delete_article", "articles.change_section",
                                "articles.add_contributor"])
        assert not chief.is_superuser and not chief.has_perm("auth.change_user")

    def test_logins_are_staff_in_their_group_and_credited(self, logins):
        """Each demo login can reach the admin, belongs to its group and is a contributor."""
        expected = {"reporter": REPORTERS, "photographer": PHOTOGRAPHERS, "editor": EDITORS,
                    "chief": CHIEF_EDITORS}
        for username, group in expected.items():
            user = logins[username]
            assert user.is_staff and user.check_password(DEMO_PASSWORD)
            assert list(user.groups.values_list("name", flat=True)) == [group]
            assert user.contributor.name

    def test_groups_keep_what_an_administrator_added(self, demo_mode):
        """Ensuring again adds what is missing and keeps extra grants, unless reset."""
        editors = ensure_newsroom_groups()[EDITORS]
        extra = Permission.objects.get(codename="delete_article")
        editors.permissions.add(extra)
        ensure_newsroom_groups()
        assert editors.permissions.filter(pk=extra.pk).exists()
        ensure_newsroom_groups(reset=True)
        assert not editors.permissions.filter(pk=extra.pk).exists()
        assert Group.objects.count() == 4
