"""The date archive: /archive/, /archive/2024/, /archive/2024/01/, /archive/2024/01/20/.

Dates are the site's local dates (``articles.archive``). An impossible date, or
a period without public stories, is a 404; an address written without zero
padding (/archive/2024/1/) redirects to the one the site links to.
"""

from django.http import Http404
from django.shortcuts import redirect, render

from .. import archive
from ..listing import PAGE_SIZE, KnownCountPaginator, page_or_404


def _period_or_404(request, *parts):
    found = archive.period(*parts)
    if found is None:
        raise Http404("No such date")
    return found


def _canonical(request, period):
    """A redirect to the period's own address when this one is spelled differently."""
    url = period.get_absolute_url()
    if request.path == url:
        return None
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def _page(request, period, template, extra):
    previous, following = archive.neighbours(period)
    return render(request, template, {
        "period": period,
        "previous_period": previous,
        "next_period": following,
        **extra,
    })


def _stories_page(request, period, count):
    paginator = KnownCountPaginator(period.stories(), PAGE_SIZE, count)
    return page_or_404(paginator, request.GET.get("page"))


def archive_index(request):
    return render(request, "articles/archive_index.html", {"years": archive.years()})


def archive_year(request, year):
    period = _period_or_404(request, year)
    if response := _canonical(request, period):
        return response
    months = archive.months(period)
    total = sum(month.count for month in months)
    if not total:
        raise Http404("No stories in this year")
    return _page(request, period, "articles/archive_year.html", {
        "months": months, "total": total,
    })


def archive_month(request, year, month):
    period = _period_or_404(request, year, month)
    if response := _canonical(request, period):
        return response
    days = archive.days(period)
    total = sum(day.count for day in days)
    if not total:
        raise Http404("No stories in this month")
    page = _stories_page(request, period, total)
    return _page(request, period, "articles/archive_month.html", {
        "days": days, "total": total, "page_obj": page,
    })


def archive_day(request, year, month, day):
    period = _period_or_404(request, year, month, day)
    if response := _canonical(request, period):
        return response
    total = archive.story_count(period)
    if not total:
        raise Http404("No stories on this day")
    page = _stories_page(request, period, total)
    return _page(request, period, "articles/archive_day.html", {
        "total": total, "page_obj": page,
    })
