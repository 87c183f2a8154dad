"""Render an Answer as Discord embeds, paged so that no page breaks Discord's limits.

Limits (Discord API): title 256, description 4096, field name 256, field value 1024,
25 fields, 6000 characters per embed in all, footer 2048.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import discord

from bot.answer.model import Answer
from bot.discord_ui.limits import (
    COLOURS,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_RESERVE,
    TITLE_LIMIT,
)
from bot.text import clip

MARK = re.compile(r"\[(\d+)\]")
BLANK_NAME = "\u200b"  # Discord wants a field name; a zero-width space shows none


@dataclass(frozen=True)
class Field:
    """An embed field before packing."""

    name: str
    value: str
    inline: bool = False
    references: bool = False  # a list of references, not text that cites them

    @property
    def size(self) -> int:
        return len(self.name) + len(self.value)


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
    """A titled list as one field, or several when it is long; a continuation has a blank
    name, so the list reads on without a mechanical "(cont.)"."""
    chunks = _chunks(lines, FIELD_VALUE_LIMIT)
    name = clip(name, FIELD_NAME_LIMIT)
    return [Field(name if i == 0 else BLANK_NAME, chunk) for i, chunk in enumerate(chunks)]


def answer_fields(answer: Answer, with_suggestions: bool = True) -> list[Field]:
    """Every field of the answer in reading order, each within the field limits, without
    the references of citation marks (each page carries its own: ``render_embeds``)."""
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
    if answer.suggestions and with_suggestions:
        fields += _split_field("Did you mean", [f"• {s.title}" for s in answer.suggestions])
    return fields


def cited_numbers(*texts: str) -> set[int]:
    """The citation numbers marked ("[3]") in ``texts``."""
    return {int(n) for text in texts for n in MARK.findall(text)}


def reference_fields(answer: Answer, numbers: set[int], short: bool = False) -> list[Field]:
    """The "References" field(s) for the citation ``numbers`` (all when ``numbers`` is
    empty and the answer's references are its content, as in a reading list)."""
    refs = [c for c in answer.citations if c.number in numbers]
    lines = [f"[{c.number}] {c.short if short and c.short else c.text}" for c in refs]
    if not lines:
        return []
    return [dataclasses.replace(f, references=True) for f in _split_field("References", lines)]


def _description(answer: Answer) -> str:
    # The summary gives way to its citation marks, which must survive any cut.
    marks = "".join(f"[{n}]" for n in answer.summary_citations)
    summary = clip(answer.summary, DESCRIPTION_LIMIT - len(marks) - 1)
    return clip(f"{summary} {marks}".strip(), DESCRIPTION_LIMIT)


def footer_text(answer: Answer, page: int = 1, pages: int = 1) -> str:
    """ "studybot · page 1/2 · curated comparison · likely match" (the match only for a
    question the bot matched, in words)."""
    parts = ["studybot"]
    if pages > 1:
        parts.append(f"page {page}/{pages}")
    if answer.kind == "comparison" and answer.curated:
        parts.append("curated comparison")
    if answer.matched:
        parts.append(answer.match_words)
    return " · ".join(parts)


def _page_size(title: str, text: str, fields: list[Field]) -> int:
    return len(title) + len(text) + sum(f.size for f in fields) + FOOTER_RESERVE


def _cited_on(text: str, fields: list[Field]) -> set[int]:
    return cited_numbers(text, *(f.value for f in fields if not f.references))


def _with_references(
    answer: Answer, title: str, pages: list[tuple[str, list[Field]]]
) -> list[tuple[str, list[Field]]]:
    """Each page with the references of its citation marks; references that cannot fit
    (a summary citing dozens of long works) go on the pages right after it."""
    out: list[tuple[str, list[Field]]] = []
    for text, fields in pages:
        refs = reference_fields(answer, _cited_on(text, fields))
        current = list(fields)
        for ref in refs:
            fits = _page_size(title, text, [*current, ref]) <= EMBED_TOTAL_LIMIT
            if current and not (fits and len(current) < FIELD_COUNT_LIMIT):
                out.append((text, current))
                text, current = "", []
            current.append(ref)
        out.append((text, current))
    return out


def render_embeds(answer: Answer, with_suggestions: bool = True) -> list[discord.Embed]:
    """The answer as one or more embeds (pages), each within every Discord limit; every
    page carries the references of the citation numbers on it."""
    title = clip(answer.title or "studybot", TITLE_LIMIT)
    description = _description(answer)
    colour = COLOURS.get(answer.kind, COLOURS["concept"])
    content = answer_fields(answer, with_suggestions)
    texts = [description, *(f.value for f in content)]
    listed = {c.number for c in answer.citations} - cited_numbers(*texts)
    # References no text cites (a reading list, an entry's sources) are the content itself.
    content += reference_fields(answer, listed)
    pages: list[tuple[str, list[Field]]] = [(description, [])]
    for field in content:
        text, current = pages[-1]
        candidate = [*current, field]
        refs = reference_fields(answer, _cited_on(text, candidate))
        too_big = _page_size(title, text, candidate + refs) > EMBED_TOTAL_LIMIT
        if current and (too_big or len(candidate) + len(refs) > FIELD_COUNT_LIMIT):
            pages.append(("", [field]))
        else:
            current.append(field)
    pages = _with_references(answer, title, pages)
    embeds = []
    heading = ""
    for number, (text, fields) in enumerate(pages, start=1):
        embed = discord.Embed(title=title, description=text or None, colour=colour)
        for position, field in enumerate(fields):
            name = field.name
            if name != BLANK_NAME:
                heading = name
            elif position == 0:  # a list that runs onto a new page is named again there
                name = heading
            embed.add_field(name=name, value=field.value, inline=field.inline)
        embed.set_footer(text=footer_text(answer, number, len(pages)))
        embeds.append(embed)
    return embeds
