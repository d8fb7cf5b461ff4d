"""The story body's light markup, rendered to safe HTML.

Markdown (CommonMark) with raw HTML switched off, so whatever an editor
types is shown, never interpreted. On top of it:

- ``## 小标题`` is a subhead; subheads make the table of contents (目录).
  ``#`` is folded into ``##`` (the headline is the page's only ``h1``) and
  deeper levels into ``###``.
- A line of its own ``[photo:12]`` (or ``[图:12]``) places photo 12 of the
  story there, as a ``<figure>`` with its caption and credit.
- Images by URL are disabled: every picture goes through the photo library.

Rendering happens once per change of the body (``Article.save()`` stores the
result in ``body_html`` and ``body_toc``), not per page view. A placed photo is
stored as a marker, ``<!--newsdesk:photo:12-->``, which ``place_photos()``
swaps for the figure when the page is served, so a new caption or credit shows
without rendering the body again. No editor can forge a marker: with HTML off,
markdown-it escapes every ``<`` an editor types, so ``<!--`` in the rendered
body comes from the photo rule alone.
"""

import re
from dataclasses import asdict, dataclass, field

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

PHOTO_LINE = re.compile(r"^\[(?:photo|图):\s*(\d{1,12})\]$", re.IGNORECASE)
_MARKER = "<!--newsdesk:photo:{id}-->"
_MARKER_PATTERN = re.compile(r"<!--newsdesk:photo:(\d{1,12})-->")


@dataclass(frozen=True)
class Subhead:
    anchor: str
    text: str


@dataclass
class RenderedBody:
    """A rendered body: HTML with a photo marker where each photo goes, and its subheads."""

    html: SafeString
    toc: list[Subhead] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)


def _photo_block(state, start_line, end_line, silent):
    begin = state.bMarks[start_line] + state.tShift[start_line]
    # Every line of every paragraph is offered to this rule: turn most away cheaply.
    if state.src[begin:begin + 1] != "[" or state.sCount[start_line] - state.blkIndent >= 4:
        return False
    match = PHOTO_LINE.match(state.src[begin:state.eMarks[start_line]].strip())
    if not match:
        return False
    if not silent:
        token = state.push("photo_ref", "", 0)
        token.meta = {"id": int(match[1])}
        token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def _photo_marker(self, tokens, idx, options, env):
    return _MARKER.format(id=tokens[idx].meta["id"])


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # With "html" off these rules match nothing; dropping them saves a call per line
    # and per "<" without changing a byte of the output.
    md.disable(["image", "html_block", "html_inline"])
    md.block.ruler.before(
        "paragraph", "photo_ref", _photo_block, {"alt": ["paragraph", "blockquote"]}
    )
    md.add_render_rule("photo_ref", _photo_marker)
    return md


_md = _parser()


def compose(blocks):
    """Body markup from ``(kind, value)`` blocks, the inverse of rendering.

    ``("h", text)`` is a subhead, ``("photo", photo_id)`` places a photo and
    any other kind is a paragraph. Code that builds stories (the demo, the
    importer) writes bodies through this, so the syntax lives in one module.
    """
    lines = []
    for kind, value in blocks:
        if kind == "h":
            lines.append(f"## {value}")
        elif kind == "photo":
            lines.append(f"[photo:{value}]")
        else:
            lines.append(value)
    return "\n\n".join(lines)


def referenced_photo_ids(text):
    """The photo ids a body places, in order, without rendering it."""
    return [t.meta["id"] for t in _md.parse(text or "") if t.type == "photo_ref"]


def _render(text):
    tokens = _md.parse(text or "")
    toc, photo_ids = [], []
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h2" if token.tag in ("h1", "h2") else "h3"
            if token.type == "heading_open" and token.tag == "h2":
                anchor = f"s{len(toc) + 1}"
                token.attrSet("id", anchor)
                toc.append(Subhead(anchor, tokens[index + 1].content.strip()))
        elif token.type == "photo_ref":
            photo_ids.append(token.meta["id"])
    return _md.renderer.render(tokens, _md.options, {}), toc, photo_ids


def render_body(text):
    """Render a body to HTML with photo markers, and list its subheads and placed photos.

    This parses Markdown, which costs time in proportion to the body's length:
    call it when the body changes (``Article.save()`` does), never per view.
    """
    html, toc, photo_ids = _render(text)
    return RenderedBody(mark_safe(html), toc, photo_ids)  # noqa: S308 (escaped by markdown-it)


def stored_rendering(text):
    """``(body_html, body_toc)`` as an Article keeps them: plain, JSON-ready values."""
    html, toc, _ = _render(text)
    return html, [asdict(subhead) for subhead in toc]


def toc_from_stored(body_toc):
    """The subheads of a stored ``body_toc``."""
    return [Subhead(item["anchor"], item["text"]) for item in body_toc]


def place_photos(html, render_photo):
    """Swap each photo marker in rendered ``html`` for ``render_photo(id)``.

    ``render_photo`` returns the trusted HTML of a figure, or "" for a photo
    the story does not have. String work only: no Markdown is parsed.
    """
    return mark_safe(  # noqa: S308 (markdown-it's output with our own figures)
        _MARKER_PATTERN.sub(lambda match: str(render_photo(int(match[1]))), html)
    )
