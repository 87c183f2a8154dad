"""One exit-code enum for the whole CLI (bot/cli/exit_codes.py), checked on the real
command line: each failure ends with its own code, and a database failure is never
reported as "Discord unreachable"."""

from __future__ import annotations

import ast
import os
import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.exit_codes import ExitCode
from bot.cli.run import _discord_errors
from bot.storage import StorageError
from tests.helpers import REPO_ROOT, assert_no_traceback, write_tree


def _studybot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in ``cwd`` (no .env there) with only ``env`` as studybot settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_readme_lists_every_code() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    line = re.search(r"^Exit codes \(`bot/cli/exit_codes.py`\): (.+?)\.$", readme, re.M | re.S)
    assert line, "README: the 'Exit codes:' sentence"
    listed = {int(n) for n in re.findall(r"(\d+) [A-Za-z]", line.group(1))}
    assert listed == {int(code) for code in ExitCode}


def test_codes_are_distinct() -> None:
    assert len({int(code) for code in ExitCode}) == len(ExitCode)


def test_no_bare_numbers_as_exit_codes_in_the_cli() -> None:
    """Every command returns an ExitCode member, never a literal (0 included)."""
    hint = "return a bot.cli.exit_codes.ExitCode member (ExitCode.OK for 0)"
    for path in sorted((REPO_ROOT / "bot" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"bot/cli/{path.name}:{getattr(node, 'lineno', 0)}: {hint}"
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant):
                assert not isinstance(node.value.value, int), where
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "CliError":
                for arg in node.args[1:]:
                    assert not isinstance(arg, ast.Constant), where


def test_missing_token_is_a_usage_error(tmp_path: Path) -> None:
    result = _studybot("run", cwd=tmp_path, STUDYBOT_KNOWLEDGE=str(REPO_ROOT / "knowledge"))
    assert result.returncode == ExitCode.USAGE == 2, result.stderr
    assert result.stderr.startswith("studybot: DISCORD_TOKEN is not set")
    assert_no_traceback(result)


def test_broken_knowledge_is_3(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "kb")
    path = next((root / "concepts").glob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace("kind: concept", "kind: nonsense"))
    result = _studybot("ask", "what is the lantern doctrine", "-k", str(root), cwd=tmp_path)
    assert result.returncode == ExitCode.KNOWLEDGE == 3, result.stderr
    assert_no_traceback(result)


def test_unreachable_discord_is_5(tmp_path: Path) -> None:
    result = _studybot(
        "run",
        cwd=tmp_path,
        DISCORD_TOKEN="unreachable-token-5",
        STUDYBOT_DISCORD_API=f"http://127.0.0.1:{_closed_port()}",
        STUDYBOT_KNOWLEDGE=str(REPO_ROOT / "knowledge"),
        STUDYBOT_DB=str(tmp_path / "data" / "studybot.db"),
    )
    assert result.returncode == ExitCode.NETWORK == 5, result.stderr
    assert "cannot reach Discord" in result.stderr
    assert "unreachable-token-5" not in result.stdout + result.stderr
    assert_no_traceback(result)


def test_a_database_that_is_not_one_is_a_storage_failure(tmp_path: Path) -> None:
    junk = tmp_path / "studybot.db"
    junk.write_bytes(b"this is not SQLite" * 100)
    result = _studybot("db", "stats", "--db", str(junk), cwd=tmp_path)
    assert result.returncode == ExitCode.STORAGE == 6, result.stderr
    assert result.stderr.startswith("studybot: stats failed")
    assert_no_traceback(result)


def test_a_backup_that_cannot_be_written_is_a_storage_failure(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    sqlite3.connect(live).close()
    created = _studybot("db", "stats", "--db", str(live), cwd=tmp_path)  # migrates it
    assert created.returncode == ExitCode.OK, created.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n")
    result = _studybot("db", "backup", str(blocker / "backup.db"), "--db", str(live), cwd=tmp_path)
    assert result.returncode == ExitCode.STORAGE, result.stderr
    assert_no_traceback(result)


def test_storage_errors_while_running_are_not_network_errors() -> None:
    from bot.cli.common import CliError

    with pytest.raises(CliError) as caught, _discord_errors():
        raise StorageError("disk I/O error")
    assert caught.value.code is ExitCode.STORAGE
    with pytest.raises(CliError) as caught, _discord_errors():
        raise ConnectionRefusedError("refused")
    assert caught.value.code is ExitCode.NETWORK
