"""The story's revisions in the admin: list, compare, restore (issue 8, helper A)."""


class RevisionsAdmin:
    """ArticleAdmin's revision pages and the recording of every save."""
