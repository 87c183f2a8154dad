"""Split the gathered real questions, once, into a tune half and a held-out half.

    python tools/split_questions.py tests/data/questions/real-*.yaml

Run once (2026-12-01, seed below); its outputs are committed and never re-drawn, so the
held-out half stays unseen by every later tuning step. Stratified by the expected kind so
that both halves hold as many comparisons and declines. Each question keeps the comment
lines (its source address) that stood above it.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SEED = 20261201  # the day of the split; any fixed number would do
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "questions"
HEADER = (
    "# Real questions (verbatim, source address above each), {half} half of a one-off\n"
    "# random split by tools/split_questions.py. {use}\n"
)
USE = {
    "tune": "Tuning may look at these.",
    "heldout": "Never tune on these: they are the reported figure.",
}


def items(path: Path) -> list[tuple[list[str], str]]:
    """(comment lines, item line) for every question of a gathered file."""
    out, comments = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            out.append((comments, line))
            comments = []
        elif line.startswith("#") and line.lstrip("# ").startswith("http"):
            comments.append(line)
    return out


def main(paths: list[str]) -> None:
    """Split every question of ``paths`` and write real-tune.yaml and real-heldout.yaml."""
    by_kind: dict[str, list[tuple[list[str], str]]] = defaultdict(list)
    for path in paths:
        for comments, line in items(Path(path)):
            by_kind[yaml.safe_load(line)[0]["expect"]].append((comments, line))
    rng = random.Random(SEED)
    halves: dict[str, list[tuple[list[str], str]]] = {"tune": [], "heldout": []}
    for kind in sorted(by_kind):
        group = by_kind[kind]
        rng.shuffle(group)
        middle = len(group) // 2
        halves["tune"].extend(group[:middle])
        halves["heldout"].extend(group[middle:])
    for half, group in halves.items():
        text = HEADER.format(half=half, use=USE[half])
        text += "".join("\n".join([*comments, line]) + "\n" for comments, line in group)
        (OUT / f"real-{half}.yaml").write_text(text, encoding="utf-8")
        print(f"{half}: {len(group)} questions")


if __name__ == "__main__":
    main(sys.argv[1:])
