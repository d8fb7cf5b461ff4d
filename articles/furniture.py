"""What the footer says of the paper: its name, publisher, contacts, own pages and filings.

A site in mainland China must show its ICP filing number (ICP备案号, linking to
the MIIT registry), its public security filing number (公安备案号, linking to
the MPS registry's record of that number) and, for news, its internet news
information service licence (互联网新闻信息服务许可证). Each is a setting and
is shown only when set.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .models import InfoPage

ICP_REGISTRY_URL = "https://beian.miit.gov.cn/"
PSB_REGISTRY_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


def psb_registry_url(number):
    """The MPS registry's page for a filing number such as 鄂公网安备42010602000123号."""
    code = "".join(re.findall(r"[0-9]", number))
    return PSB_REGISTRY_URL.format(code=quote(code)) if code else ""


def phone_href(phone):
    """A tel: address from a number as printed (spaces, dashes and brackets dropped)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


class Footer:
    @property
    def year(self):
        return timezone.localdate().year

    @property
    def publisher(self):
        return settings.NEWSDESK_PUBLISHER or settings.NEWSDESK_SITE_NAME or _("Newsdesk")

    @property
    def email(self):
        return settings.NEWSDESK_CONTACT_EMAIL

    @property
    def phone(self):
        return settings.NEWSDESK_CONTACT_PHONE

    @property
    def phone_href(self):
        return phone_href(self.phone) if self.phone else ""

    @property
    def icp_number(self):
        return settings.NEWSDESK_ICP_NUMBER

    icp_url = ICP_REGISTRY_URL

    @property
    def psb_number(self):
        return settings.NEWSDESK_PSB_NUMBER

    @property
    def psb_url(self):
        return psb_registry_url(self.psb_number) if self.psb_number else ""

    @property
    def news_licence(self):
        return settings.NEWSDESK_NEWS_LICENCE

    @property
    def has_filings(self):
        return bool(self.icp_number or self.psb_number or self.news_licence)

    @cached_property
    def pages(self):
        """The paper's own pages linked from the footer: one query, on the first use."""
        return list(InfoPage.objects.filter(in_footer=True).only("title", "slug"))
