"""Load a knowledge tree: read every file, validate it, resolve every reference.

``load_knowledge`` never raises for bad content: it returns every problem it finds,
and a KnowledgeBase only when there is no error, so a broken tree can never replace
a good one.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot.knowledge import quizrules, rules
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.placeholders import placeholders
from bot.knowledge.problems import Problem, field_path
from bot.knowledge.schema import (
    COMPARISON_DIR,
    KIND_DIRS,
    MODEL_BY_KIND,
    QUIZ_DIR,
    Comparison,
    Quiz,
)
from bot.knowledge.yamlfile import FileProblem, YamlFile, read_yaml_file

KIND_BY_DIR = {folder: kind for kind, folder in KIND_DIRS.items()} | {
    COMPARISON_DIR: "comparison",
    QUIZ_DIR: "quiz",
}
# Folders under knowledge/ that hold no entries (generated JSON Schemas for editors).
IGNORED_DIRS = {"schema"}
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadResult:
    """What a load found: the knowledge base (None when there are errors) and problems."""

    kb: KnowledgeBase | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        """Problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems of severity warning."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> str:
        """ "3 error(s)", or "1 error(s) (and 15 that follow from files that did not load)":
        what a moderator has to fix, with the fallout of a broken file counted apart."""
        follow = sum(p.consequence for p in self.errors)
        text = f"{len(self.errors) - follow} error(s)"
        return f"{text} (and {follow} that follow from files that did not load)" if follow else text


@dataclass
class _Parsed:
    path: str
    yaml: YamlFile
    model: object


def load_knowledge(root: str | os.PathLike[str]) -> LoadResult:
    """Load and validate the tree at ``root``; return the KnowledgeBase and every problem."""
    root_path = Path(root)
    problems: list[Problem] = []
    if not root_path.is_dir():
        problems.append(Problem(str(root_path), 1, "path", "not a directory"))
        return LoadResult(None, problems)

    parsed: list[_Parsed] = []
    digest = hashlib.sha256()
    files = 0
    failed: dict[str, str] = {}  # id (the file name) -> path, for files that did not load
    for path, kind, walk_problem in _walk(root_path):
        if walk_problem is not None:
            problems.append(walk_problem)
            continue
        files += 1
        rel = _display_path(path)
        item = _parse_file(path, rel, kind, problems)
        if item is None:
            failed[path.stem] = rel
        else:
            parsed.append(item)
            digest.update(rel.encode() + item.yaml.raw)

    quizzes = [item for item in parsed if isinstance(item.model, Quiz)]
    others = [item for item in parsed if not isinstance(item.model, Quiz)]
    entries, comparisons = _index(others, problems)
    problems.extend(rules.check_references(entries, comparisons, failed))
    problems.extend(quizrules.check_quizzes(quizzes, entries, failed))
    problems.extend(rules.check_warnings(entries, comparisons))
    # Causes first: the files that did not load, then other errors, then the errors that
    # only follow from a broken file, then warnings.
    broken = set(failed.values())
    problems.sort(
        key=lambda p: (p.severity != "error", p.path not in broken, p.consequence, p.path, p.line)
    )
    if any(p.severity == "error" for p in problems):
        return LoadResult(None, problems, files)
    kb = KnowledgeBase(
        root=root_path,
        entries={pid: item.model for pid, item in entries.items()},  # type: ignore[misc]
        comparisons=[item.model for item in comparisons],  # type: ignore[misc]
        loaded_at=datetime.now(UTC),
        version=digest.hexdigest()[:12],
        paths={pid: item.path for pid, item in entries.items()},
        quizzes=[item.model for item in quizzes],  # type: ignore[misc]
    )
    return LoadResult(kb, problems, files)


def _display_path(path: Path) -> str:
    """The path as a moderator typed it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _walk(root: Path) -> Iterator[tuple[Path, str, Problem | None]]:
    """Yield (yaml file, kind from its folder, problem) with loop-safe symlink handling."""
    root_real = os.path.realpath(root)
    for child in sorted(root.iterdir()):
        name = child.name
        if name.startswith(".") or name in IGNORED_DIRS:
            continue
        if child.is_file() and not child.is_symlink() and name.lower().endswith(".md"):
            continue
        kind = KIND_BY_DIR.get(name)
        if kind is None or not child.is_dir():
            expected = ", ".join(sorted(KIND_BY_DIR))
            yield (
                child,
                "",
                Problem(
                    _display_path(child), 1, "path", f"unexpected here; knowledge/ holds {expected}"
                ),
            )
            continue
        yield from _walk_kind_dir(child, kind, root_real, set())


def _walk_kind_dir(
    folder: Path, kind: str, root_real: str, seen_dirs: set[str]
) -> Iterator[tuple[Path, str, Problem | None]]:
    try:
        real = os.path.realpath(folder, strict=True)
    except OSError as exc:
        yield folder, kind, Problem(_display_path(folder), 1, "path", _os_message(exc))
        return
    if real in seen_dirs:
        yield folder, kind, Problem(_display_path(folder), 1, "path", "symlink loop")
        return
    seen_dirs.add(real)
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        try:
            child.stat()
        except OSError as exc:
            yield child, kind, Problem(_display_path(child), 1, "path", _os_message(exc))
            continue
        if child.is_dir():
            if child.is_symlink() and _inside(os.path.realpath(child), root_real):
                message = "symlink loop: this link points back into the knowledge folder"
                yield child, kind, Problem(_display_path(child), 1, "path", message)
                continue
            yield from _walk_kind_dir(child, kind, root_real, seen_dirs)
        elif child.suffix.lower() in YAML_SUFFIXES:
            yield child, kind, None
        elif child.suffix.lower() != ".md":
            yield (
                child,
                kind,
                Problem(
                    _display_path(child), 1, "path", "not a .yaml file; only .yaml files are read"
                ),
            )


def _inside(path: str, root: str) -> bool:
    """True when ``path`` is ``root``, inside it, or one of its ancestors."""
    common = os.path.commonpath([path, root])
    return common in (path, root)


def _os_message(exc: OSError) -> str:
    if getattr(exc, "errno", None) == errno.ELOOP:
        return "symlink loop"
    return f"cannot read: {exc.strerror or exc}"


def _parse_file(path: Path, rel: str, kind: str, problems: list[Problem]) -> _Parsed | None:
    try:
        doc = read_yaml_file(path)
    except FileProblem as exc:
        problems.append(Problem(rel, exc.line, "file", exc.message))
        return None
    for loc, line in doc.duplicate_keys:
        problems.append(Problem(rel, line, field_path(loc), "duplicate key"))
    for loc, line in doc.merged_items:
        message = (
            f"line {line} starts with '- ' but continues the text above, so it is not an "
            "item of its own: indent it like the items around it"
        )
        problems.append(Problem(rel, line, field_path(loc), message, "warning"))
    data = doc.data
    unfinished = {loc: start for loc, start in placeholders(data)}
    for loc, start in unfinished.items():
        message = f"placeholder text left in ({start!r}): write the real text"
        problems.append(Problem(rel, doc.line_of(loc), field_path(loc), message))
    if not isinstance(data, dict):
        problems.append(Problem(rel, 1, "file", "expected a mapping of fields at the top level"))
        return None
    declared = data.get("kind")
    if declared is not None and declared != kind:
        problems.append(
            Problem(
                rel,
                doc.line_of(("kind",)),
                "kind",
                f"is {declared!r} but the file is in the folder for {kind!r}",
            )
        )
        return None
    try:
        model = MODEL_BY_KIND[kind].model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            if loc in unfinished:  # already reported as a placeholder, the real cause
                continue
            message = _message(err, MODEL_BY_KIND[kind].model_fields)
            problems.append(Problem(rel, doc.line_of(loc), field_path(loc), message))
        return None
    expected_stem = model.id
    if path.stem != expected_stem:
        field_name = "entries" if isinstance(model, Comparison) else "id"
        problems.append(
            Problem(
                rel,
                doc.line_of((field_name,)),
                field_name,
                f"file name {path.name!r} must be {expected_stem}{path.suffix}",
            )
        )
        return None
    return _Parsed(rel, doc, model)


def _message(err: dict, fields: Iterable[str] = ()) -> str:
    if err["type"] == "extra_forbidden":
        return f"unknown field{rules.did_you_mean(str(err['loc'][-1]), fields)}"
    if err["type"] == "missing":
        return "required field is missing"
    if err["type"] == "string_type" and isinstance(err.get("input"), dict):
        return (
            "expected text, but the colon and space make YAML read 'field: value' here: "
            "put the whole text in double quotes"
        )
    return str(err["msg"]).removeprefix("Value error, ")


def _index(
    parsed: list[_Parsed], problems: list[Problem]
) -> tuple[dict[str, _Parsed], list[_Parsed]]:
    """Split parsed files into entries by id and comparisons, reporting duplicates."""
    entries: dict[str, _Parsed] = {}
    comparisons: list[_Parsed] = []
    pairs: dict[frozenset[str], _Parsed] = {}
    for item in parsed:
        model = item.model
        if isinstance(model, Comparison):
            pair = frozenset(model.entries)
            if pair in pairs:
                problems.append(
                    Problem(
                        item.path,
                        item.yaml.line_of(("entries",)),
                        "entries",
                        f"this pair is already compared in {pairs[pair].path}",
                    )
                )
                continue
            pairs[pair] = item
            comparisons.append(item)
            continue
        first = entries.get(model.id)  # type: ignore[attr-defined]
        if first is not None:
            problems.append(
                Problem(
                    item.path,
                    item.yaml.line_of(("id",)),
                    "id",
                    f"duplicate id {model.id!r}, already used by {first.path}",  # type: ignore[attr-defined]
                )
            )
            continue
        entries[model.id] = item  # type: ignore[attr-defined]
    return entries, comparisons
