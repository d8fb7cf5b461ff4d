from django.urls import include, path, register_converter

from .models.articles import SHORT_ID_PATTERN
from .views import archive, counts, home, info, lists, machines, stories


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
    path("", home.home, name="home"),
    path("search/", lists.search, name="search"),
    path("a/<short_id:short_id>/", stories.article_detail, name="detail"),
    path("a/<short_id:short_id>/seen/", counts.seen, name="seen"),
    # Any token (slashes too) reaches the view, which answers every bad one with one 404 page.
    path("preview/<path:token>/", stories.preview_link, name="preview"),
    path("section/<slug:slug>/", lists.section_detail, name="section"),
    path("tag/<str:slug>/", lists.tag_detail, name="tag"),
    path("people/<str:slug>/", lists.contributor_detail, name="contributor"),
    path("archive/", archive.archive_index, name="archive"),
    path("archive/<int:year>/", archive.archive_year, name="archive_year"),
    path("archive/<int:year>/<int:month>/", archive.archive_month, name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", archive.archive_day, name="archive_day"),
    path("about/<slug:slug>/", info.info_page, name="info_page"),
    path("robots.txt", machines.robots_txt, name="robots_txt"),
    path("favicon.ico", machines.favicon, name="favicon"),
    path("manifest.webmanifest", machines.manifest, name="manifest"),
    path("", include("articles.machine_urls")),
]
