"""Changelist pages without a count of every row.

Django's changelist asks its paginator for ``count`` on every page load: a
``COUNT(*)`` over every row the filters let through, which at 100 000 stories
costs more than the page itself. ``CappedPaginator`` counts no further than
``CAP`` rows past the page asked for (``SELECT COUNT(*) FROM (SELECT … LIMIT
n)``): a longer list says "10,000+" and links pages up to there; a page further
on counts ``CAP`` further, so no page is out of reach. The unfiltered list on
PostgreSQL takes the planner's estimate of the table's rows instead ("about
100,000"), so its last page is the oldest stories; after a mass deletion the
estimate may run ahead of the rows until autovacuum next analyses the table,
and the pages in between are empty, never an error.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext

CAP = 10_000
# Beyond this offset an address asks for no real page; refusing it keeps
# absurd numbers out of the SQL (Django then answers its usual ?e=1).
DEEPEST_ROW = 10_000_000


def page_number(value):
    """The page a query-string value asks for; 1 for anything else."""
    try:
        number = int(value)
    except (TypeError, ValueError):  # also raised for thousands of digits
        return 1
    return max(number, 1)


def counts_every_row(queryset):
    """Whether ``queryset`` is its whole table: nothing can make it fewer rows."""
    query = queryset.query
    return not (
        query.where or query.distinct or query.combinator or query.is_sliced
        or query.is_empty() or query.group_by
    )


def estimated_rows(queryset):
    """PostgreSQL's estimate of the rows in ``queryset``'s table, or None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or not counts_every_row(queryset):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    # -1 (or 0) until the table is first analysed.
    return int(row[0]) if row and row[0] > 0 else None


class CappedPaginator(Paginator):
    """A Paginator whose ``count`` is exact up to ``cap`` rows past page ``page``.

    ``exact`` says whether it is; ``count_label`` is the count as people
    should read it.
    """

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True,
                 *, page=1, cap=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.page_asked = page
        self.cap = CAP if cap is None else cap
        self.exact = True
        self.estimated = False

    @cached_property
    def count(self):
        offset = (self.page_asked - 1) * self.per_page
        if offset > DEEPEST_ROW:
            offset = 0
        window = offset + self.cap
        estimate = estimated_rows(self.object_list)
        if estimate is not None and estimate > window:
            self.exact, self.estimated = False, True
            return estimate
        # A sliced queryset counts in a subquery that stops at the LIMIT.
        found = self.object_list.order_by()[: window + 1].count()
        self.exact = found <= window
        return min(found, window)

    @property
    def count_label(self):
        number = number_format(self.count, force_grouping=True)
        if self.estimated:
            return gettext("about %(count)s") % {"count": number}
        return number if self.exact else f"{number}+"
