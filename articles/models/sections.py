from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Section(models.Model):
    """A desk's section (栏目), and how many review levels its stories need (三审)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    review_levels = models.PositiveSmallIntegerField(
        _("review levels"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("How many levels of review a story needs before publication (1 to 3)."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_levels__gte=1, review_levels__lte=3),
                name="section_review_levels_1_to_3",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})
