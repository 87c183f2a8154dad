"""An in-process fake Discord (REST API + gateway) for end-to-end bot tests.

`FakeDiscord` serves a small but faithful subset of the Discord v10 REST API and
the JSON gateway on ``127.0.0.1`` with an ephemeral port, so a *real*
``discord.py`` client can log in, sync application commands and answer
interactions without internet access::

    async with FakeDiscord() as fake, fake.running(bot):
        await bot.tree.sync(guild=discord.Object(int(fake.guild_id)))
        payload = await fake.inject_interaction(fake.slash_command("ping"))
        callback = await fake.wait_for_callback(payload["id"])
        assert callback.json["type"] == CallbackType.CHANNEL_MESSAGE

While started it points discord.py at itself by patching ``Route.BASE`` (REST),
``DiscordWebSocket.DEFAULT_GATEWAY`` (discord.py 2.x never asks ``/gateway/bot``
for a non-sharded client) and ``Asset.BASE`` (CDN); `stop` restores them.

Every HTTP request is recorded as a `RecordedRequest`; gateway frames sent by the
client are recorded as plain dicts. Both can be awaited with predicates.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import pickle
import secrets
import time
import traceback
import zlib
from collections.abc import AsyncIterator, Callable, Hashable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import discord
import yarl
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from discord.asset import Asset
from discord.gateway import DiscordWebSocket
from discord.http import Route

JSON = dict[str, Any]
T = TypeVar("T")

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway"
CDN_PREFIX = "/cdn"
DISCORD_EPOCH_MS = 1_420_070_400_000
BODY_KEY: web.RequestKey[Any] = web.RequestKey("fake_discord_body", object)

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
DEFAULT_MEMBER_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7


class InteractionType(IntEnum):
    """Interaction types sent in INTERACTION_CREATE."""

    PING = 1
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class CallbackType(IntEnum):
    """Interaction callback (response) types posted by the bot."""

    PONG = 1
    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


class OptionType(IntEnum):
    """Application command option types."""

    SUB_COMMAND = 1
    SUB_COMMAND_GROUP = 2
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6
    CHANNEL = 7
    ROLE = 8
    MENTIONABLE = 9
    NUMBER = 10
    ATTACHMENT = 11


class Op(IntEnum):
    """Gateway opcodes."""

    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request received by the fake, with the answer it got."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    route: str
    params: dict[str, str]
    status: int
    # The answer's body as sent when it was JSON (else None); parsed on first use, since
    # most recorded answers are never read.
    response_body: bytes | None = field(default=None, repr=False)
    files: tuple[str, ...] = ()
    authorization: str | None = None
    # The uploaded files' bytes, by file name.
    uploads: dict[str, bytes] = field(default_factory=dict)

    @functools.cached_property
    def response(self) -> Any:
        """The answer's JSON body as the client received it (None when not JSON)."""
        return None if self.response_body is None else json.loads(self.response_body or b"null")

    @property
    def api_path(self) -> str:
        """The path relative to ``/api/v10`` (e.g. ``/users/@me``)."""
        return self.path.removeprefix(API_PREFIX)


@dataclass(frozen=True, kw_only=True)
class Invocation:
    """Who triggers an interaction, and where.

    ``guild_id``/``channel_id`` default to the fake's test guild and channel;
    ``in_dm=True`` builds a direct-message interaction instead.
    """

    user: JSON | None = None
    member_permissions: int = DEFAULT_MEMBER_PERMISSIONS
    roles: Sequence[str] = ()
    nick: str | None = None
    guild_id: str | None = None
    channel_id: str | None = None
    in_dm: bool = False
    locale: str = "en-US"
    app_permissions: int = DEFAULT_MEMBER_PERMISSIONS


class Journal(Generic[T]):
    """An append-only list whose future entries can be awaited."""

    def __init__(self, key: Callable[[T], Hashable | None] | None = None) -> None:
        self.entries: list[T] = []
        self._waiters: list[tuple[Callable[[T], bool], asyncio.Future[T]]] = []
        # Entries found by key in constant time (the first entry of each key): a bench
        # waiting for 1,000 callbacks would otherwise rescan the whole journal each time.
        self._key = key
        self._by_key: dict[Hashable, T] = {}
        self._key_waiters: dict[Hashable, list[asyncio.Future[T]]] = {}

    def append(self, entry: T) -> None:
        """Store ``entry`` and wake every waiter whose predicate accepts it."""
        self.entries.append(entry)
        key = self._key(entry) if self._key else None
        if key is not None and key not in self._by_key:
            self._by_key[key] = entry
            for future in self._key_waiters.pop(key, []):
                if not future.done():
                    future.set_result(entry)
        for predicate, future in self._waiters:
            if future.done():
                continue
            try:
                if predicate(entry):
                    future.set_result(entry)
            except Exception as exc:
                future.set_exception(exc)

    async def wait_for(self, predicate: Callable[[T], bool], timeout: float, what: str) -> T:
        """Return the first past or future entry matching ``predicate``.

        Raises `TimeoutError` (listing what was recorded) after ``timeout`` seconds.
        """
        for entry in self.entries:
            if predicate(entry):
                return entry
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        waiter = (predicate, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = "\n  ".join(map(repr, self.entries[-10:])) or "(nothing)"
            raise TimeoutError(f"no {what} within {timeout}s; last recorded:\n  {seen}") from None
        finally:
            self._waiters.remove(waiter)

    async def wait_for_key(self, key: Hashable, timeout: float, what: str) -> T:
        """The first past or future entry with ``key`` (see ``key`` in the constructor)."""
        if key in self._by_key:
            return self._by_key[key]
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        waiters = self._key_waiters.setdefault(key, [])
        waiters.append(future)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = "\n  ".join(map(repr, self.entries[-10:])) or "(nothing)"
            raise TimeoutError(f"no {what} within {timeout}s; last recorded:\n  {seen}") from None
        finally:
            if future in self._key_waiters.get(key, []):
                self._key_waiters[key].remove(future)


def _callback_key(request: RecordedRequest) -> tuple[str, str] | None:
    """How the journal finds an interaction's callback: by the interaction's id."""
    if request.route == "interaction_callback":
        return ("callback", request.params["interaction_id"])
    return None


def _json_copy(value: T) -> T:
    """A deep copy of JSON-like data (a message, a payload), a few times faster than
    ``copy.deepcopy``."""
    return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


class SnowflakeFactory:
    """Generates unique, time-ordered Discord snowflakes (as strings)."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        millis = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((millis << 22) | (next(self._counter) & 0x3FFFFF))


def make_user(user_id: str, username: str, *, bot: bool = False) -> JSON:
    """Build a Discord user object."""
    return {
        "id": user_id,
        "username": username,
        "global_name": None if bot else username,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
    }


def _json_response(payload: Any, status: int = 200) -> web.Response:
    """A JSON response whose Content-Type is exactly ``application/json``.

    discord.py (``http.json_or_text``) only parses bodies whose header equals that
    string; aiohttp's ``json_response`` appends ``; charset=utf-8``.
    """
    body = json.dumps(payload).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


def _error(status: int, code: int, message: str) -> web.Response:
    return _json_response({"code": code, "message": message}, status=status)


def _rate_limited(retry_after: float) -> web.Response:
    """A 429 as API v10 sends it: the body and the X-RateLimit headers."""
    response = _json_response(
        {"message": "You are being rate limited.", "retry_after": retry_after, "global": False},
        status=429,
    )
    response.headers.update(
        {
            "Retry-After": str(int(retry_after) + 1),
            "X-RateLimit-Limit": "2",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(retry_after),
            "X-RateLimit-Bucket": "commands-put",
            "X-RateLimit-Scope": "user",
            # discord.py takes a 429 without Discord's proxy header for a Cloudflare ban.
            "Via": "1.1 google",
        }
    )
    return response


def _infer_option_type(value: Any) -> int:
    if isinstance(value, bool):
        return OptionType.BOOLEAN
    if isinstance(value, int):
        return OptionType.INTEGER
    if isinstance(value, float):
        return OptionType.NUMBER
    return OptionType.STRING


def _build_options(
    values: Mapping[str, Any], schema: Sequence[JSON], focused: str | None = None
) -> list[JSON]:
    """Turn ``{name: value}`` into interaction options, typed by the registered schema."""
    types = {option["name"]: option.get("type") for option in schema}
    options = []
    for name, value in values.items():
        kind = types.get(name) or _infer_option_type(value)
        option: JSON = {"name": name, "type": kind, "value": value}
        if name == focused:
            option["focused"] = True
        options.append(option)
    return options


async def _read_body(request: web.Request) -> tuple[Any, dict[str, bytes]]:
    """Parse a JSON or multipart (``payload_json`` + files) request body."""
    if not request.body_exists:
        return None, {}
    if request.content_type == "multipart/form-data":
        form = await request.post()
        files = {v.filename: v.file.read() for v in form.values() if isinstance(v, web.FileField)}
        payload = form.get("payload_json")
        return (json.loads(payload) if isinstance(payload, str) else None), files
    text = await request.text()
    try:
        return json.loads(text), {}
    except ValueError:
        return text, {}


def point_discord_at(base_url: str) -> tuple[str, yarl.URL, str]:
    """Point discord.py's REST, gateway and CDN URLs at a fake served on ``base_url``
    (``http://127.0.0.1:<port>``, in this process or another); return the old values."""
    saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY, Asset.BASE)
    Route.BASE = f"{base_url}{API_PREFIX}"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(base_url.replace("http", "ws", 1) + GATEWAY_PATH)
    Asset.BASE = f"{base_url}{CDN_PREFIX}"
    return saved


@asynccontextmanager
async def connected(
    client: discord.Client, *, token: str = "fake-token", timeout: float = 5.0
) -> AsyncIterator[discord.Client]:
    """Log ``client`` in to the fake discord.py points at, connect it and wait for
    ``on_ready``; close it on exit. Shortens discord.py's ``guild_ready_timeout`` (the
    wait after the last GUILD_CREATE before READY) so READY fires in ~50 ms."""
    state = client._connection
    state.guild_ready_timeout = min(state.guild_ready_timeout, FakeDiscord.guild_ready_timeout)
    connect: asyncio.Task[None] | None = None
    try:
        await client.login(token)
        connect = asyncio.create_task(client.connect(), name="fake-discord-connect")
        await _wait_ready(client, connect, timeout)
        yield client
    finally:
        await client.close()
        if connect is not None:
            await asyncio.wait_for(connect, timeout)


async def _wait_ready(client: discord.Client, connect: asyncio.Task[None], timeout: float) -> None:
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait(
        {ready, connect}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
    )
    if ready not in done:
        ready.cancel()
        if connect in done:
            connect.result()  # re-raise why the client stopped
        raise TimeoutError(f"client not ready within {timeout}s")


class _GatewayConnection:
    """One client websocket, optionally zlib-stream compressed."""

    def __init__(self, ws: web.WebSocketResponse, *, compress: bool) -> None:
        self.ws = ws
        self.session_id: str | None = None
        self._compressor = zlib.compressobj() if compress else None
        self._lock = asyncio.Lock()

    async def send(self, payload: JSON) -> None:
        """Send one gateway payload; compressed frames end with Z_SYNC_FLUSH."""
        raw = json.dumps(payload)
        async with self._lock:
            if self._compressor is None:
                await self.ws.send_str(raw)
                return
            data = self._compressor.compress(raw.encode()) + self._compressor.flush(
                zlib.Z_SYNC_FLUSH
            )
            await self.ws.send_bytes(data)


@dataclass
class _Session:
    """Gateway session state that survives RESUME."""

    session_id: str
    sequence: int = 0
    connection: _GatewayConnection | None = None


@dataclass
class _CommandStore:
    """Registered application commands, keyed by guild id (``None`` = global)."""

    ids: SnowflakeFactory
    by_scope: dict[str | None, list[JSON]] = field(default_factory=dict)

    def replace(self, app_id: str, guild_id: str | None, payload: Sequence[JSON]) -> list[JSON]:
        """Bulk-overwrite one scope, keeping ids of commands that already existed."""
        known = {(c["name"], c["type"]): c["id"] for c in self.by_scope.get(guild_id, [])}
        commands = [self._record(app_id, guild_id, cmd, known) for cmd in payload]
        self.by_scope[guild_id] = commands
        return commands

    def _record(
        self, app_id: str, guild_id: str | None, cmd: JSON, known: Mapping[tuple[str, int], str]
    ) -> JSON:
        kind = cmd.get("type", 1)
        record: JSON = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **cmd,
            "type": kind,
            "id": known.get((cmd["name"], kind)) or self.ids(),
            "application_id": app_id,
            "version": self.ids(),
        }
        if guild_id is not None:
            record["guild_id"] = guild_id
        return record

    def find(self, name: str, kind: int, guild_id: str | None) -> JSON | None:
        """Find a command as Discord would resolve it: guild scope first, then global."""
        for scope in dict.fromkeys((guild_id, None)):
            for command in self.by_scope.get(scope, []):
                if command["name"] == name and command["type"] == kind:
                    return command
        return None


class FakeDiscord:
    """A fake Discord REST API + gateway bound to ``127.0.0.1`` on an ephemeral port.

    Public state: ``requests`` / ``gateway_frames`` (`Journal`), ``commands``
    (``{guild_id or None: [command]}``), ``messages`` (``{id: message}``),
    ``interactions`` (``{id: payload}``), ``guild`` (the GUILD_CREATE payload,
    editable before the client connects), ``errors`` (exceptions raised by the fake's
    own handlers, answered as HTTP 400), ``identify_payload``, ``gateway_connects``
    (query of each websocket connect), ``heartbeats``, ``last_heartbeat``
    (``time.monotonic()``).
    """

    #: Value forced onto ``client._connection.guild_ready_timeout`` by `running`
    #: (discord.py waits that long after the last GUILD_CREATE before READY; default 2 s).
    guild_ready_timeout = 0.05

    def __init__(self, *, heartbeat_interval_ms: int = 41_250, application_flags: int = 0) -> None:
        self.snowflake = SnowflakeFactory()
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.application_flags = application_flags
        self.app_id = self.snowflake()
        self.bot_user = make_user(self.app_id, "studybot-test", bot=True)
        self.owner_user = make_user(self.snowflake(), "owner")
        self.default_user = make_user(self.snowflake(), "student")
        self.guild_id = self.snowflake()
        self.channel_id = self.snowflake()
        self.guild = self._build_guild()

        self.requests: Journal[RecordedRequest] = Journal(key=_callback_key)
        self.gateway_frames: Journal[JSON] = Journal()
        self._commands = _CommandStore(self.snowflake)
        self.commands = self._commands.by_scope
        self.messages: dict[str, JSON] = {}
        self.interactions: dict[str, JSON] = {}
        self.identify_payload: JSON | None = None
        self.errors: list[Exception] = []
        self.gateway_connects: list[dict[str, str]] = []
        self.heartbeats = 0
        self.last_heartbeat: float | None = None
        #: Bot tokens that GET /users/@me answers with 401, as Discord does for a bad token.
        self.rejected_tokens: set[str] = set()

        self._by_token: dict[str, JSON] = {}
        self._acknowledged: set[str] = set()
        # Interactions whose 3 s (callback) and 15 min (token) windows are over.
        self.expired: set[str] = set()
        # retry_after seconds for the next command syncs: each PUT takes one and answers
        # 429 as Discord does (its daily limit on creating commands can be hours).
        self.sync_rate_limits: list[float] = []
        # While True the gateway is down: open connections are dropped and new ones
        # refused with 503, so the client sleeps in its reconnect back-off.
        self.gateway_down = False
        self.gateway_refusals = 0
        self._originals: dict[str, str] = {}
        self._sessions: dict[str, _Session] = {}
        self._active: _Session | None = None
        self._connected = asyncio.Event()
        self._connections: set[_GatewayConnection] = set()
        self._runner: web.AppRunner | None = None
        self._route_names: dict[web.AbstractRoute, str] = {}
        self._saved_patches: tuple[str, yarl.URL, str] | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """The value patched into ``discord.http.Route.BASE``."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The websocket URL handed out by ``/gateway`` and READY."""
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    async def start(self) -> Self:
        """Start serving and point discord.py at this server."""
        app = web.Application(middlewares=[self._record_middleware])
        self._add_routes(app.router)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._patch_discord()
        return self

    async def stop(self) -> None:
        """Close gateway connections, stop serving and restore discord.py's URLs."""
        self._unpatch_discord()
        for connection in list(self._connections):
            await connection.ws.close(code=1001, message=b"fake discord stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def _patch_discord(self) -> None:
        self._saved_patches = point_discord_at(self.base_url)

    def _unpatch_discord(self) -> None:
        if self._saved_patches is not None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY, Asset.BASE = self._saved_patches
            self._saved_patches = None

    @asynccontextmanager
    async def running(
        self, client: discord.Client, *, token: str = "fake-token", timeout: float = 5.0
    ) -> AsyncIterator[discord.Client]:
        """Log ``client`` in, connect it, wait for ``on_ready``; close it on exit.

        Shortens discord.py's ``guild_ready_timeout`` so READY fires in ~50 ms.
        """
        async with connected(client, token=token, timeout=timeout):
            yield client

    # ------------------------------------------------------------------ waiting

    def callbacks(self) -> list[RecordedRequest]:
        """All recorded ``POST /interactions/{id}/{token}/callback`` requests."""
        return [r for r in self.requests.entries if r.route == "interaction_callback"]

    def unknown_requests(self) -> list[RecordedRequest]:
        """Requests that hit no implemented route (answered 404)."""
        return [r for r in self.requests.entries if r.route == "unknown"]

    async def wait_for_request(
        self, predicate: Callable[[RecordedRequest], bool], timeout: float = 5.0
    ) -> RecordedRequest:
        """Return the first past or future request matching ``predicate``."""
        return await self.requests.wait_for(predicate, timeout, "matching request")

    async def wait_for_callback(
        self, interaction_id: str | int, timeout: float = 5.0
    ) -> RecordedRequest:
        """Wait for the bot's callback (initial response) to one interaction.

        The request is recorded before discord.py has read the response; if the
        next step depends on client-side state (e.g. a view registered under the
        response message id), also wait for a client event such as
        ``app_command_completion``.
        """
        wanted = str(interaction_id)
        return await self.requests.wait_for_key(
            ("callback", wanted), timeout, f"callback for interaction {wanted}"
        )

    async def wait_for_gateway(
        self, predicate: Callable[[JSON], bool], timeout: float = 5.0
    ) -> JSON:
        """Return the first past or future gateway frame (sent by the client) matching."""
        return await self.gateway_frames.wait_for(predicate, timeout, "matching gateway frame")

    # ------------------------------------------------------------------ messages

    def original_message(self, interaction: JSON | str) -> JSON:
        """The ``@original`` response message of an interaction (payload or token)."""
        token = interaction if isinstance(interaction, str) else interaction["token"]
        return self.messages[self._originals[token]]

    def add_role(self, name: str, permissions: int = 0) -> str:
        """Add a role to the test guild (before the client connects); return its id."""
        role_id = self.snowflake()
        everyone = self.guild["roles"][0]
        role = {**everyone, "id": role_id, "name": name, "position": 1}
        self.guild["roles"].append(role | {"permissions": str(permissions)})
        return role_id

    def user_message(
        self, content: str, *, author: JSON | None = None, channel_id: str | None = None
    ) -> JSON:
        """Create and store a message written by a user (e.g. a context-menu target)."""
        return self._store_message(
            self._message_skeleton(channel_id or self.channel_id, author or self.default_user),
            {"content": content},
        )

    # ------------------------------------------------------------------ gateway

    def expire(self, payload: JSON) -> JSON:
        """Make ``payload`` an interaction Discord has given up on: its callback answers
        404 (10062 Unknown interaction) and its token's webhooks 404 (10015)."""
        self.expired.add(payload["id"])
        return payload

    async def inject_interaction(self, payload: JSON, timeout: float = 5.0) -> JSON:
        """Dispatch INTERACTION_CREATE with ``payload`` to the connected client."""
        self.interactions[payload["id"]] = payload
        self._by_token[payload["token"]] = payload
        await self.dispatch("INTERACTION_CREATE", payload, timeout=timeout)
        return payload

    async def dispatch(self, event: str, data: JSON, *, timeout: float = 5.0) -> int:
        """Send a DISPATCH (op 0) to the identified client; return its sequence number."""
        session = await self._identified_session(timeout)
        return await self._dispatch(session, event, data)

    async def request_reconnect(self, timeout: float = 5.0) -> None:
        """Send op 7 RECONNECT; discord.py reconnects and RESUMEs."""
        session = await self._identified_session(timeout)
        assert session.connection is not None
        self._connected.clear()
        await session.connection.send({"op": Op.RECONNECT, "d": None, "s": None, "t": None})

    async def _identified_session(self, timeout: float) -> _Session:
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no identified gateway client within {timeout}s") from None
        assert self._active is not None
        return self._active

    @staticmethod
    async def _dispatch(session: _Session, event: str, data: Any) -> int:
        assert session.connection is not None
        session.sequence += 1
        frame = {"op": Op.DISPATCH, "t": event, "s": session.sequence, "d": data}
        await session.connection.send(frame)
        return session.sequence

    async def take_gateway_down(self) -> None:
        """Drop every gateway connection and refuse new ones (see ``gateway_down``)."""
        self.gateway_down = True
        for connection in list(self._connections):
            await connection.ws.close(code=1001, message=b"going away")

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_down:
            self.gateway_refusals += 1
            return _error(503, 0, "gateway unavailable")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self.gateway_connects.append(dict(request.query))
        # zstd-stream is unsupported: plain text frames are always understood.
        connection = _GatewayConnection(ws, compress=request.query.get("compress") == "zlib-stream")
        self._connections.add(connection)
        try:
            hello = {"heartbeat_interval": self.heartbeat_interval_ms}
            await connection.send({"op": Op.HELLO, "d": hello, "s": None, "t": None})
            async for message in ws:
                if message.type is WSMsgType.TEXT:
                    await self._on_frame(connection, json.loads(message.data))
        finally:
            self._connections.discard(connection)
            if self._active is not None and self._active.connection is connection:
                self._connected.clear()
        return ws

    async def _on_frame(self, connection: _GatewayConnection, frame: JSON) -> None:
        handlers = {
            Op.HEARTBEAT: self._on_heartbeat,
            Op.IDENTIFY: self._on_identify,
            Op.RESUME: self._on_resume,
            Op.REQUEST_GUILD_MEMBERS: self._on_request_members,
        }
        self.gateway_frames.append(frame)
        handler = handlers.get(frame.get("op"))
        if handler is not None:
            await handler(connection, frame.get("d"))

    async def _on_heartbeat(self, connection: _GatewayConnection, _: Any) -> None:
        self.heartbeats += 1
        self.last_heartbeat = time.monotonic()
        await connection.send({"op": Op.HEARTBEAT_ACK, "d": None, "s": None, "t": None})

    async def _on_identify(self, connection: _GatewayConnection, data: JSON) -> None:
        self.identify_payload = data
        session = _Session(session_id=secrets.token_hex(16), connection=connection)
        connection.session_id = session.session_id
        self._sessions[session.session_id] = session
        await self._dispatch(session, "READY", self._ready_payload(session.session_id))
        await self._dispatch(session, "GUILD_CREATE", self.guild)
        self._activate(session)

    async def _on_resume(self, connection: _GatewayConnection, data: JSON) -> None:
        session = self._sessions.get(data.get("session_id", ""))
        if session is None:
            await connection.send({"op": Op.INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        session.connection = connection
        connection.session_id = session.session_id
        await self._dispatch(session, "RESUMED", {})
        self._activate(session)

    async def _on_request_members(self, connection: _GatewayConnection, data: JSON) -> None:
        session = self._sessions.get(connection.session_id or "")
        if session is None or str(data.get("guild_id")) != self.guild_id:
            return
        chunk = {
            "guild_id": self.guild_id,
            "members": self.guild["members"],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "nonce": data.get("nonce"),
        }
        await self._dispatch(session, "GUILD_MEMBERS_CHUNK", chunk)

    def _activate(self, session: _Session) -> None:
        self._active = session
        self._connected.set()

    def _ready_payload(self, session_id: str) -> JSON:
        return {
            "v": 10,
            "user": {**self.bot_user, "verified": True, "mfa_enabled": False},
            "guilds": [{"id": self.guild_id, "unavailable": True}],
            "session_id": session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": self.app_id, "flags": self.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
        }

    def _build_guild(self) -> JSON:
        everyone = {
            "id": self.guild_id,
            "name": "@everyone",
            "permissions": str(DEFAULT_MEMBER_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        bot_member = self._member(self.bot_user, roles=(), permissions=None)
        return {
            "id": self.guild_id,
            "name": "Study Test Guild",
            "owner_id": self.owner_user["id"],
            "icon": None,
            "description": None,
            "features": [],
            "roles": [everyone],
            "channels": [self._text_channel(self.channel_id, "general", position=0)],
            "members": [bot_member],
            "member_count": 3,
            "large": False,
            "unavailable": False,
            "joined_at": _now_iso(),
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "afk_timeout": 300,
            "system_channel_id": self.channel_id,
            "system_channel_flags": 0,
            "emojis": [],
            "stickers": [],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    @staticmethod
    def _text_channel(channel_id: str, name: str, *, position: int) -> JSON:
        return {
            "id": channel_id,
            "type": 0,
            "name": name,
            "position": position,
            "topic": None,
            "nsfw": False,
            "parent_id": None,
            "permission_overwrites": [],
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }

    @staticmethod
    def _member(
        user: JSON, *, roles: Sequence[str], permissions: int | None, nick: str | None = None
    ) -> JSON:
        member: JSON = {
            "user": user,
            "roles": list(roles),
            "nick": nick,
            "avatar": None,
            "joined_at": _now_iso(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            member["permissions"] = str(permissions)
        return member

    # ------------------------------------------------------------------ builders

    def slash_command(
        self, name: str, options: Mapping[str, Any] | None = None, **invocation: Any
    ) -> JSON:
        """Build a CHAT_INPUT interaction.

        ``name`` may contain spaces for subcommands (``"kb ask"``) and groups
        (``"kb admin reload"``). ``options`` maps option names to values; types
        come from the synced command when known, else are inferred from the value.
        ``invocation`` are `Invocation` fields (user, member_permissions, roles, ...).
        """
        inv = Invocation(**invocation)
        data = self._command_data(name, options or {}, focused=None, inv=inv)
        return self._interaction(InteractionType.APPLICATION_COMMAND, data, inv)

    def autocomplete(
        self, name: str, options: Mapping[str, Any], focused: str, **invocation: Any
    ) -> JSON:
        """Build an APPLICATION_COMMAND_AUTOCOMPLETE interaction; ``focused`` names the option."""
        inv = Invocation(**invocation)
        data = self._command_data(name, options, focused=focused, inv=inv)
        return self._interaction(InteractionType.AUTOCOMPLETE, data, inv)

    def component(
        self,
        custom_id: str,
        *,
        message: JSON | None = None,
        values: Sequence[str] | None = None,
        component_type: int | None = None,
        **invocation: Any,
    ) -> JSON:
        """Build a MESSAGE_COMPONENT interaction (button click, or select if ``values``).

        ``message`` should be the message carrying the component, e.g.
        ``fake.original_message(slash_payload)`` (views are keyed by message id).
        """
        inv = Invocation(**invocation)
        kind = component_type or (3 if values is not None else 2)
        data: JSON = {"custom_id": custom_id, "component_type": kind}
        if values is not None:
            data["values"] = list(values)
        payload = self._interaction(InteractionType.MESSAGE_COMPONENT, data, inv)
        payload["message"] = _json_copy(message or self._bot_message_in(payload["channel_id"]))
        return payload

    def modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        message: JSON | None = None,
        **invocation: Any,
    ) -> JSON:
        """Build a MODAL_SUBMIT interaction with text-input ``values`` by custom id."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        payload = self._interaction(InteractionType.MODAL_SUBMIT, data, Invocation(**invocation))
        if message is not None:
            payload["message"] = _json_copy(message)
        return payload

    def message_context_menu(self, name: str, target_message: JSON, **invocation: Any) -> JSON:
        """Build a MESSAGE context-menu interaction targeting ``target_message``."""
        inv = Invocation(**invocation)
        data, _ = self._command_header(name, kind=3, inv=inv)
        data["target_id"] = target_message["id"]
        data["resolved"] = {"messages": {target_message["id"]: _json_copy(target_message)}}
        return self._interaction(InteractionType.APPLICATION_COMMAND, data, inv)

    def _command_header(self, name: str, *, kind: int, inv: Invocation) -> tuple[JSON, JSON | None]:
        """Interaction ``data`` head for a command, and the synced command if any.

        Like Discord, ``data.guild_id`` is set only for guild-scoped commands.
        """
        guild_id = None if inv.in_dm else inv.guild_id or self.guild_id
        command = self._commands.find(name, kind, guild_id)
        data: JSON = {
            "id": command["id"] if command else self.snowflake(),
            "name": name,
            "type": kind,
        }
        if command is not None and "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return data, command

    def _command_data(
        self, name: str, values: Mapping[str, Any], *, focused: str | None, inv: Invocation
    ) -> JSON:
        top, *path = name.split()
        data, command = self._command_header(top, kind=1, inv=inv)
        schema: list[JSON] = command.get("options", []) if command else []
        wrappers: list[JSON] = []
        for part in path:
            sub = next((o for o in schema if o["name"] == part), None)
            kind = sub["type"] if sub else OptionType.SUB_COMMAND
            wrappers.append({"name": part, "type": kind, "options": []})
            schema = sub.get("options", []) if sub else []
        options = _build_options(values, schema, focused)
        for wrapper in reversed(wrappers):
            wrapper["options"] = options
            options = [wrapper]
        data["options"] = options
        return data

    def _interaction(self, kind: InteractionType, data: JSON, inv: Invocation) -> JSON:
        user = inv.user or self.default_user
        payload: JSON = {
            "id": self.snowflake(),
            "application_id": self.app_id,
            "type": int(kind),
            "data": data,
            "token": f"itoken-{secrets.token_hex(16)}",
            "version": 1,
            "locale": inv.locale,
            "app_permissions": str(inv.app_permissions),
            "entitlements": [],
            "attachment_size_limit": 25 * 1024 * 1024,
        }
        if inv.in_dm:
            return payload | self._dm_context(user)
        return payload | self._guild_context(user, inv)

    def _guild_context(self, user: JSON, inv: Invocation) -> JSON:
        guild_id = inv.guild_id or self.guild_id
        channel_id = inv.channel_id or self.channel_id
        channel = self._text_channel(channel_id, "general", position=0) | {"guild_id": guild_id}
        member = self._member(
            user, roles=inv.roles, permissions=inv.member_permissions, nick=inv.nick
        )
        return {
            "guild_id": guild_id,
            "guild": {"id": guild_id, "locale": "en-US", "features": []},
            "guild_locale": "en-US",
            "channel_id": channel_id,
            "channel": channel,
            "member": member,
            "context": 0,
            "authorizing_integration_owners": {"0": guild_id},
        }

    def _dm_context(self, user: JSON) -> JSON:
        channel_id = self.snowflake()
        return {
            "channel_id": channel_id,
            "channel": {"id": channel_id, "type": 1, "recipients": [user], "last_message_id": None},
            "user": user,
            "context": 1,
            "authorizing_integration_owners": {"1": user["id"]},
        }

    def _bot_message_in(self, channel_id: str) -> JSON:
        return self._store_message(self._message_skeleton(channel_id, self.bot_user), {})

    # ------------------------------------------------------------------ REST

    def _add_routes(self, router: web.UrlDispatcher) -> None:
        """Register the implemented endpoints, then a recording 404 catch-all."""
        app = f"{API_PREFIX}/applications/{{app_id}}"
        hook = f"{API_PREFIX}/webhooks/{{app_id}}/{{token}}"
        hook_message = f"{hook}/messages/{{message_id}}"
        routes: list[tuple[str, str, Handler, str]] = [
            ("GET", GATEWAY_PATH, self._gateway, "gateway_ws"),
            ("GET", f"{API_PREFIX}/users/@me", self._get_me, "get_me"),
            ("GET", f"{API_PREFIX}/applications/@me", self._get_application, "get_application"),
            (
                "GET",
                f"{API_PREFIX}/oauth2/applications/@me",
                self._get_application,
                "get_application",
            ),
            ("GET", f"{API_PREFIX}/gateway", self._get_gateway, "get_gateway"),
            ("GET", f"{API_PREFIX}/gateway/bot", self._get_gateway_bot, "get_gateway_bot"),
            ("GET", f"{app}/commands", self._get_commands, "get_commands"),
            ("PUT", f"{app}/commands", self._put_commands, "put_commands"),
            (
                "GET",
                f"{app}/guilds/{{guild_id}}/commands",
                self._get_commands,
                "get_guild_commands",
            ),
            (
                "PUT",
                f"{app}/guilds/{{guild_id}}/commands",
                self._put_commands,
                "put_guild_commands",
            ),
            (
                "POST",
                f"{API_PREFIX}/interactions/{{interaction_id}}/{{token}}/callback",
                self._interaction_callback,
                "interaction_callback",
            ),
            ("POST", hook, self._create_followup, "create_followup"),
            ("GET", hook_message, self._get_webhook_message, "get_webhook_message"),
            ("PATCH", hook_message, self._edit_webhook_message, "edit_webhook_message"),
            ("DELETE", hook_message, self._delete_webhook_message, "delete_webhook_message"),
            (
                "POST",
                f"{API_PREFIX}/channels/{{channel_id}}/messages",
                self._create_channel_message,
                "create_channel_message",
            ),
            (
                "PATCH",
                f"{API_PREFIX}/channels/{{channel_id}}/messages/{{message_id}}",
                self._edit_channel_message,
                "edit_channel_message",
            ),
        ]
        for method, path, handler, name in routes:
            self._route_names[router.add_route(method, path, handler)] = name
        router.add_route("*", "/{tail:.*}", self._unknown)

    @web.middleware
    async def _record_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        """Parse the body for the handler, then record the request with its answer."""
        if request.path == GATEWAY_PATH:
            return await handler(request)
        body, files = await _read_body(request)
        request[BODY_KEY] = body
        try:
            response = await handler(request)
        except Exception as exc:
            # Fail fast: discord.py retries 5xx answers with multi-second back-off.
            self.errors.append(exc)
            detail = "".join(traceback.format_exception_only(exc)).strip()
            response = _error(400, -1, f"fake discord crashed: {detail}")
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                json=body,
                route=self._route_names.get(request.match_info.route, "unknown"),
                params=dict(request.match_info),
                status=response.status,
                response_body=self._json_body(response),
                files=tuple(files),
                uploads=files,
                authorization=request.headers.get("Authorization"),
            )
        )
        return response

    @staticmethod
    def _json_body(response: web.StreamResponse) -> bytes | None:
        if isinstance(response, web.Response) and response.content_type == "application/json":
            body = response.body
            return bytes(body) if isinstance(body, bytes | bytearray) else b""
        return None

    async def _unknown(self, request: web.Request) -> web.Response:
        return _error(404, 0, f"fake discord: no route for {request.method} {request.path}")

    async def _get_me(self, request: web.Request) -> web.Response:
        authorization = request.headers.get("Authorization", "")
        if not authorization.startswith("Bot ") or authorization[4:] in self.rejected_tokens:
            return _error(401, 0, "401: Unauthorized")
        return _json_response({**self.bot_user, "verified": True, "mfa_enabled": False})

    async def _get_application(self, _: web.Request) -> web.Response:
        return _json_response(
            {
                "id": self.app_id,
                "name": self.bot_user["username"],
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "bot": self.bot_user,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": self.application_flags,
                "owner": self.owner_user,
                "team": None,
                "rpc_origins": [],
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": 1,
                "tags": [],
            }
        )

    async def _get_gateway(self, _: web.Request) -> web.Response:
        return _json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, _: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return _json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json_response(self.commands.get(request.match_info.get("guild_id"), []))

    async def _put_commands(self, request: web.Request) -> web.Response:
        if self.sync_rate_limits:
            return _rate_limited(self.sync_rate_limits.pop(0))
        if request.match_info["app_id"] != self.app_id:
            return _error(403, 50035, "Invalid application id")
        payload = request[BODY_KEY] or []
        guild_id = request.match_info.get("guild_id")
        return _json_response(self._commands.replace(self.app_id, guild_id, payload))

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        interaction = self.interactions.get(request.match_info["interaction_id"])
        if (
            interaction is None
            or interaction["token"] != request.match_info["token"]
            or interaction["id"] in self.expired
        ):
            return _error(404, 10062, "Unknown interaction")
        if interaction["id"] in self._acknowledged:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        self._acknowledged.add(interaction["id"])
        body: JSON = request[BODY_KEY] or {}
        kind = body.get("type")
        message = self._apply_callback(interaction, kind, body.get("data") or {})
        return _json_response(self._callback_response(interaction, kind, message))

    def _apply_callback(self, interaction: JSON, kind: int | None, data: JSON) -> JSON | None:
        """Create or update the message a callback produces; return it (or ``None``)."""
        token = interaction["token"]
        if kind in (CallbackType.CHANNEL_MESSAGE, CallbackType.DEFERRED_CHANNEL_MESSAGE):
            if kind == CallbackType.DEFERRED_CHANNEL_MESSAGE:
                data = {"flags": (data.get("flags", 0) & EPHEMERAL) | LOADING}
            message = self._store_message(self._response_skeleton(interaction), data)
        elif kind in (CallbackType.DEFERRED_UPDATE_MESSAGE, CallbackType.UPDATE_MESSAGE):
            if "message" not in interaction:
                return None
            carrier = interaction["message"]
            message = self.messages.get(carrier["id"])
            if message is None:
                message = self.messages[carrier["id"]] = _json_copy(carrier)
            if kind == CallbackType.UPDATE_MESSAGE:
                self._edit(message, data)
        else:
            return None
        self._originals[token] = message["id"]
        return message

    @staticmethod
    def _callback_response(interaction: JSON, kind: int | None, message: JSON | None) -> JSON:
        """The ``with_response=1`` body discord.py 2.5+ parses (InteractionCallbackResponse)."""
        flags = message["flags"] if message else 0
        info: JSON = {
            "id": interaction["id"],
            "type": interaction["type"],
            "response_message_loading": kind == CallbackType.DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        resource: JSON = {"type": kind}
        if message is not None:
            info["response_message_id"] = message["id"]
            resource["message"] = message
        return {"interaction": info, "resource": resource}

    def _webhook_interaction(self, request: web.Request) -> JSON | None:
        """The acknowledged interaction a webhook URL refers to, if any."""
        interaction = self._by_token.get(request.match_info["token"])
        if interaction is None or request.match_info["app_id"] != self.app_id:
            return None
        return interaction if interaction["id"] in self._acknowledged else None

    async def _create_followup(self, request: web.Request) -> web.StreamResponse:
        interaction = self._webhook_interaction(request)
        if interaction is None:
            return _error(404, 10015, "Unknown Webhook")
        body: JSON = request[BODY_KEY] or {}
        original = self.messages.get(self._originals.get(interaction["token"], ""))
        if original is not None and original["flags"] & LOADING:
            # The first followup after a deferred response replaces the "thinking" message.
            message = self._edit(original, body)
        else:
            message = self._store_message(self._response_skeleton(interaction), body)
        if request.query.get("wait") in ("1", "true", "True"):
            return _json_response(message)
        return web.Response(status=204)

    def _webhook_message(self, request: web.Request) -> JSON | None:
        token = request.match_info["token"]
        message_id = request.match_info["message_id"]
        if message_id == "@original":
            message_id = self._originals.get(token, "")
        return self.messages.get(message_id)

    async def _get_webhook_message(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request) if self._webhook_interaction(request) else None
        if message is None:
            return _error(404, 10008, "Unknown Message")
        return _json_response(message)

    async def _edit_webhook_message(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request) if self._webhook_interaction(request) else None
        if message is None:
            return _error(404, 10008, "Unknown Message")
        return _json_response(self._edit(message, request[BODY_KEY] or {}))

    async def _delete_webhook_message(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request) if self._webhook_interaction(request) else None
        if message is None:
            return _error(404, 10008, "Unknown Message")
        del self.messages[message["id"]]
        return web.Response(status=204)

    async def _create_channel_message(self, request: web.Request) -> web.Response:
        skeleton = self._message_skeleton(request.match_info["channel_id"], self.bot_user)
        return _json_response(self._store_message(skeleton, request[BODY_KEY] or {}))

    async def _edit_channel_message(self, request: web.Request) -> web.Response:
        message = self.messages.get(request.match_info["message_id"])
        if message is None or message["channel_id"] != request.match_info["channel_id"]:
            return _error(404, 10008, "Unknown Message")
        if message["author"]["id"] != self.bot_user["id"]:  # a bot edits only its own
            return _error(403, 50005, "Cannot edit a message authored by another user")
        return _json_response(self._edit(message, request[BODY_KEY] or {}))

    # ------------------------------------------------------------------ message model

    def _message_skeleton(self, channel_id: str, author: JSON) -> JSON:
        message: JSON = {
            "id": self.snowflake(),
            "type": 0,
            "channel_id": channel_id,
            "author": author,
            "content": "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "flags": 0,
        }
        if channel_id == self.channel_id:
            message["guild_id"] = self.guild_id
        return message

    def _response_skeleton(self, interaction: JSON) -> JSON:
        """A message sent by the application in response to ``interaction``."""
        message = self._message_skeleton(interaction["channel_id"], self.bot_user)
        is_command = interaction["type"] == InteractionType.APPLICATION_COMMAND
        user = interaction.get("member", {}).get("user") or interaction["user"]
        message.update(
            type=20 if is_command else 0,
            webhook_id=self.app_id,
            application_id=self.app_id,
            interaction_metadata={
                "id": interaction["id"],
                "type": interaction["type"],
                "user": user,
                "authorizing_integration_owners": interaction["authorizing_integration_owners"],
            },
        )
        return message

    def _store_message(self, skeleton: JSON, body: JSON) -> JSON:
        skeleton["flags"] = body.get("flags", 0)
        self._apply_fields(skeleton, body)
        self.messages[skeleton["id"]] = skeleton
        return skeleton

    def _edit(self, message: JSON, body: JSON) -> JSON:
        """Apply an edit: clears the loading flag, keeps ephemerality."""
        kept = message["flags"] & EPHEMERAL
        message["flags"] = kept | (body.get("flags", message["flags"]) & ~(EPHEMERAL | LOADING))
        message["edited_timestamp"] = _now_iso()
        self._apply_fields(message, body)
        return message

    def _apply_fields(self, message: JSON, body: JSON) -> None:
        for key, empty in (("content", ""), ("embeds", []), ("components", []), ("tts", False)):
            if key in body:
                message[key] = empty if body[key] is None else body[key]
        if "attachments" in body:
            message["attachments"] = [self._attachment(a) for a in body["attachments"] or []]

    def _attachment(self, partial: JSON) -> JSON:
        if "url" in partial:
            return partial
        attachment_id = self.snowflake()
        url = f"{self.base_url}{CDN_PREFIX}/attachments/{attachment_id}/{partial['filename']}"
        return {"size": 0, **partial, "id": attachment_id, "url": url, "proxy_url": url}
