from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from . import readers
from .furniture import Footer


def site(request):
    return {
        "site_name": settings.NEWSDESK_SITE_NAME or _("Newsdesk"),
        "site_description": settings.NEWSDESK_SITE_DESCRIPTION,
        # The footer's furniture: publisher, contacts, the paper's own pages (one query,
        # only if a footer is rendered) and the filing numbers, each shown only when set.
        "footer": Footer(),
        # The stories' own language, whatever the interface's: headlines, text and
        # captions carry it as lang="…" so a reader's English menus don't relabel them.
        "content_lang": settings.NEWSDESK_CONTENT_LANGUAGE,
        # The page the reader is on in each language, for the switch and hreflang links.
        "language_versions": SimpleLazyObject(lambda: readers.language_versions(request)),
    }
