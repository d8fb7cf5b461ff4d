"""The reader's 404 and 500 pages, which must work with DEBUG off."""

from django.views import defaults


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception)  # groundwork: styled by issue 9


def server_error(request):
    return defaults.server_error(request)
