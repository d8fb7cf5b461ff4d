import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .contributors import Role
from .dates import BoundedDateTimeField, within_bounds


class CreditVerb(models.TextChoices):
    TOOK = "摄", _("摄 (photographed by)")
    PROVIDED = "供图", _("供图 (provided by)")
    RELEASED = "发", _("发 (released by)")


def photo_upload_to(instance, filename):
    """An ASCII-safe, collision-free name: camera and phone names are neither."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:40] or "photo"
    suffix = path.suffix.lower()[:6]
    return timezone.now().strftime(f"photos/%Y/%m/{stem}-{secrets.token_hex(4)}{suffix}")


def validate_image_size(image):
    limit = settings.NEWSDESK_MAX_IMAGE_BYTES
    if image.size > limit:
        raise ValidationError(
            _("The file is %(size)d MB; photos may be at most %(limit)d MB."),
            params={"size": image.size // 2**20, "limit": limit // 2**20},
        )


class Photo(models.Model):
    """An image in the library, with its default caption and its credit."""

    image = models.ImageField(
        _("image"), upload_to=photo_upload_to, width_field="width", height_field="height",
        validators=[validate_image_size],
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    caption = models.TextField(_("caption"), blank=True,
                               help_text=_("Default caption; a story may print its own."))
    alt_text = models.CharField(
        _("alt text"), max_length=300, blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    credit_contributor = models.ForeignKey(
        "Contributor", verbose_name=_("credited contributor"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="photos",
    )
    credit_name = models.CharField(
        _("credited name"), max_length=100, blank=True,
        help_text=_("For people and agencies who are not contributors, e.g. 受访者 or 新华社."),
    )
    credit_role = models.CharField(_("credited role"), max_length=32, choices=Role.choices,
                                   blank=True)
    credit_verb = models.CharField(_("credit verb"), max_length=4, choices=CreditVerb.choices,
                                   default=CreditVerb.TOOK)
    taken_at = BoundedDateTimeField(_("taken"), null=True, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )
    uploaded_at = BoundedDateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_contributor__isnull=True) | models.Q(credit_name=""),
                name="photo_credit_contributor_or_name",
            ),
            *within_bounds("taken_at", "uploaded_at", prefix="photo"),
        ]

    def __str__(self):
        return self.caption[:40] or PurePath(self.image.name).name

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
        _("caption in this story"), blank=True,
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
