"""Render an Answer as Discord embeds, paged so that no page breaks Discord's limits.

Limits (Discord API): title 256, description 4096, field name 256, field value 1024,
25 fields, 6000 characters per embed in all, footer 2048.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.answer.model import Answer

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
EMBED_TOTAL_LIMIT = 6000
FOOTER_RESERVE = 120  # room kept for "page i/n · ..." in every embed
COLOURS = {
    "concept": 0x3B82F6,
    "organization": 0x10B981,
    "document": 0xF59E0B,
    "case": 0xEF4444,
    "source": 0x8B5CF6,
    "comparison": 0x6366F1,
    "none": 0x6B7280,
}


@dataclass(frozen=True)
class Field:
    """An embed field before packing."""

    name: str
    value: str
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.name) + len(self.value)


def clip(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, marking the cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def _chunks(lines: list[str], limit: int) -> list[str]:
    """Join lines into chunks of at most ``limit`` characters (clipping any longer line)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _split_field(name: str, lines: list[str]) -> list[Field]:
    chunks = _chunks(lines, FIELD_VALUE_LIMIT)
    name = clip(name, FIELD_NAME_LIMIT - 12)
    return [Field(name if i == 0 else f"{name} (cont.)", chunk) for i, chunk in enumerate(chunks)]


def answer_fields(answer: Answer) -> list[Field]:
    """Every field of the answer in reading order, each within the field limits."""
    fields: list[Field] = []
    left_title, right_title = answer.facet_titles
    for row in answer.facets:
        facet = row.facet[:1].upper() + row.facet[1:]
        both = f"**{left_title}:** {row.left}\n**{right_title}:** {row.right}"
        if len(both) <= FIELD_VALUE_LIMIT:
            fields.append(Field(clip(facet, FIELD_NAME_LIMIT), both))
        else:
            fields += _split_field(f"{facet}: {left_title}", [row.left])
            fields += _split_field(f"{facet}: {right_title}", [row.right])
    for section in answer.sections:
        lines = [section.text] if section.text else []
        lines += [f"• {item}" for item in section.items]
        fields += _split_field(section.title, lines)
    if answer.suggestions:
        fields += _split_field("Did you mean", [f"• {s.title}" for s in answer.suggestions])
    if answer.citations:
        fields += _split_field("References", [f"[{c.number}] {c.text}" for c in answer.citations])
    return fields


def _description(answer: Answer) -> str:
    marks = "".join(f"[{n}]" for n in answer.summary_citations)
    text = f"{answer.summary} {marks}".strip()
    if not answer.curated and answer.kind == "comparison":
        text += "\n*Built from the two entries; no curated comparison yet.*"
    return clip(text, DESCRIPTION_LIMIT)


def _footer(answer: Answer, page: int, pages: int) -> str:
    parts = ["studybot"]
    if pages > 1:
        parts.append(f"page {page}/{pages}")
    if answer.answered:
        parts.append(f"confidence {answer.confidence:.0%}")
    if answer.kind == "comparison":
        parts.append("curated comparison" if answer.curated else "built comparison")
    return " · ".join(parts)


def render_embeds(answer: Answer) -> list[discord.Embed]:
    """The answer as one or more embeds (pages), each within every Discord limit."""
    title = clip(answer.title or "studybot", TITLE_LIMIT)
    description = _description(answer)
    colour = COLOURS.get(answer.kind, COLOURS["concept"])
    pages: list[tuple[str, list[Field]]] = [(description, [])]
    used = len(title) + len(description) + FOOTER_RESERVE
    for field in answer_fields(answer):
        current = pages[-1][1]
        if len(current) >= FIELD_COUNT_LIMIT or used + field.size > EMBED_TOTAL_LIMIT:
            pages.append(("", []))
            used = len(title) + FOOTER_RESERVE
        pages[-1][1].append(field)
        used += field.size
    embeds = []
    for number, (text, fields) in enumerate(pages, start=1):
        embed = discord.Embed(title=title, description=text or None, colour=colour)
        for field in fields:
            embed.add_field(name=field.name, value=field.value, inline=field.inline)
        embed.set_footer(text=_footer(answer, number, len(pages)))
        embeds.append(embed)
    return embeds
