"""The reader's 404 and 500 pages, which must work with DEBUG off.

The 404 page is an ordinary page of the site (header, footer, the reader's
language) with a search box. The 500 page must show when nothing else works,
the database included: a template of its own that extends nothing, rendered
without a request so that no context processor runs and no query is made,
with its styles inline (the stylesheet's hashed name comes from a manifest that
may itself be what failed).
"""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# What the reader gets if even the 500 template cannot be rendered.
BARE_500 = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Server Error (500)</title></head>'
    "<body><h1>Server Error (500)</h1></body></html>"
)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    try:
        body = loader.get_template("500.html").render({
            "site_name": settings.NEWSDESK_SITE_NAME or _("Newsdesk"),
        })
    except Exception:  # the error page must answer, whatever broke
        logger.exception("The 500 page could not be rendered")
        body = BARE_500
    return HttpResponseServerError(body)
