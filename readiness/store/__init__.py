"""Where assessments are kept: a folder of JSON files, or any SQL database (SQLite, PostgreSQL).

Both stores keep the same promises (one contract test suite runs on each): an atomic, durable
save that never silently overwrites (editing keeps the earlier revision), recoverable deletion,
the latest revisions as a list, a page, a stream or a scored table. `open_store` picks the store
from a folder path or a SQLAlchemy URL. Also here: the one atomic writer every file goes through
(`writer`), the drafts of the meeting form, the shipped sample, and past assessments to compare with.
"""

from __future__ import annotations

import os

from ..core.framework import Framework
from .base import URL_START, Filter, Identity, Page, SaveSummary, Store, StoreWarning, collector_paused, frame_of
from .folder import FolderStore
from .paths import default_store
from .sql import SqlStore

__all__ = [
    "FolderStore", "Filter", "Identity", "Page", "SaveSummary", "SqlStore", "Store", "StoreWarning",
    "collector_paused", "frame_of", "open_store",
]  # fmt: skip


def open_store(spec: str | os.PathLike | Store | None = None, framework: Framework | None = None) -> Store:
    """The store at a folder path or SQLAlchemy URL (None: $READINESS_STORE or data/assessments)."""
    if isinstance(spec, Store):
        return spec
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        spec = default_store()  # $READINESS_STORE, else the project's data/assessments/
    if isinstance(spec, str) and URL_START.match(spec.strip()):
        return SqlStore(spec.strip(), framework)
    return FolderStore(spec, framework)
