"""Chinese full-text search: character bigrams, on SQLite and PostgreSQL alike.

Chinese is written without spaces, so a search index must decide what a
"word" is. There are two common answers: a segmenter with a dictionary (such
as ``jieba``), or overlapping character bigrams, as Lucene's CJK analyzer
does. Newsdesk uses bigrams:

- **Nothing to maintain.** A segmenter is only as good as its dictionary; a
  newsroom would have to keep adding people, places, companies and new coinages
  to it. Bigrams need no dictionary.
- **Names and new terms always match.** ``碳金融`` or a reporter's name that a
  dictionary does not know is split unpredictably by a segmenter (and maybe
  differently in the story and in the query); as bigrams (``碳金 金融``) it is
  found whenever its characters stand together in the text.
- **Identical on both databases.** The tokens are computed here, in Python,
  and stored as plain space-separated words, so SQLite (FTS5) and PostgreSQL
  (stored ``tsvector`` columns, ``simple`` configuration, a GIN index) index and
  match exactly the same tokens; neither needs a Chinese parser extension.

The cost is a larger index and some false positives: a query matches when all
of its bigrams occur in a story, not necessarily side by side. For news search
ranked by title hits and recency that is a good trade.

How text becomes tokens (``tokens()``, used for both the index and queries):

1. Unicode NFKC normalisation: full-width letters and digits become ASCII
   (``５Ｇ`` → ``5G``).
2. Traditional characters become simplified with OpenCC (``黃鶴樓`` → ``黄鹤楼``).
3. Lower case.
4. A run of CJK characters gives its overlapping bigrams (``数字经济`` →
   ``数字 字经 经济``); a lone CJK character stays a unigram. Letters and digits
   give whole words (``5G`` → ``5g``, ``2023``). Everything else separates.

A query keeps at most ``MAX_QUERY_TOKENS`` distinct tokens, and every token is
required (terms are ANDed). A blank query (empty or only spaces) asks for no
search and leaves the queryset unchanged; a query that is not blank but has
no token (only punctuation, such as ``%`` or ``"``) matches nothing.
Tokens are passed to the database as quoted values, never as query syntax.
One-character queries only find one-character runs (as with Lucene's bigrams).

The index (``SearchEntry``, one row per story) is rebuilt by ``index_article()``
after the commit of any transaction that saved a story's text or one of its
parts (bylines, photos, fact boxes, a photo's caption or a contributor's name; signals connected in
``ArticlesConfig.ready()``), and in bulk by ``manage.py rebuild_search_index``
(needed after ``bulk_create``, ``QuerySet.update()`` or ``loaddata``, which
send no signals, and once after migration 0007 for existing stories).
On PostgreSQL the database's ``LC_CTYPE`` must know CJK letters (any UTF-8
locale, such as ``C.UTF-8``; not plain ``C``) for ``to_tsvector`` to keep them.
"""

import re
import unicodedata
from functools import lru_cache

from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from .credits import credit_of
from .markup import PHOTO_LINE
from .models import Article, ArticlePhoto, Byline, Contributor, FactBox, Photo, SearchEntry

MAX_QUERY_TOKENS = 32
# The longest Latin "word" kept; longer runs (base64, URLs) are cut, never indexed whole.
MAX_WORD_LENGTH = 40
TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0
FTS_TABLE = "articles_search_fts"

# Han (with extensions and compatibility ideographs), kana and hangul, as Lucene's CJK analyzer.
_CJK = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def normalize(text):
    """NFKC, traditional → simplified, lower case: what both text and queries go through."""
    text = unicodedata.normalize("NFKC", text or "")
    return _converter().convert(text).lower()


def _runs(normalized):
    """(kind, text) for each CJK run and each word in already normalised text."""
    for match in _TOKEN.finditer(normalized):
        if match.group("cjk"):
            yield "cjk", match.group("cjk")
        else:
            yield "word", match.group("word")[:MAX_WORD_LENGTH]


def _run_tokens(kind, run):
    if kind == "word" or len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text):
    """The search tokens of a text, in order (see the module's docstring)."""
    return [token for kind, run in _runs(normalize(text)) for token in _run_tokens(kind, run)]


def query_tokens(q):
    """A query's distinct tokens, in order, at most MAX_QUERY_TOKENS of them.

    Only a bounded prefix of the query is read: a longer query cannot add tokens.
    """
    seen = []
    for token in tokens((q or "")[: MAX_QUERY_TOKENS * 8]):
        if token not in seen:
            seen.append(token)
            if len(seen) == MAX_QUERY_TOKENS:
                break
    return seen


# What a story says, as the index and the snippet read it.


def _body_text(body):
    """The body's words: markup signs and photo placements dropped."""
    lines = []
    for line in (body or "").splitlines():
        line = line.strip()
        if PHOTO_LINE.match(line):
            continue
        lines.append(line.lstrip("#>").strip())
    return "\n".join(line for line in lines if line)


def _title_parts(article):
    return [article.title, article.summary, article.kicker, article.subtitle]


# The parts of a story whose words are indexed, fetched for many stories at once.
PARTS = ("article_photos__photo__credit_contributor", "bylines__contributor", "fact_boxes")


def _body_parts(article):
    prefetch_related_objects([article], *PARTS)
    parts = [_body_text(article.body)]
    for usage in article.article_photos.all():
        parts.append(usage.printed_caption)
        parts.append(credit_of(usage.photo).name)
    parts.extend(byline.contributor.name for byline in article.bylines.all())
    for box in article.fact_boxes.all():
        parts.extend([box.title, box.period, *box.item_list])
    return parts


def _joined(parts):
    found = tokens("\n".join(part for part in parts if part))
    return f" {' '.join(found)} " if found else ""


def _entry_fields(article):
    return {
        "title_tokens": _joined(_title_parts(article)),
        "body_tokens": _joined(_body_parts(article)),
    }


def index_article(article):
    """Rebuild the story's search entry from its current text and parts."""
    SearchEntry.objects.update_or_create(article=article, defaults=_entry_fields(article))


def rebuild_index(batch_size=500):
    """Re-index every story, one transaction per batch; return how many were indexed.

    Parts are prefetched and entries written in bulk: a few queries per batch.
    """
    count = last = 0
    while True:
        with transaction.atomic():
            batch = list(
                Article.objects.filter(pk__gt=last).order_by("pk").prefetch_related(*PARTS)
                [:batch_size]
            )
            entries = SearchEntry.objects.in_bulk(
                [article.pk for article in batch], field_name="article_id"
            )
            changed, new = [], []
            for article in batch:
                fields = _entry_fields(article)
                entry = entries.get(article.pk)
                if entry is None:
                    new.append(SearchEntry(article=article, **fields))
                elif any(getattr(entry, name) != value for name, value in fields.items()):
                    for name, value in fields.items():
                        setattr(entry, name, value)
                    changed.append(entry)
            SearchEntry.objects.bulk_create(new)
            SearchEntry.objects.bulk_update(changed, ["title_tokens", "body_tokens"])
        if not batch:
            break
        count += len(batch)
        last = batch[-1].pk
    # On SQLite the FTS table is re-read from the entries, which repairs any drift.
    connection = connections[SearchEntry.objects.db]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
    return count


# Querying.


def _fts_match(found):
    # Every token as an FTS5 string ("..."), so no user input is ever FTS syntax.
    # Tokens hold only letters and digits; doubling quotes is belt and braces.
    return " AND ".join('"{}"'.format(token.replace('"', '""')) for token in found)


def _simple_rank(found):
    """Title hits weigh TITLE_WEIGHT, body hits BODY_WEIGHT, summed over the tokens."""
    rank = Value(0.0, output_field=FloatField())
    for token in found:
        padded = f" {token} "
        rank = rank + Case(
            When(search_entry__title_tokens__contains=padded, then=Value(TITLE_WEIGHT)),
            default=Value(0.0), output_field=FloatField(),
        ) + Case(
            When(search_entry__body_tokens__contains=padded, then=Value(BODY_WEIGHT)),
            default=Value(0.0), output_field=FloatField(),
        )
    return rank


def _tsquery(found):
    """SQL for "every token", each token a parameter (never tsquery syntax)."""
    sql = " && ".join(["plainto_tsquery('simple'::regconfig, %s)"] * len(found))
    return f"({sql})", list(found)


def _search_postgresql(queryset, found, rank):
    # ``document`` and ``title_document`` are stored tsvector columns that only
    # PostgreSQL has (migration 0008); the GIN index is on ``document``. Both are
    # read unqualified inside subqueries over SearchEntry alone, so the SQL holds
    # whatever the outer query becomes.
    query, params = _tsquery(found)
    matching = SearchEntry.objects.filter(
        RawSQL(f"document @@ {query}", params, output_field=BooleanField())  # noqa: S611
    ).values("article_id")
    queryset = queryset.filter(pk__in=matching)
    if not rank:
        return queryset
    # Ranked by the title and summary (title_document): every result holds every
    # token somewhere, so what tells results apart is whether the headline does.
    # Reading the whole body's vector per match would cost a read of each body.
    title_rank = SearchEntry.objects.filter(article=OuterRef("pk")).annotate(
        rank=RawSQL(f"ts_rank(title_document, {query})", params)  # noqa: S611
    ).values("rank")[:1]
    return queryset.annotate(
        search_rank=Subquery(title_rank, output_field=FloatField())
    )


def _search_sqlite(queryset, found, rank):
    # A subquery with no outer reference: it survives being nested in other queries.
    # The query is a parameter, never part of the SQL text.
    matching = RawSQL(  # noqa: S611
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
        [_fts_match(found)],
    )
    queryset = queryset.filter(search_entry__id__in=matching)
    return queryset.annotate(search_rank=_simple_rank(found)) if rank else queryset


def search(queryset, q, rank=True):
    """Stories of ``queryset`` containing every token of ``q``, annotated ``search_rank``.

    Callers order by ``("-search_rank", "-publish_at")``. A blank query returns the
    queryset unchanged and unannotated; one with nothing searchable (only
    punctuation) returns no stories. With ``rank=False`` the stories are only
    filtered (for counting, where a rank would be computed for nothing).
    """
    if not (q or "").strip():
        return queryset
    found = query_tokens(q)
    if not found:
        nothing = queryset.none()
        if rank:
            nothing = nothing.annotate(search_rank=Value(0.0, output_field=FloatField()))
        return nothing
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, found, rank)
    return _search_sqlite(queryset, found, rank)


def has_terms(q):
    """Whether ``q`` holds anything to search for (for a "type a word" message)."""
    return bool(query_tokens(q))


# Snippets.


@lru_cache(maxsize=8192)
def _nfkc_character(char):
    return unicodedata.normalize("NFKC", char)


def _normalized_with_positions(text):
    """The text normalised as tokens() does it, and each character's position in ``text``."""
    # Character by character, so that each keeps its place; cached, since a page's
    # snippets read tens of thousands of characters from a small alphabet.
    pieces = list(map(_nfkc_character, text))
    folded = "".join(pieces)
    if len(folded) == len(text):  # every character stayed one character (the usual case)
        positions = range(len(text))
    else:
        positions = [index for index, piece in enumerate(pieces) for _ in piece]
    converted = _converter().convert(folded)
    if len(converted) == len(folded):  # OpenCC maps one character to one in practice
        folded = converted
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a rare letter whose lower case is longer
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return lowered, positions


def _highlight_pattern(q):
    terms = set()
    for kind, run in _runs(normalize((q or "")[: MAX_QUERY_TOKENS * 8])):
        terms.add(run)
        terms.update(_run_tokens(kind, run))
    terms = sorted(terms, key=len, reverse=True)[: MAX_QUERY_TOKENS * 2]
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms))


def snippet_text(article):
    """The text a snippet is cut from: summary, body, captions and fact boxes."""
    parts = [article.summary, *_body_parts(article)]
    return " ".join(" ".join(part.split()) for part in parts if part)


def snippets(articles, q):
    """{pk: snippet} for a page of stories, their texts and parts fetched in a few queries."""
    texts = Article.objects.filter(pk__in=[article.pk for article in articles]).only(
        "pk", "summary", "body"
    ).prefetch_related(*PARTS)
    return {article.pk: snippet(article, q) for article in texts}


def snippet(article, q, length=120):
    """An escaped excerpt of about ``length`` characters around the first match of ``q``.

    Matches are wrapped in ``<mark>``. Without a match the excerpt is the text's start.
    """
    text = snippet_text(article)
    normalized, positions = _normalized_with_positions(text)
    pattern = _highlight_pattern(q)
    matches = list(pattern.finditer(normalized)) if pattern else []
    spans = [(positions[m.start()], positions[m.end() - 1] + 1) for m in matches]
    start = max(0, spans[0][0] - length // 4) if spans else 0
    end = min(len(text), start + length)
    pieces = ["…"] if start else []
    cursor = start
    for span_start, span_end in spans:
        if span_start < cursor:
            continue
        if span_end > end:
            break
        pieces.append(conditional_escape(text[cursor:span_start]))
        pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        cursor = span_end
    pieces.append(conditional_escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 (pieces escaped)


# Keeping the index current. Signals, because this is infrastructure (like purging
# a cache): every door that changes a story or its parts (admin, workflow, demo,
# importer, shell) goes through save() or delete(), so none can forget the index.
# The entry is rebuilt after the transaction commits, from the database, so a
# save costs no extra query, a story is indexed with all the parts saved with it,
# and a rolled-back change never reaches the index.

# Saves that change none of these (workflow, view counts) leave the index alone.
INDEXED_ARTICLE_FIELDS = frozenset({"title", "summary", "kicker", "subtitle", "body"})


def _index_after_commit(using, article_ids):
    """Re-index, once the transaction commits, the stories ``article_ids()`` names then."""

    def index():
        for article in Article.objects.using(using).filter(pk__in=article_ids()):
            index_article(article)

    transaction.on_commit(index, using=using)


def _article_saved(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not INDEXED_ARTICLE_FIELDS & set(update_fields)):
        return
    _index_after_commit(using, lambda: [instance.pk])


def _part_changed(sender, instance, raw=False, using=None, origin=None, **kwargs):
    # A part deleted with its story: the entry goes by CASCADE.
    if raw or isinstance(origin, Article) or getattr(origin, "model", None) is Article:
        return
    _index_after_commit(using, lambda: [instance.article_id])


def _photo_saved(sender, instance, raw=False, using=None, **kwargs):
    """A photo's caption or credit is printed in every story that uses it."""
    if not raw:
        _index_after_commit(using, lambda: ArticlePhoto.objects.using(using).filter(
            photo=instance).values("article_id"))


def _contributor_saved(sender, instance, raw=False, using=None, update_fields=None, **kwargs):
    """A contributor's name is in the stories they wrote or photographed."""
    if raw or (update_fields is not None and "name" not in update_fields):
        return
    _index_after_commit(using, lambda: Article.objects.using(using).filter(
        Q(bylines__contributor=instance)
        | Q(article_photos__photo__credit_contributor=instance)
    ).values("pk"))


def connect_signals():
    """Keep SearchEntry current; called once from ArticlesConfig.ready()."""
    uid = "articles.search"
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}.article")
    for part in (Byline, ArticlePhoto, FactBox):
        name = part.__name__
        post_save.connect(_part_changed, sender=part, dispatch_uid=f"{uid}.save.{name}")
        post_delete.connect(_part_changed, sender=part, dispatch_uid=f"{uid}.delete.{name}")
    post_save.connect(_photo_saved, sender=Photo, dispatch_uid=f"{uid}.photo")
    post_save.connect(_contributor_saved, sender=Contributor, dispatch_uid=f"{uid}.contributor")
