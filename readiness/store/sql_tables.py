"""The SQL store's tables and engine: the two tables, queries on them, SQLite's settings, and quick inserts and reads.

The revisions table keeps every revision's JSON document: the source of truth, whatever the
framework. The current table indexes each assessment's latest revision: its framework id, and
the flat columns of the shipped framework's questions (for any framework's assessment, filled by
question id), so the shipped framework's table loads straight from SQL.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.assessment import Assessment
from ..core.framework import Framework, default_framework
from ..core.rows import flat_columns, number_columns, to_row
from ..text import Text

if TYPE_CHECKING:
    pass
try:  # Linux and macOS; elsewhere the folder store works without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
from .base import Filter

STREAM_ROWS = 2000  # rows fetched at a time when a SQL store is read as a stream


class _Tables:
    """The two tables: each assessment's latest revision number and flat columns, and every revision's document."""

    def __init__(self) -> None:
        from sqlalchemy import Column, Date, DateTime, Float, Integer, MetaData, String, Table, Text

        self.metadata = MetaData()
        layout = default_framework()  # the columns the current table was made with (flat layout v1)
        numbers = number_columns(layout)
        self.flat_columns = flat_columns(layout)
        flat = [Column(c, Text) for c in self.flat_columns if c not in ("id", "assessed_on", "client_name") + numbers]
        self.current = Table(
            "readiness_assessments", self.metadata,
            Column("id", String(128), primary_key=True),
            Column("revision", Integer, nullable=False),
            Column("saved_at", DateTime(timezone=True), nullable=False),
            Column("deleted_at", DateTime(timezone=True)),
            Column("client_name", Text, nullable=False),
            Column("assessed_on", Date, nullable=False),
            *flat,
            *(Column(c, Float) for c in numbers),
            Column("framework_id", String(128)),
        )  # fmt: skip
        self.revisions = Table(
            "readiness_revisions", self.metadata,
            Column("id", String(128), primary_key=True),
            Column("revision", Integer, primary_key=True),
            Column("saved_at", DateTime(timezone=True), nullable=False),
            Column("document", Text, nullable=False),
        )  # fmt: skip


_TABLES: _Tables | None = None


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        _TABLES = _Tables()
    return _TABLES


def _latest(*columns: Any) -> Any:
    """Select each assessment's latest document (kept once, in the revisions table), with `columns`."""
    from sqlalchemy import and_

    t = _tables()
    same = and_(t.revisions.c.id == t.current.c.id, t.revisions.c.revision == t.current.c.revision)
    return _select(t.revisions.c.document, *columns).select_from(t.current.join(t.revisions, same))


def _narrowed(query: Any, wanted: Filter) -> Any:
    """The query kept to non-deleted assessments and to what `wanted` says of size and dates (names: see Filter)."""
    c = _tables().current.c
    query = query.where(c.deleted_at.is_(None))
    if wanted.size:
        query = query.where(c.size == wanted.size)
    if wanted.since:
        query = query.where(c.assessed_on >= wanted.since)
    if wanted.until:
        query = query.where(c.assessed_on <= wanted.until)
    return query


def _select(*columns: Any) -> Any:
    from sqlalchemy import select

    return select(*columns)


def _engine(url: str) -> Any:
    """An engine for the URL; SQLite gets WAL, full sync, a busy timeout and immediate write transactions."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import NoSuchModuleError, SAWarning

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver we ship
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):  # what readiness is tested on
        raise NoSuchModuleError(parsed.get_backend_name())
    if not parsed.drivername.startswith("sqlite"):
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.password is not None or "password" in parsed.query:
        raise ValueError(Text("a SQLite file has no password: take it out of the URL"))
    parsed = parsed.set(database=_sqlite_file(parsed.database, parsed.query))
    with warnings.catch_warnings():  # a parameter SQLite ignores is one line, not SQLAlchemy's warning on the terminal
        warnings.simplefilter("error", SAWarning)
        engine = create_engine(parsed, connect_args={"timeout": 60, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_file(database: str | None, query: Mapping[str, Any]) -> str:
    """The database file of a SQLite URL (~ expanded); ValueError for an in-memory one or a missing folder.

    A `file:` URI (with ?uri=true) is kept as written once its path passes the same checks.
    """
    uri = (database or "").startswith("file:")
    path_part, _, uri_query = (database or "").removeprefix("file:").partition("?")
    in_memory = path_part in ("", ":memory:") or "mode=memory" in uri_query or "memory" in str(query.get("mode", ""))
    if in_memory:
        raise ValueError(Text(
            "an in-memory SQLite database keeps nothing once the command ends; give a file, e.g. sqlite:////home/me/assessments.db"
        ))  # fmt: skip
    path = Path(path_part).expanduser()
    if not path.parent.is_dir():
        raise ValueError(Text("the folder {folder} does not exist (create it, or check the path)", folder=path.parent))
    return database if uri else str(path)


def _insert_many(conn: Any, statement: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows with the driver's own executemany: SQLAlchemy's per-row handling costs more than the insert."""
    compiled = statement.compile(dialect=conn.dialect, column_keys=list(rows[0]))
    if conn.dialect.name == "sqlite":  # its driver takes dates as text, the way SQLAlchemy writes them
        for name in (name for name in _TIME_COLUMNS if name in rows[0]):
            for row in rows:  # the rows are ours to change
                row[name] = _sqlite_value(row[name])
    names = compiled.positiontup
    values = list(map(itemgetter(*names), rows)) if names else rows  # (several columns: itemgetter gives tuples)
    conn.exec_driver_sql(str(compiled), values)


_TIME_COLUMNS = ("assessed_on", "saved_at", "deleted_at")


@lru_cache(maxsize=4096)  # a batch shares one save time, and dates repeat
def _sqlite_value(value: Any) -> Any:
    """Dates and times as SQLAlchemy stores them in SQLite (ISO text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA synchronous=FULL")  # durable: a saved assessment survives a power cut
    cursor.close()


def _write_ahead_log(cursor: Any) -> None:
    """Put the database in WAL mode (it stays so), waiting while another process does it to a new file.

    SQLite answers "database is locked" at once, without its busy timeout, when two connections
    switch a new database to WAL at the same moment.
    """
    import sqlite3
    import time

    for attempt in range(100):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == 99:
                raise
            time.sleep(0.05)


def _fold_log(engine: Any, mode: str) -> None:
    """SQLite: copy the write-ahead log's saved pages into the database file (PASSIVE: without waiting; TRUNCATE: then
    empty the log). Best effort: a checkpoint that cannot be done now is done by a later one.

    A write that fails (a full disk) leaves its pages in the log, up to the whole disk, and SQLite
    removes the log on closing only once it could fold it in. Folding after every committed batch
    leaves nothing but the failed write's pages in it, which TRUNCATE then drops, so a full disk
    gets its room back.
    """
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as conn:
            conn.connection.driver_connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
    except (sqlite3.Error, DBAPIError, OSError):
        pass  # (the next checkpoint, or SQLite when the last connection closes, does it)


def _sqlite_begin(conn: Any) -> None:
    write = conn.get_execution_options().get("readiness_write", True)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _sql_values(a: Assessment) -> dict[str, Any]:
    row = to_row(a, default_framework())  # the table's columns, filled by question id whatever the framework
    row["assessed_on"] = a.assessed_on
    row["framework_id"] = a.framework.get("id")
    return row


def _indexed(framework: Framework) -> bool:
    """Whether the current table's columns hold this framework's answers (its questions are the table's, column for column)."""
    layout = default_framework()
    return all(layout.has_question(q.id) and layout.question(q.id).columns == q.columns for q in framework.questions)


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _canonical(a: Assessment) -> str:
    return _COMPACT(a.to_dict(copy=False))


def _now() -> datetime:
    return datetime.now(UTC)


def _plain_rows(conn: Any, query: Any) -> list[tuple]:
    """Rows as plain tuples straight from the driver (SQLAlchemy's row objects cost more than the query)."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})))  # (its values: ids and dates, checked)
        return cursor.fetchall()
    finally:
        cursor.close()


def _plain_stream(conn: Any, query: Any) -> Iterator[tuple]:
    """Rows as plain tuples straight from the driver, fetched a few thousand at a time (a server-side cursor on PostgreSQL)."""
    raw = conn.connection.dbapi_connection
    named = conn.dialect.name == "postgresql"
    cursor = raw.cursor(name=f"readiness_{id(query):x}") if named else raw.cursor()
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})))  # (its values: ids and dates, checked)
        while rows := cursor.fetchmany(STREAM_ROWS):
            yield from rows
    finally:
        cursor.close()
