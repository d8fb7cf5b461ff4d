"""Who is reading, and in which language: without a cookie for anonymous readers.

A shared cache or CDN can keep a page whole only if the page sets no cookie
and says on which request headers it depends (``Vary``). Two things used to
spoil that on every reader page: the footer's language form (its CSRF token
set ``csrftoken``) and reading ``request.user`` (which loads the session, and
a loaded session adds ``Vary: Cookie``). This module holds the reader site's
side of both; ``articles.middleware.ReaderLanguageMiddleware`` chooses the
language.

Language, decided per address (the choice made here, and why):

* ``/a/41c86c4e/`` and every other unprefixed reader address: the language of
  the browser's ``Accept-Language`` only, never of a cookie. The response says
  ``Vary: Accept-Language`` and names its language in ``Content-Language``, so
  a cache that normalises the header to our two languages keeps two copies.
* ``/en/a/41c86c4e/``, ``/zh-hans/a/41c86c4e/``: the reader's explicit
  choice, made without a cookie: the language is the address's, the response
  does not vary with language at all. The middleware takes the prefix off
  ``path_info`` and puts it in the script prefix for the request, so every
  ``reverse()`` and ``{% url %}`` on the page keeps the reader in their
  language without any view knowing.
* The language switch is two plain links to the current page in each language
  (prefixed: a prefix is the only choice that outlives one page without a
  cookie), and the head names the versions with ``hreflang``; ``x-default``
  and the canonical address are the unprefixed ones, so search engines fold
  the copies into one.
* Feeds, sitemaps, robots.txt, the icons, the manifest and the view-count
  beacon are the same in every language (feeds and sitemaps are written in the
  stories' language): no language ``Vary`` on them, so one copy serves all.
* A page at a secret address (a preview link) offers no other-language
  addresses: it names its own secret no more often than it must.
* The admin and ``/i18n/`` keep Django's ``LocaleMiddleware`` (cookie, then
  ``Accept-Language``) and the ``set_language`` form: staff have a session and
  a CSRF cookie anyway.
* Who reads: ``viewer(request)`` looks at ``request.user`` only when the
  request carries a session cookie; a reader template never uses ``user`` or
  ``perms``, and no reader page calls ``{% csrf_token %}``.

Considered and not taken: Django's ``i18n_patterns`` ties reversed addresses
to the *active* language, so an English browser on an unprefixed page would
get ``/en/`` links (and with ``prefix_default_language=False`` unprefixed pages
are always Chinese, which loses the browser's choice), and its
``LocaleMiddleware`` reads the cookie first; redirecting English browsers from
``/`` to ``/en/`` costs every such reader a round trip and makes the address
they share depend on their browser; a ``?lang=`` parameter would have to be
added to every link by hand.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import get_script_prefix, set_script_prefix
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language, get_language_info, to_locale

# Reader routes answered the same whatever the interface language: machines' files and
# the view-count beacon; feeds and sitemaps (every route of articles.machine_urls) too,
# as they are written in the stories' language. Their responses carry no
# "Vary: Accept-Language" (their error pages still do: those speak the reader's language).
SAME_IN_EVERY_LANGUAGE = frozenset({"robots_txt", "favicon", "manifest", "seen"})


@cache
def same_in_every_language():
    """The view names (``articles:…``) whose answer does not depend on the language."""
    from . import machine_urls

    names = SAME_IN_EVERY_LANGUAGE | {pattern.name for pattern in machine_urls.urlpatterns}
    return frozenset(f"articles:{name}" for name in names)


# Pages at a secret address: not offered in other languages, so that the page names
# its address no more often than it must.
PRIVATE_ROUTES = frozenset({"articles:preview"})


def varies_with_language(request, response):
    """Whether ``response`` to a reader address depends on the interface language (an
    error page always does: it speaks the reader's)."""
    match = request.resolver_match
    return (
        response.status_code >= 400
        or match is None
        or match.view_name not in same_in_every_language()
    )


def language_prefixes():
    """``["/zh-hans", "/en"]``: the prefixes under which reader pages answer in one language."""
    return [f"/{code}" for code, _name in settings.LANGUAGES]


def split_language_prefix(path):
    """``("en", "/a/41c86c4e/")`` for ``/en/a/41c86c4e/``; ``(None, path)`` for an
    address without a reader's language prefix. For code that resolves addresses a
    reader may have been given, as the middleware does."""
    first, slash, rest = path[1:].partition("/")
    if slash and first in dict(settings.LANGUAGES):
        return first, f"/{rest}"
    return None, path


def viewer(request):
    """Who is reading: ``request.user`` for a request that carries a session cookie,
    else an anonymous user, without loading the session (which would add
    ``Vary: Cookie`` to a page every anonymous reader shares)."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return request.user
    return AnonymousUser()


def language_tag(code):
    """The BCP 47 tag of a Django language code, for ``lang`` and ``hreflang``:
    ``zh-hans`` → ``zh-Hans``."""
    return to_locale(code).replace("_", "-")


@dataclass(frozen=True)
class LanguageVersion:
    """The page the reader is on, in one language (or ``x-default``)."""

    code: str  # Django's code, or "x-default"
    hreflang: str
    name: str  # in its own language, as a reader of it would look for it
    url: str  # as a link on the page writes it
    absolute_url: str  # as rel="alternate" must name it
    is_current: bool


def site_prefix(request):
    """The script prefix of the site itself, without a reader's language prefix."""
    return getattr(request, "reader_script_prefix", None) or get_script_prefix()


def language_versions(request):
    """The current reader page in each language, then its ``x-default`` (unprefixed)
    version; empty for a request that is not for a reader page or is for a private one."""
    if getattr(request, "reader_language", None) is None:
        return []
    match = request.resolver_match
    if match is not None and match.view_name in PRIVATE_ROUTES:
        return []
    prefix = site_prefix(request)
    path = escape_uri_path(request.path_info[1:])
    # Re-encoded from the parsed query: the raw QUERY_STRING's text differs between
    # WSGI (Latin-1) and ASGI (UTF-8) when a client sends it unescaped.
    query = request.GET.urlencode()
    query = f"?{query}" if query else ""
    current = get_language()

    def version(code, hreflang, name, url):
        return LanguageVersion(
            code, hreflang, name, url, request.build_absolute_uri(url), code == current
        )

    return [
        *(
            version(code, language_tag(code), get_language_info(code)["name_local"],
                    f"{prefix}{code}/{path}{query}")
            for code, _name in settings.LANGUAGES
        ),
        version("x-default", "x-default", "", f"{prefix}{path}{query}"),
    ]


@contextmanager
def unprefixed(request):
    """Within ``with unprefixed(request):`` reverse() gives addresses without the
    reader's language prefix: for the canonical URL, which names one page whatever
    language it was read in."""
    prefix = getattr(request, "reader_script_prefix", None)
    if prefix is None:
        yield
        return
    saved = get_script_prefix()
    set_script_prefix(prefix)
    try:
        yield
    finally:
        set_script_prefix(saved)
