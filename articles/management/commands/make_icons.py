"""``manage.py make_icons``: draw the site's icons into static/icons/.

One drawing, a newspaper page in white on the paper's red, is written as
favicon.svg and rendered by Pillow into favicon.ico (16, 32 and 48 px), the
web-app manifest's PNGs (192 and 512 px, and a 512 px maskable one with the
page inside the safe zone) and apple-touch-icon.png (180 px, opaque: iOS
rounds the corners itself). The files are committed; run this only to change
the drawing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

RED = "#a4161a"
WHITE = "#ffffff"
GRID = 32  # the drawing's units: the icon is GRID x GRID
CORNER = 6  # the rounded square's radius, in units
# The page: masthead, a picture beside two lines of text, a line across.
MARKS = (
    (6, 6, 26, 11),
    (6, 14, 15, 21),
    (18, 14, 26, 16),
    (18, 19, 26, 21),
    (6, 24, 26, 26),
)
SUPERSAMPLE = 8


def svg():
    rects = "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}"/>'
        for x0, y0, x1, y1 in MARKS
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f'<rect width="{GRID}" height="{GRID}" rx="{CORNER}" fill="{RED}"/>'
        f'<g fill="{WHITE}">{rects}</g></svg>\n'
    )


def render(size, *, rounded=True, mark_scale=1.0):
    """The icon at ``size`` pixels, drawn large and scaled down for smooth edges.

    ``mark_scale`` shrinks the page about the centre (for a maskable icon's safe zone).
    """
    big = size * SUPERSAMPLE
    unit = big / GRID
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=CORNER * unit, fill=RED)
    else:
        draw.rectangle((0, 0, big - 1, big - 1), fill=RED)
    centre = GRID / 2
    for box in MARKS:
        x0, y0, x1, y1 = (centre + (edge - centre) * mark_scale for edge in box)
        draw.rectangle((x0 * unit, y0 * unit, x1 * unit - 1, y1 * unit - 1), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw favicon.svg, favicon.ico and the PNG icons into static/icons/."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "static" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "favicon.svg").write_text(svg(), encoding="utf-8")
        for size in (192, 512):
            render(size).save(folder / f"icon-{size}.png", optimize=True)
        # The safe zone is the middle circle of 80 %: the page's 20 units must fit in it.
        render(512, rounded=False, mark_scale=0.8).save(
            folder / "icon-maskable-512.png", optimize=True
        )
        render(180, rounded=False).convert("RGB").save(
            folder / "apple-touch-icon.png", optimize=True
        )
        sizes = (16, 32, 48)
        largest, *others = [render(size) for size in reversed(sizes)]
        largest.save(
            folder / "favicon.ico", sizes=[(s, s) for s in sizes], append_images=others
        )
        self.stdout.write(f"Icons written to {folder}")
