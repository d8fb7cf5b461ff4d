"""Admin widgets: the tag field with suggestions, and small image previews."""

import json

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import get_select2_language
from django.urls import reverse
from django.utils.translation import gettext as _
from taggit.forms import TagWidget
from taggit.utils import parse_tags

from photos.templatetags import pictures

# Editors type Chinese punctuation as often as ASCII; taggit only splits on ",".
TAG_SEPARATORS = ("，", "、", "；", ";")


def normalise_tag_separators(value):
    for separator in TAG_SEPARATORS:
        value = value.replace(separator, ",")
    return value


def tag_names(value):
    """The tag names a widget value stands for: a string as typed, or Tag objects."""
    if not value:
        return []
    if isinstance(value, str):
        try:
            return parse_tags(normalise_tag_separators(value))
        except ValueError:
            return []
    return sorted(tag.name for tag in value)


class TagSuggestWidget(TagWidget):
    """taggit's comma-separated text input, which JavaScript turns into a select2 box.

    The input stays the form's real field, so without JavaScript (or if select2
    fails) editors still type ``武汉, 数字经济`` and the form works the same.
    """

    suggest_url_name = "admin:articles_article_tag_suggestions"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "vTextField", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-tag-suggest-url": reverse(self.suggest_url_name),
                "data-tags": json.dumps(tag_names(value), ensure_ascii=False),
                "data-select2-lang": get_select2_language() or "en",
                "data-placeholder": _("Type to find or add tags"),
            }
        )
        return context

    @property
    def media(self):
        # The same files, in the same order, as the admin's own autocomplete
        # widgets, so a page that has both loads jQuery and select2 once.
        extra = "" if settings.DEBUG else ".min"
        language = get_select2_language()
        i18n = (f"admin/js/vendor/select2/i18n/{language}.js",) if language else ()
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                *i18n,
                "admin/js/jquery.init.js",
                "newsdesk-admin/tag-suggest.js",
            ),
            css={
                "screen": (
                    f"admin/css/vendor/select2/select2{extra}.css",
                    "admin/css/autocomplete.css",
                    "newsdesk-admin/admin.css",
                ),
            },
        )


def thumbnail(photo, size=80):
    """A small square rendition of a photo for lists and inlines; "—" when there is none."""
    return pictures.thumbnail(photo if photo is not None and photo.pk else None, size=size,
                              alt=photo.alt_text if photo is not None else "")
