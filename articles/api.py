"""Reader lists as JSON: any list's address with ``?format=json``.

The same ``Listing`` as the page (same filters, counts and pages), for apps and
mini-programs. A read-only API: only what the public list shows. Invalid
filter values answer 400 with the form's errors.
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import JsonResponse
from django.utils.translation import gettext

from photos.templatetags.pictures import nearest_item, renditions

from .credits import photo_credit
from .figures import lead_photo
from .models import Byline


def _absolute(request, location):
    return request.build_absolute_uri(location)


def _image(request, usage):
    if usage is None:
        return None
    photo = usage.photo
    item = nearest_item(photo, 1280)
    return {
        "url": _absolute(request, renditions.url(item["jpeg"])) if item else None,
        "width": item["w"] if item else None,
        "height": item["h"] if item else None,
        "alt": photo.alt_text,
        "caption": usage.printed_caption,
        "credit": photo_credit(photo),
    }


def story(request, article):
    return {
        "id": article.short_id,
        "title": article.title,
        "url": _absolute(request, article.get_absolute_url()),
        "summary": article.summary,
        "section": {
            "slug": article.section.slug,
            "name": article.section.name,
            "url": _absolute(request, article.section.get_absolute_url()),
        },
        "bylines": [
            {
                "name": byline.contributor.name,
                "role": byline.credited_role.printed,
                "url": _absolute(request, byline.contributor.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ],
        "lead_image": _image(request, lead_photo(article)),
        "published_at": article.publish_at.isoformat(),
    }


def _page_link(request, number):
    params = request.GET.copy()
    params["page"] = number
    return _absolute(request, f"{request.path}?{params.urlencode()}")


def no_such_page():
    """A page number that names no page of the list (abc, 0, past the end), as JSON."""
    return JsonResponse(
        {"errors": {"page": [gettext("There is no such page of this list.")]}},
        status=404, json_dumps_params={"ensure_ascii": False},
    )


def listing_response(listing):
    request = listing.request
    if not listing.is_valid:
        return JsonResponse(
            {"errors": {name: [str(e) for e in errors]
                        for name, errors in listing.filter.form.errors.items()}},
            status=400, json_dumps_params={"ensure_ascii": False},
        )
    page = listing.page
    articles = list(page.object_list)
    prefetch_related_objects(
        articles, Prefetch("bylines", queryset=Byline.objects.select_related("contributor"))
    )
    return JsonResponse({
        "count": listing.counts.total,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": _page_link(request, page.next_page_number())
        if page.has_next() else None,
        "previous": _page_link(request, page.previous_page_number())
        if page.has_previous() else None,
        "results": [story(request, article) for article in articles],
        "facets": {
            facet.name: {
                "label": str(facet.label),
                "values": [
                    {"value": c.value, "label": str(c.label), "count": c.count,
                     "selected": c.selected}
                    for c in facet.choices
                ],
            }
            for facet in listing.facets
        },
    }, json_dumps_params={"ensure_ascii": False})
