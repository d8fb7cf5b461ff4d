"""The beacon a public article page sends once it is read (see ``articles.viewcounts``)."""

from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import viewcounts
from ..models import Article


# CSRF-exempt: anonymous pages carry no CSRF cookie (they set no cookie at all),
# and a forged beacon can do no more than an honest one: count one view, once.
@csrf_exempt
@require_POST
def seen(request, short_id):
    """204 for a view of a public story, counted when a person's and not a repeat; else 404."""
    article_id = (
        Article.objects.published().filter(short_id=short_id).values_list("pk", flat=True).first()
    )
    if article_id is None:
        raise Http404
    # Behind a proxy or load balancer every reader has its address: the client's is in
    # X-Forwarded-For. Both go into the dedupe key, unchecked: it is a key, not a trust
    # decision, and a client forging the header gains no more than one changing its
    # User-Agent (a view counted again), while readers behind one proxy stay apart.
    address = "{} {}".format(
        request.META.get("REMOTE_ADDR", ""), request.headers.get("x-forwarded-for", ""),
    )
    user_agent = request.headers.get("user-agent", "")
    if viewcounts.should_count(article_id, address, user_agent):
        viewcounts.record_view(article_id)
    response = HttpResponse(status=204)
    # no-store (and the rest): neither a browser nor a shared cache may answer the next one.
    add_never_cache_headers(response)
    return response
