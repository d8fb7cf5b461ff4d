"""The reader site's stylesheet keeps its design rules: readable contrast in both colour
schemes (computed from the CSS custom properties), mobile first, Chinese typography,
and colours only through the tokens so that dark mode reaches every rule."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text(encoding="utf-8")

# (foreground, background, minimum ratio): text 4.5:1 (WCAG 1.4.3); focus outlines and
# form-control borders are not text, 3:1 (WCAG 1.4.11).
PAIRS = [
    *[(fg, bg, 4.5) for fg in ("text", "muted", "accent", "link") for bg in ("paper", "tint")],
    ("text", "mark-bg", 4.5),
    ("notice-text", "notice-bg", 4.5),
    ("button-text", "button-bg", 4.5),
    ("focus", "paper", 3),
    ("focus", "tint", 3),
    ("field-border", "paper", 3),
]


def without_comments(css):
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def blocks(css):
    """(prelude, body) for each top-level block, bodies with their nested blocks."""
    found, depth, start, prelude_start = [], 0, 0, 0
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[prelude_start:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                found.append((prelude, css[start:index]))
                prelude_start = index + 1
    return found


def declarations(body):
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", body))


def schemes():
    """The light values (the first :root) and the dark ones laid over them."""
    top = blocks(without_comments(CSS))
    light = declarations(next(body for prelude, body in top if prelude == ":root"))
    dark_bodies = [body for prelude, body in top if "prefers-color-scheme: dark" in prelude]
    dark_root = next(
        inner for body in dark_bodies for prelude, inner in blocks(body) if prelude == ":root"
    )
    return {"light": light, "dark": {**light, **declarations(dark_root)}}


def luminance(colour):
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    assert re.fullmatch(r"[0-9a-fA-F]{6}", value), f"not a hex colour: {colour!r}"
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    """The ratio is WCAG's: black on white 21:1, a colour on itself 1:1, #767676 on white 4.54:1."""
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#a4161a", "#a4161a") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("fg, bg, minimum", PAIRS)
def test_every_colour_pair_is_readable_in_both_schemes(scheme, fg, bg, minimum):
    """Each text colour on each background it is used on reaches 4.5:1 (non-text 3:1),
    in the light scheme and in the dark one."""
    colours = schemes()[scheme]
    ratio = contrast(colours[f"--{fg}"], colours[f"--{bg}"])
    assert ratio >= minimum, f"{scheme}: --{fg} on --{bg} is {ratio:.2f}:1"


def test_dark_scheme_changes_every_colour_token():
    """Dark mode redefines each colour the light scheme defines (none is left light)."""
    values = schemes()
    colours = {name for name, value in values["light"].items() if value.strip().startswith("#")}
    unchanged = {name for name in colours if values["dark"][name] == values["light"][name]}
    # The warning box's border is a mid amber that reads on both backgrounds.
    assert unchanged <= {"--notice-border"}, unchanged


def test_rules_use_colour_tokens_not_literals():
    """Outside the token blocks, print styles and the QR code (which must stay dark on
    white for a scanner), no rule names a colour itself: dark mode would miss it."""
    offenders = []
    for prelude, body in blocks(without_comments(CSS)):
        tokens = prelude == ":root" or "prefers-color-scheme" in prelude
        if tokens or prelude.startswith("@media print"):
            continue
        inner = blocks(body) if prelude.startswith("@") else [(prelude, body)]
        for selector, rules in inner:
            if selector in (":root", ".qr svg"):
                continue
            if re.search(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(", rules):
                offenders.append(selector)
    assert not offenders


def test_media_queries_are_mobile_first():
    """Phones get the base rules; wider screens are added with min-width, never max-width."""
    queries = re.findall(r"@media[^{]+", without_comments(CSS))
    assert any("min-width" in query for query in queries)
    assert not [query for query in queries if "max-width" in query]


def test_chinese_typography():
    """Body text: a system CJK font stack, line height about 1.8, strict line breaking
    (no 。，、 at the start of a line), and a measure of about 34-40 characters."""
    css = without_comments(CSS)
    light = schemes()["light"]
    fonts = light["--font-sans"]
    for family in ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"):
        assert f'"{family}"' in fonts
    assert fonts.strip().endswith("sans-serif")
    assert float(light["--leading"]) == pytest.approx(1.8, abs=0.1)
    assert re.search(r"\bbody\s*{[^}]*line-break:\s*strict", css)
    measure = re.fullmatch(r"([\d.]+)em", light["--measure"].strip())
    assert measure and 34 <= float(measure[1]) <= 40


def test_accessibility_basics_are_styled():
    """The skip link shows on focus, focus is visible, and reduced motion is respected."""
    css = without_comments(CSS)
    assert re.search(r"\.skip-link:focus\s*{", css)
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid var\(--focus\)", css)
    assert "@media (prefers-reduced-motion: reduce)" in css
