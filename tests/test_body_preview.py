"""The story form's word count and live body preview (admin body-preview/ endpoint)."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Role
from articles.models.articles import BODY_MAX_LENGTH
from articles.roles import ensure_newsroom_groups

from .factories import (
    ROLE_GROUPS,
    ArticleFactory,
    ArticlePhotoFactory,
    ContributorFactory,
    PhotoFactory,
    UserFactory,
)
from .pages import visible_text
from .test_admin import ADD_URL, article_data

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/articles/article/body-preview/"


def member(role, username=None):
    """A staff user in one of the newsroom's groups (articles.roles)."""
    user = UserFactory(username=username or role)
    user.groups.add(ensure_newsroom_groups()[ROLE_GROUPS[role]])
    return user


def client_for(user, *, csrf=False):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


class _Element(HTMLParser):
    """Finds the first ``<div class="...">`` with a class and where it closes, counting nesting."""

    def __init__(self, css_class):
        super().__init__(convert_charrefs=False)
        self.css_class, self.depth, self.start, self.end = css_class, 0, None, None

    def handle_starttag(self, tag, attrs):
        if tag != "div" or self.end is not None:
            return
        if self.start is None:
            if self.css_class in (dict(attrs).get("class") or "").split():
                self.start, self.depth = self.getpos(), 1
        else:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.start is not None and self.end is None:
            self.depth -= 1
            if self.depth == 0:
                self.end = self.getpos()


def element(page, css_class):
    """The exact text of the page's first ``div.<css_class>``, from its "<" to its "</div>"."""
    finder = _Element(css_class)
    finder.feed(page)
    assert finder.start and finder.end, f"no div.{css_class} in the page"
    lines = page.splitlines(keepends=True)

    def offset(position):
        line, column = position
        return sum(len(text) for text in lines[: line - 1]) + column

    return page[offset(finder.start): offset(finder.end) + len("</div>")]


@pytest.fixture
def story():
    """A published story with a subhead, a photo placed in the body and a lead photo."""
    photographer = ContributorFactory(name="何晓刚", default_role=Role.PHOTOGRAPHER)
    placed = PhotoFactory(caption="碳汇大厦。", credit_contributor=photographer)
    lead = PhotoFactory(caption="武昌滨江数创走廊。")
    article = ArticleFactory(
        published=True,
        body=(
            f"第一段。\n\n## 一年招引200多家涉碳机构企业\n\n[photo:{placed.pk}]\n\n"
            "> 余松说:“欢迎。”"
        ),
    )
    ArticlePhotoFactory(article=article, photo=lead, is_lead=True, order=0)
    ArticlePhotoFactory(article=article, photo=placed, order=1)
    return article


def post_preview(client, body, article=None, **extra):
    data = {"body": body}
    if article is not None:
        data["article"] = str(getattr(article, "pk", article))
    return client.post(PREVIEW_URL, data, **extra)


# --- What the preview shows ----------------------------------------------------------------


def test_preview_is_byte_identical_to_the_article_page(story):
    """For the stored body, the endpoint's HTML is exactly the story text of the public page."""
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(story.get_absolute_url()).content.decode()

    answer = post_preview(client_for(member("reporter")), story.body, story).json()

    assert answer["html"] == element(page, "story-text")
    assert 'id="s1"' in answer["html"] and "碳汇大厦。" in answer["html"]
    assert "何晓刚" in answer["html"] and "武昌滨江数创走廊。" in answer["html"]
    assert answer["toc"] == [{"anchor": "s1", "text": "一年招引200多家涉碳机构企业"}]


def test_preview_follows_the_text_typed_not_the_stored_body(story):
    """The preview and its count are of the posted body, with the story's photos placed."""
    placed = story.article_photos.get(is_lead=False).photo
    body = f"## 新小标题\n\n新的第一段,含 COVID-19。\n\n[photo:{placed.pk}]"

    answer = post_preview(client_for(member("reporter")), body, story).json()

    text = visible_text(answer["html"])
    assert "新小标题" in text and "新的第一段,含 COVID-19。" in text
    assert "第一段。" not in text and "碳汇大厦。" in text
    assert answer["toc"] == [{"anchor": "s1", "text": "新小标题"}]
    # 新小标题 4 + 新的第一段含 6 = 10 characters, and COVID-19.
    assert (answer["words"], answer["cjk"], answer["latin"], answer["minutes"]) == (11, 10, 1, 1)
    assert answer["label"] == "Word count 11 · about 1 minute"


def test_preview_of_a_new_story_has_no_photos():
    """On the add form there is no story yet: a photo line shows nothing, as on the page."""
    photo = PhotoFactory()

    answer = post_preview(client_for(member("reporter")), f"段落。\n\n[photo:{photo.pk}]").json()

    assert "<figure" not in answer["html"]
    assert visible_text(answer["html"]).split() == ["段落。"]


def test_empty_body():
    """An empty body previews as nothing, with a dash for the reading time."""
    answer = post_preview(client_for(member("reporter")), "").json()

    assert (answer["words"], answer["minutes"]) == (0, 0)
    assert answer["label"] == "Word count 0 · —"
    assert visible_text(answer["html"]).strip() == ""


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "<!--newsdesk:photo:1-->",
        "</div></article><script>alert(1)</script>",
    ],
)
def test_hostile_body_is_escaped_as_on_the_article_page(body):
    """HTML typed into the body is shown as text in the preview, exactly as the page shows it."""
    article = ArticleFactory(published=True, body=body)
    ArticlePhotoFactory(article=article)
    page = Client().get(article.get_absolute_url()).content.decode()

    answer = post_preview(client_for(member("editor")), body, article).json()

    assert answer["html"] == element(page, "story-text")
    html = answer["html"]
    assert "<script" not in html and "<img src=x" not in html and "<!--" not in html
    assert 'href="javascript' not in html and html.count("</div>") == 2
    assert html.count("<figure") == 1  # the story's one attached photo, after the body


# --- The form ------------------------------------------------------------------------------


def test_form_shows_the_count_beside_the_body_without_javascript(story):
    """The change form prints the count under the body and a first preview, server-side."""
    chief = member("chief")
    response = client_for(chief).get(f"/admin/articles/article/{story.pk}/change/")
    page = response.content.decode()

    body_row = page[page.index('name="body"'):page.index("newsdesk-body-preview")]
    assert 'id="newsdesk-body-count"' in body_row
    assert "Word count 21 · about 1 minute" in body_row
    assert f'data-article="{story.pk}"' in page and f'data-url="{PREVIEW_URL}"' in page
    # The first preview is in the frame's srcdoc, escaped for the attribute.
    srcdoc = re.search(r'srcdoc="([^"]*)"', page)[1]
    assert "一年招引200多家涉碳机构企业" in srcdoc and "&lt;h2 id=&quot;s1&quot;&gt;" in srcdoc
    assert "/static/css/site.css" in srcdoc
    assert "newsdesk-admin/body_preview.js" in page


def test_add_form_counts_nothing_yet():
    """A new story's form shows a zero count and an empty preview."""
    page = client_for(member("reporter")).get(ADD_URL).content.decode()

    assert "Word count 0 · —" in page
    assert 'data-article=""' in page


def test_form_shown_again_with_errors_counts_and_previews_what_was_typed():
    """A refused save shows the count and preview of the body as typed, not as stored."""
    section = ArticleFactory().section
    data = article_data(section, title="", body="## 打字的小标题\n\n打字的段落 draft。")

    page = client_for(member("reporter")).post(ADD_URL, data).content.decode()

    assert "This field is required." in page
    assert "Word count 12 · about 1 minute" in page
    assert "打字的小标题" in re.search(r'srcdoc="([^"]*)"', page)[1]


def test_read_only_story_shows_the_count_in_the_preview(story):
    """A reporter may only read a published story: the preview with its count, no textarea."""
    page = client_for(member("reporter")).get(
        f"/admin/articles/article/{story.pk}/change/"
    ).content.decode()

    assert 'name="body"' not in page
    assert "Word count 21 · about 1 minute" in page
    assert 'data-editable=""' in page


# --- Who may ask, and how ------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login(story):
    """Without a login the endpoint answers nothing but the way to the login page."""
    response = post_preview(Client(), story.body, story)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ["photographer"])
def test_staff_without_article_permissions_are_refused(story, role):
    """A photographer (no add or change story permission) gets 403, and no story text."""
    response = post_preview(client_for(member(role)), story.body, story)

    assert response.status_code == 403
    assert "一年招引" not in response.content.decode()


def test_view_only_staff_are_refused(story):
    """Seeing stories is not writing them: view permission alone is 403."""
    user = UserFactory(username="viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))

    assert post_preview(client_for(user), "正文").status_code == 403


@pytest.mark.parametrize("role", ["reporter", "editor", "head", "chief"])
def test_everyone_who_writes_stories_may_preview(story, role):
    """Reporters and every editor get the preview."""
    response = post_preview(client_for(member(role)), story.body, story)

    assert response.status_code == 200
    assert "碳汇大厦。" in response.json()["html"]


def test_get_is_not_allowed():
    """Only POST: a GET is 405."""
    response = client_for(member("reporter")).get(PREVIEW_URL, {"body": "正文"})

    assert response.status_code == 405


def test_csrf_is_enforced(story):
    """A POST without the CSRF token is refused; with it, answered."""
    client = client_for(member("reporter"), csrf=True)
    assert post_preview(client, "正文").status_code == 403

    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        client.get(ADD_URL).content.decode(),
    )[1]
    response = post_preview(client, "正文", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json()["words"] == 2


def test_a_story_the_user_may_not_view_is_404(story):
    """Whoever may add stories but not see them learns nothing about another's story."""
    user = UserFactory(username="adder")
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    client = client_for(user)

    assert post_preview(client, "正文").status_code == 200
    response = post_preview(client, story.body, story)
    assert response.status_code == 404
    assert "碳汇大厦" not in response.content.decode()


@pytest.mark.parametrize(
    "article_id",
    ["0", "999999", "abc", "1.5", "-1", "99999999999999999999999", "1' OR 1=1", "\x00"],
)
def test_unknown_or_malformed_story_id_is_404(article_id):
    """A story id that is no story's, or no id at all, is 404 and never a 500."""
    response = post_preview(client_for(member("reporter")), "正文", article_id)

    assert response.status_code == 404


# --- Limits and cost -----------------------------------------------------------------------


def test_body_at_the_limit_is_previewed():
    """A body of exactly BODY_MAX_LENGTH characters is previewed."""
    response = post_preview(client_for(member("reporter")), "字" * BODY_MAX_LENGTH)

    assert response.status_code == 200
    assert response.json()["words"] == BODY_MAX_LENGTH


def test_body_over_the_limit_is_400_with_a_reason():
    """One character more is refused with a message saying why, in the user's language."""
    response = post_preview(client_for(member("reporter")), "字" * (BODY_MAX_LENGTH + 1))

    assert response.status_code == 400
    assert response.json()["error"] == (
        "The body is longer than 100000 characters; shorten it to see the preview."
    )


def preview_queries(client, body, article):
    with CaptureQueriesContext(connection) as queries:
        response = post_preview(client, body, article)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_photos(story):
    """One photo or eight, placed or not: the preview costs the same few queries."""
    client = client_for(member("editor"))
    small = ArticleFactory()
    photos = [PhotoFactory(credit_contributor=ContributorFactory()) for _ in range(8)]
    for order, photo in enumerate(photos):
        ArticlePhotoFactory(article=story if order < 1 else small, photo=photo, order=order,
                            is_lead=order == 2)
    body = "\n\n".join(f"## 小标题{n}\n\n[photo:{p.pk}]" for n, p in enumerate(photos))

    few, many = preview_queries(client, body, story), preview_queries(client, body, small)

    assert few == many
    assert many <= 6
