"""The diff between two revisions of a story: pure functions over snapshots, and its template.

No database: snapshots are the dictionaries the revision capture builds, here
made from the sample story (articles/seed/).
"""

import copy
import random
import re
import time
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.demo.sample import SEED_FILE, parse_sample
from articles.diff_html import text_sides
from articles.markup import compose
from articles.models import Article
from articles.revision_diff import compare
from articles.text_diff import (
    DELETE,
    EQUAL,
    INSERT,
    WORD_DIFF_LIMIT,
    Budget,
    Precision,
    diff_text,
    tokenize,
)

TEMPLATE = "admin/articles/article/includes/story_diff.html"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def english():
    """Labels and notes in English, so tests read them; story text stays Chinese."""
    with translation.override("en"):
        yield


def sample_snapshot():
    """A snapshot of the sample story, shaped as the revision capture stores one."""
    story = parse_sample(SEED_FILE.read_text(encoding="utf-8"))
    blocks = [(kind, 100 + value if kind == "photo" else value) for kind, value in story.blocks]
    return {
        "fields": {
            "kicker": "", "title": story.title, "subtitle": "", "summary": story.summary,
            "body": compose(blocks), "source_name": story.source_name,
            "source_url": story.permalink, "original_author": story.byline_text,
            "original_title": story.title, "repost_notice": story.repost_notice,
            "allow_comments": True, "photo_request": "", "status": "published",
            "review_level": 2, "publish_at": "2024-01-20T00:30:00+00:00",
            "embargo_until": None, "withdrawn_at": None, "section": "武汉",
            "responsible_editor": story.editor_name,
        },
        "tags": sorted(["两会", "双碳", "数字经济", "武昌区"]),
        "bylines": [{"name": b.name, "role": b.role.printed} for b in story.bylines],
        "photos": [
            {"photo": 100 + i, "title": photo.caption[:8], "caption": photo.caption,
             "is_lead": i == 0}
            for i, photo in enumerate(story.photos)
        ],
        "fact_boxes": [{"title": story.fact_box_title, "period": story.fact_box_period,
                        "items": "\n".join(story.fact_box_items)}],
        "corrections": [{"text": "此前版本中企业数量有误,已更正。",
                         "published_at": "2024-01-21T02:00:00Z"}],
    }


def changed_keys(diff):
    return {row.key for row in diff.changed_rows}


def row(diff, key):
    return next(r for r in diff.rows if r.key == key)


def marks(html, tag):
    """The texts inside each <del> or <ins> of an HTML fragment."""
    return re.findall(rf"<{tag}>(.*?)</{tag}>", str(html), flags=re.DOTALL)


def set_field(name, value):
    def change(snapshot):
        snapshot["fields"][name] = value
    return change


def replace_in_field(name, old, new):
    def change(snapshot):
        snapshot["fields"][name] = snapshot["fields"][name].replace(old, new, 1)
    return change


def change_tags(snapshot):
    snapshot["tags"] = sorted(["两会", "双碳", "文旅", "武昌区"])


def change_byline_role(snapshot):
    snapshot["bylines"][1]["role"] = "通讯员"


def change_caption(snapshot):
    snapshot["photos"][1]["caption"] = "武昌滨江数创走廊夜景。"


def move_lead(snapshot):
    snapshot["photos"][0]["is_lead"] = False
    snapshot["photos"][2]["is_lead"] = True


def change_fact_box(snapshot):
    snapshot["fact_boxes"][0]["items"] = snapshot["fact_boxes"][0]["items"].replace("亚军", "冠军")


def change_correction(snapshot):
    snapshot["corrections"][0]["text"] = "此前版本中企业数量有误,现已更正。"


PART_CHANGES = [
    ("kicker", set_field("kicker", "两会·代表访谈"), "kicker"),
    ("title", replace_in_field("title", "闯关", "攻关"), "title"),
    ("subtitle", set_field("subtitle", "武昌区"), "subtitle"),
    ("summary", replace_in_field("summary", "新年伊始", "新春伊始"), "summary"),
    ("body", replace_in_field("body", "130余家", "140余家"), "body"),
    ("photo_request", set_field("photo_request", "昙华林街景"), "photo_request"),
    ("section", set_field("section", "要闻"), "section"),
    ("tags", change_tags, "tags"),
    ("bylines", change_byline_role, "bylines"),
    ("caption", change_caption, "photo-photo-101"),
    ("lead", move_lead, None),
    ("fact box", change_fact_box, "fact-box-1"),
    ("correction", change_correction, "correction-1"),
    ("source", set_field("source_name", "长江日报"), "source_name"),
    ("source url", set_field("source_url", "https://example.com/post/0badcafe.html"),
     "source_url"),
    ("original author", set_field("original_author", "杨蔚"), "original_author"),
    ("original title", set_field("original_title", "另一标题"), "original_title"),
    ("repost notice", set_field("repost_notice", "转载请注明出处。"), "repost_notice"),
    ("comments", set_field("allow_comments", False), "allow_comments"),
    ("status", set_field("status", "withdrawn"), "status"),
    ("review level", set_field("review_level", 3), "review_level"),
    ("publication", set_field("publish_at", "2024-01-20T01:30:00+00:00"), "publish_at"),
    ("embargo", set_field("embargo_until", "2024-01-19T16:00:00Z"), "embargo_until"),
    ("withdrawn", set_field("withdrawn_at", "2024-02-01T00:00:00Z"), "withdrawn_at"),
    ("editor", set_field("responsible_editor", "李明"), "responsible_editor"),
]


def test_identical_snapshots_have_no_changes():
    """Comparing a revision with an equal copy marks nothing and says so."""
    old = sample_snapshot()
    diff = compare(old, copy.deepcopy(old))
    assert not diff.has_changes
    assert diff.changed_rows == []
    html = render_to_string(TEMPLATE, {"story_diff": diff})
    assert "The two revisions are the same." in html
    assert "<del>" not in html and "<ins>" not in html


@pytest.mark.parametrize(("what", "change", "key"), PART_CHANGES,
                         ids=[c[0] for c in PART_CHANGES])
def test_a_change_in_each_part_is_one_changed_row(what, change, key):
    """Changing one part of the story changes its row, marked both sides, and nothing else."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    change(new)
    diff = compare(old, new)
    expected = {key} if key else {"photo-photo-100", "photo-photo-102"}
    assert changed_keys(diff) == expected
    for changed in diff.changed_rows:
        assert marks(changed.old_html, "del") or marks(changed.new_html, "ins")
    for unchanged in diff.unchanged_rows:
        assert "<del>" not in unchanged.old_html and "<ins>" not in unchanged.new_html


def test_rows_follow_the_forms_order():
    """Headline, texts, placement, people, photos, boxes, corrections, repost, options, workflow."""
    keys = [r.key for r in compare(sample_snapshot(), sample_snapshot()).rows]
    assert keys[:9] == ["kicker", "title", "subtitle", "summary", "body", "photo_request",
                        "section", "tags", "bylines"]
    assert keys[9:14] == [f"photo-photo-{100 + i}" for i in range(5)]
    assert keys[14:16] == ["fact-box-1", "correction-1"]
    assert keys[-7:] == ["allow_comments", "status", "review_level", "publish_at",
                         "embargo_until", "withdrawn_at", "responsible_editor"]


def test_one_changed_chinese_character_is_marked_alone():
    """新年伊始 → 新春伊始 marks 年 and 春, not the sentence or the line."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    new["fields"]["summary"] = old["fields"]["summary"].replace("新年伊始", "新春伊始")
    summary = row(compare(old, new), "summary")
    assert marks(summary.old_html, "del") == ["年"]
    assert marks(summary.new_html, "ins") == ["春"]
    assert "新<del>年</del>伊始" in summary.old_html


def test_a_changed_run_of_characters_is_one_pair():
    """Rewriting two neighbouring characters is one <del>/<ins> pair of that run."""
    diff = diff_text("位于武昌区徐东大街商务楼宇", "位于武昌区中北路商务楼宇")
    assert [op for op in diff.ops] == [
        (EQUAL, "位于武昌区"), (DELETE, "徐东大街"), (INSERT, "中北路"), (EQUAL, "商务楼宇"),
    ]


def test_tokens_are_characters_for_cjk_and_words_for_latin_script():
    """Han (extensions, compatibility), kana, Hangul, fullwidth: one token each; words whole."""
    assert tokenize("武𠀀𪜀豈カな한글ＡＢ，") == list("武𠀀𪜀豈カな한글ＡＢ，")
    assert tokenize("2024年 Wuhan's  café\n\n“好”") == [
        "2024", "年", " ", "Wuhan", "'", "s", "  ", "café", "\n", "\n", "“", "好", "”",
    ]
    assert tokenize("line\r\nnext") == ["line", "\r\n", "next"]


def test_an_english_word_changes_whole():
    """In Latin script the word is the unit: brown → red, not b-r-own."""
    diff = diff_text("The quick brown fox, 2023年", "The quick red fox, 2024年")
    assert (DELETE, "brown") in diff.ops and (INSERT, "red") in diff.ops
    assert (DELETE, "2023") in diff.ops and (INSERT, "2024") in diff.ops
    assert (EQUAL, " fox, ") in diff.ops


def test_a_word_is_whole_even_when_it_shares_a_beginning():
    """cat → cats is the word replaced, not an 's' appended to it."""
    assert diff_text("the cat sat", "the cats sat").ops == (
        (EQUAL, "the "), (DELETE, "cat"), (INSERT, "cats"), (EQUAL, " sat"),
    )


def test_hostile_text_is_escaped_everywhere():
    """Markup and ampersands in any part of a snapshot reach the page as text."""
    hostile = "<script>alert('x')</script> & <b>"
    old = sample_snapshot()
    new = copy.deepcopy(old)
    new["fields"]["title"] = hostile
    new["fields"]["section"] = hostile
    new["tags"].append(hostile)
    new["bylines"].append({"name": hostile, "role": "<i>"})
    new["photos"][1]["caption"] = hostile
    new["photos"].append({"photo": "<img src=x>", "title": hostile, "caption": hostile})
    new["photos"].append({"photo": ["odd"], "title": hostile})
    new["photos"].append({"photo": 100, "title": "the same photo twice"})
    new["fact_boxes"][0]["title"] = hostile
    new["corrections"][0]["text"] = hostile
    new["corrections"][0]["published_at"] = hostile
    new["fields"]["status"] = hostile
    diff = compare(old, new)
    html = render_to_string(TEMPLATE, {"story_diff": diff})
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "<i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_a_one_character_change_in_a_long_body_gives_a_small_page():
    """Unchanged stretches collapse to context and a count, not 100 000 characters."""
    body = "".join(f"第{i}段。" + "武昌区数字经济发展迅速。" * 20 + "\n\n" for i in range(400))
    old = sample_snapshot()
    old["fields"]["body"] = body
    new = copy.deepcopy(old)
    new["fields"]["body"] = body.replace("第200段。武昌", "第200段。汉口")
    cell = row(compare(old, new), "body")
    assert marks(cell.old_html, "del") == ["武昌"] and marks(cell.new_html, "ins") == ["汉口"]
    assert len(cell.old_html) < 1000
    assert "unchanged characters" in cell.old_html


def test_inserted_paragraph_breaks_are_visible():
    """A new paragraph break shows as a pilcrow inside the insertion."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    new["fields"]["summary"] = old["fields"]["summary"].replace("。", "。\n\n", 1)
    (inserted,) = marks(row(compare(old, new), "summary").new_html, "ins")
    assert inserted.count("¶") == 2


def test_an_inserted_paragraph_starts_at_its_break():
    """A paragraph added after a sentence is marked from its line break, not from the 。 before."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    sentence = "开放应用场景,赋能千行万业。"
    new["fields"]["body"] = old["fields"]["body"].replace(
        sentence, sentence + "\n\n新增一段:推出 50 个 application scenarios。", 1
    )
    body = row(compare(old, new), "body")
    assert marks(body.new_html, "ins") == [
        '<span class="newsdesk-diff-break">¶</span>\n'
        '<span class="newsdesk-diff-break">¶</span>\n'
        "新增一段:推出 50 个 application scenarios。"
    ]
    assert marks(body.old_html, "del") == []


def test_bylines_show_added_removed_moved_and_role_changed():
    """Bylines are printed lines: role changes mark the role, order changes say moved."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    yang, qin, wu, liu = new["bylines"]
    qin["role"] = "实习生"
    new["bylines"] = [qin, yang, wu, {"name": "赵可", "role": "编辑"}]
    bylines = row(compare(old, new), "bylines")
    assert marks(bylines.old_html, "del") == ["记者", "通讯员 刘方舟"]
    assert marks(bylines.new_html, "ins") == ["实习生", "编辑 赵可"]
    assert bylines.new_html.count("(moved)") == 1


def test_photos_are_matched_by_id_not_position():
    """Reordering photos is a move, not every caption rewritten; a removed one is struck."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    new["photos"] = [new["photos"][1], new["photos"][0], *new["photos"][3:]]
    diff = compare(old, new)
    # Photo 101 moved in front of 100; 103 and 104 kept their order among the rest.
    assert changed_keys(diff) == {"photo-photo-101", "photo-photo-102"}
    moved = row(diff, "photo-photo-101")
    assert "(moved)" in moved.new_html
    assert marks(moved.new_html, "ins") == ["position 1"]
    removed = row(diff, "photo-photo-102")
    assert "碳汇大厦。" in "".join(marks(removed.old_html, "del"))
    assert "newsdesk-diff-empty" in removed.new_html


def test_datetimes_show_in_the_newsrooms_time_and_equal_instants_are_unchanged():
    """UTC 00:30 is 08:30 in Shanghai; 'Z' and '+00:00' spell the same moment."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    new["fields"]["publish_at"] = "2024-01-20T00:30:00Z"
    new["fields"]["embargo_until"] = "2024-01-19T16:00:00+00:00"
    diff = compare(old, new)
    assert changed_keys(diff) == {"embargo_until"}
    assert row(diff, "publish_at").new_html == "Jan. 20, 2024, 8:30 a.m."
    assert marks(row(diff, "embargo_until").new_html, "ins") == ["Jan. 20, 2024, midnight"]


def test_status_reads_as_its_label():
    """The status row shows Article.Status labels, not stored values."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    new["fields"]["status"] = Article.Status.WITHDRAWN
    status = row(compare(old, new), "status")
    assert marks(status.old_html, "del") == [str(Article.Status.PUBLISHED.label)]
    assert marks(status.new_html, "ins") == [str(Article.Status.WITHDRAWN.label)]


def test_older_snapshots_missing_parts_read_as_empty():
    """A snapshot without a field or a part (or no snapshot at all) compares as empty."""
    new = sample_snapshot()
    old = copy.deepcopy(new)
    del old["fields"]["photo_request"], old["corrections"]
    new["fields"]["photo_request"] = "街景"
    assert changed_keys(compare(old, new)) == {"photo_request", "correction-1"}
    everything = compare({}, new)
    assert row(everything, "title").changed
    assert marks(row(everything, "title").new_html, "ins") == [new["fields"]["title"]]
    assert not compare(None, {"fields": None, "tags": "x", "photos": [1]}).has_changes


TEXT_ALPHABET = "武昌区汉口年春。,、“”𠀀豈カ한ＡabcXYZ019 .,'-\n\r\t"
# Characters of the private use planes the diff borrows to code words: texts with
# them take the slower way, which must rebuild them as exactly.
PRIVATE_USE = "\U000f0000\U000f0001\U0010ffff"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([TEXT_ALPHABET, TEXT_ALPHABET + PRIVATE_USE]).flatmap(
    lambda alphabet: st.tuples(st.text(alphabet=alphabet, max_size=120),
                               st.text(alphabet=alphabet, max_size=120))
))
def test_segments_rebuild_both_texts(texts):
    """Equal + deleted segments give the old text back exactly; equal + inserted the new."""
    old, new = texts
    for budget in (None, Budget(0, reserve=0)):  # with time, and with none left
        diff = diff_text(old, new, budget)
        assert "".join(text for op, text in diff.ops if op != INSERT) == old
        assert "".join(text for op, text in diff.ops if op != DELETE) == new
        assert diff.changed == (old != new)
    assert "".join(tokenize(old)) == old


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=TEXT_ALPHABET, min_size=1, max_size=60), st.integers(0, 59),
       st.text(alphabet=TEXT_ALPHABET, max_size=5))
def test_a_small_edit_of_a_text_rebuilds_too(text, at, inserted):
    """Edits inside a common text (the prefix and suffix cut) rebuild exactly as well."""
    at = min(at, len(text))
    edited = text[:at] + inserted + text[at + 1:]
    diff = diff_text(text, edited)
    assert "".join(t for op, t in diff.ops if op != INSERT) == text
    assert "".join(t for op, t in diff.ops if op != DELETE) == edited


def shown_length(html):
    """Characters a side shows plus those its markers say were left out."""
    skipped = sum(int(n.replace(",", "")) for n in re.findall(r"… ([\d,]+) unchanged", html))
    html = re.sub(r'<span class="newsdesk-diff-skip">.*?</span>', "", html)
    html = html.replace('<span class="newsdesk-diff-break">¶</span>', "")
    return len(unescape(re.sub(r"<[^>]+>", "", html))) + skipped


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=TEXT_ALPHABET, min_size=150, max_size=600),
       st.lists(st.tuples(st.integers(0, 599), st.text(alphabet=TEXT_ALPHABET, max_size=4)),
                max_size=4))
def test_collapsed_sides_account_for_every_character(text, edits):
    """What a side shows plus the counts of what it leaves out is the whole text."""
    edited = text
    for at, inserted in edits:
        at = min(at, len(edited))
        edited = edited[:at] + inserted + edited[at + 2:]
    old_html, new_html = text_sides(diff_text(text, edited))
    if text == edited:
        assert shown_length(old_html) == len(text)
    else:
        assert (shown_length(old_html), shown_length(new_html)) == (len(text), len(edited))


# Tests of what the algorithm finds give it time enough however busy the machine is;
# with the default budget a loaded CI machine turned a word diff into a paragraph one.
AMPLE_SECONDS = 120


def ample():
    """A budget made now (a Budget's deadline runs from its creation)."""
    return Budget(AMPLE_SECONDS)


def megabyte_body(seed_words):
    """About 1 MB of paragraphs of Chinese and Latin words."""
    paragraph = "".join(seed_words) + "\n\n"
    return (paragraph * (MB // len(paragraph) + 1))[:MB]


def test_two_nearly_equal_megabyte_bodies_give_the_precise_change():
    """1 MB bodies differing in one character: the diff still marks just that character."""
    body = megabyte_body(["武昌区数字经济", "core firms 130 ", "“双碳”产业。"])
    at = body.index("昌", MB // 2)
    edited = body[:at] + "汉" + body[at + 1:]
    diff = diff_text(body, edited, ample())
    assert diff.precision is Precision.WORD
    assert [op for op in diff.ops if op[0] != EQUAL] == [(DELETE, "昌"), (INSERT, "汉")]
    assert diff.ops[0] == (EQUAL, body[:at])


def shuffled_paragraphs(text, seed):
    paragraphs = text.split("\n\n")
    random.Random(seed).shuffle(paragraphs)  # noqa: S311 (test data, not secrets)
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("make_new", [
    lambda old: megabyte_body(["The quick brown fox jumps. ", "碳汇大厦"]),
    lambda old: shuffled_paragraphs(megabyte_body([f"第{i}段。\n\n" for i in range(999)]), 1),
    lambda old: old.replace("产业", "行业"),
], ids=["unrelated", "paragraphs reshuffled", "every paragraph edited"])
def test_two_megabyte_bodies_get_an_answer(make_new):
    """1 MB bodies far apart return: a verdict with both lengths, or a diff that rebuilds them."""
    old = megabyte_body(["武昌区数字经济产业集聚。\n\n", "第1段,武昌区。\n\n"])
    new = make_new(old)
    snapshot_old, snapshot_new = sample_snapshot(), sample_snapshot()
    snapshot_old["fields"]["body"], snapshot_new["fields"]["body"] = old, new
    started = time.monotonic()
    body = row(compare(snapshot_old, snapshot_new), "body")
    elapsed = time.monotonic() - started
    assert body.changed
    diff = diff_text(old, new)
    if diff.too_large:
        assert body.notes == (
            f"Too large to compare word by word ({len(old):,} and {len(new):,} characters); "
            "the texts differ.",
        )
        assert f"{len(old):,} characters" in body.old_html
    else:
        assert "".join(t for op, t in diff.ops if op != INSERT) == old
        assert "".join(t for op, t in diff.ops if op != DELETE) == new
    print(f"two 1 MB bodies: {elapsed:.3f} s, {diff.precision}")


def test_a_few_edits_far_apart_in_a_long_body_are_each_marked_precisely():
    """Paragraphs first, then word by word inside the changed ones: every edit is exact."""
    paragraphs = [f"第{i}段:武昌区数字经济持续发展,企业{i}家。" for i in range(30_000)]
    old = "\n".join(paragraphs)
    new = "\n".join(["第0段:改写了。", *paragraphs[1:-1], "最后一段改写。"])
    diff = diff_text(old, new, ample())
    assert diff.precision is Precision.WORD
    assert [op for op in diff.ops if op[0] != EQUAL] == [
        (DELETE, "武昌区数字经济持续发展,企业0家"), (INSERT, "改写了"),
        (DELETE, "第29999段:武昌区数字经济持续发展,企业29999家"), (INSERT, "最后一段改写"),
    ]


def test_a_replaced_stretch_beyond_the_word_limit_is_marked_by_paragraph():
    """A rewrite longer than the word limit is marked as whole paragraphs, with a note.

    (Not as many paragraphs on both sides: those would be compared pair by pair.)
    """
    common = "\n\n".join(f"第{i}段:武昌区数字经济持续发展。" for i in range(100))
    rewritten_old = "\n\n".join(f"旧稿{i}:" + "长江日报记者报道" * 40 for i in range(500))
    rewritten_new = "\n\n".join(f"新稿{i}:" + "本报讯通讯员供稿" * 40 for i in range(499))
    old = f"{common}\n\n{rewritten_old}\n\n{common}"
    new = f"{common}\n\n{rewritten_new}\n\n{common}"
    assert len(rewritten_old) + len(rewritten_new) > WORD_DIFF_LIMIT
    diff = diff_text(old, new, ample())
    assert diff.precision is Precision.PARAGRAPH
    changes = [op for op in diff.ops if op[0] != EQUAL]
    assert [(op, text.strip()) for op, text in changes] == [
        (DELETE, rewritten_old), (INSERT, rewritten_new),
    ]
    snapshot_old, snapshot_new = sample_snapshot(), sample_snapshot()
    snapshot_old["fields"]["body"], snapshot_new["fields"]["body"] = old, new
    body = row(compare(snapshot_old, snapshot_new, budget_seconds=AMPLE_SECONDS), "body")
    assert body.coarse
    assert body.notes == ("Too large to compare word by word: compared paragraph by paragraph.",)


def test_a_copy_edit_of_every_paragraph_is_marked_word_by_word():
    """Every paragraph edited: the paragraphs are paired, each edit marked alone."""
    paragraphs = [f"第{i}段:武昌区数字经济持续发展,企业{i}家。" for i in range(3000)]
    old = "\n\n".join(paragraphs)
    new = "\n\n".join(p.replace("武昌区", "武汉市") for p in paragraphs)
    diff = diff_text(old, new, ample())
    assert diff.precision is Precision.WORD
    changes = [op for op in diff.ops if op[0] != EQUAL]
    assert changes == [(DELETE, "昌区"), (INSERT, "汉市")] * 3000


def test_a_copy_edit_with_a_new_paragraph_in_a_long_body_stays_word_by_word():
    """Every other paragraph edited and one added: anchored paragraphs keep the diff exact."""
    paragraphs = [f"第{i}段:武昌区数字经济持续发展,企业{i}家。" for i in range(3000)]
    edited = [p.replace("武昌区", "武汉市") if i % 2 else p for i, p in enumerate(paragraphs)]
    edited.insert(1500, "新增的一段。")
    diff = diff_text("\n\n".join(paragraphs), "\n\n".join(edited), ample())
    assert diff.precision is Precision.WORD
    changes = [op for op in diff.ops if op[0] != EQUAL]
    assert changes.count((DELETE, "昌区")) == 1500 and changes.count((INSERT, "汉市")) == 1500
    assert [t for op, t in changes if op == INSERT and "新增" in t] == ["新增的一段。\n\n"]


def test_the_template_shows_changes_first_and_folds_the_rest():
    """Changed rows in the table with marks and lang; unchanged ones under a <details>."""
    old = sample_snapshot()
    new = copy.deepcopy(old)
    new["fields"]["title"] = old["fields"]["title"].replace("闯关", "<攻关>")
    new["fields"]["status"] = "withdrawn"
    diff = compare(old, new)
    html = render_to_string(TEMPLATE, {"story_diff": diff, "old_heading": "Version 3",
                                       "new_heading": "Version 4"})
    table, details = html.split("<details", 1)
    assert "<del>闯关</del>" in table and "<ins>&lt;攻关&gt;</ins>" in table
    assert 'lang="zh-Hans"' in table and "Version 3" in table and "Version 4" in table
    assert "2 changed fields" in table
    assert f"{diff.unchanged_count} unchanged fields" in details
    assert "<del>" not in details
    assert "<ins>Withdrawn</ins>" in table
    assert "newsdesk-admin/diff.css" in html


def test_the_template_says_when_a_text_was_too_large():
    """A body too large to compare shows the note and both lengths instead of marks."""
    old, new = sample_snapshot(), sample_snapshot()
    old["fields"]["body"] = megabyte_body(["武昌区数字经济产业集聚。"])
    new["fields"]["body"] = megabyte_body(["The quick brown fox jumps. "])
    html = render_to_string(TEMPLATE, {"story_diff": compare(old, new)})
    assert "Too large to compare word by word (1,048,576 and 1,048,576 characters); " \
        "the texts differ." in html
    assert html.count("1,048,576 characters</span>") == 2
    assert len(html) < 50_000


def test_word_coding_survives_more_words_than_private_codes():
    """Past 131 072 distinct words the coder falls back to coding every token, losslessly."""
    from articles.text_diff import _encode_words

    old = " ".join(f"w{i}" for i in range(140_000))
    new = old.replace("w7 ", "w8 ", 1)
    old_codes, new_codes, decode = _encode_words(old, new)
    assert decode(old_codes) == old and decode(new_codes) == new
    assert len(old_codes) == len(tokenize(old))


def test_many_hard_parts_share_one_time_budget():
    """Hundreds of fact boxes of hard-to-diff text still end within the budget and reserve."""
    hard_old = "".join(random.Random(1).choices("武昌区汉口年春。,", k=4000))  # noqa: S311
    hard_new = "".join(random.Random(2).choices("武昌区汉口年春。,", k=4000))  # noqa: S311
    old, new = sample_snapshot(), sample_snapshot()
    old["fact_boxes"] = [{"title": "数读", "items": hard_old}] * 300
    new["fact_boxes"] = [{"title": "数读", "items": hard_new}] * 300
    started = time.monotonic()
    diff = compare(old, new, budget_seconds=0.2)
    elapsed = time.monotonic() - started
    assert sum(row.key.startswith("fact-box") for row in diff.changed_rows) == 300
    print(f"300 hard fact boxes: {elapsed:.2f} s")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(alphabet=TEXT_ALPHABET + "<>&\"'", max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["photo", "name", "role", "title", "caption", "is_lead",
                                       "period", "items", "text", "published_at"]),
                      children, max_size=4),
    max_leaves=12,
)
SNAPSHOT_KEYS = ["fields", "tags", "bylines", "photos", "fact_boxes", "corrections"]
FIELD_NAMES = ["title", "body", "status", "review_level", "publish_at", "section",
               "allow_comments", "responsible_editor"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(
    st.sampled_from(SNAPSHOT_KEYS),
    JSON_VALUES | st.dictionaries(st.sampled_from(FIELD_NAMES), JSON_VALUES, max_size=8),
    max_size=6,
), min_size=2, max_size=2))
def test_malformed_snapshots_never_break_the_comparison(snapshots):
    """Whatever an old or damaged snapshot holds, the comparison answers and renders."""
    diff = compare(*snapshots)
    html = render_to_string(TEMPLATE, {"story_diff": diff})
    assert "<script" not in html
