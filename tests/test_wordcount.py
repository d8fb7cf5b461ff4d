"""字数 and reading time of a story body (articles.wordcount), as a Chinese desk counts them."""

import re

import pytest

from articles.demo.sample import SEED_FILE, parse_sample
from articles.markup import compose
from articles.wordcount import WordCount, count_words


def test_sample_story_body_counts_every_character_and_number_once():
    """The sample story's body: its Han characters and its numbers, counted here independently.

    The body is composed as the demo composes it (subheads, photo lines); the
    expected figures come from the plain text of its paragraphs and subheads.
    """
    story = parse_sample(SEED_FILE.read_text(encoding="utf-8"))
    body = compose(
        (kind, 100 + value if kind == "photo" else value) for kind, value in story.blocks
    )
    shown = [value for kind, value in story.blocks if kind != "photo"]
    # The sample is Chinese with Arabic numerals (2014, 130, 3.1) and a few Latin
    # names (SKP, MALL, 5G); no extension-block characters or kana.
    han = sum(len(re.findall(r"[\u4e00-\u9fff]", text)) for text in shown)
    latin = sum(len(re.findall(r"[A-Za-z0-9]+(?:\.[0-9]+)?", text)) for text in shown)

    count = count_words(body)

    assert (count.cjk, count.latin) == (han, latin)
    assert count.words == han + latin
    assert (count.cjk, count.latin, count.minutes) == (2179, 31, 6)  # as a desk would quote it
    # 400 characters a minute, 200 words a minute, rounded up.
    assert count.minutes == -(-(han + 2 * latin) // 400)
    assert "[photo:100]" in body and "## 130多家数字经济核心企业聚集" in body


def test_markup_counts_nothing():
    """Subhead, quote and list markers, photo lines, link targets and punctuation are not text."""
    body = "\n".join([
        "## 小标题",
        "",
        "> 引文一句。",
        "",
        "- 甲",
        "* 乙",
        "1. 丙",
        "2) 丁",
        "",
        "[photo:12]",
        "> [图:7]",
        "",
        "「标点」，。！？、；：…—（）《》 ,.!?;:'\"()[]{}<>@#$%^&*_+=|\\/~`",
        "[链接](https://example.com/a-long-path?with=words)",
    ])

    # 小标题 3, 引文一句 4, 甲乙丙丁 4, 标点 2, 链接 2
    assert count_words(body) == WordCount(words=15, cjk=15, latin=0, minutes=1)


def test_mixed_chinese_and_english():
    """Each Chinese character is one; each English word or number, with inner marks, is one."""
    count = count_words("武汉 don't COVID-19 3.5 1,000 e.g. iPhone15 的 GDP 增长了 7.2%。")

    # 武 汉 的 增 长 了 = 6; don't, COVID-19, 3.5, 1,000, e.g, iPhone15, GDP, 7.2 = 8
    assert (count.cjk, count.latin, count.words) == (6, 8, 14)


def test_numbers_glued_to_chinese_are_their_own_word():
    """「3000多家」 is one number and two characters, as a desk counts it."""
    assert count_words("为3000多家客户") == WordCount(words=6, cjk=5, latin=1, minutes=1)


def test_every_cjk_script_and_block_counts_one_a_character():
    """Extension-block and compatibility ideographs, kana (also half-width) and Hangul."""
    text = "\u3400\U00020000\U0002a700\U00030000\uf900\u3007々 かな カナ ｶﾅ 한국어"
    count = count_words(text)

    assert (count.cjk, count.latin) == (16, 0)


def test_emoji_count_nothing():
    """Emoji, with skin tones and joiners, are not words."""
    assert count_words("😀👍🏽👨‍👩‍👧 🎉") == WordCount(words=0, cjk=0, latin=0, minutes=0)
    assert count_words("好😀好").cjk == 2


def test_full_width_digits_are_one_number():
    """２０２３年 is one number and one character (NFKC), not four characters."""
    assert count_words("２０２３年") == WordCount(words=2, cjk=1, latin=1, minutes=1)
    assert count_words("ＣＯＶＩＤ－１９").latin == 1


def test_zero_width_characters_count_nothing_and_split_nothing():
    """Zero-width spaces, joiners, BOM and soft hyphens neither count nor split a word."""
    text = "\ufeff中\u200b文 COV\u200bID\u00ad-19 \u2060\u200c\u200d"
    assert count_words(text) == WordCount(words=3, cjk=2, latin=1, minutes=1)


def test_html_in_a_body_is_text_readers_see():
    """Raw HTML is shown escaped on the page, so its words count as text; entities as characters."""
    count = count_words("<b>粗体</b> &amp; &#20013;")

    assert (count.cjk, count.latin) == (3, 2)  # 粗 体 中; b, b


def test_reading_time_rounds_up():
    """400 characters or 200 words make a minute; any text is at least one."""
    assert count_words("字").minutes == 1
    assert count_words("字" * 400).minutes == 1
    assert count_words("字" * 401).minutes == 2
    assert count_words(" ".join(["word"] * 200)).minutes == 1
    assert count_words(" ".join(["word"] * 201)).minutes == 2
    assert count_words("字" * 200 + " word" * 100).minutes == 1


@pytest.mark.parametrize("body", ["", None, "   \n\n", "## \n\n[photo:3]\n\n> "])
def test_empty_body(body):
    """Nothing to read: no words and no minutes."""
    assert count_words(body) == WordCount(words=0, cjk=0, latin=0, minutes=0)


def test_ten_megabytes_is_counted():
    """A 10 MB body (a hundred times the limit) is counted, in linear time."""
    line = "武昌区数字经济 COVID-19 don't 3.5 😀 ## [photo:1]\n"
    text = line * (10_000_000 // len(line.encode()))

    count = count_words(text)

    lines = text.count("\n")
    assert (count.cjk, count.latin) == (7 * lines, 5 * lines)


def test_code_fences_and_link_definitions_count_nothing():
    """A fence line (```` ``` ```` or ``~~~``, with its info word) and a link definition
    (``[name]: address "title"``) are markup: only the text between the fences counts."""
    body = "\n".join([
        "```python",
        "代码",
        "~~~",
        "[来源]: https://example.com/path \"Title words\"",
        "正文",
    ])
    assert count_words(body) == WordCount(words=4, cjk=4, latin=0, minutes=1)
