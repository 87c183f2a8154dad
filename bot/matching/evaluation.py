"""Judge the matcher against labelled question files (the same rules as eval/score.py).

A question file is a YAML list of ``{q, expect: entry|comparison|none, entries: [ids]}``.
Used by ``bench/bench_quality.py`` (the figures) and ``tools/fit_weights.py`` (the fit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.matching.matcher import Match

RIGHT, WRONG, FALSE_DECLINE = "right", "wrong answer", "false decline"


@dataclass(frozen=True)
class Question:
    """One labelled question."""

    text: str
    expect: str
    entries: tuple[str, ...]


def load_questions(path: Path) -> list[Question]:
    """The labelled questions of ``path``."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Question(
            str(item["q"]).replace("\n", " "), item["expect"], tuple(item.get("entries") or ())
        )
        for item in items
    ]


def verdict(question: Question, match: Match) -> str:
    """RIGHT, WRONG (an answer about the wrong thing) or FALSE_DECLINE."""
    if question.expect == "none":
        return RIGHT if match.kind == "none" else WRONG
    if match.kind == "none":
        return FALSE_DECLINE
    if question.expect == "comparison":
        ok = match.kind == "comparison" and set(match.entries[:2]) == set(question.entries)
    else:
        ok = bool(match.entries) and match.entries[0] == question.entries[0]
    return RIGHT if ok else WRONG


def judge(
    questions: list[Question], match: Callable[[str], Match]
) -> list[tuple[Question, Match, str]]:
    """Every question with the matcher's decision and its verdict."""
    out = []
    for question in questions:
        decision = match(question.text)
        out.append((question, decision, verdict(question, decision)))
    return out
