"""The publish checklist: what a story must have before its final approval.

Every reason is listed at once, so the desk fixes them in one pass; nobody,
the chief included, publishes past it.
"""

from django.utils.translation import gettext as _

from .credits import photo_credit
from .models.text import visible_text

REPOST_FIELDS = ("source_name", "original_author", "original_title", "source_url")


def publication_problems(article, *, editor=None):
    """Why ``article`` may not be published yet; empty when it may.

    ``editor`` is the responsible editor the approval would set, when the
    story has none of its own yet.
    """
    problems = []
    if not visible_text(article.summary):
        problems.append(_("The story has no summary (导语)."))
    if not article.bylines.exists():
        problems.append(_("The story has no byline."))
    for usage in article.article_photos.select_related("photo__credit_contributor"):
        photo = usage.photo
        name = usage.printed_caption[:30] or photo.image.name
        if not visible_text(photo.alt_text):
            problems.append(_("The photo “%(photo)s” has no alt text.") % {"photo": name})
        if not photo_credit(photo):
            problems.append(_("The photo “%(photo)s” has no credit.") % {"photo": name})
    if article.responsible_editor_id is None and editor is None:
        problems.append(_("The story has no responsible editor (责任编辑)."))
    if any(getattr(article, field) for field in (*REPOST_FIELDS, "repost_notice")):
        labels = [
            str(article._meta.get_field(field).verbose_name)
            for field in REPOST_FIELDS
            if not getattr(article, field)
        ]
        if labels:
            problems.append(
                _("A reposted story needs its %(fields)s.") % {"fields": ", ".join(labels)}
            )
    return problems
