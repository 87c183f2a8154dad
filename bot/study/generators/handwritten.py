"""The moderators' hand-written items from ``knowledge/quizzes/*.yaml``, as templates."""

from __future__ import annotations

from collections.abc import Iterator

from bot.study.context import StudyContext
from bot.study.explain import cite
from bot.study.item import Template


def handwritten(ctx: StudyContext) -> Iterator[Template]:
    """Every hand-written item; the checker has already proven its options distinct."""
    for quiz in sorted(ctx.kb.quizzes, key=lambda q: q.id):
        for index, question in enumerate(quiz.items, start=1):
            yield Template(
                id=f"hand:{quiz.id}:{index}",
                kind="handwritten",
                question=question.question,
                right=("answer", question.answer),
                explanation=question.explanation,
                # A moderator chose each source of a hand-written item: cite them all.
                citations=cite(ctx.kb, question.sources, limit=len(question.sources)),
                entries=tuple(question.entries),
                fixed=tuple((f"distractor:{i}", d) for i, d in enumerate(question.distractors)),
            )
