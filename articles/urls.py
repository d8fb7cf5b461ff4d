from django.urls import path, register_converter

from . import views
from .models.articles import SHORT_ID_PATTERN


class ShortIdConverter:
    """Only well-formed ids reach a view; anything else is a 404 from the resolver."""

    regex = SHORT_ID_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ShortIdConverter, "short_id")

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("a/<short_id:short_id>/", views.article_detail, name="detail"),
    # Any token (slashes too) reaches the view, which answers every bad one with one 404 page.
    path("preview/<path:token>/", views.preview_link, name="preview"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("people/<str:slug>/", views.contributor_detail, name="contributor"),
]
