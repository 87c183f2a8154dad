"""The four rings and the organisations placed in them: the `rings` field, from the YAML
through the checker to the answers and the export, on the real knowledge base."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.answer.compose import entry_answer
from bot.engine import Engine
from bot.knowledge import rings
from bot.knowledge.schema import RING_IDS, Organization
from tests.helpers import KNOWLEDGE, REPO_ROOT, run_cli


@pytest.fixture(scope="module")
def engine() -> Engine:
    """One engine on the real knowledge base for the whole module."""
    return Engine.load(KNOWLEDGE)


def _organizations(engine: Engine) -> list[Organization]:
    return [o for o in engine.kb.by_kind("organization") if isinstance(o, Organization)]


def test_the_real_knowledge_base_places_institutions_in_every_ring(engine: Engine) -> None:
    placed = rings.placements(engine.kb)
    assert list(placed) == list(RING_IDS)
    assert all(placed[ring] for ring in RING_IDS), {r: len(o) for r, o in placed.items()}


def test_an_organisation_answer_lists_its_rings_each_cited(engine: Engine) -> None:
    for org in _organizations(engine):
        answer = entry_answer(engine.kb, org.id)
        section = [s for s in answer.sections if s.title.startswith("In the four rings")]
        if not org.rings:
            assert not section, org.id
            continue
        (rows,) = (s.items for s in section)
        assert len(rows) == len(org.rings), org.id
        refs = {ref.number: ref for ref in answer.citations}
        for role, row in zip(
            sorted(org.rings, key=lambda r: RING_IDS.index(r.ring)), rows, strict=True
        ):
            assert row.startswith(f"**{engine.kb.entries[role.ring].title}**: {role.basis} ")
            number = int(row.rsplit("[", 1)[1].rstrip("]"))
            assert refs[number].source_id == role.source, (org.id, row)
            if role.locus():  # the place cited is in the reference (a sentence: capitalised)
                assert role.locus().lower() in refs[number].text.lower(), refs[number].text


def test_a_ring_answer_names_exactly_the_institutions_placed_in_it(engine: Engine) -> None:
    for ring in RING_IDS:
        answer = entry_answer(engine.kb, ring)
        (section,) = [s for s in answer.sections if s.title == "Institutions in this ring"]
        named = [row.split("**")[1] for row in section.items]
        expected = sorted(
            (o.title for o in _organizations(engine) if ring in {r.ring for r in o.rings}),
            key=str.lower,
        )
        assert named == expected, ring


def test_which_institutions_provide_collective_defense_answers_from_the_rings(
    engine: Engine,
) -> None:
    answer = engine.ask("which institutions provide collective defense?")
    assert answer.entries[0] == "collective-defense"
    titles = {s.title for s in answer.sections}
    assert "Institutions in this ring" in titles
    nato_row = next(
        row
        for s in answer.sections
        if s.title == "Institutions in this ring"
        for row in s.items
        if row.startswith("**NATO**")
    )
    assert "Art. 5" in next(ref.text for ref in answer.citations if f"[{ref.number}]" in nato_row)


def test_cooperative_security_shows_the_whole_placement(engine: Engine) -> None:
    answer = entry_answer(engine.kb, "cooperative-security")
    (section,) = [s for s in answer.sections if s.title == "Institutions by ring"]
    assert len(section.items) == len(RING_IDS)
    assert "NATO" in section.items[2]  # collective defense, ring three


def test_the_export_carries_the_rings() -> None:
    result = run_cli("kb", "export", "-k", str(KNOWLEDGE))
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    nato = records["nato"]["rings"]
    assert {"ring": "collective-defense"}.items() <= next(
        r for r in nato if r["ring"] == "collective-defense"
    ).items()
    assert all(set(r) == {"ring", "basis", "source", "locus"} for r in nato)
    assert "rings" not in records["collective-security"]  # a concept has none


def _tree_with_nato(tmp_path: Path, rings_yaml: str) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(REPO_ROOT / "knowledge", root)
    path = root / "organizations" / "nato.yaml"
    text = path.read_text("utf-8")
    start = text.index("rings:\n")
    end = text.index("\nbody:", start)
    path.write_text(text[:start] + rings_yaml + text[end:], "utf-8")
    return root


def test_a_ring_named_twice_is_an_error(tmp_path: Path) -> None:
    twice = (
        "rings:\n"
        '  - {ring: collective-defense, basis: "Art. 5.", source: north-atlantic-treaty-1949}\n'
        '  - {ring: collective-defense, basis: "Again.", source: north-atlantic-treaty-1949}'
    )
    result = run_cli("check", str(_tree_with_nato(tmp_path, twice)))
    assert result.returncode == 1
    assert "rings: each ring at most once" in result.stdout, result.stdout


def test_an_unknown_ring_or_source_is_an_error_at_its_line(tmp_path: Path) -> None:
    bad = (
        "rings:\n"
        '  - {ring: collective-defence, basis: "Art. 5.", source: north-atlantic-treaty-1949}\n'
        '  - {ring: promoting-stability, basis: "Kosovo.", source: cohen-mihalka-2011}'
    )
    root = _tree_with_nato(tmp_path, bad)
    result = run_cli("check", str(root))
    assert result.returncode == 1
    lines = [ln for ln in result.stdout.splitlines() if "nato.yaml" in ln]
    assert any("rings[0].ring: " in ln for ln in lines), lines
    root2 = _tree_with_nato(
        tmp_path / "two", bad.replace("collective-defence", "collective-defense")
    )
    result = run_cli("check", str(root2))
    assert any(
        "rings[1].source: unknown id 'cohen-mihalka-2011' (did you mean 'cohen-mihalka-2001'?)"
        in ln
        for ln in result.stdout.splitlines()
    ), result.stdout
