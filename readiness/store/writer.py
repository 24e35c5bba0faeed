"""The one writer of readiness: every file is written whole or not at all (store, drafts, exports, reports).

    write_atomically(path, content, durable=True, private=False)
    write_together([(path, content), ...])   # several files: all of them, or none

A file is written under a hidden temp name beside its final place (`.<name>.<random>.tmp`), then
renamed over it, so a crash or a full disk never leaves half a file: the old one or the new one.
`durable` flushes the file to disk before the rename and the folder after it, so the rename
itself survives a power cut. `write_together` writes every file aside before renaming any, so a
set of files (a portfolio) is replaced whole or left as it was. `private` makes the file readable by its owner only (0o600: a draft
is the consultant's own unsaved work); otherwise it is made like any new file (0o666 less the
umask: `-rw-r--r--` with the usual umask 022), so a colleague on a shared drive can open it.

The folder store's bulk saves use the same two steps, `write_file` and `fsync_folder`, in batches:
from its second batch on, a helper process (this file run as a script: `python -I writer.py`,
standard library only, so it starts at once) writes, flushes and renames each batch while the
store prepares the next. Its input, on stdin, batch after batch: one JSON line
`{"files": [[temp, final, size], ...], "remove": [path, ...], "folders": [path, ...]}`, then the
contents of the files, one after the other. For each complete batch it writes every temp file and
flushes them to disk with one sync (in the background, while it goes on with the batch before and
the batch after); once flushed, it renames each over its final place, removes the stale copies
listed in "remove", flushes the folders, then answers `ok` on stdout. Answers come in order; a
batch waits for the next one (or the end of the input) before its answer, except a batch without
files, which answers at once, after the one before. The helper never acts on half a batch: when
the input stops mid-batch it lands what it had and stops; at the first error it answers
`error: …` and stops. A crash anywhere leaves each file either as it was or as it was meant to be.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO

try:
    from ..core.errors import ReadinessError
except ImportError:  # run as the helper process's script (python -I writer.py): standard library only, never raised there
    ReadinessError = OSError  # type: ignore[misc,assignment]

SHARED, PRIVATE = 0o666, 0o600  # file modes, less the umask


class WriteError(ReadinessError):
    """A file could not be written (a full disk, a folder not writable): nothing of it is left."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: cannot write: {reason}")
        self.path, self.reason = path, reason


def write_atomically(
    path: str | os.PathLike,
    content: bytes | Callable[[BinaryIO], object],
    *,
    durable: bool = True,
    private: bool = False,
) -> Path:
    """Write `content` (bytes, or a function writing into a binary file) to `path`, whole; return the path.

    WriteError (a ReadinessError) names the file and the reason when it cannot be written.
    """
    return write_together([(path, content)], durable=durable, private=private)[0]


def write_together(
    files: Iterable[tuple[str | os.PathLike, bytes | Callable[[BinaryIO], object]]],
    *,
    durable: bool = True,
    private: bool = False,
) -> list[Path]:
    """Write several files all or none (a portfolio's charts and tables): each aside, then, once all are whole, each into place.

    A full disk half-way leaves every old file as it was and no new one; WriteError names the file
    that could not be written.
    """
    aside: list[tuple[Path, Path]] = []
    try:
        for path, content in files:
            path = Path(path)
            aside.append((_written_aside(path, content, durable, private), path))
        for temp, path in aside:
            os.replace(temp, path)
        if durable:
            for folder in dict.fromkeys(path.parent for _, path in aside):
                fsync_folder(folder)
    except OSError as exc:
        for temp, _ in aside:
            _discard(temp)
        raise WriteError(path, exc.strerror or str(exc)) from None
    except BaseException:  # an interrupted or failed writer leaves no temp file behind
        for temp, _ in aside:
            _discard(temp)
        raise
    return [path for _, path in aside]


def _written_aside(path: Path, content: bytes | Callable[[BinaryIO], object], durable: bool, private: bool) -> Path:
    """The content written whole into a temp file beside `path` (flushed to disk when durable); the temp file."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE if private else SHARED)
        with os.fdopen(fd, "wb") as file:
            if isinstance(content, (bytes, bytearray, memoryview)):
                file.write(content)
            else:
                content(file)
            file.flush()
            if durable:
                os.fsync(file.fileno())  # on disk before the rename (a full disk is found here, not after it)
    except BaseException:
        _discard(temp)
        raise
    return temp


def write_file(path: str, data: bytes, durable: bool = False, mode: int = SHARED) -> None:
    """Write a file (mode less the umask), flushed to disk when durable; removed again if the write fails."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)


def fsync_folder(folder: str | os.PathLike) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened or synced)."""
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


def flush_everything(paths: list[str]) -> None:
    """Flush many new files to disk at once (one sync instead of one fsync per file)."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # pragma: no cover - Windows
        with open(path, "rb+") as handle:
            os.fsync(handle.fileno())


def _discard(temp: Path) -> None:
    """Remove a temp file if there is one (there may be no folder to hold it)."""
    with suppress(OSError):
        temp.unlink(missing_ok=True)


# ---------------------------------------------------------------- the helper process of a bulk save


def main(source: BinaryIO, answer: BinaryIO) -> int:
    """Land batches until the input ends; 0 when all landed, 1 after an error or a cut-off batch."""
    with ThreadPoolExecutor(1) as background:
        waiting: tuple[dict[str, Any], Future | None] | None = None  # written last, being flushed to disk
        status = 0
        try:
            for header in source:
                batch = json.loads(header)
                contents = [source.read(size) for _, _, size in batch["files"]]
                if any(len(data) != size for data, (_, _, size) in zip(contents, batch["files"], strict=True)):
                    status = 1  # the input stopped mid-batch (the store's process died): touch nothing of it
                    break
                write(batch, contents)
                flushed = background.submit(os.sync) if batch["files"] else None
                if waiting:
                    land(*waiting, answer)
                waiting = batch, flushed
                if not batch["files"]:  # nothing to flush: answer at once
                    land(*waiting, answer)
                    waiting = None
            if waiting:
                land(*waiting, answer)
        except OSError as exc:
            answer.write(f"error: {exc}\n".encode())
            answer.flush()
            return 1
        return status


def write(batch: dict[str, Any], contents: list[bytes]) -> None:
    """Write a batch's temp files (not flushed yet)."""
    for (temp, _, _), data in zip(batch["files"], contents, strict=True):
        write_file(temp, data)


def land(batch: dict[str, Any], flushed: Future | None, answer: BinaryIO) -> None:
    """Once its files are on disk, rename them into place, remove stale copies, flush the folders; answer ok."""
    if flushed is not None:
        flushed.result()
    for temp, final, _ in batch["files"]:
        os.replace(temp, final)
    for path in batch["remove"]:
        if os.path.exists(path):
            os.unlink(path)
    for folder in batch["folders"]:
        fsync_folder(folder)
    answer.write(b"ok\n")
    answer.flush()


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the store's process: it closes our input, we finish
    sys.exit(main(sys.stdin.buffer, sys.stdout.buffer))
