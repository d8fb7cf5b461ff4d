"""The newsroom's admin, one module per concern; importing them registers the models.

taggit registers its own Tag admin (with search_fields = ["name"]); ``tags`` keeps it and
only makes its merge action's label translatable.
"""

from . import articles, events, frontpage, pages, people, photos, tags, users  # noqa: F401
