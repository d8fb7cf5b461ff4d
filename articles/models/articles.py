import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ..markup import stored_rendering
from .dates import BoundedDateTimeField, within_bounds
from .photos import ArticlePhoto
from .text import validate_visible

# A long feature is 20 000 characters; five times that is still a story, while
# megabytes of markup are an accident or an attack.
BODY_MAX_LENGTH = 100_000
MAX_REVIEW_LEVELS = 3
# The body that an Article's body_html was rendered from, when nobody knows:
# a story built in code, or loaded without its body. Saving its body renders it.
_UNKNOWN_BODY = object()

SHORT_ID_LENGTH = 8
SHORT_ID_PATTERN = r"[0-9a-f]{8}"
validate_short_id = RegexValidator(
    rf"^{SHORT_ID_PATTERN}$", _("A short id is eight lower-case hexadecimal characters.")
)


def new_short_id():
    """A random 8-hex id for a new article, re-drawn in the rare case it is taken."""
    while True:
        candidate = secrets.token_hex(SHORT_ID_LENGTH // 2)
        if not Article.objects.filter(short_id=candidate).exists():
            return candidate


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: the only place that decides it."""
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now()
        )

    def withdrawn_after_publication(self):
        """Stories withdrawn (撤稿) after readers could see them: they answer 410.

        One withdrawn before its publication time was never public: for readers
        it never existed.
        """
        return self.filter(
            status=Article.Status.WITHDRAWN, publish_at__lte=models.F("withdrawn_at")
        )

    def for_listing(self):
        """Only what a story card prints, in a fixed number of queries.

        No body (up to hundreds of KB), no tags or bylines (cards print neither):
        the headline, summary, time, section and the lead photo with its credit.
        ``article_photos`` holds only the lead photo.
        """
        return (
            self.select_related("section")
            .only("short_id", "title", "summary", "publish_at", "section__slug", "section__name")
            .prefetch_related(models.Prefetch(
                "article_photos",
                queryset=ArticlePhoto.objects.filter(is_lead=True)
                .select_related("photo__credit_contributor"),
            ))
        )


class TaggedArticle(TaggedItemBase):
    """Tag links with a real foreign key, for speed and integrity."""

    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_once"
            ),
        ]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    short_id = models.CharField(
        _("short id"),
        max_length=SHORT_ID_LENGTH,
        unique=True,
        default=new_short_id,
        editable=False,
        validators=[validate_short_id],
        help_text=_("Part of the article's permanent address; never changes."),
    )
    kicker = models.CharField(_("kicker"), max_length=200, blank=True,
                              help_text=_("引题: the line above the headline."))
    title = models.CharField(_("headline"), max_length=200, validators=[validate_visible])
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True,
                                help_text=_("副题: the line below the headline."))
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("导语: one or two sentences shown in lists."))
    body = models.TextField(
        _("body"),
        blank=True,
        max_length=BODY_MAX_LENGTH,
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text=_(
            "Paragraphs separated by a blank line. '## ' starts a subhead; "
            "a line '[photo:ID]' places an attached photo; '> ' quotes. "
            "HTML is shown as typed, never interpreted."
        ),
    )
    # The body as readers get it, rendered when the body changes, not per view.
    body_html = models.TextField(_("rendered body"), blank=True, editable=False)
    body_toc = models.JSONField(_("table of contents"), default=list, blank=True,
                                editable=False)
    section = models.ForeignKey(
        "Section", verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("tags"), through=TaggedArticle, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    # Status, timing, embargo and the review level change only through
    # articles.workflow, which checks who may and logs it: none is a form field.
    review_level = models.PositiveSmallIntegerField(
        _("review levels passed"), default=0, editable=False,
        help_text=_("How many review levels have approved the story since it was submitted."),
    )
    publish_at = BoundedDateTimeField(
        _("publication time"), null=True, blank=True, editable=False,
        help_text=_("Readers see the story from this moment once it is published."),
    )
    embargo_until = BoundedDateTimeField(
        _("embargo until"), null=True, blank=True, editable=False,
        help_text=_("Nobody can publish the story before this moment."),
    )
    withdrawn_at = BoundedDateTimeField(_("withdrawn"), null=True, blank=True, editable=False)

    source_name = models.CharField(_("source"), max_length=100, blank=True,
                                   help_text=_("来源: who the story is reposted from."))
    source_url = models.URLField(_("original URL"), max_length=500, blank=True)
    original_author = models.CharField(_("original author"), max_length=200, blank=True)
    original_title = models.CharField(_("original title"), max_length=200, blank=True)
    repost_notice = models.CharField(_("repost notice"), max_length=300, blank=True)

    responsible_editor = models.ForeignKey(
        "Contributor",
        verbose_name=_("responsible editor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="edited_articles",
        editable=False,
        help_text=_("责任编辑: printed as 【编辑:name】 under the story."),
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    photo_request = models.TextField(
        _("photos wanted"), blank=True,
        help_text=_(
            "For the photo desk: what pictures the story needs (subject, place, time, "
            "whom to call). Photographers see it while the story is in progress; "
            "leave empty when none are needed."
        ),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )
    created_at = BoundedDateTimeField(_("created"), auto_now_add=True)
    updated_at = BoundedDateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("edit_others_article", _("Can edit other people's stories")),
            ("review_level_1", _("Can approve at review level 1 (初审)")),
            ("review_level_2", _("Can approve at review level 2 (复审)")),
            ("review_level_3", _("Can approve at review level 3 (终审)")),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_public_idx"),
            models.Index(
                fields=["section", "status", "-publish_at"], name="article_section_public_idx"
            ),
            # The admin's list, newest first over every status: without it a page of the
            # changelist sorted all 100 000 stories (210 ms for page 50; 21 ms with it).
            models.Index(fields=["-publish_at", "-id"], name="article_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "published", "withdrawn"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(review_level__lte=MAX_REVIEW_LEVELS),
                name="article_review_level_at_most_3",
            ),
            # The hard embargo, kept by the database whatever code runs.
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | models.Q(embargo_until__isnull=True)
                | models.Q(publish_at__gte=models.F("embargo_until")),
                name="article_published_after_embargo",
            ),
            *within_bounds(
                "publish_at", "embargo_until", "withdrawn_at", "created_at", "updated_at",
                prefix="article",
            ),
        ]

    def __str__(self):
        return self.title

    # body_html and body_toc are derived data: render_body(body), kept beside the
    # body so that a page view never parses Markdown (which costs up to a second
    # for a body at the size limit). They are refreshed here, in save(), rather
    # than in a view, a signal or each caller, because every door that writes a
    # body (the admin, the demo, the importer, a shell) goes through save(), so
    # none can forget it; it is a pure function of one field, with no business
    # rule and no I/O. Saves that leave the body alone (the workflow's
    # update_fields saves, a view count) render nothing. QuerySet.update() and
    # bulk_create() skip save(): code that writes bodies that way calls
    # render_stored_body() itself.
    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._body_needs_rendering(update_fields):
            self.render_stored_body()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "body_toc"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"short_id": self.short_id})

    @property
    def is_repost(self):
        return bool(self.source_name)

    @property
    def canonical_url(self):
        """Where search engines should look: the original for a repost, else None (us)."""
        return self.source_url or None

    def is_scheduled(self, now=None):
        """Published, but waiting for its publication time."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > (now or timezone.now())
        )

    def status_label(self, now=None):
        """The status as people should read it: a scheduled story is not yet 已发布."""
        if self.is_scheduled(now):
            return _("Scheduled")
        return self.get_status_display()

    def is_public(self, now=None):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )

    # The rendered body: see save().

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_rendered_body()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "body" in fields:
            self._remember_rendered_body()

    def _remember_rendered_body(self):
        # The body that body_html, as loaded with it, was rendered from.
        self._rendered_body = self.__dict__.get("body", _UNKNOWN_BODY)

    def render_stored_body(self):
        """Render the body into body_html and body_toc (the page's only source for them)."""
        self.body_html, self.body_toc = stored_rendering(self.body)
        self._rendered_body = self.body

    def _body_needs_rendering(self, update_fields):
        if update_fields is not None:
            return "body" in update_fields
        if "body" not in self.__dict__:
            return False  # deferred and untouched: save() does not write it
        # A story not loaded from the database (a new one) has no _rendered_body.
        return self.body != getattr(self, "_rendered_body", _UNKNOWN_BODY)

    def clean(self):
        super().clean()
        repost_fields = ("source_url", "original_author", "original_title", "repost_notice")
        if not self.source_name and any(getattr(self, f) for f in repost_fields):
            raise ValidationError(
                {"source_name": _("A reposted story must name its source (来源).")}
            )
