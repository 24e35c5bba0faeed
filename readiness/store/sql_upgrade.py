"""Bringing a SQL store made by an earlier version up to date: the current table's framework and follows columns.

Stores made before several frameworks could share a store have no `framework_id` column. The
first use adds it and fills it from each assessment's latest document (the source of truth), a
few thousand rows per statement. Nothing else changes; running it again does nothing.
"""

from __future__ import annotations

import json
from typing import Any

from .sql_tables import _tables

BACKFILL_ROWS = 5000


def add_framework_column(engine: Any) -> None:
    """Add and fill `readiness_assessments.framework_id` when the table lacks it (a store from an earlier version)."""
    if _add_column(engine, "framework_id", "VARCHAR(128)"):
        _fill(engine)


def add_follows_column(engine: Any) -> None:
    """Add `readiness_assessments.follows` when the table lacks it (documents saved before follow-ups never name one)."""
    _add_column(engine, "follows", "TEXT")


def _add_column(engine: Any, name: str, sql_type: str) -> bool:
    """Add a column to the table of current assessments unless it has it; whether it lacked it."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    table = _tables().current.name
    if name in {c["name"] for c in inspect(engine).get_columns(table)}:
        return False
    try:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))
    except (OperationalError, ProgrammingError):  # another process added it at the same moment
        if name not in {c["name"] for c in inspect(engine).get_columns(table)}:
            raise
    return True


def _fill(engine: Any) -> None:
    """Each row's framework id, read from its latest document."""
    from sqlalchemy import and_, bindparam, select, update

    t = _tables()
    same = and_(t.revisions.c.id == t.current.c.id, t.revisions.c.revision == t.current.c.revision)
    query = select(t.current.c.id, t.revisions.c.document).select_from(t.current.join(t.revisions, same))
    with engine.begin() as conn:
        rows = conn.execute(query.where(t.current.c.framework_id.is_(None))).all()
        change = update(t.current).where(t.current.c.id == bindparam("key")).values(framework_id=bindparam("fid"))
        for start in range(0, len(rows), BACKFILL_ROWS):
            values = [{"key": key, "fid": _framework_id(document)} for key, document in rows[start : start + BACKFILL_ROWS]]
            conn.execute(change, values)


def _framework_id(document: str) -> str | None:
    """The framework id a stored document names (the shipped one when it names none)."""
    from ..core.framework import default_framework

    try:
        ref = json.loads(document).get("framework")
    except (ValueError, AttributeError):
        return None
    return ref.get("id") if isinstance(ref, dict) else default_framework().id
