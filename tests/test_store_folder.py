"""The folder store's own promises: files anyone can read, damaged files reported, crashes survived."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import warnings

import pytest
from builders import numbered as make

from readiness.core.assessment import Assessment
from readiness.core.errors import StoreError
from readiness.store import SaveSummary, StoreWarning, open_store
from readiness.store import folder_batch as store_module
from readiness.store import writer as filewriter


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "assessments"


@pytest.fixture
def store(folder):
    return open_store(folder)


def test_each_assessment_is_a_readable_format_v1_file(store, folder):
    a = make(1)
    store.save(a)
    path = folder / "a-0001.json"
    text = path.read_text(encoding="utf-8")
    assert Assessment.from_json(text).to_dict() == a.to_dict()
    assert json.loads(text)["format"] == "readiness.assessment/1"
    assert '\n    "budget": {"annual_amount": 6000, "currency": "CAD"},\n' in text  # one answer per line
    assert "Boulangerie" not in text and "Client 1" in text
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "a-0001.json"]


def test_files_are_readable_by_colleagues_on_a_shared_drive(store, folder):
    old = os.umask(0o022)
    try:
        store.save(make(1))
    finally:
        os.umask(old)
    assert (folder / "a-0001.json").stat().st_mode & 0o044 == 0o044


def test_revisions_and_deleted_ones_are_plain_files_too(store, folder):
    first = make(1)
    second = first.with_answer("content", {"choice": "none"})
    store.save(first)
    store.save(second)
    assert (
        Assessment.from_json((folder / ".revisions" / "a-0001" / "000001.json").read_text()).to_dict()
        == first.to_dict()
    )
    store.delete("a-0001")
    assert not (folder / "a-0001.json").exists()
    assert Assessment.from_json((folder / ".deleted" / "a-0001.json").read_text()).to_dict() == second.to_dict()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a-0009.json", "{not json", "cannot read"),
        ("a-0009.json", '{"client": {"name": ""}, "assessed_on": "2025-01-01"}', "client.name"),
        ("a-0001 (conflicted copy).json", None, "holds id 'a-0001'"),
    ],
)
def test_a_damaged_or_copied_file_is_skipped_with_a_warning_naming_it(store, folder, name, content, reason):
    store.save(make(1))
    text = content if content is not None else (folder / "a-0001.json").read_text()
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.warns(StoreWarning, match=reason) as caught:
        assert [a.id for a in store.list()] == ["a-0001"]
    assert name in str(caught[0].message)
    with pytest.warns(StoreWarning):
        assert len(store.load_frame()) == 1


def test_getting_a_damaged_file_names_it(store, folder):
    (folder).mkdir()
    (folder / "a-0002.json").write_text("{", encoding="utf-8")
    with pytest.raises(StoreError, match="a-0002.json"):
        store.get("a-0002")


def test_saving_over_a_damaged_file_keeps_it_as_a_revision(store, folder):
    folder.mkdir()
    (folder / "a-0001.json").write_text("{half", encoding="utf-8")
    store.save(make(1))
    assert (folder / ".revisions" / "a-0001" / "000001.json").read_text() == "{half"
    assert store.get("a-0001").to_dict() == make(1).to_dict()


# ---------------------------------------------------------------- crashes in the middle of a save


class PowerCut(BaseException):
    """Stands for the process dying at that exact point."""


def test_a_crash_before_the_rename_leaves_the_earlier_revision(store, folder, monkeypatch):
    first = make(1)
    store.save(first)
    monkeypatch.setattr("readiness.store.folder_files.os.replace", _raise(PowerCut))
    with pytest.raises(PowerCut):
        store.save(first.with_answer("content", {"choice": "none"}))
    monkeypatch.undo()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert store.get("a-0001").to_dict() == first.to_dict()
        assert [r.to_dict() for r in store.revisions("a-0001")] == [first.to_dict()]
        assert [a.id for a in store.list()] == ["a-0001"]
    second = first.with_answer("champion", {"choice": "dedicated"})
    store.save(second)
    assert [r.to_dict() for r in store.revisions("a-0001")] == [first.to_dict(), second.to_dict()]


def test_a_crash_while_writing_leaves_no_visible_file(store, folder, monkeypatch):
    store.save(make(1))
    real_write = os.write

    def half_then_power_cut(fd, data):
        real_write(fd, bytes(data)[:10])
        raise PowerCut("the power went out")

    monkeypatch.setattr("readiness.store.folder_files.os.write", half_then_power_cut)
    with pytest.raises(PowerCut):
        store.save(make(2))
    monkeypatch.undo()
    assert [a.id for a in store.list()] == ["a-0001"]
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [".lock", "a-0001.json"]


def test_temp_files_left_by_a_killed_save_are_ignored_then_swept(store, folder):
    store.save(make(1))
    (folder / ".a-0002.4242.tmp").write_text('{"format": "readiness.asse', encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [a.id for a in store.list()] == ["a-0001"]
    store.save_many([make(3)])
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [".lock", "a-0001.json", "a-0003.json"]


def _raise(error: type[BaseException]):
    def fail(*args, **kwargs):
        raise error("the power went out")

    return fail


# ---------------------------------------------------------------- large saves: the helper process


def batch_bytes(tmp_path, names: list[str], contents: list[bytes]) -> bytes:
    """A batch as the folder store sends it to the helper: a JSON header line, then the contents."""
    files = [[str(tmp_path / f".{n}.tmp"), str(tmp_path / f"{n}.json"), len(c)] for n, c in zip(names, contents, strict=True)]
    header = json.dumps({"files": files, "remove": [], "folders": [str(tmp_path)]}) + "\n"
    return header.encode() + b"".join(contents)


def test_the_helper_lands_whole_batches_and_answers_each(tmp_path):
    first = batch_bytes(tmp_path, ["a", "b"], [b'{"a": 1}', b"{}"])
    barrier = batch_bytes(tmp_path, [], [])  # no files: answered at once, after the batch before
    last = batch_bytes(tmp_path, ["c"], [b"[1, 2]"])
    answers = io.BytesIO()
    assert filewriter.main(io.BytesIO(first + barrier + last), answers) == 0
    assert answers.getvalue() == b"ok\nok\nok\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json", "c.json"]  # no temp file left
    assert (tmp_path / "c.json").read_bytes() == b"[1, 2]"


def test_the_helper_never_lands_half_a_batch(tmp_path):
    whole = batch_bytes(tmp_path, ["a"], [b"{}"])
    cut = batch_bytes(tmp_path, ["b", "c"], [b"x" * 100, b"y" * 100])[:-50]  # the store's process died mid-batch
    answers = io.BytesIO()
    assert filewriter.main(io.BytesIO(whole + cut), answers) == 1
    assert answers.getvalue() == b"ok\n" and sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_the_helper_stops_at_the_first_error_and_says_why(tmp_path):
    broken = batch_bytes(tmp_path / "missing", ["a"], [b"{}"])
    answers = io.BytesIO()
    assert filewriter.main(io.BytesIO(broken + batch_bytes(tmp_path, ["b"], [b"{}"])), answers) == 1
    assert answers.getvalue().startswith(b"error: ") and b"missing" in answers.getvalue()
    assert list(tmp_path.iterdir()) == []  # the next batch is not touched


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 20, so that a save of a few dozen assessments goes through the helper; count its starts."""
    monkeypatch.setattr("readiness.store.base.BATCH", 20)
    started = []
    real = store_module._start_helper
    monkeypatch.setattr("readiness.store.folder_batch._start_helper", lambda lock: started.append(lock) or real(lock))
    return started


def test_a_large_save_lands_every_batch_through_the_helper(store, folder, small_batches):
    originals = [make(i) for i in range(1, 71)]
    edited = originals[25].with_answer("content", {"choice": "none"})  # the same id while its batch is in flight
    calls = []
    summary = store.save_many([*originals[:45], edited, *originals[45:]], progress=calls.append)
    assert len(small_batches) == 1
    assert summary == SaveSummary(added=70, revised=1) and sum(calls) == 71
    assert [a.to_dict() for a in store.revisions("a-0026")] == [originals[25].to_dict(), edited.to_dict()]
    assert sorted(a.id for a in store.list()) == sorted(a.id for a in originals)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [".lock", ".revisions"]
    assert store.save_many([a for a in originals if a.id != edited.id]) == SaveSummary(unchanged=69)


def test_a_helper_that_cannot_write_is_a_store_error_and_breaks_nothing(store, folder, small_batches, monkeypatch):
    real = store_module._FolderBatch.request
    monkeypatch.setattr("readiness.store.folder_batch._FolderBatch.request", lambda batch: real(batch).replace(b".writing", b".gone"))
    with pytest.raises(StoreError, match="could not write 20 assessments: .*No such file"):
        store.save_many(make(i) for i in range(1, 61))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sorted(a.id for a in store.list()) == [f"a-{i:04d}" for i in range(1, 21)]  # the first batch only


IMPORTER = textwrap.dedent(
    """
    import copy, itertools, sys
    import readiness.store.base
    from readiness.core.assessment import Assessment
    from readiness.store import open_store
    from tests.builders import numbered as make

    readiness.store.base.BATCH = 50
    store = open_store(sys.argv[1])
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    for round in itertools.count():
        store.save_many(make(1 + i, name=f"Client {i} round {round}") for i in range(400))
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("killed", ["the importing process", "it and its helper"])
def test_killing_a_large_save_leaves_whole_files_and_the_lock_with_the_helper(store, folder, killed):
    baseline = [make(i) for i in range(1, 401)]
    store.save_many(baseline)
    rng = random.Random(7)
    for _ in range(3):
        importer = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(folder)], stdout=subprocess.PIPE, text=True, start_new_session=True
        )
        assert importer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.3, 1.5))
        if killed == "the importing process":
            importer.send_signal(signal.SIGKILL)
        else:
            os.killpg(importer.pid, signal.SIGKILL)
        importer.wait()
        importer.stdout.close()
        store.save(make(999))  # waits for the lock: a helper left running finishes its batch first
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no damaged file may show up
            listed = store.list()
        assert len(listed) == 401
        for original in baseline:
            assert store.revisions(original.id)[0].to_dict() == original.to_dict()
