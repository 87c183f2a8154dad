"""/kb end to end: who may use it (Manage Server or the configured role, checked in code),
status, reload (validate first, keep serving), unanswered questions and feedback.
One bot for the whole module, on a private copy of the real knowledge base."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from bot_helpers import BotEnv, bot_env, fetch_rows
from fake_discord import EPHEMERAL, MANAGE_GUILD, CallbackType

from bot.discord_ui.limits import COLOURS
from bot.storage import Storage

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.filterwarnings("error")]

REFUSAL = "This command is for moderators (Manage Server or the moderator role)."
ADMIN = {"member_permissions": MANAGE_GUILD}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotEnv]:
    async with bot_env(tmp_path_factory.mktemp("moderation"), roles=["Tutors"]) as started:
        yield started


async def reload(env: BotEnv) -> str:
    """Run /kb reload as an admin; return the followup text."""
    reply = await env.driver.command("kb reload", user=env.user("admin"), **ADMIN)
    assert reply.type == CallbackType.DEFERRED_CHANNEL_MESSAGE
    assert reply.ephemeral
    followup = await env.driver.followup(reply)
    assert followup.json["flags"] & EPHEMERAL
    return followup.json["content"]


# -- who may use /kb ---------------------------------------------------------------------------


async def test_status_refused_without_manage_server(env: BotEnv) -> None:
    reply = await env.driver.command("kb status", completes=False, user=env.user("student"))
    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.ephemeral
    assert reply.content == REFUSAL
    assert not reply.embeds


async def test_status_with_manage_server(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    reply = await env.driver.command("kb status", user=env.user("admin"), **ADMIN)
    assert reply.ephemeral
    assert reply.embed["title"] == "Knowledge base status"
    # In words, with a colour bar: "Serving 34 concepts, ..., loaded <t:..:R>."
    description = reply.embed["description"]
    assert description.startswith(f"Serving {kb.counts_text()}, loaded <t:")
    assert "Storage is working." in description
    assert "concept:" not in description
    assert reply.embed["footer"]["text"] == f"knowledge version {kb.version}"
    assert reply.embed["color"] == COLOURS["moderation"]


async def test_moderator_role_grants_access(env: BotEnv) -> None:
    role_id = env.roles["Tutors"]
    tutor = env.user("tutor")
    before = await env.driver.command("kb status", completes=False, user=tutor, roles=[role_id])
    assert before.content == REFUSAL, "the role means nothing until it is configured"

    payload = env.fake.slash_command(
        "kb settings", {"moderator_role": role_id}, user=env.user("admin"), **ADMIN
    )
    [role] = [r for r in env.fake.guild["roles"] if r["id"] == role_id]
    payload["data"]["resolved"] = {"roles": {role_id: role}}
    settings = await env.driver.send(payload, completes=True)
    assert settings.ephemeral
    assert settings.content.startswith(f"Moderator role: <@&{role_id}>.")
    assert settings.data["allowed_mentions"]["parse"] == []
    rows = fetch_rows(
        env.database,
        "SELECT moderator_role_id FROM guild_settings WHERE guild_id = ?",
        [int(env.fake.guild_id)],
    )
    assert rows == [(int(role_id),)]

    after = await env.driver.command("kb status", user=tutor, roles=[role_id])
    assert after.embed["title"] == "Knowledge base status"
    stranger = await env.driver.command("kb status", completes=False, user=env.user("other"))
    assert stranger.content == REFUSAL


async def test_settings_retention(env: BotEnv) -> None:
    reply = await env.driver.command(
        "kb settings", {"retention_days": 30}, user=env.user("admin"), **ADMIN
    )
    assert reply.ephemeral
    assert reply.content.endswith("Question log kept for 30 days.")
    rows = fetch_rows(
        env.database,
        "SELECT retention_days FROM guild_settings WHERE guild_id = ?",
        [int(env.fake.guild_id)],
    )
    assert rows == [(30,)]


async def test_kb_in_direct_messages_is_refused(env: BotEnv) -> None:
    reply = await env.driver.command("kb status", completes=False, in_dm=True, user=env.user("dm"))
    assert reply.ephemeral
    assert reply.content == "Moderator tools work inside a server."


async def test_moderator_check_with_broken_database_still_answers(
    env: BotEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = await Storage.open(tmp_path / "closed.db")
    await closed.close()
    monkeypatch.setattr(env.bot, "storage", closed)
    payload = env.fake.slash_command("kb status", user=env.user("tutor2"))

    escaped = await env.driver.invoke_to_end(payload)

    answered = [c for c in env.fake.callbacks() if c.params["interaction_id"] == payload["id"]]
    assert escaped is None, f"{type(escaped).__name__} escaped the command tree: {escaped}"
    assert answered, "the member got no reply"
    [callback] = answered
    assert callback.json["data"]["content"] == REFUSAL
    assert callback.json["data"]["flags"] & EPHEMERAL


# -- reload ---------------------------------------------------------------------------------------


async def test_reload_refuses_broken_knowledge_and_keeps_serving(env: BotEnv) -> None:
    path = env.settings.knowledge / "concepts" / "deterrence.yaml"
    original = path.read_text(encoding="utf-8")
    old_version = env.bot.engine.kb.version
    try:
        path.write_text("id: deterrence\nkind: concept\ntitle: [unclosed\n", encoding="utf-8")
        text = await reload(env)
        assert text.startswith("Reload refused:")
        assert f"Still serving version `{old_version}`" in text
        assert re.search(r"concepts/deterrence\.yaml:\d+: ", text), text
        assert env.bot.engine.kb.version == old_version

        still = await env.driver.command("define", {"term": "deterrence"}, user=env.user("s"))
        assert still.embed["title"] == "Deterrence", "the old knowledge keeps answering"

        path.write_text(
            original.replace("title: Deterrence", "title: Deterrence (revised)"), encoding="utf-8"
        )
        text = await reload(env)
        new_version = env.bot.engine.kb.version
        concepts = len(env.bot.engine.kb.by_kind("concept"))
        assert text.startswith(f"Reloaded version `{new_version}`: {concepts} concepts, ")
        assert new_version != old_version
        revised = await env.driver.command("define", {"term": "deterrence"}, user=env.user("t"))
        assert revised.embed["title"] == "Deterrence (revised)"
    finally:
        path.write_text(original, encoding="utf-8")
    text = await reload(env)
    assert text.startswith(f"Reloaded version `{old_version}`")


async def test_reload_refused_for_students(env: BotEnv) -> None:
    reply = await env.driver.command("kb reload", completes=False, user=env.user("student"))
    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.content == REFUSAL


# -- reports -------------------------------------------------------------------------------------


async def test_unanswered_lists_a_declined_question(env: BotEnv) -> None:
    question = "What is a quantum firewall @everyone?"
    declined = await env.driver.command("ask", {"question": question}, user=env.user("curious"))
    assert declined.ephemeral

    again = "what is a quantum firewall @everyone"  # a near-duplicate, other casing
    await env.driver.command("ask", {"question": again}, user=env.user("curious2"))

    reply = await env.driver.command("kb unanswered", user=env.user("admin"), **ADMIN)
    assert reply.ephemeral
    assert reply.embed["title"] == "Unanswered questions, last 30 days"
    [declined] = [f for f in reply.embed["fields"] if f["name"] == "Declined (no answer)"]
    # Grouped, counted, in the student's latest wording (casing kept, never a ping).
    assert "2× what is a quantum firewall @everyone" in declined["value"].splitlines()
    assert reply.data["allowed_mentions"]["parse"] == []
    assert reply.embed["color"] == COLOURS["moderation"]


async def test_feedback_report_shows_a_not_helpful_vote(env: BotEnv) -> None:
    student = env.user("critic")
    answer = await env.driver.command("case", {"name": "suez-1956"}, user=student)
    title = answer.embed["title"]
    [not_helpful] = [i for i in answer.custom_ids if i.startswith("fb:") and i.endswith(":0")]
    vote = await env.driver.click(not_helpful, answer.message, user=student)
    assert (await env.driver.followup(vote)).json["content"].startswith("Thanks")

    reply = await env.driver.command("kb feedback", user=env.user("admin"), **ADMIN)
    assert reply.ephemeral
    assert reply.embed["title"] == "Feedback by entry"
    assert f"👎 1 · 👍 0 · {title}" in reply.embed["description"].splitlines()


@pytest.mark.parametrize(
    ("command", "options"),
    [("kb unanswered", {}), ("kb feedback", {}), ("kb settings", {"retention_days": 10})],
)
async def test_reports_without_storage(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch, command: str, options: dict
) -> None:
    monkeypatch.setattr(env.bot, "storage", None)
    reply = await env.driver.command(command, options, user=env.user("admin"), **ADMIN)
    assert reply.ephemeral
    assert reply.content == "Storage is unavailable right now."


async def test_status_without_storage(env: BotEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(env.bot, "storage", None)
    reply = await env.driver.command("kb status", user=env.user("admin"), **ADMIN)
    assert "Storage is unavailable: answers are not logged." in reply.embed["description"]


async def test_settings_on_a_database_that_refuses_writes(
    env: BotEnv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A full disk or a read-only volume: a plain answer, one log line, no traceback."""
    storage = await Storage.open(tmp_path / "refusing.db")
    await storage._db.execute("PRAGMA query_only = ON")  # type: ignore[union-attr]
    monkeypatch.setattr(env.bot, "storage", storage)
    try:
        with caplog.at_level(logging.WARNING):
            reply = await env.driver.command(
                "kb settings", {"retention_days": 10}, user=env.user("admin"), **ADMIN
            )
    finally:
        await storage.close()
    assert reply.ephemeral
    assert reply.content.startswith("The database could not be read or written right now")
    assert not [r for r in caplog.records if r.exc_info]
