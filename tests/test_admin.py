"""The Django admin, where editors, reporters and photographers do their work."""

import io
import json
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from taggit.models import Tag

from articles.models import (
    Article,
    ArticlePhoto,
    Byline,
    Contributor,
    FactBox,
    Photo,
    Role,
    WorkflowEvent,
)

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    CorrectionFactory,
    FactBoxFactory,
    PhotoFactory,
    SectionFactory,
    UserFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
CHANGELIST_URL = "/admin/articles/article/"
TAGS_URL = "/admin/articles/article/tag-suggestions/"

# Everything a reporter needs to write stories, but not to publish them
# (as the Reporters group in articles/roles.py grants).
REPORTER_PERMISSIONS = [
    "add_article", "change_article", "view_article",
    *(f"{action}_{model}" for model in ("byline", "articlephoto", "factbox")
      for action in ("add", "change", "delete", "view")),
    "view_contributor", "view_photo", "view_section", "view_correction", "view_workflowevent",
]


def noisy_jpeg():
    """A JPEG large enough to be cut after its header: a flat colour compresses to nothing."""
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def english_client(user):
    # Assertions read English msgids, whatever the translation catalogue says.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def staff_with(*codenames, username):
    user = UserFactory(username=username)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles",
                                                        codename__in=codenames))
    return user


@pytest.fixture
def admin_client(admin_user):
    return english_client(admin_user)


@pytest.fixture
def editor_client():
    return english_client(
        staff_with(*REPORTER_PERMISSIONS, "publish_article", username="editor")
    )


@pytest.fixture
def reporter_client():
    return english_client(staff_with(*REPORTER_PERMISSIONS, username="reporter"))


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_data(section, *, bylines=(), photos=(), fact_boxes=(), corrections=(), **fields):
    """The POST of the article add form: the article, then each inline as rows of dicts."""
    data = {
        "kicker": "", "title": "武昌区数字经济转型升级", "subtitle": "", "summary": "导语。",
        "body": "第一段。", "section": str(section.pk), "tags": "", "source_name": "",
        "source_url": "", "original_author": "", "original_title": "", "repost_notice": "",
        "allow_comments": "on", "opened_version": "1",
        **management("events"),
    }
    data.update(fields)
    inlines = {"bylines": bylines, "article_photos": photos, "fact_boxes": fact_boxes,
               "corrections": corrections}
    for prefix, rows in inlines.items():
        data.update(management(prefix, total=len(rows)))
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def byline_row(contributor, role="", order=0):
    return {"contributor": str(contributor.pk) if contributor else "", "role": role,
            "order": str(order)}


def photo_row(photo, is_lead=False, caption="", order=0):
    row = {"photo": str(photo.pk), "caption": caption, "order": str(order)}
    if is_lead:
        row["is_lead"] = "on"
    return row


# --- registration -------------------------------------------------------------------


def test_every_model_is_registered_and_tags_are_searchable():
    """Each newsroom model has an admin; taggit's Tag admin stays, searchable by name."""
    for model in (Article, Photo, Contributor, WorkflowEvent):
        assert admin.site.is_registered(model)
    assert admin.site._registry[Tag].search_fields == ["name"]


# --- article list --------------------------------------------------------------------


def test_article_changelist_shows_title_section_status_and_bylines(admin_client):
    """The story list prints bylines as the paper does, with section and status."""
    article = ArticleFactory(title="市人大代表走进直播间", section=SectionFactory(name="要闻"))
    yang = ContributorFactory(name="杨蔚")
    qin = ContributorFactory(name="覃柳玮")
    wu = ContributorFactory(name="吴迪", default_role=Role.CORRESPONDENT)
    for order, person in enumerate([yang, qin, wu]):
        BylineFactory(article=article, contributor=person, order=order)

    response = admin_client.get(CHANGELIST_URL)

    html = response.content.decode()
    assert "市人大代表走进直播间" in html
    assert "要闻" in html
    assert "长江日报记者杨蔚 覃柳玮 通讯员吴迪" in html
    assert "Draft" in html


def _populate(count):
    section = SectionFactory()
    for _ in range(count):
        article = ArticleFactory(section=section, tags=["武汉"])
        BylineFactory.create_batch(2, article=article)
        ArticlePhotoFactory(article=article)


def _changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_article_changelist_queries_do_not_grow_with_stories(admin_client):
    """Bylines are prefetched: 30 stories cost the same number of queries as 3."""
    _populate(3)
    few = _changelist_queries(admin_client)
    _populate(27)
    many = _changelist_queries(admin_client)
    assert Article.objects.count() == 30
    assert many == few


def test_article_search_finds_byline_name_and_short_id(
    admin_client, django_capture_on_commit_callbacks
):
    """Editors find stories by a reporter's name or by the id in the public link."""
    with django_capture_on_commit_callbacks(execute=True):  # the index follows commits
        article = ArticleFactory(title="碳汇大厦")
        ArticleFactory(title="别的新闻")
        BylineFactory(article=article, contributor=ContributorFactory(name="何晓刚"))

    by_name = admin_client.get(CHANGELIST_URL, {"q": "何晓刚"}).content.decode()
    by_id = admin_client.get(CHANGELIST_URL, {"q": article.short_id}).content.decode()

    assert "碳汇大厦" in by_name and "别的新闻" not in by_name
    assert "碳汇大厦" in by_id and "别的新闻" not in by_id


def test_article_search_uses_the_chinese_index(admin_client, django_capture_on_commit_callbacks):
    """Words from anywhere in the story, typed in traditional characters or with
    full-width digits, find it; terms are ANDed; hostile input finds nothing, never a 500."""
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="区长走进直播间", body="武昌区大力发展数字经济和５Ｇ应用。")
        ArticleFactory(title="别的新闻", body="黄鹤楼游客。")

    def titles(q):
        response = admin_client.get(CHANGELIST_URL, {"q": q})
        assert response.status_code == 200
        return [t for t in ("区长走进直播间", "别的新闻") if t in response.content.decode()]

    assert titles("数字经济") == ["区长走进直播间"]
    assert titles("數字經濟 5G") == ["区长走进直播间"]
    assert titles("数字经济 黄鹤楼") == []
    assert titles("黃鶴樓") == ["别的新闻"]
    for hostile in ['NEAR(', '"', "%", "title:数字", "<script>", "字" * 10_000]:
        assert titles(hostile) in ([], ["区长走进直播间"])


# --- article form --------------------------------------------------------------------


def test_article_change_form_shows_record_parts_and_link(admin_client):
    """The change form shows the permanent link, status, and every inline's content."""
    article = ArticleFactory(title="武昌滨江数创走廊", tags=["数字经济", "武汉"])
    BylineFactory(article=article, contributor=ContributorFactory(name="杨蔚"))
    ArticlePhotoFactory(article=article, is_lead=True)
    FactBoxFactory(article=article, title="数读【武昌区】")
    CorrectionFactory(article=article, text="此前误写了数字。")

    response = admin_client.get(change_url(article))

    html = response.content.decode()
    assert f'href="/a/{article.short_id}/"' in html
    assert "(not visible to readers yet)" in html
    assert "Status: <strong>Draft</strong>" in html
    assert "杨蔚" in html
    assert 'class="newsdesk-thumb"' in html
    assert "数读【武昌区】" in html
    assert "此前误写了数字。" in html
    assert "数字经济, 武汉" in html  # the plain text value, for browsers without JS
    assert "newsdesk-admin/tag-suggest.js" in html
    assert 'name="status"' not in html


def test_add_article_with_all_parts_end_to_end(admin_client, admin_user):
    """One add form creates the story, its bylines, photos, fact box and correction."""
    section = SectionFactory()
    yang, wu = ContributorFactory(name="杨蔚"), ContributorFactory(name="吴迪")
    lead, other = PhotoFactory(), PhotoFactory()
    data = article_data(
        section,
        tags="武汉，数字经济, 长江日报",
        body=f"第一段。\n\n[photo:{other.pk}]\n\n第二段。",
        bylines=[byline_row(yang, order=0), byline_row(wu, Role.CORRESPONDENT, order=1)],
        photos=[photo_row(lead, is_lead=True, caption="本报道的头图。"), photo_row(other, order=1)],
        fact_boxes=[{"title": "数读【武昌区】", "period": "2023年",
                     "items": "●第一项。\n●第二项。", "order": "0"}],
        corrections=[{"text": "此前误写了数字。", "published_at_0": "2024-01-21",
                      "published_at_1": "09:00:00"}],
    )

    response = admin_client.post(ADD_URL, data, follow=True)

    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == CHANGELIST_URL
    assert "武昌区数字经济转型升级" in " ".join(messages_of(response))
    assert article.status == Article.Status.DRAFT
    assert article.created_by == admin_user
    assert sorted(article.tags.names()) == sorted(["武汉", "数字经济", "长江日报"])
    assert [str(b) for b in article.bylines.all()] == ["记者杨蔚", "通讯员吴迪"]
    assert article.article_photos.get(is_lead=True).photo == lead
    assert article.article_photos.get(is_lead=True).printed_caption == "本报道的头图。"
    assert article.fact_boxes.get().item_list == ["第一项。", "第二项。"]
    assert article.corrections.get().created_by == admin_user
    # Every photo the body places is attached, so nothing to warn about.
    assert not any("not attached" in m for m in messages_of(response))


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing_title", "This field is required."),
        ("byline_role_only", "This field is required."),
        ("two_leads", "A story has only one lead photo."),
        ("photo_twice", "is in the story more than once."),
        ("contributor_twice", "has more than one byline on this story."),
        ("repost_without_source", "A reposted story must name its source (来源)."),
    ],
)
def test_bad_article_input_is_explained_and_saves_nothing(admin_client, case, expected):
    """Each mistake is a clear message on the form, never a 500 and never a half save."""
    section = SectionFactory()
    person, photo, other_photo = ContributorFactory(), PhotoFactory(), PhotoFactory()
    data = {
        "missing_title": lambda: article_data(section, title=""),
        "byline_role_only": lambda: article_data(
            section, bylines=[byline_row(None, Role.CORRESPONDENT)]
        ),
        "two_leads": lambda: article_data(
            section, photos=[photo_row(photo, is_lead=True), photo_row(other_photo, is_lead=True)]
        ),
        "photo_twice": lambda: article_data(section, photos=[photo_row(photo), photo_row(photo)]),
        "contributor_twice": lambda: article_data(
            section, bylines=[byline_row(person), byline_row(person, Role.EDITOR)]
        ),
        "repost_without_source": lambda: article_data(
            section, source_url="https://www.example.com/post/41c86c4e.html"
        ),
    }[case]()

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert "Please correct the error" in response.content.decode()
    assert not Article.objects.exists()
    assert not Byline.objects.exists() and not ArticlePhoto.objects.exists()


def test_missing_title_error_sits_on_the_title_field(admin_client):
    """The required-title message is a field error, shown beside the headline."""
    response = admin_client.post(ADD_URL, article_data(SectionFactory(), title=""))
    assert response.context["adminform"].form.errors["title"] == ["This field is required."]


def test_lead_photo_moves_to_another_row(admin_client):
    """Switching the lead photo in one save works, whichever row comes first."""
    article = ArticleFactory()
    new_lead = ArticlePhotoFactory(article=article, order=0)
    old_lead = ArticlePhotoFactory(article=article, order=1, is_lead=True)
    data = article_data(article.section, title=article.title)
    data.update(management("article_photos", total=2, initial=2))
    for index, (row, lead) in enumerate([(new_lead, True), (old_lead, False)]):
        data.update({f"article_photos-{index}-{k}": v for k, v in
                     {**photo_row(row.photo, is_lead=lead, order=row.order),
                      "id": str(row.pk), "article": str(article.pk)}.items()})

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302
    assert article.article_photos.get(is_lead=True) == new_lead


def test_body_placing_an_unattached_photo_warns(admin_client):
    """A [photo:ID] the story does not carry is saved but flagged to the editor."""
    data = article_data(SectionFactory(), body="第一段。\n\n[photo:999]\n\n第二段。")

    response = admin_client.post(ADD_URL, data, follow=True)

    assert Article.objects.count() == 1
    assert any("[photo:999]" in m and "not attached" in m for m in messages_of(response))


def test_status_cannot_be_set_by_posting_it(admin_client):
    """Status is not a form field: a forged 'status' in the POST is ignored."""
    article = ArticleFactory()
    data = article_data(article.section, title="改过的标题", status="published")

    admin_client.post(change_url(article), data)

    article.refresh_from_db()
    assert article.title == "改过的标题"
    assert article.status == Article.Status.DRAFT


# --- tags ----------------------------------------------------------------------------


def test_tag_suggestions_return_chinese_names_best_first(admin_client):
    """Tags starting with the term come first, then other matches; Chinese is intact."""
    ArticleFactory(tags=["数字经济", "武汉"])
    ArticleFactory(tags=["经济"])

    response = admin_client.get(TAGS_URL, {"term": "经济"})

    assert response["Content-Type"] == "application/json"
    names = [r["text"] for r in json.loads(response.content)["results"]]
    assert names == ["经济", "数字经济"]
    assert "数字经济" in response.content.decode()  # not \u-escaped


def test_tag_suggestions_are_for_staff_only(client):
    """Anonymous visitors are sent to the admin login; staff without article rights get 403."""
    ArticleFactory(tags=["武汉"])
    anonymous = client.get(TAGS_URL, {"term": "武"})
    outsider = english_client(UserFactory(username="outsider"))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert outsider.get(TAGS_URL, {"term": "武"}).status_code == 403


def test_tags_round_trip_through_the_form(admin_client):
    """Tags typed with Chinese commas are saved apart and shown back the same way."""
    data = article_data(SectionFactory(), tags="武汉、 数字经济,\"长江 日报\"")
    admin_client.post(ADD_URL, data)
    article = Article.objects.get()

    html = admin_client.get(change_url(article)).content.decode()

    assert sorted(article.tags.names()) == sorted(["武汉", "数字经济", "长江 日报"])
    assert 'value="&quot;长江 日报&quot;, 数字经济, 武汉"' in html
    assert "data-tags=\"[&quot;数字经济&quot;, &quot;武汉&quot;, &quot;长江 日报&quot;]\"" in html


def test_over_long_tag_is_refused(admin_client):
    """A tag longer than the database column is a field error, not a database error."""
    response = admin_client.post(ADD_URL, article_data(SectionFactory(), tags="长" * 101))
    assert "A tag may be at most 100 characters long" in response.content.decode()
    assert not Article.objects.exists()


# --- photos --------------------------------------------------------------------------


def test_photo_changelist_shows_thumbnail_credit_and_size(admin_client):
    """The library lists each picture with its printed credit and dimensions."""
    he = ContributorFactory(name="何晓刚")
    PhotoFactory(caption="代表走进直播间。", credit_contributor=he)

    html = admin_client.get("/admin/articles/photo/").content.decode()

    assert 'class="newsdesk-thumb"' in html
    assert "代表走进直播间。" in html
    assert "记者何晓刚 摄" in html
    assert "64 × 48" in html


def test_photo_change_form_shows_preview_and_usage(admin_client):
    """A photo's page shows the picture and the stories that use it."""
    usage = ArticlePhotoFactory(article=ArticleFactory(title="碳汇大厦"))

    html = admin_client.get(f"/admin/articles/photo/{usage.photo.pk}/change/").content.decode()

    assert f"/media/renditions/{usage.photo.rendition_key[:2]}/{usage.photo.rendition_key}/" in html
    assert "碳汇大厦" in html
    assert change_url(usage.article) in html


def test_photo_upload_records_uploader_and_size(admin_client, admin_user):
    """An uploaded picture knows who sent it and how large it is."""
    upload = SimpleUploadedFile("直播间.jpg", jpeg_bytes(120, 80), content_type="image/jpeg")
    data = {"image": upload, "caption": "直播间。", "alt_text": "", "taken_at_0": "",
            "taken_at_1": "", "credit_contributor": "", "credit_name": "受访者",
            "credit_role": "", "credit_verb": "供图"}

    response = admin_client.post("/admin/articles/photo/add/", data)

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.uploaded_by, photo.width, photo.height) == (admin_user, 120, 80)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"this is not a picture at all", "“photo.jpg”: this is not a picture"),
        (noisy_jpeg()[:400], "“photo.jpg”: this is not a picture"),
        # The header is whole, so Django's own check passes; the full decode does not.
        (noisy_jpeg()[:20000], "could not be read completely"),
    ],
    ids=["text-named-jpg", "jpeg-cut-in-header", "jpeg-cut-in-picture"],
)
def test_photo_upload_refuses_files_that_are_not_whole_images(admin_client, content, expected):
    """A text file named .jpg, or a cut-off JPEG, is refused with a message."""
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
    data = {"image": upload, "caption": "", "alt_text": "", "taken_at_0": "", "taken_at_1": "",
            "credit_contributor": "", "credit_name": "", "credit_role": "", "credit_verb": "摄"}

    response = admin_client.post("/admin/articles/photo/add/", data)

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Photo.objects.exists()


# --- people and sections -------------------------------------------------------------


def test_contributor_without_slug_gets_a_unique_one(admin_client):
    """同名同姓: a second 何晓刚 gets a numbered slug when the field is left empty."""
    ContributorFactory(name="何晓刚", slug="何晓刚")
    data = {"name": "何晓刚", "slug": "", "organisation": "长江日报",
            "default_role": Role.PHOTOGRAPHER, "user": "", "bio": "", "is_active": "on"}

    response = admin_client.post("/admin/articles/contributor/add/", data)

    assert response.status_code == 302
    assert Contributor.objects.filter(slug="何晓刚-2").exists()


def test_contributor_changelist_shows_organisation_and_role(admin_client):
    """The people list shows where each person works and how they are credited."""
    ContributorFactory(name="杨蔚", organisation="长江日报", default_role=Role.REPORTER)
    html = admin_client.get("/admin/articles/contributor/").content.decode()
    assert "杨蔚" in html and "长江日报" in html and "Reporter" in html


def test_section_changelist_edits_order_and_review_levels(admin_client):
    """Order and review levels are editable straight from the section list."""
    section = SectionFactory(name="要闻")
    html = admin_client.get("/admin/articles/section/").content.decode()
    assert "要闻" in html
    assert 'name="form-0-order"' in html and 'name="form-0-review_levels"' in html
    change = admin_client.get(f"/admin/articles/section/{section.pk}/change/").content.decode()
    assert 'value="要闻"' in change


def test_workflow_events_are_read_only(admin_client, admin_user):
    """The audit log can be read, never added to, changed or deleted by hand."""
    article = ArticleFactory(title="被审的稿子")
    WorkflowEvent.objects.create(article=article, actor=admin_user, action="submit",
                                 from_status="draft", to_status="submitted")
    event = WorkflowEvent.objects.get()

    listing = admin_client.get("/admin/articles/workflowevent/").content.decode()
    detail = admin_client.get(f"/admin/articles/workflowevent/{event.pk}/change/")

    assert "被审的稿子" in listing
    assert admin_client.get("/admin/articles/workflowevent/add/").status_code == 403
    assert 'name="_save"' not in detail.content.decode()
    # Actions and statuses read as words, not as stored codes.
    assert "Submitted for review" in detail.content.decode()
    assert "In review" in detail.content.decode()


def test_history_shows_on_the_article(admin_client, admin_user):
    """The story's own page lists its workflow history, newest first."""
    article = ArticleFactory()
    WorkflowEvent.objects.create(article=article, actor=admin_user, action="publish",
                                 from_status="draft", to_status="published",
                                 note="头版")
    html = admin_client.get(change_url(article)).content.decode()
    assert "头版" in html


def test_fact_box_items_are_kept_as_typed(admin_client):
    """Bullets pasted from print are kept in the text; the page strips them on display."""
    article = ArticleFactory()
    FactBoxFactory(article=article, items="●一\n●二")
    html = admin_client.get(change_url(article)).content.decode()
    assert "●一" in html
    assert FactBox.objects.get().item_list == ["一", "二"]


def test_scheduled_story_link_is_marked_not_yet_visible(admin_client):
    """A story published for tomorrow says readers cannot see it yet."""
    article = ArticleFactory(status=Article.Status.PUBLISHED,
                             publish_at=timezone.now() + timedelta(days=1))
    html = admin_client.get(change_url(article)).content.decode()
    assert "(not visible to readers yet)" in html


@pytest.mark.django_db
def test_admin_offers_a_language_switch_before_and_after_login(admin_client):
    """Chinese by default, English one click away: on the login page and on every admin page."""
    for client, url in ((Client(), "/admin/login/"), (admin_client, "/admin/")):
        page = client.get(url).content.decode()
        assert 'action="/i18n/setlang/"' in page
        assert '<option value="en" lang="en"' in page and '<option value="zh-hans"' in page
