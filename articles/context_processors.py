from django.conf import settings
from django.utils.translation import gettext as _


def site(request):
    return {
        "site_name": settings.NEWSDESK_SITE_NAME or _("Newsdesk"),
        # The stories' own language, whatever the interface's: headlines, text and
        # captions carry it as lang="…" so a reader's English menus don't relabel them.
        "content_lang": settings.NEWSDESK_CONTENT_LANGUAGE,
    }
