"""The article page's additions in a real browser: copy link, the view beacon, print."""

import re

from playwright.sync_api import expect

from .conftest import artifacts_dir
from .pages import SAMPLE


def beacons_of(page):
    """The view-count beacons the page sends, as (method, status) once answered."""
    sent = []
    page.on("requestfinished", lambda request: sent.append(
        (request.method, request.response().status)) if "/seen/" in request.url else None)
    return sent


def test_copy_link_puts_the_story_address_on_the_clipboard(reader):
    """The button (shown only with JavaScript) copies the address in the field beside it and
    says so in a live region."""
    page = reader.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=reader.site_url)
    reader.goto(SAMPLE)
    field = page.locator("#share-url")
    address = field.input_value()
    assert address.endswith(SAMPLE)
    page.get_by_role("button", name=re.compile("复制链接|Copy link")).click()
    expect(page.locator(".share-status")).not_to_be_empty()
    assert page.evaluate("navigator.clipboard.readText()") == address


def test_without_javascript_the_address_field_is_there_to_copy(browser, site_url):
    """No script: no dead button, and the address is in a read-only field."""
    context = browser.new_context(base_url=site_url, java_script_enabled=False,
                                  locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(SAMPLE)
        expect(page.locator(".share-copy")).to_be_hidden()
        field = page.locator("#share-url")
        expect(field).to_be_visible()
        assert field.input_value().endswith(SAMPLE)
        assert field.get_attribute("readonly") is not None
    finally:
        context.close()


def test_a_page_load_sends_one_beacon(reader):
    """Loading a public story sends one POST to its beacon, answered 204; nothing more while
    the reader stays."""
    page = reader.page
    sent = beacons_of(page)
    reader.goto(SAMPLE)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert sent == [("POST", 204)]


def test_print_shows_the_story_with_photos_and_its_address_only(reader):
    """Printed: no header, footer, share, related, previous/next or QR; the photos with their
    captions and credits, and the story's address. Black text on white. A PDF is kept as an
    artifact of the run."""
    page = reader.page
    reader.goto(SAMPLE)
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".share", ".related", ".prev-next", ".qr",
                   ".toc"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.locator("figure.photo img").first).to_be_visible()
    expect(page.locator("figure.photo figcaption").first).to_contain_text("记者何晓刚 摄")
    address = page.locator(".print-url")
    expect(address).to_be_visible()
    expect(address).to_contain_text(SAMPLE)
    colours = page.evaluate("""() => {
        const style = getComputedStyle(document.querySelector('.story h1'));
        return [style.color, getComputedStyle(document.body).backgroundColor];
    }""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    page.pdf(path=str(artifacts_dir() / "article-print.pdf"), format="A4")
    page.emulate_media(media="screen")
    expect(address).to_be_hidden()
