"""Writing the files a consultant shares: whole or not at all, readable by the team.

A file is written under a hidden temp name beside its final place, then renamed over it, so a
crash or a full disk never leaves half an export behind. The temp file is created like any
file (mode 0o666 less the user's umask: `-rw-r--r--` with the usual umask 022), not with
`tempfile.mkstemp`'s private 0o600, so a colleague on a shared drive can open the export.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from ..core.errors import ReadinessError


def write_atomically(path: str | os.PathLike, content: bytes | Callable[[BinaryIO], object]) -> Path:
    """Write `content` (bytes, or a function writing into a binary file) to `path`, whole; return the path.

    ReadinessError names the file and the reason when it cannot be written.
    """
    path = Path(path)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "xb") as file:  # created as 0o666 less the umask, like any new file
            if isinstance(content, (bytes, bytearray, memoryview)):
                file.write(content)
            else:
                content(file)
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename (a full disk is found here, not after it)
        os.replace(temp, path)
    except OSError as exc:
        _discard(temp)
        raise ReadinessError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:  # an interrupted or failed writer leaves no temp file behind
        _discard(temp)
        raise
    return path


def _discard(temp: Path) -> None:
    """Remove a temp file if there is one (there may be no folder to hold it)."""
    with suppress(OSError):
        temp.unlink(missing_ok=True)
