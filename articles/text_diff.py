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
2. A middle up to ``SHORT_TEXT`` characters is diffed token by token. A
   longer one is diffed paragraph by paragraph first (diff-match-patch's line
   mode), then each stretch of replaced paragraphs token by token: a few
   edits in a long body cost a few small diffs.
3. A stretch past ``WORD_DIFF_LIMIT`` characters, or one whose token diff
   misses its deadline, stays marked as whole paragraphs, and the diff says
   it was compared paragraph by paragraph.
4. If the texts together pass ``COMPARE_LIMIT`` characters, or the
   differences would print more than ``DISPLAY_LIMIT`` characters (two
   unrelated megabytes), the answer is the verdict alone: "too large to
   compare", both lengths, and whether the texts differ.

Deadlines come from a ``Budget`` that several texts can share (every text of
a story revision), so a whole comparison keeps to one allowance; short texts
may draw on a small reserve beyond it, and past that nothing is diffed at all:
the differing middle of each text is marked whole.
"""

import re
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from diff_match_patch import diff_match_patch

DELETE, EQUAL, INSERT = diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_EQUAL, \
    diff_match_patch.DIFF_INSERT

# Token-level comparison is quadratic in the worst case: a stretch of replaced
# paragraphs longer than this (old and new together) stays marked paragraph by
# paragraph. A whole 100 000-character body rewritten is within it.
WORD_DIFF_LIMIT = 300_000
# Past this many characters (both texts together) nothing is compared but
# equality: splitting and coding text costs about 0.1 s a megabyte outside any
# deadline. Bodies are at most 100 000 characters; this is an attack's size.
COMPARE_LIMIT = 3_000_000
# A diff that would print more changed text than this is only a verdict: a page
# of megabytes helps nobody.
DISPLAY_LIMIT = 400_000
# Common characters kept around the differing middle (see _trim_common).
SLACK = 64
# A run of letters longer than this is no word: cutting it costs no meaning.
LONGEST_WORD = 100
# Seconds one comparison may spend in diff-match-patch: each diff (the paragraph
# pass, every word-level diff) may take half of what is left.
DEFAULT_BUDGET = 0.5
# A short text (a headline, a caption) always gets this much time of its own, so a
# large body that spent the shared budget does not leave the captions unexplained.
SHORT_TEXT = 10_000
SHORT_TEXT_SECONDS = 0.05
# ... drawn from this reserve beyond the budget, so many short texts stay bounded too.
RESERVE = 0.2

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
# A paragraph with the line breaks after it: blank lines between paragraphs are
# not units of their own, which would match everywhere.
_PARAGRAPH = re.compile(r"[^\n]+\n*|\n+")
# Tokens longer than one character: words, runs of spaces, CR LF.
_LONG_TOKEN = re.compile(
    rf"(?:(?![{_CJK}])[^\W_]|[\u0300-\u036f]){{2,}}|[^\S\r\n]{{2,}}|\r\n"
)
# The codes standing for long tokens: planes 15 and 16, private use.
_PRIVATE_FIRST = 0xF0000
_PRIVATE_COUNT = 0x10FFFF - _PRIVATE_FIRST + 1
_PRIVATE = re.compile("[\U000F0000-\U0010FFFF]")
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
    PARAGRAPH = "paragraph"  # some changes marked as whole paragraphs
    NONE = "none"  # too large: only whether they differ


class Budget:
    """A deadline several comparisons share (wall-clock seconds).

    Short texts may run past it into a reserve (``at_least``), never past the
    reserve's end: however many texts a comparison holds, it ends in time.
    """

    def __init__(self, seconds=DEFAULT_BUDGET, reserve=RESERVE):
        self.deadline = time.time() + seconds
        self.last = self.deadline + reserve

    def share(self, fraction=0.5, at_least=0.0):
        """A deadline using ``fraction`` of the time left, or ``at_least`` seconds."""
        now = time.time()
        return min(now + max(at_least, (self.deadline - now) * fraction), self.last)

    @property
    def spent(self):
        return time.time() >= self.deadline

    @property
    def exhausted(self):
        """Past the reserve too: no more diffing at all."""
        return time.time() >= self.last


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
    exhausted = budget.exhausted
    head, old_mid, new_mid, tail = _trim_common(dmp, old, new, 0 if exhausted else SLACK)
    ops = None
    if exhausted:  # no time left at all: the differing middle marked whole
        ops, precise = [(DELETE, old_mid), (INSERT, new_mid)], False
    elif len(old_mid) + len(new_mid) <= SHORT_TEXT:
        deadline = budget.share(0.5, at_least=SHORT_TEXT_SECONDS)
        ops = _diff_words(dmp, old_mid, new_mid, deadline)
        precise = ops is not None
    if ops is None:
        # Paragraphs first, then each changed stretch of paragraphs word by word
        # (diff-match-patch's line mode, with our tokens).
        head, old_mid, new_mid, tail = _widen_to_lines(head, old_mid, new_mid, tail)
        ops = _diff_paragraphs(
            dmp, _PARAGRAPH.findall(old_mid), _PARAGRAPH.findall(new_mid),
            budget.share(0.5, at_least=SHORT_TEXT_SECONDS),
        )
        ops, precise = _refine(dmp, ops, budget)
    if sum(len(text) for op, text in ops if op != EQUAL) > DISPLAY_LIMIT:
        return _verdict(old, new)
    precision = Precision.WORD if precise else Precision.PARAGRAPH
    return TextDiff(
        tuple(_merge([(EQUAL, head), *ops, (EQUAL, tail)])), precision, len(old), len(new), True
    )


def _refine(dmp, ops, budget):
    """Paragraph-level ops (units in lists) with each replaced stretch diffed word by word.

    Returns text ops and whether every stretch was refined within the budget.
    """
    refined, precise = [], True
    index = 0
    while index < len(ops):
        if ops[index][0] == EQUAL:
            refined.append((EQUAL, "".join(ops[index][1])))
            index += 1
            continue
        deleted, inserted = [], []
        while index < len(ops) and ops[index][0] != EQUAL:
            (deleted if ops[index][0] == DELETE else inserted).extend(ops[index][1])
            index += 1
        if not (deleted and inserted):
            # Whole paragraphs only added or only removed are exact as they are.
            refined += [(DELETE, "".join(deleted)), (INSERT, "".join(inserted))]
            continue
        words, exact = _stretch(dmp, deleted, inserted, budget)
        refined += words
        precise = precise and exact
    return refined, precise


def _stretch(dmp, deleted, inserted, budget):
    """A stretch of replaced paragraphs word by word: ``(ops, exact)``.

    As many paragraphs on both sides (an edit in every one, as a copy edit
    makes) are compared pair by pair, each a small diff; otherwise the stretch
    is compared whole. What is too long or runs out of time stays whole.
    """
    if len(deleted) > 1 and len(deleted) == len(inserted):
        pairs = list(zip(deleted, inserted, strict=True))
    else:
        pairs = [("".join(deleted), "".join(inserted))]
    ops, exact = [], True
    for number, (old, new) in enumerate(pairs):
        if old == new:
            ops.append((EQUAL, old))
            continue
        if budget.spent:  # the rest stays whole, as one replacement
            rest = pairs[number:]
            ops += [(DELETE, "".join(pair[0] for pair in rest)),
                    (INSERT, "".join(pair[1] for pair in rest))]
            return ops, False
        words = None
        if len(old) + len(new) <= WORD_DIFF_LIMIT:
            words = _diff_words(dmp, old, new, budget.share(0.5))
        ops += words or [(DELETE, old), (INSERT, new)]
        exact = exact and words is not None
    return ops, exact


def _verdict(old, new):
    return TextDiff((), Precision.NONE, len(old), len(new), old != new)


def _trim_common(dmp, old, new, slack):
    """Cut the common beginning and end, at token boundaries, at string speed.

    diff-match-patch's prefix and suffix search is a binary search over slices.
    A cut inside a word or a run of spaces moves back to where it begins, so the
    word is compared whole (a "word" longer than LONGEST_WORD is cut anyway).
    ``slack`` common characters stay on each side of the middle: the semantic
    clean-up needs them to slide an edit to where it reads best (an inserted
    paragraph starting at its line break, not one character before).
    """
    start = max(0, dmp.diff_commonPrefix(old, new) - slack)
    stop = max(0, start - LONGEST_WORD)
    while start > stop and _JOINING.match(old, start - 1) and (
        _JOINING.match(old, start) or _JOINING.match(new, start)
    ):
        start -= 1
    old_rest, new_rest = old[start:], new[start:]
    length = max(0, dmp.diff_commonSuffix(old_rest, new_rest) - slack)
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


def _diff_words(dmp, old, new, deadline):
    """Diff two texts token by token; None if the deadline passes first."""
    return _diff_codes(dmp, *_encode_words(old, new), deadline)


def _diff_paragraphs(dmp, old_units, new_units, deadline):
    """Diff two lists of paragraphs, anchored first at the paragraphs both share once.

    The anchors are the longest run, in order, of paragraphs that occur exactly
    once on each side (patience diff); diff-match-patch compares only the gaps
    between them. Its bisection costs time in proportion to the number of
    changed paragraphs times all of them: a copy edit touching every other
    paragraph of a long body would run out of time without the anchors.
    """
    ops, old_start, new_start = [], 0, 0
    for old_at, new_at in [*_anchors(old_units, new_units), (len(old_units), len(new_units))]:
        if old_at > old_start or new_at > new_start:
            ops += _diff_units(
                dmp, old_units[old_start:old_at], new_units[new_start:new_at], deadline
            )
        if old_at < len(old_units):
            ops.append((EQUAL, [old_units[old_at]]))
        old_start, new_start = old_at + 1, new_at + 1
    return ops


def _anchors(old_units, new_units):
    """``(old index, new index)`` of the longest in-order run of paragraphs unique to each side."""
    old_count, new_count = Counter(old_units), Counter(new_units)
    new_index = {unit: at for at, unit in enumerate(new_units) if new_count[unit] == 1}
    pairs = [
        (at, new_index[unit]) for at, unit in enumerate(old_units)
        if old_count[unit] == 1 and unit in new_index
    ]
    # Longest increasing subsequence of the new indexes (patience sorting).
    tops, top_pairs, back = [], [], [None] * len(pairs)
    for number, (_old_at, new_at) in enumerate(pairs):
        pile = bisect_left(tops, new_at)
        back[number] = top_pairs[pile - 1] if pile else None
        if pile == len(tops):
            tops.append(new_at)
            top_pairs.append(number)
        else:
            tops[pile], top_pairs[pile] = new_at, number
    chain, number = [], top_pairs[-1] if top_pairs else None
    while number is not None:
        chain.append(pairs[number])
        number = back[number]
    return chain[::-1]


def _diff_units(dmp, old_units, new_units, deadline):
    """Diff two lists of paragraphs: ops whose values are lists of paragraphs.

    When the deadline passes first, diff-match-patch answers coarsely (the
    rest as one deletion and one insertion), which is still a true answer.
    """
    old_codes, new_codes, table = _encode(old_units, new_units)
    return _diff_codes(
        dmp, old_codes, new_codes, lambda text: [table[ord(code)] for code in text],
        deadline, coarse=True,
    )


def _encode(old_units, new_units):
    """Each distinct unit as one character: both code strings and the table back."""
    table = list(dict.fromkeys([*old_units, *new_units]))
    codes = {unit: chr(number) for number, unit in enumerate(table)}
    return (
        "".join(map(codes.__getitem__, old_units)),
        "".join(map(codes.__getitem__, new_units)),
        table,
    )


def _diff_codes(dmp, old_codes, new_codes, decode, deadline, coarse=False):
    if set(old_codes).isdisjoint(new_codes):
        # Nothing in common: the answer is known, and diff-match-patch would
        # take quadratic time to find it out.
        return [(DELETE, decode(old_codes)), (INSERT, decode(new_codes))]
    diffs = dmp.diff_main(old_codes, new_codes, False, deadline)
    if time.time() > deadline and not coarse:
        return None
    dmp.diff_cleanupSemantic(diffs)
    return [(op, decode(text)) for op, text in diffs]


class _OutOfCodes(Exception):
    pass


def _encode_words(old, new):
    """Both texts with each token one character, and the function that decodes them.

    A one-character token stands for itself; only the longer ones (words, runs
    of spaces, CR LF) get a code, from the supplementary private use planes, so
    encoding and decoding run at regular-expression speed. Texts that use those
    planes themselves (or have too many distinct words) get every token coded.
    """
    codes = {}

    def code(match):
        token = match.group()
        if token not in codes:
            if len(codes) == _PRIVATE_COUNT:
                raise _OutOfCodes
            codes[token] = chr(_PRIVATE_FIRST + len(codes))
        return codes[token]

    if not (_PRIVATE.search(old) or _PRIVATE.search(new)):
        try:
            old_codes, new_codes = _LONG_TOKEN.sub(code, old), _LONG_TOKEN.sub(code, new)
        except _OutOfCodes:
            pass
        else:
            table = {value: key for key, value in codes.items()}
            return old_codes, new_codes, lambda text: _PRIVATE.sub(
                lambda match: table[match.group()], text
            )
    old_codes, new_codes, table = _encode(tokenize(old), tokenize(new))
    return old_codes, new_codes, lambda text: "".join(map(table.__getitem__, map(ord, text)))


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
