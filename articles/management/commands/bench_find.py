"""``manage.py bench_find``: the reader lists at 100 000 stories on PostgreSQL.

Loads realistic stories once (``articles.benchdata``; later runs reuse them),
then requests each list as an anonymous reader through the whole stack (URL,
view, template) with Django's test client and prints median and p95 times,
beside two database baselines measured in the same run, so figures from a
noisy machine can be read as ratios. Prints figures; asserts nothing.
"""

import logging
import math
import os
import statistics
import time
from contextlib import contextmanager
from urllib.parse import quote, unquote, urlencode

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.http.request import validate_host
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.benchdata.loading import holds_other_stories, is_loaded, load
from articles.models import Article, ArticlePhoto, Byline, Photo, TaggedArticle
from articles.search import search

HOST = "127.0.0.1"
TARGET_MS = 150
WARMUPS = 3
# A page taking seconds gets fewer runs than --runs once its time budget is spent, but never
# fewer than this: the table then still comes in minutes, with a median to read.
MIN_RUNS = 5
YEAR = 2024
QUERY = "武昌 数字经济"
OTHER_QUERIES = ("数字经济", "黄鹤楼", "碳汇大厦", "钢花村街")
# Stories per list page, as the README documents it.
PAGE_SIZE = 20
HOW = (
    "make bench-find (it creates the database newsdesk_bench and runs this command with "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench)"
)


def p95(times):
    """The nearest-rank 95th percentile: with 30 runs, the second slowest."""
    ordered = sorted(times)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def timed(function, runs, budget=math.inf, least=MIN_RUNS, before=None):
    """Milliseconds of up to ``runs`` calls, fewer (down to ``least``) past ``budget`` seconds.

    ``before``, if given, runs untimed before each call.
    """
    times, started = [], time.perf_counter()
    while len(times) < runs and (len(times) < least or time.perf_counter() - started < budget):
        if before:
            before()
        call_started = time.perf_counter()
        function()
        times.append((time.perf_counter() - call_started) * 1000)
    return times


def can_clear_caches():
    # Emptying a shared Redis would take other people's keys with it.
    return all(isinstance(backend, LocMemCache) for backend in caches.all())


def clear_caches():
    """Forget what the site keeps (facet counts...): a list as its first reader gets it."""
    for backend in caches.all():
        backend.clear()


@contextmanager
def quiet_request_log():
    # A 404 logs a warning per request; thirty of them would bury the table.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = "Load 100 000 realistic stories into PostgreSQL (once) and time the reader lists."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=100_000,
                            help="how many stories to load (default 100000)")
        parser.add_argument("--runs", type=int, default=30,
                            help=f"timed requests per page and kind, after {WARMUPS} warm-ups")
        parser.add_argument("--budget", type=float, default=60,
                            help=f"seconds of timed requests per page and kind, beyond "
                            f"{MIN_RUNS} runs")
        parser.add_argument("--reload", action="store_true",
                            help="drop the benchmark's data and load it again")

    def handle(self, *args, stories, runs, budget, reload, **options):
        self.check_setup()
        if reload or not is_loaded(stories):
            if holds_other_stories():
                raise CommandError(
                    "This database holds stories bench_find did not load; it deletes "
                    f"everything it loads into, so use an empty database ({HOW})."
                )
            self.stdout.write(f"Loading {stories:,} stories...")
            seconds = load(stories, self.stdout.write)
            self.stdout.write("Loaded in " + ", ".join(
                f"{stage} {value:.0f} s" for stage, value in seconds.items()
            ) + ".")
        else:
            self.stdout.write(f"Reusing the {stories:,} stories already loaded (--reload to redo).")
        chosen = self.dataset()
        self.baselines(runs)
        self.pages(chosen, max(runs, MIN_RUNS), budget)

    def check_setup(self):
        if connection.vendor != "postgresql":
            raise CommandError(f"bench_find measures PostgreSQL only. Run: {HOW}")
        if not validate_host(HOST, settings.ALLOWED_HOSTS):
            raise CommandError(f"ALLOWED_HOSTS must accept {HOST} (make bench-find sets it).")
        try:
            staticfiles_storage.url("css/site.css")
        except ValueError as error:
            raise CommandError(
                f"{error}: run collectstatic first (make bench-find does)."
            ) from error

    def dataset(self):
        """Print the data's figures; return the section, tag and person the pages use."""
        public = Article.objects.published()
        section = (public.values("section__slug", "section__name").annotate(n=Count("pk"))
                   .order_by("-n").first())
        tag = (TaggedArticle.objects.filter(content_object__in=public.values("pk"))
               .values("tag__slug").annotate(n=Count("pk")).order_by("-n").first())
        person = (Byline.objects.filter(article__in=public.values("pk"))
                  .values("contributor__slug").annotate(n=Count("pk")).order_by("-n").first())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_database_size(current_database())),"
                " current_setting('server_version'), current_setting('shared_buffers'),"
                " current_setting('work_mem')"
            )
            size, version, shared_buffers, work_mem = cursor.fetchone()
        combined = public.filter(
            section__slug=section["section__slug"], publish_at__year=YEAR,
            pk__in=TaggedArticle.objects.filter(tag__slug=tag["tag__slug"])
            .values("content_object_id"),
        ).count()
        matches = {q: search(public, q).count() for q in (QUERY, *OTHER_QUERIES)}
        self.stdout.write(
            f"\nData: {Article.objects.count():,} stories ({public.count():,} public), "
            f"{Tag.objects.count()} tags on {TaggedArticle.objects.count():,} taggings, "
            f"{Byline.objects.count():,} bylines, {Photo.objects.count():,} photos "
            f"in {ArticlePhoto.objects.count():,} places; database {size}.\n"
            f"PostgreSQL {version}, shared_buffers {shared_buffers}, work_mem {work_mem}.\n"
            f"Section {section['section__name']} ({section['n']:,} public stories), "
            f"tag {tag['tag__slug']} ({tag['n']:,}), "
            f"person {person['contributor__slug']} ({person['n']:,} stories); "
            f"section + tag + {YEAR}: {combined:,} stories.\n"
            "Searches (public matches): "
            + ", ".join(f"{q} {n:,}" for q, n in matches.items())
        )
        return {"section": section["section__slug"], "tag": tag["tag__slug"],
                "person": person["contributor__slug"], "people_count": person["n"],
                "search_count": matches[QUERY]}

    def baselines(self, runs):
        def select_one():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()

        one = timed(select_one, runs * 10)
        count = timed(lambda: Article.objects.published().count(), runs)
        self.stdout.write(
            f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}. "
            f"Baselines, median / p95 ms: SELECT 1 {statistics.median(one):.2f} / "
            f"{p95(one):.2f}; Article.objects.published().count() "
            f"{statistics.median(count):.1f} / {p95(count):.1f}\n"
        )

    def pages(self, chosen, runs, budget):
        facets = urlencode({"section": chosen["section"], "tag": chosen["tag"], "year": YEAR})
        search_page = min(200, math.ceil(chosen["search_count"] / PAGE_SIZE) or 1)
        people_page = min(500, math.ceil(chosen["people_count"] / PAGE_SIZE) or 1)
        searched = f"/search/?{urlencode({'q': QUERY})}"
        person = f"/people/{quote(chosen['person'])}/"
        rows = [
            ("(a) home, all facets", "/"),
            ("(b) section + tag + year", f"/?{facets}"),
            ("(b) as JSON", f"/?{facets}&format=json"),
            ("(c) search, two words", searched),
            (f"(d) search, page {search_page}", f"{searched}&page={search_page}"),
            ("section page", f"/section/{quote(chosen['section'])}/"),
            ("tag page", f"/tag/{quote(chosen['tag'])}/"),
            ("people page", person),
            (f"people page, page {people_page}", f"{person}?page={people_page}"),
        ]
        cold = "the cache emptied before each request" if can_clear_caches() else (
            "not measured: the cache is not the local-memory one this may empty"
        )
        self.stdout.write(
            f"Up to {runs} timed requests per page and kind (fewer past {budget:.0f} s, at "
            f"least {MIN_RUNS}) after up to {WARMUPS} warm-ups. Cold: {cold}; warm: as it "
            "stays. Queries (cold/warm) and KB from one more request of each.\n"
            f"{'page':28} {'status':>6} {'queries':>7} {'KB':>4} {'runs':>5}  "
            f"{'cold median':>11} {'p95':>7}  {'warm median':>11} {'p95':>7}  "
            f"p95 < {TARGET_MS} ms"
        )
        client = Client(HTTP_HOST=HOST)
        with quiet_request_log():
            for label, url in rows:
                self.stdout.write(f"{label:28} {self.measure(client, url, runs, budget)}")
                self.stdout.write(f"    {unquote(url)}")
        # Other work on the machine inflates every figure; this says how much there was.
        self.stdout.write(f"Load average at the end: {os.getloadavg()[0]:.1f}")

    def measure(self, client, url, runs, budget):
        def get():
            # Over HTTPS, as production serves it (SECURE_SSL_REDIRECT).
            return client.get(url, secure=True)

        kinds = {"cold": clear_caches, "warm": None} if can_clear_caches() else {"warm": None}
        times, queries = {}, {}
        try:
            timed(get, WARMUPS, budget / 10, least=1)
            for kind, before in kinds.items():
                times[kind] = timed(get, runs, budget, before=before)
                if before:
                    before()
                with CaptureQueriesContext(connection) as captured:
                    response = get()
                queries[kind] = len(captured)
        except Exception as error:  # noqa: BLE001 - a page still being built must not stop the run
            return f"error: {type(error).__name__}: {error}"
        figures, verdicts = [], []
        for kind in ("cold", "warm"):
            if kind in times:
                slow = p95(times[kind])
                figures.append(f"{statistics.median(times[kind]):>11.1f} {slow:>7.1f}")
                verdicts.append("yes" if slow < TARGET_MS else "NO")
            else:
                figures.append(f"{'-':>11} {'-':>7}")
        return (
            f"{response.status_code:>6} {'/'.join(map(str, queries.values())):>7} "
            f"{len(response.content) / 1024:>4.0f} "
            f"{'/'.join(str(len(t)) for t in times.values()):>5}  "
            + "  ".join(figures) + "  " + " / ".join(verdicts)
        )
