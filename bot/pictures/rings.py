"""The four rings of cooperative security as a picture: concentric rings named from the
knowledge base, drawn with Pillow, cached per knowledge version (engine side: no discord).

The model is Cohen and Mihalka's (2001): (1) individual security at the centre, then (2)
collective security, (3) collective defense and (4) promoting stability, the outer ring.
Organisations are placed, by their ``rings`` data, in the lower half of each ring they
serve (an organisation serving three rings appears three times), under the ring's name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.knowledge import rings
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

WIDTH, HEADER = 1000, 70  # pixels: sharp on a phone (about 60 kB); the title's band on top
HEIGHT = WIDTH + HEADER
RADII = (150, 285, 395, 490)  # ring outer radii, inside out: wide bands hold their institutions
# Inside out from a deep to a light blue: the nucleus is the most intense.
FILLS = ("#1e3a8a", "#1d4ed8", "#3b82f6", "#93c5fd")
TEXT_COLOURS = ("#ffffff", "#ffffff", "#ffffff", "#0f172a")
BACKGROUND = "#ffffff"
TITLE_FONT, LABEL_FONT, MEMBER_FONT = 30, 26, 19
MEMBER_LINE = 22  # pixels between lines of institution names (font size and a little air)
MEMBER_MARGIN = 16  # pixels kept clear of a ring's edges, so names never touch a line


@dataclass(frozen=True)
class Picture:
    """A PNG with its file name and its alt text."""

    png: bytes
    filename: str
    alt_text: str


def ring_titles(kb: KnowledgeBase) -> list[str]:
    """The four rings' names, inside out, as the knowledge base titles them."""
    return [kb.entries[e].title if e in kb.entries else e for e in RING_ENTRIES]


def ring_members(kb: KnowledgeBase) -> list[tuple[str, ...]]:
    """The short names of the institutions placed in each ring, inside out."""
    placed = rings.placements(kb)
    return [tuple(rings.label(org) for org in placed[ring]) for ring in RING_ENTRIES]


def alt_text(kb: KnowledgeBase) -> str:
    """What the picture shows, in words, for screen readers."""
    parts = []
    for number, (title, members) in enumerate(
        zip(ring_titles(kb), ring_members(kb), strict=True), start=1
    ):
        placed = f" ({', '.join(members)})" if members else ""
        parts.append(f"ring {number}, {title}{placed}")
    return (
        "Four concentric rings of cooperative security (Cohen and Mihalka, 2001), from the "
        f"centre out, with the institutions that serve each: {'; '.join(parts)}."
    )


# One knowledge base answers at a time (knowledge bases hash by identity): an answer card
# then neither places the institutions again nor looks the drawing up.
@lru_cache(maxsize=1)
def four_rings(kb: KnowledgeBase) -> Picture:
    """The diagram for ``kb`` (drawn once per knowledge version)."""
    members = tuple(ring_members(kb))
    return _drawn(kb.version, tuple(ring_titles(kb)), members, alt_text(kb))


def _wrapped(
    draw: ImageDraw.ImageDraw, names: tuple[str, ...], widths: list[int], font
) -> list[str]:
    """``names`` joined by commas into lines no wider than ``widths`` (one per line);
    whatever does not fit ends in "+N more" on the last line."""
    lines: list[str] = []
    queue = list(names)
    for width in widths:
        line = ""
        while queue:
            candidate = f"{line}, {queue[0]}" if line else queue[0]
            if line and draw.textlength(candidate, font=font) > width:
                break
            line = candidate
            queue.pop(0)
        if line:
            lines.append(line)
    if queue and lines:
        lines[-1] = f"{lines[-1]} +{len(queue)} more"
    return lines


@lru_cache(maxsize=4)
def _drawn(
    version: str, titles: tuple[str, ...], members: tuple[tuple[str, ...], ...], alt: str
) -> Picture:
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
        _draw_members(draw, (centre_x, centre), inner, radius, members[number - 1], colour)
    title = "Cooperative security: four rings (Cohen and Mihalka)"
    _centred(draw, (centre_x, HEADER // 2), title, title_font, "#0f172a")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return Picture(buffer.getvalue(), FILENAME, alt)


def _draw_members(
    draw: ImageDraw.ImageDraw,
    centre: tuple[int, int],
    inner: int,
    outer: int,
    names: tuple[str, ...],
    colour: str,
) -> None:
    """The institutions of one ring in its lower half, below the centre: each line as wide
    as the ring allows at its depth (just below the inner ring the band is widest)."""
    if not names:
        return
    font = ImageFont.load_default(size=MEMBER_FONT)
    top = inner + MEMBER_MARGIN if inner else MEMBER_LINE * 2
    depths = list(range(top, outer - MEMBER_MARGIN - MEMBER_LINE // 2, MEMBER_LINE))
    # The chord of the outer circle at the lower edge of each line, less the margins.
    widths = [
        int(2 * ((outer - MEMBER_MARGIN) ** 2 - (d + MEMBER_LINE // 2) ** 2) ** 0.5) for d in depths
    ]
    for depth, line in zip(depths, _wrapped(draw, names, widths, font), strict=False):
        _centred(draw, (centre[0], centre[1] + depth), line, font, colour)


def _centred(draw: ImageDraw.ImageDraw, at: tuple[int, int], text: str, font, fill) -> None:
    """Draw ``text`` centred on ``at`` (its middle)."""
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = at[0] - (right - left) // 2
    y = at[1] - (bottom - top) // 2
    draw.text((x, y), text, font=font, fill=fill)
