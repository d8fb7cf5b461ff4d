"""Template helpers for the reader site; each keeps logic out of the templates."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles import credits, figures, structured_data
from articles.credits import byline_groups
from articles.models import Section
from articles.qrcodes import qr_svg

register = template.Library()

# Characters that could end a <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD ``<script>``; a title holding ``</script>`` cannot break out."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article, lead=None):
    """The story's schema.org ``NewsArticle`` as a JSON-LD ``<script>``."""
    data = structured_data.news_article(
        article, context["request"], site_name=context.get("site_name", ""), lead=lead
    )
    return json_ld(data)


@register.simple_tag
def linked_byline(bylines):
    """The printed byline line (长江日报记者杨蔚 覃柳玮 …) with each name linking to its profile."""
    return format_html_join(
        " ",
        "{}{}",
        (
            (group.prefix, format_html_join(" ", '<a href="{}">{}</a>', (
                (byline.contributor.get_absolute_url(), byline.contributor.name)
                for byline in group.bylines
            )))
            for group in byline_groups(bylines)
        ),
    )


@register.filter
def editor_line(contributor):
    """The responsible editor as the paper prints it: 【编辑:赵可】."""
    return credits.editor_line(contributor)


@register.filter
def lead_photo(article):
    """The lead photo of a listed story (from its prefetched photos), or None."""
    return figures.lead_photo(article)


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The site's sections, in the desk's order, for the header."""
    return {"sections": Section.objects.all(), "request": context.get("request")}


@register.filter
def http_url(url):
    """``url`` when it is an http(s) address, else ""."""
    return url if structured_data.is_http_url(url) else ""


@register.simple_tag(takes_context=True)
def absolute_uri(context, location):
    """``location`` as a full address on this site, for tags read off-site (og:image)."""
    return context["request"].build_absolute_uri(location)


@register.simple_tag
def qr_code(url):
    """A QR code of ``url`` as inline SVG, labelled for screen readers."""
    return qr_svg(url, gettext("QR code of this page's address"))


@register.simple_tag
def linked_photo_credit(photo):
    """The photo's printed credit (记者何晓刚 摄), its name linking to a credited contributor."""
    before, name, after = credits.credit_parts(photo)
    if photo.credit_contributor_id and name:
        return format_html(
            '{}<a href="{}">{}</a>{}',
            before, photo.credit_contributor.get_absolute_url(), name, after,
        )
    return format_html("{}{}{}", before, name, after)
