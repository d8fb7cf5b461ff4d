"""How many readers read each story, and which stories were read most.

How a view is counted (issue 9)
-------------------------------
The article page stays cacheable: it counts nothing while it is rendered, so a
shared cache or CDN may serve it whole. Instead a tiny script on the page of a
public story (``static/js/beacon.js``) sends one ``navigator.sendBeacon`` POST
to ``articles:seen`` (``/a/<short_id>/seen/``) once per page load: not when the
browser restores the page from its back/forward cache, not from a prerender
nobody looked at, never from a staff preview of a story that is not public or
from a preview link (those pages carry no beacon).

``record_view`` then makes one view of it, in one transaction:

- ``Article.view_count = F("view_count") + 1``: the running total the page
  prints. An ``UPDATE … SET x = x + 1`` is atomic in the database, so
  concurrent views are never lost (no read-modify-write in Python).
- the ``ViewTally`` of this hour (UTC, on the hour) gets ``views + 1`` the same
  way; when it does not exist yet it is created inside a savepoint, and a
  concurrent creator's ``IntegrityError`` (the unique article+hour constraint)
  turns into the increment of the row that creator made. Rows are always
  locked in the same order (story, then tally), so two views never deadlock.

Who is not counted (``should_count``): requests whose User-Agent is empty or
names a robot, crawler, command-line or library client or a headless browser
(``BOT_PATTERN``), and a reader who has been counted for the same story within
``DEDUPE_SECONDS`` (30 minutes): reloads and back-and-forth don't inflate the
count. The reader is a keyed hash (HMAC with ``SECRET_KEY``) of the client
address (the peer's and any ``X-Forwarded-For``, so readers behind one proxy or
load balancer stay apart), the User-Agent and the story, kept with ``cache.add`` — atomic in
Redis, which the app servers share in production; nothing about the reader is
stored in the clear, and no cookie is set. Readers behind one address with the
same browser count once per half hour: a small undercount we accept rather
than identify readers.
"""

import re
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Article, ViewTally

DEDUPE_SECONDS = 30 * 60
# Keyed with SECRET_KEY and a salt of its own, as the preview links' visit hashes are.
READER_SALT = "articles.viewcounts.reader"

# Substrings of User-Agents that are not a person reading: search and social
# crawlers ("Googlebot", "Baiduspider", "Sogou web spider", "Yahoo! Slurp",
# "facebookexternalhit", "YisouSpider"), command-line and library clients, and
# automated browsers. Case-insensitive; a real browser names none of these.
BOT_PATTERN = re.compile(
    r"bot|spider|crawl|slurp|archiver|facebookexternalhit|embedly|preview|monitor|"
    r"curl|wget|httpie|python|aiohttp|httpx|okhttp|go-http-client|java/|libwww|"
    r"node-fetch|axios|scrapy|headless|phantomjs|puppeteer|playwright|selenium|"
    r"lighthouse|pingdom|uptime|check_http",
    re.IGNORECASE,
)


def hour_of(moment):
    """The hour a view is tallied under: ``moment`` truncated to the hour."""
    return moment.replace(minute=0, second=0, microsecond=0)


def is_bot(user_agent):
    """Whether a User-Agent is empty or names an obvious robot."""
    return not user_agent.strip() or BOT_PATTERN.search(user_agent) is not None


def reader_key(article_id, address, user_agent):
    """The cache key that stands for one reader of one story; the reader is not readable in it."""
    digest = salted_hmac(
        READER_SALT, f"{address}\n{user_agent}\n{article_id}", algorithm="sha256"
    ).hexdigest()
    return f"viewcounts:seen:{digest[:32]}"


def should_count(article_id, address, user_agent):
    """Whether this request is a view to count: a person's, the first in the dedupe window.

    ``cache.add`` only stores a key that is missing and says whether it did,
    atomically, so two reloads racing each other count once.
    """
    if is_bot(user_agent):
        return False
    return cache.add(reader_key(article_id, address, user_agent), 1, DEDUPE_SECONDS)


@transaction.atomic
def record_view(article_id, now=None):
    """One view of the story ``article_id``: its total and this hour's tally, both + 1."""
    hour = hour_of(now or timezone.now())
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
    tally = ViewTally.objects.filter(article_id=article_id, hour=hour)
    if tally.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():  # a savepoint: a lost race must not end the transaction
            ViewTally.objects.create(article_id=article_id, hour=hour, views=1)
    except IntegrityError:
        # Someone created this hour's row since our update: it exists now, and
        # (committed, as the unique index made us wait for it) our update sees it.
        tally.update(views=F("views") + 1)


def most_read(hours, limit=10, now=None):
    """The public stories read most in the last ``hours`` hours, most read first.

    Each carries ``recent_views``. Ties go to the newer story.
    """
    now = now or timezone.now()
    since = hour_of(now - timedelta(hours=hours))
    return (
        Article.objects.published(now).for_listing()
        .filter(view_tallies__hour__gte=since)
        .annotate(recent_views=Sum("view_tallies__views"))
        .order_by("-recent_views", "-publish_at", "-id")[:limit]
    )
