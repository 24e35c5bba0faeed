"""The SQL store: any SQLAlchemy URL (a SQLite file, a team's PostgreSQL server), revisions kept in a second table."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.assessment import Assessment
from ..core.errors import NotFoundError, StoreError, ValidationError
from ..core.framework import Framework, default_framework
from ..core.rows import flat_columns
from ..text import Text
from .redaction import shown_url, store_url

if TYPE_CHECKING:
    import pandas as pd
try:  # Linux and macOS; elsewhere the folder store works without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
from .base import (
    Filter,
    Identity,
    Page,
    SaveSummary,
    Store,
    _as_day,
    _chunks,
    _order,
    _runs,
    _scored_frame,
    collector_paused,
    frame_of,
)
from .sql_tables import (
    STREAM_ROWS,
    _canonical,
    _engine,
    _fold_log,
    _indexed,
    _insert_many,
    _latest,
    _narrowed,
    _now,
    _plain_rows,
    _plain_stream,
    _select,
    _sql_values,
    _tables,
)

SQL_BATCH = 10_000  # assessments per transaction (SQL stores): each commit waits for the disk


class SqlStore(Store):
    """Assessments in a database (any SQLAlchemy URL): SQLite for one machine, PostgreSQL for a team."""

    def __init__(self, url: str, framework: Framework | None = None):
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SAWarning

        self.framework = framework
        url, self._secrets = store_url(url)  # the password read as typed, whatever it holds; hidden in every message
        try:
            self.engine = _engine(url)
        except (NoSuchModuleError, ImportError) as exc:  # an unknown kind of database, or its driver missing
            kind = url.split(":", 1)[0]
            if isinstance(exc, ImportError):
                why = Text("its driver is not installed ({reason})", reason=self._secrets.hide(exc))
            else:
                why = Text("not supported")
            raise StoreError(Text(
                "cannot open the store {store}: {kind}: {reason}; readiness works with SQLite files "
                "(sqlite:///path/to/file.db) and PostgreSQL (postgresql://…)", store=self._secrets.hide(url), kind=kind, reason=why,
            )) from None  # fmt: skip
        except (ArgumentError, ValueError, OSError, SAWarning) as exc:
            said = exc.args[0] if exc.args and isinstance(exc.args[0], Text) else self._secrets.hide(" ".join(str(exc).split()))
            raise StoreError(Text("cannot open the store {store}: {reason}", store=self._secrets.hide(url), reason=said)) from None
        self._tables_ready = False

    def describe(self) -> str:
        """The URL with any password hidden (in `user:password@` and in `?password=`)."""
        return shown_url(self.engine.url)

    def close(self) -> None:
        """Close the database connections."""
        self.engine.dispose()

    def _store_one(self, assessment: Assessment) -> None:
        """One transaction."""
        self._save_batch([assessment])

    def _store_many(self, assessments: Iterable[Assessment], progress: Callable[[int], Any] | None) -> SaveSummary:
        """One transaction per batch."""
        summary = SaveSummary()
        for run in _runs(assessments, SQL_BATCH):
            summary += self._save_batch(run)
            if progress:
                progress(len(run))
        return summary

    def get(self, assessment_id: str) -> Assessment:
        """The latest revision; NotFoundError names the id when absent or deleted."""
        t = _tables()
        with self._reading() as conn:
            row = conn.execute(_latest(t.current.c.deleted_at).where(t.current.c.id == assessment_id)).first()
        if row is None or row.deleted_at is not None:
            raise self._not_found(assessment_id, row)
        return self._parse(row.document, assessment_id)

    def revisions(self, assessment_id: str) -> list[Assessment]:
        """Every revision of one assessment, oldest first."""
        t = _tables()
        query = (
            _select(t.revisions.c.document).where(t.revisions.c.id == assessment_id).order_by(t.revisions.c.revision)
        )
        with self._reading() as conn:
            documents = conn.execute(query).scalars().all()
        if not documents:
            raise self._not_found(assessment_id, None)
        return [self._parse(d, assessment_id) for d in documents]

    def delete(self, assessment_id: str) -> None:
        """Mark the assessment deleted (restore brings it back)."""
        if not self._set_deleted(assessment_id, _now(), lambda deleted_at: deleted_at is None):
            raise self._not_found(assessment_id, None)

    def restore(self, assessment_id: str) -> None:
        """Clear the deleted mark."""
        self._set_deleted(assessment_id, None, lambda deleted_at: True)

    def deleted(self) -> list[Assessment]:
        """The deleted assessments that can still be restored."""
        t = _tables()
        with self._reading() as conn:
            documents = conn.execute(_latest().where(t.current.c.deleted_at.is_not(None))).scalars().all()
        return sorted((self._parse(d) for d in documents), key=_order)

    def load_frame(self, framework: Framework | None = None, *, every_framework: bool = False) -> pd.DataFrame:
        """One framework's assessments: for the shipped framework's questions, the flat columns straight from the
        table then one vectorised scoring pass; for others, their documents (see Store.load_frame)."""
        from sqlalchemy import String, cast, func

        fw = framework or self.framework or default_framework()
        t = _tables()
        c = t.current.c
        live = c.deleted_at.is_(None)
        with self._reading() as conn:
            others = conn.execute(_select(c.framework_id, func.count()).where(live & (c.framework_id != fw.id)).group_by(c.framework_id)).all()
            if every_framework or not _indexed(fw):
                mine = live if every_framework else live & (c.framework_id == fw.id)
                documents = conn.execute(_latest().where(mine)).scalars().all()
            else:
                names = flat_columns(fw)
                columns = [cast(c.assessed_on, String) if name == "assessed_on" else c[name] for name in names]
                rows = _plain_rows(conn, _select(*columns).where(live & (c.framework_id == fw.id)).order_by(*self._list_order()))
                documents = None
        if documents is not None:
            with collector_paused():
                frame = frame_of((self._parse(d) for d in documents), fw, every_framework=every_framework)
        else:
            frame = _scored_frame(rows, fw, ordered=True)
        if not every_framework:
            frame.attrs["left_out"] = {str(framework_id): n for framework_id, n in sorted(others, key=lambda x: str(x[0]))}
        frame.attrs["store"] = self.describe()
        return frame

    def __len__(self) -> int:
        from sqlalchemy import func

        t = _tables()
        with self._reading() as conn:
            return conn.execute(
                _select(func.count()).select_from(t.current).where(t.current.c.deleted_at.is_(None))
            ).scalar_one()

    def exists(self) -> bool:
        """A SQLite file is there; a server is assumed to be (connecting tells)."""
        url = self.engine.url
        file = (url.database or "").removeprefix("file:").partition("?")[0]  # (a file: URI names its path too)
        return url.get_backend_name() != "sqlite" or Path(file).is_file()

    def index(self) -> dict[str, Identity]:
        """One query on the current table, read as a stream of plain rows (a million ids fit in memory; their rows too would not)."""
        c = _tables().current.c
        query = _select(c.id, c.client_name, c.assessed_on, c.deleted_at.is_not(None))
        found, days = {}, {}  # (each day once: a million rows share a few thousand)
        with self._reading() as conn:
            for assessment_id, name, day, deleted in _plain_stream(conn, query):
                on = days.get(day) or days.setdefault(day, _as_day(day))
                found[assessment_id] = Identity(name, on, bool(deleted))
        return found

    def _candidates(self, wanted: Filter) -> Iterable[Assessment]:
        with self._reading() as conn:
            documents = conn.execute(_narrowed(_latest(), wanted)).scalars().all()
        return [self._parse(d) for d in documents]

    def _in_order(self, wanted: Filter) -> Iterator[Assessment]:
        """The documents in list order, fetched a few thousand at a time (a server-side cursor on PostgreSQL)."""
        query = _narrowed(_latest(), wanted).order_by(*self._list_order())
        with self._reading() as conn:
            for document in conn.execution_options(yield_per=STREAM_ROWS).execute(query).scalars():
                yield self._parse(document)

    def _page(self, wanted: Filter, start: int, size: int) -> Page:
        """The page's ids from the current table alone (client and industry checked on its columns), then their documents."""
        from sqlalchemy import func

        c = _tables().current.c
        ordered = _narrowed(_select(c.id, c.client_name, c.industry), wanted).order_by(*self._list_order())
        with self._reading() as conn:
            if wanted.client is None and wanted.industry is None:  # the database counts and cuts the page
                total = conn.execute(_narrowed(_select(func.count()).select_from(_tables().current), wanted)).scalar_one()
                ids = conn.execute(ordered.with_only_columns(c.id).limit(size).offset(start)).scalars().all()
            else:
                total, ids = 0, []
                for row in conn.execution_options(yield_per=STREAM_ROWS).execute(ordered):
                    if wanted.names_match(row.client_name, row.industry):
                        if start <= total < start + size:
                            ids.append(row.id)
                        total += 1
            documents = {}  # (fetched a thousand ids at a time: databases limit the values of one query)
            for some in _chunks(ids, 1000):
                documents.update((i, d) for d, i in conn.execute(_latest(c.id).where(c.id.in_(some))))
        return Page([self._parse(documents[i], i) for i in ids if i in documents], total, start)

    def _list_order(self) -> list[Any]:
        """ORDER BY date, client, id, comparing text by code point as Python does (SQLite already does)."""
        c = _tables().current.c
        by_code_point = self.engine.dialect.name == "postgresql"
        return [c.assessed_on, c.client_name.collate("C") if by_code_point else c.client_name, c.id]

    # -- writing

    def _save_batch(self, batch: list[Assessment]) -> SaveSummary:
        """Save assessments with distinct ids in one transaction; a clash with another writer is tried again."""
        from .sql_faults import ATTEMPTS, reason, wait_before_retry

        for attempt in range(ATTEMPTS):
            try:
                with self._writing() as conn:
                    summary = self._write_batch(conn, batch)
                _fold_log(self.engine, "TRUNCATE")  # SQLite: what is saved goes into the file, so a failure later can free its log
                return summary
            except _Clash as clash:
                if attempt == ATTEMPTS - 1:
                    raise StoreError(Text(
                        "{store}: could not save: other writers kept changing the same assessments ({reason})",
                        store=self.describe(), reason=self._secrets.hide(reason(clash.__cause__)),
                    )) from None  # fmt: skip
                wait_before_retry(attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _write_batch(self, conn: Any, batch: list[Assessment]) -> SaveSummary:
        from sqlalchemy import bindparam, insert, update

        t = _tables()
        c = t.current.c
        ids = sorted(a.id for a in batch)  # rows locked in one order: two batches never wait on each other
        # Lock the rows first, on their own: a locking query that also joins the revisions would, in
        # PostgreSQL, skip a row another writer has just revised (its join no longer matches).
        conn.execute(_select(c.id).where(c.id.in_(ids)).order_by(c.id).with_for_update()).all()
        query = _latest(c.id, c.revision, c.deleted_at).where(c.id.in_(ids))
        existing = {r.id: r for r in conn.execute(query)}
        now = _now()
        revisions, new_rows, changed_rows, restored = [], [], [], []
        for a in batch:
            row = existing.get(a.id)
            document = _canonical(a)
            if row is not None and self._same(row.document, a, document):
                if row.deleted_at is not None:
                    restored.append({"key": a.id})
                continue
            number = row.revision + 1 if row is not None else 1
            values = _sql_values(a) | {"revision": number, "saved_at": now, "deleted_at": None}
            revisions.append({"id": a.id, "revision": number, "saved_at": now, "document": document})
            (changed_rows if row is not None else new_rows).append(values)
        summary = SaveSummary(len(new_rows), len(changed_rows), len(batch) - len(revisions))
        if revisions:
            _insert_many(conn, insert(t.revisions), revisions)
        if new_rows:
            _insert_many(conn, insert(t.current), new_rows)
        if changed_rows:
            keyed = [{**{k: v for k, v in values.items() if k != "id"}, "key": values["id"]} for values in changed_rows]
            conn.execute(update(t.current).where(t.current.c.id == bindparam("key")), keyed)
        if restored:
            conn.execute(update(t.current).where(t.current.c.id == bindparam("key")).values(deleted_at=None), restored)
        return summary

    def _set_deleted(self, assessment_id: str, when: datetime | None, allowed: Callable[[Any], bool]) -> bool:
        from sqlalchemy import update

        t = _tables()
        with self._writing() as conn:
            row = conn.execute(
                _select(t.current.c.deleted_at).where(t.current.c.id == assessment_id).with_for_update()
            ).first()
            if row is None:
                raise self._not_found(assessment_id, None)
            if not allowed(row.deleted_at):
                return False
            conn.execute(update(t.current).where(t.current.c.id == assessment_id).values(deleted_at=when))
            return True

    def _same(self, stored: str, a: Assessment, document: str) -> bool:
        if stored == document:
            return True
        try:
            return self._parse(stored).to_dict() == a.to_dict()
        except StoreError:
            return False

    # -- plumbing

    def _parse(self, document: str, expected_id: str | None = None) -> Assessment:
        try:
            return Assessment.from_stored(json.loads(document), self.framework)
        except (ValueError, RecursionError, ValidationError) as exc:
            raise StoreError(Text(
                "{store}: stored assessment {id} cannot be read: {reason}", store=self.describe(), id=expected_id or "", reason=exc
            )) from None

    def _not_found(self, assessment_id: str, row: Any) -> NotFoundError:
        if row is not None and row.deleted_at is not None:
            return NotFoundError(Text("assessment {id} was deleted from {store}; restore it to use it", id=assessment_id, store=self.describe()))
        return NotFoundError(Text("no assessment with id {id} in {store}", id=assessment_id, store=self.describe()))

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        with self._connection(write=False) as conn:
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        with self._connection(write=True) as conn:
            yield conn

    @contextmanager
    def _connection(self, write: bool) -> Iterator[Any]:
        """A transaction (write: taken at once, so SQLite writers queue instead of failing)."""
        from .sql_faults import database_errors, full_disk_note, is_clash, log_note, pgpass_note, reason

        try:
            self._ensure_tables()
            with self.engine.connect() as conn:
                conn = conn.execution_options(readiness_write=write)
                with conn.begin():
                    yield conn
        except database_errors(self.engine) as exc:  # cannot connect, connection cut, disk full, not a database…
            if write and is_clash(exc):
                raise _Clash(f"store {self.describe()}: another writer changed the same assessment at the same moment") from exc
            said, full = self._secrets.hide(reason(exc)), full_disk_note(self.engine)
            if write:
                _fold_log(self.engine, "TRUNCATE")  # SQLite: the failed write's pages leave its log (a full disk gets them back)
            raise StoreError(Text(
                "store {store} cannot be used: {reason}{note}{log}", store=self.describe(), reason=said,
                note=full or pgpass_note(self.engine, said), log=log_note(self.engine) if full else "",
            )) from None  # fmt: skip

    def _ensure_tables(self) -> None:
        if self._tables_ready:
            return
        from sqlalchemy.exc import IntegrityError, ProgrammingError

        from .sql_upgrade import add_follows_column, add_framework_column

        try:
            _tables().metadata.create_all(self.engine)
        except (IntegrityError, ProgrammingError):  # another process created them at the same moment
            _tables().metadata.create_all(self.engine)
        add_framework_column(self.engine)
        add_follows_column(self.engine)
        _fold_log(self.engine, "PASSIVE")
        self._tables_ready = True


class _Clash(StoreError):
    """Another writer changed the same assessments at the same moment: a save tries again (other writes say so)."""
