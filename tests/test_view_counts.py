"""View counts (issue 9, item 4): one view per page load of a public story, counted by the
page's beacon, atomically, without bots or repeat readers; the page itself stays cacheable."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connections
from django.test import Client
from django.utils import timezone

from articles import previews, viewcounts
from articles.demo.readership import load_readership
from articles.models import Article, ViewTally
from articles.roles import REPORTERS

from .factories import ArticleFactory, UserFactory
from .test_admin_workflow import member_of

BROWSER = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
           "Mobile/15E148")


def beacon(article, *, address="203.0.113.7", user_agent=BROWSER, method="post", client=None):
    client = client or Client(REMOTE_ADDR=address, headers={"user-agent": user_agent})
    return getattr(client, method)(f"/a/{article.short_id}/seen/")


def counted(article):
    """(total views, views tallied over all hours) as stored."""
    article.refresh_from_db(fields=["view_count"])
    return article.view_count, sum(ViewTally.objects.filter(article=article)
                                   .values_list("views", flat=True))


# --- The beacon ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_beacon_counts_one_view_in_the_total_and_this_hours_tally():
    """204; the story's total and the tally of the current hour each go up by one."""
    article = ArticleFactory(published=True, view_count=1430)
    response = beacon(article)
    assert response.status_code == 204
    assert counted(article) == (1431, 1)
    tally = ViewTally.objects.get(article=article)
    assert tally.hour == viewcounts.hour_of(timezone.now())


@pytest.mark.django_db
def test_the_beacon_answer_sets_no_cookie_and_is_never_stored():
    """No cookie, Cache-Control no-store, no body."""
    response = beacon(ArticleFactory(published=True))
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert "no-store" in response["Cache-Control"]
    assert response.content == b""


@pytest.mark.django_db
def test_the_beacon_needs_no_csrf_token():
    """Anonymous pages carry no CSRF cookie, so the beacon is accepted without one."""
    article = ArticleFactory(published=True)
    client = Client(enforce_csrf_checks=True, headers={"user-agent": BROWSER})
    assert beacon(article, client=client).status_code == 204
    assert counted(article) == (1, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "head", "put", "delete"])
def test_only_post_is_allowed(method):
    """Anything but POST is 405 and counts nothing (a link or prefetch never counts)."""
    article = ArticleFactory(published=True)
    assert beacon(article, method=method).status_code == 405
    assert counted(article) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [{}, {"submitted": True}, {"scheduled": True},
                                   {"withdrawn": True}])
def test_stories_readers_cannot_see_are_404_and_not_counted(state):
    """Drafts, stories in review, scheduled and withdrawn stories: 404, nothing counted."""
    article = ArticleFactory(**state)
    assert beacon(article).status_code == 404
    assert counted(article) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/a/0123abcd/seen/", "/a/XYZ/seen/", "/a/0123abcde/seen/"])
def test_unknown_and_malformed_ids_are_404(path):
    """An id that names no story, or is no id, is a 404, never a 500."""
    ArticleFactory(published=True)
    assert Client(headers={"user-agent": BROWSER}).post(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("user_agent", [
    "",
    "   ",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "YisouSpider",
    "facebookexternalhit/1.1",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
    "AhrefsBot/7.0",
    "Go-http-client/2.0",
])
def test_obvious_robots_are_not_counted(user_agent):
    """An empty User-Agent or one naming a robot, crawler or tool: 204, nothing counted."""
    article = ArticleFactory(published=True)
    assert beacon(article, user_agent=user_agent).status_code == 204
    assert counted(article) == (0, 0)


@pytest.mark.parametrize("user_agent", [
    BROWSER,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 "
    "Edg/126.0",
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36 "
    "MicroMessenger/8.0.49",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/127.0",
])
def test_browsers_are_not_robots(user_agent):
    """Phones, desktop browsers and WeChat's built-in browser are readers."""
    assert not viewcounts.is_bot(user_agent)


@pytest.mark.django_db
def test_a_reader_reloading_within_half_an_hour_counts_once():
    """The same address and browser count once per story in the window; another reader, another
    story, or the same reader after the window count again."""
    article, other = ArticleFactory(published=True), ArticleFactory(published=True)
    for _ in range(3):
        assert beacon(article).status_code == 204
    assert counted(article) == (1, 1)
    beacon(article, address="198.51.100.2")
    beacon(article, user_agent=BROWSER + " other")
    beacon(other)
    assert counted(article) == (3, 3)
    assert counted(other) == (1, 1)


@pytest.mark.django_db
def test_readers_behind_one_proxy_are_told_apart_by_their_forwarded_address():
    """Behind a load balancer every request comes from its address: the X-Forwarded-For the
    proxy adds keeps two readers with the same browser from counting as one."""
    article = ArticleFactory(published=True)
    for client_address in ("198.51.100.1", "198.51.100.2", "198.51.100.2"):
        client = Client(REMOTE_ADDR="10.0.0.1", headers={
            "user-agent": BROWSER, "x-forwarded-for": client_address})
        assert beacon(article, client=client).status_code == 204
    assert counted(article) == (2, 2)


@pytest.mark.django_db
def test_the_dedupe_key_does_not_hold_the_reader_in_the_clear():
    """The cache key is a keyed hash: neither the address nor the User-Agent can be read in it."""
    key = viewcounts.reader_key(7, "203.0.113.7", BROWSER)
    assert "203.0.113" not in key and "iPhone" not in key
    assert key != viewcounts.reader_key(8, "203.0.113.7", BROWSER)


@pytest.mark.django_db
def test_a_new_hour_gets_a_new_tally_and_the_same_hour_adds_up():
    """Views in one hour add to one row; the next hour starts another; the total has all."""
    article = ArticleFactory(published=True)
    nine = datetime(2026, 1, 5, 9, 10, tzinfo=UTC)
    viewcounts.record_view(article.pk, now=nine)
    viewcounts.record_view(article.pk, now=nine + timedelta(minutes=40))
    viewcounts.record_view(article.pk, now=nine + timedelta(minutes=55))
    assert list(ViewTally.objects.filter(article=article).order_by("hour")
                .values_list("hour", "views")) == [
        (datetime(2026, 1, 5, 9, tzinfo=UTC), 2),
        (datetime(2026, 1, 5, 10, tzinfo=UTC), 1),
    ]
    assert counted(article) == (3, 3)


@pytest.mark.django_db
def test_a_tally_created_by_someone_else_meanwhile_is_incremented(monkeypatch):
    """The race the savepoint is for: this hour's row did not exist for our UPDATE but does by
    our INSERT (another view made it): the IntegrityError turns into an increment of that row,
    and the transaction goes on."""
    from django.db.models import QuerySet

    article = ArticleFactory(published=True)
    hour = viewcounts.hour_of(timezone.now())
    real_update, calls = QuerySet.update, []

    def update_racing(queryset, **values):
        if queryset.model is ViewTally and not calls:
            calls.append(1)
            ViewTally.objects.create(article=article, hour=hour, views=5)  # the other view
            return 0  # our UPDATE ran before that row existed
        return real_update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", update_racing)
    viewcounts.record_view(article.pk)
    assert ViewTally.objects.get(article=article).views == 6
    article.refresh_from_db()
    assert article.view_count == 1


@pytest.mark.django_db
def test_most_read_follows_the_counted_views():
    """The front page's "most read" ranks by the beacon's tallies over the period."""
    quiet, popular = ArticleFactory(published=True), ArticleFactory(published=True)
    beacon(quiet)
    for n in range(3):
        beacon(popular, address=f"198.51.100.{n}")
    ranked = list(viewcounts.most_read(24))
    assert [(a.pk, a.recent_views) for a in ranked] == [(popular.pk, 3), (quiet.pk, 1)]


# --- Which pages carry the beacon -----------------------------------------------------------


def beacon_tag(article):
    return f'data-beacon="/a/{article.short_id}/seen/"'


@pytest.mark.django_db
def test_a_public_page_carries_the_beacon_and_stays_cacheable():
    """The page counts nothing itself (the total is unchanged by a GET), sets no cookie, is
    not marked uncacheable, and carries the beacon script."""
    article = ArticleFactory(published=True, view_count=1430)
    response = Client(headers={"accept-language": "en", "user-agent": BROWSER}).get(
        article.get_absolute_url())
    page = response.content.decode()
    assert beacon_tag(article) in page and "/static/js/beacon.js" in page
    assert "1,430 views" in page or "1430 views" in page
    assert counted(article) == (1430, 0)
    assert not response.cookies
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_staff_previewing_a_draft_get_no_beacon():
    """A draft seen by staff is not a reader's view: no beacon on the page."""
    user = UserFactory(username="desk")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    draft = ArticleFactory()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "This story is not public" in page
    assert "data-beacon" not in page and "beacon.js" not in page


@pytest.mark.django_db
def test_a_preview_link_page_has_no_beacon():
    """Someone reading a draft through a preview link is not counted either."""
    reporter = member_of(REPORTERS, "reporter")
    draft = ArticleFactory(created_by=reporter)
    link = previews.create(draft, by=reporter)
    response = Client(headers={"accept-language": "en"}).get(previews.link_path(link))
    page = response.content.decode()
    assert response.status_code == 200 and draft.title in page
    assert "data-beacon" not in page and "beacon.js" not in page


@pytest.mark.django_db
def test_the_script_sends_one_post_per_page_load():
    """beacon.js posts with sendBeacon (fetch keepalive as fallback) when it runs, once; it
    does not listen to pageshow, so a page restored from the back/forward cache sends none."""
    from django.conf import settings

    script = (settings.BASE_DIR / "static/js/beacon.js").read_text()
    assert "navigator.sendBeacon(url)" in script
    assert 'method: "POST"' in script
    assert "pageshow" not in script
    assert "prerenderingchange" in script


# --- The demo -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_readership_gives_most_read_data_and_keeps_the_totals():
    """The demo's tallies fill "most read" without changing any story's printed total, and
    loading again adds nothing."""
    old = ArticleFactory(published=True, view_count=1430,
                         publish_at=timezone.now() - timedelta(days=300))
    fresh = ArticleFactory(published=True, view_count=5000,
                           publish_at=timezone.now() - timedelta(hours=30))
    ArticleFactory(view_count=0)
    made = load_readership()
    assert made > 0 and load_readership() == 0
    assert Article.objects.get(pk=old.pk).view_count == 1430
    assert Article.objects.get(pk=fresh.pk).view_count == 5000
    assert 0 < counted(old)[1] <= 1430 and 0 < counted(fresh)[1] <= 5000
    assert [a.pk for a in viewcounts.most_read(24 * 7)] == [fresh.pk, old.pk]


# --- Concurrency ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_beacons_count_forty_exactly():
    """Forty readers (each their own address) send their beacons at the same moment from forty
    threads with their own database connections: the total and the hour's tally both rise by
    exactly forty: no increment lost, no tally row duplicated (run on PostgreSQL in CI)."""
    article = ArticleFactory(published=True, view_count=1430)
    readers = 40
    start = threading.Barrier(readers)
    statuses, errors = [], []

    def read(n):
        try:
            client = Client(REMOTE_ADDR=f"198.51.100.{n}", headers={"user-agent": BROWSER})
            start.wait(timeout=30)
            statuses.append(client.post(f"/a/{article.short_id}/seen/").status_code)
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [204] * readers
    assert counted(article) == (1430 + readers, readers)
    assert ViewTally.objects.filter(article=article).count() == 1
