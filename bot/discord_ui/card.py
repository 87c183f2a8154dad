"""The compact answer card: what a public answer shows, sized for one phone screen.

A card holds the summary (cut at a sentence), two or three key points or the first facets
of a comparison, the names of the cases, and the short references of every citation mark
on it. Everything else opens on demand, for the presser only (``views.card_view``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from bot.answer.model import Answer
from bot.discord_ui.embeds import MARK, Field, cited_numbers, clip, footer_text
from bot.discord_ui.limits import (
    CARD_CASES_CHARS,
    CARD_CITATIONS,
    CARD_FACET_SIDE_CHARS,
    CARD_FACETS,
    CARD_KEY_POINT_CHARS,
    CARD_KEY_POINTS,
    CARD_LIMIT,
    CARD_REFERENCE_CHARS,
    CARD_SUMMARY_CHARS,
    COLOURS,
    TITLE_LIMIT,
)
from bot.text import sentences

TRAILING_MARKS = re.compile(r"(?:\s*\[\d+\])+\s*$")
SIDE_CITATIONS = 2  # marks kept on each side of a facet on a card; "Sources" has them all


def _lead(text: str, limit: int) -> str:
    """Whole sentences of ``text`` up to ``limit`` characters (at least the first, cut)."""
    out = ""
    for sentence in sentences(text) or [text]:
        candidate = f"{out} {sentence}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    return out or clip(text, limit)


def _side(text: str, limit: int) -> str:
    """One side of a facet, cut at a sentence, keeping (up to two of) its citation marks."""
    found = TRAILING_MARKS.search(text)
    marks = MARK.findall(found.group(0)) if found else []
    body = text[: found.start()].rstrip() if found else text
    tail = "".join(f"[{n}]" for n in marks[:SIDE_CITATIONS])
    return f"{_lead(body, limit)} {tail}".strip()


def _key_points(answer: Answer) -> list[str]:
    for section in answer.sections:
        if section.title == "Key points":
            return [clip(p, CARD_KEY_POINT_CHARS) for p in section.items[:CARD_KEY_POINTS]]
    return []


@dataclass(frozen=True)
class CardShape:
    """How much of each part a card shows."""

    summary_chars: int = CARD_SUMMARY_CHARS
    key_points: int = CARD_KEY_POINTS
    facets: int = CARD_FACETS
    side_chars: int = CARD_FACET_SIDE_CHARS
    cases: bool = True


# Tried in order until the card fits CARD_LIMIT. The summary (a comparison's core
# difference) goes last: first a key point or a facet, then the case names ("Cases" has them).
SHAPES = (
    CardShape(),
    CardShape(key_points=2),
    CardShape(key_points=2, facets=2),
    CardShape(key_points=2, facets=2, cases=False),
    CardShape(key_points=2, facets=2, side_chars=80, cases=False),
    CardShape(key_points=1, facets=1, cases=False),
    CardShape(summary_chars=320, key_points=1, facets=1, side_chars=100, cases=False),
    CardShape(summary_chars=200, key_points=0, facets=1, side_chars=80, cases=False),
)


def card_fields(answer: Answer, shape: CardShape = SHAPES[0]) -> list[Field]:
    """The card's fields: key points or facets, cases, then the short references."""
    fields: list[Field] = []
    if answer.facets:
        left, right = answer.facet_titles
        for row in answer.facets[: shape.facets]:
            facet = row.facet[:1].upper() + row.facet[1:]
            value = (
                f"**{left}:** {_side(row.left, shape.side_chars)}\n"
                f"**{right}:** {_side(row.right, shape.side_chars)}"
            )
            fields.append(Field(facet, value))
    points = _key_points(answer)[: shape.key_points]
    if points:
        fields.append(Field("Key points", "\n".join(f"• {p}" for p in points)))
    shown_facets = {row.facet for row in answer.facets[: shape.facets]}
    if answer.cases and shape.cases and "Cases" not in shown_facets:
        fields.append(Field("Cases", clip(" · ".join(answer.cases), CARD_CASES_CHARS)))
    for section in answer.sections:
        # A case names what it illustrates; a source gives its one full reference.
        if section.title == "Illustrates" and section.items:
            fields.append(Field("Illustrates", clip(" · ".join(section.items), CARD_CASES_CHARS)))
        elif section.title == "Reference" and section.text:
            fields.append(Field("Reference", clip(section.text, CARD_REFERENCE_CHARS)))
    shown = set(card_citations(answer)) | cited_numbers(*(f.value for f in fields))
    refs = [f"[{c.number}] {c.short or c.text}" for c in answer.citations if c.number in shown]
    if refs:
        fields.append(Field("References", "\n".join(refs), references=True))
    return fields


def card_citations(answer: Answer) -> tuple[int, ...]:
    """The citation marks a card shows: the summary's first few ("Sources" has all)."""
    return answer.summary_citations[:CARD_CITATIONS]


def card_description(answer: Answer, limit: int = CARD_SUMMARY_CHARS) -> str:
    marks = "".join(f"[{n}]" for n in card_citations(answer))
    return f"{_lead(answer.summary, limit)} {marks}".strip()


def render_card(answer: Answer) -> discord.Embed:
    """The answer as one compact embed of at most ``CARD_LIMIT`` characters."""
    title = clip(answer.title or "studybot", TITLE_LIMIT)
    footer = footer_text(answer)
    # Each shape is measured as discord.py counts an embed (title, description, field names
    # and values, footer); only the one that fits is built into an embed.
    for shape in SHAPES:
        description = card_description(answer, shape.summary_chars)
        fields = card_fields(answer, shape)
        size = len(title) + len(description) + len(footer) + sum(f.size for f in fields)
        if size <= CARD_LIMIT:
            break
    embed = discord.Embed(
        title=title, description=description, colour=COLOURS.get(answer.kind, COLOURS["concept"])
    )
    for field in fields:
        embed.add_field(name=field.name, value=field.value, inline=False)
    embed.set_footer(text=footer)
    return embed
