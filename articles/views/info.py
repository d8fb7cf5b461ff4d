"""The paper's own pages (about, contact)."""

from django.http import Http404


def info_page(request, slug):
    raise Http404  # groundwork: built by the site furniture's part of issue 9
