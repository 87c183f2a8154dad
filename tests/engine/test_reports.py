"""Grouping the unanswered questions for moderators (no database, no discord)."""

from __future__ import annotations

from bot.reports import group_questions, unanswered_report


def test_near_duplicates_group_under_the_latest_wording() -> None:
    rows = ["What is a firewall?", "what is a firewall", "whats a firewall", "what is nato"]
    groups = group_questions(rows)
    assert [(g.question, g.count) for g in groups] == [
        ("What is a firewall?", 3),
        ("what is nato", 1),
    ]


def test_different_questions_with_shared_words_stay_apart() -> None:
    rows = ["what is collective security", "what is collective defense", "what is the osce"]
    assert [g.count for g in group_questions(rows)] == [1, 1, 1]


def test_declines_and_low_confidence_answers_are_reported_apart() -> None:
    rows = [("why the un", True), ("why the UN?", True), ("what is realism", False)]
    declined, unsure = unanswered_report(rows, limit=5)
    assert [(g.question, g.count) for g in declined] == [("why the un", 2)]
    assert [g.question for g in unsure] == ["what is realism"]
