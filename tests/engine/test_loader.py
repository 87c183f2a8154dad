"""In-process tests of bot.knowledge.loader.load_knowledge on small trees in tmp dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge.loader import LoadResult, load_knowledge
from bot.knowledge.problems import KnowledgeError, Problem
from bot.knowledge.schema import Case, Comparison, Concept, Source
from bot.knowledge.yamlfile import FileProblem, parse_yaml_text
from tests.helpers import KNOWLEDGE, SHORT_NAMES, TREE_FILES, line_of, write_tree

LANTERN = TREE_FILES[SHORT_NAMES["lantern"]]
HARBOR = TREE_FILES[SHORT_NAMES["harbor"]]
BOOK = TREE_FILES[SHORT_NAMES["book"]]


def load(root: Path) -> LoadResult:
    """Load ``root`` and return the result (a thin alias that reads well in asserts)."""
    return load_knowledge(root)


def problem_at(result: LoadResult, path: Path, line: int, field: str) -> Problem:
    """The single error located at ``path:line`` on ``field``; fail when absent."""
    found = [
        p for p in result.errors if p.path == str(path) and p.line == line and p.field == field
    ]
    assert len(found) == 1, "\n".join(str(p) for p in result.problems)
    return found[0]


# -- the clean tree ------------------------------------------------------------------------


def test_minimal_tree_loads_without_problems(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    result = load(root)
    assert result.problems == []
    assert result.kb is not None
    assert result.files == len(TREE_FILES)
    kb = result.kb
    assert set(kb.entries) == {
        "quill-1999",
        "harbor-treaty-1950",
        "lantern-doctrine",
        "harbor-compact",
        "glass-river-crisis-1961",
    }
    assert isinstance(kb.get("lantern-doctrine"), Concept)
    assert isinstance(kb.get("glass-river-crisis-1961"), Case)
    assert isinstance(kb.get("quill-1999"), Source)
    assert kb.counts() == {
        "concept": 2,
        "organization": 0,
        "document": 0,
        "case": 1,
        "source": 2,
        "comparison": 1,
    }


def test_comparison_is_found_in_either_order(tmp_path: Path) -> None:
    kb = load(write_tree(tmp_path)).kb
    assert kb is not None
    forward = kb.comparison("lantern-doctrine", "harbor-compact")
    backward = kb.comparison("harbor-compact", "lantern-doctrine")
    assert isinstance(forward, Comparison)
    assert forward is backward
    assert forward.id == "lantern-doctrine--harbor-compact"
    assert kb.comparisons_of("harbor-compact") == ["lantern-doctrine"]
    assert kb.comparison("lantern-doctrine", "quill-1999") is None


def test_dates_stay_text_and_paths_are_recorded(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    kb = load(root).kb
    assert kb is not None
    case = kb.get("glass-river-crisis-1961")
    assert isinstance(case, Case)
    assert case.period == "1961"
    assert kb.paths["lantern-doctrine"] == str(root / SHORT_NAMES["lantern"])


def test_version_is_stable_and_follows_content(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    first = load(root).kb
    again = load(root).kb
    assert first is not None and again is not None
    assert len(first.version) == 12
    int(first.version, 16)  # hex digest
    assert again.version == first.version
    edited = LANTERN.replace("Invented for the tests.", "Invented for the tests, again.")
    (root / SHORT_NAMES["lantern"]).write_text(edited, encoding="utf-8")
    changed = load(root).kb
    assert changed is not None
    assert changed.version != first.version


def test_markdown_hidden_and_schema_are_ignored(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    (root / "README.md").write_text("# notes\n", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "junk.yaml").write_text("not: [valid\n", encoding="utf-8")
    (root / "schema").mkdir()
    (root / "schema" / "concept.json").write_text("{}", encoding="utf-8")
    (root / "concepts" / "NOTES.md").write_text("draft\n", encoding="utf-8")
    (root / "concepts" / ".swap.yaml").write_text("\x00", encoding="utf-8")
    result = load(root)
    assert result.problems == []
    assert result.files == len(TREE_FILES)


def test_yml_suffix_and_subfolders_are_read(tmp_path: Path) -> None:
    root = write_tree(tmp_path, changes={"book": None, "sources/books/quill-1999.yml": BOOK})
    result = load(root)
    assert result.errors == []
    assert result.kb is not None
    assert "quill-1999" in result.kb.entries


# -- one problem at a time -----------------------------------------------------------------


def test_not_a_directory(tmp_path: Path) -> None:
    result = load(tmp_path / "missing")
    assert result.kb is None
    assert [(p.line, p.field, p.message) for p in result.problems] == [
        (1, "path", "not a directory")
    ]


def test_wrong_type_points_at_the_key(tmp_path: Path) -> None:
    broken = LANTERN.replace(
        "key_points:\n  - Every member lights a lantern for every other member.\n"
        "  - The threat is expected from inside the group.\n  - Invented for the tests.",
        'key_points: "text"',
    )
    root = write_tree(tmp_path, changes={"lantern": broken})
    result = load(root)
    assert result.kb is None
    problem_at(result, root / SHORT_NAMES["lantern"], line_of(broken, "key_points:"), "key_points")


def test_nested_error_points_at_the_list_item(tmp_path: Path) -> None:
    broken = HARBOR.replace("  - Allies guard each other's harbors.\n", "  - ''\n")
    root = write_tree(tmp_path, changes={"harbor": broken})
    result = load(root)
    problem_at(result, root / SHORT_NAMES["harbor"], line_of(broken, "  - ''"), "key_points[0]")


def test_bad_id_pattern(tmp_path: Path) -> None:
    broken = LANTERN.replace("id: lantern-doctrine", "id: Lantern_Doctrine")
    root = write_tree(tmp_path, changes={"lantern": broken})
    result = load(root)
    problem_at(result, root / SHORT_NAMES["lantern"], 1, "id")


def test_source_model_validator(tmp_path: Path) -> None:
    broken = BOOK.replace("authors:\n  - Ada Quill\n", "")
    root = write_tree(tmp_path, changes={"book": broken})
    result = load(root)
    messages = [p.message for p in result.errors if p.path.endswith("quill-1999.yaml")]
    assert messages == ["a book needs authors"]


def test_comparison_of_an_entry_with_itself(tmp_path: Path) -> None:
    text = TREE_FILES[SHORT_NAMES["comparison"]]
    broken = text.replace(
        "entries: [lantern-doctrine, harbor-compact]",
        "entries: [lantern-doctrine, lantern-doctrine]",
    )
    root = write_tree(
        tmp_path,
        changes={"comparison": None, "comparisons/lantern-doctrine--lantern-doctrine.yaml": broken},
    )
    result = load(root)
    assert result.kb is None
    assert any("two different entries" in p.message for p in result.errors)


def test_same_pair_compared_twice(tmp_path: Path) -> None:
    text = TREE_FILES[SHORT_NAMES["comparison"]]
    reversed_pair = text.replace(
        "entries: [lantern-doctrine, harbor-compact]", "entries: [harbor-compact, lantern-doctrine]"
    )
    rel = "comparisons/harbor-compact--lantern-doctrine.yaml"
    root = write_tree(tmp_path, changes={rel: reversed_pair})
    result = load(root)
    # Sorted walk: harbor-compact--... comes first, so the original file is the repeat.
    problem = problem_at(result, root / SHORT_NAMES["comparison"], 2, "entries")
    assert str(root / rel) in problem.message


def test_wrong_kind_of_reference(tmp_path: Path) -> None:
    broken = LANTERN.replace(
        "cases:\n  - glass-river-crisis-1961", "cases:\n  - glass-river-crisis-1961\n  - quill-1999"
    )
    root = write_tree(tmp_path, changes={"lantern": broken})
    result = load(root)
    problem = problem_at(
        result, root / SHORT_NAMES["lantern"], line_of(broken, "  - quill-1999"), "cases[1]"
    )
    assert "expected a case" in problem.message


def test_self_relation(tmp_path: Path) -> None:
    broken = LANTERN.replace("related:\n  - harbor-compact", "related:\n  - lantern-doctrine")
    root = write_tree(tmp_path, changes={"lantern": broken})
    result = load(root)
    problem_at(
        result, root / SHORT_NAMES["lantern"], line_of(broken, "  - lantern-doctrine"), "related[0]"
    )


def test_concept_lists_a_case_that_does_not_illustrate_it(tmp_path: Path) -> None:
    case = TREE_FILES[SHORT_NAMES["case"]].replace("  - harbor-compact\n", "", 1)
    root = write_tree(tmp_path, changes={"case": case})
    result = load(root)
    problem = problem_at(
        result,
        root / SHORT_NAMES["harbor"],
        line_of(HARBOR, "  - glass-river-crisis-1961"),
        "cases[0]",
    )
    assert "does not list this concept" in problem.message


def test_not_utf8(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    path = root / SHORT_NAMES["lantern"]
    path.write_bytes(LANTERN.encode() + b"note: caf\xe9\n")
    result = load(root)
    problem = problem_at(result, path, LANTERN.count("\n") + 1, "file")
    assert "UTF-8" in problem.message


def test_top_level_list_is_rejected(tmp_path: Path) -> None:
    root = write_tree(tmp_path, changes={"lantern": "- just\n- a list\n"})
    result = load(root)
    problem = problem_at(result, root / SHORT_NAMES["lantern"], 1, "file")
    assert "mapping" in problem.message


def test_stray_file_in_kind_folder(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    (root / "concepts" / "draft.txt").write_text("todo\n", encoding="utf-8")
    result = load(root)
    problem = problem_at(result, root / "concepts" / "draft.txt", 1, "path")
    assert ".yaml" in problem.message


def test_stray_file_at_top_level(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    (root / "extra.yaml").write_text("id: x\n", encoding="utf-8")
    result = load(root)
    problem = problem_at(result, root / "extra.yaml", 1, "path")
    assert "unexpected" in problem.message


# -- severity, ordering and the error type -------------------------------------------------


def test_warnings_do_not_stop_a_load(tmp_path: Path) -> None:
    broken = LANTERN.replace(
        "  It looks inward at the group itself.",
        "  It looks inward. It is a fixture. It has four sentences.",
    )
    root = write_tree(tmp_path, changes={"lantern": broken})
    result = load(root)
    assert result.errors == []
    assert [(p.field, p.severity) for p in result.warnings] == [("summary", "warning")]
    assert result.kb is not None
    assert "warning: " in str(result.warnings[0])


def test_errors_sort_before_warnings(tmp_path: Path) -> None:
    summary = "  It looks inward. It is a fixture. It has four sentences."
    lantern = LANTERN.replace("  It looks inward at the group itself.", summary)
    harbor = HARBOR + "colour: blue\n"
    root = write_tree(tmp_path, changes={"lantern": lantern, "harbor": harbor})
    result = load(root)
    severities = [p.severity for p in result.problems]
    assert "warning" in severities and "error" in severities
    assert severities == sorted(severities)  # "error" < "warning"


def test_problem_str_format() -> None:
    assert str(Problem("k/a.yaml", 7, "aliases[2]", "bad")) == "k/a.yaml:7: aliases[2]: bad"
    warning = Problem("k/a.yaml", 3, "summary", "long", "warning")
    assert str(warning) == "k/a.yaml:3: summary: warning: long"


def test_knowledge_error_counts_errors_only() -> None:
    problems = [
        Problem("a", 1, "f", "x"),
        Problem("a", 2, "f", "y", "warning"),
        Problem("b", 1, "f", "z"),
    ]
    error = KnowledgeError(problems)
    assert error.problems == problems
    assert str(error).startswith("2 error(s)")


# -- yamlfile ------------------------------------------------------------------------------


def test_parse_yaml_text_maps_lines() -> None:
    doc = parse_yaml_text("a: 1\nb:\n  - x\n  - {c: 2}\n")
    assert doc.lines[("a",)] == 1
    assert doc.lines[("b",)] == 2
    assert doc.lines[("b", 0)] == 3
    assert doc.lines[("b", 1, "c")] == 4
    assert doc.line_of(("b", 1, "missing")) == 4
    assert doc.line_of(("nothing",)) == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: 1\nb: [1, 2\n", 2), ("a: 1\n  b: 2\n", 2), ("a: 1\nb: 'open\n", 2)],
)
def test_parse_yaml_text_reports_error_line(text: str, line: int) -> None:
    with pytest.raises(FileProblem) as caught:
        parse_yaml_text(text)
    assert caught.value.line == line
    assert caught.value.message.startswith("invalid YAML")


# -- the real knowledge base ---------------------------------------------------------------


def test_real_knowledge_base_has_no_errors() -> None:
    result = load(KNOWLEDGE)
    assert result.errors == [], "\n".join(str(p) for p in result.errors)
    assert result.kb is not None
    yaml_files = [
        p
        for p in KNOWLEDGE.rglob("*")
        if p.suffix in (".yaml", ".yml") and "schema" not in p.relative_to(KNOWLEDGE).parts
    ]
    assert result.files == len(yaml_files)
    loaded = len(result.kb.entries) + len(result.kb.comparisons) + len(result.kb.quizzes)
    assert loaded == len(yaml_files)


# -- Engine.load and Engine.reload: validate first, swap only a clean tree -----------------


LANTERN_QUESTION = "what is the lantern doctrine?"
REVISED = LANTERN.replace(
    "It looks inward at the group itself.", "It was revised for the reload test."
)


def test_engine_load_raises_with_every_problem(tmp_path: Path) -> None:
    harbor = HARBOR + "colour: blue\n"
    root = write_tree(tmp_path, changes={"harbor": harbor, "concepts/blank.yaml": ""})
    with pytest.raises(KnowledgeError) as caught:
        Engine.load(root)
    fields = {(Path(p.path).name, p.field) for p in caught.value.problems}
    assert ("harbor-compact.yaml", "colour") in fields
    assert ("blank.yaml", "file") in fields


def test_reload_keeps_the_old_snapshot_when_the_new_tree_is_broken(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    engine = Engine.load(root)
    before = engine.ask(LANTERN_QUESTION)
    assert before.entries == ("lantern-doctrine",)
    assert "revised" not in before.summary
    old_kb = engine.kb

    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    (copy / SHORT_NAMES["lantern"]).write_text(REVISED, encoding="utf-8")
    dangling = HARBOR.replace("  - lantern-doctrine\n", "  - lantern-doctrine\n  - nowhere\n")
    (copy / SHORT_NAMES["harbor"]).write_text(dangling, encoding="utf-8")

    result = engine.reload(copy)
    assert result.kb is None
    assert [(Path(p.path).name, p.field) for p in result.errors] == [
        ("harbor-compact.yaml", "related[1]")
    ]
    assert engine.kb is old_kb
    still = engine.ask(LANTERN_QUESTION)
    assert still.summary == before.summary
    assert still.citations == before.citations

    (copy / SHORT_NAMES["harbor"]).write_text(HARBOR, encoding="utf-8")
    result = engine.reload(copy)
    assert result.errors == []
    assert result.kb is not None and engine.kb is result.kb
    assert engine.kb.root == copy
    assert engine.kb.version != old_kb.version
    after = engine.ask(LANTERN_QUESTION)
    assert after.entries == ("lantern-doctrine",)
    assert "revised for the reload test" in after.summary


def test_reload_without_argument_rereads_the_current_root(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    engine = Engine.load(root)
    path = root / SHORT_NAMES["lantern"]
    path.write_text("id: [broken\n", encoding="utf-8")
    assert engine.reload().kb is None
    assert "revised" not in engine.ask(LANTERN_QUESTION).summary
    path.write_text(REVISED, encoding="utf-8")
    assert engine.reload().kb is not None
    assert "revised for the reload test" in engine.ask(LANTERN_QUESTION).summary


def test_reload_swaps_the_matcher_with_the_knowledge_base(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    engine = Engine.load(root)
    assert engine.ask("what is the beacon accord").kind == "none"
    beacon = HARBOR.replace("Harbor compact", "Beacon accord").replace(
        "  - harbour compact\n  - compact of harbors\n", "  - beacon pact\n"
    )
    (root / SHORT_NAMES["harbor"]).write_text(beacon, encoding="utf-8")
    assert engine.reload().errors == []
    assert engine.matcher.kb is engine.kb
    answer = engine.ask("what is the beacon accord")
    assert answer.entries == ("harbor-compact",)
    assert answer.title == "Beacon accord"
