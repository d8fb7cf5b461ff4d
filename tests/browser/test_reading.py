"""Reading the site as a person does: following links, the table of contents, the language."""

import re

from playwright.sync_api import expect

from .pages import SAMPLE, SAMPLE_SUBHEADS, SAMPLE_TEXTS, switch_language


def test_reader_follows_links_from_home_to_a_contributor(reader):
    """Home → a section in the navigation → a story → one of its tags → back → a byline name:
    every page's main heading is what the reader clicked."""
    page = reader.page
    reader.goto("/")

    section = page.get_by_role("navigation").locator("a[href*='/section/']").first
    name = section.inner_text().strip()
    section.click()
    reader.arrived()
    expect(reader.h1()).to_contain_text(name)

    story = page.get_by_role("main").get_by_role("heading").get_by_role("link").first
    title = story.inner_text().strip()
    story.click()
    reader.arrived()
    expect(reader.h1()).to_have_text(title)
    story_url = page.url

    tag = page.get_by_role("article").locator("a[rel~='tag']").first
    tag_name = tag.inner_text().strip()
    tag.click()
    reader.arrived()
    expect(reader.h1()).to_contain_text(tag_name)

    page.go_back()
    reader.arrived()
    assert page.url == story_url
    expect(reader.h1()).to_have_text(title)

    # The byline's names, not a photo credit's (those sit in figures).
    person = page.get_by_role("article").locator("a[href*='/people/']:not(figure a)").first
    person_name = person.inner_text().strip()
    person.click()
    reader.arrived()
    expect(reader.h1()).to_contain_text(person_name)


def test_table_of_contents_jumps_to_each_subhead(reader):
    """Each entry of the sample story's table of contents brings its subhead into view
    (not under anything fixed on the screen) and puts the subhead's anchor in the address."""
    page = reader.page
    reader.goto(SAMPLE)
    toc = page.get_by_role("navigation", name=re.compile("目录|Contents", re.I))
    links = toc.get_by_role("link")
    expect(links).to_have_count(len(SAMPLE_SUBHEADS))
    assert [text.strip() for text in links.all_inner_texts()] == SAMPLE_SUBHEADS
    # On the desktop the page scrolls smoothly; the phone asks for reduced motion (a jump):
    # both must end with the subhead in view.
    for size, motion in (
        ({"width": 1280, "height": 800}, "no-preference"),
        ({"width": 390, "height": 844}, "reduce"),
    ):
        page.set_viewport_size(size)
        page.emulate_media(reduced_motion=motion)
        for link in links.all():
            target = link.get_attribute("href")
            assert target.startswith("#"), target
            page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
            link.click()
            heading = page.locator(f"[id='{target[1:]}']")
            expect(heading).to_have_text(link.inner_text().strip())
            expect(heading).to_be_in_viewport()
            assert page.url.endswith(target)
            # What the reader sees at the heading's first line is the heading itself.
            page.wait_for_function(
                """heading => {
                    const box = heading.getBoundingClientRect();
                    const seen = document.elementFromPoint(box.left + 4, box.top + 4);
                    return box.top >= 0 && seen !== null && heading.contains(seen);
                }""",
                arg=heading.element_handle(),
                timeout=3000,
            )


def test_language_switch_changes_menus_but_not_the_story(reader):
    """Switching to English on a story turns the menus English while the story stays
    Chinese, its headline, summary, text, subheads and captions marked lang="zh-Hans";
    switching back brings the Chinese menus back, and neither sets a cookie."""
    page = reader.page
    reader.goto(SAMPLE)
    title = reader.h1().inner_text()
    expect(page.get_by_role("link", name="搜索", exact=True)).to_be_visible()

    switch_language(page, "English")
    reader.arrived()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en", re.I))
    expect(page.get_by_role("link", name="Search", exact=True)).to_be_visible()
    expect(reader.h1()).to_have_text(title)
    story = page.get_by_role("article")
    for part in (reader.h1(), *(story.get_by_text(text).first for text in SAMPLE_TEXTS)):
        language = part.evaluate("el => el.closest('[lang]').getAttribute('lang')")
        assert language == "zh-Hans", f"{part.inner_text()[:40]!r} is marked {language!r}"

    switch_language(page, "简体中文")
    reader.arrived()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^zh", re.I))
    expect(page.get_by_role("link", name="搜索", exact=True)).to_be_visible()
    expect(reader.h1()).to_have_text(title)
    # The choice lives in the address, not in a cookie that would split every cache.
    assert page.context.cookies() == []
