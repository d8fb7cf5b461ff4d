"""What machines ask a site for: robots.txt, sitemaps, the favicon, the web-app manifest.

All of them are the same for every reader: written in the site's own
language, never touching the session or the CSRF token (so they set no
cookie), and marked public for shared caches.
"""

import json
from functools import lru_cache

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..feeds import content_translation, rss_language, site_name
from ..filters import StoryFilter
from ..readers import language_prefixes, unprefixed
from ..sitemaps import SITEMAPS

# Sitemaps and robots.txt change with every story or setting; icons hardly ever.
SITEMAP_MAX_AGE = 5 * 60
ROBOTS_MAX_AGE = 60 * 60
ICON_MAX_AGE = 24 * 60 * 60

# The colours of static/css/site.css: the paper's red, and the page in light mode.
THEME_COLOUR = "#a4161a"
BACKGROUND_COLOUR = "#ffffff"
FAVICON = "icons/favicon.ico"
XML = "application/xml; charset=utf-8"


def public(response, max_age):
    """The same answer for everyone: a shared cache may keep it for ``max_age``."""
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def in_content_language(request, response):
    """Render a template response in the site's language, whoever asked, naming pages
    by their canonical (unprefixed) addresses."""
    with content_translation(), unprefixed(request):
        response.render()
    response["Content-Language"] = settings.NEWSDESK_CONTENT_LANGUAGE
    return response


@require_safe
def sitemap_index(request):
    """The index of the sitemaps that list something.

    The schema wants at least one address in a sitemap, so an empty one (no
    tags yet, no story in the last 48 hours) is left out of the index; its
    address still answers, with an empty list.
    """
    present = {name: cls() for name, cls in SITEMAPS.items()}
    present = {name: sitemap for name, sitemap in present.items() if sitemap.paginator.count}
    with unprefixed(request):
        response = sitemap_views.index(
            request, present, template_name="sitemaps/index.xml", content_type=XML,
            sitemap_url_name="articles:sitemap_section",
        )
    return public(in_content_language(request, response), SITEMAP_MAX_AGE)


@require_safe
def sitemap_section(request, section):
    """One sitemap (``?p=2`` for its second page): a bad section or page is a 404."""
    news = section == "news"
    with unprefixed(request):
        response = sitemap_views.sitemap(
            request, SITEMAPS, section=section, content_type=XML,
            template_name="sitemaps/news.xml" if news else "sitemaps/urlset.xml",
        )
    if news:
        with content_translation():
            response.context_data.update(
                publication_name=str(site_name()), publication_language=rss_language(),
            )
    return public(in_content_language(request, response), SITEMAP_MAX_AGE)


def disallowed_query_keys():
    """The list filters: their combinations are endless copies of the same stories."""
    return sorted({*StoryFilter.base_filters, "format"})


@require_safe
def robots_txt(request):
    """Everything open but the desk, secret preview links, search and filter combinations.

    Paging (``?page=``) stays open, so older stories remain reachable by links;
    the sitemaps list them all anyway.
    """
    with unprefixed(request):
        return public(robots_response(request), ROBOTS_MAX_AGE)


def robots_response(request):
    preview = reverse("articles:preview", kwargs={"token": "x"}).removesuffix("x/")
    closed = [preview, reverse("articles:search")]
    lines = [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {reverse('admin:index')}",
        # Every reader address also answers under a language prefix (articles.readers).
        *(f"Disallow: {prefix}{path}" for prefix in ["", *language_prefixes()] for path in closed),
        *(f"Disallow: /*?*{key}=" for key in disallowed_query_keys()),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap'))}",
        "Sitemap: " + request.build_absolute_uri(
            reverse("articles:sitemap_section", kwargs={"section": "news"})),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@lru_cache(maxsize=1)
def favicon_bytes():
    """The icon file: from the source tree, or from collected static files in production."""
    path = finders.find(FAVICON)
    if path:
        with open(path, "rb") as file:
            return file.read()
    with staticfiles_storage.open(FAVICON) as file:
        return file.read()


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page says."""
    try:
        body = favicon_bytes()
    except OSError as error:
        raise Http404 from error
    return public(HttpResponse(body, content_type="image/x-icon"), ICON_MAX_AGE)


def manifest_data():
    """The web-app manifest: the paper's name, colours and icons."""
    name = str(site_name())
    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "maskable"},
        {"src": static("icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    data = {
        "name": name,
        "short_name": name,
        "lang": settings.NEWSDESK_CONTENT_LANGUAGE,
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        # A news site keeps the browser's back button and address: minimal-ui.
        "display": "minimal-ui",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["news"],
        "icons": icons,
    }
    if settings.NEWSDESK_SITE_DESCRIPTION:
        data["description"] = settings.NEWSDESK_SITE_DESCRIPTION
    return data


@require_safe
def manifest(request):
    with content_translation():
        data = manifest_data()
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/manifest+json; charset=utf-8")
    return public(response, ICON_MAX_AGE)
