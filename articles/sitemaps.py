"""Sitemaps: stories (paged), sections, tags and people, and Google News's last 48 hours.

Small ``django.contrib.sitemaps`` subclasses. Each lists only what the public
may see: stories from ``published()``, and sections, tags and people only
while a public story is theirs, each dated by its newest public story.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag

from .models import Article, Byline, Contributor, Section, TaggedArticle

# Google reads up to 50 000 addresses a file; smaller pages render faster and
# old ones never change once full (oldest first, so new stories go on the last).
ARTICLES_PER_PAGE = 10_000
# What Google News reads: stories of the last two days, at most 1 000 a file.
NEWS_WINDOW = timedelta(hours=48)
NEWS_PER_PAGE = 1000


def w3c(moment):
    """A moment as the sitemap protocol's W3C datetime wants it: whole seconds."""
    return moment.replace(microsecond=0) if moment else None


def newest_public(**relation):
    """Subquery: the publication time of the newest public story related as given."""
    return Subquery(
        Article.objects.published().filter(**relation)
        .order_by("-publish_at").values("publish_at")[:1]
    )


class Sitemap(DjangoSitemap):
    """Counts its items once: the index asks whether it is empty, then its pages."""

    @cached_property
    def paginator(self):
        return Paginator(self._items(), self.limit)


class ArticleSitemap(Sitemap):
    limit = ARTICLES_PER_PAGE

    def items(self):
        return (
            Article.objects.published()
            .only("short_id", "publish_at", "updated_at")
            .order_by("publish_at", "id")
        )

    def lastmod(self, article):
        return w3c(max(article.updated_at, article.publish_at))

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would load every story.
        newest = Article.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("publish_at")
        )
        moments = [moment for moment in newest.values() if moment]
        return w3c(max(moments)) if moments else None


class NewestStorySitemap(Sitemap):
    """Pages of things dated by their newest public story (``latest`` annotation)."""

    def lastmod(self, obj):
        return w3c(obj.latest)

    def get_latest_lastmod(self):
        return w3c(self.items().aggregate(newest=Max("latest"))["newest"])


class SectionSitemap(NewestStorySitemap):
    def items(self):
        return (
            Section.objects.filter(pk__in=Article.objects.published().values("section_id"))
            .annotate(latest=newest_public(section=OuterRef("pk")))
            .only("slug")
            .order_by("order", "name")
        )


class TagSitemap(NewestStorySitemap):
    def items(self):
        return (
            Tag.objects.filter(pk__in=TaggedArticle.objects.filter(
                content_object__in=Article.objects.published()).values("tag_id"))
            .annotate(latest=newest_public(tagged_items__tag=OuterRef("pk")))
            .only("slug")
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class ContributorSitemap(NewestStorySitemap):
    def items(self):
        return (
            Contributor.objects.filter(pk__in=Byline.objects.filter(
                article__in=Article.objects.published()).values("contributor_id"))
            .annotate(latest=newest_public(bylines__contributor=OuterRef("pk")))
            .only("slug")
            .order_by("slug")
        )


class NewsSitemap(Sitemap):
    """Google News: public stories of the last 48 hours, with headline and date.

    Rendered by ``templates/sitemaps/news.xml``, which prints the publication's
    name and language beside each story.
    """

    limit = NEWS_PER_PAGE

    def items(self):
        now = timezone.now()
        return (
            Article.objects.published(now)
            .filter(publish_at__gte=now - NEWS_WINDOW)
            .only("short_id", "title", "publish_at", "updated_at")
            .order_by("-publish_at", "-id")
        )

    def lastmod(self, article):
        return w3c(max(article.updated_at, article.publish_at))

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["publication_date"] = w3c(url["item"].publish_at)
        return urls

    def get_latest_lastmod(self):
        newest = self.items().aggregate(
            updated=Max("updated_at"), published=Max("publish_at")
        )
        moments = [moment for moment in newest.values() if moment]
        return w3c(max(moments)) if moments else None


# The index's sections, in its order; each is /sitemap-<name>.xml.
SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "people": ContributorSitemap,
    "news": NewsSitemap,
}
