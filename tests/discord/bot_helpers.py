"""Shared builders for the Discord end-to-end tests: settings, a running StudyBot on
`FakeDiscord`, a small driver that sends interactions and returns the bot's reply,
and checks of Discord's embed limits.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from fake_discord import EPHEMERAL, CallbackType, FakeDiscord, RecordedRequest, make_user

from bot.client import StudyBot
from bot.discord_ui.embeds import BLANK_NAME
from bot.engine import Engine
from bot.settings import Secret, Settings
from bot.storage import Storage

REPO_ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO_ROOT / "knowledge"
CS_VS_CD = "what is the difference between collective security and collective defense?"
CS_VS_CD_TITLE = "Collective security vs collective defense"
NO_COOLDOWN = 10_000
ERROR_REPLY = "Sorry, something went wrong on my side."

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000


def make_settings(
    tmp_path: Path,
    *,
    knowledge: Path = KNOWLEDGE,
    token: str = "fake-token",
    dev_guild: int | str | None = None,
    cooldown_rate: int = NO_COOLDOWN,
    cooldown_seconds: float = 30.0,
    log_level: str = "INFO",
) -> Settings:
    """Settings for a test bot: database and status file under ``tmp_path``."""
    return Settings(
        token=Secret(token),
        knowledge=knowledge,
        database=tmp_path / "studybot.db",
        status_file=tmp_path / "status.json",
        log_level=log_level,
        dev_guild=int(dev_guild) if dev_guild is not None else None,
        cooldown_rate=cooldown_rate,
        cooldown_seconds=cooldown_seconds,
    )


def copy_knowledge(dest: Path) -> Path:
    """A private copy of the real knowledge tree (for reload tests); returns its root."""
    return Path(shutil.copytree(KNOWLEDGE, dest))


@asynccontextmanager
async def running_bot(
    fake: FakeDiscord,
    settings: Settings,
    *,
    engine: Engine | None = None,
    storage: Storage | None = None,
    sync_commands: bool = True,
    wait_for_sync: bool = True,
) -> AsyncIterator[StudyBot]:
    """A real StudyBot logged in to ``fake`` (tree synced to the fake's guild at setup).

    Opens the settings' database unless ``storage`` is given; closes what it opened.
    """
    own_storage = storage is None
    if storage is None:
        storage = await Storage.open(settings.database)
    bot = StudyBot(
        settings,
        engine or Engine.load(settings.knowledge),
        storage,
        sync_commands=sync_commands,
        watch=False,
    )
    try:
        async with fake.running(bot, token=settings.token.reveal()):
            if wait_for_sync:
                await asyncio.wait_for(bot.sync_done.wait(), 10)
            yield bot
    finally:
        if own_storage:
            await storage.close()


# Questions the engine declines while suggesting entries; the first that still does is used
# (the matcher evolves, so no single phrase is guaranteed to stay a near miss).
NEAR_MISSES = (
    "what is realism",
    "alliance firewall",
    "zzz alliance",
    "qqq bilateral",
    "qqq america",
    "baskets xq",
    "qqq brahimi",
)


def question_with_suggestions(engine: Engine, candidates: Sequence[str] = NEAR_MISSES) -> str:
    """A question the engine declines with did-you-mean suggestions."""
    for question in candidates:
        answer = engine.ask(question)
        if answer.kind == "none" and answer.suggestions:
            return question
    raise AssertionError(f"none of {candidates} is declined with suggestions any more")


def count_rows(database: Path, sql: str, params: Sequence[Any] = ()) -> int:
    """Run a ``SELECT count(*) ...`` on the database file through a separate connection."""
    with sqlite3.connect(database) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def fetch_rows(database: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """Rows of a query, through a separate sqlite3 connection."""
    with sqlite3.connect(database) as conn:
        return list(conn.execute(sql, params).fetchall())


# -- interactions -----------------------------------------------------------------------


def split_references(embed: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """An embed's field values: (text, references), continuations read with their field."""
    own, references, current = [], [], ""
    for field in embed.get("fields", []):
        if field["name"] != BLANK_NAME:
            current = field["name"]
        (references if current == "References" else own).append(field["value"])
    return own, references


def walk_components(components: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """Every component, action rows flattened."""
    for component in components:
        yield component
        yield from walk_components(component.get("components", []))


@dataclass(frozen=True)
class Reply:
    """An interaction the test sent and the bot's initial response (the callback)."""

    fake: FakeDiscord
    payload: dict[str, Any]
    callback: RecordedRequest

    @property
    def type(self) -> int:
        return self.callback.json["type"]

    @property
    def data(self) -> dict[str, Any]:
        return self.callback.json.get("data") or {}

    @property
    def ephemeral(self) -> bool:
        return bool(self.data.get("flags", 0) & EPHEMERAL)

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def embed(self) -> dict[str, Any]:
        [embed] = self.embeds
        return embed

    @property
    def components(self) -> list[Mapping[str, Any]]:
        return [c for c in walk_components(self.data.get("components") or []) if c["type"] != 1]

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in self.components if "custom_id" in c]

    def component(self, *, label: str | None = None, type: int | None = None) -> Mapping:
        """The one component with this label and/or component type."""
        found = [
            c
            for c in self.components
            if (label is None or c.get("label") == label) and (type is None or c["type"] == type)
        ]
        assert len(found) == 1, f"{len(found)} components match {label=} {type=}: {found}"
        return found[0]

    @property
    def message(self) -> dict[str, Any]:
        """The message this interaction's response created or updated (as the fake holds it)."""
        return self.fake.original_message(self.payload)

    @property
    def choices(self) -> list[dict[str, Any]]:
        assert self.type == CallbackType.AUTOCOMPLETE_RESULT, self.callback.json
        return self.data["choices"]


class Driver:
    """Sends interactions to a running bot and returns its replies.

    For application commands it also waits for discord.py's ``app_command_completion``
    (the response has been read and any view registered), unless ``completes=False``
    (commands that end in an error never complete).
    """

    def __init__(self, fake: FakeDiscord, bot: StudyBot) -> None:
        self.fake = fake
        self.bot = bot

    def _completion(self, interaction_id: str) -> asyncio.Task:
        return asyncio.create_task(
            self.bot.wait_for(
                "app_command_completion",
                check=lambda interaction, _: interaction.id == int(interaction_id),
                timeout=5,
            )
        )

    async def send(self, payload: dict[str, Any], *, completes: bool = False) -> Reply:
        """Inject ``payload``; return the bot's callback (after completion when asked)."""
        done = self._completion(payload["id"]) if completes else None
        try:
            await self.fake.inject_interaction(payload)
            callback = await self.fake.wait_for_callback(payload["id"])
            reply = Reply(self.fake, payload, callback)
            if done is not None:
                # Fail fast (instead of a 5 s timeout) when the command ended in tree.on_error.
                assert not reply.content.startswith(ERROR_REPLY), f"command failed: {reply.data}"
                await done
        finally:
            if done is not None and not done.done():
                done.cancel()
        return reply

    async def invoke_to_end(self, payload: dict[str, Any]) -> BaseException | None:
        """Inject an application command and wait until the command tree is done with it.

        Returns the exception that escaped the tree (None when it handled everything):
        for paths where the bot may never answer at all. Wraps ``tree._call`` meanwhile.
        """
        tree = self.bot.tree
        wanted = int(payload["id"])
        outcome: asyncio.Future[BaseException | None] = asyncio.get_running_loop().create_future()
        original = tree._call

        async def recording(interaction: discord.Interaction) -> None:
            try:
                await original(interaction)
            except BaseException as exc:
                if interaction.id == wanted and not outcome.done():
                    outcome.set_result(exc)
                raise
            if interaction.id == wanted and not outcome.done():
                outcome.set_result(None)

        tree._call = recording  # type: ignore[method-assign]
        try:
            await self.fake.inject_interaction(payload)
            return await asyncio.wait_for(outcome, 5)
        finally:
            del tree._call

    async def command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        completes: bool = True,
        **invocation: Any,
    ) -> Reply:
        """Run a slash command (``"kb status"`` for subcommands)."""
        payload = self.fake.slash_command(name, options, **invocation)
        return await self.send(payload, completes=completes)

    async def menu(
        self, name: str, target: dict[str, Any], *, completes: bool = True, **invocation: Any
    ) -> Reply:
        """Use a message context menu on ``target``."""
        payload = self.fake.message_context_menu(name, target, **invocation)
        return await self.send(payload, completes=completes)

    async def autocomplete(
        self, name: str, options: Mapping[str, Any], focused: str, **invocation: Any
    ) -> Reply:
        """Ask for autocomplete choices of option ``focused``."""
        return await self.send(self.fake.autocomplete(name, options, focused, **invocation))

    async def click(
        self,
        custom_id: str,
        message: dict[str, Any],
        *,
        values: Sequence[str] | None = None,
        **invocation: Any,
    ) -> Reply:
        """Click a button (or pick ``values`` in a select) on ``message``."""
        payload = self.fake.component(custom_id, message=message, values=values, **invocation)
        return await self.send(payload)

    async def walk_pages(self, first: Reply, **invocation: Any) -> list[Reply]:
        """``first`` and the replies to clicking Next until it is disabled (or absent)."""
        replies = [first]
        for _ in range(50):
            buttons = [c for c in replies[-1].components if c.get("label") == "Next"]
            if not buttons or buttons[0].get("disabled"):
                return replies
            click = await self.click(buttons[0]["custom_id"], replies[-1].message, **invocation)
            assert click.type == CallbackType.UPDATE_MESSAGE, click.data
            replies.append(click)
        raise AssertionError("more than 50 pages")

    async def followup(self, reply: Reply) -> RecordedRequest:
        """The first followup message sent for ``reply``'s interaction."""
        token = reply.payload["token"]
        return await self.fake.wait_for_request(
            lambda r: r.route == "create_followup" and r.params.get("token") == token
        )


def new_user(fake: FakeDiscord, name: str) -> dict[str, Any]:
    """A fresh Discord user (its own cooldown bucket and vote identity)."""
    return make_user(fake.snowflake(), name)


# -- embed limits -------------------------------------------------------------------------


def embed_dict(embed: discord.Embed | Mapping[str, Any]) -> Mapping[str, Any]:
    """An embed as the JSON Discord receives."""
    return embed.to_dict() if isinstance(embed, discord.Embed) else embed


def embed_total(embed: discord.Embed | Mapping[str, Any]) -> int:
    """Characters Discord counts towards the 6000 limit of one embed."""
    data = embed_dict(embed)
    total = len(data.get("title") or "") + len(data.get("description") or "")
    total += len((data.get("footer") or {}).get("text") or "")
    total += len((data.get("author") or {}).get("name") or "")
    for field in data.get("fields") or []:
        total += len(field["name"]) + len(field["value"])
    return total


def limit_violations(embed: discord.Embed | Mapping[str, Any]) -> list[str]:
    """Every Discord embed limit ``embed`` breaks (empty when it is valid)."""
    data = embed_dict(embed)
    problems = []
    if len(data.get("title") or "") > TITLE_LIMIT:
        problems.append(f"title {len(data['title'])} > {TITLE_LIMIT}")
    if len(data.get("description") or "") > DESCRIPTION_LIMIT:
        problems.append(f"description {len(data['description'])} > {DESCRIPTION_LIMIT}")
    fields = data.get("fields") or []
    if len(fields) > FIELD_COUNT_LIMIT:
        problems.append(f"{len(fields)} fields > {FIELD_COUNT_LIMIT}")
    for field in fields:
        if not field["name"].strip() or not field["value"].strip():
            problems.append(f"empty field name or value: {field!r}")
        if len(field["name"]) > FIELD_NAME_LIMIT:
            problems.append(f"field name {len(field['name'])} > {FIELD_NAME_LIMIT}")
        if len(field["value"]) > FIELD_VALUE_LIMIT:
            problems.append(f"field {field['name']!r} value {len(field['value'])} > 1024")
    if len((data.get("footer") or {}).get("text") or "") > FOOTER_LIMIT:
        problems.append("footer too long")
    if embed_total(data) > EMBED_TOTAL_LIMIT:
        problems.append(f"total {embed_total(data)} > {EMBED_TOTAL_LIMIT}")
    return problems


def assert_within_limits(embeds: Iterable[discord.Embed | Mapping[str, Any]], what: str) -> None:
    """Fail with every broken limit of every page."""
    problems = [
        f"{what} page {number}: {problem}"
        for number, embed in enumerate(embeds, start=1)
        for problem in limit_violations(embed)
    ]
    assert not problems, "\n".join(problems)


# -- one bot per test module ----------------------------------------------------------------


@dataclass(frozen=True)
class BotEnv:
    """A fake Discord with one running StudyBot, its driver and settings."""

    fake: FakeDiscord
    bot: StudyBot
    driver: Driver
    settings: Settings
    roles: dict[str, str]

    @property
    def database(self) -> Path:
        return self.settings.database

    def user(self, name: str) -> dict[str, Any]:
        """A fresh user, so that cooldowns and votes never leak between tests."""
        return new_user(self.fake, name)


@asynccontextmanager
async def bot_env(tmp_path: Path, *, roles: Sequence[str] = ()) -> AsyncIterator[BotEnv]:
    """Start a fake Discord and a StudyBot on a private copy of the real knowledge.

    ``roles`` are created in the fake guild before the bot connects (name -> id in
    ``env.roles``). Fails at exit when the fake server itself crashed.
    """
    knowledge = copy_knowledge(tmp_path / "knowledge")
    async with FakeDiscord() as fake:
        role_ids = {name: fake.add_role(name) for name in roles}
        settings = make_settings(tmp_path, knowledge=knowledge, dev_guild=fake.guild_id)
        async with running_bot(fake, settings) as bot:
            yield BotEnv(fake, bot, Driver(fake, bot), settings, role_ids)
    assert not fake.errors, f"the fake Discord server itself crashed: {fake.errors!r}"


def forge_button(message: dict, label: str, old: str, new: str) -> str:
    """Rewrite the custom id of ``message``'s button ``label`` (``old`` -> ``new``), as a
    tampered or stale client would send it; returns the new id."""
    forged = ""
    for row in message["components"]:
        for component in row["components"]:
            if component.get("label") == label:
                forged = component["custom_id"].replace(old, new)
                component["custom_id"] = forged
    return forged
