"""Shared builders for the engine tests: a small valid knowledge tree and a CLI runner.

The tree is written as real YAML text so that tests can break one line of one file and
check that ``studybot check`` points at exactly that file, line and field.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO_ROOT / "knowledge"


def _body(topic: str) -> str:
    """A markdown body of about 150 words (inside the 120-400 the rules ask for)."""
    paragraph = (
        f"The {topic} is a made-up idea used only by the studybot tests. It exists so that "
        "the loader, the rules and the composer have something small, valid and easy to "
        "reason about. Every sentence here is filler written for this fixture, and none of "
        "it should ever be read as a claim about international politics or history."
    )
    second = (
        f"Moderators reading a failing test should look at the single line that the test "
        f"changed in the {topic} file, because the rest of this tree is meant to stay "
        "clean: no warnings, no errors, every source cited, every case linked both ways, "
        "and every alias unique across the entries of the tree."
    )
    third = (
        "A third paragraph keeps the word count comfortably above the lower limit, so a "
        "small edit in a test never turns a clean tree into one with a body warning."
    )
    return "\n\n".join("  " + p for p in (paragraph, second, third))


SOURCE_BOOK = """\
id: quill-1999
kind: source
title: "Quill, Harbours and Lanterns"
aliases:
  - Quill 1999
source_type: book
authors:
  - Ada Quill
publisher: Fixture Press
place: Testville
year: 1999
summary: >-
  A book by Ada Quill on the fixture ideas of this test tree.
"""

SOURCE_TREATY = """\
id: harbor-treaty-1950
kind: source
title: Harbor Treaty (1950)
aliases:
  - Harbor Treaty
source_type: treaty
year: 1950
summary: >-
  The fixture treaty that founds the harbor compact.
"""

CONCEPT_LANTERN = f"""\
id: lantern-doctrine
kind: concept
title: Lantern doctrine
aliases:
  - lantern theory
  - doctrine of lanterns
summary: >-
  The lantern doctrine holds that every member lights a lantern for every other member.
  It looks inward at the group itself.
body: |
{_body("lantern doctrine")}
key_points:
  - Every member lights a lantern for every other member.
  - The threat is expected from inside the group.
  - Invented for the tests.
related:
  - harbor-compact
cases:
  - glass-river-crisis-1961
sources:
  - {{source: quill-1999, section: "Lanterns"}}
"""

CONCEPT_HARBOR = f"""\
id: harbor-compact
kind: concept
title: Harbor compact
aliases:
  - harbour compact
  - compact of harbors
summary: >-
  The harbor compact binds a few allies to guard each other's harbors against outsiders.
body: |
{_body("harbor compact")}
key_points:
  - Allies guard each other's harbors.
  - The threat is expected from outside the group.
  - Also invented for the tests.
related:
  - lantern-doctrine
cases:
  - glass-river-crisis-1961
sources:
  - {{source: harbor-treaty-1950, article: "Art. 5"}}
  - {{source: quill-1999}}
"""

CASE_GLASS = f"""\
id: glass-river-crisis-1961
kind: case
title: Glass River crisis (1961)
period: "1961"
illustrates:
  - lantern-doctrine
  - harbor-compact
aliases:
  - Glass River affair
summary: >-
  The Glass River crisis of 1961 is the fixture case in which both ideas were tested.
body: |
{_body("Glass River crisis")}
key_points:
  - Both fixture ideas were put to the test.
  - It happened in 1961, on the Glass River.
  - Invented for the tests, like everything in this tree.
related:
  - lantern-doctrine
sources:
  - {{source: quill-1999, section: "The Glass River"}}
"""

COMPARISON = """\
kind: comparison
entries: [lantern-doctrine, harbor-compact]
title: Lantern doctrine vs harbor compact
summary: >-
  The lantern doctrine looks inward at every member, while the harbor compact looks outward.
facets:
  - facet: direction
    left: Inward, at the members themselves.
    right: Outward, at attackers from outside.
  - facet: members
    left: Every member of the system.
    right: A few allies.
cases: [glass-river-crisis-1961]
sources:
  - {source: quill-1999}
  - {source: harbor-treaty-1950, article: "Art. 5"}
"""

TREE_FILES: dict[str, str] = {
    "sources/quill-1999.yaml": SOURCE_BOOK,
    "sources/harbor-treaty-1950.yaml": SOURCE_TREATY,
    "concepts/lantern-doctrine.yaml": CONCEPT_LANTERN,
    "concepts/harbor-compact.yaml": CONCEPT_HARBOR,
    "cases/glass-river-crisis-1961.yaml": CASE_GLASS,
    "comparisons/lantern-doctrine--harbor-compact.yaml": COMPARISON,
}
"""The minimal valid tree: relative path -> YAML text."""


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text) under ``root``; return ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SHORT_NAMES = {
    "book": "sources/quill-1999.yaml",
    "treaty": "sources/harbor-treaty-1950.yaml",
    "lantern": "concepts/lantern-doctrine.yaml",
    "harbor": "concepts/harbor-compact.yaml",
    "case": "cases/glass-river-crisis-1961.yaml",
    "comparison": "comparisons/lantern-doctrine--harbor-compact.yaml",
}
"""Short names for the files of the tree (``write_tree(..., changes={"lantern": ...})``)."""


def write_tree(
    tmp_dir: Path, name: str = "knowledge", changes: dict[str, str | None] | None = None
) -> Path:
    """Write the minimal valid knowledge tree into ``tmp_dir/name`` and return its path.

    ``changes`` maps a short name from :data:`SHORT_NAMES` (or a relative path) to the
    text that replaces that file, or to None to leave the file out.
    """
    files = dict(TREE_FILES)
    for key, text in (changes or {}).items():
        rel = SHORT_NAMES.get(key, key)
        if text is None:
            files.pop(rel, None)
        else:
            files[rel] = text
    return write_files(tmp_dir / name, files)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``text`` that contains ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found {occurrence} time(s) in the text")


def run_cli(
    *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot *args`` from the repository root; capture text output."""
    full_env = {k: v for k, v in os.environ.items() if k != "STUDYBOT_KNOWLEDGE"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO_ROOT,
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
        env=full_env,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    """Fail when either stream of ``result`` shows a Python traceback."""
    assert "Traceback" not in result.stdout, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
