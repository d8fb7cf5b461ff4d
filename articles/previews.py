"""Shareable preview links: make one, give its address, read an address back, revoke one.

The address carries the link's random key signed with the site's secret
(``/preview/<key>.<signature>/``), so a guessed, altered or cut address is
refused before any query. The database row decides whether a well-signed link
still works: its expiry, its revocation and the story's state.

What an outsider is told about a link that does not work is the same whatever
the reason: a revoked link must not confirm that the story exists.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http.request import validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import permissions, readers
from .models import Article, PreviewLink, PreviewVisit, TaggedArticle
from .models.previews import PREVIEW_KEY_LENGTH

# Each use of the secret key gets its own salt, so a signature made here is
# worth nothing anywhere else (and the other way round).
LINK_SALT = "articles.previews.link"
VISIT_SALT = "articles.previews.visit"
SIGN_SEP = "."
# 24 random bytes are 32 URL-safe characters: the key column's width.
KEY_BYTES = PREVIEW_KEY_LENGTH * 3 // 4
# key "." signature (43 characters for SHA-256); anything much longer is not ours.
MAX_TOKEN_LENGTH = 100
_TOKEN_SHAPE = re.compile(
    rf"[A-Za-z0-9_-]{{{PREVIEW_KEY_LENGTH}}}{re.escape(SIGN_SEP)}[A-Za-z0-9_-]{{20,64}}"
)
# The longest validity the desk may choose: two weeks.
MAX_HOURS = 14 * 24


def default_hours():
    """How long a new link works unless its maker says otherwise (a setting)."""
    return settings.NEWSDESK_PREVIEW_LINK_HOURS


def _signer():
    # Made per call: the secret is read when the signer is made.
    return signing.Signer(salt=LINK_SALT, sep=SIGN_SEP)


# --- making and revoking links ---------------------------------------------------


def create(article, *, by, recipient="", hours=None, now=None):
    """A new link to ``article`` working for ``hours`` from now.

    Refused (PermissionDenied) to whoever may not share the story; refused
    (ValidationError) for a story readers can already see: its address will do.
    """
    if not permissions.may_share_preview(by, article):
        raise PermissionDenied
    now = now or timezone.now()
    if article.is_public(now):
        raise ValidationError(_("This story is public: share its address instead."))
    hours = default_hours() if hours is None else hours
    return PreviewLink.objects.create(
        article=article,
        key=secrets.token_urlsafe(KEY_BYTES),
        recipient=recipient,
        created_by=by,
        expires_at=now + timedelta(hours=hours),
    )


def revoke(link, *, by, now=None):
    """Stop ``link`` working; whether this call revoked it (twice is harmless)."""
    if not permissions.may_revoke_preview(by, link):
        raise PermissionDenied
    now = now or timezone.now()
    # One UPDATE: of two revocations racing, the first one's name and time stay.
    revoked = PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )
    if revoked:
        link.revoked_at, link.revoked_by = now, by
    return bool(revoked)


# --- addresses -------------------------------------------------------------------


def token_for(link):
    """What the address carries: the key, signed."""
    return _signer().sign(link.key)


def link_path(link):
    return reverse("articles:preview", kwargs={"token": token_for(link)})


def key_from_token(token):
    """The key a token carries, or None when it is not one we made.

    Length, characters and signature are checked here, before any query, so a
    10 000-character or altered token costs no database work.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH or not _TOKEN_SHAPE.fullmatch(token):
        return None
    try:
        return _signer().unsign(token)
    except signing.BadSignature:
        return None


def working_link(token, now=None):
    """The link ``token`` names if it still works, else None.

    Not working: unknown, revoked, expired (at its expiry time exactly), or its
    story withdrawn. A deleted story took its links with it.
    """
    key = key_from_token(token)
    if key is None:
        return None
    return (
        PreviewLink.objects.filter(
            key=key, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )
        .exclude(article__status=Article.Status.WITHDRAWN)
        .first()
    )


# --- visits ----------------------------------------------------------------------


def hash_address(address):
    """A keyed hash of an IP address: equal addresses match, none can be read back."""
    return salted_hmac(VISIT_SALT, address or "", algorithm="sha256").hexdigest()


def record_visit(link, request):
    """Log one use of ``link``; the address is kept only as its keyed hash."""
    return PreviewVisit.objects.create(
        link=link, ip_hash=hash_address(request.META.get("REMOTE_ADDR"))
    )


# --- the desk's view of a story's links ------------------------------------------


@dataclass
class LinkRow:
    """One link as the story's admin pages list it."""

    link: PreviewLink
    state: str  # "active", "expired" or "revoked"
    url: str  # the full address, for an active link only
    may_revoke: bool
    revoke_url: str = ""  # where the admin takes the revocation

    @property
    def is_active(self):
        return self.state == "active"


def state(link, now=None):
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at <= (now or timezone.now()):
        return "expired"
    return "active"


def rows_for(article, request, revoke_url=None, now=None):
    """The story's links, newest first, with their uses, for ``request.user``.

    ``revoke_url(link)`` gives the address revoking a link, for those the user may revoke.
    """
    now = now or timezone.now()
    links = (
        article.preview_links.select_related("created_by", "revoked_by")
        .annotate(uses=Count("visits"), last_used=Max("visits__at"))
        .order_by("-created_at", "-id")
    )
    rows = []
    for link in links:
        link_state = state(link, now)
        active = link_state == "active"
        may_revoke = active and permissions.may_revoke_preview(request.user, link)
        rows.append(LinkRow(
            link=link,
            state=link_state,
            url=request.build_absolute_uri(link_path(link)) if active else "",
            may_revoke=may_revoke,
            revoke_url=revoke_url(link) if may_revoke and revoke_url else "",
        ))
    return rows


# --- what a preview page may link to ---------------------------------------------

# Reader pages open to anyone whatever the story: a link to them leaks nothing.
_OPEN_VIEWS = {"articles:home", "articles:search", "articles:section", "articles:contributor"}
_BODY_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.S)


def unlinked_tag_ids(article):
    """The story's tags that no public story carries: their pages do not exist yet."""
    tag_ids = {tag.pk for tag in article.tags.all()}
    if not tag_ids:
        return set()
    public = TaggedArticle.objects.filter(
        tag_id__in=tag_ids, content_object__in=Article.objects.published()
    ).values_list("tag_id", flat=True)
    return tag_ids - set(public)


def without_private_links(html, request):
    """The rendered body with every link into a non-public page of ours reduced to its text.

    A body may link (Markdown ``[text](/a/1234abcd/)``) to another story that
    is not public yet, or to the admin: on a page shown to outsiders such a
    link would name it. Links elsewhere on the web are kept.
    """
    found = [
        (match, _our_target(unescape(match[1]), request)) for match in _BODY_LINK.finditer(html)
    ]
    wanted = {kind: {value for _m, (k, value) in _ours(found) if k == kind}
              for kind in ("detail", "tag")}
    public = Article.objects.published()
    allowed = {("open", None)}
    if wanted["detail"]:
        allowed |= {("detail", short_id) for short_id in public.filter(
            short_id__in=wanted["detail"]).values_list("short_id", flat=True)}
    if wanted["tag"]:
        allowed |= {("tag", slug) for slug in TaggedArticle.objects.filter(
            tag__slug__in=wanted["tag"], content_object__in=public,
        ).values_list("tag__slug", flat=True)}

    pieces, position = [], 0
    for match, target in _ours(found):
        if target not in allowed:
            pieces += [html[position:match.start()], match[3]]
            position = match.end()
    if not pieces:
        return html
    pieces.append(html[position:])
    return mark_safe("".join(pieces))  # noqa: S308 (pieces of the already safe body)


def _is_this_site(hostname, request):
    # Any name this site answers to, not only the one this request used.
    this = urlsplit(f"//{request.get_host()}").hostname
    return hostname == this or validate_host(hostname, settings.ALLOWED_HOSTS)


def _ours(found):
    return [(match, target) for match, target in found if target is not None]


def _our_target(href, request):
    """What a body link leads to on this site: ("detail", short_id), ("tag", slug),
    ("open", None) for a page anyone may see, ("private", None) for anything else of
    ours, or None for an address elsewhere."""
    parts = urlsplit(urljoin(request.path, href))
    if parts.scheme not in ("", "http", "https"):
        return None
    if parts.netloc and not _is_this_site(parts.hostname or "", request):
        return None
    # The server hands Django the decoded path (/%61/ is /a/), and APPEND_SLASH sends
    # a browser on from /a/<id> to /a/<id>/: resolve what the browser will end up at.
    path = unquote(parts.path or "/")
    # /en/a/<id>/ is the same story as /a/<id>/ (articles.readers): resolve it unprefixed.
    _language, path = readers.split_language_prefix(path)
    candidates = [path] if path.endswith("/") or not settings.APPEND_SLASH else [path, f"{path}/"]
    for candidate in candidates:
        try:
            match = resolve(candidate)
            break
        except Resolver404:
            continue
    else:
        return None  # leads nowhere we serve (the admin answers every address under it)
    name = match.view_name
    if name == "articles:detail":
        return ("detail", match.kwargs["short_id"])
    if name == "articles:tag":
        return ("tag", match.kwargs["slug"])
    if name in _OPEN_VIEWS:
        return ("open", None)
    return ("private", None)
