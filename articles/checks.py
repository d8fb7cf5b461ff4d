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
