"""Cross-file rules for hand-written quiz files (``knowledge/quizzes/*.yaml``).

Each item's entries and sources must exist, and its four options must differ: an item
whose answer is also listed as a distractor has two right answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.knowledge.problems import Problem
from bot.knowledge.rules import _as_consequences, _expect, _problem
from bot.knowledge.schema import Quiz
from bot.language.normalise import normalise


def check_quizzes(
    quizzes: list[Any], entries: dict[str, Any], failed: dict[str, str] | None = None
) -> list[Problem]:
    """Problems of the parsed quiz files: unknown ids, sources that are not sources, options
    that repeat; each at the line of the offending value."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for item in quizzes:
        model: Quiz = item.model
        if model.id in seen:
            message = f"duplicate quiz id {model.id!r}, already used by {seen[model.id]}"
            problems.append(_problem(item, ("id",), message))
        seen.setdefault(model.id, item.path)
        problems.extend(_item_problems(item, entries))
    return _as_consequences(problems, failed or {})


def _item_problems(item: Any, entries: dict[str, Any]) -> Iterator[Problem]:
    for index, question in enumerate(item.model.items):
        loc = ("items", index)
        for i, ref in enumerate(question.entries):
            yield from _expect(item, (*loc, "entries", i), ref, entries)
        for i, cite in enumerate(question.sources):
            yield from _expect(
                item, (*loc, "sources", i, "source"), cite.source, entries, ["source"]
            )
        first: dict[str, tuple] = {normalise(question.answer): (*loc, "answer")}
        for i, option in enumerate(question.distractors):
            where = (*loc, "distractors", i)
            earlier = first.get(normalise(option))
            if earlier is not None:
                said = "the answer" if earlier[-1] == "answer" else f"distractor {earlier[-1] + 1}"
                yield _problem(item, where, f"same option as {said}: an item has one right answer")
            first.setdefault(normalise(option), where)
