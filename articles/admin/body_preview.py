"""Word count, reading time and the live body preview on the story form (issue 8, helper E)."""


class BodyPreviewAdmin:
    """ArticleAdmin's live preview endpoint and the form's word count."""
