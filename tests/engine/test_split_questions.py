"""tools/split_questions.py on real files in a temporary folder: a later gathering is split
per kind into the two halves with its source comments, nothing already split is added
twice, and a gathering read before its split goes to the tune half whole."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO_ROOT

SCRIPT = REPO_ROOT / "tools" / "split_questions.py"


@pytest.fixture
def split(tmp_path: Path, monkeypatch):
    """The tool's module, writing its halves into ``tmp_path``."""
    spec = importlib.util.spec_from_file_location("split_questions", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    for half in ("tune", "heldout"):
        (tmp_path / f"real-{half}.yaml").write_text("# header\n", encoding="utf-8")
    return module


def gathered(path: Path, questions: list[tuple[str, str]]) -> Path:
    lines = []
    for n, (text, expect) in enumerate(questions):
        lines.append(f"# https://example.org/{n}")
        lines.append(f"- {{q: '{text}', expect: {expect}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def halves(folder: Path) -> dict[str, list[dict]]:
    return {
        half: yaml.safe_load((folder / f"real-{half}.yaml").read_text(encoding="utf-8")) or []
        for half in ("tune", "heldout")
    }


def test_a_gathering_is_split_per_kind_once(split, tmp_path: Path) -> None:
    batch = gathered(
        tmp_path / "batch.yaml",
        [
            ("what is nato", "entry"),
            ("what is the un", "entry"),
            ("boil an egg", "none"),
            ("fantasy league rules", "none"),
        ],
    )
    split.add(7, [str(batch)])
    first = halves(tmp_path)
    for half in first.values():  # one of each kind in each half
        assert sorted(item["expect"] for item in half) == ["entry", "none"]
    assert "# https://example.org/" in (tmp_path / "real-heldout.yaml").read_text()
    split.add(8, [str(batch)])  # the same questions again: nothing is added
    assert halves(tmp_path) == first


def test_a_gathering_read_before_its_split_goes_to_the_tune_half(split, tmp_path: Path) -> None:
    batch = gathered(tmp_path / "seen.yaml", [("pocket veto", "none"), ("ivy league", "none")])
    split.add(7, [str(batch)], tune_only=True)
    result = halves(tmp_path)
    assert sorted(item["q"] for item in result["tune"]) == ["ivy league", "pocket veto"]
    assert result["heldout"] == []
    assert "--tune-only 7" in (tmp_path / "real-tune.yaml").read_text()
