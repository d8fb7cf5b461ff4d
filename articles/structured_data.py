"""What search engines read about a story: schema.org ``NewsArticle`` and the canonical URL."""

from photos import renditions
from photos.templatetags.pictures import nearest_item

from .credits import photo_credit
from .models import CreditVerb

# The JSON-LD picture: large enough for search results and social cards.
IMAGE_WIDTH = 1280
# Credit verbs after which a bare name is an agency, not a person: 新华社发, 视觉中国.
AGENCY_VERBS = {CreditVerb.RELEASED, CreditVerb.NONE}


def is_http_url(url):
    """Only web addresses leave the site: a stored ``javascript:`` link must never run."""
    return bool(url) and url.lower().startswith(("http://", "https://"))


def canonical_url(article, request):
    """A repost points search engines at its original; everything else at itself."""
    if article.is_repost and is_http_url(article.canonical_url):
        return article.canonical_url
    return request.build_absolute_uri(article.get_absolute_url())


def news_article(article, request, *, site_name, lead=None):
    """The schema.org ``NewsArticle`` of a story, as a dict for JSON-LD."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "author": [
            {
                "@type": "Person",
                "name": byline.contributor.name,
                "url": request.build_absolute_uri(byline.contributor.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ],
        "publisher": {"@type": "Organization", "name": str(site_name)},
        "dateModified": article.updated_at.isoformat(),
    }
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
    images = [image_object(ap, request) for ap in story_photos(article, lead)]
    if images := [image for image in images if image]:
        data["image"] = images
    if article.is_repost and is_http_url(article.source_url):
        data["isBasedOn"] = article.source_url
    return data


def story_photos(article, lead):
    """The lead photo first, then the story's others in order (as prefetched)."""
    others = [ap for ap in article.article_photos.all() if not lead or ap.pk != lead.pk]
    return [lead, *others] if lead else others


def image_object(article_photo, request):
    """A story's photo as a schema.org ``ImageObject``, or None without a rendition."""
    photo = article_photo.photo
    item = nearest_item(photo, IMAGE_WIDTH)
    if item is None:
        return None
    data = {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(renditions.url(item["jpeg"])),
        "width": item["w"],
        "height": item["h"],
    }
    if caption := article_photo.printed_caption:
        data["caption"] = caption
    if credit := photo_credit(photo):
        data["creditText"] = credit
    if creator := photo_creator(photo, request):
        data["creator"] = creator
    return data


def photo_creator(photo, request):
    """Who made the picture: a Person, an agency as an Organization, or None when unsure.

    A bare name with 供图 or 资料图 (受访者 供图, 长江日报 供图) may be a person or a
    body; saying nothing is better than saying the wrong one, and the printed
    credit still goes out as ``creditText``.
    """
    contributor = photo.credit_contributor
    if contributor:
        return {
            "@type": "Person",
            "name": contributor.name,
            "url": request.build_absolute_uri(contributor.get_absolute_url()),
        }
    name = photo.credit_name
    if name and (photo.credit_role or photo.credit_verb == CreditVerb.TOOK):
        return {"@type": "Person", "name": name}
    agency = name or photo.credit_organisation
    if agency and not photo.credit_role and photo.credit_verb in AGENCY_VERBS:
        return {"@type": "Organization", "name": agency}
    return None
