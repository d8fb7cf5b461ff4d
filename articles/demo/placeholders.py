"""Placeholder pictures for demo photos, drawn by Pillow.

Each picture is a small city scene (sky gradient, sun, skyline, river) whose
colours and shapes follow from its key, so the same photo always looks the
same. When a font with Chinese glyphs is installed the caption is printed on
it; without one the picture is shapes only, so no font is required.
"""

import io
import random
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DEFAULT_SIZE = (1200, 800)

# Common places of fonts with Chinese glyphs on Linux, macOS and Windows.
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


@lru_cache(maxsize=1)
def cjk_font_path():
    """The first installed font that can print Chinese, or None."""
    for candidate in CJK_FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


@lru_cache(maxsize=8)
def _font(size):
    path = cjk_font_path()
    if path is None:
        return None
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return None


def _gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _shade(rng, base, spread=40):
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in base)


def _draw_scene(image, rng):
    width, height = image.size
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.55, 0.7))

    sun_r = int(min(width, height) * rng.uniform(0.06, 0.1))
    sun_x, sun_y = int(width * rng.uniform(0.15, 0.85)), int(height * rng.uniform(0.15, 0.35))
    draw.ellipse((sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r),
                 fill=_shade(rng, (250, 220, 150), 5))

    building = _shade(rng, (60, 70, 90), 25)
    x = 0
    while x < width:
        w = max(2, int(width * rng.uniform(0.04, 0.09)))
        top = horizon - int(height * rng.uniform(0.08, 0.42))
        draw.rectangle((x, top, x + w, horizon), fill=_shade(rng, building, 15))
        x += w + max(1, int(width * rng.uniform(0, 0.015)))

    river = _shade(rng, (70, 120, 160), 20)
    draw.rectangle((0, horizon, width, height), fill=river)
    for _ in range(6):
        y = rng.randint(horizon + 2, height - 2)
        x0 = rng.randint(0, width)
        draw.line((x0, y, x0 + int(width * 0.2), y), fill=_shade(rng, river, 30),
                  width=max(1, height // 200))


def _draw_caption(image, caption):
    width, height = image.size
    font = _font(max(12, height // 22))
    if font is None or not caption:
        return
    text = caption
    limit = width * 0.9
    while text and font.getlength(text) > limit:
        text = text[:-2] + "…"
    band = height // 9
    box = (0, height - band, width, height)
    image.paste(Image.blend(image.crop(box), Image.new("RGB", (width, band)), 0.55), box)
    ImageDraw.Draw(image).text(
        (width * 0.05, height - band / 2), text, font=font, fill=(255, 255, 255), anchor="lm"
    )


def placeholder_jpeg(key, caption="", size=DEFAULT_SIZE):
    """JPEG bytes of the picture for ``key``; the same key always draws the same scene."""
    rng = random.Random(f"newsdesk-placeholder:{key}")  # noqa: S311 (repeatable, not secret)
    sky_top = _shade(rng, (90, 140, 200), 50)
    sky_bottom = _shade(rng, (235, 200, 170), 30)
    image = _gradient(size, sky_top, sky_bottom)
    _draw_scene(image, rng)
    _draw_caption(image, caption)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
