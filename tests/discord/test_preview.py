"""`studybot ask --discord`: the card, its buttons and every page they open, as text,
through the real command line on the real knowledge base."""

from __future__ import annotations

import itertools
import re

from tests.helpers import KNOWLEDGE, assert_no_traceback, run_cli

MARK = re.compile(r"\[(\d+)\]")
HEADING = re.compile(r"^(Card|Reply|\"[^\"]+\")[^\n]*\(.*sees it\)", re.M)


def _discord(question: str) -> str:
    result = run_cli("ask", "--discord", "-k", str(KNOWLEDGE), question)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _messages(output: str) -> dict[str, str]:
    """Each message's heading -> its text (a heading sits between two rules)."""
    parts = output.split("─" * 60 + "\n")
    found = {}
    for heading, body in itertools.pairwise(parts):
        if HEADING.match(heading):
            found[heading.strip()] = body
    return found


def test_a_definition_shows_the_card_its_buttons_and_what_they_open() -> None:
    messages = _messages(_discord("what is r2p"))
    card = messages["Card (everyone in the channel sees it)"]
    assert card.startswith("> what is r2p\n▌ Responsibility to protect (R2P)\n")
    buttons = next(ln for ln in card.splitlines() if ln.startswith("Buttons: "))
    for label in ("More", "Cases", "Compare with…", "Sources", "Helpful", "Not helpful"):
        assert f" {label}]" in buttons, buttons
    # Every number on the card has its reference on the card.
    text, _, refs = card.partition("**References**\n")
    assert set(MARK.findall(text)) == set(MARK.findall(refs.split("\n—")[0]))
    opened = [h for h in messages if h.startswith('"')]
    assert opened == [
        '"More", page 1 of 1 (only the presser sees it)',
        '"Cases", page 1 of 1 (only the presser sees it)',
        '"Compare with…" (only the presser sees it)',
        '"Sources", page 1 of 1 (only the presser sees it)',
    ]
    picker = messages['"Compare with…" (only the presser sees it)']
    assert picker.startswith("A menu of:\n  • Humanitarian intervention\n"), picker


def test_a_comparison_card_opens_all_facets() -> None:
    output = _discord("collective security vs collective defense")
    messages = _messages(output)
    assert any(h.startswith('"All facets", page 1 of') for h in messages), list(messages)
    card = messages["Card (everyone in the channel sees it)"]
    assert "▌ Collective security vs collective defense" in card


def test_the_four_rings_answer_names_its_picture() -> None:
    card = _messages(_discord("what is cooperative security"))[
        "Card (everyone in the channel sees it)"
    ]
    assert "[picture four-rings.png: Four concentric rings" in card


def test_a_decline_is_private_with_its_suggestion_buttons() -> None:
    output = _discord("what is the offside rule in football")
    messages = _messages(output)
    assert list(messages) == ["Reply (only the student sees it)"]
    assert "▌ Not in the knowledge base" in output


def test_json_and_discord_are_exclusive() -> None:
    result = run_cli("ask", "--json", "--discord", "-k", str(KNOWLEDGE), "what is r2p")
    assert result.returncode == 2 and "not allowed with" in result.stderr
