from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from photos import views as photo_views

admin.site.site_header = _("Newsdesk")
admin.site.site_title = _("Newsdesk")
admin.site.index_title = _("Newsroom")

urlpatterns = [
    # Before the admin's catch-all: originals are the desk's, never public media.
    path("admin/originals/<path:name>", photo_views.original, name="photo-original"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The reader's own 404 and 500 pages, styled and in the reader's language, DEBUG or not.
handler404 = "articles.views.errors.page_not_found"
handler500 = "articles.views.errors.server_error"
