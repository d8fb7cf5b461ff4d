"""What may name a tag: one rule for the article form and a photo file's keywords.

A tag is reached by its slug (``/tag/<slug>/``, ``?tag=<slug>``); taggit makes
an empty slug of a name with no letter or digit (``🔥``, ``……``), and such a tag
could never be listed or chosen.
"""

from taggit.models import Tag

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


def has_slug(name):
    """Whether taggit can make a slug of ``name`` (it holds a letter or a digit)."""
    return bool(Tag().slugify(name))
