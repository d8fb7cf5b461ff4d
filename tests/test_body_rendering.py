"""The story body is rendered once per change, not per view; its size is bounded;
a story withdrawn (撤稿) after readers saw it answers 410 with a notice."""

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import markup
from articles.models import Article
from articles.models.articles import BODY_MAX_LENGTH

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    PhotoFactory,
    SectionFactory,
    UserFactory,
)
from .pages import article_element, assert_in_order, visible_text

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
BODY = "第一段。\n\n## 数字经济\n\n第二段。\n\n## 双碳产业\n\n第三段。"


def without_json_ld(page):
    """The page as readers see it: the JSON-LD for search engines repeats captions."""
    return re.sub(r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S)


@pytest.fixture
def reader():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def renders():
    """Counts the body renderings that Article.save() asks for."""
    with mock.patch(
        "articles.models.articles.stored_rendering", wraps=markup.stored_rendering
    ) as spy:
        yield spy


def stored(article):
    """The rendering as it is in the database."""
    return Article.objects.values_list("body_html", "body_toc").get(pk=article.pk)


# --- The renderer -------------------------------------------------------------------------


class TestMarkers:
    def test_a_photo_line_is_stored_as_a_marker(self):
        """[photo:ID] becomes an HTML comment naming the photo, nothing of the figure itself."""
        html = markup.render_body("第一段。\n\n[photo:12]\n\n[图:7]").html
        assert "<!--newsdesk:photo:12-->" in html and "<!--newsdesk:photo:7-->" in html
        assert "<figure" not in html

    def test_an_editor_cannot_forge_a_marker(self):
        """A marker typed into the body, raw or as entities, comes out as escaped text."""
        for typed in ("<!--newsdesk:photo:3-->", "&lt;!--newsdesk:photo:3--&gt;",
                      "&#60;!--newsdesk:photo:3--&#62;", "`<!--newsdesk:photo:3-->`",
                      "    <!--newsdesk:photo:3-->", "[x](<!--newsdesk:photo:3-->)"):
            html = markup.render_body(typed).html
            assert "<!--" not in html, typed
            assert markup.place_photos(html, lambda pk: "FIGURE") == html, typed

    def test_markers_become_figures_or_nothing(self):
        """Each marker is swapped for what the page renders; an unknown photo leaves no trace."""
        html = markup.render_body("[photo:1]\n\n文字。\n\n[photo:2]").html
        placed = markup.place_photos(html, lambda pk: "<figure>1</figure>" if pk == 1 else "")
        assert placed == "<figure>1</figure><p>文字。</p>\n"

    def test_stored_rendering_is_plain_json_ready_data(self):
        """body_html is a str and body_toc a list of dicts, which read back as subheads."""
        html, toc = markup.stored_rendering(BODY)
        assert type(html) is str and '<h2 id="s1">数字经济</h2>' in html
        assert toc == [{"anchor": "s1", "text": "数字经济"}, {"anchor": "s2", "text": "双碳产业"}]
        assert markup.toc_from_stored(toc) == markup.render_body(BODY).toc


# --- Kept current by save() ---------------------------------------------------------------


class TestStoredRendering:
    def test_a_new_story_is_stored_rendered(self):
        """Creating a story renders its body and table of contents into the row."""
        article = ArticleFactory(body=BODY)
        html, toc = stored(article)
        assert "<p>第一段。</p>" in html and '<h2 id="s2">双碳产业</h2>' in html
        assert [item["text"] for item in toc] == ["数字经济", "双碳产业"]

    def test_a_story_built_in_code_gets_its_rendering_from_its_body(self):
        """Whatever body_html a new story is handed, what is stored is its body rendered."""
        article = ArticleFactory.build(section=SectionFactory(), body="正文。",
                                       body_html="<script>alert(1)</script>", body_toc=[{}])
        article.save()
        assert stored(article) == ("<p>正文。</p>\n", [])

    def test_a_changed_body_is_rendered_again(self, renders):
        """Editing the body of a story loaded from the database re-renders it on save."""
        article = Article.objects.get(pk=ArticleFactory(body=BODY).pk)
        article.body = "新的正文。\n\n## 新小标题"
        article.save()
        html, toc = stored(article)
        assert "<p>新的正文。</p>" in html and "第一段" not in html
        assert toc == [{"anchor": "s1", "text": "新小标题"}]
        assert renders.call_count == 2

    def test_saves_that_leave_the_body_alone_render_nothing(self, renders):
        """Saving other fields, or the same body, or with update_fields without the body,
        costs no rendering: workflow steps and view counts stay cheap."""
        article = Article.objects.get(pk=ArticleFactory(body=BODY).pk)
        renders.reset_mock()
        article.title = "新标题"
        article.save()
        article.status = Article.Status.SUBMITTED
        article.save(update_fields=["status"])
        Article.objects.get(pk=article.pk).save()
        assert renders.call_count == 0

        created = ArticleFactory(body=BODY)
        assert renders.call_count == 1
        created.save()  # the instance knows what it rendered when it was created
        assert renders.call_count == 1

    def test_update_fields_with_the_body_writes_the_rendering_too(self, renders):
        """save(update_fields=["body"]) renders and stores body_html and body_toc with it."""
        article = ArticleFactory(body=BODY)
        article.body = "## 只有小标题"
        article.save(update_fields=["body"])
        html, toc = stored(article)
        assert html == '<h2 id="s1">只有小标题</h2>\n'
        assert toc == [{"anchor": "s1", "text": "只有小标题"}]

    def test_a_story_loaded_without_its_body_neither_loads_nor_renders_it(self, renders):
        """With the body deferred, a save neither fetches the body nor touches its rendering;
        a body assigned to such a story is rendered and saved with it."""
        pk = ArticleFactory(body=BODY).pk
        renders.reset_mock()
        article = Article.objects.defer("body", "body_html").get(pk=pk)
        article.title = "只改标题"
        with CaptureQueriesContext(connection) as queries:
            article.save()
        assert len(queries) == 1 and renders.call_count == 0
        assert "<p>第一段。</p>" in stored(article)[0]

        article = Article.objects.defer("body", "body_html").get(pk=pk)
        article.body = "换了正文。"
        article.save()
        assert stored(article)[0] == "<p>换了正文。</p>\n"

    def test_a_body_loaded_late_is_known(self, renders):
        """A deferred body fetched on first use counts as loaded: saving it unchanged is free."""
        article = Article.objects.defer("body").get(pk=ArticleFactory(body=BODY).pk)
        renders.reset_mock()
        assert article.body == BODY
        article.save()
        assert renders.call_count == 0


# --- The page serves the stored rendering --------------------------------------------------


class TestPageView:
    def test_the_page_parses_no_markdown(self, reader):
        """A page view with photos, subheads and a lead never runs the Markdown parser."""
        photo, lead = PhotoFactory(caption="正文图片。"), PhotoFactory(caption="头图。")
        article = ArticleFactory(published=True, body=f"{BODY}\n\n[photo:{photo.pk}]")
        ArticlePhotoFactory(article=article, photo=photo, order=1)
        ArticlePhotoFactory(article=article, photo=lead, order=0, is_lead=True)
        with mock.patch("markdown_it.MarkdownIt.parse", side_effect=AssertionError("parsed")):
            page = reader.get(article.get_absolute_url()).content.decode()
        assert_in_order(page, ['<a href="#s1">数字经济</a>', "头图。", "第一段。",
                               '<h2 id="s2">双碳产业</h2>', "正文图片。"])

    def test_the_stored_rendering_is_what_readers_get(self, reader):
        """HTML written into body_html is served as it is, whatever the Markdown source says."""
        article = ArticleFactory(published=True, body="源文本。")
        Article.objects.filter(pk=article.pk).update(
            body_html="<p>存储的正文。</p>", body_toc=[{"anchor": "s1", "text": "存储的目录"}]
        )
        page = reader.get(article.get_absolute_url()).content.decode()
        assert "<p>存储的正文。</p>" in page and "源文本" not in page
        assert '<a href="#s1">存储的目录</a>' in page

    def test_a_new_caption_shows_without_rendering_the_body_again(self, reader, renders):
        """Figures are drawn per view from the photo as it is now."""
        photo = PhotoFactory(caption="旧说明。")
        article = ArticleFactory(published=True, body=f"第一段。\n\n[photo:{photo.pk}]\n\n第二段。")
        ArticlePhotoFactory(article=article, photo=photo)
        photo.caption = "新说明。"
        photo.save()
        renders.reset_mock()
        page = reader.get(article.get_absolute_url()).content.decode()
        assert "旧说明" not in page
        assert_in_order(page, ["第一段。", "新说明。", "第二段。"])
        assert renders.call_count == 0

    def test_a_photo_attached_after_the_body_was_written_appears_in_place(self, reader):
        """The marker waits for its photo: attaching it later needs no new rendering."""
        photo = PhotoFactory(caption="后来加上的图片。")
        article = ArticleFactory(published=True, body=f"第一段。\n\n[photo:{photo.pk}]\n\n第二段。")
        assert "后来加上的图片" not in reader.get(article.get_absolute_url()).content.decode()
        ArticlePhotoFactory(article=article, photo=photo)
        page = reader.get(article.get_absolute_url()).content.decode()
        assert_in_order(page, ["第一段。", "后来加上的图片。", "第二段。"])
        assert without_json_ld(page).count("后来加上的图片。") == 1

    def test_a_photo_placed_many_times_is_drawn_once(self, reader):
        """Repeated placements print the figure each time but render its template once."""
        photo = PhotoFactory(caption="重复的图片。")
        article = ArticleFactory(published=True, body="\n\n".join([f"[photo:{photo.pk}]"] * 50))
        ArticlePhotoFactory(article=article, photo=photo)
        response = reader.get(article.get_absolute_url())
        assert without_json_ld(response.content.decode()).count("重复的图片。") == 50
        assert [t.name for t in response.templates].count("includes/figure.html") == 1

    def test_a_typed_marker_is_shown_as_text_not_as_a_figure(self, reader):
        """An attached photo the body does not place follows the body, even if its marker
        was typed into the text."""
        photo = PhotoFactory(caption="附图。")
        article = ArticleFactory(
            published=True, body=f"伪造:<!--newsdesk:photo:{photo.pk}-->\n\n最后一段。"
        )
        ArticlePhotoFactory(article=article, photo=photo)
        page = reader.get(article.get_absolute_url()).content.decode()
        assert f"伪造:&lt;!--newsdesk:photo:{photo.pk}--&gt;" in page
        assert_in_order(page, ["最后一段。", "附图。"])
        assert without_json_ld(page).count("附图。") == 1

    def test_the_page_does_not_fetch_the_markdown_source(self, reader):
        """The article query leaves the body's source in the database."""
        article = ArticleFactory(published=True, body="源文本只在数据库里。")
        with CaptureQueriesContext(connection) as queries:
            reader.get(article.get_absolute_url())
        article_query = next(q["sql"] for q in queries if '"articles_article"."short_id" =' in
                             q["sql"])
        assert not re.search(r'"articles_article"\."body"[,\s]', article_query)
        assert '"articles_article"."body_html"' in article_query


# --- The size bound -----------------------------------------------------------------------


@pytest.fixture
def admin_client(admin_user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin_user)
    return client


def posted_form(response, **changes):
    """What a browser sends back, untouched, for the admin form in ``response``, with
    ``changes``: the story's fields and every inline row, as the page filled them."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    data.update(changes)
    return data


class TestSizeBound:
    def test_the_model_refuses_a_body_over_the_limit(self):
        """full_clean accepts 100 000 characters and refuses one more, on the body field."""
        article = ArticleFactory.build(section=SectionFactory(), body="字" * BODY_MAX_LENGTH)
        article.full_clean()
        article.body += "字"
        with pytest.raises(ValidationError) as refused:
            article.full_clean()
        assert list(refused.value.message_dict) == ["body"]

    def test_the_admin_refuses_a_body_over_the_limit_and_saves_nothing(self, admin_client):
        """One character too many is a clear error on the body field, and no story is made."""
        section = SectionFactory()
        data = posted_form(admin_client.get(ADD_URL), title="超长的稿件", section=section.pk,
                           body="字" * (BODY_MAX_LENGTH + 1))
        response = admin_client.post(ADD_URL, data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["body"] == [
            f"Ensure this value has at most {BODY_MAX_LENGTH} characters (it has "
            f"{BODY_MAX_LENGTH + 1})."
        ]
        assert not Article.objects.exists()

        data["body"] = "字" * BODY_MAX_LENGTH
        response = admin_client.post(ADD_URL, data)
        assert response.status_code == 302
        assert len(Article.objects.get().body_html) > BODY_MAX_LENGTH

    def test_an_over_long_edit_leaves_the_story_as_it_was(self, admin_client):
        """Editing a story with a body over the limit keeps the saved body and rendering."""
        article = ArticleFactory(body=BODY)
        url = f"/admin/articles/article/{article.pk}/change/"
        data = posted_form(admin_client.get(url), body="字" * (BODY_MAX_LENGTH + 1))
        response = admin_client.post(url, data)
        assert response.status_code == 200 and "body" in response.context["adminform"].form.errors
        article.refresh_from_db()
        assert article.body == BODY and "<p>第一段。</p>" in article.body_html

    @pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
    def test_a_post_over_the_upload_limit_is_a_bad_request_page(self, admin_client, encoding):
        """A ~10 MB body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses the request
        before any view runs, with our 400 page, not a server error."""
        data = posted_form(admin_client.get(ADD_URL), title="巨大的稿件",
                           section=SectionFactory().pk,
                           body="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
        if encoding == "urlencoded":
            response = admin_client.post(ADD_URL, urlencode(data, doseq=True),
                                         content_type="application/x-www-form-urlencoded")
        else:
            response = admin_client.post(ADD_URL, data)
        assert response.status_code == 400
        assert "<h1>Bad request</h1>" in response.content.decode()
        assert not Article.objects.exists()


# --- Withdrawn stories --------------------------------------------------------------------


def withdrawn_story(*, published_ago, withdrawn_ago, **fields):
    now = timezone.now()
    return ArticleFactory(**{
        "status": Article.Status.WITHDRAWN, "publish_at": now - published_ago,
        "withdrawn_at": now - withdrawn_ago, **fields,
    })


class TestWithdrawn:
    def test_a_story_withdrawn_after_publication_is_gone_with_a_notice(self, reader):
        """410 Gone: the headline, the notice and the date; no body, no dek, no photos."""
        article = withdrawn_story(
            published_ago=timedelta(days=3), withdrawn_ago=timedelta(days=1),
            title="被撤下的稿件", summary="导语不再显示。", body="正文不再显示。",
        )
        ArticlePhotoFactory(article=article, is_lead=True, photo__caption="图片不再显示。")
        response = reader.get(article.get_absolute_url())
        assert response.status_code == 410
        page = response.content.decode()
        text = visible_text(article_element(page))
        assert_in_order(text, ["被撤下的稿件", "This story has been withdrawn.", "Withdrawn on",
                               timezone.localtime(article.withdrawn_at).strftime("%Y-%m-%d")])
        for hidden in ("正文不再显示", "导语不再显示", "图片不再显示", "<img", "<figure"):
            assert hidden not in page
        assert "<title>被撤下的稿件 - " in page
        assert '<meta name="robots" content="noindex">' in page

    def test_the_notice_speaks_chinese_by_default(self):
        """In the site's default language the notice reads 本文已撤稿 (needs the compiled
        catalogue)."""
        article = withdrawn_story(published_ago=timedelta(days=3), withdrawn_ago=timedelta(days=1))
        page = Client(headers={"accept-language": "zh-hans"}).get(article.get_absolute_url())
        assert "本文已撤稿" in visible_text(page.content.decode())

    def test_a_story_withdrawn_before_its_publication_time_never_existed(self, reader):
        """Withdrawn while still scheduled: readers never had it, so it is a plain 404."""
        article = withdrawn_story(published_ago=-timedelta(days=1),
                                  withdrawn_ago=timedelta(hours=1), title="没发出的稿件")
        response = reader.get(article.get_absolute_url())
        assert response.status_code == 404
        assert "没发出的稿件" not in response.content.decode()

    @pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.SUBMITTED])
    def test_only_a_story_in_the_withdrawn_state_is_a_notice(self, reader, status):
        """Back on the desk, a story is a 404 for readers, whatever dates it carries."""
        article = withdrawn_story(published_ago=timedelta(days=3),
                                  withdrawn_ago=timedelta(days=1), status=status)
        assert reader.get(article.get_absolute_url()).status_code == 404

    def test_staff_still_preview_a_withdrawn_story(self):
        """The desk reads the withdrawn story in full, marked as a preview and never cached."""
        user = UserFactory(username="desk-preview")
        user.user_permissions.add(Permission.objects.get(codename="view_article"))
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        article = withdrawn_story(published_ago=timedelta(days=3),
                                  withdrawn_ago=timedelta(days=1), body="正文还在。")
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "正文还在。" in response.content.decode()
        assert "This story is not public" in visible_text(response.content.decode())
        assert "no-store" in response["Cache-Control"]


# --- Existing rows ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_renders_existing_stories():
    """0003 fills body_html and body_toc of the rows that predate them, from the
    historical model, without touching updated_at."""
    before = [("articles", "0002_workflow_and_bounds")]
    after = [("articles", "0003_render_stored_bodies")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        section = apps.get_model("articles", "Section").objects.create(name="要闻", slug="news")
        Old = apps.get_model("articles", "Article")
        old = [Old.objects.create(short_id=f"0000000{n}", title=f"旧稿{n}", section=section,
                                  body=f"## 小标题{n}\n\n正文{n}。\n\n[photo:{n}]")
               for n in range(3)]
        old.append(Old.objects.create(short_id="00000009", title="空", section=section, body=""))
        stamps = dict(Old.objects.values_list("pk", "updated_at"))

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        New = executor.loader.project_state(after).apps.get_model("articles", "Article")
        for n, row in enumerate(New.objects.order_by("pk")[:3]):
            assert row.body_html == (f'<h2 id="s1">小标题{n}</h2>\n<p>正文{n}。</p>\n'
                                     f"<!--newsdesk:photo:{n}-->")
            assert row.body_toc == [{"anchor": "s1", "text": f"小标题{n}"}]
        assert New.objects.get(short_id="00000009").body_html == ""
        assert dict(New.objects.values_list("pk", "updated_at")) == stamps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

