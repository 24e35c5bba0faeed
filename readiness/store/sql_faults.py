"""What a SQL store does when the database says no: retry a clash with another writer, or one line why.

Two writers saving the same assessment at the same moment clash in one of three ways, each of
which a new attempt resolves (the store locks each assessment's row before reading it, so the
second attempt waits its turn and then sees the first writer's revision):

- both insert a new assessment's first row: the database refuses the second (a key violation);
- PostgreSQL cannot serialise the two transactions (SQLSTATE 40001) or finds them waiting on
  each other (deadlock, 40P01).

Anything else (the server gone, the connection cut, the disk full, a file that is not a database)
is not retried: it becomes one StoreError line naming the store and the database's reason.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

from ..text import Text

ATTEMPTS = 12  # about 6 s of waiting in all, at most, before giving up
FIRST_WAIT_S = 0.005
LONGEST_WAIT_S = 1.0
CLASH_STATES = ("40001", "40P01")  # serialization_failure, deadlock_detected


def is_clash(exc: BaseException) -> bool:
    """Whether a database error is a clash with another writer, which a new attempt resolves."""
    from sqlalchemy.exc import IntegrityError

    return isinstance(exc, IntegrityError) or getattr(getattr(exc, "orig", None), "sqlstate", None) in CLASH_STATES


def wait_before_retry(attempt: int) -> None:
    """Sleep before attempt `attempt + 1`: exponential back-off with jitter, so clashing writers spread out."""
    ceiling = min(LONGEST_WAIT_S, FIRST_WAIT_S * 2**attempt)
    time.sleep(random.uniform(ceiling / 2, ceiling))


def database_errors(engine: Any) -> tuple[type[BaseException], ...]:
    """The exceptions a database can raise through SQLAlchemy, or straight from its driver (raw cursors)."""
    from sqlalchemy.exc import DBAPIError

    driver = getattr(engine.dialect, "loaded_dbapi", None) or getattr(engine.dialect, "dbapi", None)
    driver_error = getattr(driver, "Error", None)
    return (DBAPIError, driver_error) if isinstance(driver_error, type) else (DBAPIError,)


def reason(exc: BaseException) -> str:
    """The database's own reason, on one line (without SQLAlchemy's statement and link)."""
    return " ".join(str(getattr(exc, "orig", None) or exc).split())


def log_note(engine: Any) -> Text | str:
    """"; SQLite keeps … in its log" when a full disk left saved assessments in the -wal file (they are not lost)."""
    file = _sqlite_file(engine)
    try:
        size = file.with_name(file.name + "-wal").stat().st_size if file else 0
    except OSError:
        return ""
    if not size:
        return ""
    return Text("; SQLite keeps the assessments it saved last in {log} ({kb} KB) until there is room to put them into the "
                "database: keep that file", log=f"{file}-wal", kb=-(-size // 1024))  # fmt: skip


def full_disk_note(engine: Any) -> Text | str:
    """"; the disk … is full" when the SQLite file's disk has no room left (SQLite may only say "disk I/O error")."""
    file = _sqlite_file(engine)
    if file is None:
        return ""
    try:
        full = shutil.disk_usage(file.parent).free < 64 * 1024
    except OSError:
        return ""
    return Text("; the disk holding {folder} is full: free some space, then run it again", folder=file.parent) if full else ""


def pgpass_note(engine: Any, said: str) -> Text | str:
    """"; ~/.pgpass is ignored…" when the server wants a password and libpq passed over a password file others can read.

    libpq skips such a file with only a warning on its own stderr; the server then says just
    "no password supplied", which does not tell the consultant why.
    """
    if engine.url.get_backend_name() != "postgresql" or "no password supplied" not in said:
        return ""
    file = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass").expanduser()
    try:
        loose = file.stat().st_mode & 0o077
    except OSError:
        return ""
    return Text("; {file} is not used: others can read it, and PostgreSQL then ignores it (chmod 600 {file})", file=file) if loose else ""


def _sqlite_file(engine: Any) -> Path | None:
    """The SQLite database file of an engine (None for another database)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    return Path(url.database.removeprefix("file:").partition("?")[0]).expanduser()
