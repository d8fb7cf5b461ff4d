"""System checks for misconfiguration the newsroom would only notice in production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def media_storage_configured(app_configs, **kwargs):
    errors = []
    if settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
        try:
            import storages  # noqa: F401
        except ImportError:
            errors.append(
                checks.Error(
                    "AWS_STORAGE_BUCKET_NAME is set but django-storages is not installed.",
                    hint="pip install 'newsdesk[production]'",
                    id="newsdesk.E001",
                )
            )
    return errors


@checks.register()
def preview_link_hours_in_range(app_configs, **kwargs):
    """A default validity the preview-link form would refuse is a mistake in the settings."""
    from .previews import MAX_HOURS

    hours = settings.NEWSDESK_PREVIEW_LINK_HOURS
    if isinstance(hours, int) and 1 <= hours <= MAX_HOURS:
        return []
    return [checks.Error(
        f"NEWSDESK_PREVIEW_LINK_HOURS is {hours!r}; a preview link works 1 to {MAX_HOURS} hours.",
        id="newsdesk.E020",
    )]
