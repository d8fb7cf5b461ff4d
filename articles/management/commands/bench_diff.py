"""``manage.py bench_diff``: how long the story diff takes, from the sample to 1 MB bodies.

Each case times ``diff_text`` (the word-level diff with its fallbacks) and the
whole ``compare()`` of two snapshots rendered through the diff template, and,
as baselines measured in the same run on the same texts, plain string equality
and ``difflib.SequenceMatcher`` over the paragraphs (its
default heuristics). Prints median and p95 in
milliseconds and how finely each case was compared; asserts nothing. Needs no
database.
"""

import difflib
import random
import statistics

from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

from articles.demo.sample import SEED_FILE, parse_sample
from articles.markup import compose
from articles.revision_diff import compare
from articles.text_diff import diff_text

from .bench_find import p95, timed

MB = 1024 * 1024
TEMPLATE = "admin/articles/article/includes/story_diff.html"


def sample_body():
    story = parse_sample(SEED_FILE.read_text(encoding="utf-8"))
    return compose([(kind, 100 + value if kind == "photo" else value)
                    for kind, value in story.blocks])


def paragraphs_of(size, rng, scramble=False):
    """About ``size`` characters of the sample's paragraphs in random order.

    Scrambled, each paragraph's characters are shuffled: a text of the same
    alphabet that shares no sentence with the original (the diff's worst case).
    """
    pool = [p for p in sample_body().split("\n\n") if not p.startswith(("[", "#"))]
    out, length = [], 0
    while length < size:
        paragraph = rng.choice(pool)
        if scramble:
            paragraph = "".join(rng.sample(paragraph, len(paragraph)))
        out.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(out)[:size]


def edited(text, rng, edits):
    """``text`` with ``edits`` one-character replacements at random places."""
    chars = list(text)
    for _ in range(edits):
        at = rng.randrange(len(chars))
        chars[at] = "汉" if chars[at] != "汉" else "武"
    return "".join(chars)


def cases(rng):
    body = sample_body()
    middle = body.index("武昌", len(body) // 2)
    hundred_k = paragraphs_of(100_000, rng)
    megabyte = paragraphs_of(MB, rng)
    yield "sample story, one character changed", body, body[:middle] + "汉" + body[middle + 1:]
    yield "100 000 characters, 5 edits", hundred_k, edited(hundred_k, rng, 5)
    yield "100 000 characters, rewritten", hundred_k, paragraphs_of(100_000, rng, scramble=True)
    yield "100 000, every paragraph edited", hundred_k, _every_paragraph_edited(hundred_k)
    yield "1 MB, one character changed", megabyte, edited(megabyte, rng, 1)
    yield "1 MB, edits at both ends", megabyte, "改" + megabyte[1:-1] + "改"
    yield "1 MB, every paragraph edited", megabyte, _every_paragraph_edited(megabyte)
    yield "1 MB, paragraphs reshuffled", megabyte, paragraphs_of(MB, rng)
    yield "1 MB, unrelated", megabyte, paragraphs_of(MB, rng, scramble=True)


def _every_paragraph_edited(text):
    return "\n\n".join(p.replace("武昌", "武汉", 1) for p in text.split("\n\n"))


def snapshot(body):
    return {"fields": {"title": "市人大代表、武昌区委书记余松做客两会直播间", "body": body}}


class Command(BaseCommand):
    help = "Times the story diff (sample story to 1 MB bodies) beside difflib and equality."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15, help="Runs per case (default 15).")

    def handle(self, *args, runs, **options):
        rng = random.Random(8)  # noqa: S311 (repeatable test data, not secrets)
        header = f"{'case':<38}{'what':<26}{'median ms':>10}{'p95 ms':>9}  result"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, old, new in cases(rng):
            diff = diff_text(old, new)
            old_paragraphs, new_paragraphs = old.split("\n\n"), new.split("\n\n")
            rows = [
                ("diff_text", lambda o=old, n=new: diff_text(o, n),
                 f"{diff.precision.value}, {len(diff.ops)} runs"),
                ("compare + template", lambda o=old, n=new: render_to_string(
                    TEMPLATE, {"story_diff": compare(snapshot(o), snapshot(n))}), ""),
                ("baseline: old == new", lambda o=old, n=new: o == n, ""),
                ("baseline: difflib paras", lambda a=old_paragraphs, b=new_paragraphs: difflib
                 .SequenceMatcher(None, a, b).get_opcodes(), ""),
            ]
            for what, function, result in rows:
                times = timed(function, runs, budget=10)
                self.stdout.write(
                    f"{name:<38}{what:<26}{statistics.median(times):>10.1f}"
                    f"{p95(times):>9.1f}  {result}"
                )
                name = ""
