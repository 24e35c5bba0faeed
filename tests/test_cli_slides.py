"""`readiness deck` and `readiness charts`: files written, paths printed, bad input exits 2 naming it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from builders import EXAMPLE
from pptx import Presentation

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.store import open_store, paths

STEM = "boulangerie-tremblay-2026-11-26"


@pytest.fixture
def files(tmp_path, monkeypatch):
    """The example as a JSON file, an empty store folder, and a scratch working folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READINESS_EXPORTS", raising=False)
    monkeypatch.setattr(paths, "PACKAGE_CHECKOUT", tmp_path / "not-a-checkout")  # the working folder is the project
    path = tmp_path / "boulangerie.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "store").mkdir()
    return path, tmp_path / "store"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def titles(path: str | Path) -> list[str]:
    return [s.shapes.title.text for s in Presentation(str(path)).slides]


def test_deck_from_a_file_says_when_the_benchmark_is_the_sample(files, capsys):
    path, store = files
    code, out, err = run(capsys, "deck", path, "--store", store, "--out", "deck.pptx")
    assert (code, out.strip()) == (0, "deck.pptx")
    assert err.startswith("note: 300 assessments of the shipped sample data (fictitious clients): the store")
    assert len(titles("deck.pptx")) == 8


@pytest.mark.parametrize("command", ["charts", "deck"])
def test_sample_rows_imported_into_the_store_are_said_so_not_too_few(files, capsys, command):
    """The try-out: 303 assessments in the store, imported from the sample, and the note said it held too few."""
    from builders import numbered

    path, store = files
    with open_store(str(store)) as opened:
        opened.save_many([replace(numbered(i), id=f"sample-{i:04d}") for i in range(1, 7)] + [numbered(7)])
    code, _, err = run(capsys, command, path, "--store", store, "--out", "out/", "--lang", "fr")
    assert code == 0
    assert err == f"note : 7 évaluations du registre {store}, dont 6 des données d'exemple importées (clients fictifs) et 1 de vos clients.\n"


def test_deck_by_id_from_the_store_in_english_by_default_path(files, capsys):
    _, store = files
    open_store(str(store)).save(Assessment.from_dict(EXAMPLE))
    code, out, _ = run(capsys, "deck", EXAMPLE["id"], "--store", store, "--lang", "en")
    expected = Path("exports/boulangerie-tremblay") / f"{STEM}.pptx"  # the project's exports/ (here: the working folder)
    assert (code, Path(out.strip()).resolve()) == (0, expected.resolve())
    assert titles(expected)[1] == "Verdict: Ready with conditions"


def test_deck_without_benchmark_has_no_peers_slide(files, capsys):
    path, store = files
    code, out, err = run(capsys, "deck", path, "--store", store, "--no-benchmark", "--out", "solo/")
    assert code == 0 and err == ""
    assert len(titles(out.strip())) == 7 and out.strip() == f"solo/{STEM}.pptx"


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--out", "deck.pdf"], "readiness deck: out must be a .pptx file or a folder, got 'deck.pdf'"),
        (["--template", "nowhere.pptx"], "readiness deck: template 'nowhere.pptx' does not exist"),
    ],
)
def test_deck_refuses_bad_options_naming_them(files, capsys, extra, message):
    path, store = files
    code, out, err = run(capsys, "deck", path, "--store", store, "--no-benchmark", *extra)
    assert code == 2 and out == ""
    assert message in err


def test_deck_with_a_template_missing_a_layout_exits_2_naming_it(files, capsys):
    path, store = files
    from builders import make_template

    template = make_template(Path("corporate.pptx"), drop="Title Only")
    code, _, err = run(capsys, "deck", path, "--store", store, "--no-benchmark", "--template", template)
    assert code == 2
    assert "has no layout named 'Title Only' (or 'Titre seul')" in err


def test_deck_of_an_unknown_id_exits_2(files, capsys):
    _, store = files
    open_store(str(store)).save(Assessment.from_dict(EXAMPLE))
    code, _, err = run(capsys, "deck", "no-such-id", "--store", store)
    assert code == 2 and "no-such-id" in err


def test_charts_writes_the_formats_and_sizes_asked_for(files, capsys):
    path, store = files
    code, out, _ = run(capsys, "charts", path, "--store", store, "--out", "charts", "--format", "svg,png", "--size", "half")
    assert code == 0
    printed = out.split()
    assert sorted(Path(p).name for p in printed) == sorted(
        f"{STEM}-{c}-half.{f}" for c in ("radar", "bars", "distribution") for f in ("png", "svg")
    )
    assert all(Path(p).is_file() for p in printed)


@pytest.mark.parametrize(
    "extra, message",
    [(["--format", "png,jpg"], "format must be among png, svg, pdf, got 'jpg'"),
     (["--size", "poster"], "size must be among full, half, got 'poster'")],
)  # fmt: skip
def test_charts_refuses_unknown_formats_and_sizes(files, capsys, extra, message):
    path, store = files
    code, _, err = run(capsys, "charts", path, "--no-benchmark", *extra)
    assert code == 2 and message in err


def test_charts_of_a_missing_file_exits_2(files, capsys):
    code, _, err = run(capsys, "charts", "missing.json", "--no-benchmark")
    assert code == 2 and "missing.json" in err


def test_charts_from_another_process_are_byte_identical(files, capsys):
    """Same input, another Python process (new hash seeds, new ids): the same bytes."""
    path, store = files
    run(capsys, "charts", path, "--store", store, "--out", "here", "--format", "svg,pdf,png", "--size", "half")
    argv = [sys.executable, "-m", "readiness.cli", "charts", str(path), "--store", str(store), "--out", "there", "--format", "svg,pdf,png", "--size", "half"]
    subprocess.run(argv, check=True, capture_output=True, timeout=120)
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in Path("here").iterdir()}
    assert len(digest) == 9
    assert digest == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in Path("there").iterdir()}
