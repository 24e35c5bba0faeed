"""Where assessments are kept: a folder of JSON files, or any SQL database (SQLite, PostgreSQL).

Both stores keep the same promises (one contract test suite runs on each):

- `save(a)` is atomic and durable; the same id with different content adds a new revision and
  keeps the earlier ones, identical content adds nothing; saving a deleted id brings it back.
- `get(id)` is the latest revision, `revisions(id)` all of them oldest first, `list(...)` the
  latest non-deleted ones, `delete(id)` is recoverable with `restore(id)`.
- `load_frame()` is the flat table (one row per assessment) with its score columns.

The folder layout stays readable by anyone and syncs through a shared drive:

    data/assessments/
      <id>.json                   the latest revision, format v1
      .revisions/<id>/000001.json earlier revisions, numbered from the oldest
      .deleted/<id>.json          deleted assessments; restore moves them back
      .writing/                   temp files of a save, while it runs
      .lock                       held while writing, so two processes never interleave

Every file is written to a temporary name, flushed to disk, then renamed over the old one, so a
crash leaves either the old or the new file, never half of one. A bulk save (an import) flushes
each batch of files with one sync; from its second batch on, a helper process (`_filewriter`)
writes and renames each batch while this one prepares the next. A save that fails (a full disk)
or is interrupted takes back the revisions it kept for files that did not land, and its temp
files (`folder_undo`): the batches that landed stay, whole, and one StoreError line says why.
"""

from __future__ import annotations

import gc
import json
import os
import re
import warnings
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ._filewriter import write_file
from .assessment import FLAT_COLUMNS, Assessment, client_key, to_row
from .errors import NotFoundError, Problem, StoreError, ValidationError
from .folder_undo import SaveJournal, same_content
from .framework import Framework, default_framework
from .paths import default_store
from .redaction import redact

if TYPE_CHECKING:
    import pandas as pd

try:  # Linux and macOS; elsewhere the folder store works without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

REVISIONS = ".revisions"
DELETED = ".deleted"
WRITING = ".writing"
LOCK = ".lock"
BATCH = 2000  # files flushed to disk together (folder store)
SQL_BATCH = 10_000  # assessments per transaction (SQL stores): each commit waits for the disk
STREAM_ROWS = 2000  # rows fetched at a time when a SQL store is read as a stream
NUMBER_COLUMNS = ("budget_annual", "bounce_rate")
TEXT_COLUMNS = tuple(c for c in FLAT_COLUMNS if c not in NUMBER_COLUMNS + ("assessed_on",))
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class Identity(NamedTuple):
    """Whose assessment a stored id is: its client and date as stored, and whether it is deleted."""

    client_name: str
    assessed_on: date
    deleted: bool = False


class StoreWarning(UserWarning):
    """A stored file was skipped because it cannot be read (named in the message)."""


@dataclass(frozen=True)
class SaveSummary:
    """What a batch of saves did: new assessments, new revisions, and unchanged ones."""

    added: int = 0
    revised: int = 0
    unchanged: int = 0

    def __add__(self, other: SaveSummary) -> SaveSummary:
        return SaveSummary(self.added + other.added, self.revised + other.revised, self.unchanged + other.unchanged)


@dataclass(frozen=True)
class Page:
    """One page of what `Store.list` gives: its assessments, how many match in all, and where it starts (from 0)."""

    assessments: list[Assessment]
    total: int
    start: int = 0


def open_store(spec: str | os.PathLike | Store | None = None, framework: Framework | None = None) -> Store:
    """The store at a folder path or SQLAlchemy URL (None: $READINESS_STORE or data/assessments)."""
    if isinstance(spec, Store):
        return spec
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        spec = default_store()  # $READINESS_STORE, else the project's data/assessments/
    if isinstance(spec, str) and _URL.match(spec.strip()):
        return SqlStore(spec.strip(), framework)
    return FolderStore(spec, framework)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector during bulk work that makes many lasting objects and no cycles.

    Left running, it scans the growing heap again and again: a third of a large import's time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def frame_of(
    assessments: Iterable[Assessment], framework: Framework | None = None, *, keep_order: bool = False
) -> pd.DataFrame:
    """The flat table of these assessments plus score columns (text as str, numbers as float).

    Rows by date then client, or in the order given (`keep_order`, e.g. revisions as saved).
    """
    return _scored_frame([_flat_values(a) for a in assessments], framework, ordered=keep_order)


class Store(ABC):
    """Assessments kept somewhere, with revisions and recoverable deletion."""

    framework: Framework | None = None

    def save(self, assessment: Assessment) -> Assessment:
        """Store one assessment atomically and durably; return it. ValidationError names any bad field."""
        self._store_one(_valid(assessment, self.framework))
        return assessment

    def save_many(
        self,
        assessments: Iterable[Assessment],
        progress: Callable[[int], Any] | None = None,
        *,
        validated: bool = False,
    ) -> SaveSummary:
        """Store many assessments quickly (same rules as `save`), calling `progress(n)` as batches land.

        `validated=True` skips checking each record again when they were just read by
        `Assessment.from_dict` or `from_row` with this store's framework (as an import does).
        """
        records = assessments if validated else (_valid(a, self.framework) for a in assessments)
        with collector_paused():
            return self._store_many(records, progress)

    @abstractmethod
    def _store_one(self, assessment: Assessment) -> None:
        """Write one checked assessment, durably."""

    @abstractmethod
    def _store_many(self, assessments: Iterable[Assessment], progress: Callable[[int], Any] | None) -> SaveSummary:
        """Write many checked assessments."""

    @abstractmethod
    def get(self, assessment_id: str) -> Assessment:
        """The latest revision; NotFoundError names the id when absent or deleted."""

    @abstractmethod
    def revisions(self, assessment_id: str) -> list[Assessment]:
        """Every revision of one assessment, oldest first (deleted ones too)."""

    @abstractmethod
    def delete(self, assessment_id: str) -> None:
        """Set an assessment aside; `restore` brings it back."""

    @abstractmethod
    def restore(self, assessment_id: str) -> None:
        """Bring back a deleted assessment (nothing to do if it is not deleted)."""

    @abstractmethod
    def deleted(self) -> list[Assessment]:
        """The deleted assessments that can still be restored."""

    def exists(self) -> bool:
        """Whether the store is there already (finding out creates nothing)."""
        return True

    @abstractmethod
    def index(self) -> dict[str, Identity]:
        """Every stored id (deleted ones too) with its client and date: what an import checks rows against."""

    @abstractmethod
    def describe(self) -> str:
        """Where the store is, for people (passwords hidden)."""

    @abstractmethod
    def _candidates(self, wanted: Filter) -> Iterable[Assessment]:
        """Latest non-deleted assessments, possibly narrowed already by `wanted`."""

    def list(
        self,
        client: str | None = None,
        industry: str | None = None,
        size: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> list[Assessment]:
        """Latest revisions of the non-deleted assessments that match, by date then client."""
        wanted = Filter.of(client, industry, size, since, until, self.framework)
        with collector_paused():
            return sorted((a for a in self._candidates(wanted) if wanted.matches(a)), key=_order)

    def each(self, **filters: Any) -> Iterator[Assessment]:
        """What `list(**filters)` gives, in the same order, one at a time: memory stays small whatever the store's size."""
        wanted = Filter.of(**filters, framework=self.framework)
        return (a for a in self._in_order(wanted) if wanted.matches(a))

    def page(self, number: int = 1, per_page: int = 50, **filters: Any) -> Page:
        """Page `number` (from 1) of what `list(**filters)` gives, `per_page` a page, and how many match in all."""
        wanted = Filter.of(**filters, framework=self.framework)
        return self._page(wanted, (max(number, 1) - 1) * per_page, per_page)

    @abstractmethod
    def _in_order(self, wanted: Filter) -> Iterator[Assessment]:
        """Latest non-deleted assessments in list order, streamed, possibly narrowed already by `wanted`."""

    def _page(self, wanted: Filter, start: int, size: int) -> Page:
        """A page of the matching assessments, counting them all (stores may do it with less reading)."""
        shown, total = [], 0
        for a in self._in_order(wanted):
            if wanted.matches(a):
                if start <= total < start + size:
                    shown.append(a)
                total += 1
        return Page(shown, total, start)

    def load_frame(self) -> pd.DataFrame:
        """One row per (latest, non-deleted) assessment: flat columns plus score columns."""
        with collector_paused():
            frame = frame_of(self._candidates(Filter()), self.framework)
        frame.attrs["store"] = self.describe()
        return frame

    def __len__(self) -> int:
        return sum(1 for _ in self._candidates(Filter()))

    def __bool__(self) -> bool:
        return True  # an empty store is still a store (`store or default` must not replace it)

    def close(self) -> None:  # noqa: B027 - an optional hook: only SQL stores hold connections
        """Release connections (nothing to do for a folder)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.describe()}>"


@dataclass(frozen=True)
class Filter:
    """What `Store.list` keeps: part of the client name, industry, size, a date range."""

    client: str | None = None
    industry: str | None = None
    size: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, client=None, industry=None, size=None, since=None, until=None, framework=None) -> Filter:
        """A filter from user values (dates may be ISO text); a bad size or date raises ValidationError."""
        problems: list[Problem] = []
        first, last = _as_date(since, "since", problems), _as_date(until, "until", problems)
        sizes = (framework or default_framework()).sizes
        code = re.sub(r"[\s-]+", "_", size.strip().lower()) if size else None
        if code and code not in sizes:
            problems.append(Problem("size", f'size must be one of {", ".join(sizes)}, got "{size}"'))
        if problems:
            raise ValidationError(problems)
        return cls(client_key(client) or None, client_key(industry) or None, code, first, last)

    def matches(self, a: Assessment) -> bool:
        """Whether the assessment passes every condition given."""
        return (
            self.names_match(a.client.name, a.client.industry)
            and (self.size is None or self.size == a.client.size)
            and (self.since is None or a.assessed_on >= self.since)
            and (self.until is None or a.assessed_on <= self.until)
        )

    def names_match(self, client_name: str, industry: str | None) -> bool:
        """Whether a client name and industry pass the client and industry conditions (the others aside)."""
        return (self.client is None or self.client in client_key(client_name)) and (
            self.industry is None or self.industry == client_key(industry)
        )


# ---------------------------------------------------------------- the folder store


class FolderStore(Store):
    """One JSON file per assessment in a folder (see the module docstring for the layout)."""

    def __init__(self, root: str | os.PathLike, framework: Framework | None = None):
        self.root = Path(root).expanduser()
        self.framework = framework
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"store {self.root} is a file, not a folder")

    def describe(self) -> str:
        """The folder, e.g. "folder data/assessments"."""
        return f"folder {self.root}"

    def _store_one(self, assessment: Assessment) -> None:
        """Write one file durably under the lock."""
        with self._writing(), self._undone_if_failed() as journal:
            temps = self._temp_folder()
            batch = _FolderBatch(self, _Known(self, listed=False), temps, durable=True, journal=journal)
            batch.put(assessment)
            batch.write()
            batch.land()
            _remove_folder_if_empty(temps)

    def _store_many(self, assessments: Iterable[Assessment], progress: Callable[[int], Any] | None) -> SaveSummary:
        """Batches planned here, then written under temp names, flushed to disk and renamed into place."""
        summary = SaveSummary()
        with self._writing() as lock, self._undone_if_failed() as journal:
            with _Lander(self, lock, progress) as lander:  # (left first: the helper has stopped before any undo)
                temps = self._temp_folder()
                _remove_stale_temp_files(self.root)  # (earlier versions wrote single saves' temp files there)
                known = _Known(self, listed=True)
                for run in _runs(assessments):
                    lander.settle(a.id for a in run)
                    batch = _FolderBatch(self, known, temps, durable=False, journal=journal)
                    for a in run:
                        batch.put(a)
                    summary += batch.summary()
                    lander.land(batch)
                lander.finish()
            _remove_folder_if_empty(temps)
        return summary

    def get(self, assessment_id: str) -> Assessment:
        """The latest revision; NotFoundError names the id when absent or deleted."""
        path = self._live(assessment_id)
        if not path.exists():
            raise self._not_found(assessment_id)
        return self._read(path)

    def revisions(self, assessment_id: str) -> list[Assessment]:
        """Every revision of one assessment, oldest first."""
        history = sorted(self._history(assessment_id).glob("*.json")) if self._history(assessment_id).is_dir() else []
        latest = self._live(assessment_id) if self._live(assessment_id).exists() else self._trash(assessment_id)
        paths = history + ([latest] if latest.exists() else [])
        if not paths:
            raise self._not_found(assessment_id)
        return _without_repeats(a for a in map(self._read_or_warn, paths) if a is not None)

    def delete(self, assessment_id: str) -> None:
        """Move the assessment to .deleted/ (restore brings it back)."""
        live, trash = self._live(assessment_id), self._trash(assessment_id)
        with self._writing():
            if not live.exists():
                raise self._not_found(assessment_id)
            trash.parent.mkdir(exist_ok=True)
            os.replace(live, trash)
            _fsync_dir(trash.parent)
            _fsync_dir(self.root)

    def restore(self, assessment_id: str) -> None:
        """Move a deleted assessment back from .deleted/."""
        live, trash = self._live(assessment_id), self._trash(assessment_id)
        with self._writing():
            if live.exists():
                trash.unlink(missing_ok=True)  # left by a save interrupted after its rename
                return
            if not trash.exists():
                raise self._not_found(assessment_id)
            os.replace(trash, live)
            _fsync_dir(self.root)

    def deleted(self) -> list[Assessment]:
        """The deleted assessments that can still be restored."""
        files = [(path, i) for path, i in _json_files(self.root / DELETED) if not self._live(i).exists()]
        return sorted(self._read_all(files), key=_order)

    def exists(self) -> bool:
        """Whether the folder is there."""
        return self.root.is_dir()

    def index(self) -> dict[str, Identity]:
        """Every file read (live ones, then deleted ones without a live file); damaged files are skipped with a warning."""
        live = _json_files(self.root)
        found = {a.id: Identity(a.client.name, a.assessed_on) for a in self._read_all(live)}
        trash = [(path, i) for path, i in _json_files(self.root / DELETED) if i not in found]
        found.update((a.id, Identity(a.client.name, a.assessed_on, True)) for a in self._read_all(trash))
        return found

    def __len__(self) -> int:
        return len(_json_files(self.root))

    def _candidates(self, wanted: Filter) -> Iterable[Assessment]:
        return self._read_all(_json_files(self.root))

    def _in_order(self, wanted: Filter) -> Iterator[Assessment]:
        """Every file read once for its place in the list (only that is kept), then again in list order."""
        return self._read_in_order(self._places(wanted))

    def _page(self, wanted: Filter, start: int, size: int) -> Page:
        places = self._places(wanted)
        return Page(list(self._read_in_order(places[start : start + size])), len(places), start)

    def _places(self, wanted: Filter) -> list[tuple]:
        """(date, client, id) of each matching assessment, in list order."""
        with collector_paused():
            return sorted(_order(a) for a in self._read_all(_json_files(self.root)) if wanted.matches(a))

    def _read_in_order(self, places: Iterable[tuple]) -> Iterator[Assessment]:
        for *_, assessment_id in places:
            path = self._live(assessment_id)
            if path.exists():  # (deleted since it was listed: no longer shown)
                a = self._read_or_warn(path, assessment_id)
                if a is not None:
                    yield a

    # -- reading

    def _read_all(self, files: Iterable[tuple[str, str]]) -> Iterator[Assessment]:
        for path, assessment_id in files:
            a = self._read_or_warn(path, assessment_id)
            if a is not None:
                yield a

    def _read(self, path: str | Path, expected_id: str | None = None) -> Assessment:
        """One stored file, checked; StoreError names the file when it is damaged."""
        try:
            a = Assessment.from_dict(json.loads(_file_bytes(path)), self.framework)
        except (OSError, ValueError, RecursionError, ValidationError) as exc:  # RecursionError: JSON nested without end
            raise StoreError(f"{path}: cannot read this stored assessment: {exc}") from None
        expected_id = expected_id or _stored_id(Path(path))
        if a.id != expected_id:
            raise StoreError(f"{path}: holds id {a.id!r}, not {expected_id!r} (a copied or conflicting file?)")
        return a

    def _read_or_warn(self, path: str | Path, expected_id: str | None = None) -> Assessment | None:
        try:
            return self._read(path, expected_id)
        except StoreError as exc:
            warnings.warn(f"skipped: {exc}", StoreWarning, stacklevel=4)
            return None

    # -- places

    def _live(self, assessment_id: str) -> Path:
        return self.root / f"{_checked_id(assessment_id)}.json"

    def _trash(self, assessment_id: str) -> Path:
        return self.root / DELETED / f"{_checked_id(assessment_id)}.json"

    def _history(self, assessment_id: str) -> Path:
        return self.root / REVISIONS / _checked_id(assessment_id)

    def _not_found(self, assessment_id: str) -> NotFoundError:
        if self._trash(assessment_id).exists():
            return NotFoundError(f"assessment {assessment_id} was deleted from {self.describe()}; restore it to use it")
        return NotFoundError(f"no assessment with id {assessment_id} in {self.describe()}")

    def _temp_folder(self) -> Path:
        """The folder for a save's temp files, swept of any a crash left (called under the lock)."""
        folder = self.root / WRITING
        folder.mkdir(exist_ok=True)
        _remove_stale_temp_files(folder)
        return folder

    @contextmanager
    def _writing(self) -> Iterator[int | None]:
        """Hold the store's lock (other processes wait) while writing; give its file descriptor.

        A file system error (a full disk, a folder not writable) becomes one StoreError naming the store.
        """
        try:
            if not self.root.exists():
                self.root.mkdir(parents=True, exist_ok=True)
                _fsync_dir(self.root.parent)
            with open(self.root / LOCK, "a+b") as handle:
                if fcntl is None:
                    yield None
                    return
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
                try:
                    yield handle.fileno()
                finally:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        except OSError as exc:
            raise StoreError(f"{self.describe()}: could not write: {exc.strerror or exc}") from None

    @contextmanager
    def _undone_if_failed(self) -> Iterator[SaveJournal]:
        """If the save fails (or is interrupted), take back the revisions kept for files that did not land
        and remove its temp files; what landed before stays (whole files only)."""
        journal = SaveJournal()
        try:
            yield journal
        except BaseException:
            journal.undo()
            for folder in (self.root, self.root / WRITING):
                with suppress(OSError):  # (no .writing/ folder: a single save)
                    _remove_stale_temp_files(folder)
            _remove_folder_if_empty(self.root / WRITING)
            raise


class _Known:
    """Which ids have a live file and which a deleted one (listed once for a batch, or asked per id)."""

    def __init__(self, store: FolderStore, listed: bool):
        self.store = store
        self.live = {i for _, i in _json_files(store.root)} if listed else None
        self.deleted = {i for _, i in _json_files(store.root / DELETED)} if listed else None

    def current(self, assessment_id: str) -> tuple[str, bool] | None:
        """(the file holding the assessment now, whether it is a deleted one), or None."""
        if self.live is not None and assessment_id not in self.live and assessment_id not in self.deleted:
            return None  # the common case of a bulk import: nothing to compare with
        live = os.path.join(self.store.root, f"{assessment_id}.json")
        if os.path.exists(live) if self.live is None else assessment_id in self.live:
            return live, False
        trash = str(self.store._trash(assessment_id))
        if os.path.exists(trash) if self.deleted is None else assessment_id in self.deleted:
            return trash, True
        return None

    def landed(self, assessment_id: str) -> None:
        if self.live is not None:
            self.live.add(assessment_id)
            self.deleted.discard(assessment_id)


class _FolderBatch:
    """Saves planned together (distinct ids): earlier revisions kept, files written under temp names, renamed into place."""

    def __init__(self, store: FolderStore, known: _Known, temps: Path, durable: bool, journal: SaveJournal):
        self.store = store
        self.known = known
        self.journal = journal
        self.temps = str(temps)
        self.durable = durable  # each file flushed on its own (one save), or all at once by the caller (bulk)
        self.root = str(store.root)
        self.ids: set[str] = set()
        self.pending: dict[str, tuple[bytes, bool]] = {}  # id -> (file content, was deleted)
        self.written: dict[str, str] = {}  # id -> temp file
        self.counts = {"added": 0, "revised": 0, "unchanged": 0}
        self.dirty: set[Path] = set()

    def __len__(self) -> int:
        return len(self.ids)

    def summary(self) -> SaveSummary:
        """What this batch does: new assessments, new revisions, unchanged ones."""
        return SaveSummary(**self.counts)

    def put(self, a: Assessment) -> None:
        """Plan one save: compare with the stored file, keep the earlier revision, or restore a deleted one."""
        self.ids.add(a.id)
        current = self.known.current(a.id)
        text = document_text(a).encode("utf-8")
        outcome = "new" if current is None else self._compare(current[0], a, text)
        if outcome == "same" and current[1]:
            os.replace(current[0], os.path.join(self.root, f"{a.id}.json"))  # saving a deleted one restores it
            self.dirty.add(self.store.root)
        self.known.landed(a.id)
        if outcome == "same":
            self.counts["unchanged"] += 1
            return
        if current is not None:
            self._keep_revision(a.id, current[0])
        self.pending[a.id] = (text, current is not None and current[1])
        self.counts["added" if current is None else "revised"] += 1

    def write(self) -> None:
        """Write the planned files under temp names (flushed one by one only when durable)."""
        pid = os.getpid()
        for assessment_id, (text, _) in self.pending.items():
            self.written[assessment_id] = _write_file(self.temps, f".{assessment_id}.{pid}.tmp", text, self.durable)

    def land(self) -> None:
        """Rename the written (and flushed) files into place, clear stale deleted copies, flush the folders."""
        for assessment_id, temp in self.written.items():
            os.replace(temp, os.path.join(self.root, f"{assessment_id}.json"))
            if self.pending[assessment_id][1]:
                self.store._trash(assessment_id).unlink(missing_ok=True)
        if self.written:
            self.dirty.add(self.store.root)
        for folder in self.dirty:
            _fsync_dir(folder)

    def request(self) -> bytes:
        """The batch as the helper process takes it (see `_filewriter`): what `write` then `land` do here."""
        temps, root, pid = os.path.join(self.temps, "."), os.path.join(self.root, ""), os.getpid()
        files = [(f"{temps}{i}.{pid}.tmp", f"{root}{i}.json", len(text)) for i, (text, _) in self.pending.items()]
        remove = [str(self.store._trash(i)) for i, (_, was_deleted) in self.pending.items() if was_deleted]
        folders = [str(f) for f in self.dirty | ({self.store.root} if files else set())]
        header = json.dumps({"files": files, "remove": remove, "folders": folders}) + "\n"
        return b"".join([header.encode("utf-8"), *(text for text, _ in self.pending.values())])

    def _compare(self, current: str, a: Assessment, text: bytes) -> str:
        """"same" when the stored file holds this assessment (byte for byte, or once read), else "changed"."""
        try:
            stored = _file_bytes(current)
        except OSError:
            return "changed"
        if stored == text:
            return "same"
        try:
            old = self.store._read(current, a.id)
        except StoreError:
            return "changed"  # a damaged file is kept as a revision, never overwritten
        return "same" if old.to_dict() == a.to_dict() else "changed"

    def _keep_revision(self, assessment_id: str, current: str) -> None:
        """Link (or copy) the current file into .revisions/<id>/ before it is replaced."""
        history = self.store._history(assessment_id)
        if not history.is_dir():
            history.mkdir(parents=True)
            _fsync_dir(history.parent)
        numbers = [int(p.stem) for p in history.glob("*.json") if p.stem.isdigit()]
        last = history / f"{max(numbers, default=0):06d}.json"
        if numbers and same_content(last, current):  # kept already by a save killed before its rename
            return
        target = history / f"{max(numbers, default=0) + 1:06d}.json"
        try:
            os.link(current, target)
        except OSError:  # file systems without hard links (some shared drives): copy it
            os.replace(_write_file(history, f".{target.name}.{os.getpid()}.tmp", _file_bytes(current), True), target)
        self.journal.revision_kept(target, current)
        if self.durable:
            _fsync_dir(history)
        else:
            self.dirty.add(history)  # the bulk flush makes the link durable before anything is renamed


class _Lander:
    """Lands the batches of a bulk save: the first one here, the next ones through a helper process.

    The helper (`_filewriter`) writes, flushes and renames batches while this process plans the
    next ones, so the kernel's file work and Python's work overlap; two batches are in flight at
    most. The helper shares the store's lock, so no other writer comes in before it has finished,
    even if this process dies.
    """

    def __init__(self, store: FolderStore, lock: int | None, progress: Callable[[int], Any] | None):
        self.store = store
        self.lock = lock
        self.progress = progress
        self.helper: Any = None  # the helper process, once there is a second batch
        self.in_flight: deque[_FolderBatch | None] = deque()  # sent, not landed yet (None: a barrier)
        self.batches = 0  # batches with files to write

    def settle(self, ids: Iterable[str]) -> None:
        """Wait for the batches in flight if one saves any of these ids: their files must be in place first."""
        if any(batch is not None and not batch.ids.isdisjoint(ids) for batch in self.in_flight):
            self._send(b'{"files": [], "remove": [], "folders": []}\n', None)  # lands the ones before it
            while self.in_flight:
                self._confirm()

    def land(self, batch: _FolderBatch) -> None:
        """Land a planned batch here, or hand it to the helper (from the second batch with files on)."""
        self.batches += bool(batch.pending)
        if self.batches == 2 and self.helper is None:  # a large save: worth a helper
            self.helper = _start_helper(self.lock)
        if self.helper is None or not batch.pending:
            batch.write()
            if batch.written:
                _flush_everything(list(batch.written.values()))
            batch.land()
            self._report(batch)
            return
        if len(self.in_flight) == 2:
            self._confirm()
        self._send(batch.request(), batch)

    def finish(self) -> None:
        """Wait until every batch has landed (the helper lands the last one when its input ends)."""
        if self.helper is not None:
            with suppress(OSError):
                self.helper.stdin.close()
        while self.in_flight:
            self._confirm()

    def _send(self, request: bytes, batch: _FolderBatch | None) -> None:
        try:
            self.helper.stdin.write(request)
            self.helper.stdin.flush()
        except OSError:  # the helper has stopped: its answers say why
            while self.in_flight:
                self._confirm()
            raise self._failed(batch, "the helper process stopped") from None
        self.in_flight.append(batch)

    def _confirm(self) -> None:
        """Wait for the answer about the oldest batch in flight."""
        batch = self.in_flight.popleft()
        answer = self.helper.stdout.readline().decode("utf-8", "replace").strip()
        if answer != "ok":
            raise self._failed(batch, answer.removeprefix("error: ") or "the helper process stopped")
        if batch is not None:
            self._report(batch)

    def _report(self, batch: _FolderBatch) -> None:
        if self.progress:
            self.progress(len(batch))

    def _failed(self, batch: _FolderBatch | None, reason: str) -> StoreError:
        what = f"{len(batch)} assessments" if batch is not None else "the assessments"
        reason = re.sub(r"^\[Errno \d+\] ", "", reason)  # the system's words, without its number
        return StoreError(f"{self.store.describe()}: could not write {what}: {reason}")

    def __enter__(self) -> _Lander:
        return self

    def __exit__(self, *exc: object) -> None:
        """Let the helper finish the batches in flight (if any) and stop, before the lock is released."""
        if self.helper is not None:
            with suppress(OSError):  # already closed, or the helper is gone
                self.helper.stdin.close()
            self.helper.wait()
            self.helper.stdout.close()


def _start_helper(lock: int | None) -> Any:
    """The helper process, sharing the store's lock; None where it cannot run (then batches land here)."""
    import subprocess
    import sys

    if lock is None or not hasattr(os, "sync") or not sys.executable:
        return None
    script = Path(__file__).with_name("_filewriter.py")
    try:
        return subprocess.Popen(
            [sys.executable, "-I", str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, pass_fds=(lock,)
        )
    except OSError:
        return None


def document_text(a: Assessment) -> str:
    """Format v1 JSON, one top-level field per line, one answer and one note per line: readable, quick to write.

    The compact JSON of the whole document (one encoder call) is laid out by inserting line breaks
    after the commas that separate fields and entries. A break is only ever added where a comma
    already separates two values, so the text always means the same document. The separators looked
    for contain quotes that are not escaped, so they never occur inside a text.
    """
    compact = _ENCODE(a.to_dict(copy=False))
    head, _, notes = compact[:-1].rpartition(', "notes": ')
    head, _, answers = head.rpartition(', "answers": ')
    for key in _TOP_FIELDS:
        head = head.replace(f', "{key}": ', f',\n  "{key}": ', 1)
    answers, notes = _one_per_line(answers, '}, "'), _one_per_line(notes, '", "')
    return f'{{\n  {head[1:]},\n  "answers": {answers},\n  "notes": {notes}\n}}\n'


_TOP_FIELDS = ("id", "framework", "client", "assessed_on", "consultant", "language")  # between format and answers
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps(…, ensure_ascii=False) makes one per call


def _one_per_line(entries: str, boundary: str) -> str:
    """An object's JSON with one entry per line: split where one ends and the next key starts (`}, "` or `", "`)."""
    if entries == "{}":
        return entries
    return "{\n    " + entries[1:-1].replace(boundary, boundary[:-2] + '\n    "') + "\n  }"


def _write_file(folder: str | Path, name: str, data: bytes, durable: bool) -> str:
    """Write a hidden temp file (readable by the team, like any file); flushed to disk when durable.

    Temp names hold the process id and are written under the store's lock, so they never clash;
    one left by a crash is simply overwritten or swept away.
    """
    path = os.path.join(folder, name)
    write_file(path, data, durable)  # the helper process's own writer (standard library only)
    return path


def _flush_everything(paths: list[str]) -> None:
    """Flush many new files to disk at once (one sync instead of one fsync per file)."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # pragma: no cover - Windows
        with open(path, "rb+") as handle:
            os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some network file systems
        pass
    finally:
        os.close(fd)


def _json_files(folder: Path) -> list[tuple[str, str]]:
    """(path, assessment id) of the visible *.json files of a folder (temp files and subfolders start with a dot)."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:  # not allowed, a drive gone…
        raise StoreError(f"{folder}: cannot be read: {exc.strerror or exc}") from None
    return [(e.path, e.name[:-5]) for e in entries if e.name.endswith(".json") and e.name[0] != "." and e.is_file()]


def _file_bytes(path: str | Path) -> bytes:
    with open(path, "rb", buffering=0) as handle:  # unbuffered: one read for a whole small file
        return handle.readall()


def _remove_stale_temp_files(folder: Path) -> None:
    """Delete temp files left by a crashed save (called under the lock, when no save is running)."""
    for entry in os.scandir(folder):
        if entry.name.startswith(".") and entry.name.endswith(".tmp"):
            Path(entry.path).unlink(missing_ok=True)


def _remove_folder_if_empty(folder: Path) -> None:
    with suppress(OSError):  # not empty: something else put a file there; leave it be
        folder.rmdir()


def _stored_id(path: Path) -> str:
    return path.stem if path.parent.parent.name != REVISIONS else path.parent.name


# ---------------------------------------------------------------- the SQL store


class SqlStore(Store):
    """Assessments in a database (any SQLAlchemy URL): SQLite for one machine, PostgreSQL for a team."""

    def __init__(self, url: str, framework: Framework | None = None):
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        self.framework = framework
        try:
            self.engine = _engine(url)
        except (NoSuchModuleError, ImportError) as exc:  # an unknown kind of database, or its driver missing
            kind = url.split(":", 1)[0]
            reason = f"its driver is not installed ({exc})" if isinstance(exc, ImportError) else "not supported"
            raise StoreError(
                f"cannot open the store {redact(url)}: {kind}: {redact(reason)}; "
                "readiness works with SQLite files (sqlite:///path/to/file.db) and PostgreSQL (postgresql://…)"
            ) from None
        except (ArgumentError, ValueError, OSError) as exc:
            raise StoreError(redact(f"cannot open the store {url}: {exc}")) from None
        self._tables_ready = False

    def describe(self) -> str:
        """The URL with any password hidden (in `user:password@` and in `?password=`)."""
        return redact(self.engine.url.render_as_string(hide_password=False))

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

    def load_frame(self) -> pd.DataFrame:
        """The flat columns straight from the table, in order, then one vectorised scoring pass."""
        from sqlalchemy import String, cast

        t = _tables()
        c = t.current.c
        columns = [cast(c.assessed_on, String) if name == "assessed_on" else c[name] for name in FLAT_COLUMNS]
        query = _select(*columns).where(c.deleted_at.is_(None)).order_by(*self._list_order())
        with self._reading() as conn:
            rows = _plain_rows(conn, query)
        frame = _scored_frame(rows, self.framework, ordered=True)
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
                    return self._write_batch(conn, batch)
            except _Clash as clash:
                if attempt == ATTEMPTS - 1:
                    raise StoreError(
                        redact(f"{self.describe()}: could not save: other writers kept changing the same assessments "
                               f"({reason(clash.__cause__)})")
                    ) from None
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
            return Assessment.from_dict(json.loads(document), self.framework)
        except (ValueError, RecursionError, ValidationError) as exc:
            raise StoreError(
                f"{self.describe()}: stored assessment {expected_id or ''} cannot be read: {exc}"
            ) from None

    def _not_found(self, assessment_id: str, row: Any) -> NotFoundError:
        if row is not None and row.deleted_at is not None:
            return NotFoundError(f"assessment {assessment_id} was deleted from {self.describe()}; restore it to use it")
        return NotFoundError(f"no assessment with id {assessment_id} in {self.describe()}")

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
        from .sql_faults import database_errors, full_disk_note, is_clash, reason

        try:
            self._ensure_tables()
            with self.engine.connect() as conn:
                conn = conn.execution_options(readiness_write=write)
                with conn.begin():
                    yield conn
        except database_errors(self.engine) as exc:  # cannot connect, connection cut, disk full, not a database…
            if write and is_clash(exc):
                raise _Clash(redact(f"store {self.describe()}: another writer changed the same assessment at the same moment ({reason(exc)})")) from exc
            raise StoreError(redact(f"store {self.describe()} cannot be used: {reason(exc)}{full_disk_note(self.engine)}")) from None

    def _ensure_tables(self) -> None:
        if self._tables_ready:
            return
        from sqlalchemy.exc import IntegrityError, ProgrammingError

        try:
            _tables().metadata.create_all(self.engine)
        except (IntegrityError, ProgrammingError):  # another process created them at the same moment
            _tables().metadata.create_all(self.engine)
        self._tables_ready = True


class _Clash(StoreError):
    """Another writer changed the same assessments at the same moment: a save tries again (other writes say so)."""


class _Tables:
    """The two tables: each assessment's latest revision number and flat columns, and every revision's document."""

    def __init__(self) -> None:
        from sqlalchemy import Column, Date, DateTime, Float, Integer, MetaData, String, Table, Text

        self.metadata = MetaData()
        flat = [Column(c, Text) for c in FLAT_COLUMNS if c not in ("id", "assessed_on", "client_name") + NUMBER_COLUMNS]
        self.current = Table(
            "readiness_assessments", self.metadata,
            Column("id", String(128), primary_key=True),
            Column("revision", Integer, nullable=False),
            Column("saved_at", DateTime(timezone=True), nullable=False),
            Column("deleted_at", DateTime(timezone=True)),
            Column("client_name", Text, nullable=False),
            Column("assessed_on", Date, nullable=False),
            *flat,
            Column("budget_annual", Float),
            Column("bounce_rate", Float),
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
    from sqlalchemy.exc import NoSuchModuleError

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver we ship
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):  # what readiness is tested on
        raise NoSuchModuleError(parsed.get_backend_name())
    if not parsed.drivername.startswith("sqlite"):
        return create_engine(parsed, pool_pre_ping=True)
    parsed = parsed.set(database=_sqlite_file(parsed.database, parsed.query))
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
        raise ValueError(
            "an in-memory SQLite database keeps nothing once the command ends; "
            "give a file, e.g. sqlite:////home/me/assessments.db"
        )
    path = Path(path_part).expanduser()
    if not path.parent.is_dir():
        raise ValueError(f"the folder {path.parent} does not exist (create it, or check the path)")
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


def _sqlite_begin(conn: Any) -> None:
    write = conn.get_execution_options().get("readiness_write", True)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _sql_values(a: Assessment) -> dict[str, Any]:
    row = to_row(a)
    row["assessed_on"] = a.assessed_on
    return row


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _canonical(a: Assessment) -> str:
    return _COMPACT(a.to_dict(copy=False))


def _now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- shared helpers


def _checked_id(assessment_id: str) -> str:
    """The id, refused when it could not be a stored id (so it can never name another path)."""
    if not isinstance(assessment_id, str) or not _ID.fullmatch(assessment_id):
        raise NotFoundError(f"{assessment_id!r} is not an assessment id (letters, digits, '.', '_' or '-')")
    return assessment_id


def _valid(a: Assessment, framework: Framework | None) -> Assessment:
    """The assessment if it can be stored and read back; else ValidationError naming every bad field."""
    if not isinstance(a.id, str) or not _ID.fullmatch(a.id):
        raise ValidationError(
            [Problem("id", f"id must be letters, digits, '.', '_' or '-' (at most 128), got {a.id!r}")]
        )
    Assessment.from_dict(a.to_dict(), framework)
    return a




def _as_date(value: Any, name: str, problems: list[Problem]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from .tables import parse_date  # (tables needs this module: imported when used)

    day = parse_date(str(value))
    if day is None:
        problems.append(Problem(name, f'{name} must be a real date written YYYY-MM-DD or DD/MM/YYYY, got "{value}"'))
    return day


def _as_day(value: date | str) -> date:
    """A date as the database gives it back (SQLite may give ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _order(a: Assessment) -> tuple:
    return (a.assessed_on, a.client.name, a.id)


def _without_repeats(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Drop a revision identical to the one before it (left by a save interrupted mid-way)."""
    kept: list[Assessment] = []
    for a in assessments:
        if not kept or kept[-1].to_dict() != a.to_dict():
            kept.append(a)
    return kept


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _runs(assessments: Iterable[Assessment], size: int | None = None) -> Iterator[list[Assessment]]:
    """Batches of at most `size` (default BATCH) assessments with distinct ids."""
    for chunk in _chunks(assessments, size or BATCH):
        yield from _unique_runs(chunk)


def _unique_runs(batch: list[Assessment]) -> Iterator[list[Assessment]]:
    """Split a batch so that no id appears twice in one part."""
    run: list[Assessment] = []
    seen: set[str] = set()
    for a in batch:
        if a.id in seen:
            yield run
            run, seen = [], set()
        run.append(a)
        seen.add(a.id)
    if run:
        yield run


def _flat_values(a: Assessment) -> tuple:
    row = to_row(a)
    return tuple(row[c] for c in FLAT_COLUMNS)


def _plain_rows(conn: Any, query: Any) -> list[tuple]:
    """Rows as plain tuples straight from the driver (SQLAlchemy's row objects cost more than the query)."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect)))
        return cursor.fetchall()
    finally:
        cursor.close()


def _plain_stream(conn: Any, query: Any) -> Iterator[tuple]:
    """Rows as plain tuples straight from the driver, fetched a few thousand at a time (a server-side cursor on PostgreSQL)."""
    raw = conn.connection.dbapi_connection
    named = conn.dialect.name == "postgresql"
    cursor = raw.cursor(name=f"readiness_{id(query):x}") if named else raw.cursor()
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect)))
        while rows := cursor.fetchmany(STREAM_ROWS):
            yield from rows
    finally:
        cursor.close()


def _scored_frame(rows: list[tuple], framework: Framework | None, ordered: bool = False) -> pd.DataFrame:
    """Typed flat table (str text, float numbers, datetime dates) by date then client, plus scores."""
    import pandas as pd

    from .scoring import with_scores

    raw = pd.DataFrame.from_records(rows, columns=list(FLAT_COLUMNS))
    frame = pd.DataFrame(index=raw.index)
    for column in FLAT_COLUMNS:
        if column in NUMBER_COLUMNS:
            frame[column] = pd.to_numeric(raw[column]).astype("float64")
        elif column == "assessed_on":
            frame[column] = pd.to_datetime(raw[column].astype("str"), format="%Y-%m-%d").astype("datetime64[ns]")
        else:
            frame[column] = raw[column].astype("str")
    if not ordered:
        frame = frame.sort_values(["assessed_on", "client_name", "id"], kind="stable", ignore_index=True)
    return with_scores(frame, framework)
