"""Feeds and sitemaps (articles.feeds, articles.sitemaps), inside the "articles" namespace."""

from django.urls import path

from . import feeds
from .views import machines

urlpatterns = [
    path("feed/", feeds.StoryFeed.as_view(), name="feed"),
    path("feed/atom/", feeds.AtomStoryFeed.as_view(), name="feed_atom"),
    path("section/<slug:slug>/feed/", feeds.SectionFeed.as_view(), name="section_feed"),
    path("section/<slug:slug>/feed/atom/", feeds.AtomSectionFeed.as_view(),
         name="section_feed_atom"),
    # Tags are str slugs (Chinese ones too), as on the tag page.
    path("tag/<str:slug>/feed/", feeds.TagFeed.as_view(), name="tag_feed"),
    path("tag/<str:slug>/feed/atom/", feeds.AtomTagFeed.as_view(), name="tag_feed_atom"),
    path("people/<str:slug>/feed/", feeds.ContributorFeed.as_view(), name="contributor_feed"),
    path("people/<str:slug>/feed/atom/", feeds.AtomContributorFeed.as_view(),
         name="contributor_feed_atom"),
    path("sitemap.xml", machines.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", machines.sitemap_section, name="sitemap_section"),
]
