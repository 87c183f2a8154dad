"""File-level operations on studybot databases: validation, backup copies and restore.

Copies go through SQLite's online backup API from a separate read-only connection, so
a backup is consistent even while the bot keeps writing (WAL lets readers and the
writer run side by side). Every copy is written to a temporary file beside its
destination and moved into place with :func:`os.replace`, so the destination is
either the old file or the complete new one, never half written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path

from .errors import StorageError
from .migrations import SALT_KEY, check_supported, schema_version

SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite keeps beside a database in WAL mode; stale ones must not outlive a restore.
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")


def inspect_database(path: str | os.PathLike[str]) -> int:
    """Return the schema version of the studybot database at ``path``.

    Raises StorageError when the file is missing, not SQLite, not a studybot database
    (no meta table with the user-hash salt), newer than this code, or damaged.
    """
    src = Path(path)
    _require_sqlite_file(src)
    try:
        with contextlib.closing(_connect_read_only(src)) as conn:
            version = schema_version(conn)
            check_supported(version)
            _require_salt(conn, src)
            _require_intact(conn, src)
    except sqlite3.Error as exc:
        raise StorageError(f"{src} is not a readable SQLite database: {exc}") from exc
    return version


def copy_database(src: str | os.PathLike[str], dest: str | os.PathLike[str]) -> None:
    """Copy the database at ``src`` to ``dest`` atomically with the online backup API.

    The copy uses the rollback journal (not WAL), so it is one self-contained file.
    """
    source, target = Path(src), Path(dest)
    if target.exists() and source.resolve() == target.resolve():
        raise StorageError(f"refusing to copy {source} onto itself")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_path_beside(target)
    except OSError as exc:
        raise StorageError(f"cannot write {target}: {exc}") from exc
    try:
        _backup_into(source, tmp)
        _fsync(tmp)
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(f"cannot copy {source} to {target}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


def restore(src: str | os.PathLike[str], dest: str | os.PathLike[str]) -> int:
    """Replace the database at ``dest`` with the studybot backup at ``src``.

    Run it while the bot is stopped. ``src`` is validated first (see
    :func:`inspect_database`); nothing at ``dest`` changes when it is refused. An older
    backup is fine: the next ``Storage.open`` migrates it. Returns the backup's version.
    """
    version = inspect_database(src)
    target = Path(dest)
    _remove_sidecars(target)
    copy_database(src, target)
    return version


def _require_sqlite_file(path: Path) -> None:
    """Raise StorageError unless ``path`` is a file starting with the SQLite header."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc}") from exc
    if header != SQLITE_HEADER:
        raise StorageError(f"{path} is not an SQLite database")


def _require_salt(conn: sqlite3.Connection, path: Path) -> None:
    """Raise StorageError unless the meta table holds the user-hash salt."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    salt = has_meta and conn.execute("SELECT value FROM meta WHERE key = ?", (SALT_KEY,)).fetchone()
    if not salt:
        raise StorageError(f"{path} is not a studybot database (no salt in its meta table)")


def _require_intact(conn: sqlite3.Connection, path: Path) -> None:
    """Raise StorageError when SQLite's quick integrity check reports a problem."""
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise StorageError(f"{path} failed the integrity check: {result}")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` read-only; never creates the file."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _backup_into(source: Path, tmp: Path) -> None:
    """Copy every page of ``source`` into the (empty) database file ``tmp``."""
    with (
        contextlib.closing(_connect_read_only(source)) as src_conn,
        contextlib.closing(sqlite3.connect(tmp)) as dst_conn,
    ):
        src_conn.backup(dst_conn)
        dst_conn.execute("PRAGMA journal_mode = DELETE")


def _temp_path_beside(target: Path) -> Path:
    """Create an empty temporary file in ``target``'s directory and return its path."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    return Path(name)


def _fsync(path: Path) -> None:
    """Flush ``path`` to disk so the rename never exposes an incomplete file."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _remove_sidecars(target: Path) -> None:
    """Delete WAL/journal files of the database being replaced: they belong to it."""
    for suffix in SIDECAR_SUFFIXES:
        sidecar = target.with_name(target.name + suffix)
        try:
            sidecar.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot remove {sidecar}: {exc}") from exc
