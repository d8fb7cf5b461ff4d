"""The body markup: subheads, placed photos, and nothing an editor types runs in a browser."""

from django.utils.html import format_html

from articles.markup import place_photos, referenced_photo_ids, render_body

BODY = """新年伊始,第一段。

## 130多家数字经济核心企业聚集

[photo:12]

第二段。
[图:7]

# 一年招引200多家涉碳机构企业

### 细节
"""


def test_subheads_make_the_table_of_contents():
    """Level 1 and 2 headings become h2 subheads with anchors, in order."""
    rendered = render_body(BODY)
    assert [(s.anchor, s.text) for s in rendered.toc] == [
        ("s1", "130多家数字经济核心企业聚集"),
        ("s2", "一年招引200多家涉碳机构企业"),
    ]
    assert '<h2 id="s1">130多家数字经济核心企业聚集</h2>' in rendered.html
    assert '<h2 id="s2">' in rendered.html and "<h1" not in rendered.html
    assert "<h3>细节</h3>" in rendered.html


def test_photo_lines_are_placed_through_the_callback():
    """[photo:ID] and [图:ID] lines become markers, which become whatever the page renders."""
    rendered = render_body(BODY)
    assert rendered.photo_ids == [12, 7]
    html = place_photos(rendered.html, lambda pk: format_html("<figure>{}</figure>", pk))
    assert html.index("<figure>12</figure>") < html.index("<figure>7</figure>")
    assert "[photo:" not in html and "[图:" not in html and "<!--" not in html
    assert referenced_photo_ids(BODY) == [12, 7]


def test_photo_reference_inside_a_sentence_stays_text():
    """Only a line of its own places a photo."""
    assert referenced_photo_ids("见 [photo:3] 所示。") == []


def test_raw_html_is_shown_not_run():
    """Script tags and inline handlers come out escaped."""
    html = render_body('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">').html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_javascript_links_are_not_links():
    """A javascript: URL never becomes a clickable link."""
    html = render_body("[点我](javascript:alert(1))").html
    assert "href" not in html


def test_images_by_url_are_disabled():
    """Pictures come from the photo library, not from arbitrary URLs."""
    html = render_body("![x](https://example.com/tracker.png)").html
    assert "<img" not in html


def test_quotes_and_paragraphs():
    """'> ' makes a blockquote; blank lines separate paragraphs."""
    html = render_body("第一段。\n\n> 余松说:“欢迎来武昌。”\n\n第二段。").html
    assert html.count("<p>") == 3
    assert "<blockquote>" in html and "余松说:“欢迎来武昌。”" in html


def test_empty_body():
    """No body renders nothing and has no table of contents."""
    rendered = render_body("")
    assert (str(rendered.html), rendered.toc, rendered.photo_ids) == ("", [], [])


def test_compose_writes_what_render_reads():
    """Bodies built in code round-trip: subheads, placed photos and paragraphs."""
    from articles.markup import compose

    body = compose([("p", "第一段。"), ("h", "小标题"), ("photo", 5), ("p", "第二段。")])
    assert body == "第一段。\n\n## 小标题\n\n[photo:5]\n\n第二段。"
    rendered = render_body(body)
    assert [s.text for s in rendered.toc] == ["小标题"] and rendered.photo_ids == [5]
