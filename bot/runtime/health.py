"""The status file that `studybot health` reads: what it holds and how it is written.

Readiness is "the knowledge is loaded and the gateway session is up"; liveness is "Discord
acknowledged a heartbeat lately" (``gateway_heartbeat_at``), not the time of the write.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

# The gateway opcode of a heartbeat acknowledgement (Discord API v10, "Gateway Opcodes").
HEARTBEAT_ACK_OP = 11
# An ACK frame is about 50 characters; longer raw frames (events) are never parsed twice.
SMALL_FRAME = 256


def status_record(
    *,
    knowledge_loaded: bool,
    knowledge_version: str,
    database_writable: bool,
    gateway_connected: bool,
    heartbeat_ack_at: float | None,
    latency_ms: float | None,
) -> dict[str, object]:
    """The status file's content at this moment."""
    return {
        "pid": os.getpid(),
        "updated_at": time.time(),
        "knowledge_loaded": knowledge_loaded,
        "knowledge_version": knowledge_version,
        "database_writable": database_writable,
        "gateway_connected": gateway_connected,
        # The last heartbeat ACK from Discord, not the time of this write.
        "gateway_heartbeat_at": heartbeat_ack_at,
        "latency_ms": latency_ms,
    }


def stopped(status: dict[str, object]) -> dict[str, object]:
    """``status`` as the bot leaves it on the way out: disconnected and stopped."""
    return {**status, "gateway_connected": False, "gateway_heartbeat_at": None, "stopped": True}


def is_heartbeat_ack(message: object) -> bool:
    """Whether a raw gateway frame (the text discord.py is about to parse) is op 11."""
    if not isinstance(message, str | bytes) or len(message) > SMALL_FRAME:
        return False
    try:
        return json.loads(message).get("op") == HEARTBEAT_ACK_OP
    except (ValueError, AttributeError):
        return False


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
