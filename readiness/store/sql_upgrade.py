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
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    t = _tables()
    if "framework_id" in {c["name"] for c in inspect(engine).get_columns(t.current.name)}:
        return
    try:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE {t.current.name} ADD COLUMN framework_id VARCHAR(128)"))
    except (OperationalError, ProgrammingError):  # another process added it at the same moment
        if "framework_id" not in {c["name"] for c in inspect(engine).get_columns(t.current.name)}:
            raise
    _fill(engine)


def add_follows_column(engine: Any) -> None:
    """Add `readiness_assessments.follows` when the table lacks it (documents saved before follow-ups never name one)."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    t = _tables()
    if "follows" in {c["name"] for c in inspect(engine).get_columns(t.current.name)}:
        return
    try:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE {t.current.name} ADD COLUMN follows TEXT"))
    except (OperationalError, ProgrammingError):  # another process added it at the same moment
        if "follows" not in {c["name"] for c in inspect(engine).get_columns(t.current.name)}:
            raise


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
