"""The front page: the desk's arrangement (articles.frontpage), filled by time."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from ..frontpage import front_page
from .lists import story_list


def home(request):
    if request.GET.get("format") == "json":
        # Before the arranged front page, "/" was the newest-first list; its JSON stays.
        return story_list(request)
    if "page" in request.GET:
        # Old links to the list's later pages: the full list now lives at /search/.
        return HttpResponsePermanentRedirect(
            f"{reverse('articles:search')}?{request.GET.urlencode()}"
        )
    return render(request, "articles/home.html", {"front": front_page(), "is_home": True})
