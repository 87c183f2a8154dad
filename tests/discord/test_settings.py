"""Settings from the environment: the token from DISCORD_TOKEN or from the file that
DISCORD_TOKEN_FILE names (a Docker secret), never printed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_discord import FakeDiscord

from bot.settings import Settings, SettingsError
from tests.helpers import REPO_ROOT

TOKEN = "file-token-abc.def.ghi-never-printed"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No DISCORD_* or STUDYBOT_* from the outside; returns a folder without a .env."""
    for key in list(os.environ):
        if key.startswith(("DISCORD_", "STUDYBOT_")):
            monkeypatch.delenv(key)
    return tmp_path


def _secret(folder: Path, text: str) -> Path:
    path = folder / "discord_token"
    path.write_text(text, encoding="utf-8")
    return path


def test_token_from_a_file(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(_secret(clean_env, TOKEN + "\n")))
    settings = Settings.from_env(clean_env / ".env")
    assert settings.token.reveal() == TOKEN  # the trailing newline of `echo` is dropped
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)


def test_token_file_named_in_the_env_file(clean_env: Path) -> None:
    env_file = clean_env / ".env"
    env_file.write_text(f"DISCORD_TOKEN_FILE={_secret(clean_env, TOKEN)}\n")
    assert Settings.from_env(env_file).token.reveal() == TOKEN


def test_both_token_and_file_is_an_error(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(_secret(clean_env, TOKEN)))
    monkeypatch.setenv("DISCORD_TOKEN", "another-token")
    with pytest.raises(SettingsError, match="not both"):
        Settings.from_env(clean_env / ".env")


@pytest.mark.parametrize("content", [None, "", "  \n"])
def test_missing_or_empty_file_is_an_error_naming_the_file(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    path = clean_env / "discord_token"
    if content is not None:
        path.write_text(content)
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(path))
    with pytest.raises(SettingsError, match="DISCORD_TOKEN_FILE=") as caught:
        Settings.from_env(clean_env / ".env")
    assert str(path) in str(caught.value)


def test_a_file_that_is_not_text_never_shows_its_bytes(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = clean_env / "discord_token"
    path.write_bytes(b"\xff\xfe" + TOKEN.encode())
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(path))
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(clean_env / ".env")
    assert TOKEN not in str(caught.value) and "not text" in str(caught.value)


def _studybot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_run_sends_the_file_token_to_discord(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """The real `studybot run` logs in with the token from the file: the fake Discord
    rejects exactly that token, so the exit code 4 proves it was the one sent."""
    fake_discord.rejected_tokens.add(TOKEN)
    result = await _run_in_thread(
        "run",
        cwd=tmp_path,
        DISCORD_TOKEN_FILE=str(_secret(tmp_path, TOKEN + "\n")),
        STUDYBOT_DISCORD_API=fake_discord.base_url,
        STUDYBOT_KNOWLEDGE=str(REPO_ROOT / "knowledge"),
        STUDYBOT_DB=str(tmp_path / "data" / "studybot.db"),
    )
    assert result.returncode == 4, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


async def _run_in_thread(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`_studybot` off the event loop, which serves the fake Discord meanwhile."""
    return await asyncio.to_thread(_studybot, *args, cwd=cwd, **env)


def test_run_with_an_unreadable_token_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "secrets" / "discord_token"
    result = _studybot("run", cwd=tmp_path, DISCORD_TOKEN_FILE=str(missing))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"studybot: DISCORD_TOKEN_FILE={missing}: cannot read it (No such file or directory)"
    ]


def test_health_with_an_unreadable_token_file_is_unhealthy_not_2(tmp_path: Path) -> None:
    """Docker reserves a HEALTHCHECK's exit code 2; a broken setting is plain unhealthy."""
    result = _studybot("health", cwd=tmp_path, DISCORD_TOKEN_FILE=str(tmp_path / "nope"))
    assert result.returncode == 1
    assert result.stdout.startswith("unhealthy: DISCORD_TOKEN_FILE=")
