"""Taking back what a folder-store save did before it failed (a full disk, an interrupted import).

Before a file is replaced, the folder store links the current one into `.revisions/<id>/`. When
the save then fails before the new file lands, that revision is needless: the same content is
still the live file. The journal remembers each revision kept and takes back the ones whose
source file is still in place, with the `.revisions/<id>/` folder when it is left empty, so a
failed import leaves no revision for writes that never happened.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path


class SaveJournal:
    """The revisions one save has kept so far: (revision file, the file it was kept from)."""

    def __init__(self) -> None:
        self.kept: list[tuple[Path, str]] = []

    def revision_kept(self, revision: Path, source: str) -> None:
        """Note a revision linked (or copied) from `source`, the file about to be replaced."""
        self.kept.append((revision, source))

    def undo(self) -> int:
        """Remove each revision whose source was not replaced after all (and its folder if left empty); how many."""
        removed = 0
        for revision, source in reversed(self.kept):
            if same_content(revision, source):
                with suppress(OSError):
                    revision.unlink()
                    removed += 1
                with suppress(OSError):  # still holds earlier revisions: it stays
                    revision.parent.rmdir()
        self.kept.clear()
        return removed


def same_content(revision: Path, source: str) -> bool:
    """Whether the revision is still the source file itself (a hard link), or a copy of the same bytes."""
    try:
        if os.path.samefile(revision, source):
            return True
        return revision.stat().st_size == os.stat(source).st_size and revision.read_bytes() == Path(source).read_bytes()
    except OSError:  # the source is gone (a deleted assessment that landed), or the revision is
        return False
