"""The story body's light markup, rendered to safe HTML.

Markdown (CommonMark) with raw HTML switched off, so whatever an editor
types is shown, never interpreted. On top of it:

- ``## 小标题`` is a subhead; subheads make the table of contents (目录).
  ``#`` is folded into ``##`` (the headline is the page's only ``h1``) and
  deeper levels into ``###``.
- A line of its own ``[photo:12]`` (or ``[图:12]``) places photo 12 of the
  story there, as a ``<figure>`` with its caption and credit.
- Images by URL are disabled: every picture goes through the photo library.
"""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

PHOTO_LINE = re.compile(r"^\[(?:photo|图):\s*(\d{1,12})\]$", re.IGNORECASE)


@dataclass(frozen=True)
class Subhead:
    anchor: str
    text: str


@dataclass
class RenderedBody:
    html: SafeString
    toc: list[Subhead] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)


def _photo_block(state, start_line, end_line, silent):
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    match = PHOTO_LINE.match(state.src[begin:state.eMarks[start_line]].strip())
    if not match:
        return False
    if not silent:
        token = state.push("photo_ref", "", 0)
        token.meta = {"id": int(match[1])}
        token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.block.ruler.before(
        "paragraph", "photo_ref", _photo_block, {"alt": ["paragraph", "blockquote"]}
    )
    return md


def _photo_html(self, tokens, idx, options, env):
    # The callback travels in env, so one shared parser serves concurrent requests.
    return str(env["render_photo"](tokens[idx].meta["id"]))


_md = _parser()
_md.add_render_rule("photo_ref", _photo_html)


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


def render_body(text, render_photo=lambda photo_id: ""):
    """Render a body; ``render_photo(id)`` returns the trusted HTML of a figure or ""."""
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

    html = _md.renderer.render(tokens, _md.options, {"render_photo": render_photo})
    return RenderedBody(mark_safe(html), toc, photo_ids)  # noqa: S308 (escaped by markdown-it)
