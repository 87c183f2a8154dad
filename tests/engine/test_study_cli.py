"""`studybot quiz` through the real command line, with answers piped on stdin."""

from __future__ import annotations

from bot.knowledge.loader import load_knowledge
from bot.study import bank
from tests.helpers import KNOWLEDGE, assert_no_traceback, run_cli


def _letters(topic: str | None, n: int, seed: int) -> list[str]:
    kb = load_knowledge(KNOWLEDGE).kb
    assert kb is not None
    return [item.answer_letter for item in bank.session(kb, topic=topic, n=n, seed=seed)]


def _wrong(letter: str) -> str:
    return "B" if letter == "A" else "A"


def test_all_right_answers_score_full_marks_with_explanations() -> None:
    right = _letters("collective-security", 4, 11)
    result = run_cli(
        "quiz",
        "--topic",
        "collective-security",
        "--n",
        "4",
        "--seed",
        "11",
        input="\n".join(right) + "\n",
    )
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Quiz on collective-security: 4 question(s), seed 11.")
    assert out.count("Right. The answer is") == 4 and "Not quite" not in out
    assert "Question 4/4:" in out and "  D) " in out
    assert "[1] " in out  # every explanation cites its sources
    assert out.rstrip().endswith("Score: 4/4")


def test_wrong_answers_show_the_right_one_and_lower_case_is_accepted() -> None:
    right = _letters(None, 3, 5)
    answers = [right[0].lower(), _wrong(right[1]), right[2]]
    result = run_cli("quiz", "--n", "3", "--seed", "5", input="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Right.") == 2
    assert f"Not quite. The answer is {right[1]}) " in result.stdout
    assert result.stdout.rstrip().endswith("Score: 2/3")


def test_a_stray_line_asks_again_and_eof_ends_with_the_score_so_far() -> None:
    right = _letters(None, 5, 9)
    result = run_cli("quiz", "--n", "5", "--seed", "9", input=f"maybe\n\n{right[0]}\n")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Please type one letter, A, B, C, D.") == 2
    assert "Question 2/5:" in result.stdout and "Question 3/5:" not in result.stdout
    assert result.stdout.rstrip().endswith("Score: 1/1 (stopped after 1 of 5)")


def test_no_input_at_all_scores_nothing_cleanly() -> None:
    result = run_cli("quiz", "--n", "2", "--seed", "1", input="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Score: 0/0 (stopped after 0 of 2)")


def test_the_same_seed_replays_the_same_round() -> None:
    first = run_cli("quiz", "--n", "3", "--seed", "42", input="A\nA\nA\n")
    second = run_cli("quiz", "--n", "3", "--seed", "42", input="A\nA\nA\n")
    assert first.stdout == second.stdout


def test_hand_written_items_are_asked_by_topic() -> None:
    result = run_cli("quiz", "--topic", "uniting for peace", "--n", "25", "--seed", "3", input="")
    assert result.returncode == 0, result.stderr
    # The full round on this topic is counted; the hand-written item is among its pool.
    kb = load_knowledge(KNOWLEDGE).kb
    assert kb is not None
    pool = bank.session(kb, topic="uniting-for-peace", n=25, seed=3)
    assert any(item.kind == "handwritten" for item in pool)
    assert f"{len(pool)} question(s)" in result.stdout


def test_an_unknown_topic_and_a_bad_count_are_usage_errors() -> None:
    unknown = run_cli("quiz", "--topic", "collective securityy", input="")
    assert unknown.returncode == 2
    assert "no entry is called 'collective securityy' (did you mean" in unknown.stderr
    assert_no_traceback(unknown)
    too_many = run_cli("quiz", "--n", "0", input="")
    assert too_many.returncode == 2 and "--n must be between 1 and 25" in too_many.stderr
