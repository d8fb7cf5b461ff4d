"""The date archive: /archive/, /archive/<year>/, /archive/<year>/<month>/ and a day's page."""

import re
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import archive

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    ContributorFactory,
    PhotoFactory,
    SectionFactory,
)
from .pages import assert_in_order, visible_text

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English interface text."""
    return Client(headers={"accept-language": "en"})


def at(year, month, day, hour=12, minute=0):
    """A moment on the site's local (Shanghai) clock."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def story(title, when, **kwargs):
    return ArticleFactory(title=title, published=True, publish_at=when, **kwargs)


def listed_titles(response):
    """The story titles a page's cards show, in order."""
    assert response.status_code == 200
    return re.findall(
        r'<h2 class="story-card-title"><a href="/a/[0-9a-f]{8}/">(.*?)</a></h2>',
        response.content.decode(),
    )


def main_text(response):
    page = response.content.decode()
    return visible_text(page[page.index("<main"):page.index("</main>")])


def hidden_stories(when):
    """A story in each state readers must not see, all dated ``when``."""
    return [
        ArticleFactory(title="草稿", publish_at=when),
        ArticleFactory(title="待审稿", status="submitted", publish_at=when),
        ArticleFactory(title="撤下稿", status="withdrawn", publish_at=when, withdrawn_at=when),
    ]


# --- Local dates ----------------------------------------------------------------------------


def test_a_late_evening_story_belongs_to_its_shanghai_day(reader):
    """23:30 in Shanghai on the 20th is 15:30 UTC: the story is on the 20th, not the 21st;
    00:10 on the 21st (16:10 UTC on the 20th) is on the 21st."""
    late = story("深夜发布", at(2024, 1, 20, 23, 30))
    assert late.publish_at == datetime(2024, 1, 20, 15, 30, tzinfo=UTC)
    story("零点后发布", at(2024, 1, 21, 0, 10))

    assert listed_titles(reader.get("/archive/2024/01/20/")) == ["深夜发布"]
    assert listed_titles(reader.get("/archive/2024/01/21/")) == ["零点后发布"]
    month = reader.get("/archive/2024/01/")
    days = re.findall(
        r'<a href="/archive/2024/01/(\d\d)/">.*?</a> <span class="archive-count">(\d+)',
        month.content.decode(),
    )
    assert days == [("20", "1"), ("21", "1")]


def test_new_year_is_counted_by_the_local_year(reader):
    """00:30 on 1 January 2024 in Shanghai is still 2023 in UTC: it counts for 2024."""
    story("新年第一篇", at(2024, 1, 1, 0, 30))
    index = main_text(reader.get("/archive/"))
    assert "2024" in index and "2023" not in index
    assert listed_titles(reader.get("/archive/2024/01/01/")) == ["新年第一篇"]


# --- What each page shows -------------------------------------------------------------------


def test_index_lists_years_newest_first_with_counts_of_public_stories_only(reader):
    """/archive/ lists each year with its public stories' count and its months."""
    story("一", at(2023, 5, 1))
    story("二", at(2024, 1, 20))
    story("三", at(2024, 3, 2))
    hidden_stories(at(2022, 6, 1))
    hidden_stories(at(2024, 1, 20))
    ArticleFactory(title="定时稿", scheduled=True)

    page = reader.get("/archive/").content.decode()
    years = re.findall(r'<h2><a href="/archive/(\d{4})/">.*?</a> <span class="archive-count">'
                       r"(\d+) stor", page)
    assert years == [("2024", "2"), ("2023", "1")]
    assert '<a href="/archive/2024/01/">' in page and '<a href="/archive/2024/03/">' in page
    assert "/archive/2022/" not in page


def test_empty_archive_says_so(reader):
    """With nothing published, /archive/ says there is nothing yet (not a 404)."""
    response = reader.get("/archive/")
    assert response.status_code == 200
    assert "No stories here yet." in main_text(response)


def test_year_shows_all_twelve_months_linking_those_with_stories(reader):
    """A year page names every month with its count; only months with stories are links."""
    story("一月稿", at(2024, 1, 20))
    story("一月稿二", at(2024, 1, 21))
    story("三月稿", at(2024, 3, 2))
    hidden_stories(at(2024, 2, 1))

    page = reader.get("/archive/2024/").content.decode()
    counts = re.findall(r'<span class="archive-count">(\d+)</span>', page)
    assert counts == ["2", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0"]
    assert re.findall(r'href="/archive/2024/(\d\d)/"', page) == ["01", "03"]
    assert "3 stories" in main_text(reader.get("/archive/2024/"))


def test_month_lists_its_days_and_its_stories_newest_first(reader):
    """A month page lists the days with stories and the month's stories as cards."""
    story("二十日", at(2024, 1, 20, 9))
    story("二十日晚", at(2024, 1, 20, 21))
    story("五日", at(2024, 1, 5))
    story("二月", at(2024, 2, 1))
    hidden_stories(at(2024, 1, 10))

    response = reader.get("/archive/2024/01/")
    assert listed_titles(response) == ["二十日晚", "二十日", "五日"]
    page = response.content.decode()
    assert re.findall(r'href="/archive/2024/01/(\d\d)/"', page) == ["05", "20"]
    assert "/archive/2024/01/10/" not in page


def test_day_lists_only_that_days_public_stories(reader):
    """A day page lists that day's public stories, newest first, as story cards."""
    section = SectionFactory(name="要闻")
    story("早间", at(2024, 1, 20, 7), section=section)
    story("晚间", at(2024, 1, 20, 22), section=section)
    story("次日", at(2024, 1, 21, 7))
    hidden_stories(at(2024, 1, 20, 8))

    response = reader.get("/archive/2024/01/20/")
    assert listed_titles(response) == ["晚间", "早间"]
    assert "要闻" in main_text(response)
    assert '<time datetime="2024-01-20T22:00:00+08:00">2024-01-20 22:00</time>' in (
        response.content.decode())


def test_breadcrumb_leads_up_to_the_month_year_and_archive(reader):
    """A day page links up to its month, its year and the archive, in that order."""
    story("稿件", at(2024, 1, 20))
    page = reader.get("/archive/2024/01/20/").content.decode()
    start = page.index('class="archive-trail"')
    trail = page[start:page.index("</nav>", start)]
    assert_in_order(trail, ['href="/archive/"', 'href="/archive/2024/"',
                            'href="/archive/2024/01/"', 'aria-current="page"'])


@pytest.mark.parametrize(("url", "earlier", "later"), [
    ("/archive/2024/", "/archive/2022/", "/archive/2025/"),
    ("/archive/2024/01/", "/archive/2022/11/", "/archive/2024/03/"),
    ("/archive/2024/01/20/", "/archive/2022/11/30/", "/archive/2024/01/22/"),
])
def test_earlier_and_later_skip_periods_without_public_stories(reader, url, earlier, later):
    """The earlier/later links go to the nearest period of the same kind that has public
    stories: empty ones and ones with only hidden stories are skipped."""
    story("前", at(2022, 11, 30, 23, 59))
    story("本", at(2024, 1, 20))
    story("后", at(2024, 1, 22, 0, 1))
    story("再后", at(2024, 3, 5))
    story("明年", at(2025, 6, 1))
    hidden_stories(at(2023, 6, 1))
    hidden_stories(at(2024, 1, 21))
    hidden_stories(at(2023, 12, 31))
    if url == "/archive/2024/01/":
        story("同月", at(2024, 1, 25))  # same month: not "later"

    page = reader.get(url).content.decode()
    assert f'class="archive-previous" href="{earlier}"' in page
    assert f'class="archive-next" href="{later}"' in page


def test_no_later_link_after_the_newest_period(reader):
    """The newest period has an earlier link and no later one."""
    story("旧", at(2023, 1, 1))
    story("新", at(2024, 1, 1))
    ArticleFactory(title="定时稿", scheduled=True)  # not public: not a later period
    page = reader.get("/archive/2024/").content.decode()
    assert 'class="archive-previous" href="/archive/2023/"' in page
    assert "archive-next" not in page


# --- Bad addresses --------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/archive/2024/13/", "/archive/2024/00/", "/archive/2024/02/30/", "/archive/2023/02/29/",
    "/archive/2024/01/32/", "/archive/2024/01/00/", "/archive/0/", "/archive/0000/",
    "/archive/99999/", "/archive/1899/", "/archive/3000/", "/archive/99999999999999999999/",
    "/archive/2024/99999999999999999999/", "/archive/2024/01/99999999999999999999/",
    "/archive/-1/", "/archive/2024/1.5/", "/archive/abc/",
])
def test_impossible_dates_are_a_styled_404(reader, url):
    """A date that does not exist is the site's 404 page, never a 500, on every database."""
    story("稿件", at(2024, 1, 20))
    response = reader.get(url)
    assert response.status_code == 404
    assert "Page not found" in main_text(response)


@pytest.mark.parametrize("url", ["/archive/2021/", "/archive/2024/02/", "/archive/2024/02/29/",
                                 "/archive/2024/01/21/"])
def test_a_real_date_without_public_stories_is_404(reader, url):
    """A period with no public stories (only hidden ones, or none) has no page."""
    story("稿件", at(2024, 1, 20))
    hidden_stories(at(2024, 1, 21))
    assert reader.get(url).status_code == 404


@pytest.mark.parametrize(("url", "canonical"), [
    ("/archive/2024/", "/archive/2024/"),
    ("/archive/02024/", "/archive/2024/"),
    ("/archive/2024/1/", "/archive/2024/01/"),
    ("/archive/2024/01/", "/archive/2024/01/"),
    ("/archive/2024/1/20/", "/archive/2024/01/20/"),
    ("/archive/2024/01/20/?page=1", "/archive/2024/01/20/"),
])
def test_every_spelling_of_a_date_names_the_padded_address_as_canonical(reader, url, canonical):
    """/archive/2024/1/ (a hand-typed address) is the same page as /archive/2024/01/,
    which its canonical link names; the site's own links are padded."""
    story("稿件", at(2024, 1, 20))
    response = reader.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver{canonical}">' in page
    assert 'href="/archive/2024/1/' not in page


def test_reverse_writes_the_padded_address():
    """Every archive link the site makes, from numbers or strings, has two-digit months and
    days: the canonical address, never the alternate spelling."""
    assert reverse("articles:archive_month", args=[2024, 1]) == "/archive/2024/01/"
    assert reverse("articles:archive_day", args=[2024, "1", 5]) == "/archive/2024/01/05/"
    assert reverse("articles:archive_day", args=[2024, 12, 31]) == "/archive/2024/12/31/"


def test_a_later_page_is_its_own_canonical(reader):
    """Page 2 of a month names itself, with its page number, as canonical."""
    for hour in range(21):
        story(f"稿件{hour}", at(2024, 1, 20, hour))
    page = reader.get("/archive/2024/1/", {"page": "2"}).content.decode()
    assert '<link rel="canonical" href="http://testserver/archive/2024/01/?page=2">' in page


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "3", "99999", "١", "9" * 5000])
@pytest.mark.parametrize("url", ["/archive/2024/01/", "/archive/2024/01/20/"])
def test_bad_page_numbers_are_404(reader, url, page):
    """?page= that is not a page of the list is a 404 page, never a 500 or another page."""
    for hour in range(21):
        story(f"稿件{hour}", at(2024, 1, 20, hour))
    assert reader.get(url, {"page": page}).status_code == 404


def test_month_pages_by_twenty(reader):
    """21 stories: the first page (no ?page= or ?page=1) has 20, the second the oldest."""
    for hour in range(21):
        story(f"稿件{hour:02d}", at(2024, 1, 20, hour))
    first = listed_titles(reader.get("/archive/2024/01/"))
    assert first == listed_titles(reader.get("/archive/2024/01/", {"page": "1"}))
    assert len(first) == 20 and first[0] == "稿件20"
    assert listed_titles(reader.get("/archive/2024/01/", {"page": "2"})) == ["稿件00"]


# --- Costs and caching ----------------------------------------------------------------------


def dated_story(when):
    article = story("稿件", when)
    photo = PhotoFactory(credit_contributor=ContributorFactory())
    ArticlePhotoFactory(article=article, photo=photo, is_lead=True)


@pytest.mark.parametrize("url", ["/archive/", "/archive/2024/", "/archive/2024/01/",
                                 "/archive/2024/01/20/"])
def test_query_count_is_fixed_whatever_the_number_of_stories(reader, url):
    """A page with 1 story and one with 50 (over months and days) run the same queries."""
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(url).status_code == 200
        return len(queries)

    dated_story(at(2024, 1, 20))
    one = count()
    for n in range(49):
        dated_story(at(2024, 1 + n % 12, 1 + n % 28, n % 24) if n % 2 else at(2024, 1, 20, n % 24))
    dated_story(at(2023, 5, 5))
    assert count() == one


@pytest.mark.parametrize("url", ["/archive/", "/archive/2024/", "/archive/2024/01/",
                                 "/archive/2024/01/20/", "/archive/2024/13/"])
def test_archive_pages_set_no_cookie(reader, url):
    """Anonymous archive pages set no cookie and do not vary on one: a cache can keep them."""
    story("稿件", at(2024, 1, 20))
    response = reader.get(url)
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- The date logic without HTTP ------------------------------------------------------------


@pytest.mark.parametrize(("parts", "expected"), [
    ((2024,), archive.Period("year", 2024)),
    ((2024, 2), archive.Period("month", 2024, 2)),
    ((2024, 2, 29), archive.Period("day", 2024, 2, 29)),
    ((2023, 2, 29), None),
    ((2024, 13), None),
    ((2024, 0), None),
    ((0,), None),
    ((99999,), None),
    ((2024, 4, 31), None),
])
def test_period_is_none_for_impossible_dates(parts, expected):
    """articles.archive.period() turns an address's numbers into a period, or None."""
    assert archive.period(*parts) == expected


def test_periods_span_local_midnight_to_midnight():
    """A day is [00:00, next 00:00) in Shanghai; December's month ends on 1 January."""
    day = archive.Period("day", 2024, 1, 20)
    assert day.start == datetime(2024, 1, 19, 16, 0, tzinfo=UTC)
    assert day.end == datetime(2024, 1, 20, 16, 0, tzinfo=UTC)
    assert archive.Period("month", 2024, 12).end == at(2025, 1, 1, 0, 0)
    assert archive.Period("year", 2999).end == at(3000, 1, 1, 0, 0)


# --- Kept counts ----------------------------------------------------------------------------


@pytest.fixture
def keeping(settings):
    """Counts kept in the cache, as in production (the suite turns keeping off)."""
    settings.NEWSDESK_FACET_CACHE_SECONDS = 600


def test_kept_counts_skip_the_aggregate_and_follow_a_new_story(
    reader, keeping, django_capture_on_commit_callbacks,
):
    """A second request reads the counts from the cache (no aggregate query); a story
    published since renews them (after its commit), so readers never see stale counts."""
    def aggregates(url):
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(url)
        return response, [q for q in queries.captured_queries
                          if "COUNT(" in q["sql"].upper()]

    with django_capture_on_commit_callbacks(execute=True):
        story("一", at(2024, 1, 20))
    first, counted = aggregates("/archive/")
    assert counted and "1 story" in main_text(first)
    again, counted = aggregates("/archive/")
    assert not counted and "1 story" in main_text(again)

    with django_capture_on_commit_callbacks(execute=True):
        story("二", at(2024, 1, 21))
    after, counted = aggregates("/archive/")
    assert counted and "2 stories" in main_text(after)
    assert listed_titles(reader.get("/archive/2024/01/21/")) == ["二"]


def test_kept_counts_end_when_a_scheduled_story_goes_live(reader, keeping):
    """Counts kept before a scheduled story's time are not used after it: the story is
    counted once it is public, though nothing was saved in between."""
    story("一", at(2024, 1, 20))
    ArticleFactory(title="定时", status="published",
                   publish_at=timezone.now() + timedelta(seconds=1))
    before = main_text(reader.get("/archive/"))
    assert "1 story" in before and str(timezone.localdate().year) not in before
    time.sleep(1.2)
    after = main_text(reader.get("/archive/"))
    assert f"Year {timezone.localdate().year} 1 story" in after


@pytest.mark.parametrize("path", [
    "/archive/", "/archive/2024/", "/archive/2024/01/", "/archive/2024/01/20/",
])
def test_every_archive_page_describes_itself_for_search_engines(reader, path):
    """Each archive page has a meta description naming its period (Lighthouse SEO)."""
    story("稿件", at(2024, 1, 20))
    page = reader.get(path).content.decode()
    assert re.search(r'<meta name="description" content="[^"]+">', page)
