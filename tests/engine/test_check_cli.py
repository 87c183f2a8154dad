"""`studybot check DIR` on broken trees: every problem as path:line: field, exit code 1.

Each test breaks one thing in the minimal tree of tests/helpers.py and runs the real
command line in a subprocess, so these also prove that no input makes it crash.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.helpers import (
    REPO_ROOT,
    SHORT_NAMES,
    TREE_FILES,
    assert_no_traceback,
    line_of,
    run_cli,
    write_tree,
)

LANTERN = TREE_FILES[SHORT_NAMES["lantern"]]
HARBOR = TREE_FILES[SHORT_NAMES["harbor"]]
CASE = TREE_FILES[SHORT_NAMES["case"]]
BOOK = TREE_FILES[SHORT_NAMES["book"]]
PROBLEM_LINE = re.compile(r"^.+:\d+: [^:]+: .+$")
SUMMARY_LINE = re.compile(
    r"^(\d+) error\(s\)(?: \(and (\d+) that follow from files that did not load\))?, "
    r"(\d+) warning\(s\) in (\d+) file\(s\)$"
)


def shown(path: Path) -> str:
    """``path`` as the loader prints it: relative to the repo root when inside it."""
    rel = os.path.relpath(path, REPO_ROOT)
    return str(path) if rel.startswith("..") else rel


def check(root: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Run `studybot check root` and fail on a traceback."""
    result = run_cli("check", *flags, str(root))
    assert_no_traceback(result)
    return result


def check_fails_at(root: Path, path: Path, line: int, field: str) -> str:
    """Run check on ``root``; assert exit 1 and a problem at ``path:line: field``.

    Returns the message of that problem for further assertions.
    """
    result = check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    prefix = f"{shown(path)}:{line}: {field}: "
    hits = [ln for ln in result.stdout.splitlines() if ln.startswith(prefix)]
    assert len(hits) == 1, f"no {prefix!r} in:\n{result.stdout}"
    assert SUMMARY_LINE.match(result.stdout.splitlines()[-1]), result.stdout
    return hits[0][len(prefix) :]


def problem_lines(stdout: str) -> list[str]:
    """The problem lines of a check output (everything but the summary line)."""
    return [ln for ln in stdout.splitlines() if ln and not SUMMARY_LINE.match(ln)]


# -- clean trees ---------------------------------------------------------------------------


def test_clean_tree_prints_one_ok_line(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    result = check(root)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("ok: 6 files: ")
    assert "2 concepts" in lines[0] and "1 cases" in lines[0] and "1 comparisons" in lines[0]
    assert result.stderr == ""


def test_strict_fails_on_a_warning_that_plain_check_allows(tmp_path: Path) -> None:
    long_summary = LANTERN.replace(
        "  It looks inward at the group itself.",
        "  It looks inward. It is a fixture. It has four sentences.",
    )
    root = write_tree(tmp_path, changes={"lantern": long_summary})
    path = root / SHORT_NAMES["lantern"]
    expected = f"{shown(path)}:{line_of(long_summary, 'summary:')}: summary: warning: "

    plain = check(root)
    assert plain.returncode == 0, plain.stdout
    assert any(ln.startswith(expected) for ln in plain.stdout.splitlines())
    assert plain.stdout.splitlines()[-1].startswith("ok: ")
    assert plain.stdout.splitlines()[-1].endswith("1 warning(s)")

    strict = check(root, "--strict")
    assert strict.returncode == 1, strict.stdout
    assert any(ln.startswith(expected) for ln in strict.stdout.splitlines())
    assert SUMMARY_LINE.match(strict.stdout.splitlines()[-1])
    assert "ok:" not in strict.stdout


# -- one error kind per test ---------------------------------------------------------------


def test_invalid_yaml_syntax(tmp_path: Path) -> None:
    broken = LANTERN.replace("title: Lantern doctrine", "title: Lantern: the doctrine")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "title: Lantern:"), "file"
    )
    assert message.startswith("invalid YAML")


def test_invalid_yaml_bad_indentation(tmp_path: Path) -> None:
    broken = HARBOR.replace("title: Harbor compact", "title: Harbor compact\n  period: 1950")
    root = write_tree(tmp_path, changes={"harbor": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["harbor"], line_of(broken, "  period: 1950"), "file"
    )
    assert message.startswith("invalid YAML")


def test_unclosed_bracket_points_at_its_line(tmp_path: Path) -> None:
    broken = LANTERN.replace("  - lantern theory", "  - [lantern theory")
    root = write_tree(tmp_path, changes={"lantern": broken})
    opened = line_of(broken, "[lantern theory")
    result = check(root)
    assert result.returncode == 1
    path = shown(root / SHORT_NAMES["lantern"])
    hits = [ln for ln in result.stdout.splitlines() if ln.startswith(f"{path}:")]
    assert len(hits) == 1, result.stdout
    assert hits[0].startswith(f"{path}:{opened}: file: ") or f"line {opened}" in hits[0]


def test_wrong_type(tmp_path: Path) -> None:
    broken = HARBOR.replace(
        "key_points:\n  - Allies guard each other's harbors.\n"
        "  - The threat is expected from outside the group.\n  - Also invented for the tests.",
        'key_points: "text"',
    )
    assert broken != HARBOR
    root = write_tree(tmp_path, changes={"harbor": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["harbor"], line_of(broken, "key_points:"), "key_points"
    )
    assert "list" in message


def test_unknown_key(tmp_path: Path) -> None:
    broken = HARBOR.replace("related:\n", "colour: blue\nrelated:\n")
    root = write_tree(tmp_path, changes={"harbor": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["harbor"], line_of(broken, "colour: blue"), "colour"
    )
    assert message == "unknown field"


def test_missing_required_field(tmp_path: Path) -> None:
    broken = HARBOR.replace("title: Harbor compact\n", "")
    root = write_tree(tmp_path, changes={"harbor": broken})
    message = check_fails_at(root, root / SHORT_NAMES["harbor"], 1, "title")
    assert message == "required field is missing"


def test_duplicate_id_across_two_files(tmp_path: Path) -> None:
    twin = BOOK.replace("id: quill-1999", "id: lantern-doctrine")
    rel = "sources/lantern-doctrine.yaml"
    root = write_tree(tmp_path, changes={rel: twin})
    message = check_fails_at(root, root / rel, line_of(twin, "id: lantern-doctrine"), "id")
    assert "duplicate id 'lantern-doctrine'" in message
    assert shown(root / SHORT_NAMES["lantern"]) in message


def test_file_name_differs_from_id(tmp_path: Path) -> None:
    renamed = LANTERN.replace("id: lantern-doctrine", "id: lantern-doctrine-two")
    root = write_tree(tmp_path, changes={"lantern": renamed})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(renamed, "id: lantern-doctrine-two"), "id"
    )
    assert "lantern-doctrine-two.yaml" in message


def test_comparison_file_name_differs_from_entries(tmp_path: Path) -> None:
    text = TREE_FILES[SHORT_NAMES["comparison"]]
    rel = "comparisons/lanterns-vs-harbors.yaml"
    root = write_tree(tmp_path, changes={"comparison": None, rel: text})
    message = check_fails_at(root, root / rel, line_of(text, "entries:"), "entries")
    assert "lantern-doctrine--harbor-compact.yaml" in message


def test_dangling_reference_in_related(tmp_path: Path) -> None:
    broken = LANTERN.replace("  - harbor-compact\n", "  - harbor-compact\n  - no-such-entry\n")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "- no-such-entry"), "related[1]"
    )
    assert "no-such-entry" in message


def test_dangling_reference_in_cases(tmp_path: Path) -> None:
    broken = HARBOR.replace(
        "cases:\n  - glass-river-crisis-1961\n",
        "cases:\n  - glass-river-crisis-1961\n  - missing-case-2000\n",
    )
    root = write_tree(tmp_path, changes={"harbor": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["harbor"], line_of(broken, "- missing-case-2000"), "cases[1]"
    )
    assert "missing-case-2000" in message


def test_dangling_reference_in_sources(tmp_path: Path) -> None:
    broken = HARBOR.replace("  - {source: quill-1999}", "  - {source: quill-2999}")
    root = write_tree(tmp_path, changes={"harbor": broken})
    message = check_fails_at(
        root,
        root / SHORT_NAMES["harbor"],
        line_of(broken, "quill-2999"),
        "sources[1].source",
    )
    assert "quill-2999" in message


def test_case_illustrates_a_concept_that_does_not_list_it(tmp_path: Path) -> None:
    harbor = HARBOR.replace("cases:\n  - glass-river-crisis-1961\n", "cases: []\n")
    root = write_tree(tmp_path, changes={"harbor": harbor})
    message = check_fails_at(
        root, root / SHORT_NAMES["case"], line_of(CASE, "  - harbor-compact"), "illustrates[1]"
    )
    assert "'harbor-compact'" in message


def test_alias_shared_by_two_entries(tmp_path: Path) -> None:
    # harbor-compact is read first (sorted walk), so the clash is reported on lantern.
    broken = LANTERN.replace(
        "  - doctrine of lanterns", "  - doctrine of lanterns\n  - Harbour Compact"
    )
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "Harbour Compact"), "aliases[2]"
    )
    # Both files are named: the clash, and where the name is already used.
    harbor = root / SHORT_NAMES["harbor"]
    where = f"{shown(harbor)}:{line_of(HARBOR, '- harbour compact')}"
    assert message == f"'Harbour Compact' already names 'harbor-compact' ({where})", message


def test_empty_file(tmp_path: Path) -> None:
    root = write_tree(tmp_path, changes={"concepts/blank.yaml": "  \n\n"})
    message = check_fails_at(root, root / "concepts" / "blank.yaml", 1, "file")
    assert "empty" in message


def test_binary_file(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    path = root / "concepts" / "image.yaml"
    path.write_bytes(b"id: x\n\x00\x01\x02\xff")
    message = check_fails_at(root, path, 1, "file")
    assert "binary" in message


def test_file_over_ten_megabytes(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    path = root / "concepts" / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)  # sparse: fast, no 10 MB write
    message = check_fails_at(root, path, 1, "file")
    assert "10 MB" in message


def test_directory_symlink_to_its_own_folder(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    link = root / "concepts" / "loop"
    link.symlink_to(".", target_is_directory=True)  # concepts/loop -> concepts
    message = check_fails_at(root, link, 1, "path")
    assert message.startswith("symlink loop")


def test_self_referencing_file_symlink(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    link = root / "concepts" / "self.yaml"
    link.symlink_to("self.yaml")
    message = check_fails_at(root, link, 1, "path")
    assert message.startswith("symlink loop")


def test_directory_symlink_to_the_knowledge_root(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    link = root / "concepts" / "up"
    link.symlink_to("..", target_is_directory=True)  # concepts/up -> knowledge/
    result = check(root)
    assert result.returncode == 1
    lines = problem_lines(result.stdout)
    # Only the link is at fault: the real folders must not be blamed or misread.
    assert lines, result.stdout
    assert all(ln.startswith(shown(link)) for ln in lines), result.stdout


def test_unexpected_top_level_folder(tmp_path: Path) -> None:
    root = write_tree(tmp_path, changes={"notes/idea.yaml": "id: idea\n"})
    message = check_fails_at(root, root / "notes", 1, "path")
    assert "unexpected" in message and "concepts" in message


def test_kind_does_not_match_folder(tmp_path: Path) -> None:
    misplaced = CASE  # a case file dropped into concepts/
    rel = "concepts/glass-river-crisis-1961.yaml"
    root = write_tree(tmp_path, changes={"case": None, rel: misplaced})
    message = check_fails_at(root, root / rel, line_of(misplaced, "kind: case"), "kind")
    assert "'case'" in message and "'concept'" in message


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    broken = LANTERN.replace("title: Lantern doctrine\n", "title: Lantern doctrine\ntitle: Lamp\n")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "title: Lamp"), "title"
    )
    assert message == "duplicate key"


# -- many problems at once -----------------------------------------------------------------


def test_every_problem_is_printed(tmp_path: Path) -> None:
    lantern = LANTERN.replace("related:\n", "colour: blue\nrelated:\n")
    harbor = HARBOR.replace("  - {source: quill-1999}", "  - {source: quill-2999}")
    case = CASE.replace('period: "1961"\n', 'period: "1961"\nperiod: "1962"\n')
    root = write_tree(
        tmp_path,
        changes={"lantern": lantern, "harbor": harbor, "case": case, "concepts/blank.yaml": ""},
    )
    expected = {
        f"{shown(root / SHORT_NAMES['lantern'])}:{line_of(lantern, 'colour')}: colour: ",
        f"{shown(root / SHORT_NAMES['harbor'])}:{line_of(harbor, 'quill-2999')}: "
        "sources[1].source: ",
        f"{shown(root / SHORT_NAMES['case'])}:{line_of(case, 'period', 2)}: period: ",
        f"{shown(root / 'concepts' / 'blank.yaml')}:1: file: ",
    }
    result = check(root)
    assert result.returncode == 1
    lines = problem_lines(result.stdout)
    # The unknown key stops lantern-doctrine from loading, so references to it dangle too;
    # those are real problems as well, and each must be printed on its own line.
    for prefix in expected:
        assert sum(ln.startswith(prefix) for ln in lines) == 1, (prefix, result.stdout)
    assert all(PROBLEM_LINE.match(ln) for ln in lines), result.stdout
    summary = SUMMARY_LINE.match(result.stdout.splitlines()[-1])
    assert summary is not None
    follow = int(summary.group(2) or 0)
    assert int(summary.group(1)) + follow == len(lines) >= len(expected)
    assert int(summary.group(3)) == 0


def test_independent_problems_are_counted_exactly(tmp_path: Path) -> None:
    """Three problems that cannot cascade: exactly three lines and '3 error(s)'."""
    harbor = HARBOR.replace("  - {source: quill-1999}", "  - {source: quill-2999}")
    lantern = LANTERN.replace("  - harbor-compact\n", "  - harbor-compact\n  - nowhere-at-all\n")
    root = write_tree(tmp_path, changes={"harbor": harbor, "lantern": lantern})
    (root / "concepts" / "loop").symlink_to(".", target_is_directory=True)
    result = check(root)
    assert result.returncode == 1
    assert len(problem_lines(result.stdout)) == 3, result.stdout
    assert result.stdout.splitlines()[-1] == "3 error(s), 0 warning(s) in 6 file(s)"


def test_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = check(missing)
    assert result.returncode == 2, result
    assert "not a folder of knowledge files" in result.stderr
    assert result.stdout == ""


def _real_tree(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", root)
    return root


def test_a_broken_file_is_reported_first_and_its_fallout_counted_apart(tmp_path: Path) -> None:
    root = _real_tree(tmp_path)
    broken = root / "concepts" / "sanctions.yaml"
    broken.write_text(broken.read_text("utf-8").replace("key_points:", "keypoints:"), "utf-8")
    result = check(root)
    assert result.returncode == 1
    lines = problem_lines(result.stdout)
    assert lines[0] == (
        f"{shown(broken)}:{line_of(broken.read_text('utf-8'), 'keypoints:')}: keypoints: "
        "unknown field (did you mean 'key_points'?)"
    )
    fallout = [line for line in lines[1:] if "unknown id 'sanctions'" in line]
    assert fallout and len(fallout) == len(lines) - 1, lines
    assert all(line.endswith(f"({shown(broken)} did not load)") for line in fallout)
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith(f"1 error(s) (and {len(fallout)} that follow from files")


def test_a_mistyped_id_gets_a_did_you_mean(tmp_path: Path) -> None:
    root = _real_tree(tmp_path)
    path = root / "concepts" / "deterrence.yaml"
    text = path.read_text("utf-8").replace("related:\n", "related:\n  - colective-security\n", 1)
    path.write_text(text, "utf-8")
    lines = problem_lines(check(root).stdout)
    assert any(
        line.endswith("unknown id 'colective-security' (did you mean 'collective-security'?)")
        for line in lines
    ), lines


def test_too_few_key_points_fail_strict_check(tmp_path: Path) -> None:
    broken = LANTERN.replace("  - Invented for the tests.\n", "").replace(
        "  - The threat is expected from inside the group.\n", ""
    )
    root = write_tree(tmp_path, changes={"lantern": broken})
    assert check(root).returncode == 0
    strict = check(root, "--strict")
    assert strict.returncode == 1
    line = line_of(broken, "key_points:")
    expected = f"{shown(root / SHORT_NAMES['lantern'])}:{line}: key_points: warning: "
    assert expected + "1 key point(s); write 3-6" in strict.stdout.splitlines(), strict.stdout


# -- what new moderators really get wrong --------------------------------------------------


def test_an_untouched_skeleton_fails_even_plain_check(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    assert run_cli("new", "concept", "concert-of-europe", "-k", str(root)).returncode == 0
    result = check(root)
    assert result.returncode == 1
    path = shown(root / "concepts" / "concert-of-europe.yaml")
    lines = [ln for ln in problem_lines(result.stdout) if ln.startswith(path)]
    flagged = {ln.split(": ")[1] for ln in lines if "placeholder text left in" in ln}
    assert {"summary", "body", "key_points[0]", "sources[0].source"} <= flagged, lines
    # The sample citation is reported as unfinished, not as a pattern the id breaks.
    assert not any("should match pattern" in ln for ln in lines), lines


def test_placeholder_text_in_a_finished_looking_entry_is_an_error(tmp_path: Path) -> None:
    broken = LANTERN.replace("  - Invented for the tests.\n", "  - TBD, the third point.\n")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "TBD, the third"), "key_points[2]"
    )
    assert message == "placeholder text left in ('TBD, the third point.'): write the real text"


def test_a_key_point_with_a_colon_is_explained(tmp_path: Path) -> None:
    broken = LANTERN.replace("  - Invented for the tests.\n", "  - Origin: invented here.\n")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "Origin: invented"), "key_points[2]"
    )
    assert message == (
        "expected text, but the colon and space make YAML read 'field: value' here: "
        "put the whole text in double quotes"
    )


def test_a_list_item_indented_too_far_is_a_warning_naming_its_line(tmp_path: Path) -> None:
    item = "  - Invented for the tests.\n"
    broken = LANTERN.replace(item, "    " + item)
    root = write_tree(tmp_path, changes={"lantern": broken})
    plain = check(root)
    assert plain.returncode == 0, plain.stdout  # it still loads: two key points, not three
    line = line_of(broken, "      - Invented")
    expected = (
        f"{shown(root / SHORT_NAMES['lantern'])}:{line}: key_points[1]: warning: line {line} "
        "starts with '- ' but continues the text above, so it is not an item of its own: "
        "indent it like the items around it"
    )
    assert expected in plain.stdout.splitlines(), plain.stdout


def test_a_colon_inside_an_unquoted_value_gets_a_plain_hint(tmp_path: Path) -> None:
    broken = LANTERN.replace("title: Lantern doctrine", "title: Lantern doctrine: a theory")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "title: Lantern"), "file"
    )
    assert message.endswith(
        "(hint: a colon and a space inside an unquoted value: put the whole value in double quotes)"
    ), message


def test_a_tab_gets_a_plain_hint(tmp_path: Path) -> None:
    broken = LANTERN.replace("  - Invented for the tests.", "\t- Invented for the tests.")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "\t- Invented"), "file"
    )
    assert message.endswith("(hint: a tab character: YAML indents with spaces only)"), message


def test_a_misindented_field_gets_a_hint_at_its_own_line(tmp_path: Path) -> None:
    broken = LANTERN.replace("  - Invented for the tests.", " - Invented for the tests.")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, " - Invented"), "file"
    )
    assert "(hint: check the indentation" in message, message


def test_a_value_starting_with_a_bracket_gets_a_hint(tmp_path: Path) -> None:
    broken = LANTERN.replace("title: Lantern doctrine", "title: [Lantern] doctrine")
    root = write_tree(tmp_path, changes={"lantern": broken})
    message = check_fails_at(
        root, root / SHORT_NAMES["lantern"], line_of(broken, "title: [Lantern]"), "file"
    )
    assert message.endswith(
        "(hint: a value that starts with [ or { is read as a list: put it in double quotes)"
    ), message
