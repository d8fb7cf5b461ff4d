"""Shareable preview links on the story's admin page (issue 8, helper C)."""


class PreviewLinksAdmin:
    """ArticleAdmin's preview-link pages: create, list, revoke."""
