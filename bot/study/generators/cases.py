"""Case to the concept it illustrates ("Which concept does the Abyssinia crisis
illustrate?") and concept to case, from each case's ``illustrates`` list.

A case illustrating several concepts gives one item per concept; the others it
illustrates, every concept close to them, and every concept it names are kept out of the
wrong options (see :meth:`bot.study.conflicts.Conflicts.case_clash`).
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.knowledge.schema import Case, Concept
from bot.study.context import StudyContext
from bot.study.explain import cite, first_sentence
from bot.study.item import Template


def _explanation(ctx: StudyContext, case: Case) -> str:
    concepts = ", ".join(ctx.kb.entries[c].title for c in case.illustrates)
    return f"**{case.title}** illustrates {concepts}. {first_sentence(case.summary)}"


def _case(ctx: StudyContext, case_id: str) -> Case:
    case = ctx.kb.entries[case_id]
    assert isinstance(case, Case)
    return case


def case_to_concept(ctx: StudyContext) -> Iterator[Template]:
    """ "Which concept does <case> illustrate?" for each concept it illustrates."""
    for case in (_case(ctx, i) for i in ctx.ids("case")):
        wrong = tuple(
            (other, ctx.kb.entries[other].title)
            for other in ctx.ids("concept")
            if not ctx.conflicts.case_clash(case.id, other)
        )
        for concept_id in case.illustrates:
            yield Template(
                id=f"case-concept:{case.id}:{concept_id}",
                kind="case-concept",
                question=f"Which concept does **{case.title}** illustrate?",
                right=(concept_id, ctx.kb.entries[concept_id].title),
                explanation=_explanation(ctx, case),
                citations=cite(ctx.kb, case.sources),
                entries=(case.id, concept_id),
                candidates=wrong,
                related=ctx.related(concept_id),
            )


def concept_to_case(ctx: StudyContext) -> Iterator[Template]:
    """ "Which case illustrates <concept>?" for each case the concept lists."""
    for concept_id in ctx.ids("concept"):
        concept = ctx.kb.entries[concept_id]
        assert isinstance(concept, Concept)
        wrong = tuple(
            (other, ctx.kb.entries[other].title)
            for other in ctx.ids("case")
            if not ctx.conflicts.case_clash(other, concept_id)
        )
        for case_id in concept.cases:
            case = _case(ctx, case_id)
            yield Template(
                id=f"concept-case:{concept_id}:{case_id}",
                kind="concept-case",
                question=f"Which case illustrates **{concept.title}**?",
                right=(case_id, case.title),
                explanation=_explanation(ctx, case),
                citations=cite(ctx.kb, case.sources),
                entries=(concept_id, case_id),
                candidates=wrong,
                related=ctx.related(case_id),
            )
