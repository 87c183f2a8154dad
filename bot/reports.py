"""Moderator reports built from the question log (no discord import): the unanswered
questions, near-duplicates grouped, declines apart from low-confidence answers."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.language.normalise import normalise

# Two questions this similar (edit-distance ratio of the normalised text, 0-100) are one
# question asked twice: "What is a firewall?" and "whats a firewall" (88) group; "what is
# collective security" and "what is collective defense" (80) do not.
SAME_QUESTION = 85


@dataclass
class QuestionGroup:
    """One question as students asked it (the latest wording, their own casing) and how
    many times it, or a near-duplicate, was asked."""

    question: str
    count: int
    key: str


def group_questions(rows: list[str]) -> list[QuestionGroup]:
    """Group ``rows`` (newest first) into near-duplicates, most asked first."""
    groups: list[QuestionGroup] = []
    for question in rows:
        key = normalise(question)
        for group in groups:
            if key == group.key or fuzz.ratio(key, group.key) >= SAME_QUESTION:
                group.count += 1
                break
        else:
            groups.append(QuestionGroup(question, 1, key))
    return sorted(groups, key=lambda g: -g.count)  # stable: the newest first among equals


def unanswered_report(
    rows: list[tuple[str, bool]], limit: int = 10
) -> tuple[list[QuestionGroup], list[QuestionGroup]]:
    """(declined, answered with low confidence), each grouped and cut to ``limit``."""
    declined = group_questions([q for q, was_declined in rows if was_declined])
    unsure = group_questions([q for q, was_declined in rows if not was_declined])
    return declined[:limit], unsure[:limit]
