"""The folder store: one JSON file per assessment, revisions and deleted ones in hidden folders beside them.

The folder layout stays readable by anyone and syncs through a shared drive:

    data/assessments/
      <id>.json                   the latest revision, format v1
      .revisions/<id>/000001.json earlier revisions, numbered from the oldest
      .deleted/<id>.json          deleted assessments; restore moves them back
      .writing/                   temp files of a save, while it runs
      .lock                       held while writing, so two processes never interleave

Every file is written to a temporary name, flushed to disk, then renamed over the old one, so a
crash leaves either the old or the new file, never half of one. A bulk save (an import) flushes
each batch of files with one sync; from its second batch on, a helper process (`readiness.store.writer` run as a script)
writes and renames each batch while this one prepares the next. A save that fails (a full disk)
or is interrupted takes back the revisions it kept for files that did not land, and its temp
files (`folder_undo`; batches in `folder_batch`): the batches that landed stay, whole, and one StoreError line says why.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.assessment import Assessment
from ..core.errors import NotFoundError, StoreError, ValidationError
from ..core.framework import Framework
from ..text import Text
from .folder_undo import SaveJournal

if TYPE_CHECKING:
    pass
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
    StoreWarning,
    _checked_id,
    _order,
    _runs,
    _without_repeats,
    collector_paused,
)
from .folder_batch import _FolderBatch, _Known, _Lander, write_failed
from .folder_files import (
    DELETED,
    LOCK,
    REVISIONS,
    WRITING,
    _file_bytes,
    _fsync_dir,
    _json_files,
    _remove_folder_if_empty,
    _remove_stale_temp_files,
    _stored_id,
)


class FolderStore(Store):
    """One JSON file per assessment in a folder (see the module docstring for the layout)."""

    def __init__(self, root: str | os.PathLike, framework: Framework | None = None):
        self.root = Path(root).expanduser()
        self.framework = framework
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(Text("store {store} is a file, not a folder", store=self.root))

    def describe(self) -> str:
        """The folder's path, e.g. "/home/ana/readiness/data/assessments" (no word around it: messages are in any language)."""
        return str(self.root)

    def _store_one(self, assessment: Assessment) -> None:
        """Write one file durably under the lock."""
        with self._writing(), self._undone_if_failed() as journal:
            temps = self._temp_folder()
            batch = _FolderBatch(self, _Known(self, listed=False), temps, durable=True, journal=journal)
            try:
                batch.put(assessment)
                batch.write()
                batch.land()
            except OSError as exc:
                raise write_failed(self, batch, exc.strerror or str(exc)) from None
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
            a = Assessment.from_stored(json.loads(_file_bytes(path)), self.framework)
        except (OSError, ValueError, RecursionError, ValidationError) as exc:  # RecursionError: JSON nested without end
            raise StoreError(Text("{path}: cannot read this stored assessment: {reason}", path=path, reason=exc)) from None
        expected_id = expected_id or _stored_id(Path(path))
        if a.id != expected_id:
            raise StoreError(Text("{path}: holds id {found}, not {expected} (a copied or conflicting file?)", path=path, found=repr(a.id), expected=repr(expected_id)))
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
            return NotFoundError(Text("assessment {id} was deleted from {store}; restore it to use it", id=assessment_id, store=self.describe()))
        return NotFoundError(Text("no assessment with id {id} in {store}", id=assessment_id, store=self.describe()))

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
            raise StoreError(Text("{store}: could not write: {reason}", store=self.describe(), reason=exc.strerror or exc)) from None

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
