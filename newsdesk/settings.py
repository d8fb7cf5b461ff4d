"""Newsdesk settings, all read from the environment.

The defaults give the embedded mode a new user runs with nothing installed
(SQLite, a local media folder, the local-memory cache). Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and, for object storage,
the AWS_* variables. DEBUG is off unless asked for.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's own overrides; the process environment still wins.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Demo content and demo logins exist only when asked for, and never without DEBUG.
DEMO_MODE = DEBUG and env.bool("NEWSDESK_DEMO", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README, 'Configuration')."
        )
    SECRET_KEY = "django-insecure-newsdesk-development-only"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "newsdesk.apps.NewsdeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_filters",
    "reversion",
    "photos",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and Last-Modified answered with 304 Not Modified: a reader, feed reader or
    # cache revalidating an unchanged page or feed gets no body again.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The reader's language from the address or the browser, never a cookie; the
    # admin's as Django's LocaleMiddleware decides it (articles.readers).
    "articles.middleware.ReaderLanguageMiddleware",
    # After the language is chosen, so the refusal speaks the reader's language.
    "articles.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"
ASGI_APPLICATION = "newsdesk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A small desk on the embedded database. SQLite's default (deferred)
    # transactions begin as readers; when two saves both try to become the
    # writer, SQLite cannot wait its way out and fails one at once with
    # "database is locked": one editor in two got a 500. IMMEDIATE takes the
    # write lock when the transaction begins, so saves queue for up to
    # "timeout" seconds instead. WAL lets pages be read while someone writes;
    # synchronous=NORMAL is WAL's usual partner (a power cut may lose the last
    # commits, never the file's integrity).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        # Options in DATABASE_URL (?timeout=5) still win.
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsdesk",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# Absolute: Django adds the script prefix to a relative one once, at first use, and
# a reader's /en/ page must not make it /en/static/ for everyone after.
STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Originals as uploaded (camera location included): outside MEDIA_ROOT, served
# only to the desk through a permission-checked view. Renditions are public media.
NEWSDESK_PRIVATE_MEDIA_ROOT = Path(
    env.str("NEWSDESK_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
)

# Object storage for media when a bucket is configured; local files otherwise.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None
    _media_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
    # The same bucket under a prefix no one can read without a signed, short-lived URL.
    _originals_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "location": env.str("NEWSDESK_ORIGINALS_PREFIX", default="private/originals"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _originals_storage = {"BACKEND": "photos.storage.PrivateFileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "originals": _originals_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: photographers send large camera files, but nothing unbounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
NEWSDESK_MAX_IMAGE_BYTES = env.int("NEWSDESK_MAX_IMAGE_BYTES", default=30 * 1024 * 1024)
# A decoded picture takes width x height x 4 bytes: 50 megapixels is 200 MB, and
# still takes a 48-megapixel phone photo or a 45-megapixel camera's.
NEWSDESK_MAX_IMAGE_PIXELS = env.int("NEWSDESK_MAX_IMAGE_PIXELS", default=50_000_000)

NEWSDESK_SITE_NAME = env.str("NEWSDESK_SITE_NAME", default="")
# The language the stories are written in (a BCP 47 tag), whatever the interface's.
NEWSDESK_CONTENT_LANGUAGE = env.str("NEWSDESK_CONTENT_LANGUAGE", default="zh-Hans")
# What the footer, feeds and the web-app manifest say of the paper; empty ones are not shown.
NEWSDESK_SITE_DESCRIPTION = env.str("NEWSDESK_SITE_DESCRIPTION", default="")
NEWSDESK_PUBLISHER = env.str("NEWSDESK_PUBLISHER", default="")  # the company behind the paper
NEWSDESK_CONTACT_EMAIL = env.str("NEWSDESK_CONTACT_EMAIL", default="")
NEWSDESK_CONTACT_PHONE = env.str("NEWSDESK_CONTACT_PHONE", default="")
# The numbers a site in mainland China must show: ICP filing (ICP备案号, links to the
# MIIT registry), public security filing (公安备案号, links to the MPS registry) and the
# internet news information service licence (互联网新闻信息服务许可证). Shown only when set.
NEWSDESK_ICP_NUMBER = env.str("NEWSDESK_ICP_NUMBER", default="")
NEWSDESK_PSB_NUMBER = env.str("NEWSDESK_PSB_NUMBER", default="")
NEWSDESK_NEWS_LICENCE = env.str("NEWSDESK_NEWS_LICENCE", default="")

# Facet counts of readers' lists are kept in the cache until a story or its parts
# change (articles.facets); this bounds it for changes that send no signal. 0: off.
# With several processes, keeping is only right with a shared cache (REDIS_URL).
NEWSDESK_FACET_CACHE_SECONDS = env.int("NEWSDESK_FACET_CACHE_SECONDS", default=600)
# How long a shareable preview link of an unpublished story works unless its creator
# chooses otherwise (articles.previews).
NEWSDESK_PREVIEW_LINK_HOURS = env.int("NEWSDESK_PREVIEW_LINK_HOURS", default=48)

# Production hardening: on unless DEBUG; each can be relaxed behind a proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
