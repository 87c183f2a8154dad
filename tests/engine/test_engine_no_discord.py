"""The engine and the offline CLI must work on a machine without discord.py.

Each test runs a fresh interpreter whose import system refuses ``discord`` (a meta-path
finder that raises ImportError), so a stray top-level ``import discord`` anywhere in the
import chain makes the test fail.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import REPO_ROOT

BLOCK_DISCORD = textwrap.dedent(
    """
    import sys

    class BlockDiscord:
        def find_spec(self, name, path=None, target=None):
            if name == "discord" or name.startswith("discord."):
                raise ImportError(f"discord is not installed here ({name})")
            return None

    sys.meta_path.insert(0, BlockDiscord())
    for loaded in [m for m in sys.modules if m == "discord" or m.startswith("discord.")]:
        del sys.modules[loaded]
    try:
        import discord  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the blocker did not block discord")
    """
)


def run_without_discord(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter (cwd = repo root) where discord cannot import."""
    return subprocess.run(
        [sys.executable, "-c", BLOCK_DISCORD + textwrap.dedent(code)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_blocker_really_blocks() -> None:
    result = run_without_discord("import discord")
    assert result.returncode != 0
    assert "discord is not installed here" in result.stderr


def test_engine_answers_without_discord() -> None:
    result = run_without_discord(
        """
        import bot.engine
        import bot.answer.compose
        import bot.answer.render_text
        import bot.matching.matcher
        import bot.knowledge.loader

        engine = bot.engine.Engine.load("knowledge")
        answer = engine.ask("explain collective security to me")
        assert answer.entries == ("collective-security",), answer.entries
        assert answer.citations, "no citations"
        markdown = bot.answer.render_text.render_markdown(answer)
        assert markdown.startswith("## "), markdown[:40]
        leaked = sorted(m for m in sys.modules if m.split(".")[0] == "discord")
        assert not leaked, leaked
        print("answered", answer.kind, len(answer.citations))
        """
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("answered concept ")


def test_cli_ask_and_check_work_without_discord() -> None:
    result = run_without_discord(
        """
        import bot.cli

        code = bot.cli.main(["ask", "--json", "what is collective defence"])
        assert code == 0, code
        code = bot.cli.main(["check", "knowledge"])
        assert code == 0, code
        """
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert '"collective-defense"' in result.stdout
    assert result.stdout.splitlines()[-1].startswith("ok: ")
