"""The desk's changelist columns and filters (issue 8, helper D)."""


class DeskColumnsAdmin:
    """ArticleAdmin's columns and filters for the desk: mine, waiting for me, submitter."""
