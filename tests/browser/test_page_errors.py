"""The pages a reader passes through run without script errors or failed requests."""

from .pages import SAMPLE

TOUR = [
    "/",
    "/section/wuhan/",
    SAMPLE,
    "/tag/武昌区/",
    "/people/yang-wei/",
    "/search/?q=武昌",
    "/archive/",
    "/archive/2024/",
    "/archive/2024/01/",
    "/archive/2024/01/20/",
    "/about/about/",
    "/about/contact/",
    "/en/",
    "/en" + SAMPLE,
]


def test_no_console_errors_or_failed_requests(reader):
    """Home, a section, the sample story, a tag, a contributor, search, the archive's levels,
    the paper's own pages and English home and story load with no script error, no console
    error, no failed request and no response of 400 or more; and leave no cookie."""
    for path in TOUR:
        reader.goto(path)
        reader.load_all_pictures()
    reader.page.wait_for_load_state("networkidle")
    assert not reader.problems, "\n".join(reader.problems)
    # Anonymous pages set no cookie, so that shared caches can keep them.
    assert reader.page.context.cookies() == []


def test_unknown_page_is_the_sites_own_404(reader):
    """An unknown address gives a 404 page in the site's frame (its heading, its
    navigation), and nothing on it fails besides the page itself."""
    page = reader.page
    reader.goto("/no-such-page/", status=404)
    assert reader.h1().count() == 1
    assert page.get_by_role("navigation").count() > 0
    assert not reader.problems, "\n".join(reader.problems)
