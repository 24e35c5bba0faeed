"""What the command line prints reaches a terminal safely, and a closed pipe ends it quietly.

Texts from files and stores (client names, file names, cells quoted in messages) may hold
control characters or escape sequences that a terminal would run (colours, a new window title,
the clipboard) or invisible characters that reorder a line. While `safe_terminal()` is in force,
every write to stdout and stderr shows them escaped (`\\x1b`, `\\u202e`), keeping line breaks and
tabs (and, on stderr, the carriage returns of progress bars). `readiness list | head -1` closes
the pipe early: that is not an error, so `quiet_broken_pipe()` silences the rest of the output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

from ..core.safetext import escaped

BROKEN_PIPE_STATUS = 141  # as a shell reports a program ended by SIGPIPE (128 + 13)


class SafeStream:
    """A text stream that escapes what a terminal would run, and passes everything else to the stream it wraps."""

    def __init__(self, stream: TextIO, keep: str):
        self._stream = stream
        self._keep = keep

    def write(self, text: str) -> int:
        self._stream.write(escaped(text, self._keep))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno… of the wrapped stream
        return getattr(self._stream, name)


@contextmanager
def safe_terminal() -> Iterator[None]:
    """stdout and stderr escaped (see the module docstring) inside the block."""
    before = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = SafeStream(sys.stdout, "\n\t")  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = SafeStream(sys.stderr, "\n\t\r")  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = before


def quiet_broken_pipe() -> int:
    """After the reader of our output went away: send what is left to nowhere (no second error at exit)."""
    with suppress(AttributeError, OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())
        os.close(devnull)
    return BROKEN_PIPE_STATUS
