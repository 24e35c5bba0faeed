"""Saving into a folder store: batches planned together, written under temp names and renamed into place, by this process or a helper."""

from __future__ import annotations

import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.assessment import Assessment
from ..core.errors import StoreError
from ..text import Text
from .folder_undo import SaveJournal, same_content

if TYPE_CHECKING:
    from .folder import FolderStore
    pass
try:  # Linux and macOS; elsewhere the folder store works without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
from . import writer
from .base import SaveSummary
from .folder_files import DELETED, _file_bytes, _fsync_dir, _json_files, _write_file, document_text
from .writer import flush_everything


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
        """The batch as the helper process takes it (see `writer`): what `write` then `land` do here."""
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

    The helper (`writer`) writes, flushes and renames batches while this process plans the
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
            try:
                batch.write()
                if batch.written:
                    flush_everything(list(batch.written.values()))
                batch.land()
            except OSError as exc:
                raise self._failed(batch, exc.strerror or str(exc)) from None
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
        return write_failed(self.store, batch, reason)

    def __enter__(self) -> _Lander:
        return self

    def __exit__(self, *exc: object) -> None:
        """Let the helper finish the batches in flight (if any) and stop, before the lock is released."""
        if self.helper is not None:
            with suppress(OSError):  # already closed, or the helper is gone
                self.helper.stdin.close()
            self.helper.wait()
            self.helper.stdout.close()


def write_failed(store: FolderStore, batch: _FolderBatch | None, reason: str) -> StoreError:
    """One line: the store, how many assessments (or which one) could not be written, and the system's reason."""
    reason = re.sub(r"^\[Errno \d+\] ", "", reason)  # the system's words, without its number
    where = store.describe()
    if batch is None:
        return StoreError(Text("{store}: could not write the assessments: {reason}", store=where, reason=reason))
    if len(batch) == 1:
        return StoreError(Text("{store}: could not write the assessment {id}: {reason}", store=where, id=next(iter(batch.ids)), reason=reason))
    return StoreError(Text("{store}: could not write {n} assessments: {reason}", store=where, n=len(batch), reason=reason))


def _start_helper(lock: int | None) -> Any:
    """The helper process, sharing the store's lock; None where it cannot run (then batches land here)."""
    import subprocess
    import sys

    if lock is None or not hasattr(os, "sync") or not sys.executable:
        return None
    script = Path(writer.__file__)  # run as a script: standard library only, so it starts at once
    try:
        return subprocess.Popen(
            [sys.executable, "-I", str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, pass_fds=(lock,)
        )
    except OSError:
        return None
