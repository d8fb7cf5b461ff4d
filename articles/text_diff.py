"""Readable differences between two versions of a text, bounded in time.

Chinese has no spaces, so a "word-level" diff of a Chinese story compares
characters: every CJK character is one token, a run of Latin letters or digits
is one token (an English word or a number changes whole), a run of spaces is
one token, every punctuation mark is one token, and every line break is one
token, so paragraphs stay visible. The token sequences are compared with
diff-match-patch, each distinct token encoded as one character (the trick its
``diff_linesToChars`` plays with lines), then its semantic clean-up merges the
result into runs a person reads easily.

A diff is bounded by construction, so two 1 MB bodies answer in well under a
second (the issue's rule), whatever they hold:

1. The common beginning and end are cut off at string speed first; only the
   middle that differs is tokenised. A one-character change in 1 MB is cheap.
2. A middle longer than ``WORD_DIFF_LIMIT`` characters (both sides together)
   is not compared token by token; nor is one whose token diff misses its
   deadline. Both fall back to comparing whole paragraphs (lines).
3. If the paragraph comparison misses the deadline too, or the texts together
   pass ``COMPARE_LIMIT`` characters, or the differences would print more than
   ``DISPLAY_LIMIT`` characters, the answer is the verdict alone: "too large
   to compare", both lengths, and whether the texts differ.

Deadlines come from a ``Budget`` that several texts can share (every text of
a story revision), so a whole comparison keeps to one allowance.
"""

import re
import time
from dataclasses import dataclass
from enum import Enum

from diff_match_patch import diff_match_patch

DELETE, EQUAL, INSERT = diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_EQUAL, \
    diff_match_patch.DIFF_INSERT

# Token-level comparison is quadratic in the worst case: past this many differing
# characters (old and new middles together) paragraphs are compared instead.
# A whole 100 000-character body rewritten is within it.
WORD_DIFF_LIMIT = 300_000
# Past this many characters (both texts) nothing is compared but equality.
COMPARE_LIMIT = 10_000_000
# A diff that would print more changed text than this is only a verdict: a page
# of megabytes helps nobody.
DISPLAY_LIMIT = 400_000
# A run of letters longer than this is no word: cutting it costs no meaning.
LONGEST_WORD = 100
# Seconds one comparison may spend in diff-match-patch (word level, then
# paragraph level, each taking at most half of what is left).
DEFAULT_BUDGET = 0.6
# A short text (a headline, a caption) always gets this much time of its own, so a
# large body that spent the shared budget does not leave the captions unexplained.
SHORT_TEXT = 10_000
SHORT_TEXT_SECONDS = 0.05

# Ideographs (CJK unified, extensions A to I, compatibility), radicals, the
# ideographic marks 々〆〇 and Hangzhou numerals, kana, Hangul, fullwidth and
# halfwidth forms: each character is one token.
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u312f"
    "\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\uff01-\uffef\u1100-\u11ff"
    "\U00020000-\U0003ffff"
)
_TOKEN = re.compile(
    rf"[{_CJK}]"  # one ideograph, kana, hangul or fullwidth form
    rf"|(?:(?![{_CJK}])[^\W_]|[\u0300-\u036f])+"  # a Latin (Greek, Cyrillic...) word or number
    r"|\r\n|[\r\n]"  # a line break, kept alone so paragraphs stay visible
    r"|[^\S\r\n]+"  # a run of other white space
    r"|.",  # anything else: one punctuation mark or symbol
    re.DOTALL,
)
# Characters that may continue a token across a cut (word runs, space runs).
_JOINING = re.compile(rf"(?:(?![{_CJK}])[^\W_]|[\u0300-\u036f]|[^\S\r\n])")


def joins(text, position):
    """Whether ``position`` falls inside one token (a word or a run of spaces)."""
    return (
        0 < position < len(text)
        and _JOINING.match(text, position - 1) is not None
        and _JOINING.match(text, position) is not None
    )


def tokenize(text):
    """The text cut into diff tokens; joined they give the text back exactly."""
    return _TOKEN.findall(text)


class Precision(Enum):
    """How finely two texts were compared."""

    WORD = "word"  # character runs for Chinese, words for Latin script
    PARAGRAPH = "paragraph"  # whole lines
    NONE = "none"  # too large: only whether they differ


class Budget:
    """A deadline several comparisons share (wall-clock seconds)."""

    def __init__(self, seconds=DEFAULT_BUDGET):
        self.deadline = time.time() + seconds

    def share(self, fraction=0.5, at_least=0.0):
        """A deadline using ``fraction`` of the time left, or ``at_least`` seconds."""
        now = time.time()
        return now + max(at_least, (self.deadline - now) * fraction)

    @property
    def spent(self):
        return time.time() >= self.deadline


@dataclass(frozen=True)
class TextDiff:
    """The differences between two texts.

    ``ops`` is a list of ``(op, text)`` with ``op`` one of DELETE, EQUAL,
    INSERT: the EQUAL and DELETE texts rebuild ``old``, the EQUAL and INSERT
    texts rebuild ``new``. With precision NONE it is empty.
    """

    ops: tuple
    precision: Precision
    old_length: int
    new_length: int
    changed: bool

    @property
    def too_large(self):
        return self.precision is Precision.NONE


def diff_text(old, new, budget=None):
    """Compare two texts as finely as the budget and the limits allow."""
    old, new = old or "", new or ""
    budget = budget or Budget()
    if old == new:
        ops = ((EQUAL, old),) if old else ()
        return TextDiff(ops, Precision.WORD, len(old), len(new), False)
    if len(old) + len(new) > COMPARE_LIMIT:
        return _verdict(old, new)

    dmp = diff_match_patch()
    head, old_mid, new_mid, tail = _trim_common(dmp, old, new)
    ops = None
    precision = Precision.WORD
    floor = SHORT_TEXT_SECONDS if len(old_mid) + len(new_mid) <= SHORT_TEXT else 0.0
    if len(old_mid) + len(new_mid) <= WORD_DIFF_LIMIT and (floor or not budget.spent):
        ops = _diff_units(
            dmp, tokenize(old_mid), tokenize(new_mid), budget.share(0.5, at_least=floor)
        )
    if ops is None:
        precision = Precision.PARAGRAPH
        head, old_mid, new_mid, tail = _widen_to_lines(head, old_mid, new_mid, tail)
        ops = _diff_units(
            dmp, old_mid.splitlines(keepends=True), new_mid.splitlines(keepends=True),
            budget.share(1.0, at_least=floor),
        )
    if ops is None or sum(len(text) for op, text in ops if op != EQUAL) > DISPLAY_LIMIT:
        return _verdict(old, new)
    if head:
        ops.insert(0, (EQUAL, head))
    if tail:
        ops.append((EQUAL, tail))
    return TextDiff(tuple(_merge(ops)), precision, len(old), len(new), True)


def _verdict(old, new):
    return TextDiff((), Precision.NONE, len(old), len(new), old != new)


def _trim_common(dmp, old, new):
    """Cut the common beginning and end, at token boundaries, at string speed.

    diff-match-patch's prefix and suffix search is a binary search over slices.
    A cut inside a word or a run of spaces moves back to where it begins, so the
    word is compared whole (a "word" longer than LONGEST_WORD is cut anyway).
    """
    start = dmp.diff_commonPrefix(old, new)
    stop = max(0, start - LONGEST_WORD)
    while start > stop and _JOINING.match(old, start - 1) and (
        _JOINING.match(old, start) or _JOINING.match(new, start)
    ):
        start -= 1
    old_rest, new_rest = old[start:], new[start:]
    length = dmp.diff_commonSuffix(old_rest, new_rest)
    end_old, end_new = len(old_rest) - length, len(new_rest) - length
    stop = max(0, length - LONGEST_WORD)
    while length > stop and _JOINING.match(old_rest, end_old) and (
        (end_old and _JOINING.match(old_rest, end_old - 1))
        or (end_new and _JOINING.match(new_rest, end_new - 1))
    ):
        length -= 1
        end_old += 1
        end_new += 1
    return old[:start], old_rest[:end_old], new_rest[:end_new], old_rest[end_old:]


def _widen_to_lines(head, old_mid, new_mid, tail):
    """Move the cuts out to line boundaries, so whole lines are compared."""
    cut = head.rfind("\n") + 1
    old_mid, new_mid, head = head[cut:] + old_mid, head[cut:] + new_mid, head[:cut]
    cut = tail.find("\n") + 1 or len(tail)
    return head, old_mid + tail[:cut], new_mid + tail[:cut], tail[cut:]


def _diff_units(dmp, old_units, new_units, deadline):
    """Diff two sequences of strings; None when the deadline passed first."""
    codes = {}

    def encode(units):
        return "".join([codes.setdefault(unit, chr(len(codes))) for unit in units])

    old_codes, new_codes = encode(old_units), encode(new_units)
    diffs = dmp.diff_main(old_codes, new_codes, False, deadline)
    if time.time() > deadline:
        return None  # diff-match-patch gave up part way: its answer is coarse
    dmp.diff_cleanupSemantic(diffs)
    table = list(codes)
    return [(op, "".join([table[ord(code)] for code in text])) for op, text in diffs]


def _merge(ops):
    """Adjacent operations of one kind joined; empty ones dropped."""
    merged = []
    for op, text in ops:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged
