"""Where things live by default: the project folder's data/assessments/, data/drafts/ and exports/.

Each can be moved with an environment variable (READINESS_STORE, READINESS_DRAFTS,
READINESS_EXPORTS). The project folder is the readiness checkout this package runs from (the
README's install), so the notebooks (which run in notebooks/) and the command line, run from any
folder, use the same places. Installed elsewhere, it is the readiness checkout at or above the
working folder, else the working folder.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]


def project_folder(start: Path | None = None) -> Path:
    """The readiness checkout this package runs from; else the one at or above `start` (the working folder), else `start`."""
    if is_project(PACKAGE_CHECKOUT):
        return PACKAGE_CHECKOUT
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if is_project(folder)), here)


def is_project(folder: Path) -> bool:
    """Whether the folder is a readiness checkout (its pyproject.toml beside the readiness package)."""
    return (folder / "pyproject.toml").is_file() and (folder / "readiness" / "__init__.py").is_file()


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
