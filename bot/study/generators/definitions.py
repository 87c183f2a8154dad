"""Definition to entry ("Which concept is this? «___ is a system in which…»") and the
reverse ("Which describes collective security?").

The definition is the first sentence of the entry's summary with its names blanked.
Concepts and organisations both get them; a wrong option never clashes with the answer
(see :mod:`bot.study.conflicts`) and is never named in the question.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.knowledge.schema import CitingEntry
from bot.study.context import StudyContext
from bot.study.explain import cite, first_sentence
from bot.study.item import Template

KINDS = ("concept", "organization")
# A definition shorter than this says too little to pick one entry out of four.
MIN_DEFINITION_WORDS = 8


def definition(ctx: StudyContext, entry_id: str) -> str | None:
    """The entry's masked first summary sentence, or None when it would give the answer
    away or say too little."""
    text = ctx.names.mask(first_sentence(ctx.kb.entries[entry_id].summary), entry_id)
    if ctx.names.mentions(text, entry_id) or len(text.split()) < MIN_DEFINITION_WORDS:
        return None
    return text


def explanation(ctx: StudyContext, entry_id: str) -> str:
    """ "**Title**: first sentence of its summary." """
    entry = ctx.kb.entries[entry_id]
    return f"**{entry.title}**: {first_sentence(entry.summary)}"


def citations(ctx: StudyContext, entry_id: str) -> tuple:
    """The entry's first sources, styled as its answer cites them."""
    entry = ctx.kb.entries[entry_id]
    return cite(ctx.kb, entry.sources) if isinstance(entry, CitingEntry) else ()


def definitions(ctx: StudyContext, kind: str) -> dict[str, str]:
    """Entry id -> usable definition, for the entries of ``kind``."""
    return {e: text for e in ctx.ids(kind) if (text := definition(ctx, e)) is not None}


def definition_to_entry(ctx: StudyContext) -> Iterator[Template]:
    """ "Which concept is this? «___ is …»" with four titles to choose from."""
    for kind in KINDS:
        for entry_id, text in definitions(ctx, kind).items():
            yield Template(
                id=f"definition:{entry_id}",
                kind="definition",
                question=f"Which {kind} is this? “{text}”",
                right=(entry_id, ctx.kb.entries[entry_id].title),
                explanation=explanation(ctx, entry_id),
                citations=citations(ctx, entry_id),
                entries=(entry_id,),
                candidates=tuple(
                    (other, ctx.kb.entries[other].title)
                    for other in ctx.ids(kind)
                    if not ctx.conflicts.clash(entry_id, other)
                    and not ctx.names.mentions(text, other)
                ),
                related=ctx.related(entry_id),
            )


def entry_to_definition(ctx: StudyContext) -> Iterator[Template]:
    """ "Which describes collective security?" with four masked definitions."""
    for kind in KINDS:
        defined = definitions(ctx, kind)
        for entry_id, text in defined.items():
            title = ctx.kb.entries[entry_id].title
            yield Template(
                id=f"term:{entry_id}",
                kind="term",
                question=f"Which describes **{title}**?",
                right=(entry_id, text),
                explanation=explanation(ctx, entry_id),
                citations=citations(ctx, entry_id),
                entries=(entry_id,),
                candidates=tuple(
                    (other, other_text)
                    for other, other_text in defined.items()
                    if not ctx.conflicts.clash(entry_id, other)
                ),
                related=ctx.related(entry_id),
            )
