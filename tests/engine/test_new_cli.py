"""`studybot new`: skeletons that explain every field and that check refuses until filled in.

The real command line in a subprocess, on real trees (the minimal one of tests/helpers.py
or a copy of the real knowledge base).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.skeleton import title_from_id
from tests.helpers import REPO_ROOT, run_cli, write_tree


def _problems(root: Path, path: Path) -> list[str]:
    """The errors `studybot check` prints about ``path``."""
    result = run_cli("check", str(root))
    assert result.returncode == 1, result.stdout
    return [
        ln
        for ln in result.stdout.splitlines()
        if ln.startswith(str(path)) and ": warning: " not in ln
    ]


@pytest.mark.parametrize("kind", ["concept", "organization", "document", "case", "source"])
def test_new_writes_a_skeleton_that_check_refuses_until_filled_in(
    tmp_path: Path, kind: str
) -> None:
    root = write_tree(tmp_path)
    result = run_cli("new", kind, "fresh-entry", "-k", str(root))
    assert result.returncode == 0, result.stderr
    path = root / f"{kind}s" / "fresh-entry.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.json")
    lines = _problems(root, path)
    assert lines and all("placeholder text left in" in ln for ln in lines), lines
    flagged = {ln.split(": ")[1] for ln in lines}
    assert "summary" in flagged
    if kind == "source":  # a source describes a work: no body or key points to write
        assert "body:" not in text and "key_points:" not in text
        assert {"work_title", "authors[0]", "publisher", "place"} <= flagged
    else:
        assert {"body", "key_points[0]", "sources[0].source"} <= flagged
    again = run_cli("new", kind, "fresh-entry", "-k", str(root))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_filled_in_skeleton_loads(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    assert run_cli("new", "concept", "beacon-rule", "-k", str(root)).returncode == 0
    path = root / "concepts" / "beacon-rule.yaml"
    text = path.read_text(encoding="utf-8")
    body = " ".join(["The beacon rule is a fixture concept for the tests."] * 15)
    filled = (
        text.replace("TODO one-sentence definition of Beacon rule.", "A fixture rule.")
        .replace("body: |  # 120-400", "body: |  # words")
        .replace("  TODO\nkey_points", f"  {body}\nkey_points")
        .replace("  - TODO\n  - TODO\n  - TODO\n", "  - One.\n  - Two.\n  - Three.\n")
        .replace('{source: TODO, article: "TODO"}', "{source: quill-1999}")
    )
    path.write_text(filled, encoding="utf-8")
    result = run_cli("check", str(root))
    assert result.returncode == 0, result.stdout


def test_new_comparison_writes_the_pair_and_titles_it(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", root)
    result = run_cli("new", "comparison", "deterrence", "sanctions", "-k", str(root))
    assert result.returncode == 0, result.stderr
    path = root / "comparisons" / "deterrence--sanctions.yaml"
    text = path.read_text(encoding="utf-8")
    assert "entries: [deterrence, sanctions]" in text
    assert "title: Deterrence vs sanctions\n" in text
    flagged = {ln.split(": ")[1] for ln in _problems(root, path)}
    assert {"summary", "facets[0].left", "facets[0].right", "sources[0].source"} <= flagged


def test_new_comparison_refuses_unknown_ids_and_existing_pairs(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", root)
    typo = run_cli("new", "comparison", "colective-security", "deterrence", "-k", str(root))
    assert typo.returncode == 2
    assert "did you mean 'collective-security'?" in typo.stderr
    # collective-security--collective-defense exists: asked the other way round too.
    pair = ("collective-defense", "collective-security")
    again = run_cli("new", "comparison", *pair, "-k", str(root))
    assert again.returncode == 1 and "already compares them" in again.stderr
    one = run_cli("new", "comparison", "deterrence", "-k", str(root))
    assert one.returncode == 2 and "two entry ids" in one.stderr
    assert not (root / "comparisons" / "collective-defense--collective-security.yaml").exists()


def test_new_refuses_a_bad_id(tmp_path: Path) -> None:
    result = run_cli("new", "concept", "Bad Id", "-k", str(tmp_path))
    assert result.returncode == 2 and "lowercase" in result.stderr


def test_titles_take_the_capitals_the_knowledge_base_uses_inside_names() -> None:
    names = ["Conference on Security and Co-operation in Europe", "Council of Europe", "CSTO"]
    names += ["Collective security", "Common security", "Human security"]
    assert title_from_id("concert-of-europe", names) == "Concert of Europe"
    assert title_from_id("human-security", names) == "Human security"
    assert title_from_id("csto", names) == "CSTO"
