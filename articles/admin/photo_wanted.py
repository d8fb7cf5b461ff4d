"""Stories asking the photo desk for pictures, as a read-only page of the photo library.

Photographers may not open stories (they hold no article permission at all),
yet they need to know which stories in progress want pictures. This page
shows them the request and just enough of the story to act on it, and gives
no way into the story itself: the story's own pages still answer 403.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Article

PER_PAGE = 50
# Who may see the page: whoever may bring photos to the library.
PERMISSION = "articles.add_photo"
VIEW_ARTICLE = "articles.view_article"


def wanted_stories():
    """Stories still being written or reviewed whose request for photos is not empty.

    A published (or scheduled) story is past asking, and a withdrawn one gone.
    """
    return (
        Article.objects.filter(status__in=[Article.Status.DRAFT, Article.Status.SUBMITTED])
        .exclude(photo_request="")
        .select_related("section", "created_by__contributor")
        .only(
            "title", "status", "publish_at", "photo_request", "created_at", "section__name",
            "created_by__username", "created_by__first_name", "created_by__last_name",
            "created_by__contributor__name",
        )
        .annotate(photo_count=Count("article_photos"))
        .order_by("-created_at", "-pk")
    )


def asker(user):
    """The name to print for who asked: the person's byline name where they have one."""
    if user is None:
        return "—"
    contributor = getattr(user, "contributor", None)
    return (contributor.name if contributor else "") or user.get_full_name() or user.username


def wanted_view(model_admin, request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    page = Paginator(wanted_stories(), PER_PAGE).get_page(request.GET.get("page"))
    # Only people who may see stories anyway get a link into them.
    may_open = request.user.has_perm(VIEW_ARTICLE)
    site = model_admin.admin_site.name
    rows = [
        {
            "article": article,
            "asked_by": asker(article.created_by),
            "url": (
                reverse(f"{site}:articles_article_change", args=[article.pk]) if may_open else ""
            ),
        }
        for article in page
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Photos wanted"),
        "rows": rows,
        "page_obj": page,
    }
    return TemplateResponse(request, "admin/articles/photo/wanted.html", context)
