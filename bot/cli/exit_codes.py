"""The exit codes of every `studybot` command, in one place.

Scripts, Docker's restart policy and `docs/self-hosting.md` rely on these numbers, so a
value never changes meaning; a new kind of failure gets a new number.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a `studybot` process tells its caller when it ends."""

    #: Done, or healthy (`health`).
    OK = 0
    #: The command ran and found problems: `check` errors, `health` unhealthy, a stale
    #: schema, a backup that `db restore` refuses, an entry that already exists.
    PROBLEMS = 1
    #: Usage or configuration error (a missing DISCORD_TOKEN, a malformed setting): fix
    #: the configuration; running again unchanged fails the same way.
    USAGE = 2
    #: The knowledge base does not load (`studybot check` lists why).
    KNOWLEDGE = 3
    #: Discord rejected the token or the intents: running again unchanged fails the same way.
    LOGIN = 4
    #: Discord could not be reached or answered with an error; may pass on a later try.
    NETWORK = 5
    #: The database could not be opened, read or written (a full disk, a read-only or
    #: wrongly owned volume): not Discord's fault.
    STORAGE = 6
    #: Interrupted by Ctrl-C (128 + SIGINT, as shells report it).
    INTERRUPTED = 130
