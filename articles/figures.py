"""A story's photos as ``<figure>``s, and where each one goes on the page.

The body places photos with ``[photo:ID]``; the lead photo opens the story
unless the body places it itself, and photos attached but never placed follow
the body, so nothing an editor attached is lost.

The body arrives rendered (``Article.body_html``, kept by ``Article.save()``)
with a marker where each photo goes; here the markers become figures from the
photos as they are now, so a corrected caption or credit shows at once.
"""

from dataclasses import dataclass, field

from django.template.loader import get_template
from django.utils.safestring import SafeString

from .markup import Subhead, place_photos, toc_from_stored


def figure_html(article_photo, *, eager=False) -> SafeString:
    """One photo of a story with its printed caption and credit (the template links the name)."""
    photo = article_photo.photo
    return get_template("includes/figure.html").render(
        {
            "photo": photo,
            "caption": article_photo.printed_caption,
            "eager": eager,
        }
    )


@dataclass
class StoryBody:
    html: SafeString
    toc: list[Subhead] = field(default_factory=list)
    lead_figure: SafeString | str = ""
    trailing_figures: list[SafeString] = field(default_factory=list)


def lead_photo(article):
    """The story's lead ArticlePhoto from the prefetched photos, or None."""
    return _lead(article.article_photos.all())


def _lead(article_photos):
    return next((ap for ap in article_photos if ap.is_lead), None)


def render_story_body(article) -> StoryBody:
    """The stored body with its figures, from ``article.article_photos`` as prefetched.

    No Markdown is parsed here: this runs on every page view.
    """
    return story_body(article.body_html, article.body_toc, list(article.article_photos.all()))


def story_body(body_html, body_toc, attached) -> StoryBody:
    """A body rendered by ``markup.stored_rendering`` with the story's ``ArticlePhoto``s.

    The article page passes the stored rendering; the story form's live preview
    passes the text being typed, rendered the same way, so both show the same.
    """
    by_photo_id = {ap.photo_id: ap for ap in attached}
    figures, placed = {}, set()

    def render_photo(photo_id):
        placed.add(photo_id)
        article_photo = by_photo_id.get(photo_id)
        if article_photo is None:
            return ""
        # A photo placed many times is still drawn once: the cost per view follows
        # the photos attached, not the markers a body can repeat.
        if photo_id not in figures:
            figures[photo_id] = figure_html(article_photo)
        return figures[photo_id]

    html = place_photos(body_html, render_photo)
    lead = _lead(attached)
    if lead and lead.photo_id in placed:
        lead = None  # the body places it itself
    return StoryBody(
        html=html,
        toc=toc_from_stored(body_toc),
        # The lead is the first thing a reader sees, so it is not lazy-loaded.
        lead_figure=figure_html(lead, eager=True) if lead else "",
        trailing_figures=[
            figure_html(ap) for ap in attached if not ap.is_lead and ap.photo_id not in placed
        ],
    )
