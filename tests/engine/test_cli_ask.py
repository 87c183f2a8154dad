"""The command line in a subprocess: `ask`, `ask --json`, `kb export`, help and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.engine import Engine
from bot.knowledge.loader import IGNORED_DIRS, load_knowledge
from tests.helpers import (
    KNOWLEDGE,
    REPO_ROOT,
    SHORT_NAMES,
    TREE_FILES,
    assert_no_traceback,
    run_cli,
    write_tree,
)

JSON_KEYS = {
    "question",
    "kind",
    "entries",
    "confidence",
    "answer",
    "citations",
    "suggestions",
    "curated",
    "ambiguous",
}
EXPORT_KEYS = {"id", "kind", "title", "aliases", "summary", "text", "sources", "related"}


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The real knowledge base, loaded in-process to know what the CLI should print."""
    return Engine.load(KNOWLEDGE)


@pytest.fixture(scope="module")
def export_lines() -> list[dict[str, Any]]:
    """`studybot kb export` on the real knowledge base, parsed line by line."""
    result = run_cli("kb", "export")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def ok(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI and assert a clean exit 0 with nothing on stderr but warnings."""
    result = run_cli(*args, input=input)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    return result


# -- ask -----------------------------------------------------------------------------------


def test_ask_prints_markdown_with_the_title(engine: Engine) -> None:
    result = ok("ask", "what does deterrence mean?")
    expected = engine.ask("what does deterrence mean?")
    assert expected.entries == ("deterrence",)
    lines = result.stdout.splitlines()
    assert lines[0] == f"## {engine.kb.entries['deterrence'].title}"
    assert engine.kb.entries["deterrence"].summary in result.stdout
    assert "**References**" in result.stdout


def test_ask_joins_unquoted_words(engine: Engine) -> None:
    quoted = ok("ask", "explain the security dilemma").stdout
    unquoted = ok("ask", "explain", "the", "security", "dilemma").stdout
    assert quoted == unquoted
    assert quoted.startswith(f"## {engine.kb.entries['security-dilemma'].title}\n")


def test_ask_json_prints_one_object(engine: Engine) -> None:
    question = "compare peacekeeping with peace enforcement"
    result = ok("ask", "--json", question)
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    payload = json.loads(lines[0])
    assert set(payload) == JSON_KEYS
    assert payload["question"] == question
    assert payload["kind"] == "comparison"
    assert set(payload["entries"]) == {"peacekeeping", "peace-enforcement"}
    assert 0.0 <= payload["confidence"] <= 1.0
    assert payload["curated"] is True
    assert payload["answer"].startswith("## ")
    assert payload["suggestions"] == []
    assert payload["citations"]
    for number, citation in enumerate(payload["citations"], start=1):
        assert {"id", "text"} <= set(citation)
        assert citation["number"] == number
        assert engine.kb.entries[citation["id"]].kind == "source"
        assert f"[{number}] {citation['text']}" in payload["answer"]


def test_ask_json_decline_has_suggestions_list() -> None:
    payload = json.loads(ok("ask", "--json", "what's a good pizza topping").stdout)
    assert payload["kind"] == "none"
    assert payload["entries"] == []
    assert payload["citations"] == []
    assert isinstance(payload["suggestions"], list)
    assert payload["curated"] is False


def test_ask_json_reads_questions_from_stdin_in_order() -> None:
    questions = [
        "what is human security",
        "the uniting for peace resolution",
        "how do I change my nickname",
    ]
    result = ok("ask", "--json", input="\n".join(questions) + "\n")
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    payloads = [json.loads(line) for line in lines]
    assert [p["question"] for p in payloads] == questions
    assert payloads[0]["entries"][:1] == ["human-security"]
    assert payloads[1]["entries"][:1] == ["uniting-for-peace"]
    assert payloads[2]["kind"] == "none"


def test_ask_markdown_from_stdin_answers_each_line(engine: Engine) -> None:
    result = ok("ask", input="what is the veto\nwhat is the osce\n")
    titles = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert titles == [
        f"## {engine.kb.entries['veto'].title}",
        f"## {engine.kb.entries['osce'].title}",
    ]


def test_ask_with_empty_stdin_prints_nothing() -> None:
    result = ok("ask", "--json", input="")
    assert result.stdout == ""


def test_ask_survives_odd_input() -> None:
    odd = ["", "   ", "???", "x" * 5000, "🙂 sécurité collective", "\x1b[31mred", "'; DROP TABLE"]
    result = ok("ask", "--json", input="\n".join(odd) + "\n")
    payloads = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(payloads) == len(odd)
    for payload in payloads:
        assert set(payload) == JSON_KEYS
        assert 0.0 <= payload["confidence"] <= 1.0


def test_ask_uses_the_knowledge_option(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    payload = json.loads(ok("ask", "--json", "-k", str(root), "the lantern doctrine").stdout)
    assert payload["entries"] == ["lantern-doctrine"]
    assert [c["id"] for c in payload["citations"]] == ["quill-1999"]


def test_ask_uses_the_environment_variable(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    result = run_cli("ask", "--json", "the harbor compact", env={"STUDYBOT_KNOWLEDGE": str(root)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entries"] == ["harbor-compact"]


# -- errors --------------------------------------------------------------------------------


def test_missing_knowledge_dir_fails_cleanly(tmp_path: Path) -> None:
    missing = tmp_path / "no-knowledge-here"
    result = run_cli("ask", "-k", str(missing), "what is deterrence")
    assert_no_traceback(result)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.startswith("studybot: ")
    assert str(missing) in result.stderr
    assert "not a directory" in result.stderr


def test_missing_knowledge_dir_error_is_one_line(tmp_path: Path) -> None:
    result = run_cli("kb", "export", "-k", str(tmp_path / "absent"))
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_missing_default_knowledge_dir(tmp_path: Path) -> None:
    result = run_cli("kb", "export", env={"STUDYBOT_KNOWLEDGE": str(tmp_path / "gone")})
    assert_no_traceback(result)
    assert result.returncode != 0
    assert "gone" in result.stderr


def test_broken_knowledge_points_to_check(tmp_path: Path) -> None:
    harbor = TREE_FILES[SHORT_NAMES["harbor"]] + "colour: blue\n"
    root = write_tree(tmp_path, changes={"harbor": harbor})
    errors = load_knowledge(root).errors
    assert errors
    result = run_cli("ask", "-k", str(root), "anything")
    assert_no_traceback(result)
    assert result.returncode == 3
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"studybot check {root}" in result.stderr
    assert f"{len(errors)} error(s)" in result.stderr
    assert any(str(p) in result.stderr for p in errors)


# -- kb export -----------------------------------------------------------------------------


def test_kb_export_has_one_line_per_yaml_file(export_lines: list[dict[str, Any]]) -> None:
    yaml_files = [
        path
        for path in KNOWLEDGE.rglob("*")
        if path.suffix in (".yaml", ".yml")
        and not IGNORED_DIRS.intersection(path.relative_to(KNOWLEDGE).parts)
    ]
    assert yaml_files
    assert len(export_lines) == len(yaml_files)
    ids = [line["id"] for line in export_lines]
    assert len(set(ids)) == len(ids)
    assert set(ids) == {path.stem for path in yaml_files}


def test_kb_export_records(export_lines: list[dict[str, Any]], engine: Engine) -> None:
    kb = engine.kb
    comparisons = [line for line in export_lines if line["kind"] == "comparison"]
    quizzes = [line for line in export_lines if line["kind"] == "quiz"]
    entries = [line for line in export_lines if line["kind"] not in ("comparison", "quiz")]
    assert len(comparisons) == len(kb.comparisons)
    assert len(entries) == len(kb.entries)
    # Hand-written quiz files are exported as written (knowledge/quizzes/).
    assert [q["id"] for q in quizzes] == sorted(q.id for q in kb.quizzes)
    assert all(item["distractors"] and item["sources"] for q in quizzes for item in q["items"])
    for record in entries:
        # An organisation also carries the rings it serves (tests/engine/test_rings.py).
        extra = {"rings"} if record["kind"] == "organization" else set()
        assert set(record) == EXPORT_KEYS | extra, record["id"]
        entry = kb.entries[record["id"]]
        assert record["kind"] == entry.kind
        assert record["title"] == entry.title
        assert record["aliases"] == list(entry.aliases)
        assert record["summary"] == entry.summary
        assert record["text"].startswith(entry.summary)
        assert record["related"] == list(entry.related)
        for source_id in record["sources"]:
            assert kb.entries[source_id].kind == "source"
    for record in comparisons:
        assert set(record) == EXPORT_KEYS | {"entries"}
        comparison = kb.comparison(*record["entries"])
        assert comparison is not None
        assert record["id"] == "--".join(record["entries"])
        assert record["summary"] == comparison.summary
        for facet in comparison.facets:
            assert facet.left in record["text"] and facet.right in record["text"]


def test_kb_export_sources_match_the_yaml(
    export_lines: list[dict[str, Any]], engine: Engine
) -> None:
    record = next(line for line in export_lines if line["id"] == "collective-security")
    entry = engine.kb.entries["collective-security"]
    expected = list(dict.fromkeys(c.source for c in entry.sources))  # type: ignore[union-attr]
    assert record["sources"] == expected


# -- help and entry points -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("ask", "--help"),
        ("check", "--help"),
        ("kb", "--help"),
        ("kb", "export", "--help"),
    ],
)
def test_help_works_for_every_command(args: tuple[str, ...]) -> None:
    result = ok(*args)
    assert result.stdout.startswith("usage: studybot")


def test_top_level_help_lists_every_command() -> None:
    out = ok("--help").stdout
    for command in ("ask", "check", "kb"):
        assert command in out


def test_no_command_is_a_usage_error() -> None:
    result = run_cli()
    assert_no_traceback(result)
    assert result.returncode == 2
    assert "usage: studybot" in result.stderr


def test_python_dash_m_bot_runs_a_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_no_traceback(result)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].startswith("ok: ")


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "studybot"
    if not script.exists():
        pytest.skip("no studybot console script next to this interpreter")
    result = subprocess.run(
        [str(script), "--help"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: studybot")


def test_ask_loads_neither_the_quiz_bank_nor_the_checker() -> None:
    # What a moderator waits for after every edit: only the ask command's own modules.
    probe = (
        "import sys; from bot.cli import main; main(['ask', 'what is nato']); "
        "print(sorted(m for m in ('bot.study.bank', 'bot.cli.check', 'bot.cli.run') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert "NATO" in result.stdout
    assert result.stdout.rstrip().endswith("[]"), result.stdout[-200:]
