"""Notebooks that git could commit are saved without outputs or client data: a Jupyter pre-save hook.

`python3 dev.py meeting` starts JupyterLab with the project's `jupyter_server_config.json`, which
names `pre_save_hook` below. Every save of a notebook inside the checkout that git does not ignore
(the tracked notebooks, or a new one beside them), by autosave or Ctrl-S, writes it in its normal
form: no outputs, no execution counts, no widget state, no kernel details, no cell metadata but
its tags. A tracked notebook also keeps its parameters cell as committed: the values typed there
for one client (an assessment id, a name to resume) are run values, not the notebook's. The
committed notebooks are in that form already, so a meeting leaves them byte for byte as they were
and `git diff` shows nothing. Notebooks git ignores (reports/, exports/) keep their outputs: they
are the consultant's results.

    python -m readiness.clean_notebooks notebooks/*.ipynb        # put notebooks in normal form
    python -m readiness.clean_notebooks --check notebooks/*.ipynb  # exit 1 if one is not
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

KEPT_CELL_METADATA = ("tags",)
KEPT_KERNELSPEC = ("display_name", "language", "name")


def normal_form(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook as it is committed: its cells' sources, ids and tags, and which kernel runs it."""
    metadata = notebook.get("metadata") or {}
    kernelspec = {k: v for k, v in (metadata.get("kernelspec") or {}).items() if k in KEPT_KERNELSPEC}
    language = (metadata.get("language_info") or {}).get("name") or kernelspec.get("language") or "python"
    return {
        "cells": [_normal_cell(cell) for cell in notebook.get("cells") or []],
        "metadata": {**({"kernelspec": kernelspec} if kernelspec else {}), "language_info": {"name": language}},
        "nbformat": notebook.get("nbformat", 4),
        "nbformat_minor": notebook.get("nbformat_minor", 5),
    }


def _normal_cell(cell: dict[str, Any]) -> dict[str, Any]:
    kept = {"cell_type": cell["cell_type"], "metadata": {k: v for k, v in (cell.get("metadata") or {}).items() if k in KEPT_CELL_METADATA}}
    if "id" in cell:
        kept["id"] = cell["id"]
    kept["source"] = cell.get("source", "")
    if cell["cell_type"] == "code":
        kept |= {"execution_count": None, "outputs": []}
    return kept  # markdown attachments (pasted images) go too: they could show a client's material


def pre_save_hook(model: dict[str, Any], path: str, contents_manager: Any, **kwargs: Any) -> None:
    """Jupyter's pre-save hook: a notebook git could commit is saved in its normal form."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    file = Path(getattr(contents_manager, "root_dir", ".") or ".") / path.lstrip("/")
    if kept_clean(file):
        model["content"] = with_committed_parameters(normal_form(model["content"]), committed(file))


def with_committed_parameters(notebook: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    """The notebook with its parameters cells as in `before` (the committed notebook), matched by cell id."""
    if not before:
        return notebook
    kept = {c.get("id"): c["source"] for c in before.get("cells") or [] if _is_parameters(c)}
    for cell in notebook["cells"]:
        if _is_parameters(cell) and cell.get("id") in kept:
            cell["source"] = kept[cell.get("id")]
    return notebook


def committed(file: Path) -> dict[str, Any] | None:
    """The notebook as the checkout's last commit holds it (None: not tracked, or no git)."""
    import json

    try:
        done = subprocess.run(["git", "-C", str(file.parent), "show", f"HEAD:./{file.name}"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return json.loads(done.stdout) if done.returncode == 0 else None
    except ValueError:
        return None


def _is_parameters(cell: dict[str, Any]) -> bool:
    return "parameters" in ((cell.get("metadata") or {}).get("tags") or ())


def kept_clean(file: Path) -> bool:
    """Whether a notebook at this place must be saved without outputs (unsure: yes)."""
    file = file.resolve()
    try:
        done = subprocess.run(
            ["git", "-C", str(file.parent), "check-ignore", "--quiet", file.name],
            capture_output=True, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):  # no git here: protect this project's own notebooks
        return _in_project_notebooks(file)
    if done.returncode == 128:  # not in a git checkout at all: nothing could commit it
        return _in_project_notebooks(file)
    return done.returncode != 0  # 0: git ignores it (reports/, exports/): the consultant's results


def _in_project_notebooks(file: Path) -> bool:
    from ..store.paths import project_folder

    return file.parent == project_folder() / "notebooks"


def notebook_text(notebook: dict[str, Any]) -> str:
    """The notebook as Jupyter writes it (nbformat's JSON layout, one trailing newline)."""
    import nbformat

    return nbformat.writes(nbformat.from_dict(notebook), version=nbformat.NO_CONVERT) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Put the notebooks given in normal form (--check: only say which are not; exit 1 if any)."""
    import json

    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    unclean = []
    for name in (a for a in args if a != "--check"):
        path = Path(name)
        before = path.read_text(encoding="utf-8")
        after = notebook_text(normal_form(json.loads(before)))
        if before != after:
            unclean.append(name)
            if not check:
                path.write_text(after, encoding="utf-8")
    for name in unclean:
        print(f"{name}: {'not in normal form' if check else 'outputs and metadata removed'}")
    return 1 if check and unclean else 0


if __name__ == "__main__":
    sys.exit(main())
