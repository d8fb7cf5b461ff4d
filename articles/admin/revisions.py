"""The story's revisions in the admin: list, compare, restore (issue 8, helper A).

What a revision holds and how a restore works is articles.revisions'; this
module records each admin save there and turns revisions into pages.
"""

import json

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from .. import permissions, revisions, workflow
from ..models import StoryRevision
from ..revision_diff import compare

# Django's own history page shows 100 entries; a revision row is taller.
REVISIONS_PER_PAGE = 50


def _number_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class RevisionsAdmin:
    """ArticleAdmin's revision pages and the recording of every save."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/", view(self.revisions_view),
                 name=f"{prefix}_revisions"),
            path("<path:object_id>/revisions/compare/", view(self.revision_choice_view),
                 name=f"{prefix}_revision_choice"),
            path("<path:object_id>/revisions/<int:old>/compare/<int:new>/",
                 view(self.revision_compare_view), name=f"{prefix}_revision_compare"),
            path("<path:object_id>/revisions/<int:rev>/restore/",
                 view(self.revision_restore_view), name=f"{prefix}_revision_restore"),
            *super().get_urls(),
        ]

    # --- recording ------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is not None and self.has_change_permission(request, article):
                # Before the first save of a story from before revisions were kept.
                revisions.ensure_baseline(article)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Stored as Django's history stores it, so it reads in each reader's language.
        message = self.construct_change_message(request, form, formsets, add=not change)
        revisions.record(form.instance, by=request.user, comment=json.dumps(message))

    # --- pages ----------------------------------------------------------------

    def revision_url(self, name, article, *args):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=[article.pk, *args],
        )

    def viewable_story(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No such story."))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    @staticmethod
    def story_revision(article, pk):
        """The story's revision ``pk``; another story's or an unknown one is a 404."""
        found = StoryRevision.objects.filter(article=article, pk=pk).first()
        if found is None:
            raise Http404(gettext("This story has no such revision."))
        return found

    def page_context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "article": article,
            "change_url": self.revision_url("change", article),
            "revisions_url": self.revision_url("revisions", article),
            **extra,
        }

    def revisions_view(self, request, object_id):
        """The story's revisions, newest first, with who, when and why, a page at a time."""
        article = self.viewable_story(request, object_id)
        numbers = self.revision_numbers(article)
        newest_first = list(reversed(numbers))
        page = Paginator(newest_first, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
        story_revisions = StoryRevision.objects.filter(pk__in=list(page)).select_related(
            "revision__user", "event"
        ).order_by("-id")
        latest = newest_first[0] if newest_first else None
        may_restore = permissions.may_edit(request.user, article)
        rows = [
            {
                "revision": sr,
                "number": numbers[sr.pk],
                "when": sr.revision.date_created,
                "who": sr.revision.user,
                "what": self.revision_label(sr, numbers),
                "comment": sr.revision.get_comment() if sr.revision.comment else "",
                # Restoring the latest revision would change nothing.
                "restore_url": (
                    self.revision_url("revision_restore", article, sr.pk)
                    if may_restore and sr.pk != latest else ""
                ),
                "old_checked": len(newest_first) > 1 and sr.pk == newest_first[1],
                "new_checked": sr.pk == latest,
            }
            for sr in story_revisions
        ]
        context = self.page_context(
            request, article, gettext("Revisions of “%(title)s”") % {"title": article.title},
            rows=rows, page=page, choice_url=self.revision_url("revision_choice", article),
        )
        return TemplateResponse(
            request, "admin/articles/article/revision_list.html", context
        )

    @staticmethod
    def revision_label(story_revision, numbers):
        """What made the revision: a workflow step, a restore, the first save or an edit."""
        if story_revision.event is not None:
            return story_revision.event.get_action_display()
        if story_revision.restored_from_id is not None:
            number = numbers.get(story_revision.restored_from_id)
            return gettext("Restored from revision %(number)s") % {"number": number or "?"}
        if revisions.is_baseline(story_revision):
            return gettext("Before revisions were kept")
        if numbers.get(story_revision.pk) == 1:
            return gettext("Created")
        return gettext("Edited")

    def revision_choice_view(self, request, object_id):
        """The list's Compare button: ?old=&new= to the compare page's address."""
        article = self.viewable_story(request, object_id)
        old, new = (_number_or_none(request.GET.get(key)) for key in ("old", "new"))
        # A negative number has no address (the path takes digits only): not a 500.
        if old is None or new is None or old < 0 or new < 0:
            messages.error(request, gettext("Choose two revisions to compare."))
            return HttpResponseRedirect(self.revision_url("revisions", article))
        return HttpResponseRedirect(self.revision_url("revision_compare", article, old, new))

    @staticmethod
    def revision_numbers(article):
        """Each revision's number in the story's list: 1 for the oldest."""
        ids = StoryRevision.objects.filter(article=article).order_by("id").values_list(
            "pk", flat=True
        )
        return {pk: number for number, pk in enumerate(ids, start=1)}

    @staticmethod
    def revision_heading(number, story_revision):
        return gettext("Revision %(number)s, %(when)s") % {
            "number": number, "when": workflow.local(story_revision.revision.date_created),
        }

    def revision_compare_view(self, request, object_id, old, new):
        """Two revisions of the story side by side."""
        article = self.viewable_story(request, object_id)
        older, newer = self.story_revision(article, old), self.story_revision(article, new)
        numbers = self.revision_numbers(article)
        context = self.page_context(
            request, article,
            gettext("Revision %(old)s compared with revision %(new)s") % {
                "old": numbers[older.pk], "new": numbers[newer.pk],
            },
            story_diff=compare(revisions.snapshot(older), revisions.snapshot(newer)),
            old_heading=self.revision_heading(numbers[older.pk], older),
            new_heading=self.revision_heading(numbers[newer.pk], newer),
        )
        return TemplateResponse(
            request, "admin/articles/article/revision_compare.html", context
        )

    def revision_restore_view(self, request, object_id, rev):
        """Confirm, then restore: the story's text and parts as the revision kept them."""
        article = self.viewable_story(request, object_id)
        chosen = self.story_revision(article, rev)
        if not permissions.may_edit(request.user, article):
            raise PermissionDenied
        if request.method == "POST":
            expected = _number_or_none(request.POST.get("expect_version"))
            try:
                restored = revisions.restore(chosen, by=request.user, expect_version=expected)
            except ValidationError as refusal:
                for message in refusal.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(self.revision_url("revisions", article))
            numbers = self.revision_numbers(article)
            messages.success(request, gettext(
                "Revision %(old)s was restored as a new revision, %(new)s; "
                "the earlier revisions are kept as they were."
            ) % {"old": numbers[chosen.pk], "new": numbers[restored.pk]})
            for skipped in restored.skipped:
                messages.warning(request, gettext("Not restored: %(part)s") % {"part": skipped})
            return HttpResponseRedirect(self.revision_url("change", article))
        numbers = self.revision_numbers(article)
        current = StoryRevision.objects.filter(article=article).order_by("-id").first()
        now = revisions.snapshot(current)
        context = self.page_context(
            request, article, gettext("Restore an earlier revision of “%(title)s”") % {
                "title": article.title,
            },
            chosen=chosen,
            story_diff=compare(now, revisions.as_restored(now, revisions.snapshot(chosen))),
            old_heading=gettext("Now (revision %(number)s)") % {"number": numbers[current.pk]},
            new_heading=gettext("After the restore (as in revision %(number)s)") % {
                "number": numbers[chosen.pk]},
            expect_version=article.version,
        )
        return TemplateResponse(
            request, "admin/articles/article/revision_restore.html", context
        )

