"""A photographer's published pictures, for the grid on their people page.

A photo is published when it appears in a public story (``Article.objects.
published()``, the only definition of public): a picture used only in drafts,
scheduled or withdrawn stories is the desk's business, not the reader's.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Subquery

from .models import Article, ArticlePhoto, Photo

PHOTOS_PER_PAGE = 24


@dataclass(frozen=True)
class PublishedPhoto:
    """A photo as the grid shows it: the caption it was printed with, and where."""

    photo: Photo
    usage: ArticlePhoto

    @property
    def article(self):
        return self.usage.article

    @property
    def caption(self):
        # The caption the linked story printed: a story may replace the library
        # caption, and only printed words are known to be fit for readers.
        return self.usage.printed_caption


def public_usages(now=None):
    """Where photos appear in public stories, the most recently published first."""
    return ArticlePhoto.objects.filter(
        article__in=Article.objects.published(now).values("pk")
    ).order_by("-article__publish_at", "-article_id")


def published_photos(contributor, now=None):
    """Photos credited to ``contributor`` that appear in a public story, newest story first.

    Each row carries ``latest_usage_id``, its ArticlePhoto in the most recent
    such story. A subquery rather than a join keeps one row per photo however
    many stories used it, without ``distinct()``.
    """
    latest = public_usages(now).filter(photo=OuterRef("pk"))
    return (
        Photo.objects.filter(credit_contributor=contributor)
        .annotate(
            latest_usage_id=Subquery(latest.values("pk")[:1]),
            latest_published_at=Subquery(latest.values("article__publish_at")[:1]),
        )
        .filter(latest_usage_id__isnull=False)
        .select_related("credit_contributor")
        # What a file says about itself is for the desk; the grid never prints it.
        .defer("metadata")
        .order_by("-latest_published_at", "-pk")
    )


def photo_page(contributor, number, *, per_page=PHOTOS_PER_PAGE) -> Page:
    """One page of ``contributor``'s published photos as ``PublishedPhoto``s.

    Three queries whatever the page holds: the count, the photos, the stories.
    A bad or out-of-range ``number`` gives the first or last page.
    """
    page = Paginator(published_photos(contributor), per_page).get_page(number)
    photos = list(page.object_list)
    usages = (
        ArticlePhoto.objects.select_related("article")
        # The grid prints a story's title and address, never its body.
        .defer("article__body", "article__body_html", "article__body_toc")
        .in_bulk([photo.latest_usage_id for photo in photos])
    )
    published = []
    for photo in photos:
        usage = usages.get(photo.latest_usage_id)
        if usage is None:
            continue  # taken out of its story since the photos were read
        usage.photo = photo  # its caption falls back to the photo's: no query for it
        published.append(PublishedPhoto(photo, usage))
    page.object_list = published
    return page
