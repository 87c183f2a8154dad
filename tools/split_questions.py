"""Split the gathered real questions, once, into a tune half and a held-out half.

    python tools/split_questions.py tests/data/questions/real-*.yaml
    python tools/split_questions.py --add SEED NEW.yaml...
    python tools/split_questions.py --tune-only SEED SEEN.yaml...

Run once (2026-12-01, seed below); its outputs are committed and never re-drawn, so the
held-out half stays unseen by every later tuning step. Stratified by the expected kind so
that both halves hold as many comparisons and declines. Each question keeps the comment
lines (its source address) that stood above it.

``--add`` splits a later gathering the same way, with a seed of its own (the day it was
split), and appends each half to the existing files: the questions already split stay
where they are, and a question already in either half is skipped.

``--tune-only`` appends a gathering whose answers were looked at before it was split (a
held-out question must never have been seen) to the tune half, whole.
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


def known_questions() -> set[str]:
    """The texts (case and spacing folded) of every question already split."""
    known = set()
    for half in USE:
        path = OUT / f"real-{half}.yaml"
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            known.add(" ".join(str(item["q"]).lower().split()))
    return known


def split(paths: list[str], seed: int, skip: set[str]) -> dict[str, list]:
    """The questions of ``paths`` (but those in ``skip``), split per kind at random."""
    by_kind: dict[str, list[tuple[list[str], str]]] = defaultdict(list)
    for path in paths:
        for comments, line in items(Path(path)):
            item = yaml.safe_load(line)[0]
            text = " ".join(str(item["q"]).lower().split())
            if text in skip:
                continue
            skip.add(text)
            by_kind[item["expect"]].append((comments, line))
    rng = random.Random(seed)
    halves: dict[str, list[tuple[list[str], str]]] = {"tune": [], "heldout": []}
    for kind in sorted(by_kind):
        group = by_kind[kind]
        rng.shuffle(group)
        middle = len(group) // 2
        halves["tune"].extend(group[:middle])
        halves["heldout"].extend(group[middle:])
    return halves


def add(seed: int, paths: list[str], tune_only: bool = False) -> None:
    """Split a later gathering and append its halves to the existing files (all of it to
    the tune half with ``tune_only``)."""
    halves = split(paths, seed, known_questions())
    if tune_only:
        halves = {"tune": halves["tune"] + halves["heldout"]}
    for half, group in halves.items():
        path = OUT / f"real-{half}.yaml"
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
        how = "--tune-only" if tune_only else "--add"
        text += f"# Gathered later, split by tools/split_questions.py {how} {seed}.\n"
        text += "".join("\n".join([*comments, line]) + "\n" for comments, line in group)
        path.write_text(text, encoding="utf-8")
        print(f"{half}: {len(group)} questions added")


def main(paths: list[str]) -> None:
    """Split every question of ``paths`` and write real-tune.yaml and real-heldout.yaml."""
    halves = split(paths, SEED, set())
    for half, group in halves.items():
        text = HEADER.format(half=half, use=USE[half])
        text += "".join("\n".join([*comments, line]) + "\n" for comments, line in group)
        (OUT / f"real-{half}.yaml").write_text(text, encoding="utf-8")
        print(f"{half}: {len(group)} questions")


if __name__ == "__main__":
    if sys.argv[1] in ("--add", "--tune-only"):
        add(int(sys.argv[2]), sys.argv[3:], tune_only=sys.argv[1] == "--tune-only")
    else:
        main(sys.argv[1:])
