"""What the article page offers for passing a story on, and how long it takes to read."""

from urllib.parse import urlencode

from django.utils.html import strip_tags

from .wordcount import count_words

WEIBO_SHARE = "https://service.weibo.com/share/share.php"


def weibo_share_url(url, title):
    """Weibo's share page for ``url`` with ``title`` prefilled, every value percent-encoded."""
    return f"{WEIBO_SHARE}?{urlencode({'url': url, 'title': title})}"


def reading_minutes(article):
    """Whole minutes to read the story's body, from the stored rendering.

    The page does not load the Markdown source (``for_reading`` defers it), so the
    rendered body's text is counted: the same characters and words a reader sees,
    as ``articles.wordcount`` counts them (photo markers and tags count nothing).
    """
    return count_words(strip_tags(article.body_html)).minutes
