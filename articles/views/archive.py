"""The date archive: /archive/, /archive/2024/, /archive/2024/01/, /archive/2024/01/20/.

Dates are the site's local dates (``articles.archive``). An impossible date, or
a period without public stories, is a 404. An address written without zero
padding (/archive/2024/1/, what ``reverse()`` makes from an int) is the same
page, whose canonical link names the padded address the site links to: not a
redirect, so that every reversed address answers 200.
"""

from django.http import Http404
from django.shortcuts import render

from .. import archive
from ..listing import PAGE_SIZE, KnownCountPaginator, page_number, page_or_404


def _period_or_404(*parts):
    found = archive.period(*parts)
    if found is None:
        raise Http404("No such date")
    return found


def _page(request, period, template, extra):
    previous, following = archive.neighbours(period)
    return render(request, template, {
        "period": period,
        "previous_period": previous,
        "next_period": following,
        **extra,
    })


def _stories_page(number, period, count):
    paginator = KnownCountPaginator(period.stories(), PAGE_SIZE, count)
    return page_or_404(paginator, number)


def archive_index(request):
    return render(request, "articles/archive_index.html", {"years": archive.years()})


def archive_year(request, year):
    period = _period_or_404(year)
    months = archive.months(period)
    total = sum(month.count for month in months)
    if not total:
        raise Http404("No stories in this year")
    return _page(request, period, "articles/archive_year.html", {
        "months": months, "total": total,
    })


def archive_month(request, year, month):
    period = _period_or_404(year, month)
    number = page_number(request.GET.get("page"))
    days = archive.days(period)
    total = sum(day.count for day in days)
    if not total:
        raise Http404("No stories in this month")
    page = _stories_page(number, period, total)
    return _page(request, period, "articles/archive_month.html", {
        "days": days, "total": total, "page_obj": page,
    })


def archive_day(request, year, month, day):
    period = _period_or_404(year, month, day)
    number = page_number(request.GET.get("page"))
    total = archive.story_count(period)
    if not total:
        raise Http404("No stories on this day")
    page = _stories_page(number, period, total)
    return _page(request, period, "articles/archive_day.html", {
        "total": total, "page_obj": page,
    })
