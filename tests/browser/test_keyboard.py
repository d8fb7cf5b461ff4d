"""Reading with the keyboard: the skip link, and a focus one can see."""

import pytest

from .pages import SAMPLE

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        tag: element.tagName, id: element.id, text: element.textContent.trim().slice(0, 30),
        ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== 'none',
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
    };
}"""


@pytest.mark.parametrize("path", ["/", SAMPLE], ids=["home", "article"])
def test_skip_link_first_and_focus_always_visible(reader, path):
    """The first Tab reaches the skip link, shown on screen; the next ones each land on
    something on screen with a visible focus ring; the skip link, followed, puts focus in
    the main content."""
    page = reader.page
    reader.goto(path)
    for step in range(8):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if step == 0:
            assert focused["tag"] == "A" and focused["text"] in {"跳到正文", "Skip to content"}
        assert focused["onScreen"] and focused["ring"], f"Tab {step + 1}: {focused}"
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('main') !== null")
