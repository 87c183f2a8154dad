"""The four rings of cooperative security as a picture: concentric rings named from the
knowledge base, drawn with Pillow, cached per knowledge version (engine side: no discord).

The model is Cohen and Mihalka's (2001): (1) individual security at the centre, then (2)
collective security, (3) collective defense and (4) promoting stability, the outer ring.
Organisations with ``rings`` data are placed in the rings they work in, once the knowledge
base carries that field; until then the rings are drawn alone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.knowledge.base import KnowledgeBase

# The rings, inside out, by the entries that describe them (Cohen and Mihalka 2001).
RING_ENTRIES = (
    "individual-security",
    "collective-security",
    "collective-defense",
    "promoting-stability",
)
# Entries whose answers carry the picture: the model itself and each of its rings.
PICTURED = frozenset({"cooperative-security", *RING_ENTRIES})
FILENAME = "four-rings.png"

WIDTH, HEADER = 900, 70  # pixels: sharp on a phone (about 40 kB); the title's band on top
HEIGHT = WIDTH + HEADER
RADII = (135, 230, 330, 430)  # ring outer radii, inside out: the nucleus holds its name
# Inside out from a deep to a light blue: the nucleus is the most intense.
FILLS = ("#1e3a8a", "#1d4ed8", "#3b82f6", "#93c5fd")
TEXT_COLOURS = ("#ffffff", "#ffffff", "#ffffff", "#0f172a")
BACKGROUND = "#ffffff"
TITLE_FONT, LABEL_FONT = 30, 26


@dataclass(frozen=True)
class Picture:
    """A PNG with its file name and its alt text."""

    png: bytes
    filename: str
    alt_text: str


def ring_titles(kb: KnowledgeBase) -> list[str]:
    """The four rings' names, inside out, as the knowledge base titles them."""
    return [kb.entries[e].title if e in kb.entries else e for e in RING_ENTRIES]


def alt_text(kb: KnowledgeBase) -> str:
    """What the picture shows, in words, for screen readers."""
    titles = ring_titles(kb)
    rings = "; ".join(f"ring {n}, {t}" for n, t in enumerate(titles, start=1))
    return (
        "Four concentric rings of cooperative security (Cohen and Mihalka, 2001), from the "
        f"centre out: {rings}."
    )


def four_rings(kb: KnowledgeBase) -> Picture:
    """The diagram for ``kb`` (drawn once per knowledge version)."""
    return _drawn(kb.version, tuple(ring_titles(kb)), alt_text(kb))


@lru_cache(maxsize=4)
def _drawn(version: str, titles: tuple[str, ...], alt: str) -> Picture:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    centre_x, centre = WIDTH // 2, HEADER + WIDTH // 2
    title_font = ImageFont.load_default(size=TITLE_FONT)
    label_font = ImageFont.load_default(size=LABEL_FONT)
    for radius, fill in zip(reversed(RADII), reversed(FILLS), strict=True):
        box = (centre_x - radius, centre - radius, centre_x + radius, centre + radius)
        draw.ellipse(box, fill=fill, outline="#0f172a", width=2)
    # Each ring's name sits in its band, above the centre; the nucleus holds its own.
    for number, (title, radius, colour) in enumerate(
        zip(titles, RADII, TEXT_COLOURS, strict=True), start=1
    ):
        inner = RADII[number - 2] if number > 1 else 0
        y = centre - (radius + inner) // 2 if number > 1 else centre
        _centred(draw, (centre_x, y), f"{number}. {title}", label_font, colour)
    title = "Cooperative security: four rings (Cohen and Mihalka)"
    _centred(draw, (centre_x, HEADER // 2), title, title_font, "#0f172a")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return Picture(buffer.getvalue(), FILENAME, alt)


def _centred(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, font, fill) -> None:
    """Draw ``text`` centred on ``at`` (its middle)."""
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = at[0] - (right - left) // 2
    y = at[1] - (bottom - top) // 2
    draw.text((x, y), text, font=font, fill=fill)
