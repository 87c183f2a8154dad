"""Shared by the bench scripts: the questions to time and a percentile."""

from __future__ import annotations

from pathlib import Path

from bot.matching.evaluation import load_questions as load_labelled

ROOT = Path(__file__).resolve().parent.parent  # the repository
DEV_QUESTIONS = ROOT.parent / "shared" / "dev-questions.yaml"
FALLBACK_QUESTIONS = [
    "what is collective security?",
    "collective security vs collective defence",
    "what is r2p",
    "how does deterence work",
    "what's the security dilemma",
    "explain westphalian sovereignty",
    "when was the warsaw pact dissolved",
    "who can use the veto in the security council",
    "what is human security",
    "what is a firewall",
]


def load_questions(path: Path) -> list[str]:
    """The ``q`` values of a dev-questions YAML file, or a small built-in set."""
    if path.is_file():
        questions = [q.text for q in load_labelled(path)]
        if questions:
            return questions
    return FALLBACK_QUESTIONS


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
