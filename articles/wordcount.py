"""字数 and reading time of a story body, counted as a Chinese desk counts them.

What is counted is the text a reader sees of the body (not the headline, not
the summary): each CJK character (Han ideographs of every block, kana, Hangul)
is one, and each run of letters and digits of an alphabetic script is one word,
with inner apostrophes, hyphens and decimal points kept in it ("don't",
"COVID-19", "3.5", "1,000"). Punctuation, spaces, emoji, zero-width characters
and the body's markup (``## `` subheads, ``> `` quotes, list markers,
``[photo:ID]`` lines, link targets; see ``articles.markup``) count nothing.

Pure string work with a few regular expressions over the whole text, no
Markdown parsing, so a body of any length is counted in linear time.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

# Reading speeds. English: adults read non-fiction silently at about 240 words a
# minute (Brysbaert, "How many words do we read per minute?", Journal of Memory
# and Language 109, 2019); 200 leaves room for the names and figures of news
# copy, and is the figure most reading-time estimates use. Chinese: adult
# silent reading runs at some 300 to 500 characters a minute, and Chinese
# publishing tools estimate reading time at 300 to 500 字 a minute; 400 is the
# middle of that range. Both make one minute, so time is counted in units of
# 1/400 minute: a character is one unit, a word two.
CJK_PER_MINUTE = 400
WORDS_PER_MINUTE = 200
_UNITS_PER_MINUTE = CJK_PER_MINUTE
_UNITS_PER_WORD = CJK_PER_MINUTE // WORDS_PER_MINUTE

_HAN = (
    "\u3005\u3007"  # 々 (a repeated character) and 〇, the zero of dates such as 二〇二四
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs (NFKC maps most, not all)
    "\U00020000-\U000323af"  # extensions B to H and the compatibility supplement
    "\U0002ebf0-\U0002ee5f"  # extension I
)
_KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
_HANGUL = "\u1100-\u11ff\u3131-\u318e\ua960-\ua97c\uac00-\ud7a3\ud7b0-\ud7fb"
_CJK = _HAN + _KANA + _HANGUL
_NOT_CJK = re.compile(f"[^{_CJK}]+")
_CJK_CHAR = re.compile(f"[{_CJK}]")

# Letters and digits (\w without "_"); CJK has been blanked out by then.
_WORD = re.compile(r"[^\W_]+(?:(?:['’.\-‐]|(?<=\d),(?=\d))[^\W_]+)*")

# Invisible characters that join or split nothing a reader sees: zero-width
# space, non-joiner, joiner, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")

# The body's markup, line by line (see articles.markup): what readers never see.
_PHOTO_LINE = re.compile(r"^[ \t]*\[(?:photo|图):[ \t]*\d{1,12}\][ \t]*$", re.M | re.I)
_FENCE_LINE = re.compile(r"^[ \t]{0,3}(?:```|~~~).*$", re.M)
_LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M)
# Quote markers, then one list marker ("- ", "* ", "+ ", "1. ", "2) "), then
# a subhead's "#"s, at the start of a line. Numbers of an ordered list are the
# list's, not the text's.
_LINE_MARKERS = re.compile(
    r"^(?:[ \t]*>)*[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)](?:[ \t]+|$))?(?:#{1,6}(?:[ \t]+|$))?",
    re.M,
)
# A link shows its text; its address stays out of sight.
_LINK_TARGET = re.compile(r"\]\([^()\n]*\)")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


@dataclass(frozen=True)
class WordCount:
    """A body's 字数 (``words`` = ``cjk`` + ``latin``) and reading time in whole minutes."""

    words: int
    cjk: int
    latin: int
    minutes: int


def visible_text(body):
    """The body's text without its markup, as far as counting needs it."""
    # Markers first, so that a photo placed inside a quote is still a photo line.
    text = _LINE_MARKERS.sub("", body)
    text = _PHOTO_LINE.sub("", text)
    text = _FENCE_LINE.sub("", text)
    text = _LINK_DEFINITION.sub("", text)
    text = _LINK_TARGET.sub("]", text)
    return _ENTITY.sub(lambda match: html.unescape(match[0]), text)


def reading_minutes(cjk, latin):
    """Whole minutes, rounded up; at least one for any text, none for none."""
    units = cjk + latin * _UNITS_PER_WORD
    return -(-units // _UNITS_PER_MINUTE)


def count_words(body):
    """The 字数 and reading time of a story body written in ``articles.markup``."""
    # NFKC first: full-width ２０２３ becomes one number, compatibility
    # ideographs their unified twins, half-width katakana full-width.
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", visible_text(body or "")))
    cjk = len(_NOT_CJK.sub("", text))
    latin = _WORD.subn("", _CJK_CHAR.sub(" ", text))[1]
    return WordCount(words=cjk + latin, cjk=cjk, latin=latin, minutes=reading_minutes(cjk, latin))
