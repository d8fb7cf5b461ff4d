"""What the article page offers to read next: related stories and the section's neighbours.

Related stories: public stories sharing the most tags with this one first, then
stories of the same section, newest first within each; never the story itself.
One query: the shared tags are counted with an annotation, not a query per tag.
The candidates are narrowed in WHERE before the count, so the cost follows the
story's tags (at most ``TAG_CANDIDATES`` newest tag links) and a handful of its
section's newest stories, not the whole archive: a story with no shared tag can
only be chosen from the newest ``limit + 1`` of the section (the story itself may
be one of them). Measured at 100 000 stories on PostgreSQL, for a story tagged
武汉 (on 17 500 stories): about 120 ms, most of it a scan the OR of the two
candidate sets still causes; a later issue may cache the list per story.

Previous/next: the public stories just before and just after this one in its
section by publication time (the id breaks ties), in one query of two scalar
subqueries.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Subquery, Value, When

from .models import Article, TaggedArticle

RELATED_LIMIT = 6
# A tag such as 武汉 sits on tens of thousands of stories: counting shared tags over all
# of them took 230 ms a page at 100 000 stories. Only the newest tag links are candidates
# (newest by when the tag was put on, the same as newest story for a desk's daily work),
# so a page's cost has a ceiling; an old story sharing more tags may lose to newer ones.
TAG_CANDIDATES = 2000


def related_stories(article, limit=RELATED_LIMIT, now=None):
    """Up to ``limit`` public stories related to ``article``, most related first.

    ``article.tags`` should be prefetched (the article page does): the tag ids
    come from it without a query.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    public = Article.objects.published(now).exclude(pk=article.pk)
    newest_of_section = (
        public.filter(section_id=article.section_id)
        .order_by("-publish_at", "-id").values("pk")[: limit + 1]
    )
    candidates = Q(pk__in=newest_of_section)
    shared_tags = Value(0)
    if tag_ids:
        candidates |= Q(pk__in=TaggedArticle.objects.filter(tag_id__in=tag_ids)
                        .order_by("-id").values("content_object_id")[:TAG_CANDIDATES])
        shared_tags = Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids))
    return list(
        public.filter(candidates)
        # A headline list: the listing's fields without its lead photos (one query).
        .for_listing().prefetch_related(None)
        .annotate(
            shared_tags=shared_tags,
            same_section=Case(
                When(section_id=article.section_id, then=Value(1)),
                default=Value(0), output_field=IntegerField(),
            ),
        )
        .order_by("-shared_tags", "-same_section", "-publish_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class Neighbours:
    previous: Article | None = None  # published just before
    next: Article | None = None  # published just after


def section_neighbours(article, now=None):
    """The public stories before and after ``article`` in its section, in one query."""
    if article.publish_at is None:
        return Neighbours()  # a draft has no place in the section's timeline yet
    section = Article.objects.published(now).filter(section_id=article.section_id)
    at, pk = article.publish_at, article.pk
    # The plain bound (<= / >=) beside the tie-break is what lets the section's index
    # range-scan: with the OR alone PostgreSQL walked the whole archive (102 ms at 100 000
    # stories; 0.6 ms with the bound).
    before = section.filter(publish_at__lte=at).filter(
        Q(publish_at__lt=at) | Q(publish_at=at, pk__lt=pk))
    after = section.filter(publish_at__gte=at).filter(
        Q(publish_at__gt=at) | Q(publish_at=at, pk__gt=pk))
    found = list(
        Article.objects.filter(
            Q(pk=Subquery(before.order_by("-publish_at", "-pk").values("pk")[:1]))
            | Q(pk=Subquery(after.order_by("publish_at", "pk").values("pk")[:1]))
        ).only("short_id", "title", "publish_at")
    )
    return Neighbours(
        previous=next((a for a in found if (a.publish_at, a.pk) < (at, pk)), None),
        next=next((a for a in found if (a.publish_at, a.pk) > (at, pk)), None),
    )
