from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One story's words as search tokens: derived data, rebuilt by ``articles.search``.

    Both fields hold space-separated tokens (see ``articles.search.tokens``),
    padded with a space at each end so that `` token `` finds whole tokens.
    On PostgreSQL a GIN index over their ``to_tsvector('simple', …)`` answers
    queries; on SQLite an FTS5 table kept in step by triggers does (both made
    by migration 0007).
    """

    article = models.OneToOneField(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="search_entry",
    )
    title_tokens = models.TextField(
        _("title tokens"), blank=True,
        help_text=_("Headline, summary, kicker and subtitle."),
    )
    body_tokens = models.TextField(
        _("body tokens"), blank=True,
        help_text=_("Body, captions, names and fact boxes."),
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return str(self.article_id)
