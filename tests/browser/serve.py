"""The site as production runs it, for the browser tests: ``python -m tests.browser.serve PORT``.

DEBUG is off, so readers' pages come from the manifest static storage through
WhiteNoise, with the site's own 404 and 500 pages and its security headers: a
template naming a static file that collectstatic does not know is a 500 here, as
in production, where ``runserver`` with DEBUG on would have served it. Production
keeps media on object storage or behind the web server; here a second WhiteNoise
serves MEDIA_ROOT and looks files up per request, because renditions are made on
a page's first view, after the server started.
"""

import os
import sys

from django.conf import settings
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise


def application():
    return WhiteNoise(
        get_wsgi_application(), root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL,
        autorefresh=True,
    )


def main(port):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    run("127.0.0.1", port, application(), threading=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
