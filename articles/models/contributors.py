from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .text import validate_visible


class Role(models.TextChoices):
    """How a person is credited.

    The label is interface text and follows the reader's language; ``printed``
    is the word a Chinese newspaper prints in the credit line itself, which is
    part of the story and does not change with the interface language.
    """

    REPORTER = "reporter", _("Reporter")
    ALL_MEDIA_REPORTER = "all_media_reporter", _("All-media reporter")
    INTERN = "intern", _("Intern")
    CORRESPONDENT = "correspondent", _("Correspondent")
    PHOTOGRAPHER = "photographer", _("Photojournalist")
    EDITOR = "editor", _("Editor")

    @property
    def printed(self):
        return PRINTED_ROLE_WORDS[self]


PRINTED_ROLE_WORDS = {
    Role.REPORTER: "记者",
    Role.ALL_MEDIA_REPORTER: "全媒体记者",
    Role.INTERN: "实习生",
    Role.CORRESPONDENT: "通讯员",
    Role.PHOTOGRAPHER: "摄影记者",
    Role.EDITOR: "编辑",
}


class Contributor(models.Model):
    """A person who is credited: in bylines, photo credits or as editor."""

    name = models.CharField(_("name"), max_length=50, validators=[validate_visible])
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=100,
        blank=True,
        help_text=_("Printed before the role in bylines, e.g. 长江日报."),
    )
    default_role = models.CharField(
        _("default role"), max_length=32, choices=Role.choices, default=Role.REPORTER
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
    )
    bio = models.TextField(_("biography"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        indexes = [models.Index(fields=["name"], name="contributor_name_idx")]

    def __str__(self):
        if self.organisation:
            return f"{self.name}({self.organisation})"
        return self.name

    def get_absolute_url(self):
        return reverse("articles:contributor", kwargs={"slug": self.slug})

    @classmethod
    def unique_slug_for(cls, name, exclude_pk=None):
        """A unicode slug for a name, numbered when the name is taken (同名同姓)."""
        base = slugify(name, allow_unicode=True) or "contributor"
        taken = cls.objects.exclude(pk=exclude_pk).filter(slug__startswith=base)
        taken = set(taken.values_list("slug", flat=True))
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug
