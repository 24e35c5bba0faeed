"""Notebooks never carry client data into git: the pre-save hook of `python3 dev.py meeting`.

JupyterLab is started exactly as `dev.py meeting` starts it (its command, its server config) on a
git checkout of the notebooks; notebooks full of outputs and client data are saved through the
Jupyter REST API, as JupyterLab's autosave and Ctrl-S do; git must see nothing.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import free_port, stop

from readiness.meeting.clean_notebooks import kept_clean, main, normal_form, notebook_text, pre_save_hook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CLIENT = "Boulangerie Tremblay"


def dev_module():
    """dev.py, the way the README's commands run it."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_used(notebook: dict, client: str = CLIENT) -> dict:
    """The notebook as JupyterLab holds it after a meeting: outputs, counts, widget state, kernel details."""
    used = copy.deepcopy(notebook)
    used["metadata"]["language_info"] = {"name": "python", "version": "3.11.2", "mimetype": "text/x-python",
                                         "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py"}  # fmt: skip
    used["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"m1": {"state": {"value": client}}}}}
    for number, cell in enumerate(used["cells"], 1):
        cell["metadata"] |= {"execution": {"iopub.status.busy": "2026-11-26T14:02:00"}, "scrolled": True}
        if cell["cell_type"] != "code":
            continue
        cell["execution_count"] = number
        cell["outputs"] = [
            {"output_type": "display_data", "metadata": {},
             "data": {"text/plain": f"{client} — 63,5 / 100", "text/html": f"<h2>{client}</h2>",
                      "image/png": "iVBORw0KGgo=", "application/vnd.jupyter.widget-view+json": {"model_id": "m1", "version_major": 2, "version_minor": 0}}},
            {"output_type": "stream", "name": "stdout", "text": f"saved {client}\n"},
        ]  # fmt: skip
    return used


# ---------------------------------------------------------------- the normal form


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_committed_notebook_is_in_normal_form(path):
    text = path.read_text(encoding="utf-8")
    assert notebook_text(normal_form(json.loads(text))) == text, f"python -m readiness.meeting.clean_notebooks {path.relative_to(ROOT)}"
    assert main(["--check", str(path)]) == 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_used_notebook_goes_back_to_its_committed_bytes(path):
    committed = path.read_text(encoding="utf-8")
    used = as_used(json.loads(committed))
    assert CLIENT in json.dumps(used)
    assert notebook_text(normal_form(used)) == committed


def test_the_normal_form_keeps_sources_ids_tags_and_the_kernel():
    notebook = {
        "cells": [
            {"cell_type": "code", "id": "a", "metadata": {"tags": ["parameters"], "collapsed": True}, "source": "x = 1",
             "execution_count": 4, "outputs": [{"output_type": "stream", "name": "stdout", "text": "1"}]},
            {"cell_type": "markdown", "id": "b", "metadata": {}, "source": "![logo](attachment:l.png)",
             "attachments": {"l.png": {"image/png": "iVBOR"}}},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python", "env": {"X": "1"}},
                     "language_info": {"name": "python", "version": "3.11"}, "papermill": {"parameters": {"store": "x"}}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    assert normal_form(notebook) == {
        "cells": [
            {"cell_type": "code", "id": "a", "metadata": {"tags": ["parameters"]}, "source": "x = 1", "execution_count": None, "outputs": []},
            {"cell_type": "markdown", "id": "b", "metadata": {}, "source": "![logo](attachment:l.png)"},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}, "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def test_clean_notebooks_rewrites_a_notebook_and_check_says_which(tmp_path, capsys):
    path = tmp_path / "used.ipynb"
    path.write_text(json.dumps(as_used(json.loads(NOTEBOOKS[0].read_text(encoding="utf-8")))), encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == NOTEBOOKS[0].read_text(encoding="utf-8")
    assert capsys.readouterr().out == f"{path}: not in normal form\n{path}: outputs and metadata removed\n"


# ---------------------------------------------------------------- which notebooks the hook cleans


def git_checkout(repo: Path) -> Path:
    """A git checkout at `repo` with the project's notebooks and .gitignore, committed."""
    (repo / "notebooks").mkdir(parents=True)
    for path in NOTEBOOKS:
        shutil.copy(path, repo / "notebooks" / path.name)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    git = ["git", "-C", str(repo), "-c", "user.name=test", "-c", "user.email=test@example.com"]
    for step in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "notebooks"]):
        subprocess.run([*git, *step], check=True)
    return repo


@pytest.fixture
def checkout(tmp_path):
    return git_checkout(tmp_path / "checkout")


@pytest.mark.parametrize(
    ("place", "cleaned"),
    [
        ("notebooks/01_client_meeting.ipynb", True),  # tracked
        ("notebooks/Untitled.ipynb", True),  # new, and git would take it
        ("reports/boulangerie-2026-11-26.ipynb", False),  # git-ignored: the consultant's own results
        ("exports/boulangerie/notes.ipynb", False),
    ],
)
def test_the_hook_cleans_what_git_could_commit_and_leaves_the_consultants_results(checkout, place, cleaned):
    (checkout / place).parent.mkdir(parents=True, exist_ok=True)
    used = as_used(json.loads(NOTEBOOKS[0].read_text(encoding="utf-8")))
    model = {"type": "notebook", "content": copy.deepcopy(used)}
    pre_save_hook(model=model, path=place, contents_manager=type("Manager", (), {"root_dir": str(checkout)})())
    assert (CLIENT in json.dumps(model["content"])) is not cleaned
    assert kept_clean(checkout / place) is cleaned


def test_a_tracked_notebook_keeps_its_committed_parameters_a_new_one_its_own(checkout):
    used = json.loads((checkout / "notebooks" / "02_client_report.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in used["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = f'assessment_id = "7d9f0c1e"  # {CLIENT}'
    manager = type("Manager", (), {"root_dir": str(checkout / "notebooks")})()
    for place, kept in (("02_client_report.ipynb", False), ("Copy of the report.ipynb", True)):
        model = {"type": "notebook", "content": copy.deepcopy(used)}
        pre_save_hook(model=model, path=place, contents_manager=manager)
        assert (CLIENT in json.dumps(model["content"])) is kept, place
    assert notebook_text(model["content"]) != (ROOT / "notebooks" / "02_client_report.ipynb").read_text(encoding="utf-8")


def test_the_hook_leaves_other_files_alone():
    model = {"type": "file", "format": "text", "content": f"{CLIENT}\n"}
    pre_save_hook(model=model, path="notes.txt", contents_manager=None)
    assert model["content"] == f"{CLIENT}\n"


# ---------------------------------------------------------------- JupyterLab as `dev.py meeting` starts it


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started with dev.py's own command and config, on a git checkout of the notebooks."""
    repo = git_checkout(tmp_path_factory.mktemp("lab") / "checkout")
    port = free_port()
    command = dev_module().lab_command(
        ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True"]  # fmt: skip
    )
    log = open(repo.parent / "lab.log", "w")  # noqa: SIM115 - closed after the server stops
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(repo.parent / "config"), "JUPYTER_RUNTIME_DIR": str(repo.parent / "runtime")}
    server = subprocess.Popen(command, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, repo.parent / "lab.log")
        yield url, repo
    finally:
        stop(server)
        log.close()


def _wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"jupyter lab stopped ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"jupyter lab did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def save(url: str, path: str, notebook: dict) -> dict:
    """What JupyterLab's autosave and Ctrl-S do: PUT the notebook to the contents API.

    (Started on notebooks/01_client_meeting.ipynb, JupyterLab serves the notebooks/ folder: paths are in it.)
    """
    body = json.dumps({"type": "notebook", "format": "json", "content": notebook}).encode("utf-8")
    request = urllib.request.Request(f"{url}/api/contents/{path}", data=body, method="PUT", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def git_says(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.timeout(300)
def test_saving_used_notebooks_in_the_meeting_jupyterlab_leaves_git_clean(lab):
    url, repo = lab
    for path in NOTEBOOKS:
        committed = path.read_bytes()
        save(url, path.name, as_used(json.loads(committed)))
        assert (repo / "notebooks" / path.name).read_bytes() == committed, path.name
    assert git_says(repo, "status", "--porcelain") == ""
    assert CLIENT not in git_says(repo, "diff") + "".join(p.read_text() for p in (repo / "notebooks").glob("*.ipynb"))


@pytest.mark.timeout(300)
def test_a_report_run_for_a_real_client_and_saved_leaves_git_clean(lab, tmp_path, example):
    """Notebook 02 as a consultant uses it in JupyterLab: the client's id typed into the parameters, Run All, saved."""
    import nbclient
    import nbformat

    from readiness.store import open_store

    url, repo = lab
    open_store(str(tmp_path / "store")).save(example)
    book = nbformat.read(ROOT / "notebooks" / "02_client_report.ipynb", as_version=4)
    parameters = next(c for c in book.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source += f'\nassessment_id = "{example.id}"\nstore = "{tmp_path / "store"}"  # {CLIENT}\nlanguage = "fr"'
    nbclient.NotebookClient(book, timeout=240, kernel_name="python3").execute()
    ran = json.loads(nbformat.writes(book))
    assert json.dumps(ran).count(CLIENT) >= 2 and "image/png" in json.dumps(ran)  # the parameters and the outputs hold it
    save(url, "02_client_report.ipynb", ran)
    assert git_says(repo, "status", "--porcelain") == ""
    assert (repo / "notebooks" / "02_client_report.ipynb").read_bytes() == (ROOT / "notebooks" / "02_client_report.ipynb").read_bytes()


@pytest.mark.timeout(300)
def test_a_new_notebook_beside_them_is_saved_clean_too(lab):
    url, repo = lab
    save(url, "Untitled.ipynb", as_used(json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))))
    assert CLIENT not in (repo / "notebooks" / "Untitled.ipynb").read_text(encoding="utf-8")
    assert git_says(repo, "status", "--porcelain") == "?? notebooks/Untitled.ipynb\n"
    (repo / "notebooks" / "Untitled.ipynb").unlink()


# ---------------------------------------------------------------- what the meeting notebook shows, run headless


@pytest.mark.timeout(300)
def test_the_meeting_notebook_run_headless_shows_the_blank_forms_summary(tmp_path):
    """(The check nbval made on a stored output, which a clean notebook no longer holds.)"""
    import nbclient
    import nbformat

    book = nbformat.read(ROOT / "notebooks" / "01_client_meeting.ipynb", as_version=4)
    assert book.cells[0].cell_type == "markdown" and "Run All Cells" in book.cells[0].source  # what a reopened notebook says
    env = {"READINESS_STORE": str(tmp_path / "store"), "READINESS_DRAFTS": str(tmp_path / "drafts")}
    previous = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        nbclient.NotebookClient(book, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    finally:
        for name, value in previous.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
    shown = book.cells[-1].outputs[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in shown
    assert shown["text/plain"] == (
        "Rencontre client — Prêt pour les médias sociaux ? Les cinq questions\n"
        "Questions répondues : 0 / 5\n"
        "Score provisoire : – / 100 — Verdict après les 5 questions\n"
        "  Objectifs : à répondre\n  Stratégie de contenu : à répondre\n  Responsable interne : à répondre\n"
        "  Budget : à répondre\n  Site Web : à répondre\n"
        "Bloquants (0)\nRisques (0)"
    )


def test_dev_meeting_passes_the_projects_server_config():
    dev = dev_module()
    command = dev.lab_command([])
    assert command[1:3] == ["lab", "notebooks/01_client_meeting.ipynb"] and f"--config={ROOT / 'jupyter_server_config.json'}" in command
    config = json.loads((ROOT / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert config["ContentsManager"]["pre_save_hook"] == "readiness.meeting.clean_notebooks.pre_save_hook"
