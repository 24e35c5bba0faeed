#!/usr/bin/env python3
"""Set-up and everyday commands, with nothing but Python 3.11+ installed.

    python3 dev.py meeting   # open the client-meeting notebook (JupyterLab) on the sample data
    python3 dev.py app       # the same meeting as a code-free app (Voilà), for screen sharing
    python3 dev.py test      # run the whole test suite (lint, unit, property, notebooks, browser)
    python3 dev.py bench     # run the performance budgets in benchmarks/
    python3 dev.py catalogue # after changing a message: extract them all, update the .po files (docs/architecture.md)

Each command creates the virtual environment `.venv/` on first use and reinstalls the project
whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".readiness-installed"
MEETING = "notebooks/01_client_meeting.ipynb"
# Saving a notebook git could commit strips its outputs and client data (readiness.meeting.clean_notebooks).
LAB_CONFIG = ROOT / "jupyter_server_config.json"
VOILA_TEMPLATES = ROOT / "share" / "jupyter"  # JUPYTER_PATH for the app's page template
SCRATCH = {"READINESS_STORE": "store", "READINESS_DRAFTS": "drafts", "READINESS_EXPORTS": "exports"}
PYTEST_ARGS = ["--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=300"]


def main(argv: list[str]) -> int:
    """Run one command: meeting, app, test or bench."""
    commands = {"meeting": meeting, "app": app, "test": test, "bench": bench, "catalogue": catalogue}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    ensure_venv()
    return commands[argv[0]](argv[1:])


def ensure_venv() -> None:
    """Create .venv and install the project (with test tools) when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under any python3, before the venv exists
        sys.exit(f"readiness needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print("Creating the virtual environment in .venv/ …", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing readiness and its dependencies into .venv/ (first run takes a minute) …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["--upgrade", "pip"], check=True)
    subprocess.run(pip + ["-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def run(args: list[str], **env: str) -> int:
    """Run a program from .venv with the project folder as working directory."""
    environment = {**os.environ, **env, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.call(args, cwd=ROOT, env=environment)


def meeting(extra: list[str]) -> int:
    """Open the meeting notebook in JupyterLab, saving notebooks without outputs or client data."""
    quiet_lab()
    print("Starting JupyterLab on the meeting notebook: once it is open, choose Run ▸ Run All Cells to show the form.\n"
          "Stop it with Ctrl-C. Options go to JupyterLab, e.g. python3 dev.py meeting --no-browser --port=8899", flush=True)
    return run(lab_command(extra))


def lab_command(extra: list[str]) -> list[str]:
    """`jupyter lab` on the meeting notebook with the project's server config (run from the checkout)."""
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [str(BIN / "jupyter"), "lab", MEETING, f"--config={LAB_CONFIG}", *root, *extra]


def quiet_lab() -> None:
    """No "Jupyter news?" pop-up in front of the client: JupyterLab's settings override, in .venv only."""
    overrides = VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not overrides.exists():
        overrides.parent.mkdir(parents=True, exist_ok=True)
        setting = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
        overrides.write_text(json.dumps(setting, indent=2))


def app(extra: list[str]) -> int:
    """Serve the meeting notebook as a code-free Voilà app (its page template puts the form in a landmark)."""
    return run(voila_command(extra), JUPYTER_PATH=str(VOILA_TEMPLATES))


def voila_command(extra: list[str]) -> list[str]:
    """`voila` on the meeting notebook with the project's page template (share/jupyter/voila/templates/readiness)."""
    return [str(BIN / "voila"), MEETING, "--template=readiness", *extra]


def test(extra: list[str]) -> int:
    """Lint, then run every test (library, properties, notebooks, stores, browser)."""
    lint = run([str(BIN / "ruff"), "check", "readiness", "tests", "benchmarks", "dev.py"])
    if lint != 0:
        print("ruff found problems (above); fix them first.")
        return lint
    layers = run([str(BIN / "lint-imports")])  # the house rules: layers, no cycles, pure core (pyproject.toml)
    if layers != 0:
        print("lint-imports found imports that break the layers (above); see docs/architecture.md.")
        return layers
    # Tests and the notebooks they run never touch your real store, drafts or exports.
    scratch = Path(tempfile.mkdtemp(prefix="readiness-test-"))
    places = {name: str(scratch / folder) for name, folder in SCRATCH.items()}
    return run([str(BIN / "python"), "-m", "pytest", *PYTEST_ARGS, *extra], **places)


def bench(extra: list[str]) -> int:
    """Run every benchmark script and print its figures against the budgets."""
    status = 0
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        print(f"\n== {script.name}", flush=True)
        status |= run([str(BIN / "python"), str(script), *extra])
    return status


LOCALES = "readiness/text/locales"


def catalogue(extra: list[str]) -> int:
    """Extract every message of the package (babel.cfg) into the template, then update each language's .po from it."""
    pybabel = str(BIN / "pybabel")
    keywords = ["-k", "t", "-k", "tn:1,2", "-k", "N_", "-k", "Text"]
    template = f"{LOCALES}/readiness.pot"
    status = run([pybabel, "--quiet", "extract", "-F", "babel.cfg", *keywords, "--no-location", "--sort-output",
                  "--omit-header", "--width=120", "-o", template, "."])  # fmt: skip
    if status == 0:
        status = run([pybabel, "--quiet", "update", "-i", template, "-d", LOCALES, "-D", "readiness", "--no-fuzzy-matching",
                      "--ignore-obsolete", "--width=120", "--ignore-pot-creation-date", *extra])  # fmt: skip
    if status == 0:
        print(f"Updated {LOCALES}/*/LC_MESSAGES/readiness.po: translate every empty msgstr, then python3 dev.py test.")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
