"""The files of a folder store: its layout, the JSON text of a stored assessment, and small file-system helpers."""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.assessment import Assessment
from ..core.errors import StoreError
from ..text import Text
from .writer import fsync_folder, write_file

if TYPE_CHECKING:
    pass
try:  # Linux and macOS; elsewhere the folder store works without the cross-process lock
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


REVISIONS = ".revisions"
DELETED = ".deleted"
WRITING = ".writing"
LOCK = ".lock"


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


_TOP_FIELDS = ("id", "framework", "client", "assessed_on", "consultant", "language", "follows", "plan")  # between format and answers
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


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (the one writer's way)."""
    fsync_folder(folder)


def _json_files(folder: Path) -> list[tuple[str, str]]:
    """(path, assessment id) of the visible *.json files of a folder (temp files and subfolders start with a dot)."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:  # not allowed, a drive gone…
        raise StoreError(Text("{folder}: cannot be read: {reason}", folder=folder, reason=exc.strerror or exc)) from None
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
