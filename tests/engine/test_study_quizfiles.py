"""Hand-written quiz files (knowledge/quizzes/*.yaml) through the real `studybot check`.

Each test writes the minimal tree of tests/helpers.py plus one quiz file, breaks one line
and asserts the problem is reported at that file and line.
"""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.loader import load_knowledge
from tests.helpers import KNOWLEDGE, assert_no_traceback, line_of, run_cli, write_tree

QUIZ = """\
id: fixture-drills
kind: quiz
title: Fixture drills
items:
  - question: Which compact binds harbours?
    answer: The harbor compact
    distractors:
      - The lantern doctrine
      - The glass river
      - The quill
    explanation: The Harbor Treaty sets up the compact.
    entries: [harbor-compact]
    sources:
      - {source: harbor-treaty-1950, article: "Art. 5"}
"""
PATH = "quizzes/fixture-drills.yaml"


def check_output(root: Path) -> tuple[int, list[str]]:
    """Exit code and output lines of `studybot check root`."""
    result = run_cli("check", str(root))
    assert_no_traceback(result)
    return result.returncode, result.stdout.splitlines()


def test_a_valid_quiz_file_loads_and_is_not_an_entry(tmp_path: Path) -> None:
    root = write_tree(tmp_path, changes={PATH: QUIZ})
    result = load_knowledge(root)
    assert result.errors == [] and result.kb is not None
    assert [quiz.id for quiz in result.kb.quizzes] == ["fixture-drills"]
    assert result.kb.quizzes[0].items[0].distractors[2] == "The quill"
    assert "fixture-drills" not in result.kb.entries  # practice, never an answer
    code, lines = check_output(root)
    assert code == 0 and lines[-1].startswith("ok: 7 files"), lines


def test_a_distractor_equal_to_the_answer_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = QUIZ.replace("- The glass river", "- the Harbor  compact")
    root = write_tree(tmp_path, changes={PATH: text})
    code, lines = check_output(root)
    line = line_of(text, "the Harbor  compact")
    expected = (
        f"fixture-drills.yaml:{line}: items[0].distractors[1]: "
        "same option as the answer: an item has one right answer"
    )
    assert code == 1 and any(ln.endswith(expected) for ln in lines), lines


def test_two_equal_distractors_name_the_first(tmp_path: Path) -> None:
    text = QUIZ.replace("- The quill", "- The lantern doctrine")
    root = write_tree(tmp_path, changes={PATH: text})
    code, lines = check_output(root)
    line = line_of(text, "- The lantern doctrine", 2)
    assert code == 1
    assert any(
        ln.endswith(
            f":{line}: items[0].distractors[2]: same option as distractor 1: an item has "
            "one right answer"
        )
        for ln in lines
    ), lines


def test_unknown_entry_and_non_source_citation_point_at_their_lines(tmp_path: Path) -> None:
    text = QUIZ.replace("entries: [harbor-compact]", "entries: [harbour-compact]").replace(
        "{source: harbor-treaty-1950,", "{source: lantern-doctrine,"
    )
    root = write_tree(tmp_path, changes={PATH: text})
    code, lines = check_output(root)
    entries_line = line_of(text, "entries: [harbour-compact]")
    source_line = line_of(text, "{source: lantern-doctrine,")
    assert code == 1
    joined = "\n".join(lines)
    assert (
        f":{entries_line}: items[0].entries[0]: unknown id 'harbour-compact' "
        "(did you mean 'harbor-compact'?)" in joined
    )
    assert (
        f":{source_line}: items[0].sources[0].source: 'lantern-doctrine' is a concept, "
        "expected a source" in joined
    )


def test_two_distractors_only_and_unknown_keys_are_schema_errors(tmp_path: Path) -> None:
    text = QUIZ.replace("      - The quill\n", "").replace(
        "    explanation:", "    hint: a guess\n    explanation:"
    )
    root = write_tree(tmp_path, changes={PATH: text})
    code, lines = check_output(root)
    joined = "\n".join(lines)
    assert code == 1
    assert f":{line_of(text, 'distractors:')}: items[0].distractors: " in joined
    assert f":{line_of(text, 'hint:')}: items[0].hint: unknown field" in joined


def test_the_real_quiz_files_load() -> None:
    result = load_knowledge(KNOWLEDGE)
    assert result.kb is not None, result.errors
    items = [item for quiz in result.kb.quizzes for item in quiz.items]
    assert 3 <= len(items) <= 20
    assert all(len({item.answer, *item.distractors}) == 4 for item in items)
