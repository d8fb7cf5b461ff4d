from django.conf import settings
from django.utils.translation import gettext as _


def site(request):
    return {"site_name": settings.NEWSDESK_SITE_NAME or _("Newsdesk")}
