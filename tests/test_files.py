"""Files a consultant shares (exports, charts, decks) open for colleagues on a shared drive; drafts stay private."""

from __future__ import annotations

import json
import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.core.errors import ReadinessError
from readiness.store import open_store
from readiness.store.drafts import save_draft
from readiness.store.writer import write_atomically
from tests.conftest import EXAMPLE


@contextmanager
def umask(mask: int):
    """Run with this umask (a colleague's shell), then put the old one back."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o027, 0o640), (0o077, 0o600)])
@pytest.mark.parametrize("content", [b"a;b\n1;2\n", lambda file: file.write(b"a;b\n1;2\n")], ids=["bytes", "writer"])
def test_a_shared_file_gets_the_usual_permissions(tmp_path, mask, expected, content):
    with umask(mask):
        path = write_atomically(tmp_path / "export.csv", content)
    assert (mode(path), path.read_bytes()) == (expected, b"a;b\n1;2\n")
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"old\n")

    def broken(file):
        file.write(b"half")
        raise ValueError("cell 3 cannot be written")

    with pytest.raises(ValueError, match="cell 3"):
        write_atomically(path, broken)
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"] and path.read_bytes() == b"old\n"


def test_a_file_in_the_way_of_the_folder_is_a_clear_error(tmp_path):
    (tmp_path / "exports").write_text("not a folder")
    with pytest.raises(ReadinessError, match=r"exports/export\.csv: cannot write: "):
        write_atomically(tmp_path / "exports" / "export.csv", b"x")


@pytest.fixture
def client(tmp_path, monkeypatch):
    """The example as a JSON file and in a store; the working folder is scratch."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "boulangerie.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    open_store(tmp_path / "store").save(Assessment.from_dict(EXAMPLE))
    return path


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["export", "out/assessments.csv", "--store", "store"], id="csv"),
        pytest.param(["export", "out/assessments.xlsx", "--store", "store"], id="xlsx"),
        pytest.param(["deck", "boulangerie.json", "--no-benchmark", "--out", "out/deck.pptx"], id="pptx"),
        pytest.param(["charts", "boulangerie.json", "--no-benchmark", "--out", "out", "--size", "half"], id="charts"),
    ],
)
def test_every_exported_file_is_readable_by_colleagues(client, argv, capsys):
    with umask(0o022):
        assert main(argv) == 0, capsys.readouterr().err
    written = sorted(Path("out").iterdir())
    assert written and {p.name: mode(p) for p in written} == {p.name: 0o644 for p in written}


def test_drafts_stay_private_to_the_consultant(tmp_path):
    with umask(0o022):
        path = save_draft(dict(EXAMPLE), tmp_path / "drafts")
    assert mode(path) == 0o600
