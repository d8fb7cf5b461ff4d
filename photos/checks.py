"""Misconfigurations of the library caught by ``manage.py check``."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def originals_not_public(app_configs, **kwargs):
    """Originals keep the camera's location: they must never sit under MEDIA_ROOT."""
    backend = settings.STORAGES.get("originals", {}).get("BACKEND", "")
    if not backend:
        return [Error("STORAGES has no 'originals' entry.", id="photos.E001")]
    if not backend.endswith("PrivateFileSystemStorage"):
        return []
    private = Path(settings.NEWSDESK_PRIVATE_MEDIA_ROOT).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if private == media or media in private.parents or private in media.parents:
        return [
            Error(
                "NEWSDESK_PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap: originals would be public.",
                hint="Keep the two folders apart.",
                id="photos.E002",
            )
        ]
    return []
