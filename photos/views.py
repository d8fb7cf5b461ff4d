"""Originals, for the desk only: the one way to fetch a file as uploaded."""

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from . import formats
from .models import AbstractImage


def owner_of(name):
    """The library image whose original is stored as ``name``, and its model."""
    for model in apps.get_models():
        if issubclass(model, AbstractImage):
            found = model._default_manager.filter(image=name).first()
            if found is not None:
                return model, found
    raise Http404


@require_safe
@staff_member_required
def original(request, name):
    model, image = owner_of(name)
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise PermissionDenied
    try:
        file = image.image.storage.open(image.image.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = formats.ACCEPTED.get(image.file_format)
    response = FileResponse(
        file, content_type=formats.content_type(image.file_format), as_attachment=False,
        filename=f"original-{image.pk}{extension.extension if extension else ''}",
    )
    # Served as a picture and nothing else: no script runs in it even if a
    # browser were talked into rendering it as a document.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
