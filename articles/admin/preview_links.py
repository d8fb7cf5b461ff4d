"""Shareable preview links on the story's admin pages: list, create, revoke (issue 8).

Who may do what is articles.permissions' call and every change goes through
articles.previews; this module turns their answers into pages and messages.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import permissions, previews
from ..models import PreviewLink
from ..models.text import validate_visible

# The revoke button on the change page sends people back there, not to the links page.
BACK_TO_CHANGE = "change"


class PreviewLinkForm(forms.Form):
    """What the desk says about a new link: whom it is for and how long it works."""

    recipient = forms.CharField(
        label=_("For"), max_length=PreviewLink._meta.get_field("recipient").max_length,
        required=False, validators=[validate_visible],
        help_text=_("Whom the link is for, e.g. the source checking a quote."),
        widget=forms.TextInput(attrs={"size": 40}),
    )
    hours = forms.IntegerField(
        label=_("Works for (hours)"), min_value=1, max_value=previews.MAX_HOURS,
        help_text=_("At most two weeks (336 hours)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per form, so a changed setting applies without a restart of this module.
        self.fields["hours"].initial = previews.default_hours()


class PreviewLinksAdmin:
    """ArticleAdmin's preview-link pages: create, list, revoke."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/preview-links/",
                self.admin_site.admin_view(self.preview_links_view),
                name=f"{prefix}_preview_links",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_preview_link_view),
                name=f"{prefix}_preview_link_revoke",
            ),
            *super().get_urls(),
        ]

    def preview_links_url(self, article):
        return reverse(
            f"{self.admin_site.name}:articles_article_preview_links", args=[article.pk]
        )

    def preview_link_revoke_url(self, link):
        return reverse(
            f"{self.admin_site.name}:articles_article_preview_link_revoke",
            args=[link.article_id, link.pk],
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if obj is not None and permissions.may_work_on_draft(request.user, obj):
            context["preview_links"] = {
                "url": self.preview_links_url(obj),
                "rows": previews.rows_for(obj, request, self.preview_link_revoke_url),
                "back": BACK_TO_CHANGE,
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _article_for_links(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        # The links are secret addresses: only those who may work on the story see them.
        if not permissions.may_work_on_draft(request.user, article):
            raise PermissionDenied
        return article

    def preview_links_view(self, request, object_id):
        """The story's links, and a form making a new one."""
        article = self._article_for_links(request, object_id)
        page_url = self.preview_links_url(article)
        may_share = permissions.may_share_preview(request.user, article)
        form = PreviewLinkForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if not may_share:
                raise PermissionDenied
            if form.is_valid():
                try:
                    link = previews.create(
                        article, by=request.user,
                        recipient=form.cleaned_data["recipient"],
                        hours=form.cleaned_data["hours"],
                    )
                except ValidationError as refusal:
                    # A story that went public meanwhile: the page now offers its address.
                    messages.error(request, " ".join(refusal.messages))
                    return HttpResponseRedirect(page_url)
                else:
                    messages.success(request, gettext(
                        "A preview link was made. Copy it below and send it."
                    ))
                    return HttpResponseRedirect(f"{page_url}?new={link.pk}")
        rows = previews.rows_for(article, request, self.preview_link_revoke_url)
        new = request.GET.get("new", "")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Preview links"),
            "article": article,
            "form": form,
            "adminform": helpers.AdminForm(form, [(gettext("Make a preview link"), {
                "fields": ["recipient", "hours"],
                "description": gettext(
                    "Someone without a login (a source checking a quote, a lawyer) can read "
                    "the story at this address as readers will see it, until the link "
                    "expires or is revoked."
                ),
            })], {}, model_admin=self),
            "may_share": may_share and not article.is_public(),
            "is_public": article.is_public(),
            "is_withdrawn": article.status == article.Status.WITHDRAWN,
            "public_url": request.build_absolute_uri(article.get_absolute_url()),
            "rows": rows,
            "new_row": next((row for row in rows if str(row.link.pk) == new and row.url), None),
            "change_url": reverse(
                f"{self.admin_site.name}:articles_article_change", args=[article.pk]
            ),
            "media": self.media,
        }
        return TemplateResponse(
            request, "admin/articles/article/preview_links.html", context
        )

    def revoke_preview_link_view(self, request, object_id, link_id):
        """Stop one link working; it stays listed, with its visits."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        link = article and article.preview_links.filter(pk=link_id).first()
        if link is None:
            raise Http404
        # Its maker or the desk (previews.revoke asks), even if the maker no longer
        # works on the story.
        if previews.revoke(link, by=request.user):
            messages.success(request, gettext("The preview link for %(whom)s was revoked.") % {
                "whom": link.recipient or gettext("(nobody named)"),
            })
        else:
            messages.info(request, gettext("That preview link had already been revoked."))
        if request.POST.get("back") == BACK_TO_CHANGE:
            return HttpResponseRedirect(reverse(
                f"{self.admin_site.name}:articles_article_change", args=[article.pk]
            ))
        return HttpResponseRedirect(self.preview_links_url(article))
