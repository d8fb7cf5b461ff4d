"""Request hygiene that every view, the admin's included, relies on; the reader's language."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpResponsePermanentRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, get_script_prefix, resolve, set_script_prefix
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from .readers import split_language_prefix, varies_with_language


class RejectNulBytesMiddleware:
    """Refuse a NUL character in the path or the query string with a 400.

    No address or search of ours ever contains one, and PostgreSQL refuses to
    compare text with it, so without this a crafted URL turns a lookup into a
    server error. Form input is covered separately: Django's form fields
    reject NUL with a message of their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest(_("The address contains a character that is not allowed."))
        return self.get_response(request)


class ReaderLanguageMiddleware:
    """The reader's language from the address or the browser, never from a cookie.

    In place of Django's ``LocaleMiddleware``, which still serves the admin and
    ``/i18n/`` (the choice and its reasons: ``articles.readers``).

    * ``/en/…``, ``/zh-hans/…``: the prefix goes from ``path_info`` into the
      script prefix for this request (restored afterwards), so the reader site's
      URLconf resolves the rest and every reversed address keeps the prefix.
      No ``Vary`` for language: the address says it. A prefix before anything
      that is not the reader site's (``/en/admin/``) is a 404.
    * Other reader addresses (the ``articles`` namespace, and addresses that
      match nothing, so a 404 speaks the reader's language): ``Accept-Language``
      only, and ``Vary: Accept-Language`` unless the route is the same in every
      language (``readers.SAME_IN_EVERY_LANGUAGE``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.staff_locale = LocaleMiddleware(get_response)
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        path = request.path_info
        if path[1:] in self.codes:
            # "/en": the front page in English is "/en/", as APPEND_SLASH would say.
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
        code, rest = split_language_prefix(path)
        if code is not None:
            return self.prefixed(request, code, rest)
        if not is_reader_path(request, path):
            return self.staff_locale(request)
        translation.activate(language_from_browser(request))
        request.LANGUAGE_CODE = request.reader_language = translation.get_language()
        response = self.get_response(request)
        if varies_with_language(request, response):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    def prefixed(self, request, code, rest):
        site_prefix = get_script_prefix()
        request.path_info = rest
        request.reader_script_prefix = site_prefix
        translation.activate(code)
        request.LANGUAGE_CODE = request.reader_language = code
        set_script_prefix(f"{site_prefix}{code}/")
        try:
            if is_reader_path(request, rest):
                response = self.get_response(request)
            else:
                response = response_for_exception(request, Http404("Not a reader page"))
        finally:
            set_script_prefix(site_prefix)
        if varies_with_language(request, response):
            response.headers.setdefault("Content-Language", code)
        return response


def is_reader_path(request, path):
    """Whether ``path`` is the reader site's: the ``articles`` app's, or nobody's."""
    try:
        match = resolve(path, getattr(request, "urlconf", None))
    except Resolver404:
        return True
    return "articles" in match.namespaces


def language_from_browser(request):
    """The first language of ``Accept-Language`` the site speaks (``zh-CN`` counts as
    ``zh-hans``), else the site's own: Django's negotiation without its cookie."""
    accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for tag, _quality in parse_accept_lang_header(accept):
        if tag == "*":
            break
        try:
            return translation.get_supported_language_variant(tag)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
