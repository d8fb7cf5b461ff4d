"""The article page: readers', staff previewing, and preview links'."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .. import previews
from ..figures import lead_photo, render_story_body
from ..models import Article, ArticlePhoto, Byline
from ..readers import unprefixed, viewer
from ..related import related_stories, section_neighbours
from ..sharing import reading_minutes, weibo_share_url
from ..structured_data import canonical_url


def readable_articles(user):
    """What ``user`` may open: the public stories, or any story for staff who preview."""
    if user.is_staff and user.has_perm("articles.view_article"):
        return Article.objects.all()
    return Article.objects.published()


def for_reading(queryset):
    """Everything the article page prints, in a fixed number of queries.

    The page prints the body as stored rendered (``body_html``), so the
    Markdown source is not fetched.
    """
    return (
        queryset.defer("body")
        .select_related("section", "responsible_editor")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("contributor")),
            Prefetch(
                "article_photos",
                queryset=ArticlePhoto.objects.select_related("photo__credit_contributor"),
            ),
            "fact_boxes",
            "corrections",
            "tags",
        )
    )


def article_detail(request, short_id):
    try:
        article = for_reading(readable_articles(viewer(request))).get(short_id=short_id)
    except Article.DoesNotExist:
        return withdrawn_notice(request, short_id)
    is_preview = not article.is_public()
    response = article_page(request, article, render_story_body(article), is_preview=is_preview)
    if is_preview:
        # A preview must never be kept by a browser or a shared cache.
        add_never_cache_headers(response)
    return response


@require_safe
def preview_link(request, token):
    """A story shown to someone without a login, through a link the desk gave them."""
    link = previews.working_link(token)
    article = None
    if link is not None:
        # None as well if the story was deleted since the line above.
        article = for_reading(Article.objects.filter(pk=link.article_id)).first()
    if article is None:
        return private_page(render(request, "articles/preview_link_gone.html", status=404))
    previews.record_visit(link, request)
    if article.is_public():
        return private_page(redirect(article.get_absolute_url()))
    story = render_story_body(article)
    story.html = previews.without_private_links(story.html, request)
    return private_page(article_page(
        request, article, story, is_preview=True, preview_link=link,
        unlinked_tag_ids=previews.unlinked_tag_ids(article),
    ))


def article_page(request, article, story, **context):
    """The article page of ``article`` with its body ``story``: readers', staff's and
    preview links' alike.

    What to read next (related stories, the section's previous and next) is
    public stories only, two queries whatever the story's tags. A page with
    ``is_preview`` gets no view-count beacon (``articles.viewcounts``).
    """
    # One address whatever language the page is read in (/en/… and /zh-hans/… too).
    with unprefixed(request):
        absolute_url = request.build_absolute_uri(article.get_absolute_url())
        canonical = canonical_url(article, request)
    return render(request, "articles/article_detail.html", {
        "article": article,
        "story": story,
        "lead": lead_photo(article),
        "absolute_url": absolute_url,
        "canonical_url": canonical,
        "reading_minutes": reading_minutes(article),
        "weibo_url": weibo_share_url(absolute_url, article.title),
        "related": related_stories(article),
        "neighbours": section_neighbours(article),
        **context,
    })


def private_page(response):
    """A page at a secret address: never kept, never indexed, never named in a Referer."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def withdrawn_notice(request, short_id):
    """410 Gone with a notice for a story readers once had; 404 for anything else."""
    article = (
        Article.objects.withdrawn_after_publication()
        .only("short_id", "title", "publish_at", "withdrawn_at")
        .filter(short_id=short_id)
        .first()
    )
    if article is None:
        raise Http404
    return render(request, "articles/withdrawn.html", {"article": article}, status=410)
