"""The paper's own pages (about us, contact), written in the story body's markup."""

from django.shortcuts import get_object_or_404, render

from ..markup import place_photos, render_body
from ..models import InfoPage


def info_page(request, slug):
    page = get_object_or_404(InfoPage, slug=slug)
    # Escaped Markdown, as a story's body; a page has no photos, so a photo line shows nothing.
    # Rendered per view: these pages are short and seldom read, unlike stories.
    body = place_photos(render_body(page.body).html, lambda photo_id: "")
    return render(request, "articles/info_page.html", {"page": page, "body": body})
