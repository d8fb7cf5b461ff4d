"""Chinese full-text search (articles.search): the same results on SQLite and PostgreSQL."""

import io
import time
from datetime import timedelta
from functools import partial

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone, translation

from articles.demo.accounts import ensure_demo_accounts
from articles.demo.newsroom import CONTRIBUTORS, ensure_contributors, ensure_sections
from articles.demo.sample import load_sample
from articles.models import Article, FactBox, SearchEntry
from articles.roles import ensure_newsroom_groups
from articles.search import MAX_QUERY_TOKENS, query_tokens, search, snippet, tokens

from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    BylineFactory,
    ContributorFactory,
    FactBoxFactory,
)

pytestmark = pytest.mark.django_db

SAMPLE_ID = "41c86c4e"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="class")
def sample_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sample story, loaded as the demo loads it, once for a class and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST_HASHERS,
                               MEDIA_ROOT=tmp_path_factory.mktemp("search-media")):
            groups = ensure_newsroom_groups()
            sections = ensure_sections()
            contributors = ensure_contributors(CONTRIBUTORS)
            users, _created = ensure_demo_accounts(groups, contributors)
            with TestCase.captureOnCommitCallbacks(execute=True):
                load_sample(sections=sections, users=users, photo_size=(60, 40))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def sample(sample_db, committed):
    """The sample story beside an unrelated one, so "matches everything" would show."""
    with committed():
        ArticleFactory(published=True, title="无关的新闻", summary="天气晴。", body="天气晴朗。")
    return Article.objects.get(short_id=SAMPLE_ID)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what a commit would run: the index is updated after commits."""
    return partial(django_capture_on_commit_callbacks, execute=True)


def found(q, queryset=None):
    results = search(Article.objects.all() if queryset is None else queryset, q)
    return list(results.order_by("-search_rank", "-publish_at").values_list("title", flat=True))


HOSTILE = ["%", "_", "'", "\\", "<script>", "*", '"', "NEAR(", "title:", "NEAR(数字 经济)",
           'title:"数字"*', "' OR 1=1 --", "%_%", "数字\\", "AND OR NOT", "^数字", "x" * 10_000,
           "数字经济" * 2_500]


class TestSampleStory:
    """The sample story, as the issue's queries find it."""

    @pytest.mark.parametrize("q", [
        "数字经济", "碳金融", "黄鹤楼", "余松", "武昌 数字经济", "2023", "5G", "黃鶴樓", "５Ｇ",
        "5g", "碳汇大厦",  # a caption and a subhead word
        "何晓刚",  # the photo credit's name
        "杨蔚", "覃柳玮",  # byline names
        "数读",  # the fact box
    ])
    def test_sample_story_is_found(self, sample, q):
        """Every query the issue names finds the sample story, and only it."""
        assert found(q) == [sample.title]

    @pytest.mark.parametrize("q", ["量子计算", "武昌 量子", "python", "1999"])
    def test_absent_terms_find_nothing(self, sample, q):
        """A term the story lacks finds nothing, even next to terms it has (terms are ANDed)."""
        assert found(q) == []

    def test_blank_query_leaves_the_list_unchanged(self, sample):
        """No search asked: the queryset comes back as it was."""
        queryset = Article.objects.all()
        assert search(queryset, "  ") is queryset

    def test_search_narrows_the_given_queryset(self, sample):
        """Search combines with other filters: it never widens the queryset it is given."""
        assert found("数字经济", Article.objects.exclude(pk=sample.pk)) == []
        assert found("数字经济", Article.objects.published()) == [sample.title]

    def test_search_works_as_a_subquery(self, sample):
        """The searched queryset can be nested (facet counts, pk__in) on both databases."""
        matching = search(Article.objects.all(), "碳金融").values("pk")
        assert list(Article.objects.filter(pk__in=matching)) == [sample]

    @pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
    def test_hostile_queries_never_raise_nor_match_everything(self, sample, q):
        """SQL, LIKE, FTS5 and HTML syntax are text; a huge query is cut and stays fast."""
        started = time.monotonic()
        results = found(q)
        assert time.monotonic() - started < 2
        assert len(results) < Article.objects.count()

    def test_syntax_in_a_query_is_only_text(self, sample):
        """Quotes and stars are ignored; `title:` and `NEAR` are words to find, not syntax."""
        assert found('"数字经济" (碳金融)* -武昌') == [sample.title]
        assert found('title:"数字经济"') == []
        assert found("NEAR(数字经济 碳金融)") == []


def test_tokens_are_bigrams_words_and_numbers():
    """CJK runs give overlapping bigrams, a lone character a unigram; words stay whole."""
    assert tokens("数字经济") == ["数字", "字经", "经济"]
    assert tokens("碳") == ["碳"]
    assert tokens("5G示范, 2023年 WiFi") == ["5g", "示范", "2023", "年", "wifi"]


def test_tokens_normalise_width_and_script():
    """Full-width letters and digits become ASCII; traditional characters become simplified."""
    assert tokens("５Ｇ") == ["5g"]
    assert tokens("黃鶴樓") == tokens("黄鹤楼") == ["黄鹤", "鹤楼"]


def test_title_match_ranks_above_body_match(committed):
    """A story with the words in its headline or summary comes before one with them in the body."""
    now = timezone.now()
    with committed():
        body_only = ArticleFactory(published=True, title="城区新闻", body="发展数字经济。",
                                   publish_at=now - timedelta(hours=1))
        in_title = ArticleFactory(published=True, title="数字经济发展", body="正文。",
                                  publish_at=now - timedelta(days=3))
        in_summary = ArticleFactory(published=True, title="新闻", summary="数字经济。",
                                    body="正文。", publish_at=now - timedelta(days=2))
    results = found("数字经济")
    assert set(results[:2]) == {in_title.title, in_summary.title}
    assert results[2] == body_only.title  # though it is the newest


def test_recency_breaks_ties(committed):
    """Equal matches come newest first."""
    now = timezone.now()
    with committed():
        older = ArticleFactory(published=True, title="碳金融甲", publish_at=now - timedelta(days=2))
        newer = ArticleFactory(published=True, title="碳金融乙", publish_at=now - timedelta(days=1))
    assert found("碳金融") == [newer.title, older.title]


def test_a_long_query_is_cut_to_a_bounded_number_of_tokens():
    """10 000 characters give at most MAX_QUERY_TOKENS tokens."""
    q = "".join(chr(0x4E00 + i) for i in range(10_000))
    assert len(query_tokens(q)) == MAX_QUERY_TOKENS


def test_snippet_escapes_text_and_marks_the_match():
    """The story's text is escaped; the match is wrapped in <mark>."""
    article = ArticleFactory(summary="导语。", body="开头<script>alert(1)</script>，发展碳金融。")
    html = snippet(article, "碳金融")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>碳金融</mark>" in html


def test_snippet_marks_what_a_traditional_or_full_width_query_found():
    """The snippet marks the text as printed, whatever form the query took."""
    article = ArticleFactory(summary="", body="夜上黄鹤楼，5G示范。")
    assert "<mark>黄鹤楼</mark>" in snippet(article, "黃鶴樓")
    assert "<mark>5G</mark>" in snippet(article, "５ｇ")


def test_snippet_is_cut_around_the_first_match():
    """A long text is cut to about `length` characters, with the match inside."""
    article = ArticleFactory(summary="", body="甲" * 500 + "碳金融" + "乙" * 500)
    html = snippet(article, "碳金融", length=60)
    assert "<mark>碳金融</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 100


def test_snippet_without_a_match_is_the_start_of_the_text():
    """No match (e.g. the words were in a name): the text's start, unmarked."""
    article = ArticleFactory(summary="导语<b>。", body="正文。")
    html = snippet(article, "量子")
    assert html.startswith("导语&lt;b&gt;。")
    assert "<mark>" not in html


def test_index_follows_title_edits(committed):
    """After a save the new words are found and the old ones are not."""
    with committed():
        article = ArticleFactory(published=True, title="黄鹤楼夜游")
    with committed():
        article.title = "昙华林市集"
        article.save()
    assert found("昙华林") == ["昙华林市集"]
    assert found("黄鹤楼") == []


def test_index_follows_parts_of_the_story(committed):
    """Bylines and fact boxes added or removed change what finds the story."""
    with committed():
        article = ArticleFactory(published=True, title="城区新闻")
        BylineFactory(article=article, contributor=ContributorFactory(name="覃柳玮"))
        box = FactBoxFactory(article=article, title="数读武昌", items="●碳交易额")
    assert found("覃柳玮 碳交易") == [article.title]
    with committed():
        box.delete()
    assert found("碳交易") == []


def test_index_follows_renamed_people_and_recaptioned_photos(committed):
    """A contributor's new name and a photo's new caption find the stories that print them."""
    with committed():
        usage = ArticlePhotoFactory(article=ArticleFactory(title="城区新闻"))
        byline = BylineFactory(article=usage.article, contributor=ContributorFactory(name="张三"))
    with committed():
        byline.contributor.name = "刘方舟"
        byline.contributor.save()
        usage.photo.caption = "碳汇大厦外景。"
        usage.photo.save()
    assert found("刘方舟 碳汇大厦") == ["城区新闻"]
    assert found("张三") == []


def test_saves_that_change_no_words_cost_no_indexing(committed):
    """Workflow and view-count saves (update_fields without text) schedule nothing."""
    article = ArticleFactory(published=True, title="碳金融")
    with committed() as callbacks:
        article.view_count = 5
        article.save(update_fields=["view_count"])
    assert callbacks == []


def test_a_rolled_back_save_never_reaches_the_index(committed):
    """The index is written after the commit, so an abandoned change leaves no trace."""
    with committed():
        article = ArticleFactory(published=True, title="黄鹤楼夜游")
    with committed(), transaction.atomic():
        article.title = "昙华林市集"
        article.save()
        transaction.set_rollback(True)
    assert found("昙华林") == []
    assert found("黄鹤楼") == ["黄鹤楼夜游"]


def test_deleting_a_story_deletes_its_entry(committed):
    """The entry goes with its story (CASCADE), and its parts' signals don't recreate it."""
    with committed():
        article = ArticleFactory(published=True, title="碳金融")
        FactBoxFactory(article=article)
        BylineFactory(article=article)
    assert SearchEntry.objects.count() == 1
    with committed():
        article.delete()
    assert not SearchEntry.objects.exists()
    assert not FactBox.objects.exists()
    assert found("碳金融") == []


def test_rebuild_command_indexes_every_story(committed):
    """Stories written around save() (bulk_create, update()) are found after the rebuild."""
    with committed():
        stale = ArticleFactory(title="黄鹤楼夜游")
    Article.objects.filter(pk=stale.pk).update(title="昙华林市集")
    Article.objects.bulk_create([
        Article(title=f"碳金融{n}", section=stale.section, short_id=f"{n:08x}") for n in range(3)
    ])
    assert found("碳金融") == found("昙华林") == []
    out = io.StringIO()
    with translation.override("en"):
        call_command("rebuild_search_index", "--batch-size=2", stdout=out)
    assert "Indexed 4 stories." in out.getvalue()
    assert len(found("碳金融")) == 3
    assert found("昙华林") == ["昙华林市集"]
    assert found("黄鹤楼") == []
    assert SearchEntry.objects.count() == 4


def test_migrate_fills_the_index_for_stories_it_lacks():
    """Stories from before the index (or loaded without signals) are indexed by the next
    migrate, so search works on an upgraded database without a manual step."""
    from django.core.management import call_command

    from articles.models import SearchEntry

    article = ArticleFactory(title="升级前的稿件")
    SearchEntry.objects.filter(article=article).delete()
    call_command("migrate", verbosity=0)
    assert SearchEntry.objects.filter(article=article).exists()
