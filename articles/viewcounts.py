"""How many readers read each story, and which stories were read most.

Groundwork (lead): ``most_read`` is the interface the front page uses; recording
views (the beacon, bots, atomic increments) is built by the view counts' part of
issue 9 in this module.
"""

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from .models import Article


def hour_of(moment):
    """The hour a view is tallied under: ``moment`` truncated to the hour."""
    return moment.replace(minute=0, second=0, microsecond=0)


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
