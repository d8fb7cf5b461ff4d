"""RSS 2.0 and Atom feeds: the whole site, a section, a tag, a contributor.

Each feed is a small ``django.contrib.syndication`` subclass: the site feed
says which stories (``stories``) and what the feed is called; the others only
add how they find their object. Every story comes from ``published()``, newest
first, with everything an item prints fetched in a fixed number of queries.

Feeds are written in the stories' language, whatever the reader's interface
language: a feed reader polls one address for everyone, so its titles must
not depend on who asked first.
"""

import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from taggit.models import Tag

from photos import renditions

from .credits import byline_line, photo_credit
from .models import Article, ArticlePhoto, Byline, Contributor, Section, TaggedArticle
from .readers import unprefixed

log = logging.getLogger(__name__)

# How many stories a feed holds: a day or two of a city paper's output.
FEED_SIZE = 30
# The lead picture a feed item carries: wide enough for a reader's card, a JPEG
# because every feed reader shows one (not all show WebP).
ENCLOSURE_WIDTH = 960
ENCLOSURE_FORMAT = "jpeg"
ENCLOSURE_MIME_TYPE = "image/jpeg"
# Rendition files never change under a name (the name holds the picture's key
# and the spec), so their sizes can be kept for long: a day bounds a stale one.
SIZE_CACHE_SECONDS = 24 * 60 * 60
# Feed readers poll; five minutes keeps a shared cache useful and news fresh.
FEED_MAX_AGE = 5 * 60
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


def site_name():
    return settings.NEWSDESK_SITE_NAME or _("Newsdesk")


def rss_language(tag=None):
    """The content language as RSS 2.0 and Google News spell it: ``zh-Hans`` → ``zh-cn``.

    Both take the old RFC 1766 codes, where Chinese is named by a country:
    ``zh-cn`` (Simplified) and ``zh-tw`` (Traditional); other languages by their
    ISO 639 code alone.
    """
    tag = (tag or settings.NEWSDESK_CONTENT_LANGUAGE).lower()
    primary, *rest = tag.replace("_", "-").split("-")
    if primary == "zh":
        return "zh-tw" if {"hant", "tw", "hk", "mo"} & set(rest) else "zh-cn"
    return primary


def content_translation():
    """The translation the machine-read outputs are written in: the site's default."""
    return translation.override(settings.LANGUAGE_CODE)


def for_feed(queryset):
    """Everything an item prints, in a fixed number of queries whatever the count."""
    return (
        queryset.defer("body", "body_html", "body_toc")
        .select_related("section")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("contributor")),
            Prefetch(
                "article_photos",
                queryset=ArticlePhoto.objects.filter(is_lead=True)
                .select_related("photo__credit_contributor"),
                to_attr="lead_photos",
            ),
            "tags",
        )
        .order_by("-publish_at", "-id")
    )


def enclosure_item(photo):
    """The recorded rendition an enclosure points at, or None.

    Renditions are read as recorded, never made here: a feed of fifty stories
    must not decode fifty originals. A picture without renditions yet (they are
    made at upload) goes out without an enclosure until a page makes them.
    """
    items = renditions.items(photo)
    if not items:
        return None
    return min(items, key=lambda item: abs(item["w"] - ENCLOSURE_WIDTH))


def file_sizes(names):
    """{name: bytes} for the rendition files that exist; one cache round trip.

    A missing file is left out (and logged), so its item goes out without an
    enclosure instead of breaking the feed.
    """
    keys = {name: f"newsdesk:rendition-size:{name}" for name in names}
    kept = cache.get_many(keys.values())
    sizes, found = {}, {}
    for name, key in keys.items():
        if key in kept:
            sizes[name] = kept[key]
            continue
        try:
            sizes[name] = found[key] = default_storage.size(name)
        except Exception:  # noqa: BLE001 - any storage's "not there": no enclosure, no 500
            log.warning("Rendition %s is missing; its feed item has no enclosure", name)
    if found:
        cache.set_many(found, SIZE_CACHE_SECONDS)
    return sizes


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with every byline as a ``dc:creator``: RSS's own ``author`` is one e-mail."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _link in item["authors"]:
            handler.addQuickElement("dc:creator", name)


class NewsAtomFeed(Atom1Feed):
    """Atom with one ``author`` per byline, each linked to the person's page."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")


class StoryFeed(Feed):
    """The site's newest public stories as RSS 2.0; subclasses narrow ``stories``."""

    feed_type = NewsRssFeed

    @classmethod
    def as_view(cls):
        """A view making a feed object per request: ``items`` keeps state on it."""
        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)
        view.feed_class = cls
        return view

    @property
    def language(self):
        return rss_language()

    def __call__(self, request, *args, **kwargs):
        self.request = request
        # Read in /en/ or not, a feed names every page by its one canonical address.
        with content_translation(), unprefixed(request):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = settings.NEWSDESK_CONTENT_LANGUAGE
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    # The feed.

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj):
        stories = list(for_feed(self.stories(obj))[:FEED_SIZE])
        self.sizes = file_sizes(
            [item[ENCLOSURE_FORMAT] for item in map(self.lead_rendition, stories) if item]
        )
        return stories

    def title(self, obj):
        return site_name()

    def link(self, obj):
        return reverse("articles:home")

    def description(self, obj):
        return settings.NEWSDESK_SITE_DESCRIPTION or _("The newest stories from %(site)s.") % {
            "site": site_name()
        }

    def author_name(self, obj):
        # Atom wants an author for every entry; a story without bylines has the paper's.
        return settings.NEWSDESK_PUBLISHER or site_name()

    def feed_copyright(self, obj):
        return settings.NEWSDESK_PUBLISHER or None

    # Its items.

    def item_title(self, item):
        # RSS readers take a title as HTML (Django's #6533): escaped once more,
        # a headline about <script> shows as typed instead of being markup.
        return escape(item.title)

    def item_description(self, item):
        lead = self.lead(item)
        return render_to_string("feeds/item_description.html", {
            "article": item,
            "byline": byline_line(item.bylines.all()),
            "lead": lead,
            "lead_url": self.enclosure_url(item),
            "lead_credit": photo_credit(lead.photo) if lead else "",
        }).strip()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        # A story scheduled ahead was last saved before readers could see it.
        return max(item.updated_at, item.publish_at)

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_extra_kwargs(self, item):
        return {"authors": [
            (byline.contributor.name,
             self.request.build_absolute_uri(byline.contributor.get_absolute_url()))
            for byline in item.bylines.all()
        ]}

    def item_enclosures(self, item):
        url = self.enclosure_url(item)
        if not url:
            return []
        name = self.lead_rendition(item)[ENCLOSURE_FORMAT]
        return [Enclosure(url, str(self.sizes[name]), ENCLOSURE_MIME_TYPE)]

    # The lead picture.

    def lead(self, item):
        return item.lead_photos[0] if item.lead_photos else None

    def lead_rendition(self, item):
        lead = self.lead(item)
        return enclosure_item(lead.photo) if lead else None

    def enclosure_url(self, item):
        """The lead picture's absolute address, or "" when it has no file to send."""
        rendition = self.lead_rendition(item)
        if rendition is None or rendition[ENCLOSURE_FORMAT] not in self.sizes:
            return ""
        return self.request.build_absolute_uri(renditions.url(rendition[ENCLOSURE_FORMAT]))


class AtomFeedMixin:
    """The same feed as Atom, whose titles are text, not HTML."""

    feed_type = NewsAtomFeed

    @property
    def language(self):
        # Atom's xml:lang is BCP 47, which names the script as the stories do.
        return settings.NEWSDESK_CONTENT_LANGUAGE

    def item_title(self, item):
        return item.title

    def subtitle(self, obj):
        return self.description(obj)


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def stories(self, section):
        return Article.objects.published().filter(section=section)

    def title(self, section):
        return f"{site_name()} · {section.name}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or _("The newest stories in %(section)s.") % {
            "section": section.name
        }


class TagFeed(StoryFeed):
    def get_object(self, request, slug):
        # As the tag page: a tag only unpublished stories carry does not exist yet.
        return get_object_or_404(
            Tag, slug=slug, pk__in=TaggedArticle.objects.filter(
                content_object__in=Article.objects.published()).values("tag_id"),
        )

    def stories(self, tag):
        return Article.objects.published().filter(
            pk__in=TaggedArticle.objects.filter(tag=tag).values("content_object_id")
        )

    def title(self, tag):
        return f"{site_name()} · {tag.name}"

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return _("The newest stories tagged %(tag)s.") % {"tag": tag.name}


class ContributorFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Contributor, slug=slug)

    def stories(self, contributor):
        # As the person's page: the stories they have a byline on.
        return Article.objects.published().filter(
            pk__in=Byline.objects.filter(contributor=contributor).values("article_id")
        )

    def title(self, contributor):
        return f"{site_name()} · {contributor.name}"

    def link(self, contributor):
        return contributor.get_absolute_url()

    def description(self, contributor):
        return _("The newest stories by %(name)s.") % {"name": contributor.name}


class AtomStoryFeed(AtomFeedMixin, StoryFeed):
    pass


class AtomSectionFeed(AtomFeedMixin, SectionFeed):
    pass


class AtomTagFeed(AtomFeedMixin, TagFeed):
    pass


class AtomContributorFeed(AtomFeedMixin, ContributorFeed):
    pass
