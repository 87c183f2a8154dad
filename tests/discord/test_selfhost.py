"""Self-hosting without a Docker engine: what the Dockerfile runs, `studybot health`
against a real `studybot run` process on the fake Discord server, the database tools,
`studybot new`, the editor schemas and `check --strict`."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from fake_discord import FakeDiscord

from bot.knowledge import jsonschema
from bot.knowledge.loader import KIND_BY_DIR
from bot.knowledge.schema import MODEL_BY_KIND, Concept
from bot.storage import Storage
from tests.helpers import REPO_ROOT, assert_no_traceback, run_cli, write_tree

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")


def _instruction(name: str) -> list[str]:
    """Arguments of every ``name`` instruction in the Dockerfile (continuations joined)."""
    text = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in text.splitlines() if line.startswith(name + " ")]


# -- the Dockerfile --------------------------------------------------------------------


def test_entrypoint_and_default_command_exist() -> None:
    entrypoint = json.loads(_instruction("ENTRYPOINT")[-1])
    command = json.loads(_instruction("CMD")[-1])
    # tini (from Debian, copied in by the Dockerfile) is PID 1 and runs studybot.
    assert entrypoint == ["/usr/bin/tini", "--", "studybot"]
    assert "COPY --from=build /usr/bin/tini-static /usr/bin/tini" in DOCKERFILE
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^studybot = "bot\.cli:main"$', pyproject, re.M)
    result = run_cli(*command, "--help")
    assert result.returncode == 0, result.stderr


def test_healthcheck_runs_an_existing_command_every_few_seconds() -> None:
    healthcheck = _instruction("HEALTHCHECK")[-1]
    exec_form = json.loads(healthcheck.split("CMD", 1)[1].strip())
    assert exec_form[0] == "studybot"
    assert run_cli(*exec_form[1:], "--help").returncode == 0
    interval = re.search(r"--interval=(\d+)s", healthcheck)
    assert interval and int(interval.group(1)) <= 5  # healthy about 5 s after ready


def test_runtime_user_is_not_root_and_the_base_is_pinned_by_digest() -> None:
    user = _instruction("USER")[-1].strip()
    assert user.split(":")[0] not in {"root", "0"}
    (default,) = _instruction("ARG")
    name, image = default.split("=", 1)
    assert name == "PYTHON_IMAGE"
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm@sha256:[0-9a-f]{64}", image), image
    assert [line.split()[0] for line in _instruction("FROM")] == ["${PYTHON_IMAGE}"] * 2
    assert _instruction("STOPSIGNAL") and _instruction("VOLUME")
    assert not DOCKERFILE.startswith("# syntax")  # BuildKit would fetch a frontend image


def test_dependencies_install_from_the_lock_before_the_sources() -> None:
    """A code change must not invalidate the dependency layer."""
    lock = DOCKERFILE.index("COPY requirements/runtime.txt")
    install = DOCKERFILE.index("--require-hashes \\\n    -r requirements/runtime.txt")
    sources = DOCKERFILE.index("COPY bot ")
    assert lock < install < sources
    assert DOCKERFILE.index("COPY pyproject.toml") > install


def _locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """``{name: (version, hashes)}`` of a hashed requirements file (markers ignored)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    pins: dict[str, tuple[str, list[str]]] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line)
        if match:
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            pins.setdefault(
                name, (match.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
            )
    return pins


@pytest.mark.parametrize("lock", ["runtime.txt", "build.txt"])
def test_every_locked_package_is_pinned_with_hashes(lock: str) -> None:
    pins = _locked(REPO_ROOT / "requirements" / lock)
    assert pins
    for name, (_, hashes) in pins.items():
        assert hashes, f"{lock}: {name} has no hash"


def test_the_runtime_lock_satisfies_pyproject() -> None:
    """Every dependency of pyproject.toml is locked at a version its range allows; when
    this fails, regenerate the lock with the command at the top of the file."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = _locked(REPO_ROOT / "requirements" / "runtime.txt")
    header = (REPO_ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    assert "uv pip compile pyproject.toml" in header.splitlines()[1]
    for line in project["project"]["dependencies"]:
        requirement = Requirement(line)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{name} is not in requirements/runtime.txt"
        assert requirement.specifier.contains(pins[name][0]), (name, pins[name][0])


def test_compose_is_hardened_and_takes_the_token_as_a_secret() -> None:
    import yaml

    compose = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["studybot"]
    assert service["pull_policy"] == "build" and service["image"] != "studybot:latest"
    assert service["env_file"] == [{"path": ".env", "required": False}]
    assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in service["security_opt"]
    assert "/tmp" in service["tmpfs"]
    assert service["logging"]["options"]["max-size"]
    # Docker cannot skip exit codes 2 and 4, so a bounded on-failure policy stands in.
    assert re.fullmatch(r"on-failure:\d+", service["restart"])
    assert service["secrets"] == ["discord_token"]
    assert service["environment"]["DISCORD_TOKEN_FILE"] == "/run/secrets/discord_token"
    assert "DISCORD_TOKEN" not in service["environment"]
    assert compose["secrets"]["discord_token"]["file"] == "./secrets/discord_token"
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/secrets/" in ignored


# -- health against a real `studybot run` process ----------------------------------------


async def _cli(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def _wait_healthy(
    bot: asyncio.subprocess.Process, env: dict[str, str], cwd: Path, timeout: float
) -> str:
    """Poll `studybot health` until it passes; fail early if the bot process dies."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        code, output = await _cli("health", env=env, cwd=cwd)
        if code == 0:
            return output
        if bot.returncode is not None or asyncio.get_running_loop().time() > deadline:
            if bot.returncode is None:
                bot.kill()  # or reading its output below would wait for ever
            log = (await bot.stdout.read()).decode() if bot.stdout else ""
            raise AssertionError(f"never healthy: {output}\nbot output:\n{log}")
        await asyncio.sleep(0.2)


def _process_env(fake: FakeDiscord, tmp_path: Path, token: str) -> dict[str, str]:
    """Environment for a real `studybot` process talking to the fake Discord server."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_"))},
        "DISCORD_TOKEN": token,
        "STUDYBOT_DISCORD_API": fake.base_url,
        "STUDYBOT_KNOWLEDGE": str(REPO_ROOT / "knowledge"),
        "STUDYBOT_DB": str(tmp_path / "data" / "studybot.db"),
        "STUDYBOT_STATUS": str(tmp_path / "data" / "status.json"),
        "PYTHONPATH": str(REPO_ROOT),
    }


async def test_health_follows_a_running_bot(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    token = "health-token-do-not-log-123"
    env = _process_env(fake_discord, tmp_path, token)
    code, output = await _cli("health", env=env, cwd=tmp_path)
    assert code == 1 and "unhealthy" in output  # nothing running yet

    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        healthy = await _wait_healthy(bot, env, tmp_path, timeout=30)
        assert healthy.startswith("healthy")
        status = json.loads((tmp_path / "data" / "status.json").read_text())
        assert status["knowledge_loaded"] and status["database_writable"]
        assert fake_discord.commands, "the first start syncs the command tree"
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        log, _ = await asyncio.wait_for(bot.communicate(), timeout=20)
    assert bot.returncode == 0, log.decode()
    text = log.decode()
    assert token not in text
    assert "Traceback" not in text
    code, output = await _cli("health", env=env, cwd=tmp_path)
    assert code == 1 and "heartbeat" in output  # stopped cleanly: no longer healthy


async def test_rejected_token_is_one_line_and_exit_4(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    token = "rejected-token-value-42"
    fake_discord.rejected_tokens.add(token)
    code, output = await _cli("run", env=_process_env(fake_discord, tmp_path, token), cwd=tmp_path)
    assert code == 4
    errors = [line for line in output.splitlines() if line.startswith("studybot:")]
    assert errors == ["studybot: Discord rejected DISCORD_TOKEN (check the bot token)"]
    assert token not in output and "Traceback" not in output


async def test_sync_command_registers_the_tree_in_a_guild(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    env = _process_env(fake_discord, tmp_path, "sync-token")
    code, output = await _cli("sync", "--guild", fake_discord.guild_id, env=env, cwd=tmp_path)
    assert code == 0, output
    assert f"commands guild {fake_discord.guild_id}" in output
    names = {c["name"] for c in fake_discord.commands[fake_discord.guild_id]}
    assert {"ask", "define", "case", "compare", "sources", "topics", "kb"} <= names
    assert not (tmp_path / "data" / "status.json").exists()  # sync leaves health alone


def test_health_reports_each_problem(tmp_path: Path) -> None:
    status = tmp_path / "status.json"
    status.write_text(
        json.dumps(
            {"knowledge_loaded": True, "database_writable": False,
             "gateway_heartbeat_at": 1.0, "updated_at": 1.0}
        )
    )  # fmt: skip
    result = run_cli("health", "--status-file", str(status))
    assert result.returncode == 1
    assert "database not writable" in result.stdout and "heartbeat" in result.stdout


# -- database tools ---------------------------------------------------------------------


async def _database_with_one_question(path: Path) -> None:
    async with await Storage.open(path) as storage:
        await storage.log_question(
            guild_id=1, user_id=2, question="what is r2p", kind="concept",
            entries=["responsibility-to-protect"], confidence=0.9, latency_ms=1.0,
        )  # fmt: skip


async def test_backup_stats_and_restore(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    await _database_with_one_question(db)
    backup = tmp_path / "backups" / "copy.db"
    result = run_cli("db", "backup", str(backup), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(backup).execute("select count(*) from question_log").fetchone() == (1,)

    stats = run_cli("db", "stats", "--db", str(backup))
    assert stats.returncode == 0 and "questions: 1" in stats.stdout

    restored = tmp_path / "restored.db"
    result = run_cli("db", "restore", str(backup), "--db", str(restored))
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(restored).execute("select question from question_log").fetchone() == (
        "what is r2p",
    )


def test_restore_refuses_what_is_not_a_studybot_database(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database\n")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t(x)").connection.commit()
    target = tmp_path / "target.db"
    for candidate in (junk, other):
        result = run_cli("db", "restore", str(candidate), "--db", str(target))
        assert result.returncode == 1
        assert result.stderr.startswith("studybot: restore refused")
        assert_no_traceback(result)
    assert not target.exists()


# -- editor schemas ----------------------------------------------------------------------


def test_committed_schemas_match_the_models() -> None:
    result = run_cli("kb", "schema", "--check")
    assert result.returncode == 0, result.stdout


def test_schema_check_fails_on_a_changed_model(tmp_path: Path, monkeypatch) -> None:
    jsonschema.write_schemas(tmp_path)
    assert jsonschema.stale_schemas(tmp_path) == []

    class ChangedConcept(Concept):
        difficulty: int = 1

    monkeypatch.setitem(MODEL_BY_KIND, "concept", ChangedConcept)
    assert jsonschema.stale_schemas(tmp_path) == ["concept.json"]


def test_every_knowledge_file_points_at_its_schema() -> None:
    for path in (REPO_ROOT / "knowledge").glob("*/*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = KIND_BY_DIR[path.parent.name]  # "quizzes" holds quiz files
        assert first == jsonschema.schema_comment(kind), path


# -- check --strict ----------------------------------------------------------------------


def _strict_fails_plain_passes(root: Path, needle: str) -> None:
    plain = run_cli("check", str(root))
    strict = run_cli("check", "--strict", str(root))
    assert plain.returncode == 0, plain.stdout
    assert strict.returncode == 1, strict.stdout
    assert needle in strict.stdout


def test_strict_fails_on_an_uncited_source(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    (root / "sources" / "unused-1990.yaml").write_text(
        "id: unused-1990\nkind: source\ntitle: Unused\nsource_type: treaty\nyear: 1990\n"
        "summary: Nobody cites it.\n"
    )
    _strict_fails_plain_passes(root, "no entry cites this source")


def test_strict_fails_on_a_concept_without_a_case(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    concept = (root / "concepts" / "harbor-compact.yaml").read_text()
    concept = concept.replace("cases:\n  - glass-river-crisis-1961\n", "cases: []\n")
    case = (root / "cases" / "glass-river-crisis-1961.yaml").read_text()
    case = case.replace("  - harbor-compact\n", "", 1)
    (root / "concepts" / "harbor-compact.yaml").write_text(concept)
    (root / "cases" / "glass-river-crisis-1961.yaml").write_text(case)
    _strict_fails_plain_passes(root, "no case illustrates this concept")


def test_strict_fails_on_aliases_a_typo_apart(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    path = root / "concepts" / "harbor-compact.yaml"
    path.write_text(path.read_text().replace("  - harbour compact\n", "  - lanturn theory\n"))
    _strict_fails_plain_passes(root, "a typo may pick either")


# -- the docs only name commands that exist --------------------------------------------


def _documented_commands() -> set[tuple[str, ...]]:
    commands: set[tuple[str, ...]] = set()
    for doc in ("README.md", "docs/moderators.md", "docs/self-hosting.md"):
        text = (
            (REPO_ROOT / doc).read_text(encoding="utf-8").replace("studybot studybot", "studybot")
        )
        for match in re.finditer(r"studybot ((?:[a-z]+ ?){1,2})", text):
            words = tuple(match.group(1).split())
            if words[0] in {"db", "kb"}:
                commands.add(words[:2])
            else:
                commands.add(words[:1])
    return commands


def test_documented_commands_exist() -> None:
    known = {"ask", "check", "kb", "new", "run", "sync", "health", "db"}
    commands = {c for c in _documented_commands() if c[0] in known}
    assert ("db", "backup") in commands and ("new",) in commands
    for command in sorted(commands):
        result = run_cli(*command, "--help")
        assert result.returncode == 0, (command, result.stderr)


async def test_sigterm_during_the_reconnect_back_off_stops_at_once(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """Disconnected and asleep in discord.py's back-off, `run` still stops in under 2 s,
    cleanly, and marks the status file stopped (a container's grace period is short)."""
    env = _process_env(fake_discord, tmp_path, "backoff-token-77")
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await _wait_healthy(bot, env, tmp_path, timeout=30)
        connects = len(fake_discord.gateway_connects)
        await fake_discord.take_gateway_down()
        # Let the reconnects fail a few times: discord.py's back-off doubles each time.
        for _ in range(200):
            if fake_discord.gateway_refusals >= 3:
                break
            await asyncio.sleep(0.1)
        assert fake_discord.gateway_refusals >= 3
        assert len(fake_discord.gateway_connects) == connects, "the gateway stayed down"
        started = asyncio.get_running_loop().time()
        bot.send_signal(signal.SIGTERM)
        log, _ = await asyncio.wait_for(bot.communicate(), timeout=20)
        elapsed = asyncio.get_running_loop().time() - started
    finally:
        if bot.returncode is None:
            bot.kill()
    assert bot.returncode == 0, log.decode()
    assert elapsed < 2.0, f"took {elapsed:.1f} s to stop"
    status = json.loads((tmp_path / "data" / "status.json").read_text())
    assert status.get("stopped") is True


async def test_status_records_the_last_heartbeat_ack_and_a_lost_gateway(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """`gateway_heartbeat_at` is when Discord last acknowledged a heartbeat, not when the
    file was written; a dropped gateway is written at once and reads unhealthy."""
    env = _process_env(fake_discord, tmp_path, "ack-token-11")
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    status_file = tmp_path / "data" / "status.json"
    try:
        await _wait_healthy(bot, env, tmp_path, timeout=30)
        # The fake acknowledges each heartbeat as it arrives: its clock is the ACK's time.
        assert fake_discord.last_heartbeat is not None
        acked = time.time() - (time.monotonic() - fake_discord.last_heartbeat)
        status = json.loads(status_file.read_text())
        assert status["gateway_connected"] is True
        assert abs(status["gateway_heartbeat_at"] - acked) < 0.5
        await asyncio.sleep(1.5)  # so that a later write is told apart from the ACK
        await fake_discord.take_gateway_down()
        for _ in range(100):
            status = json.loads(status_file.read_text())
            if status["gateway_connected"] is False:
                break
            await asyncio.sleep(0.05)
        assert status["gateway_connected"] is False
        assert status["updated_at"] - status["gateway_heartbeat_at"] > 1.0
        assert abs(status["gateway_heartbeat_at"] - acked) < 0.5
        code, output = await _cli("health", env=env, cwd=tmp_path)
        assert code == 1 and "not connected to the Discord gateway" in output
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        log, _ = await asyncio.wait_for(bot.communicate(), timeout=20)
    assert bot.returncode == 0, log.decode()
