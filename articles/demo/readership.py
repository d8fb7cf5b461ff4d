"""Hourly view tallies for the demo, so that "most read" has something to show.

Each public demo story that has no tallies yet gets some of its printed total
(``view_count``, which the demo sets and this never changes: the sample story
keeps its 1430) spread over the hours of the last seven days since it was
published, more in the first hours as news readership goes. Deterministic
(a fixed seed per story), and a story with tallies is left alone, so loading
the demo again changes nothing.
"""

import random
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ViewTally
from articles.viewcounts import hour_of

DAYS = 7
# Share of a story's total read in the last week, when it was published within it.
RECENT_SHARE = 0.6


def load_readership(now=None):
    """Create the tallies; return how many rows were made."""
    now = now or timezone.now()
    first_hour = hour_of(now - timedelta(days=DAYS))
    last_hour = hour_of(now)
    stories = (
        Article.objects.published(now).filter(view_count__gt=0)
        .exclude(view_tallies__isnull=False).only("short_id", "publish_at", "view_count")
    )
    tallies = []
    for story in stories:
        rng = random.Random(story.short_id)  # noqa: S311 (demo figures, not secrets)
        start = max(hour_of(story.publish_at), first_hour)
        hours = int((last_hour - start).total_seconds() // 3600) + 1
        if start > last_hour or hours <= 0:
            continue
        # Older stories get a smaller part of their total in the week shown.
        total = int(story.view_count * (RECENT_SHARE if start > first_hour else 0.1))
        weights = [rng.random() / (1 + index / 6) for index in range(hours)]
        scale = total / (sum(weights) or 1)
        for index, weight in enumerate(weights):
            views = int(weight * scale)
            if views:
                tallies.append(ViewTally(
                    article=story, hour=start + timedelta(hours=index), views=views,
                ))
    ViewTally.objects.bulk_create(tallies)
    return len(tallies)
