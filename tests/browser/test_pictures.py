"""Pictures reach readers only as renditions, and every one of them loads."""

import pytest

from .pages import SAMPLE

# Where the photo desk writes renditions (photos.renditions); originals are the desk's.
RENDITIONS = "/media/renditions/"
ORIGINALS = "/admin/originals/"


@pytest.mark.parametrize("path", ["/", SAMPLE], ids=["home", "article"])
def test_every_picture_loads_from_a_rendition(reader, path):
    """Every picture on the page, scrolled into view as a reader scrolls, decodes (natural
    width above 0), and its address and every srcset candidate, on <img> and <source>
    alike, is a rendition, never an original."""
    page = reader.page
    reader.goto(path)
    pictures = page.locator("img")
    assert pictures.count() > 0, f"no pictures on {path}"
    for picture in pictures.all():
        picture.scroll_into_view_if_needed()
        picture.evaluate("""img => img.complete || new Promise(done => {
            img.addEventListener('load', done);
            img.addEventListener('error', done);
        })""")
        facts = picture.evaluate("""img => ({
            natural: img.naturalWidth,
            src: img.getAttribute('src'),
            current: new URL(img.currentSrc).pathname,
            srcsets: [img, ...(img.parentElement.tagName === 'PICTURE'
                ? img.parentElement.querySelectorAll('source') : [])]
                .map(el => el.getAttribute('srcset') || '').filter(Boolean),
            html: img.outerHTML.slice(0, 300),
        })""")
        assert facts["natural"] > 0, f"picture did not load: {facts['html']}"
        addresses = [facts["src"], facts["current"]] + [
            candidate.strip().split(" ")[0]
            for srcset in facts["srcsets"] for candidate in srcset.split(",")
        ]
        for address in addresses:
            assert RENDITIONS in address and ORIGINALS not in address, (
                f"{address} is not a rendition: {facts['html']}"
            )
