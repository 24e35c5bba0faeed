"""Files a consultant shares (exports, charts, decks) open for colleagues on a shared drive; drafts stay private."""

from __future__ import annotations

import json
import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest
from builders import EXAMPLE

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.core.errors import ReadinessError
from readiness.store import open_store
from readiness.store.drafts import save_draft
from readiness.store.writer import write_atomically


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


@pytest.mark.parametrize("failure", [ValueError("chart 3 cannot be drawn"), OSError(28, "No space left on device")])
def test_files_written_together_replace_the_old_ones_all_or_none(tmp_path, failure):
    from readiness.store.writer import write_together

    for name in ("a.png", "b.csv"):
        (tmp_path / name).write_bytes(b"old\n")

    def broken(file):
        file.write(b"half")
        raise failure

    with pytest.raises((ValueError, ReadinessError), match="chart 3|b.csv: cannot write: No space left"):
        write_together([(tmp_path / "a.png", b"new\n"), (tmp_path / "b.csv", broken), (tmp_path / "c.txt", b"new\n")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.csv"]
    assert {p.read_bytes() for p in tmp_path.iterdir()} == {b"old\n"}
    assert write_together([(tmp_path / "a.png", b"new\n"), (tmp_path / "c.txt", b"new\n")]) == [tmp_path / "a.png", tmp_path / "c.txt"]
    assert (tmp_path / "a.png").read_bytes() == b"new\n"


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


# ---------------------------------------------------------------- one writer for every file


@pytest.mark.parametrize(("private", "mode"), [(False, 0o644), (True, 0o600)])
def test_the_one_writer_makes_shared_or_private_files(tmp_path, private, mode):
    from readiness.store.writer import write_atomically

    old = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "a" / "file.bin", b"whole", private=private)
    finally:
        os.umask(old)
    assert path.read_bytes() == b"whole"
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert [p.name for p in path.parent.iterdir()] == ["file.bin"]  # no temp file left


@pytest.mark.parametrize("durable", [True, False])
def test_a_durable_write_flushes_the_file_and_its_folder(tmp_path, monkeypatch, durable):
    from readiness.store import writer

    folders, files = [], []
    real_fsync = os.fsync
    monkeypatch.setattr(writer, "fsync_folder", folders.append)
    monkeypatch.setattr(writer.os, "fsync", lambda fd: files.append(fd) or real_fsync(fd))
    writer.write_atomically(tmp_path / "x.txt", b"x", durable=durable)
    assert folders == ([tmp_path] if durable else [])
    assert len(files) == (1 if durable else 0)


def test_drafts_are_private_and_durable(tmp_path, monkeypatch):
    from readiness.store import writer
    from readiness.store.drafts import save_draft

    calls = []
    real = writer.write_atomically
    monkeypatch.setattr("readiness.store.drafts.write_atomically", lambda *a, **k: calls.append(k) or real(*a, **k))
    path = save_draft(copy_of_example(), tmp_path)
    assert calls == [{"private": True}]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def copy_of_example() -> dict:
    return json.loads(json.dumps(EXAMPLE))


def test_only_the_writer_flushes_or_renames_files():
    """One writer: no other module of the package calls fsync, sync or os.replace but the folder store's layout and moves."""
    root = Path(__file__).resolve().parent.parent / "readiness"
    allowed = {"store/writer.py", "store/folder.py", "store/folder_batch.py",
               "text/catalogue.py"}  # (renames of whole files; the catalogue's cache of compiled messages)
    found = {}
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(root))
        if any(call in text for call in ("os.fsync(", "os.sync(", "mkstemp(")) and name != "store/writer.py":
            found[name] = "flushes files itself"
        elif "os.replace(" in text and name not in allowed:
            found[name] = "renames files itself"
    assert found == {}
