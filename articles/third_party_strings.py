"""Interface strings of django-taggit and django-filter, kept so our catalogue translates them.

django-filter ships only a ``zh_CN`` catalogue, which gettext never tries for
``zh_Hans``, so its labels show in English; django-taggit's ``zh_Hans`` catalogue names
its app "标签项" (its word for "tagged item") and misses the admin. The project's catalogue
comes first in the search (``LOCALE_PATHS``), so translating the packages' msgids there
makes them Chinese by default and English when the reader switches.

``make messages`` runs ``makemessages --no-obsolete``, which drops every msgid it does not
find in the project's own source; listing the strings here, verbatim, keeps them. Nothing
imports this module and nothing needs to: ``gettext_noop`` only marks a string. Django has
no ``pgettext_noop``, so the two strings taggit translates with a context use
``pgettext_lazy`` (also only a marker while nothing reads them).

Taken from the installed django-taggit 6.1.0 and django-filter 26.2 (every ``gettext``,
``gettext_lazy``, ``pgettext_lazy`` and ``{% trans %}`` in them). After upgrading either
package, compare again: a changed msgid shows in English until it is copied here.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

TAGGIT = (
    # apps.py: the app's name, which heads its section of the admin index.
    gettext_noop("Taggit"),
    # models.py
    gettext_noop("tag"),
    gettext_noop("tags"),
    pgettext_lazy("A tag name", "name"),
    pgettext_lazy("A tag slug", "slug"),
    gettext_noop("%(object)s tagged with %(tag)s"),
    gettext_noop("content type"),
    gettext_noop("object ID"),
    gettext_noop("tagged item"),
    gettext_noop("tagged items"),
    # managers.py: TaggableManager's default label and help text.
    gettext_noop("Tags"),
    gettext_noop("A comma-separated list of tags."),
    # forms.py: TagField's error.
    gettext_noop("Please provide a comma-separated list of tags."),
    # serializers.py: only with Django REST framework.
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Invalid json list. A tag list submitted in string form must be valid json."),
    gettext_noop("All list items must be of string type."),
    # admin.py: TagAdmin's action. taggit 6.1.0 does not mark it for translation, so this
    # entry is used only where our admin gives the action a gettext_lazy description.
    gettext_noop("Merge selected tags"),
)

DJANGO_FILTER = (
    # conf.py: VERBOSE_LOOKUPS, joined with a field's name into generated filter labels
    # ("发布时间 大于").
    gettext_noop("date"),
    gettext_noop("year"),
    gettext_noop("month"),
    gettext_noop("day"),
    gettext_noop("week day"),
    gettext_noop("hour"),
    gettext_noop("minute"),
    gettext_noop("second"),
    gettext_noop("contains"),
    gettext_noop("is in"),
    gettext_noop("is greater than"),
    gettext_noop("is greater than or equal to"),
    gettext_noop("is less than"),
    gettext_noop("is less than or equal to"),
    gettext_noop("starts with"),
    gettext_noop("ends with"),
    gettext_noop("is in range"),
    gettext_noop("is null"),
    gettext_noop("matches regex"),
    gettext_noop("search"),
    gettext_noop("is contained by"),
    gettext_noop("overlaps"),
    gettext_noop("has key"),
    gettext_noop("has keys"),
    gettext_noop("has any keys"),
    # utils.py: prefix of an exclusion filter's generated label.
    gettext_noop("exclude"),
    # fields.py: validation errors.
    gettext_noop("Select a lookup."),
    gettext_noop("Range query expects two values."),
    # filters.py: DateRangeFilter's choices, BaseCSVFilter's help text, OrderingFilter.
    gettext_noop("Today"),
    gettext_noop("Yesterday"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
    gettext_noop("Multiple values may be separated by commas."),
    gettext_noop("%s (descending)"),
    gettext_noop("Ordering"),
    # widgets.py: LinkWidget's "all" link and BooleanWidget's choices.
    gettext_noop("All"),
    gettext_noop("Unknown"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    # rest_framework/: the browsable API's filter form (templates and crispy layout).
    gettext_noop("Field filters"),
    gettext_noop("Submit"),
)
