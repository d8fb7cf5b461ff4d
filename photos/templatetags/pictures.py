"""The one way pages show a library picture: ``{% picture %}`` and ``rendition_url``."""

import logging

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from photos import renditions

register = template.Library()
log = logging.getLogger(__name__)

# The rendition an old browser (no srcset) gets: good on a phone, fine on a desk.
FALLBACK_WIDTH = 640


def ready_items(image, crop):
    """The crop's renditions, made first if this image has none yet; [] if it cannot be."""
    if image is None or not image.pk:
        return []
    try:
        renditions.ensure(image)
    except Exception:  # noqa: BLE001 - a page shows no picture rather than failing
        log.exception("No renditions for image %s", image.pk)
        return []
    return renditions.items(image, crop)


def srcset(items, fmt):
    return ", ".join(f"{renditions.url(item[fmt])} {item['w']}w" for item in items)


def picture_html(image, *, crop="full", sizes="100vw", alt="", eager=False, css_class=""):
    items = ready_items(image, crop)
    if not items:
        return ""
    fallback = max(
        (item for item in items if item["w"] <= FALLBACK_WIDTH), key=lambda item: item["w"],
        default=items[0],
    )
    loading = mark_safe(' fetchpriority="high"' if eager else ' loading="lazy"')  # noqa: S308
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}'
        ' decoding="async"></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        srcset(items, "webp"), sizes,
        renditions.url(fallback["jpeg"]), srcset(items, "jpeg"), sizes,
        fallback["w"], fallback["h"], alt, loading,
    )


@register.simple_tag
def picture(image, crop="full", sizes="100vw", alt="", eager=False, css_class=""):
    """``<picture>`` with WebP and JPEG ``srcset``s, width and height set, lazy unless eager."""
    return picture_html(image, crop=crop, sizes=sizes, alt=alt, eager=eager,
                        css_class=css_class)


def nearest_item(image, width, crop="full"):
    """The recorded rendition nearest ``width`` (its names and size), or None."""
    return min(ready_items(image, crop), key=lambda item: abs(item["w"] - width), default=None)


def rendition_url(image, width=1280, crop="full", fmt="jpeg"):
    """The address of the rendition nearest ``width`` (for og:image, feeds, JSON-LD)."""
    item = nearest_item(image, width, crop)
    return renditions.url(item[fmt]) if item else ""


register.simple_tag(rendition_url, name="rendition_url")


@register.simple_tag
def thumbnail(image, size=80, alt=""):
    """A small square picture for admin lists and inlines."""
    items = ready_items(image, "1x1")
    if not items:
        return "—"
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}px" width="{}" height="{}" alt="{}"'
        ' class="newsdesk-thumb" loading="lazy">',
        renditions.url(items[0]["jpeg"]), srcset(items, "jpeg"), size, size, size, alt,
    )
