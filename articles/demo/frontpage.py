"""The demo front page as a desk would arrange it: the sample story leads.

The sample story is the headline, the newest public stories of 要闻 and 民生 are
pinned (the second until a week after loading, to show a pin that expires), and
each demo section has a block. An arrangement someone already made is left as
it is; one that is still empty (opened in the admin, never filled) is filled.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from articles.frontpage import FRONT_PAGE_PK
from articles.models import Article, FrontPage, FrontPageBlock, FrontPagePin, Section

from .sample import SEED_FILE, parse_sample

# (section slug, stories shown), in the page's order.
BLOCKS = (("yaowen", 5), ("wuhan", 4), ("jingji", 4), ("minsheng", 4), ("wenhua", 3),
          ("tiyu", 3))
PINNED_FROM = ("yaowen", "minsheng")
ARRANGED_BY = "chief"
PIN_DAYS = 7


@transaction.atomic
def arrange_front_page(now=None):
    """Arrange the demo front page unless the desk has; return whether it was arranged."""
    now = now or timezone.now()
    page, _created = FrontPage.objects.get_or_create(pk=FRONT_PAGE_PK)
    if page.headline_id or page.pins.exists() or page.blocks.exists():
        return False
    sample_id = parse_sample(SEED_FILE.read_text(encoding="utf-8")).short_id
    page.headline = Article.objects.filter(short_id=sample_id).first()
    page.updated_by = get_user_model().objects.filter(username=ARRANGED_BY).first()
    page.save()

    public = Article.objects.published(now).exclude(pk=page.headline_id)
    for order, slug in enumerate(PINNED_FROM):
        story = public.filter(section__slug=slug).order_by("-publish_at", "-pk").first()
        if story is not None:
            until = now + timedelta(days=PIN_DAYS) if order else None
            FrontPagePin.objects.create(front_page=page, article=story, order=order,
                                        until=until)
    sections = Section.objects.in_bulk([slug for slug, _size in BLOCKS], field_name="slug")
    FrontPageBlock.objects.bulk_create(
        FrontPageBlock(front_page=page, section=sections[slug], order=order, size=size)
        for order, (slug, size) in enumerate(BLOCKS) if slug in sections
    )
    return True
