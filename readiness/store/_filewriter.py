"""The helper process of a large bulk save to a folder store: it writes, flushes and renames files.

Creating and renaming files is kernel work that a thread cannot overlap with Python work (after
every call the thread waits for the GIL), so the folder store hands each batch to this process and
prepares the next batch meanwhile. It is run as a script (`python _filewriter.py`, standard library
only, so it starts at once) and shares the store's lock with the process that started it.

Input, on stdin, batch after batch: one JSON line
`{"files": [[temp, final, size], ...], "remove": [path, ...], "folders": [path, ...]}`, then the
contents of the files, one after the other. For each complete batch the helper writes every temp
file and flushes them to disk with one sync (in the background, while it goes on with the batch
before and the batch after); once flushed, it renames each over its final place, removes the stale
copies listed in "remove", flushes the folders, then answers `ok` on stdout. Answers come in
order; a batch waits for the next one (or the end of the input) before its answer, except a batch
without files, which answers at once, after the one before. The helper never acts on half a batch:
when the input stops mid-batch it lands what it had and stops; at the first error it answers
`error: …` and stops. A crash anywhere leaves each file either as it was or as it was meant to be.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, BinaryIO


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


def write_file(path: str, data: bytes, durable: bool = False) -> None:
    """Write a file readable by the team (like any file), flushed to disk when durable; removed again if the write fails."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
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


def fsync_folder(folder: str) -> None:
    """Make the renames in a folder durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the store's process: it closes our input, we finish
    sys.exit(main(sys.stdin.buffer, sys.stdout.buffer))
