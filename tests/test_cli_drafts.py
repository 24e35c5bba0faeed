"""`readiness drafts`: the way back to an unsaved draft from the command line (list, show, save, discard)."""

from __future__ import annotations

import copy
import json

import pytest
from builders import EXAMPLE

from readiness.cli import main
from readiness.store import open_store
from readiness.store.drafts import list_drafts, save_draft


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """Drafts and store of one test, chosen through the environment as a consultant's set-up would."""
    monkeypatch.setenv("READINESS_DRAFTS", str(tmp_path / "drafts"))
    monkeypatch.setenv("READINESS_STORE", str(tmp_path / "store"))
    return tmp_path


def draft(folder, ident: str, **changes) -> dict:
    document = copy.deepcopy(EXAMPLE)
    document["id"] = ident
    document.update(changes)
    save_draft(document, folder / "drafts")
    return document


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_drafts_lists_every_unsaved_draft(folders, capsys):
    draft(folders, "d-1")
    draft(folders, "d-2", client={"name": "Café du Port"}, answers={"content": {"choice": "none"}})
    for argv in (["drafts"], ["drafts", "list"]):
        status, out, _ = run(capsys, *argv)
        assert status == 0 and "Boulangerie Tremblay" in out and "Café du Port" in out
        assert "5 / 5" in out and "1 / 5" in out and out.endswith(f"2 unsaved drafts in {folders / 'drafts'}\n")
    status, out, _ = run(capsys, "drafts", "list", "--json")
    assert status == 0 and {d["id"] for d in json.loads(out)} == {"d-1", "d-2"}


def test_show_prints_the_drafts_assessment(folders, capsys):
    document = draft(folders, "d-1")
    status, out, _ = run(capsys, "drafts", "show", "d-1")
    assert status == 0 and json.loads(out) == document


def test_save_puts_the_draft_into_the_store_and_removes_it(folders, capsys):
    draft(folders, "d-1")
    half = copy.deepcopy(EXAMPLE["answers"])
    half["website"] = {"bounce_rate": 40}  # the return was not answered yet: the question counts as unanswered
    draft(folders, "d-2", answers=half, client={"name": "Café du Port"})
    status, out, _ = run(capsys, "drafts", "save", "d-1", "d-2")
    assert status == 0 and f"saved Boulangerie Tremblay (d-1) into {folders / 'store'};" in out
    store = open_store(str(folders / "store"))
    assert store.get("d-1").client.name == "Boulangerie Tremblay"
    assert "website" not in store.get("d-2").answers
    assert list_drafts(folders / "drafts") == []


def test_a_draft_without_a_client_name_is_not_saved_and_nothing_is(folders, capsys):
    draft(folders, "d-1")
    draft(folders, "d-2", client={"name": ""})
    status, out, err = run(capsys, "drafts", "save", "d-1", "d-2")
    assert status == 2 and out == "" and err.startswith("readiness drafts: draft d-2: client.name") and err.count("\n") == 1
    assert not (folders / "store").exists() and len(list_drafts(folders / "drafts")) == 2


def test_discard_deletes_drafts_and_a_missing_one_is_named(folders, capsys):
    draft(folders, "d-1")
    status, out, _ = run(capsys, "drafts", "discard", "d-1")
    assert status == 0 and out == "discarded the draft d-1 (Boulangerie Tremblay)\n"
    status, _, err = run(capsys, "drafts", "discard", "d-1")
    assert status == 2 and "no draft 'd-1'" in err


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[" * 200_000, "nested deeper than"),  # a draft nested without end: no RecursionError
        ('{"format": "readiness.draft/1", "assessment": ' + "[" * 50 + "]" * 50 + "}", "nested deeper than"),
        ("\x00\x01 not json", "not valid JSON"),
    ],
)
def test_a_hostile_draft_file_is_skipped_in_the_list_and_refused_in_one_line(folders, capsys, content, said):
    draft(folders, "d-good")
    (folders / "drafts" / "d-bad.draft.json").write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "drafts", "list")
    assert status == 0 and "d-good" in out and "d-bad" not in out
    status, out, err = run(capsys, "drafts", "show", "d-bad")
    assert status == 2 and said in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
