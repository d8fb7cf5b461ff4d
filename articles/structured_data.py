"""What search engines read about a story: schema.org ``NewsArticle`` and the canonical URL."""

from photos.templatetags.pictures import rendition_url


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
    if lead:
        address = rendition_url(lead.photo, 1280)
        if address:
            data["image"] = [request.build_absolute_uri(address)]
    if article.is_repost and is_http_url(article.source_url):
        data["isBasedOn"] = article.source_url
    return data
