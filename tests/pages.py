"""Reading rendered pages the way a reader would, for assertions."""

import html
import re

from django.utils.html import strip_tags


def assert_in_order(haystack, needles):
    """Each needle occurs in ``haystack``, each after the one before it."""
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"{needle!r} not found after position {position}"
        position = found + len(needle)


def article_element(page):
    """The HTML of the page's <article> element."""
    match = re.search(r"<article\b.*?</article>", page, re.S)
    assert match, "the page has no <article>"
    return match[0]


def visible_text(fragment):
    """Roughly what a reader sees of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(strip_tags(fragment))
