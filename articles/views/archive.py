"""The date archive: /archive/2024/, /archive/2024/01/, /archive/2024/01/20/."""

from django.http import Http404


def archive_index(request):
    raise Http404  # groundwork: built by the archive's part of issue 9


def archive_year(request, year):
    raise Http404


def archive_month(request, year, month):
    raise Http404


def archive_day(request, year, month, day):
    raise Http404
