"""The reader lists: search, section, tag and people pages, and their JSON."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from .. import api
from ..listing import Listing, Preset
from ..models import Article, Contributor, Section, TaggedArticle
from ..photo_pages import photo_page


def story_list(request, context=None, preset=None):
    """Any reader list: the page, or the same data as JSON with ``?format=json``."""
    if request.GET.get("format") == "json":
        try:
            return api.listing_response(Listing(request, preset))
        except Http404:
            return api.no_such_page()
    listing = Listing(request, preset)
    return render(request, "articles/article_list.html", {
        **(context or {}), "listing": listing, "page_obj": listing.page,
    })


def search(request):
    return story_list(request, {"is_search": True})


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    return story_list(
        request, {"section": section, "heading": section.name},
        Preset("section", section.slug, "articles:section"),
    )


def tag_detail(request, slug):
    # A tag only scheduled or draft stories carry does not exist for readers yet.
    tag = get_object_or_404(
        Tag, slug=slug, pk__in=TaggedArticle.objects.filter(
            content_object__in=Article.objects.published()).values("tag_id")
    )
    return story_list(
        request, {"tag": tag, "heading": tag.name}, Preset("tag", tag.slug, "articles:tag"),
    )


def contributor_detail(request, slug):
    contributor = get_object_or_404(Contributor, slug=slug)
    photos = photo_page(contributor, request.GET.get("photos_page"))
    return story_list(
        request, {"contributor": contributor, "heading": contributor.name, "photo_page": photos},
        Preset("contributor", contributor.slug, "articles:contributor"),
    )
