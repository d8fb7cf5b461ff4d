from django.urls import include, path, register_converter
from django.urls.converters import IntConverter

from .models.articles import SHORT_ID_PATTERN
from .views import archive, counts, home, info, lists, machines, stories


class ShortIdConverter:
    """Only well-formed ids reach a view; anything else is a 404 from the resolver."""

    regex = SHORT_ID_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TwoDigitsConverter(IntConverter):
    """A month or day: any number reaches the view (which judges it), and reverse() writes
    the archive's canonical two digits, /archive/2024/01/20/."""

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(ShortIdConverter, "short_id")
register_converter(TwoDigitsConverter, "two_digits")

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
    path("archive/<int:year>/<two_digits:month>/", archive.archive_month, name="archive_month"),
    path(
        "archive/<int:year>/<two_digits:month>/<two_digits:day>/", archive.archive_day,
        name="archive_day",
    ),
    path("about/<slug:slug>/", info.info_page, name="info_page"),
    path("robots.txt", machines.robots_txt, name="robots_txt"),
    path("favicon.ico", machines.favicon, name="favicon"),
    path("manifest.webmanifest", machines.manifest, name="manifest"),
    path("", include("articles.machine_urls")),
]
