"""What machines ask a site for by name: robots.txt, the favicon, the web-app manifest."""

from django.http import Http404


def robots_txt(request):
    raise Http404  # groundwork: built by the feeds and sitemaps' part of issue 9


def favicon(request):
    raise Http404


def manifest(request):
    raise Http404
