"""Filters of the photo library's list.

Each parses its query-string value into what it means first; a value it does
not know narrows the list to nothing rather than being ignored or crashing, so
a mistyped address never looks like "all photos".
"""

from abc import ABCMeta, abstractmethod

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ..models import Article, ArticlePhoto, Contributor

# The largest key any database here stores; a bigger number in an address is
# an OverflowError in the driver, not a filter.
LARGEST_KEY = 2**63 - 1


def key(value):
    """A primary key from a query-string value, or None when it cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError):  # also raised for thousands of digits
        return None
    return number if 0 < number <= LARGEST_KEY else None


class ChoiceFilter(admin.SimpleListFilter, metaclass=ABCMeta):
    """A SimpleListFilter with fixed choices: ``options()`` maps each value to
    ``(label, condition)``. (``choices`` is the name Django's own method has.)"""

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _condition) in self.options().items()]

    @abstractmethod
    def options(self):
        """Each value of the filter: ``(label, Q condition)``."""

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        chosen = self.options().get(value)
        if chosen is None:
            return queryset.none()
        return queryset.filter(chosen[1])


class PhotographerFilter(admin.SimpleListFilter):
    """The credited contributor, among those credited on at least one photo.

    Not every contributor: a list of two hundred reporters who never took a
    picture would hide the dozen who did.
    """

    title = _("photographer")
    parameter_name = "photographer"

    def lookups(self, request, model_admin):
        people = list(
            Contributor.objects.filter(Exists(model_admin.model.objects.filter(
                credit_contributor=OuterRef("pk")
            ))).order_by("name", "pk").only("pk", "name", "organisation")
        )
        names = [person.name for person in people]
        # 同名同姓: two people of one name are told apart by their organisation.
        return [
            (
                str(person.pk),
                f"{person.name} ({person.organisation})"
                if names.count(person.name) > 1 and person.organisation else person.name,
            )
            for person in people
        ]

    def has_output(self):
        # Django applies only filters that have output: with nobody credited
        # yet, ?photographer=… would otherwise be ignored and list everything.
        return self.value() is not None or super().has_output()

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        pk = key(self.value())
        if pk is None:
            return queryset.none()
        return queryset.filter(credit_contributor_id=pk)


def used_in(**story_conditions):
    """Photos placed in at least one story matching ``story_conditions``."""
    return Exists(ArticlePhoto.objects.filter(photo=OuterRef("pk"), **{
        f"article__{name}": value for name, value in story_conditions.items()
    }))


class UsageFilter(ChoiceFilter):
    """Whether any story uses the photo.

    "Published" counts a scheduled story too, as the photo's page does when it
    locks the file: the story is out of the desk's hands either way.
    """

    title = _("use in stories")
    parameter_name = "used"

    def options(self):
        return {
            "no": (_("Not used"), ~used_in()),
            "yes": (_("Used in any story"), used_in()),
            "published": (
                _("In a published story"), used_in(status=Article.Status.PUBLISHED)
            ),
        }


NO_CREDIT = Q(credit_contributor__isnull=True, credit_name="")


class NeedsAttentionFilter(ChoiceFilter):
    """What a photo lacks before a story can print it well."""

    title = _("needs attention")
    parameter_name = "needs"

    def options(self):
        return {
            "caption": (_("No caption"), Q(caption="")),
            "alt_text": (_("No alt text"), Q(alt_text="")),
            "credit": (_("No credit"), NO_CREDIT),
        }


class UploaderFilter(admin.SimpleListFilter):
    title = _("uploaded by")
    parameter_name = "uploader"

    def lookups(self, request, model_admin):
        return [("mine", _("Me"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == "mine":
            return queryset.filter(uploaded_by_id=request.user.pk)
        return queryset.none()
