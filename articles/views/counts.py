"""The beacon a public article page sends once it is read (articles.viewcounts)."""

from django.http import Http404


def seen(request, short_id):
    raise Http404  # groundwork: built by the view counts' part of issue 9
