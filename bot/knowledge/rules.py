"""Cross-file rules: references resolve, links agree both ways, aliases are unique.

Errors stop a load; warnings are advice for moderators (``check --strict`` makes them
errors). Each rule gets the parsed files (``path``, ``yaml`` line map, ``model``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz

from bot.knowledge.problems import Problem, Severity, field_path
from bot.knowledge.schema import Case, CitingEntry, Comparison, Concept, Organization, Source
from bot.language.normalise import normalise
from bot.language.tokens import tokens
from bot.text import sentences, word_count

BODY_WORDS = (120, 400)
# Fewer than three key points is not a summary of the entry; more than six is the body.
KEY_POINTS = (3, 6)
FUZZY_ALIAS_SCORE = 90


def _problem(
    item: Any, loc: tuple, message: str, severity: Severity = "error", ref: str = ""
) -> Problem:
    return Problem(item.path, item.yaml.line_of(loc), field_path(loc), message, severity, ref=ref)


def _as_consequences(problems: list[Problem], failed: dict[str, str]) -> list[Problem]:
    """An unknown id whose own file did not load says so, and is marked a consequence."""
    return [
        replace(p, message=f"unknown id {p.ref!r} ({failed[p.ref]} did not load)", consequence=True)
        if p.ref in failed
        else p
        for p in problems
    ]


# How close a mistyped id must be to a real one to be suggested ("colective-security").
DID_YOU_MEAN_CUTOFF = 0.8


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest known word, or "" when none is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=DID_YOU_MEAN_CUTOFF)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_references(
    entries: dict[str, Any], comparisons: list[Any], failed: dict[str, str] | None = None
) -> list[Problem]:
    """Every id named anywhere must exist and be of the right kind; links agree both ways.
    ``failed`` maps the ids of files that did not load to their paths: a reference to one
    is reported as a consequence of that file, not as a problem of its own."""
    problems: list[Problem] = []
    for item in entries.values():
        problems.extend(_entry_references(item, entries))
    for item in comparisons:
        problems.extend(_comparison_references(item, entries))
    problems.extend(_case_links(entries))
    problems.extend(_alias_clashes(entries))
    return _as_consequences(problems, failed or {})


def _expect(
    item: Any, loc: tuple, ref: str, entries: dict[str, Any], kinds: Iterable[str] = ()
) -> Iterator[Problem]:
    target = entries.get(ref)
    kinds = tuple(kinds)
    if target is None:
        yield _problem(item, loc, f"unknown id {ref!r}{did_you_mean(ref, entries)}", ref=ref)
    elif kinds and target.model.kind not in kinds:
        wanted = " or ".join(kinds)
        yield _problem(item, loc, f"{ref!r} is a {target.model.kind}, expected a {wanted}")


def _entry_references(item: Any, entries: dict[str, Any]) -> Iterator[Problem]:
    model = item.model
    for i, ref in enumerate(model.related):
        if ref == model.id:
            yield _problem(item, ("related", i), "an entry cannot be related to itself")
        else:
            yield from _expect(item, ("related", i), ref, entries)
    if isinstance(model, CitingEntry):
        for i, ref in enumerate(model.cases):
            yield from _expect(item, ("cases", i), ref, entries, ["case"])
        for i, cite in enumerate(model.sources):
            yield from _expect(item, ("sources", i, "source"), cite.source, entries, ["source"])
    if isinstance(model, Organization):
        loc = ("founding_document",)
        yield from _expect(item, loc, model.founding_document, entries, ["document", "source"])
        for i, role in enumerate(model.rings):
            yield from _expect(item, ("rings", i, "source"), role.source, entries, ["source"])
    if isinstance(model, Case):
        for i, ref in enumerate(model.illustrates):
            yield from _expect(item, ("illustrates", i), ref, entries, ["concept"])


def _comparison_references(item: Any, entries: dict[str, Any]) -> Iterator[Problem]:
    model: Comparison = item.model
    for i, ref in enumerate(model.entries):
        yield from _expect(item, ("entries", i), ref, entries)
    for i, ref in enumerate(model.cases):
        yield from _expect(item, ("cases", i), ref, entries, ["case"])
    for i, cite in enumerate(model.sources):
        yield from _expect(item, ("sources", i, "source"), cite.source, entries, ["source"])


def _case_links(entries: dict[str, Any]) -> Iterator[Problem]:
    """A case's ``illustrates`` and the concepts' ``cases`` must name each other."""
    for item in entries.values():
        model = item.model
        if isinstance(model, Case):
            for i, concept_id in enumerate(model.illustrates):
                concept = entries.get(concept_id)
                unchecked = concept is None or not isinstance(concept.model, Concept)
                if not unchecked and model.id not in concept.model.cases:
                    message = f"{concept_id!r} does not list this case in its cases"
                    yield _problem(item, ("illustrates", i), message)
        elif isinstance(model, Concept):
            for i, case_id in enumerate(model.cases):
                case = entries.get(case_id)
                if case and isinstance(case.model, Case) and model.id not in case.model.illustrates:
                    yield _problem(
                        item,
                        ("cases", i),
                        f"case {case_id!r} does not list this concept in illustrates",
                    )


def _alias_clashes(entries: dict[str, Any]) -> Iterator[Problem]:
    """No alias or title may name two entries (compared after normalisation)."""
    owner: dict[str, tuple[str, str, int]] = {}  # name -> (entry id, its file, the line)
    for item in entries.values():
        model = item.model
        names = [(("title",), model.title)] + [
            (("aliases", i), alias) for i, alias in enumerate(model.aliases)
        ]
        own: set[str] = set()
        for loc, name in names:
            key = normalise(name)
            if key in own:  # a spelling variant of the entry's own name: harmless
                continue
            own.add(key)
            other = owner.get(key)
            if other is not None and other[0] != model.id:
                other_id, other_path, other_line = other
                message = f"{name!r} already names {other_id!r} ({other_path}:{other_line})"
                yield _problem(item, loc, message)
            owner.setdefault(key, (model.id, item.path, item.yaml.line_of(loc)))


def check_warnings(entries: dict[str, Any], comparisons: list[Any]) -> list[Problem]:
    """Advice for moderators: uncited sources, long summaries, short bodies, lonely concepts."""
    problems: list[Problem] = []
    cited: set[str] = set()
    for item in [*entries.values(), *comparisons]:
        cited.update(c.source for c in getattr(item.model, "sources", []))
    for item in entries.values():
        model = item.model
        if len(sentences(model.summary)) > 3:
            problems.append(
                _problem(item, ("summary",), "summary has more than 3 sentences", "warning")
            )
        if isinstance(model, Source):
            if model.id not in cited:
                problems.append(_problem(item, ("id",), "no entry cites this source", "warning"))
            continue
        words = word_count(model.body)
        if not BODY_WORDS[0] <= words <= BODY_WORDS[1]:
            problems.append(
                _problem(item, ("body",), f"body has {words} words; write 120-400", "warning")
            )
        points = len(model.key_points)
        if not KEY_POINTS[0] <= points <= KEY_POINTS[1]:
            message = f"{points} key point(s); write {KEY_POINTS[0]}-{KEY_POINTS[1]}"
            problems.append(_problem(item, ("key_points",), message, "warning"))
        if isinstance(model, Concept) and not model.cases:
            problems.append(
                _problem(item, ("cases",), "no case illustrates this concept", "warning")
            )
    problems.extend(_fuzzy_alias_warnings(entries))
    return problems


def _fuzzy_alias_warnings(entries: dict[str, Any]) -> Iterator[Problem]:
    """Aliases of different entries so alike that a typo could land on the wrong one."""
    names: list[tuple[str, str, Any, tuple]] = []
    for item in entries.values():
        for i, alias in enumerate(item.model.aliases):
            names.append((" ".join(tokens(alias)), item.model.id, item, ("aliases", i)))
    for index, (key, owner, item, loc) in enumerate(names):
        if len(key) < 6:
            continue
        for other_key, other_owner, _, _ in names[index + 1 :]:
            if other_owner == owner or other_key == key or len(other_key) < 6:
                continue
            if _numbers(key) != _numbers(other_key):  # "article 5" vs "article 51": deliberate
                continue
            if f" {key} " in f" {other_key} " or f" {other_key} " in f" {key} ":
                continue  # a name inside a longer name: the longest mention wins, no typo risk
            if fuzz.ratio(key, other_key) >= FUZZY_ALIAS_SCORE:
                yield _problem(
                    item,
                    loc,
                    f"alias is close to {other_key!r} of {other_owner!r}; a typo may pick either",
                    "warning",
                )


def _numbers(key: str) -> list[str]:
    return [word for word in key.split() if word.isdigit()]
