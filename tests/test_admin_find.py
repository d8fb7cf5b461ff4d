"""Finding stories in the admin: the reader site's filters in the changelist, and a page
that opens as fast at 100 000 stories as at 100 (issue 7, item 5)."""

import random
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.admin import counting, story_filters
from articles.admin.story_filters import MOST_USED, STORY_FILTERS, StoryListFilter
from articles.filters import StoryFilter
from articles.models import Article, ArticlePhoto, Byline
from articles.search import rebuild_index

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    PhotoFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
ON_POSTGRESQL = connection.vendor == "postgresql"

# Moments chosen at the edges of local years and months: 00:30 on 1 January in
# Shanghai is still the old year in UTC, as 00:10 on 1 February is January.
MOMENTS = [
    datetime(2022, 6, 1, 9, 0, tzinfo=SHANGHAI),
    datetime(2023, 12, 31, 23, 30, tzinfo=SHANGHAI),
    datetime(2024, 1, 1, 0, 30, tzinfo=SHANGHAI),
    datetime(2024, 2, 1, 0, 10, tzinfo=SHANGHAI),
    datetime(2024, 2, 29, 12, 0, tzinfo=SHANGHAI),
    None,
]
TAGS = ["武汉", "经济", "长江", "体育"]


@dataclass
class Truth:
    """What a story is, as the test built it: the brute-force filters read only this."""

    pk: int
    section: str
    status: str
    review_level: int
    publish_at: datetime | None
    repost: bool
    tags: set = field(default_factory=set)
    bylines: set = field(default_factory=set)
    photographers: set = field(default_factory=set)
    photos: bool = False


def expected(truths, params):
    """The stories a brute-force Python filter keeps for ``params`` (lists of values)."""
    def keeps(story):
        local = story.publish_at.astimezone(SHANGHAI) if story.publish_at else None
        for name, values in params.items():
            value = values[-1]
            if name == "section" and story.section != value:
                return False
            if name == "tag" and not set(values) <= story.tags:
                return False
            if name == "contributor" and value not in story.bylines:
                return False
            if name == "photographer" and value not in story.photographers:
                return False
            if name == "year" and (local is None or local.year != int(value)):
                return False
            if name == "month" and (local is None or local.month != int(value)):
                return False
            if name == "origin" and story.repost != (value == "repost"):
                return False
            if name == "photos" and story.photos != (value == "yes"):
                return False
            if name == "review_level" and story.review_level != int(value):
                return False
        return True

    return {story.pk for story in truths if keeps(story)}


@pytest.fixture
def newsroom():
    """Twenty-four stories, each a different mix of every facet; returns their Truths."""
    rng = random.Random(5)  # noqa: S311 - a fixed mix of facets, not a secret
    sections = [SectionFactory(name=name, slug=slug)
                for name, slug in [("要闻", "yaowen"), ("体育", "tiyu"), ("财经", "caijing")]]
    people = [ContributorFactory(name=name, slug=slug) for name, slug in [
        ("杨蔚", "yang-wei"), ("覃柳玮", "qin-liuwei"), ("吴迪", "wu-di"),
        ("何晓刚", "he-xiaogang"),
    ]]
    photographers = people[2:]
    photos = [PhotoFactory(credit_contributor=person) for person in photographers]
    photos.append(PhotoFactory(credit_contributor=None, credit_name="新华社"))
    truths = []
    for index in range(24):
        moment = MOMENTS[index % len(MOMENTS)]
        status = Article.Status.PUBLISHED if moment else Article.Status.DRAFT
        if moment and index % 5 == 0:
            status = Article.Status.SUBMITTED
        story = ArticleFactory(
            section=sections[index % 3], status=status, publish_at=moment,
            review_level=index % 4, source_name="新华社" if index % 3 == 1 else "",
        )
        truth = Truth(story.pk, story.section.slug, status, index % 4, moment,
                      repost=bool(story.source_name))
        truth.tags = set(rng.sample(TAGS, rng.randint(0, 3)))
        story.tags.add(*truth.tags)
        for order, person in enumerate(rng.sample(people, rng.randint(0, 2))):
            BylineFactory(article=story, contributor=person, order=order)
            truth.bylines.add(person.slug)
        for order, photo in enumerate(rng.sample(photos, rng.randint(0, 2))):
            ArticlePhotoFactory(article=story, photo=photo, order=order)
            truth.photos = True
            if photo.credit_contributor:
                truth.photographers.add(photo.credit_contributor.slug)
        truths.append(truth)
    return truths


@pytest.fixture
def editor(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def english_editor(admin_user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(admin_user)
    return client


def changelist(client, params):
    response = client.get(f"{URL}?{urlencode(params, doseq=True)}")
    assert response.status_code == 200, (params, response.status_code)
    return response.context["cl"]


def listed(client, params):
    return {story.pk for story in changelist(client, params).result_list}


def every_value(truths):
    """Each single filter the sidebar offers, with each value the stories have."""
    values = {
        "section": {t.section for t in truths},
        "tag": set().union(*(t.tags for t in truths)),
        "contributor": set().union(*(t.bylines for t in truths)),
        "photographer": set().union(*(t.photographers for t in truths)),
        "year": {str(t.publish_at.astimezone(SHANGHAI).year) for t in truths if t.publish_at},
        "origin": {"original", "repost"},
        "photos": {"yes", "no"},
        "review_level": {"0", "1", "2", "3"},
    }
    return [{name: [value]} for name, options in values.items() for value in sorted(options)]


COMBINATIONS = [
    {"tag": ["武汉", "经济"]},
    {"tag": ["武汉", "经济", "长江"]},
    {"year": ["2024"], "month": ["1"]},
    {"year": ["2024"], "month": ["2"]},
    {"year": ["2023"], "month": ["12"]},
    {"section": ["yaowen"], "year": ["2024"]},
    {"section": ["tiyu"], "contributor": ["yang-wei"], "photos": ["yes"]},
    {"photographer": ["wu-di"], "origin": ["repost"]},
    {"tag": ["长江"], "review_level": ["2"], "origin": ["original"]},
    {"year": ["2022"], "month": ["6"], "photos": ["no"]},
]


class TestEachFilterNarrows:
    def test_every_single_filter_matches_a_brute_force_filter(self, editor, newsroom):
        """Each value of each filter lists exactly the stories a Python filter keeps."""
        for params in every_value(newsroom):
            assert listed(editor, params) == expected(newsroom, params), params

    @pytest.mark.parametrize("params", COMBINATIONS, ids=[urlencode(p, True) for p in COMBINATIONS])
    def test_filters_combine(self, editor, newsroom, params):
        """Filters are ANDed with each other, and tags with tags; months are local."""
        assert listed(editor, params) == expected(newsroom, params)

    def test_local_months_at_the_edges(self, editor, newsroom):
        """00:30 on 1 January in Shanghai is 2024 here, though still 2023 in UTC."""
        january = listed(editor, {"year": ["2024"], "month": ["1"]})
        assert january == {t.pk for t in newsroom if t.publish_at == MOMENTS[2]}
        assert january

    def test_no_filter_lists_everything(self, editor, newsroom):
        assert listed(editor, {}) == {t.pk for t in newsroom}

    def test_status_and_search_combine_with_the_story_filters(self, editor, newsroom):
        """The admin-only status filter and the search box narrow the same list further."""
        drafts = {t.pk for t in newsroom if t.status == Article.Status.DRAFT}
        params = {"state": ["draft"], "section": ["yaowen"]}
        assert listed(editor, params) == drafts & expected(newsroom, {"section": ["yaowen"]})
        story = Article.objects.get(pk=newsroom[0].pk)
        assert listed(editor, {"q": [story.short_id], "year": ["2022"]}) == {story.pk}


class TestAgreementWithTheReaderSite:
    @pytest.mark.parametrize("params", COMBINATIONS, ids=[urlencode(p, True) for p in COMBINATIONS])
    def test_admin_and_story_filter_list_the_same_stories(self, editor, newsroom, params):
        """The changelist and StoryFilter, given one query string, agree on every story."""
        params = {name: values for name, values in params.items() if name != "review_level"}
        data = QueryDict(urlencode(params, doseq=True))
        assert listed(editor, params) == set(
            StoryFilter(data, queryset=Article.objects.all()).qs.values_list("pk", flat=True)
        )

    def test_every_single_filter_agrees_with_story_filter(self, editor, newsroom):
        for params in every_value(newsroom):
            if "review_level" in params:
                continue
            data = QueryDict(urlencode(params, doseq=True))
            reader = StoryFilter(data, queryset=Article.objects.all()).qs
            assert listed(editor, params) == set(reader.values_list("pk", flat=True)), params


class TestSidebar:
    def test_sidebar_offers_each_filter_with_the_reader_sites_parameters(
        self, english_editor, newsroom
    ):
        """Titles and links: slugs and years as on the reader site; months of the chosen year."""
        cl = changelist(english_editor, {"year": ["2024"]})
        html = english_editor.get(URL, {"year": "2024"}).content.decode()
        for title in ["By status", "By review levels passed", "By section", "By tags",
                      "By byline", "By photographer", "By publication time", "By origin",
                      "By photos"]:
            assert title in html
        links = {
            spec.names[0] if isinstance(spec, StoryListFilter) else spec.parameter_name:
            [choice["query_string"] for choice in spec.choices(cl)]
            for spec in cl.filter_specs
        }
        assert "?section=yaowen&year=2024" in links["section"]
        assert "?contributor=yang-wei&year=2024" in links["contributor"]
        assert "?review_level=2&year=2024" in links["review_level"]
        # Another year drops the chosen month; a month keeps its year.
        assert "?year=2023" in links["year"]
        assert "?month=2&year=2024" in links["year"]

    def test_tag_links_add_to_the_tags_chosen_or_take_one_away(self, editor, newsroom):
        cl = changelist(editor, {"tag": ["武汉", "经济"]})
        spec = next(s for s in cl.filter_specs if getattr(s, "names", ()) == ("tag",))
        choices = {choice["display"]: choice for choice in spec.choices(cl)}
        assert choices["长江"]["query_string"] == "?" + urlencode(
            {"tag": ["武汉", "经济", "长江"]}, doseq=True)
        assert choices["武汉"]["selected"]
        assert choices["武汉"]["query_string"] == "?" + urlencode({"tag": "经济"})

    def test_chosen_tags_come_first_and_ten_are_the_most(self, editor, newsroom):
        """As on the reader site: no link offers an eleventh tag."""
        story = Article.objects.get(pk=newsroom[0].pk)
        names = [f"话题{n}" for n in range(10)]
        story.tags.add(*names)
        slugs = [tag.slug for tag in story.tags.filter(name__in=names)]
        cl = changelist(editor, {"tag": slugs})
        assert [s.pk for s in cl.result_list] == [story.pk]
        spec = next(s for s in cl.filter_specs if getattr(s, "names", ()) == ("tag",))
        choices = list(spec.choices(cl))[1:]
        assert len(choices) == 10 and all(choice["selected"] for choice in choices)

    def test_people_and_tags_list_only_the_most_used(self, editor, newsroom):
        """Hundreds of tags: the sidebar lists the most used, most first, in one query."""
        story = ArticleFactory()
        story.tags.add(*(f"标签{n:03d}" for n in range(MOST_USED + 10)))
        cl = changelist(editor, {})
        spec = next(s for s in cl.filter_specs if getattr(s, "names", ()) == ("tag",))
        with CaptureQueriesContext(connection) as queries:
            shown = [choice["display"] for choice in spec.choices(cl)][1:]
        assert len(queries) == 1
        assert len(shown) == MOST_USED
        assert set(shown[:4]) == set(TAGS)
        assert shown[4:] == [f"标签{n:03d}" for n in range(MOST_USED - 4)]

    def test_most_used_means_in_the_latest_stories(self, editor, newsroom, monkeypatch):
        """A tag or a byline used only on older stories is not offered, however often."""
        monkeypatch.setattr(story_filters, "RECENT", 3)
        latest = Article.objects.order_by("-pk")[:3]
        recent_tags = {tag.name for story in latest for tag in story.tags.all()}
        recent_people = {b.contributor.name for b in Byline.objects.filter(article__in=latest)}
        cl = changelist(editor, {})
        offered = {
            spec.names[0]: {choice["display"] for choice in list(spec.choices(cl))[1:]}
            for spec in cl.filter_specs if isinstance(spec, StoryListFilter)
        }
        assert offered["tag"] == recent_tags
        assert offered["contributor"] == recent_people

    def test_a_chosen_value_outside_the_most_used_is_still_shown(self, editor, newsroom):
        rare = ContributorFactory(name="刘方舟", slug="liu-fangzhou")
        cl = changelist(editor, {"contributor": [rare.slug]})
        spec = next(s for s in cl.filter_specs if getattr(s, "names", ()) == ("contributor",))
        choices = list(spec.choices(cl))
        assert any(choice["selected"] and choice["display"] == "刘方舟" for choice in choices)
        assert list(cl.result_list) == []

    def test_search_keeps_every_tag_chosen(self, editor, newsroom):
        """Searching from a list narrowed by two tags keeps both (Django's form keeps one)."""
        html = editor.get(f"{URL}?tag=武汉&tag=经济").content.decode()
        start = html.index('id="changelist-search"')
        form = html[start:html.index("</form>", start)]
        assert 'name="tag" value="武汉"' in form and 'name="tag" value="经济"' in form

    def test_no_counts_are_offered(self, editor, newsroom):
        """Django's per-option counts cost a subquery per option over every story."""
        response = editor.get(URL, {"_facets": "1"})
        assert not response.context["cl"].add_facets
        assert b'class="hidelink"' not in response.content  # no "Show counts"/"Hide counts"
        assert listed(editor, {"_facets": ["1"]}) == {t.pk for t in newsroom}


HOSTILE = [
    ("year", "abc"), ("year", "99999999999999999999"), ("year", "1899"), ("year", "-1"),
    ("year", "2024.5"), ("month", "13"), ("month", "2"), ("section", "<script>"),
    ("section", "x" * 10_000), ("section", "nobody"), ("tag", "<script>"),
    ("tag", "武" * 10_000), ("contributor", "%00"), ("contributor", "' OR 1=1 --"),
    ("photographer", "x" * 101), ("origin", "both"), ("review_level", "4"),
    ("review_level", "abc"),
]
NUL = [("section", "a\x00b"), ("tag", "\x00"), ("photos", "\x00"), ("year", "20\x0024")]


class TestBadValues:
    @pytest.mark.parametrize(("name", "value"), HOSTILE, ids=range(len(HOSTILE)))
    def test_a_bad_value_lists_nothing_and_never_fails(self, english_editor, newsroom, name,
                                                       value):
        """A crafted value is refused before any query: no story, and the filter says why."""
        response = english_editor.get(URL, {name: value})
        assert response.status_code == 200
        cl = response.context["cl"]
        assert list(cl.result_list) == []
        if name != "review_level":
            assert b'class="errorlist"' in response.content

    @pytest.mark.parametrize(("name", "value"), NUL, ids=range(len(NUL)))
    def test_a_nul_is_refused_by_the_site_and_by_the_filter(self, editor, newsroom, name,
                                                            value, rf, admin_user):
        """The site answers 400 to a NUL in any address; the filter alone lists nothing,
        without asking the database (PostgreSQL refuses NUL in a string)."""
        assert editor.get(URL, {name: value}).status_code == 400
        request = rf.get(URL)
        request.user = admin_user
        model_admin = admin.site._registry[Article]
        spec_class = next(f for f in STORY_FILTERS if name in f.names)
        spec = spec_class(request, {name: [value]}, Article, model_admin)
        assert list(spec.queryset(request, Article.objects.all())) == []
        assert spec.errors

    def test_an_empty_value_chooses_nothing(self, editor, newsroom):
        """``?tag=`` and ``?year=`` are no filter, as ``?section=`` is on the reader site."""
        everything = {t.pk for t in newsroom}
        for name in ("tag", "section", "year", "contributor", "origin"):
            assert listed(editor, {name: [""]}) == everything, name

    def test_more_tags_than_the_reader_site_takes(self, english_editor, newsroom):
        response = english_editor.get(URL, {"tag": [f"t{n}" for n in range(11)]})
        assert list(response.context["cl"].result_list) == []
        assert b"Choose at most 10 tags." in response.content

    @pytest.mark.parametrize("page", ["9" * 30, "-5", "abc", "1e9"])
    def test_a_page_number_nobody_has_is_the_admins_usual_refusal(self, editor, newsroom, page):
        response = editor.get(URL, {"p": page})
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response["Location"] == f"{URL}?e=1"

    def test_every_filter_at_once_with_bad_values(self, editor, newsroom):
        params = dict(HOSTILE)
        response = editor.get(URL, params)
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


def populate(count, section, people, photo):
    """``count`` stories with a byline by each of ``people``, two tags and a photo each."""
    stories = [ArticleFactory(section=section, status=Article.Status.PUBLISHED,
                              publish_at=datetime(2024, 2, 10, 12, tzinfo=SHANGHAI))
               for _ in range(count)]
    Byline.objects.bulk_create([
        Byline(article=story, contributor=person, order=order)
        for story in stories for order, person in enumerate(people)
    ])
    ArticlePhoto.objects.bulk_create([
        ArticlePhoto(article=story, photo=photo, order=0) for story in stories
    ])
    for story in stories:
        story.tags.add("武汉", "经济")
    rebuild_index()  # stories saved in a test's transaction are indexed on commit


def queries_for(client, params):
    with CaptureQueriesContext(connection) as queries:
        cl = changelist(client, params)
    return len(queries), len(cl.result_list)


class TestSpeed:
    @pytest.mark.parametrize("params", [
        {},
        {"section": ["yaowen"], "year": ["2024"]},
        {"tag": ["武汉"], "contributor": ["yang-wei"], "photos": ["yes"], "state": ["live"]},
        {"year": ["2024"], "month": ["2"], "origin": ["original"], "q": ["新闻标题"]},
    ], ids=["unfiltered", "section-year", "tag-byline-photos", "month-origin-search"])
    def test_one_story_costs_the_queries_a_hundred_do(self, editor, params):
        """Bylines are prefetched for the page, options are grouped queries: no N+1."""
        section = SectionFactory(slug="yaowen")
        people = [ContributorFactory(slug="yang-wei"), ContributorFactory()]
        photo = PhotoFactory(credit_contributor=people[1])
        populate(1, section, people, photo)
        one, shown = queries_for(editor, params)
        assert shown == 1
        populate(99, section, people, photo)
        many, shown = queries_for(editor, params)
        assert shown == 100
        assert many == one

    def test_a_long_list_is_counted_only_up_to_the_cap(self, editor, newsroom, monkeypatch):
        """A filtered list longer than the cap says "5+" and never counts to the end."""
        monkeypatch.setattr(counting, "CAP", 5)
        monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)
        params = {"origin": ["original"]}
        originals = expected(newsroom, params)
        assert len(originals) > 9
        with CaptureQueriesContext(connection) as queries:
            cl = changelist(editor, params)
        counts = [q["sql"] for q in queries.captured_queries
                  if q["sql"].upper().startswith("SELECT COUNT(")]
        assert counts and all(sql.endswith("LIMIT 6) subquery") for sql in counts), counts
        assert (cl.result_count, cl.paginator.exact, cl.paginator.count_label) == (5, False, "5+")
        assert cl.paginator.num_pages == 3

    def test_a_capped_count_reads_as_a_lower_bound(self, english_editor, newsroom, monkeypatch):
        """The page, the action bar and the search say "5+", never the 5 rows counted so far."""
        monkeypatch.setattr(counting, "CAP", 5)
        monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)
        rebuild_index()  # stories saved in a test's transaction are indexed on commit
        response = english_editor.get(URL, {"origin": "original", "q": "新闻标题"})
        html = response.content.decode()
        paginator = html[html.index('class="paginator"'):]
        assert "5+ articles" in paginator and ">3</a>" in paginator
        assert "Select all 5+ articles" in html
        assert "5+ results" in html
        assert response.context["selection_note_all"] == "All 5+ selected"

    def test_each_page_further_on_counts_further(self, editor, newsroom, monkeypatch):
        """Page 3 of a capped list counts the cap past itself, so the next pages are linked."""
        monkeypatch.setattr(counting, "CAP", 5)
        monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)
        params = {"origin": ["original"]}
        originals = expected(newsroom, params)
        cl = changelist(editor, {**params, "p": ["3"]})
        assert cl.result_count == 9 and not cl.paginator.exact
        assert len(cl.result_list) == 2
        last = (len(originals) + 1) // 2
        cl = changelist(editor, {**params, "p": [str(last)]})
        assert cl.paginator.exact and cl.result_count == len(originals)
        assert {s.pk for s in cl.result_list} <= originals

    def test_a_short_list_is_counted_exactly(self, editor, newsroom):
        cl = changelist(editor, {"section": ["yaowen"]})
        assert cl.paginator.exact
        assert cl.result_count == len(expected(newsroom, {"section": ["yaowen"]}))

    @pytest.mark.skipif(not ON_POSTGRESQL, reason="the planner's estimate is PostgreSQL's")
    def test_the_unfiltered_list_takes_postgresqls_estimate(self, english_editor, newsroom,
                                                            monkeypatch):
        """No COUNT at all for the whole table: "about 24", as the last ANALYZE found."""
        monkeypatch.setattr(counting, "CAP", 5)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")
        with CaptureQueriesContext(connection) as queries:
            cl = changelist(english_editor, {})
        assert not [q for q in queries.captured_queries
                    if q["sql"].upper().startswith("SELECT COUNT(")]
        assert cl.paginator.estimated
        assert cl.paginator.count_label == "about 24"


def test_an_unknown_state_lists_nothing(admin_client):
    """``?state=bogus`` narrows to nothing, like every other filter's bad value, never to
    every story."""
    ArticleFactory(title="草稿一篇")
    page = admin_client.get("/admin/articles/article/", {"state": "bogus"}).content.decode()
    assert "草稿一篇" not in page
    assert "草稿一篇" in admin_client.get("/admin/articles/article/").content.decode()
