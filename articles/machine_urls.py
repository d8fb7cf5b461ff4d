"""Feeds and sitemaps (articles.feeds, articles.sitemaps)."""

urlpatterns = []
