"""Request hygiene that every view, the admin's included, relies on."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Refuse a NUL character in the path or the query string with a 400.

    No address or search of ours ever contains one, and PostgreSQL refuses to
    compare text with it, so without this a crafted URL turns a lookup into a
    server error. Form input is covered separately: Django's form fields
    reject NUL with a message of their own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest(_("The address contains a character that is not allowed."))
        return self.get_response(request)
