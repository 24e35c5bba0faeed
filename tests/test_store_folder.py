"""The folder store's own promises: files anyone can read, damaged files reported, crashes survived."""

from __future__ import annotations

import json
import os
import warnings

import pytest

from readiness.assessment import Assessment
from readiness.errors import StoreError
from readiness.store import StoreWarning, open_store
from tests.test_store_contract import make


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
    monkeypatch.setattr("readiness.store.os.replace", _raise(PowerCut))
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

    monkeypatch.setattr("readiness.store.os.write", half_then_power_cut)
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
