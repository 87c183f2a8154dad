"""Drills on the curated comparisons' facets: "Collective security vs collective defense,
*direction of the threat*: which is true of collective defense?"

The right option is the asked entry's cell of that facet; the wrong ones are cells of the
other entry only (always its cell of the same facet, then two of its others), so every
wrong option describes the entry that was not asked about. A facet whose two cells read
alike, and any cell that repeats one of the asked side, is left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.knowledge.schema import Comparison
from bot.language.normalise import normalise
from bot.study.context import StudyContext
from bot.study.explain import cite
from bot.study.item import Template

SIDES = ("left", "right")


def _drills(ctx: StudyContext, comparison: Comparison) -> Iterator[Template]:
    first, second = (ctx.kb.entries[e].title for e in comparison.entries)
    refs = cite(ctx.kb, comparison.sources)
    for side, asked in enumerate(SIDES):
        other = SIDES[1 - side]
        asked_cells = {normalise(getattr(f, asked)) for f in comparison.facets}
        wrong = [
            (f"{other}:{i}", getattr(f, other))
            for i, f in enumerate(comparison.facets)
            if normalise(getattr(f, other)) not in asked_cells
        ]
        about = ctx.kb.entries[comparison.entries[side]].title
        for index, facet in enumerate(comparison.facets):
            same_facet = (f"{other}:{index}", getattr(facet, other))
            if same_facet not in wrong:
                continue
            yield Template(
                id=f"facet:{comparison.id}:{index}:{asked}",
                kind="facet",
                question=f"{first} vs {second}, *{facet.facet}*: which is true of **{about}**?",
                right=(f"{asked}:{index}", getattr(facet, asked)),
                explanation=f"**{facet.facet}**: {first}: {facet.left} {second}: {facet.right}",
                citations=refs,
                entries=(comparison.entries[side], comparison.entries[1 - side]),
                candidates=tuple(cell for cell in wrong if cell != same_facet),
                fixed=(same_facet,),
            )


def facet_drills(ctx: StudyContext) -> Iterator[Template]:
    """Two drills per facet of every curated comparison, one for each side."""
    for comparison in sorted(ctx.kb.comparisons, key=lambda c: c.id):
        yield from _drills(ctx, comparison)
