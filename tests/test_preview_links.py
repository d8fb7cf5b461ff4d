"""Shareable preview links (issue 8, item 2): made in the admin, used by anyone, expiring,
revocable, refused when altered, and leaking nothing about other unpublished stories."""

import re
from contextlib import contextmanager
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import previews
from articles.models import Article, PreviewLink, PreviewVisit
from articles.roles import REPORTERS

from .factories import ROLE_GROUPS, ArticleFactory
from .pages import article_element, visible_text
from .test_admin_workflow import member_of

pytestmark = pytest.mark.django_db

GONE = (
    "This preview link does not work (anymore): it may have expired or been withdrawn. "
    "Ask the person who sent it for a new one."
)
VISITOR_IP = "203.0.113.77"


@pytest.fixture
def reporter():
    """The reporter whose story is previewed."""
    return member_of(REPORTERS, "reporter")


def role_user(who, reporter):
    """The person a matrix row names: the story's reporter, or a new member of a role."""
    if who == "reporter":
        return reporter
    if who == "other_reporter":
        return member_of(REPORTERS, "other-reporter")
    return member_of(ROLE_GROUPS[who], who)


@pytest.fixture
def draft(reporter):
    return ArticleFactory(title="区人大代表走进直播间", created_by=reporter)


def staff_client(user, **extra):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **extra)
    client.force_login(user)
    return client


def reader():
    """Someone without a login, reading in English, from one address."""
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=VISITOR_IP)


def links_url(article):
    return f"/admin/articles/article/{article.pk}/preview-links/"


def revoke_url(link, article=None):
    article_id = (article or link.article).pk
    return f"/admin/articles/article/{article_id}/preview-links/{link.pk}/revoke/"


def make_link(article, by, **kwargs):
    return previews.create(article, by=by, **kwargs)


def address(link):
    return previews.link_path(link)


def shown_links(html):
    """The preview addresses a page offers to copy."""
    return re.findall(r'value="(http://testserver/preview/[^"]+)"', html)


@contextmanager
def no_lookup_block():
    """Asserts the block asked the database nothing about links or stories: only the site
    header's list of sections and the footer's pages about the paper, which every page prints."""
    with CaptureQueriesContext(connection) as queries:
        yield
    asked = [q["sql"] for q in queries.captured_queries]
    assert all(("articles_section" in sql or "articles_infopage" in sql)
               and "preview" not in sql and "articles_article" not in sql for sql in asked), asked


def assert_gone(response):
    assert response.status_code == 404
    text = visible_text(response.content.decode())
    assert GONE in text
    assert "noindex" in response.content.decode()
    assert "Set-Cookie" not in response.headers


# --- making a link in the admin and using it -----------------------------------------


def test_a_link_made_in_the_admin_works_for_someone_without_a_login(reporter, draft):
    """The reporter makes a link on the story's links page; the page shows it to copy, and
    an anonymous reader opening it sees the story."""
    client = staff_client(reporter)
    response = client.post(links_url(draft), {"recipient": "余松(核对引语)", "hours": "24"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "The new preview link" in html
    [new_link, *_rest] = shown_links(html)
    assert "余松(核对引语)" in html

    link = PreviewLink.objects.get()
    assert link.created_by == reporter and link.recipient == "余松(核对引语)"
    assert timedelta(hours=23, minutes=59) < link.expires_at - timezone.now() <= timedelta(
        hours=24)

    story = reader().get(new_link.removeprefix("http://testserver"))
    assert story.status_code == 200
    assert "区人大代表走进直播间" in visible_text(article_element(story.content.decode()))


def test_the_story_page_lists_its_links_with_copy_and_revoke(reporter, draft):
    """The change page shows each link: for whom, by whom, until when, uses and last use, the
    full address to copy, and a Revoke button; expired and revoked ones say so."""
    active = make_link(draft, reporter, recipient="律师王")
    reader().get(address(active))
    expired = make_link(draft, reporter, recipient="来源李")
    PreviewLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked = make_link(draft, reporter, recipient="来源赵")
    previews.revoke(revoked, by=reporter)

    html = staff_client(reporter).get(f"/admin/articles/article/{draft.pk}/change/")
    html = html.content.decode()
    section = html[html.index('id="preview-links"'):]
    row = section[section.index(f'id="preview-link-{active.pk}"'):]
    row = row[:row.index("</tr>")]
    cells = [" ".join(visible_text(cell).split()) for cell in re.findall(
        r"<td>(.*?)</td>", row, re.S)]
    assert cells[0] == "律师王" and cells[1].startswith("reporter")
    assert re.fullmatch(r"1 ?last .*", cells[3])  # one use, and when
    assert f"http://testserver{address(active)}" in row
    assert "data-copy=" in row and f'data-revoke-url="{revoke_url(active)}"' in row
    # Inside the story's form no button of ours submits it (Enter in a field must not revoke).
    assert 'type="submit"' not in section[:section.index("</fieldset>")]
    assert "expired" in visible_text(section) and "revoked" in visible_text(section)
    assert shown_links(section) == [f"http://testserver{address(active)}"]
    assert f'href="{links_url(draft)}"' in html  # the object tool "Preview links"


def test_a_preview_page_is_the_article_page_with_a_banner_and_private_headers(reporter, draft):
    """Banner with the local expiry time, noindex in meta and header, never cached, no
    referrer, no cookie for the anonymous reader, and the visit logged with a hashed IP."""
    expires = timezone.now().replace(microsecond=0) + timedelta(hours=48)
    link = make_link(draft, reporter)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=expires)

    response = reader().get(address(link))
    html = response.content.decode()
    local = timezone.localtime(expires, timezone.get_default_timezone())
    banner = visible_text(re.search(r'<p class="preview-banner".*?</p>', html, re.S)[0])
    assert "Preview — not published." in banner
    assert f"This link works until {local:%Y-%m-%d %H:%M} (UTC+0800)." in " ".join(
        banner.split())
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store", "no-cache"} <= cache_control
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "csrfmiddlewaretoken" not in html

    visit = PreviewVisit.objects.get()
    assert visit.link == link
    assert visit.ip_hash == previews.hash_address(VISITOR_IP) != VISITOR_IP
    stored = [str(value) for value in PreviewVisit.objects.values_list().get()]
    assert not any(VISITOR_IP in value for value in stored)
    assert not any("203.0.113" in value for value in stored)


def test_the_page_prints_the_story_as_readers_will_see_it(reporter, draft):
    """The same template and body rendering as the article page: headline, summary,
    subheads, table of contents, byline."""
    link = make_link(draft, reporter)
    html = reader().get(address(link)).content.decode()
    story = visible_text(article_element(html))
    assert "区人大代表走进直播间" in story and "导语。" in story and "小标题" in story
    assert 'class="toc"' in html and 'class="qr"' in html


def test_each_use_is_logged_and_the_same_address_hashes_the_same(reporter, draft):
    """Three uses from two addresses: three visits, two distinct hashes."""
    link = make_link(draft, reporter)
    for ip in (VISITOR_IP, VISITOR_IP, "198.51.100.4"):
        Client(REMOTE_ADDR=ip).get(address(link))
    hashes = list(PreviewVisit.objects.filter(link=link).values_list("ip_hash", flat=True))
    assert len(hashes) == 3 and len(set(hashes)) == 2
    assert all(len(value) == 64 for value in hashes)


# --- expiry, revocation and the story's state ----------------------------------------


def test_a_link_works_until_its_expiry_and_not_a_moment_longer(reporter, draft):
    """Frozen time: a second before the expiry the story shows; at it and after, the 404."""
    link = make_link(draft, reporter, hours=2)
    with time_machine.travel(link.expires_at - timedelta(seconds=1), tick=False):
        assert reader().get(address(link)).status_code == 200
    with time_machine.travel(link.expires_at, tick=False):
        assert_gone(reader().get(address(link)))
    with time_machine.travel(link.expires_at + timedelta(days=30), tick=False):
        assert_gone(reader().get(address(link)))
    assert PreviewVisit.objects.count() == 1


def test_revoking_stops_the_link_and_keeps_its_visits(reporter, draft):
    """After Revoke the address is the 404 page; the visits before stay; revoking again is
    harmless and says so."""
    link = make_link(draft, reporter)
    reader().get(address(link))
    client = staff_client(reporter)
    response = client.post(revoke_url(link), follow=True)
    assert "was revoked" in response.content.decode()
    assert_gone(reader().get(address(link)))
    assert PreviewVisit.objects.filter(link=link).count() == 1
    link.refresh_from_db()
    first = link.revoked_at
    assert first is not None and link.revoked_by == reporter

    again = client.post(revoke_url(link), follow=True)
    assert again.status_code == 200
    assert "had already been revoked" in again.content.decode()
    link.refresh_from_db()
    assert link.revoked_at == first


def test_revoke_from_the_change_page_returns_there(reporter, draft):
    """The change page's button posts back=change and comes back to the story."""
    link = make_link(draft, reporter)
    response = staff_client(reporter).post(revoke_url(link), {"back": "change"})
    assert response["Location"] == f"/admin/articles/article/{draft.pk}/change/"


def test_a_deleted_story_takes_its_links_with_it(reporter, draft):
    """The story deleted: its link is the same 404, and nothing is left in the database."""
    link = make_link(draft, reporter)
    draft.delete()
    assert_gone(reader().get(address(link)))
    assert not PreviewLink.objects.exists()


def test_a_withdrawn_story_is_not_shown(reporter, draft):
    """Withdrawn after the link was made: the 404 page, not the story."""
    link = make_link(draft, reporter)
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
    response = reader().get(address(link))
    assert_gone(response)
    assert "区人大代表走进直播间" not in response.content.decode()


def test_a_story_that_went_public_redirects_to_its_address(reporter, draft):
    """Published meanwhile: a 302 to the public page, and the use is logged."""
    link = make_link(draft, reporter)
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() - timedelta(minutes=1)
    )
    response = reader().get(address(link))
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert response["Referrer-Policy"] == "no-referrer"
    assert PreviewVisit.objects.filter(link=link).count() == 1
    assert reader().get(response["Location"]).status_code == 200


def test_a_scheduled_story_is_previewed(reporter, draft):
    """Approved but waiting for its time: still a preview, not a redirect to a 404."""
    link = make_link(draft, reporter)
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(hours=3)
    )
    response = reader().get(address(link))
    assert response.status_code == 200
    assert "Preview — not published." in response.content.decode()


def test_only_get_and_head_are_answered(reporter, draft):
    """A POST to a preview address changes nothing and is refused."""
    link = make_link(draft, reporter)
    assert reader().post(address(link)).status_code == 405
    assert reader().head(address(link)).status_code == 200


# --- bad tokens ------------------------------------------------------------------------


def altered(token, position):
    """``token`` with one character at ``position`` changed to another allowed one."""
    char = token[position]
    other = "A" if char != "A" else "B"
    return token[:position] + other + token[position + 1:]


@pytest.mark.parametrize("position", [0, 17, 31, 33, 50, -1])
def test_one_character_changed_in_key_or_signature_is_the_404(
    reporter, draft, position
):
    """Any single altered character, in the key or the signature: the 404, and no query."""
    link = make_link(draft, reporter)
    token = previews.token_for(link)
    bad = altered(token, position)
    client = reader()
    with no_lookup_block():
        response = client.get(f"/preview/{bad}/")
    assert_gone(response)
    assert not PreviewVisit.objects.exists()


@pytest.mark.parametrize("cut", [1, 10, 43, 44, 60])
def test_a_truncated_token_is_the_404(reporter, draft, cut):
    """Cut short anywhere (inside the signature, at the dot, inside the key): the 404."""
    token = previews.token_for(make_link(draft, reporter))
    client = reader()
    with no_lookup_block():
        assert_gone(client.get(f"/preview/{token[:-cut]}/"))


def test_a_ten_thousand_character_token_costs_no_query():
    """A 10 000-character token is refused before the database is asked."""
    client = reader()
    with no_lookup_block():
        assert_gone(client.get(f"/preview/{'a' * 10_000}/"))


@pytest.mark.parametrize("token", [
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc", "预览预览", "%20", "a.b",
    "' OR 1=1 --", "%F0%9F%98%80" * 30, "x" * 32 + "." + "%25" * 43,
])
def test_garbage_is_the_404(token):
    """Markup, paths, Chinese, spaces, SQL and emoji in the token: the 404 page, no query."""
    client = reader()
    with no_lookup_block():
        assert_gone(client.get(f"/preview/{token}/"))


def test_a_key_signed_elsewhere_is_refused(reporter, draft):
    """The key with a signature made for another purpose (another salt) does not open it."""
    from django.core import signing

    link = make_link(draft, reporter)
    forged = signing.Signer(salt="another.purpose", sep=".").sign(link.key)
    assert_gone(reader().get(f"/preview/{forged}/"))


def test_the_404_speaks_the_readers_language(reporter, draft):
    """A Chinese reader gets the page in Chinese (the site's default), the English one in
    English; both pages are the same for every reason."""
    link = make_link(draft, reporter)
    previews.revoke(link, by=reporter)
    english = reader().get(address(link))
    assert GONE in visible_text(english.content.decode())
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(address(link))
    assert chinese.status_code == 404
    assert '<html lang="zh-hans">' in chinese.content.decode()
    unknown = reader().get(f"/preview/{'A' * 32}.{'B' * 43}/")
    assert visible_text(english.content.decode()) == visible_text(unknown.content.decode())


# --- who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("who, allowed", [
    ("reporter", True), ("other_reporter", False), ("photographer", False),
    ("editor", True), ("chief", True),
])
def test_who_may_make_a_link(draft, reporter, who, allowed):
    """The story's reporter and the desk may; another reporter and a photographer get 403."""
    user = role_user(who, reporter)
    client = staff_client(user)
    page = client.get(links_url(draft))
    response = client.post(links_url(draft), {"recipient": "x", "hours": "5"})
    if allowed:
        assert page.status_code == 200 and "Make the link" in page.content.decode()
        assert response.status_code == 302
        assert PreviewLink.objects.get().created_by == user
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert not PreviewLink.objects.exists()


def test_anonymous_is_sent_to_log_in(draft, reporter):
    """Without a login the links page and the revoke address lead to the login page."""
    link = make_link(draft, reporter)
    for response in (Client().get(links_url(draft)),
                     Client().post(links_url(draft), {"hours": "5"}),
                     Client().post(revoke_url(link))):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert PreviewLink.objects.count() == 1
    assert PreviewLink.objects.get().revoked_at is None


@pytest.mark.parametrize("who, allowed", [
    ("reporter", True), ("other_reporter", False), ("photographer", False),
    ("editor", True), ("chief", True),
])
def test_who_may_revoke(draft, reporter, who, allowed):
    """The link's maker and whoever edits others' stories may; others get 403."""
    link = make_link(draft, reporter)
    response = staff_client(role_user(who, reporter)).post(revoke_url(link))
    link.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and link.revoked_at is not None
    else:
        assert response.status_code == 403 and link.revoked_at is None


def test_an_editors_link_is_not_revoked_by_the_reporter(draft, reporter):
    """The reporter owns the story but did not make the editor's link: 403."""
    editor = role_user("editor", reporter)
    link = make_link(draft, editor)
    assert staff_client(reporter).post(revoke_url(link)).status_code == 403
    assert staff_client(editor).post(revoke_url(link)).status_code == 302


def test_the_rules_without_http(draft, reporter):
    """previews.create and previews.revoke ask the permission rules themselves."""
    other_reporter, editor = role_user("other_reporter", None), role_user("editor", None)
    with pytest.raises(PermissionDenied):
        previews.create(draft, by=other_reporter)
    with pytest.raises(PermissionDenied):
        previews.create(draft, by=AnonymousUser())
    link = previews.create(draft, by=reporter)
    with pytest.raises(PermissionDenied):
        previews.revoke(link, by=other_reporter)
    with pytest.raises(PermissionDenied):
        previews.revoke(link, by=AnonymousUser())
    assert previews.revoke(link, by=editor) is True
    assert previews.revoke(link, by=editor) is False


def test_another_storys_link_in_the_revoke_address_is_a_404(reporter, draft):
    """A link id under the wrong story, an unknown link or story: 404, nothing revoked."""
    other = ArticleFactory(created_by=reporter)
    link = make_link(other, reporter)
    client = staff_client(reporter)
    assert client.post(revoke_url(link, article=draft)).status_code == 404
    assert client.post(
        f"/admin/articles/article/{draft.pk}/preview-links/999999/revoke/").status_code == 404
    assert client.post(
        f"/admin/articles/article/999999/preview-links/{link.pk}/revoke/").status_code == 404
    assert client.post(
        "/admin/articles/article/99999999999999999999999/preview-links/1/revoke/"
    ).status_code == 404
    assert client.post(
        f"/admin/articles/article/{draft.pk}/preview-links/99999999999999999999999/revoke/"
    ).status_code == 404
    for story_id in ("abc", "999999", "-1", "99999999999999999999999", f"{draft.pk}/change"):
        assert client.get(f"/admin/articles/article/{story_id}/preview-links/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_revoking_takes_a_post(reporter, draft):
    """A GET of the revoke address (a link, a prefetch) changes nothing."""
    link = make_link(draft, reporter)
    assert staff_client(reporter).get(revoke_url(link)).status_code == 405
    link.refresh_from_db()
    assert link.revoked_at is None


def test_forged_posts_are_refused(reporter, draft):
    """Without the CSRF token neither making nor revoking a link goes through."""
    link = make_link(draft, reporter)
    client = staff_client(reporter, enforce_csrf_checks=True)
    assert client.post(links_url(draft), {"hours": "5"}).status_code == 403
    assert client.post(revoke_url(link)).status_code == 403
    assert PreviewLink.objects.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_withdrawn_story_gets_no_new_links(draft):
    """Even the desk cannot share a withdrawn story: the page says so, a POST is 403."""
    editor = role_user("editor", None)
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
    client = staff_client(editor)
    assert "has been withdrawn" in client.get(links_url(draft)).content.decode()
    assert client.post(links_url(draft), {"hours": "5"}).status_code == 403
    assert not PreviewLink.objects.exists()


def test_a_public_story_offers_its_address_instead():
    """A live story needs no preview link: the page says so with the address, and a POST
    makes none."""
    editor = role_user("editor", None)
    story = ArticleFactory(published=True)
    client = staff_client(editor)
    html = client.get(links_url(story)).content.decode()
    assert "This story is public" in html
    assert f"http://testserver{story.get_absolute_url()}" in html
    response = client.post(links_url(story), {"hours": "5"}, follow=True)
    assert response.status_code == 200
    assert "share its address instead" in response.content.decode()
    assert not PreviewLink.objects.exists()
    with pytest.raises(ValidationError):
        previews.create(story, by=editor)


# --- the form ----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    {"hours": "0"}, {"hours": "-3"}, {"hours": "337"}, {"hours": "2.5"}, {"hours": "abc"},
    {"hours": ""}, {"hours": "1e400"}, {"hours": "9" * 400},
    {"hours": "5", "recipient": "名" * 101}, {"hours": "5", "recipient": "a\x00b"},
])
def test_bad_values_are_form_errors(reporter, draft, data):
    """Out of range, fractional, non-numeric, huge, too long or NUL: the form again, no link."""
    response = staff_client(reporter).post(links_url(draft), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not PreviewLink.objects.exists()


def test_limits_are_accepted(reporter, draft):
    """One hour and two weeks are both allowed."""
    client = staff_client(reporter)
    for hours in ("1", "336"):
        assert client.post(links_url(draft), {"hours": hours}).status_code == 302
    spans = sorted(link.expires_at - link.created_at for link in PreviewLink.objects.all())
    assert abs(spans[0] - timedelta(hours=1)) < timedelta(seconds=5)
    assert abs(spans[1] - timedelta(hours=336)) < timedelta(seconds=5)


def test_the_default_validity_follows_the_setting(settings, reporter, draft):
    """NEWSDESK_PREVIEW_LINK_HOURS sets the form's default and a link made without hours."""
    settings.NEWSDESK_PREVIEW_LINK_HOURS = 5
    html = staff_client(reporter).get(links_url(draft)).content.decode()
    assert re.search(r'name="hours" value="5"', html)
    link = previews.create(draft, by=reporter)
    assert timedelta(hours=4, minutes=59) < link.expires_at - timezone.now() <= timedelta(
        hours=5)


def test_who_cannot_work_on_the_story_does_not_see_its_links(reporter, draft):
    """Another reporter may open the story read-only, but not its secret addresses."""
    other_reporter = role_user("other_reporter", None)
    make_link(draft, reporter)
    html = staff_client(other_reporter).get(
        f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert "/preview/" not in html and 'id="preview-links"' not in html


# --- nothing leads to another unpublished story ------------------------------------------


def test_the_page_leads_to_no_other_unpublished_story(settings, reporter, draft):
    """Body links to another draft, the admin and another preview become plain text; links
    to a public story and elsewhere stay; a tag only unpublished stories carry is not linked."""
    secret = ArticleFactory(title="尚未发布的另一篇", created_by=reporter)
    public = ArticleFactory(published=True, title="已发布的报道")
    public.tags.add("公开标签")
    secret.tags.add("秘密标签")
    secret_link = make_link(secret, reporter)
    draft.body = (
        f"参见[另一篇]({secret.get_absolute_url()})和[绝对地址](http://testserver/a/{secret.short_id}/)。"
        f"\n\n又见[已发布]({public.get_absolute_url()})、[外站](https://example.org/x)、"
        f"[后台](/admin/articles/article/{secret.pk}/change/)、[预览]({address(secret_link)})、"
        f"[栏目]({draft.section.get_absolute_url()})、"
        f"[别名](https://WWW.Paper.example/a/{secret.short_id}/?x=1#y)。"
    )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".paper.example"]
    draft.save()
    draft.tags.add("公开标签", "秘密标签")

    html = reader().get(address(make_link(draft, reporter))).content.decode()
    hrefs = set(re.findall(r'href="([^"]*)"', html))
    assert public.get_absolute_url() in hrefs
    assert "https://example.org/x" in hrefs
    assert draft.section.get_absolute_url() in hrefs
    assert not any(secret.short_id in unescape(href) for href in hrefs)
    assert not any("/admin/" in href or "/preview/" in href for href in hrefs)
    assert secret.short_id not in html and address(secret_link) not in html
    assert "尚未发布的另一篇" not in html
    # The words stay, only the links go.
    body = visible_text(article_element(html))
    assert all(words in body for words in ("另一篇", "绝对地址", "后台", "预览", "别名"))
    public_tag = Tag.objects.get(name="公开标签")
    secret_tag = Tag.objects.get(name="秘密标签")
    assert reverse("articles:tag", args=[public_tag.slug]) in hrefs
    assert reverse("articles:tag", args=[secret_tag.slug]) not in hrefs
    assert "秘密标签" in body
    # Every link on the page that stays on the site opens for an anonymous reader.
    for href in hrefs:
        if href.startswith("/") and not href.startswith(("/static/", "/media/")):
            assert reader().get(unescape(href)).status_code == 200, href


@pytest.mark.parametrize("hours, errors", [(48, 0), (1, 0), (336, 0), (0, 1), (337, 1)])
def test_a_default_validity_out_of_range_fails_the_system_check(settings, hours, errors):
    """``manage.py check`` names a default the form would refuse (0 hours, over two weeks)."""
    from articles.checks import preview_link_hours_in_range

    settings.NEWSDESK_PREVIEW_LINK_HOURS = hours
    found = preview_link_hours_in_range(None)
    assert len(found) == errors
    assert all(error.id == "newsdesk.E020" for error in found)


def test_a_relative_link_to_another_draft_is_unlinked(reporter, draft):
    """A body link written relative to the page (``../../a/…/``) leads where the browser
    would take it, from the preview's own address: to the other draft, so it loses its link."""
    secret = ArticleFactory(title="尚未发布的另一篇", created_by=reporter)
    draft.body = f"参见[相对地址](../../a/{secret.short_id}/)。"
    draft.save()

    html = reader().get(address(make_link(draft, reporter))).content.decode()
    hrefs = {unescape(href) for href in re.findall(r'href="([^"]*)"', html)}
    assert not any(secret.short_id in href for href in hrefs)
    assert "相对地址" in visible_text(article_element(html))


def test_a_link_to_another_site_stays_even_when_its_path_looks_like_ours(reporter, draft):
    """``https://example.org/a/<id>/`` is someone else's page, whatever its path: kept."""
    secret = ArticleFactory(title="尚未发布的另一篇", created_by=reporter)
    elsewhere = f"https://example.org/a/{secret.short_id}/"
    draft.body = f"参见[外站]({elsewhere})。"
    draft.save()

    html = reader().get(address(make_link(draft, reporter))).content.decode()
    assert elsewhere in {unescape(href) for href in re.findall(r'href="([^"]*)"', html)}


def test_an_absolute_link_to_the_name_the_page_was_asked_by_is_ours(settings, reporter, draft):
    """With DEBUG and no ALLOWED_HOSTS Django answers to ``localhost`` though the list is
    empty: a body link naming that host is still one of ours, and loses its link."""
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = []
    secret = ArticleFactory(title="尚未发布的另一篇", created_by=reporter)
    draft.body = f"参见[本机地址](http://localhost/a/{secret.short_id}/)。"
    draft.save()

    visitor = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="localhost", REMOTE_ADDR=VISITOR_IP)
    html = visitor.get(address(make_link(draft, reporter))).content.decode()
    assert "本机地址" in visible_text(article_element(html))
    assert not any(secret.short_id in unescape(href)
                   for href in re.findall(r'href="([^"]*)"', html))


def body_links(html):
    """The body's links on a preview page, as {text: address}."""
    return {visible_text(text): unescape(href) for href, text in
            re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', article_element(html), re.S)}


def test_body_links_to_open_pages_and_public_tags_stay_links(reporter, draft):
    """In the body itself (not the site's header or the tag list): a link to a section, to
    the search page and to a tag a public story carries stays a link; one to a tag only
    unpublished stories carry becomes its text."""
    public = ArticleFactory(published=True, title="已发布的报道")
    public.tags.add("公开标签")
    ArticleFactory(title="尚未发布的另一篇", created_by=reporter).tags.add("秘密标签")
    public_tag = reverse("articles:tag", args=[Tag.objects.get(name="公开标签").slug])
    secret_tag = reverse("articles:tag", args=[Tag.objects.get(name="秘密标签").slug])
    section = draft.section.get_absolute_url()
    search = reverse("articles:search")
    draft.body = (f"见[栏目页]({section})、[搜索页]({search})、"
                  f"[已发布]({public.get_absolute_url()})、[公开标签页]({public_tag})和[秘密标签页]({secret_tag})。")
    draft.save()

    html = reader().get(address(make_link(draft, reporter))).content.decode()
    links = body_links(html)
    assert links["栏目页"] == section
    assert links["搜索页"] == search
    assert links["已发布"] == public.get_absolute_url()
    assert links["公开标签页"] == public_tag
    assert "秘密标签页" not in links
    assert "秘密标签页" in visible_text(article_element(html))


def test_only_the_private_links_are_cut_out_of_the_body_text():
    """What is left of a body after its private links go is the body, character for
    character, with each such link replaced by its words, and nothing else touched."""
    from django.test import RequestFactory

    secret = ArticleFactory(title="尚未发布的另一篇")
    request = RequestFactory().get("/preview/x/")
    url = secret.get_absolute_url()
    html = (f'<p>甲<a href="{url}">乙</a>丙<a href="https://example.org/">丁</a>'
            f'<a href="/admin/">戊</a>己</p>')
    assert previews.without_private_links(html, request) == (
        '<p>甲乙丙<a href="https://example.org/">丁</a>戊己</p>')
    untouched = '<p>甲<a href="https://example.org/">丁</a></p>'
    assert previews.without_private_links(untouched, request) == untouched


def test_the_tag_list_links_a_tag_a_public_story_carries(reporter, draft):
    """Under the previewed story, a tag some public story also carries links to its page;
    one only unpublished stories carry is plain text (tags used twice, so that the
    tagging rows and the tags are numbered differently)."""
    for story in (ArticleFactory(created_by=reporter), ArticleFactory(created_by=reporter)):
        story.tags.add("秘密标签")
    ArticleFactory(published=True).tags.add("公开标签")
    draft.tags.add("公开标签", "秘密标签")

    html = reader().get(address(make_link(draft, reporter))).content.decode()
    tag_list = {visible_text(text): href for href, text in re.findall(
        r'<a href="([^"]*)" rel="tag">(.*?)</a>', html, re.S)}
    assert tag_list == {
        "公开标签": reverse("articles:tag", args=[Tag.objects.get(name="公开标签").slug])}
    assert "秘密标签" in visible_text(html)


def test_a_link_is_listed_as_expired_at_its_expiry_time_exactly(reporter, draft):
    """At the very second a link expires the story's page lists it as expired, with no
    address to copy, as the link itself stops working then."""
    link = make_link(draft, reporter, recipient="律师王")
    with time_machine.travel(link.expires_at, tick=False):
        html = staff_client(reporter).get(
            f"/admin/articles/article/{draft.pk}/change/").content.decode()
        assert reader().get(address(link)).status_code == 404
    section = html[html.index('id="preview-links"'):]
    row = section[section.index(f'id="preview-link-{link.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "expired" in visible_text(row) and "律师王" in visible_text(row)
    assert shown_links(section) == []
    # Nothing to copy and nothing to revoke on a link that no longer works.
    assert "data-copy=" not in row and "<input" not in row
    assert "data-revoke-url" not in row and "/revoke/" not in row


def test_each_address_opens_its_own_story(reporter, draft):
    """With links to two stories out, each address shows the story it was made for."""
    other = ArticleFactory(title="另一篇待审稿件", created_by=reporter)
    first, second = make_link(draft, reporter), make_link(other, reporter)
    for link, title in ((second, "另一篇待审稿件"), (first, "区人大代表走进直播间")):
        html = reader().get(address(link)).content.decode()
        assert title in visible_text(article_element(html))


def test_a_signature_made_for_another_purpose_is_refused(reporter, draft):
    """The link's key signed with the site's secret but without the preview links' own salt
    (as any other signed value of the site would be) opens nothing."""
    from django.core import signing

    link = make_link(draft, reporter)
    forged = signing.Signer(sep=".").sign(link.key)
    assert forged != previews.token_for(link)
    response = reader().get(reverse("articles:preview", kwargs={"token": forged}))
    assert response.status_code == 404 and GONE in " ".join(
        visible_text(response.content.decode()).split())


def test_a_story_public_at_the_given_time_gets_no_link(reporter):
    """A story scheduled for tomorrow may be shared today, but not once its time has come."""
    scheduled = ArticleFactory(scheduled=True, created_by=reporter)
    make_link(scheduled, reporter)
    with pytest.raises(ValidationError):
        make_link(scheduled, reporter, now=scheduled.publish_at + timedelta(minutes=1))


def test_links_made_in_the_same_instant_are_listed_newest_first(reporter, draft):
    """Two links made within one clock tick are listed newest first all the same."""
    with time_machine.travel(timezone.now(), tick=False):
        older = make_link(draft, reporter, recipient="来源甲")
        newer = make_link(draft, reporter, recipient="来源乙")
    html = staff_client(reporter).get(links_url(draft)).content.decode()
    assert html.index(f'id="preview-link-{newer.pk}"') < html.index(
        f'id="preview-link-{older.pk}"')


def test_the_links_page_asks_the_same_number_of_queries_for_many_links(reporter, draft):
    """Listing links made and revoked by different people costs no query per link."""
    client = staff_client(reporter)
    previews.revoke(make_link(draft, reporter), by=role_user("editor", reporter))
    with CaptureQueriesContext(connection) as one:
        client.get(links_url(draft))
    for who in ("head", "chief"):
        maker = role_user(who, reporter)
        previews.revoke(make_link(draft, maker), by=maker)
    with CaptureQueriesContext(connection) as three:
        client.get(links_url(draft))
    assert len(three.captured_queries) == len(one.captured_queries)


def test_a_link_made_for_nobody_named_has_an_empty_recipient(reporter, draft):
    """Without a recipient the link stores none (the table then says "(nobody named)")."""
    assert make_link(draft, reporter).recipient == ""
