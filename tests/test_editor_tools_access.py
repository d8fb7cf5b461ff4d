"""Issue 8's editor tools attacked from outside: every role, every new door, every state.

The matrix's expectations are computed from ``articles.permissions`` (and
Django's view permission, which the admin asks), and a handful of cells are
written out by hand so the matrix cannot agree with the code merely by
copying it. Then: forged POSTs, ids from other stories and at their extremes,
hostile text on every new page, and two browsers at once (real threads with
their own connections; on PostgreSQL the row locks are real).
"""

import re
import secrets
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import permissions, previews, revisions, workflow
from articles.markup import stored_rendering
from articles.models import Article, PreviewLink, PreviewVisit, StoryRevision
from articles.models.articles import BODY_MAX_LENGTH
from articles.roles import CHIEF_EDITORS, EDITORS, PHOTOGRAPHERS, REPORTERS, SECTION_HEADS

from .factories import ArticleFactory, SectionFactory, UserFactory
from .test_admin import article_data
from .test_admin_workflow import member_of
from .test_save_race import quiet_client, race

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles/article"
ROLES = ("anonymous", "outsider", "photographer", "reporter", "reporter_other", "editor",
         "head", "chief", "superuser")
STATES = ("own_draft", "other_draft", "in_review", "scheduled", "live", "withdrawn")
ENDPOINTS = ("revision_list", "compare", "restore_get", "links_page", "public_preview",
             "body_preview", "restore_post", "link_create", "link_revoke")
LOGIN = "/admin/login/"


# --- the newsroom -----------------------------------------------------------------


def make_people():
    """One user per role; ``reporter`` owns the stories, ``reporter_other`` owns none."""
    people = {
        "anonymous": None,
        "outsider": UserFactory(username="outsider", is_staff=False),
        "photographer": member_of(PHOTOGRAPHERS, "photographer"),
        "reporter": member_of(REPORTERS, "reporter"),
        "reporter_other": member_of(REPORTERS, "reporter_other"),
        "editor": member_of(EDITORS, "editor"),
        "head": member_of(SECTION_HEADS, "head"),
        "chief": member_of(CHIEF_EDITORS, "chief"),
        "superuser": UserFactory(username="root", is_superuser=True),
    }
    people["stranger"] = member_of(REPORTERS, "stranger")
    return people


def make_story(state, people, section):
    """A story in ``state`` with two revisions, its draft text marked as secret."""
    owner = people["stranger"] if state == "other_draft" else people["reporter"]
    traits = {"in_review": {"submitted": True}, "scheduled": {"scheduled": True},
              "live": {"published": True}, "withdrawn": {"withdrawn": True}}.get(state, {})
    article = ArticleFactory(
        section=section, created_by=owner, title=f"标题{state}",
        body=f"第一稿秘密{state}。", **traits,
    )
    first = revisions.record(article, by=owner)
    Article.objects.filter(pk=article.pk).update(
        body=f"第二稿秘密{state}。", version=article.version + 1
    )
    article.refresh_from_db()
    second = revisions.record(article, by=owner)
    return article, first, second


def make_link(article, by, hours=1):
    return PreviewLink.objects.create(
        article=article, key=secrets.token_urlsafe(previews.KEY_BYTES), created_by=by,
        expires_at=timezone.now() + timedelta(hours=hours),
    )


@pytest.fixture
def newsroom():
    """Every role and a story in every state, in a section with three review levels."""
    people = make_people()
    section = SectionFactory(review_levels=3)
    stories = {state: make_story(state, people, section) for state in STATES}
    return people, stories


def client_for(user, **kwargs):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)
    if user is not None:
        client.force_login(user)
    return client


def secret(state):
    return f"秘密{state}"


# --- expected outcomes, from the rules ------------------------------------------


def may_view(user):
    """Django's admin view permission: view or change."""
    return user.has_perm("articles.view_article") or user.has_perm("articles.change_article")


def expected(endpoint, user, article, link=None):
    """The status each door should answer, computed from articles.permissions."""
    if endpoint == "public_preview":
        if article.status == Article.Status.WITHDRAWN:
            return 404
        return 302 if article.is_public() else 200
    if user is None or not (user.is_active and user.is_staff):
        return 302  # to the admin's login page
    if endpoint == "body_preview":
        if not permissions.may_write_stories(user):
            return 403
        return 200 if may_view(user) else 404
    if endpoint in ("revision_list", "compare"):
        return 200 if may_view(user) else 403
    if endpoint in ("restore_get", "restore_post"):
        if not (may_view(user) and permissions.may_edit(user, article)):
            return 403
        return 200 if endpoint == "restore_get" else 302
    if endpoint == "links_page":
        return 200 if permissions.may_work_on_draft(user, article) else 403
    if endpoint == "link_create":
        return 302 if permissions.may_share_preview(user, article) else 403
    if endpoint == "link_revoke":
        return 302 if permissions.may_revoke_preview(user, link) else 403
    raise AssertionError(endpoint)


# Cells written out by hand (role, endpoint, state): the rules as the issue says them.
HAND_WRITTEN = {
    ("anonymous", "restore_post", "own_draft"): 302,
    ("outsider", "revision_list", "own_draft"): 302,
    ("outsider", "public_preview", "own_draft"): 200,
    ("photographer", "revision_list", "own_draft"): 403,
    ("photographer", "body_preview", "own_draft"): 403,
    ("reporter", "restore_post", "own_draft"): 302,
    ("reporter", "restore_post", "in_review"): 403,
    ("reporter", "restore_post", "live"): 403,
    ("reporter", "link_create", "own_draft"): 302,
    ("reporter", "link_revoke", "withdrawn"): 302,
    ("reporter_other", "links_page", "own_draft"): 403,
    ("reporter_other", "restore_post", "own_draft"): 403,
    ("reporter_other", "link_revoke", "own_draft"): 403,
    ("reporter_other", "revision_list", "own_draft"): 200,
    ("editor", "restore_post", "in_review"): 302,
    ("editor", "restore_post", "live"): 403,  # three review levels: the chief publishes
    ("head", "restore_get", "scheduled"): 403,
    ("chief", "restore_post", "live"): 302,
    ("chief", "restore_post", "withdrawn"): 403,
    ("superuser", "restore_post", "withdrawn"): 403,
    ("superuser", "link_create", "withdrawn"): 403,
    ("editor", "link_revoke", "live"): 302,
    ("anonymous", "public_preview", "live"): 302,
    ("anonymous", "public_preview", "withdrawn"): 404,
}


def test_hand_written_cells_agree_with_the_rules(newsroom):
    """The computed expectation matches every cell written out by hand."""
    people, stories = newsroom
    for (role, endpoint, state), status in HAND_WRITTEN.items():
        article = stories[state][0]
        link = make_link(article, people["reporter"])
        assert expected(endpoint, people[role], article, link) == status, (role, endpoint, state)


def call(client, endpoint, article, first, second, link):
    """One request to ``endpoint`` about ``article``; the response."""
    base = f"{ADMIN}/{article.pk}"
    if endpoint == "revision_list":
        return client.get(f"{base}/revisions/")
    if endpoint == "compare":
        return client.get(f"{base}/revisions/{first.pk}/compare/{second.pk}/")
    if endpoint == "restore_get":
        return client.get(f"{base}/revisions/{first.pk}/restore/")
    if endpoint == "restore_post":
        version = Article.objects.get(pk=article.pk).version
        return client.post(f"{base}/revisions/{first.pk}/restore/",
                           {"expect_version": str(version)})
    if endpoint == "links_page":
        return client.get(f"{base}/preview-links/")
    if endpoint == "link_create":
        return client.post(f"{base}/preview-links/", {"recipient": "律师", "hours": "2"})
    if endpoint == "link_revoke":
        return client.post(f"{base}/preview-links/{link.pk}/revoke/")
    if endpoint == "public_preview":
        return client.get(previews.link_path(link))
    if endpoint == "body_preview":
        return client.post(f"{ADMIN}/body-preview/", {"body": "正文", "article": str(article.pk)})
    raise AssertionError(endpoint)


@pytest.mark.parametrize("role", ROLES)
def test_every_door_answers_every_role_as_the_rules_say(newsroom, role):
    """Each endpoint × story state answers this role with the status the rules give;
    a refusal shows none of the story's draft text and changes nothing."""
    people, stories = newsroom
    user = people[role]
    client = client_for(user)
    wrong = []
    for endpoint in ENDPOINTS:
        for state in STATES:
            article, first, second = stories[state]
            link = make_link(article, people["reporter"])
            before = (Article.objects.get(pk=article.pk).version,
                      StoryRevision.objects.filter(article=article).count(),
                      PreviewLink.objects.filter(article=article).count())
            response = call(client, endpoint, article, first, second, link)
            want = expected(endpoint, user, article, link)
            if (role, endpoint, state) in HAND_WRITTEN:
                assert HAND_WRITTEN[role, endpoint, state] == want
            if response.status_code != want:
                wrong.append((endpoint, state, response.status_code, want))
                continue
            text = response.content.decode()
            if want != 200:
                assert secret(state) not in text, (endpoint, state)
            if want == 302 and endpoint != "public_preview" and user is not None \
                    and user.is_staff is False:
                assert response["Location"].startswith(LOGIN)
            if user is None or not user.is_staff or want in (403, 404):
                after = (Article.objects.get(pk=article.pk).version,
                         StoryRevision.objects.filter(article=article).count(),
                         PreviewLink.objects.filter(article=article).count())
                assert after == before, (endpoint, state)
                link.refresh_from_db()
                assert link.revoked_at is None, (endpoint, state)
            _check_success(endpoint, state, article, response, text, want, link, before)
    assert not wrong, wrong


def _check_success(endpoint, state, article, response, text, want, link, before):
    """What a door that let the user in shows or does."""
    if want == 200 and endpoint in ("revision_list", "compare", "restore_get"):
        assert article.title in text
    if want == 200 and endpoint == "public_preview":
        assert secret(state) in text
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "no-store" in response["Cache-Control"]
    if want == 302 and endpoint == "restore_post" and response.wsgi_request.user.is_staff:
        stored = Article.objects.get(pk=article.pk)
        assert stored.body == f"第一稿秘密{state}。"
        assert stored.version == before[0] + 1
        assert StoryRevision.objects.filter(article=article).count() == before[1] + 1
        assert response["Location"].endswith(f"/{article.pk}/change/")
    if want == 302 and endpoint == "link_create" and response.wsgi_request.user.is_staff:
        made = PreviewLink.objects.filter(article=article).count() - before[2]
        assert made == (0 if article.is_public() else 1), state
    if want == 302 and endpoint == "link_revoke" and response.wsgi_request.user.is_staff:
        link.refresh_from_db()
        assert link.revoked_at is not None


def test_admin_index_answers_each_role(newsroom):
    """The dashboard: staff see it, the rest are sent to log in; no draft text leaks there."""
    people, _stories = newsroom
    for role in ROLES:
        user = people[role]
        response = client_for(user).get("/admin/")
        if user is None or not user.is_staff:
            assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        else:
            assert response.status_code == 200, role
            assert "秘密" not in response.content.decode()


# --- forged requests -------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused_and_change_nothing(newsroom):
    """A forged POST (no CSRF token) to restore, create, revoke or preview: 403, nothing changes."""
    people, stories = newsroom
    article, first, _second = stories["own_draft"]
    link = make_link(article, people["reporter"])
    client = client_for(people["chief"], enforce_csrf_checks=True)
    version = Article.objects.get(pk=article.pk).version
    base = f"{ADMIN}/{article.pk}"
    for url, data in (
        (f"{base}/revisions/{first.pk}/restore/", {"expect_version": version}),
        (f"{base}/preview-links/", {"recipient": "x", "hours": "2"}),
        (f"{base}/preview-links/{link.pk}/revoke/", {}),
        (f"{ADMIN}/body-preview/", {"body": "x"}),
    ):
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "CSRF" in response.content.decode()
    assert Article.objects.get(pk=article.pk).version == version
    assert PreviewLink.objects.filter(article=article).count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None
    # GET is no way round it: the restore and revoke doors change nothing on GET.
    assert client.get(f"{base}/preview-links/{link.pk}/revoke/").status_code == 405
    client.get(f"{base}/revisions/{first.pk}/restore/")
    assert Article.objects.get(pk=article.pk).version == version


@pytest.mark.parametrize("old", ["-1", "-99999999999999999999", "x", "", "1e3"])
def test_the_compare_button_with_a_bad_number_sends_back_to_the_list(newsroom, old):
    """?old=-1 (a number with no address) or no number: back to the list, never a 500."""
    people, stories = newsroom
    article, _first, second = stories["own_draft"]
    client = client_for(people["editor"])
    response = client.get(f"{ADMIN}/{article.pk}/revisions/compare/",
                          {"old": old, "new": str(second.pk)})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{article.pk}/revisions/")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["Choose two revisions to compare."]


def test_another_storys_revision_or_link_is_404(newsroom):
    """A revision or link id of story B under story A's address: 404, nothing changed."""
    people, stories = newsroom
    a, a_first, _ = stories["own_draft"]
    _b, b_first, b_second = stories["in_review"]
    b_link = make_link(_b, people["reporter"])
    client = client_for(people["chief"])
    base = f"{ADMIN}/{a.pk}"
    version = Article.objects.get(pk=a.pk).version
    assert client.get(f"{base}/revisions/{b_first.pk}/compare/{b_second.pk}/").status_code == 404
    assert client.get(f"{base}/revisions/{a_first.pk}/compare/{b_second.pk}/").status_code == 404
    assert client.get(f"{base}/revisions/{b_first.pk}/restore/").status_code == 404
    response = client.post(f"{base}/revisions/{b_first.pk}/restore/",
                           {"expect_version": version})
    assert response.status_code == 404
    assert client.post(f"{base}/preview-links/{b_link.pk}/revoke/").status_code == 404
    b_link.refresh_from_db()
    assert b_link.revoked_at is None
    assert Article.objects.get(pk=a.pk).version == version
    assert Article.objects.get(pk=_b.pk).body == "第二稿秘密in_review。"


BAD_IDS = ("0", "-1", str(2**63), "9" * 30, "abc", "1e3", "%00", "１")


@pytest.mark.parametrize("bad", BAD_IDS)
def test_ids_at_their_extremes_are_404_not_500(newsroom, bad):
    """Story, revision and link ids of 0, -1, 2**63, 30 digits or letters: 404 everywhere."""
    people, stories = newsroom
    article, first, second = stories["own_draft"]
    link = make_link(article, people["reporter"])
    client = client_for(people["superuser"])
    base = f"{ADMIN}/{article.pk}"
    urls = [
        ("get", f"{ADMIN}/{bad}/revisions/"),
        ("get", f"{ADMIN}/{bad}/revisions/{first.pk}/compare/{second.pk}/"),
        ("get", f"{ADMIN}/{bad}/revisions/{first.pk}/restore/"),
        ("post", f"{ADMIN}/{bad}/revisions/{first.pk}/restore/"),
        ("get", f"{ADMIN}/{bad}/preview-links/"),
        ("post", f"{ADMIN}/{bad}/preview-links/"),
        ("post", f"{ADMIN}/{bad}/preview-links/{link.pk}/revoke/"),
        ("get", f"{base}/revisions/{bad}/compare/{second.pk}/"),
        ("get", f"{base}/revisions/{first.pk}/compare/{bad}/"),
        ("get", f"{base}/revisions/{bad}/restore/"),
        ("post", f"{base}/revisions/{bad}/restore/"),
        ("post", f"{base}/preview-links/{bad}/revoke/"),
        ("get", f"/preview/{bad}/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"expect_version": "1", "hours": "2"})
        if bad == "%00":
            # Django itself refuses a NUL in the address as a bad request, before our code.
            assert response.status_code in (400, 404), (url, response.status_code)
            continue
        if bad == "１" and url.startswith(f"{ADMIN}/{bad}/"):
            # The admin reads a full-width digit as the digit (int("１") == 1): the same
            # story under another spelling, behind the same permission checks.
            assert response.status_code in (200, 302, 403, 404), url
            continue
        if response.status_code == 302 and not re.fullmatch("[0-9]+", bad):
            # A revision or link id that is no number matches none of our paths: the
            # admin's catch-all sends it to a change page, which says there is no such story.
            assert response.status_code in (302, 404), (url, response.status_code)
            if response.status_code == 302:
                landed = client.get(response["Location"], follow=True)
                assert landed.status_code in (200, 404), url
                assert secret("own_draft") not in landed.content.decode()
            continue
        assert response.status_code == 404, (url, response.status_code)
    # The body preview's story id: an unknown or malformed one is a 404 too.
    response = client.post(f"{ADMIN}/body-preview/", {"body": "x", "article": bad})
    same_story = bad == "１" and article.pk == 1  # the database's numbering decides
    assert response.status_code == (200 if same_story else 404)
    # The compare button's numbers.
    response = client.get(f"{base}/revisions/compare/", {"old": bad, "new": str(second.pk)})
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code in (200, 302, 404)
    assert Article.objects.get(pk=article.pk).body == "第二稿秘密own_draft。"
    link.refresh_from_db()
    assert (link.revoked_at is None) == (not same_story)


@pytest.mark.parametrize("opened", ["", "0", "-1", "abc", str(2**63), "9" * 30, "1.0", "stale"])
def test_restore_from_a_stale_absent_or_garbage_opened_version_is_refused(newsroom, opened):
    """Restore with a version not the story's now: sent back to the list with a clear refusal."""
    people, stories = newsroom
    article, first, _second = stories["own_draft"]
    version = Article.objects.get(pk=article.pk).version
    if opened == "stale":
        opened = str(version - 1)
    count = StoryRevision.objects.filter(article=article).count()
    client = client_for(people["reporter"])
    data = {} if opened == "" else {"expect_version": opened}
    response = client.post(f"{ADMIN}/{article.pk}/revisions/{first.pk}/restore/", data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{article.pk}/revisions/")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Someone else changed this story" in m for m in shown), shown
    stored = Article.objects.get(pk=article.pk)
    assert (stored.version, stored.body) == (version, "第二稿秘密own_draft。")
    assert StoryRevision.objects.filter(article=article).count() == count


# --- the preview-link form at its extremes -----------------------------------------


@pytest.mark.parametrize("hours", ["0", "-1", "1e9", "1000000000", "abc", "", " ", "1.5",
                                   str(previews.MAX_HOURS + 1), "９"])
def test_a_link_for_impossible_hours_is_refused_with_the_form(newsroom, hours):
    """Hours of 0, -1, 1e9, letters or nothing: the form again with an error, no link."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    client = client_for(people["reporter"])
    response = client.post(f"{ADMIN}/{article.pk}/preview-links/",
                           {"recipient": "律师", "hours": hours})
    if hours == "９":  # a full-width digit is a digit to Python: a link for nine hours
        assert response.status_code == 302
        assert PreviewLink.objects.get(article=article).expires_at <= (
            timezone.now() + timedelta(hours=9))
        return
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not PreviewLink.objects.filter(article=article).exists()


@pytest.mark.parametrize("recipient", ["名" * 10_000, "\u200b\u200b\u200d", "\ufeff \u2060"])
def test_a_link_for_a_huge_or_invisible_recipient_is_refused(newsroom, recipient):
    """A 10 000-character or zero-width-only “for”: the form again with an error, no link."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    client = client_for(people["reporter"])
    response = client.post(f"{ADMIN}/{article.pk}/preview-links/",
                           {"recipient": recipient, "hours": "2"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not PreviewLink.objects.filter(article=article).exists()


def test_the_longest_recipient_the_column_holds_is_kept(newsroom):
    """A recipient exactly at the column's width is accepted and shown whole."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    width = PreviewLink._meta.get_field("recipient").max_length
    client = client_for(people["reporter"])
    response = client.post(f"{ADMIN}/{article.pk}/preview-links/",
                           {"recipient": "律" * width, "hours": "1"}, follow=True)
    assert response.status_code == 200
    assert PreviewLink.objects.get(article=article).recipient == "律" * width
    assert "律" * width in response.content.decode()


# --- the body preview at its extremes ---------------------------------------------


def test_a_10_mb_body_preview_is_a_clear_400_in_good_time(newsroom):
    """Ten megabytes posted to the body preview: a 400 saying why, quickly."""
    people, _stories = newsroom
    client = client_for(people["reporter"])
    body = "字" * (10 * 1024 * 1024 // 3)  # 10 MB of UTF-8
    started = time.monotonic()
    response = client.post(f"{ADMIN}/body-preview/", {"body": body})
    elapsed = time.monotonic() - started
    # Beyond the request size limit (10 MB): Django's own 400, before any parsing; the
    # form's script shows its failure note for any answer without JSON.
    assert response.status_code == 400
    assert elapsed < 5, elapsed
    started = time.monotonic()
    response = client.post(f"{ADMIN}/body-preview/", {"body": "字" * (BODY_MAX_LENGTH + 1)})
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert "longer than" in response.json()["error"]


def test_a_body_over_the_upload_limit_is_a_400_not_a_500(newsroom, settings):
    """Beyond Django's request size limit: still a 400."""
    people, _stories = newsroom
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = client_for(people["reporter"])
    response = client.post(f"{ADMIN}/body-preview/", {"body": "x" * 5000})
    assert response.status_code == 400


@pytest.mark.parametrize("body", ["\x00", "正文\x00<script>alert(1)</script>", "\u200b",
                                  "", "[链接](javascript:alert(1))"])
def test_body_preview_of_hostile_text_is_escaped(newsroom, body):
    """NUL bytes, script tags, zero-width text and javascript: links preview safely."""
    people, _stories = newsroom
    client = client_for(people["reporter"])
    response = client.post(f"{ADMIN}/body-preview/", {"body": body})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<script>" not in html
    assert 'href="javascript' not in html.lower()
    assert "\x00" not in html


# --- hostile text on every new page -------------------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_text_is_escaped_on_every_new_page(newsroom, django_capture_on_commit_callbacks):
    """A title, body, revision comment, send-back note and link recipient holding
    markup are printed as text on the revision list, diff, restore page, dashboard,
    links page and the public preview."""
    people, _stories = newsroom
    reporter, chief = people["reporter"], people["chief"]
    article = ArticleFactory(section=SectionFactory(review_levels=1), created_by=reporter,
                             title=HOSTILE, body=f"段落{HOSTILE}", summary=HOSTILE)
    first = revisions.record(article, by=reporter, comment=HOSTILE)
    Article.objects.filter(pk=article.pk).update(body=f"改过{HOSTILE}", version=2,
                                                 title=f"新{HOSTILE}")
    second = revisions.record(article, by=reporter, comment=HOSTILE)
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.run("submit", article, by=reporter)
        article.refresh_from_db()
        workflow.run("send_back", article, by=chief, note=HOSTILE)
    link = previews.create(Article.objects.get(pk=article.pk), by=reporter, recipient=HOSTILE)
    base = f"{ADMIN}/{article.pk}"
    pages = {
        "list": client_for(chief).get(f"{base}/revisions/"),
        "compare": client_for(chief).get(f"{base}/revisions/{first.pk}/compare/{second.pk}/"),
        "restore": client_for(chief).get(f"{base}/revisions/{first.pk}/restore/"),
        "dashboard": client_for(reporter).get("/admin/"),
        "links": client_for(reporter).get(f"{base}/preview-links/"),
        "change": client_for(reporter).get(f"{base}/change/"),
        "preview": Client().get(previews.link_path(link)),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        assert "<script>alert" not in text, name
        assert "<img src=x" not in text, name
        assert "&lt;script&gt;" in text, name


# --- a draft's text never reaches an anonymous reader -------------------------------


def test_draft_text_never_reaches_anonymous_pages(newsroom):
    """Revoked, expired, tampered and withdrawn-story links, the story's own address and the
    lists: no draft's text, title or body, on any page an anonymous reader can open."""
    people, stories = newsroom
    anonymous = Client()
    reached = []
    for state in ("own_draft", "other_draft", "in_review", "scheduled", "withdrawn"):
        article = stories[state][0]
        revoked = make_link(article, people["reporter"])
        previews.revoke(revoked, by=people["reporter"])
        expired = make_link(article, people["reporter"], hours=-1)
        good = make_link(article, people["reporter"])
        token = previews.token_for(good)
        for url in (
            previews.link_path(revoked), previews.link_path(expired),
            f"/preview/{token[:-1]}/", f"/preview/{token}x/", f"/preview/{token[::-1]}/",
            f"/preview/{'a' * 10_000}/", f"/preview/{token}/../",
            article.get_absolute_url(), "/", f"/search/?q={secret(state)}",
            f"/search/?q={article.title}&format=json", f"{ADMIN}/{article.pk}/revisions/",
        ):
            response = anonymous.get(url)
            text = response.content.decode()
            # The search page repeats its query: count the story's address, not its words.
            leaked = article.get_absolute_url() in text if "/search/" in url else (
                # A story readers once had keeps its (then public) title on its 410 notice.
                secret(state) in text or (article.title in text and state != "withdrawn"))
            if leaked:
                reached.append((state, url, response.status_code))
    assert not reached, reached


def test_a_preview_link_to_a_deleted_story_is_404(newsroom):
    """The story deleted: its links lead to the same 404 as any other dead link."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    link = make_link(article, people["reporter"])
    path = previews.link_path(link)
    article.delete()
    response = Client().get(path)
    assert response.status_code == 404
    assert secret("own_draft") not in response.content.decode()
    assert not StoryRevision.objects.filter(article_id=article.pk).exists()


def test_preview_link_accepts_no_post(newsroom):
    """The public preview is read-only: a POST is 405 and logs no visit."""
    people, stories = newsroom
    link = make_link(stories["own_draft"][0], people["reporter"])
    response = Client().post(previews.link_path(link))
    assert response.status_code == 405
    assert not PreviewVisit.objects.exists()


# --- query counts stay fixed as data grows --------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_revision_list_query_count_is_fixed(newsroom):
    """The revision list costs the same queries with 3 revisions as with 40."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    client = client_for(people["chief"])
    url = f"{ADMIN}/{article.pk}/revisions/"
    revisions.record(article, by=people["editor"])
    few = _queries(client, url)
    for _n in range(37):
        revisions.record(article, by=people["chief"])
    assert _queries(client, url) == few


def test_dashboard_query_count_is_fixed(newsroom, django_capture_on_commit_callbacks):
    """The dashboard costs the same queries whatever the number of stories in its panels."""
    people, _stories = newsroom
    editor, reporter = people["editor"], people["reporter"]
    client = client_for(editor)
    few = _queries(client, "/admin/")
    section = SectionFactory(review_levels=2)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            story = ArticleFactory(section=section, created_by=reporter, title=f"多{n}")
            workflow.run("submit", story, by=reporter)
            ArticleFactory(section=section, created_by=editor, title=f"草{n}")
            ArticleFactory(section=section, scheduled=True, title=f"排{n}")
            ArticleFactory(section=section, published=True, title=f"发{n}")
    assert _queries(client, "/admin/") == few


def test_preview_page_query_count_is_fixed(newsroom):
    """The public preview costs the same queries with 1 visit and tag as with 30."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    link = make_link(article, people["reporter"])
    path = previews.link_path(link)
    anonymous = Client()
    article.tags.add("一")
    few = _queries(anonymous, path)
    article.tags.add(*[f"标签{n}" for n in range(30)])
    for _n in range(30):
        anonymous.get(path)
    assert _queries(anonymous, path) == few


# --- two browsers at once -----------------------------------------------------------


def _racing_story():
    section = SectionFactory(review_levels=1)
    chiefs = [member_of(CHIEF_EDITORS, f"racer{n}") for n in range(2)]
    article = ArticleFactory(section=section, title="赛跑", body="第一版。")
    kept = [revisions.record(article, by=chiefs[0])]
    for text in ("第二版。", "第三版。"):
        Article.objects.filter(pk=article.pk).update(body=text, version=F("version") + 1)
        article.refresh_from_db()
        kept.append(revisions.record(article, by=chiefs[0]))
    return article, kept, chiefs


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_restores_from_one_opened_version_exactly_one_wins(attempt):
    """Two people restore different revisions from the same opened page: one is
    restored, the other told the story changed; no revision is lost or rewritten."""
    article, kept, chiefs = _racing_story()
    version = Article.objects.get(pk=article.pk).version
    base = f"{ADMIN}/{article.pk}/revisions"
    responses = race([
        (quiet_client(chiefs[0]), f"{base}/{kept[0].pk}/restore/", {"expect_version": version}),
        (quiet_client(chiefs[1]), f"{base}/{kept[1].pk}/restore/", {"expect_version": version}),
    ])
    assert all(r.status_code == 302 for r in responses), [r.status_code for r in responses]
    won = [r for r in responses if r["Location"].endswith("/change/")]
    lost = [r for r in responses if r["Location"].endswith("/revisions/")]
    assert len(won) == 1 and len(lost) == 1
    refusal = [str(m) for m in get_messages(lost[0].wsgi_request)]
    assert any("Someone else changed this story" in m for m in refusal)
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == version + 1
    now = list(StoryRevision.objects.filter(article=article).order_by("id"))
    assert now[:3] == kept and len(now) == 4
    assert now[3].restored_from_id in {kept[0].pk, kept[1].pk}
    assert stored.body == {kept[0].pk: "第一版。", kept[1].pk: "第二版。"}[now[3].restored_from_id]
    # The old revisions still read as they were.
    assert [revisions.snapshot(r)["fields"]["body"] for r in now[:3]] == [
        "第一版。", "第二版。", "第三版。"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_a_restore_racing_an_admin_save_exactly_one_wins(attempt):
    """A restore and a save of the form, both from the same version: one lands whole."""
    article, kept, chiefs = _racing_story()
    version = Article.objects.get(pk=article.pk).version
    save = article_data(article.section, title="赛跑", body="表单里的新版。",
                        opened_version=str(version))
    responses = race([
        (quiet_client(chiefs[0]), f"{ADMIN}/{article.pk}/revisions/{kept[0].pk}/restore/",
         {"expect_version": version}),
        (quiet_client(chiefs[1]), f"{ADMIN}/{article.pk}/change/", save),
    ])
    restore, saved = responses
    restored = restore.status_code == 302 and restore["Location"].endswith("/change/")
    form_saved = saved.status_code == 302
    assert restored != form_saved, (restore.status_code, saved.status_code)
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == version + 1
    assert stored.body == ("第一版。" if restored else "表单里的新版。")
    if not form_saved:
        assert "Someone else saved this story" in saved.content.decode()
    assert StoryRevision.objects.filter(article=article).count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_revocations_at_once_revoke_once():
    """Two people revoke one link at the same moment: it is revoked once, by one of them."""
    section = SectionFactory(review_levels=1)
    reporter = member_of(REPORTERS, "maker")
    editor = member_of(EDITORS, "desk")
    article = ArticleFactory(section=section, created_by=reporter)
    link = make_link(article, reporter)
    url = f"{ADMIN}/{article.pk}/preview-links/{link.pk}/revoke/"
    responses = race([(quiet_client(reporter), url, {}), (quiet_client(editor), url, {})])
    assert [r.status_code for r in responses] == [302, 302]
    said = [" ".join(str(m) for m in get_messages(r.wsgi_request)) for r in responses]
    assert sorted("already" in s for s in said) == [False, True], said
    link.refresh_from_db()
    assert link.revoked_by in (reporter, editor)
    assert Client().get(previews.link_path(link)).status_code == 404


def test_anonymous_user_is_refused_by_the_rule_functions():
    """The rules themselves refuse an anonymous user (a view that forgot the login check)."""
    anonymous = AnonymousUser()
    article = ArticleFactory()
    link = make_link(article, UserFactory(username="maker"))
    assert not permissions.may_edit(anonymous, article)
    assert not permissions.may_share_preview(anonymous, article)
    assert not permissions.may_revoke_preview(anonymous, link)
    assert not permissions.may_write_stories(anonymous)


def test_database_engine_is_reported():
    """Which engine this run attacked, for the record in the test output."""
    assert connection.vendor in {"sqlite", "postgresql"}


def test_a_preview_links_into_no_unpublished_story_however_the_address_is_spelled(newsroom):
    """Body links to another draft, spelled every way a browser would still follow,
    lose their link on the preview; the link text stays."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    other = stories["other_draft"][0]
    target = other.get_absolute_url()  # /a/<short id>/
    spellings = [
        target, f"{target}#top", f"{target}?from=preview", f"http://testserver{target}",
        f"//testserver{target}", f"/./{target.lstrip('/')}", f"/a/../{target.lstrip('/')}",
        target.rstrip("/"), f"HTTP://TESTSERVER{target}", f"http://testserver:80{target}",
        "/admin/", "/admin/articles/article/", "/admin", target.replace("/a/", "/%61/"),
        target.replace("/a/", "/%61/").rstrip("/"), previews.link_path(
            make_link(other, people["stranger"])),
    ]
    body = "\n\n".join(f"[去处{n}]({href})" for n, href in enumerate(spellings))
    Article.objects.filter(pk=article.pk).update(body=body, body_html=stored_rendering(body)[0])
    link = make_link(article, people["reporter"])
    response = Client().get(previews.link_path(link))
    assert response.status_code == 200
    text = response.content.decode()
    story = text[text.index("去处0") - 200:text.index(f"去处{len(spellings) - 1}") + 200]
    left = [href for n, href in enumerate(spellings) if f">去处{n}</a>" in story]
    assert not left, left
    for n in range(len(spellings)):
        assert f"去处{n}" in text


def test_a_preview_keeps_links_to_public_stories_however_spelled(newsroom):
    """A link to a live story, with or without its slash or percent-encoded, stays a link."""
    people, stories = newsroom
    article, live = stories["own_draft"][0], stories["live"][0]
    target = live.get_absolute_url()
    spellings = [target, target.rstrip("/"), target.replace("/a/", "/%61/"),
                 "https://example.org/a/x/"]
    body = "\n\n".join(f"[去处{n}]({href})" for n, href in enumerate(spellings))
    Article.objects.filter(pk=article.pk).update(body=body, body_html=stored_rendering(body)[0])
    text = Client().get(previews.link_path(make_link(article, people["reporter"]))).content
    for n in range(len(spellings)):
        assert f">去处{n}</a>" in text.decode(), spellings[n]


def test_a_preview_of_a_body_of_thousands_of_links_answers_in_time(newsroom):
    """A body at its length limit made of links to stories, tags and the web: the
    preview answers in a few seconds with a fixed number of queries."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    link = make_link(article, people["reporter"])
    anonymous = Client()
    path = previews.link_path(link)
    few = _queries(anonymous, path)
    kinds = ("/a/abcd{:04d}/", "/tag/t{}/", "https://example.org/{}", "/a/abcd{:04d}")
    body = " ".join("[x](" + kinds[n % 4].format(n) + ")" for n in range(4000))
    body = body[:BODY_MAX_LENGTH].rsplit(" ", 1)[0]
    Article.objects.filter(pk=article.pk).update(body=body, body_html=stored_rendering(body)[0])
    started = time.monotonic()
    with CaptureQueriesContext(connection) as captured:
        response = anonymous.get(path)
    elapsed = time.monotonic() - started
    print("preview of 4000 links took", elapsed)
    assert elapsed < 5, elapsed
    assert response.status_code == 200
    # One query per kind of our link (stories, tags), whatever their number.
    assert len(captured) <= few + 2


def test_a_links_secret_address_is_shown_only_to_who_may_work_on_the_story(newsroom):
    """The token appears on the change and links pages of its owner and the desk, and on
    no page another reporter or a photographer can open."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    token = previews.token_for(make_link(article, people["reporter"]))
    key = token.split(previews.SIGN_SEP)[0]
    pages = (f"{ADMIN}/{article.pk}/change/", f"{ADMIN}/{article.pk}/preview-links/",
             f"{ADMIN}/{article.pk}/revisions/", f"{ADMIN}/", "/admin/")
    for role in ROLES:
        user = people[role]
        client = client_for(user)
        seen = [url for url in pages if key in client.get(url).content.decode()]
        if user is not None and permissions.may_work_on_draft(user, article) and user.is_staff:
            assert f"{ADMIN}/{article.pk}/preview-links/" in seen, role
        else:
            assert not seen, (role, seen)


@pytest.mark.parametrize("query", [
    "mine=1", "mine=0", "mine=" + "9" * 30, "waiting=me", "waiting=you", "desk=sent_back",
    "desk=nothing", "desk=%00", "desk=sent_back&desk=recent", "mine=1&waiting=me&desk=recent",
    "waiting=me&o=-7", "desk=" + "x" * 10_000,
])
def test_the_desk_filters_take_any_value_without_a_500(newsroom, query):
    """The changelist's new filters, with known, unknown, repeated and huge values."""
    people, _stories = newsroom
    for role in ("reporter", "editor", "chief"):
        response = client_for(people[role]).get(f"{ADMIN}/?{query}")
        # A NUL in the address is refused as a bad request before the changelist runs.
        assert response.status_code in (200, 302, 400), (role, query, response.status_code)
        assert response.status_code != 400 or "%00" in query


@pytest.mark.parametrize("page", ["0", "-1", "9" * 30, "abc", "last", "1.5", ""])
def test_the_revision_list_takes_any_page_number(newsroom, page):
    """?page= of 0, -1, 30 digits or words: a page of the list, never a 500."""
    people, stories = newsroom
    article = stories["own_draft"][0]
    response = client_for(people["editor"]).get(f"{ADMIN}/{article.pk}/revisions/",
                                                {"page": page})
    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_a_revision_compared_with_itself_or_backwards_reads(newsroom):
    """The same revision on both sides, or the newer one on the left: a page, not an error."""
    people, stories = newsroom
    article, first, second = stories["in_review"]
    client = client_for(people["editor"])
    base = f"{ADMIN}/{article.pk}/revisions"
    same = client.get(f"{base}/{first.pk}/compare/{first.pk}/")
    backwards = client.get(f"{base}/{second.pk}/compare/{first.pk}/")
    assert same.status_code == backwards.status_code == 200
    # Word level: 一 and 二 are marked inside the shared text around them.
    assert "秘密in_review" in backwards.content.decode()


def test_hostile_names_of_people_are_escaped_on_the_dashboard_and_revision_list(
        newsroom, django_capture_on_commit_callbacks):
    """A reporter whose name is markup submits a story: the editor's queue and the
    revision list print the name as text."""
    people, _stories = newsroom
    reporter, editor = people["reporter"], people["editor"]
    reporter.first_name, reporter.last_name = HOSTILE[:150], "<b>x</b>"
    reporter.save()
    article = ArticleFactory(section=SectionFactory(review_levels=1), created_by=reporter,
                             title="排队的稿")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.run("submit", article, by=reporter)
    for url in ("/admin/", f"{ADMIN}/{article.pk}/revisions/", f"{ADMIN}/?waiting=me"):
        text = client_for(editor).get(url).content.decode()
        assert "排队的稿" in text, url
        assert "<script>alert" not in text and "<b>x</b>" not in text, url


def test_a_restore_makes_no_tag_for_who_may_not_make_tags(newsroom):
    """A reporter restoring a revision whose tag was deleted since does not bring the tag
    back (the form would not let them make it); a renamed tag stays, under its new name;
    the chief's restore makes the deleted tag again."""
    people, stories = newsroom
    reporter, chief = people["reporter"], people["chief"]
    article = stories["own_draft"][0]
    article.tags.add("被删的标签", "改名的标签")
    old = revisions.record(article, by=reporter)
    article.tags.clear()
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
    revisions.record(article, by=reporter)
    Tag.objects.filter(name="被删的标签").delete()
    Tag.objects.filter(name="改名的标签").update(name="新名字")
    version = Article.objects.get(pk=article.pk).version
    response = client_for(reporter).post(
        f"{ADMIN}/{article.pk}/revisions/{old.pk}/restore/", {"expect_version": version})
    assert response["Location"].endswith("/change/")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("被删的标签" in m and "may not make tags" in m for m in shown), shown
    assert not Tag.objects.filter(name="被删的标签").exists()
    assert sorted(Article.objects.get(pk=article.pk).tags.names()) == ["新名字"]

    response = client_for(chief).post(
        f"{ADMIN}/{article.pk}/revisions/{old.pk}/restore/", {"expect_version": version + 1})
    assert response["Location"].endswith("/change/")
    assert "被删的标签" in Article.objects.get(pk=article.pk).tags.names()
