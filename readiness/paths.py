"""Where things live by default: the project folder's data/assessments/, data/drafts/ and exports/.

Each can be moved with an environment variable (READINESS_STORE, READINESS_DRAFTS,
READINESS_EXPORTS). The project folder is found upwards from the working folder, so the
notebooks (which run in notebooks/) and the command line use the same places.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_MARKERS = ("pyproject.toml", ".git")


def project_folder(start: Path | None = None) -> Path:
    """The project folder (holding pyproject.toml or .git) at or above `start`, else `start`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder
    return here


def default_store(store: str | os.PathLike | None = None) -> str:
    """The store to use: `store`, else $READINESS_STORE, else data/assessments/ of the project."""
    return str(store or os.environ.get("READINESS_STORE") or project_folder() / "data" / "assessments")


def drafts_folder(folder: str | os.PathLike | None = None) -> Path:
    """The folder for drafts: `folder`, else $READINESS_DRAFTS, else data/drafts/ of the project."""
    chosen = folder or os.environ.get("READINESS_DRAFTS")
    return Path(chosen) if chosen else project_folder() / "data" / "drafts"


def exports_folder(exports: str | os.PathLike | None = None) -> Path:
    """Where exports go: `exports`, else $READINESS_EXPORTS, else exports/ of the project."""
    chosen = exports or os.environ.get("READINESS_EXPORTS")
    return Path(chosen) if chosen else project_folder() / "exports"
