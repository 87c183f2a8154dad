"""End-to-end checks that a real discord.py bot runs against `FakeDiscord`."""

import asyncio
import io
from collections.abc import AsyncIterator

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from fake_discord import (
    EPHEMERAL,
    MANAGE_GUILD,
    CallbackType,
    FakeDiscord,
    Op,
    RecordedRequest,
)

pytestmark = pytest.mark.filterwarnings("error")

TOPICS = ["constructivism", "liberalism", "realism"]


class PingView(discord.ui.View):
    """One button that rewrites the message it sits on."""

    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Again", custom_id="ping:again")
    async def again(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await interaction.response.edit_message(embed=discord.Embed(title="Pong again"), view=None)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    """A one-field modal."""

    comment = discord.ui.TextInput(label="Comment", custom_id="feedback:comment")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Thanks: {self.comment.value}", ephemeral=True)


def build_bot() -> commands.Bot:
    """A minimal bot exercising responses, views, autocomplete, defer, checks and modals."""
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())

    @bot.tree.command(description="Answer with an embed and a button")
    async def ping(interaction: discord.Interaction, private: bool = False) -> None:
        embed = discord.Embed(title="Pong")
        await interaction.response.send_message(embed=embed, view=PingView(), ephemeral=private)

    @bot.tree.command(description="Look up a theory")
    async def topic(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @topic.autocomplete("name")
    async def topic_names(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS if current in t]

    @bot.tree.command(description="Think, then answer")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done")

    @bot.tree.command(description="Admins only")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reload(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("reloaded", ephemeral=True)

    @reload.error
    async def reload_error(interaction: discord.Interaction, error: Exception) -> None:
        await interaction.response.send_message(f"denied: {type(error).__name__}", ephemeral=True)

    @bot.tree.command(description="Open a modal")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @bot.tree.command(description="Upload a file")
    async def export(interaction: discord.Interaction) -> None:
        notes = discord.File(io.BytesIO(b"realism\n"), filename="notes.txt")
        await interaction.response.send_message("here", file=notes)

    kb = app_commands.Group(name="kb", description="Knowledge base")

    @kb.command(description="Ask a question")
    async def ask(interaction: discord.Interaction, question: str, limit: int = 3) -> None:
        await interaction.response.send_message(f"{question} ({limit})")

    bot.tree.add_command(kb)

    @bot.tree.context_menu(name="Quote")
    async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(f"> {message.content}")

    return bot


@pytest.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[commands.Bot]:
    """The test bot, connected to the fake and synced to its guild."""
    client = build_bot()
    async with fake_discord.running(client):
        guild = discord.Object(id=int(fake_discord.guild_id))
        client.tree.copy_global_to(guild=guild)
        await client.tree.sync(guild=guild)
        yield client


def command_completed(bot: commands.Bot, interaction_id: str) -> asyncio.Task:
    """Start waiting for discord.py to finish handling one app command."""
    return asyncio.create_task(
        bot.wait_for(
            "app_command_completion",
            check=lambda interaction, _: interaction.id == int(interaction_id),
            timeout=5,
        )
    )


async def callback_for(fake: FakeDiscord, payload: dict) -> RecordedRequest:
    """Inject an interaction and return the bot's initial response to it."""
    await fake.inject_interaction(payload)
    return await fake.wait_for_callback(payload["id"])


async def test_login_ready_and_heartbeat(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    assert bot.user is not None and str(bot.user.id) == fake_discord.app_id
    guild = bot.get_guild(int(fake_discord.guild_id))
    assert guild is not None and guild.get_channel(int(fake_discord.channel_id)) is not None
    assert fake_discord.identify_payload is not None
    assert fake_discord.identify_payload["token"] == "fake-token"
    assert fake_discord.identify_payload["intents"] == discord.Intents.default().value
    assert fake_discord.gateway_connects[0]["compress"] == "zlib-stream"
    await fake_discord.wait_for_gateway(lambda frame: frame["op"] == Op.HEARTBEAT)
    assert fake_discord.last_heartbeat is not None
    assert fake_discord.unknown_requests() == []


async def test_sync_registers_guild_commands(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    names = {command["name"] for command in fake_discord.commands[fake_discord.guild_id]}
    assert names == {"ping", "topic", "slow", "reload", "feedback", "export", "kb", "Quote"}
    fetched = await bot.tree.fetch_commands(guild=discord.Object(int(fake_discord.guild_id)))
    assert {c.name for c in fetched} == names


async def test_slash_command_then_button_edits_message(
    fake_discord: FakeDiscord, bot: commands.Bot
) -> None:
    payload = fake_discord.slash_command("ping", {"private": True})
    completed = command_completed(bot, payload["id"])
    callback = await callback_for(fake_discord, payload)
    await completed

    assert callback.json["type"] == CallbackType.CHANNEL_MESSAGE
    assert callback.json["data"]["embeds"][0]["title"] == "Pong"
    assert callback.json["data"]["flags"] & EPHEMERAL
    assert callback.query == {"with_response": "1"}

    message = fake_discord.original_message(payload)
    click = fake_discord.component("ping:again", message=message)
    update = await callback_for(fake_discord, click)

    assert update.json["type"] == CallbackType.UPDATE_MESSAGE
    assert update.json["data"]["embeds"][0]["title"] == "Pong again"
    assert fake_discord.original_message(click)["components"] == []


async def test_subcommand_options_are_typed_from_synced_schema(
    fake_discord: FakeDiscord, bot: commands.Bot
) -> None:
    payload = fake_discord.slash_command("kb ask", {"question": "What is realism?", "limit": 5})
    [sub] = payload["data"]["options"]
    assert (sub["name"], sub["type"]) == ("ask", 1)
    assert [o["type"] for o in sub["options"]] == [3, 4]

    callback = await callback_for(fake_discord, payload)
    assert callback.json["data"]["content"] == "What is realism? (5)"


async def test_autocomplete_returns_choices(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    payload = fake_discord.autocomplete("topic", {"name": "al"}, focused="name")
    callback = await callback_for(fake_discord, payload)

    assert callback.json["type"] == CallbackType.AUTOCOMPLETE_RESULT
    assert [c["value"] for c in callback.json["data"]["choices"]] == ["liberalism", "realism"]


async def test_defer_then_followup_replaces_thinking_message(
    fake_discord: FakeDiscord, bot: commands.Bot
) -> None:
    payload = fake_discord.slash_command("slow")
    completed = command_completed(bot, payload["id"])
    callback = await callback_for(fake_discord, payload)
    await completed

    assert callback.json["type"] == CallbackType.DEFERRED_CHANNEL_MESSAGE
    followup = await fake_discord.wait_for_request(lambda r: r.route == "create_followup")
    assert followup.json["content"] == "done"
    assert fake_discord.original_message(payload)["content"] == "done"


@pytest.mark.parametrize(
    ("permissions", "expected"),
    [(0, "denied: MissingPermissions"), (MANAGE_GUILD, "reloaded")],
)
async def test_member_permissions_reach_checks(
    fake_discord: FakeDiscord, bot: commands.Bot, permissions: int, expected: str
) -> None:
    payload = fake_discord.slash_command("reload", member_permissions=permissions)
    callback = await callback_for(fake_discord, payload)
    assert callback.json["data"]["content"] == expected


async def test_modal_round_trip(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    opened = await callback_for(fake_discord, fake_discord.slash_command("feedback"))
    assert opened.json["type"] == CallbackType.MODAL
    modal_id = opened.json["data"]["custom_id"]

    submit = fake_discord.modal_submit(modal_id, {"feedback:comment": "great"})
    callback = await callback_for(fake_discord, submit)
    assert callback.json["data"]["content"] == "Thanks: great"


async def test_file_upload_is_multipart(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    payload = fake_discord.slash_command("export")
    completed = command_completed(bot, payload["id"])
    callback = await callback_for(fake_discord, payload)
    await completed

    assert callback.files == ("notes.txt",)
    assert callback.json["data"]["content"] == "here"
    [attachment] = fake_discord.original_message(payload)["attachments"]
    assert attachment["filename"] == "notes.txt"


async def test_roles_reach_the_guild_and_member(fake_discord: FakeDiscord) -> None:
    role_id = fake_discord.add_role("Moderator", MANAGE_GUILD)
    client = build_bot()
    async with fake_discord.running(client):
        role = client.get_guild(int(fake_discord.guild_id)).get_role(int(role_id))
        assert role is not None and role.permissions.manage_guild

        seen = asyncio.create_task(client.wait_for("interaction", timeout=5))
        await fake_discord.inject_interaction(
            fake_discord.slash_command("topic", {"name": "x"}, roles=[role_id])
        )
        interaction = await seen
        assert interaction.user.get_role(int(role_id)) == role


async def test_message_context_menu(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    target = fake_discord.user_message("anarchy is what states make of it")
    callback = await callback_for(fake_discord, fake_discord.message_context_menu("Quote", target))
    assert callback.json["data"]["content"] == "> anarchy is what states make of it"


async def test_dm_interaction(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    callback = await callback_for(
        fake_discord, fake_discord.slash_command("topic", {"name": "x"}, in_dm=True)
    )
    assert callback.json["data"]["content"] == "x"


async def test_double_acknowledgement_is_rejected(
    fake_discord: FakeDiscord, bot: commands.Bot
) -> None:
    payload = await fake_discord.inject_interaction(
        fake_discord.slash_command("topic", {"name": "x"})
    )
    await fake_discord.wait_for_callback(payload["id"])
    with pytest.raises(discord.HTTPException) as excinfo:
        await bot.http.request(
            discord.http.Route(
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                interaction_id=payload["id"],
                token=payload["token"],
            ),
            json={"type": 4, "data": {"content": "again"}},
        )
    assert excinfo.value.code == 40060


async def test_reconnect_resumes_session(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    resumed = asyncio.create_task(bot.wait_for("resumed", timeout=5))
    await fake_discord.request_reconnect()
    resume = await fake_discord.wait_for_gateway(lambda frame: frame["op"] == Op.RESUME)
    await resumed

    assert resume["d"]["token"] == "fake-token"
    payload = fake_discord.slash_command("topic", {"name": "after resume"})
    callback = await callback_for(fake_discord, payload)
    assert callback.json["data"]["content"] == "after resume"


async def test_unknown_route_is_recorded(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/guilds/{guild_id}/bans", guild_id=1))
    [unknown] = fake_discord.unknown_requests()
    assert unknown.api_path == "/guilds/1/bans"


async def test_urls_restored_after_stop() -> None:
    before = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    async with FakeDiscord() as fake:
        assert fake.api_base == discord.http.Route.BASE
    after = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    assert after == before
