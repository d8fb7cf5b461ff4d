"""Word count, reading time and the live body preview on the story form.

The form shows the body's 字数 and reading time beside it, counted on the
server when the page is built (so it is there without JavaScript), and a
preview of the body as readers will see it. While the user types,
``body_preview.js`` posts the body to ``body-preview/`` and shows what comes
back: the HTML the article page would print for that body, with the story's
attached photos, and the count. Counting and rendering stay in Python, in one
place each (``articles.wordcount``; ``articles.markup`` and ``articles.figures``
with ``templates/articles/includes/story_body.html``).
"""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from .. import permissions
from ..figures import story_body
from ..markup import stored_rendering
from ..models import Article, ArticlePhoto
from ..models.articles import BODY_MAX_LENGTH
from ..wordcount import count_words

STORY_BODY_TEMPLATE = "articles/includes/story_body.html"
COUNT_ID = "newsdesk-body-count"


def count_label(count):
    """The line the form prints: 字数 3,456 · 约 9 分钟 in Chinese."""
    if not count.words:
        return gettext("Word count 0 · —")
    return ngettext(
        "Word count %(words)s · about %(minutes)s minute",
        "Word count %(words)s · about %(minutes)s minutes",
        count.minutes,
    ) % {"words": count.words, "minutes": count.minutes}


def count_html(text):
    """The word count line, as the server prints it beside the body."""
    return format_html(
        '<p class="newsdesk-body-count" id="{}" title="{}" aria-live="polite">{}</p>',
        COUNT_ID,
        gettext(
            "The body as readers see it: each Chinese character counts one, each "
            "English word or number one; punctuation and markup count nothing. "
            "Headline and summary are not counted."
        ),
        count_label(count_words(text)),
    )


class BodyWithCount(forms.Textarea):
    """The body's textarea with its word count under it."""

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="newsdesk-body-editor"><div class="newsdesk-body-input">{}{}</div></div>',
            textarea, count_html(value),
        )


def preview(text, attached, rendering=None):
    """What the article page would print for body ``text`` with these ArticlePhotos.

    ``rendering`` is ``(body_html, body_toc)`` when ``text`` is a stored body
    whose rendering is kept (an Article's own), so it is not parsed again.
    """
    body_html, body_toc = rendering or stored_rendering(text)
    story = story_body(body_html, body_toc, attached)
    count = count_words(text)
    return {
        "html": render_to_string(STORY_BODY_TEMPLATE, {
            "story": story, "content_lang": settings.NEWSDESK_CONTENT_LANGUAGE,
        }),
        "toc": body_toc,
        "words": count.words,
        "cjk": count.cjk,
        "latin": count.latin,
        "minutes": count.minutes,
        "label": count_label(count),
    }


def photos_as_printed():
    """A story's ArticlePhotos with what their figures print, as the article page fetches them."""
    return ArticlePhoto.objects.select_related("photo__credit_contributor")


def attached_photos(article):
    """The stored photos of ``article`` (None on the add form)."""
    if article is None or article.pk is None:
        return []
    return list(photos_as_printed().filter(article=article))


class BodyPreviewAdmin:
    """ArticleAdmin's live preview endpoint and the form's word count."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=["newsdesk-admin/body_preview.js"],
            css={"screen": ["newsdesk-admin/body_preview.css"]},
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            widget = kwargs.get("widget")
            kwargs["widget"] = BodyWithCount(attrs=getattr(widget, "attrs", None))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "body-preview/",
                self.admin_site.admin_view(self.body_preview_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_body_preview",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        form = context["adminform"].form
        # The text in the form: the stored body, or what was typed if the save failed.
        text = form["body"].value() if "body" in form.fields else getattr(obj, "body", "")
        text = (text or "")[:BODY_MAX_LENGTH]
        # Unchanged since it was saved: the story's kept rendering is the body's.
        kept = obj is not None and obj.pk is not None and not form.is_bound
        rendering = (obj.body_html, obj.body_toc) if kept else None
        context["body_preview"] = {
            **preview(text, attached_photos(obj), rendering),
            "url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_body_preview"),
            "article_id": obj.pk if obj is not None else "",
            "editable": "body" in form.fields,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def body_preview_view(self, request):
        """POST ``body`` (and ``article``, the story's id) → JSON of the rendered body and count."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not permissions.may_write_stories(request.user):
            raise PermissionDenied
        text = request.POST.get("body", "")
        if len(text) > BODY_MAX_LENGTH:
            return JsonResponse({"error": gettext(
                "The body is longer than %(limit)s characters; shorten it to see the preview."
            ) % {"limit": BODY_MAX_LENGTH}}, status=400)
        return JsonResponse(preview(text, self._previewed_photos(request)))

    def _previewed_photos(self, request):
        """The stored photos of the story named by ``article``; 404 for one the user may not see."""
        object_id = request.POST.get("article", "")
        if not object_id:
            return []
        # The admin's own lookup (a malformed id is None, not an error), without
        # the list's prefetches: one query for the story, one for its photos.
        queryset = self.get_queryset(request).prefetch_related(None).prefetch_related(
            Prefetch("article_photos", queryset=photos_as_printed())
        )
        try:
            article = queryset.get(pk=self.opts.pk.to_python(unquote(object_id)))
        except (Article.DoesNotExist, ValidationError, ValueError, OverflowError):
            raise Http404 from None
        if not self.has_view_permission(request, article):
            raise Http404
        return list(article.article_photos.all())
