from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from photos.models import AbstractImage, original_upload_to

from .contributors import Role
from .dates import BoundedDateTimeField, within_bounds

# A caption is a sentence or a short paragraph; megabytes of one are an accident.
CAPTION_MAX_LENGTH = 2000
caption_length = MaxLengthValidator(CAPTION_MAX_LENGTH)


def photo_upload_to(instance, filename):
    """Referenced by migration 0001 only; files are named by ``photos.models`` now."""
    return original_upload_to(instance, filename)


def validate_image_size(image):
    """Referenced by migration 0001 only; ``photos.intake`` checks every file now."""


class CreditVerb(models.TextChoices):
    """The word that ends a photo credit, as Chinese papers print it."""

    TOOK = "摄", _("摄 (photographed by)")
    PROVIDED = "供图", _("供图 (provided by)")
    RELEASED = "发", _("发 (released by, e.g. 新华社发)")
    FILE = "资料图", _("资料图 (file photo)")
    NONE = "", _("no verb (an agency's name alone, e.g. 视觉中国)")


class TaggedPhoto(TaggedItemBase):
    """Tag links of library photos, with a real foreign key."""

    content_object = models.ForeignKey(
        "Photo", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged photo")
        verbose_name_plural = _("tagged photos")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_photo_once")
        ]


class Photo(AbstractImage):
    """A picture in the library, with its default caption and its credit.

    The file half (original, renditions, checksum, size) is ``photos.AbstractImage``;
    this half is what the newsroom writes.
    """

    headline = models.CharField(_("headline"), max_length=200, blank=True)
    caption = models.TextField(_("caption"), blank=True, validators=[caption_length],
                               help_text=_("Default caption; a story may print its own."))
    alt_text = models.CharField(
        _("alt text"), max_length=300, blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    city = models.CharField(_("place"), max_length=100, blank=True)
    credit_contributor = models.ForeignKey(
        "Contributor", verbose_name=_("credited contributor"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="photos",
    )
    credit_organisation = models.CharField(
        _("credited organisation"), max_length=100, blank=True,
        help_text=_("Printed before the role when it is not the paper itself, e.g. 新华社."),
    )
    credit_name = models.CharField(
        _("credited name"), max_length=100, blank=True,
        help_text=_("For people and agencies who are not contributors, e.g. 受访者 or 新华社."),
    )
    credit_role = models.CharField(_("credited role"), max_length=32, choices=Role.choices,
                                   blank=True)
    credit_verb = models.CharField(_("credit verb"), max_length=4, choices=CreditVerb.choices,
                                   default=CreditVerb.TOOK, blank=True)
    taken_at = BoundedDateTimeField(_("taken"), null=True, blank=True)
    tags = TaggableManager(verbose_name=_("keywords"), through=TaggedPhoto, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )
    uploaded_at = BoundedDateTimeField(_("uploaded"), auto_now_add=True)
    # The demo newsroom finds its own photos again by this key; nothing else uses it.
    demo_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            *AbstractImage._meta.constraints,
            models.CheckConstraint(
                condition=models.Q(credit_contributor__isnull=True) | models.Q(credit_name=""),
                name="photo_credit_contributor_or_name",
            ),
            *within_bounds("taken_at", "uploaded_at", prefix="photo"),
        ]

    def __str__(self):
        return (
            self.headline[:40] or self.caption[:40] or self.original_filename
            or PurePath(self.image.name).name
        )

    def clean(self):
        super().clean()
        if self.credit_contributor_id and self.credit_name:
            raise ValidationError(
                {"credit_name": _("Credit either a contributor or a free name, not both.")}
            )


class ArticlePhoto(models.Model):
    """A photo used by a story, in order; at most one is the story's lead photo."""

    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="article_photos",
    )
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="usages"
    )
    caption = models.TextField(
        _("caption in this story"), blank=True, validators=[caption_length],
        help_text=_("Leave empty to print the photo's own caption."),
    )
    is_lead = models.BooleanField(_("lead photo"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo in article")
        verbose_name_plural = _("photos in article")
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=models.Q(is_lead=True),
                name="one_lead_photo_per_article",
                violation_error_message=_("A story has only one lead photo."),
            ),
            models.UniqueConstraint(
                fields=["article", "photo"], name="photo_once_per_article",
                violation_error_message=_("This photo is already in the story."),
            ),
        ]

    def __str__(self):
        return str(self.photo)

    @property
    def printed_caption(self):
        return self.caption or self.photo.caption
