"""The newsroom's admin, one module per concern; importing them registers the models.

taggit registers its own Tag admin (with search_fields = ["name"]); it is kept.
"""

from . import articles, events, people, photos, users  # noqa: F401
