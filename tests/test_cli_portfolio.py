"""The benchmark, portfolio and report commands."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.core.framework import default_framework, framework_to_dict
from readiness.core.rows import from_row
from readiness.core.scoring import score_assessment
from readiness.store import open_store
from readiness.store.sample import load_sample


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture
def example_file(tmp_path, example_dict):
    path = tmp_path / "client.json"
    path.write_text(json.dumps(example_dict), encoding="utf-8")
    return str(path)


@pytest.fixture
def store(tmp_path, sample):
    """A store of 12 assessments of the agency's own (sample rows without their synthetic mark)."""
    path = tmp_path / "store"
    s = open_store(path)
    for row in sample.loc[sample["verdict"].notna()].head(12).to_dict("records"):
        s.save(from_row({**row, "id": row["id"].removeprefix("sample-")}))
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def empty(tmp_path) -> str:
    """An empty folder store (one that does not exist is refused: a store named on purpose must be there)."""
    (tmp_path / "none").mkdir(exist_ok=True)
    return str(tmp_path / "none")


# ---------------------------------------------------------------- benchmark


def test_benchmark_json_names_the_group_and_says_sample(capsys, example_file, tmp_path, sample):
    status, out, _ = run(capsys, "benchmark", example_file, "--store", empty(tmp_path), "--json")
    data = json.loads(out)
    assert status == 0 and data["sample"] is True
    assert data["group"] == {"level": "industry_size", "industry": "retail", "size": "very_small", "n": data["group"]["n"]}
    assert data["group"]["n"] >= 5 and set(data["percentile"]) == {"overall", "objectives", "content", "champion", "budget", "website"}
    assert set(data["verdict_shares"]) == {"ready", "conditional", "not_ready"}
    assert all(q1 <= data["median"][m] <= q3 for m, (q1, q3) in data["iqr"].items())
    assert data["client"]["overall"] == score_assessment(Assessment.from_json(Path(example_file).read_text(encoding="utf-8"))).overall
    assert not [name for name in sample["client_name"] if name in out]


def test_benchmark_by_id_in_a_store(capsys, store):
    target = open_store(store).list()[0]
    status, out, _ = run(capsys, "benchmark", target.id, "--store", store, "--json")
    data = json.loads(out)
    assert status == 0 and data["sample"] is False and data["client"]["id"] == target.id
    assert data["group"]["n"] >= 5
    others = {a.client.name for a in open_store(store).list()} - {target.client.name}
    assert not [n for n in others if n in out]


def test_benchmark_text_in_english_and_french(capsys, example_file, tmp_path):
    status, out, _ = run(capsys, "benchmark", example_file, "--store", empty(tmp_path), "--lang", "en")
    assert status == 0 and "Peers: same industry and size (n = " in out and "sample data" in out and "percentile" in out
    status, out, _ = run(capsys, "benchmark", example_file, "--store", empty(tmp_path))
    assert status == 0 and "Pairs : même secteur et même taille" in out and "centile" in out and "Boulangerie Tremblay" in out


def test_benchmark_says_plainly_when_no_group_reaches_k(capsys, example_file, tmp_path):
    status, out, _ = run(capsys, "benchmark", example_file, "--store", empty(tmp_path), "--k", "100000", "--json")
    data = json.loads(out)
    assert status == 0 and data["group"] is None and "k = 100000" in data["message"] and data["percentile"] == {}
    status, out, _ = run(capsys, "benchmark", example_file, "--store", empty(tmp_path), "--k", "100000", "--lang", "en")
    assert status == 0 and "Not enough comparable clients" in out


@pytest.mark.parametrize("command", ["benchmark", "portfolio"])
@pytest.mark.parametrize("k", ["1", "4", "0", "-3"])
def test_a_k_under_five_is_refused_in_one_line(capsys, example_file, tmp_path, command, k):
    target = ["no-such-id"] if command == "benchmark" else ["--out", str(tmp_path / "out")]
    status, out, err = run(capsys, command, *target, "--store", empty(tmp_path), "--k", k)
    assert status == 2 and out == ""
    assert err == f"readiness {command}: k must be a whole number ≥ 5 (a smaller group could identify past clients), got {k}\n"
    assert not (tmp_path / "out").exists()


def test_the_shipped_sample_stays_sample_data_once_imported(capsys, example_file, tmp_path):
    from readiness.store.sample import SAMPLE_PATH

    store = str(tmp_path / "store")
    assert run(capsys, "import", str(SAMPLE_PATH), "--store", store)[0] == 0
    stored = open_store(store).list()
    assert len(stored) == 300 and all(a.id.startswith("sample-") for a in stored)  # the mark went through import
    status, out, _ = run(capsys, "benchmark", example_file, "--store", store, "--json")
    assert status == 0 and json.loads(out)["sample"] is True and json.loads(out)["group"]["n"] >= 5
    status, out, _ = run(capsys, "portfolio", "--store", store, "--out", str(tmp_path / "out"), "--lang", "en")
    assert status == 0 and "(sample data)" in out and "all of them imported sample data" in out
    exported = tmp_path / "again.xlsx"
    assert run(capsys, "export", str(exported), "--store", store)[0] == 0  # and through an XLSX round trip
    again = str(tmp_path / "again")
    assert run(capsys, "import", str(exported), "--store", again)[0] == 0
    assert {a.id for a in open_store(again).list()} == {a.id for a in stored}


def test_benchmark_of_a_missing_id_is_a_clear_error(capsys, store):
    status, _, err = run(capsys, "benchmark", "no-such-id", "--store", store)
    assert status == 2 and "no-such-id" in err


# ---------------------------------------------------------------- portfolio


def test_portfolio_writes_charts_and_tables(capsys, store, tmp_path):
    status, out, _ = run(capsys, "portfolio", "--store", store, "--out", str(tmp_path / "out"), "--lang", "en")
    assert status == 0 and "12 assessments" in out and "files written" in out
    assert (tmp_path / "out" / "verdicts.png").exists() and (tmp_path / "out" / "portfolio.xlsx").exists()
    names = {a.client.name for a in open_store(store).list()}
    assert not [n for n in names if n in out]


def test_portfolio_on_an_empty_store_uses_the_sample_and_says_so(capsys, tmp_path):
    status, out, _ = run(capsys, "portfolio", "--store", empty(tmp_path), "--out", str(tmp_path / "out"), "--lang", "fr")
    assert status == 0 and "300 évaluations" in out and "données d'exemple" in out


def test_portfolio_under_a_new_framework_shows_what_changed(capsys, tmp_path):
    new = copy.deepcopy(framework_to_dict(default_framework()))
    new["version"], new["verdict"]["ready_at"] = "2.0", 90.0
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    status, out, _ = run(capsys, "--framework", str(tmp_path / "new.json"), "portfolio", "--store", empty(tmp_path),
                         "--out", str(tmp_path / "out"), "--lang", "en")  # fmt: skip
    assert status == 0 and "scored under social-media-5q 2.0" in out and "What the current version changes" in out
    changes = (tmp_path / "out" / "framework_changes.csv").read_text(encoding="utf-8-sig")
    assert "Old verdict" in changes and "1.0,ready,conditional" in changes  # ready at 75 then, not at 90 now


# ---------------------------------------------------------------- report


def test_report_needs_ids_or_all(capsys, store):
    status, _, err = run(capsys, "report", "--store", store)
    assert status == 2 and "--all" in err
    status, _, err = run(capsys, "report", "x", "--all", "--store", store)
    assert status == 2


def test_report_lists_failures_and_exits_1(capsys, store, tmp_path):
    status, out, err = run(capsys, "report", "no-such-id", "other-missing", "--store", store, "--out", str(tmp_path / "r"))
    assert status == 1 and "0 written, 0 up to date, 2 failed, of 2" in out and "no-such-id" in err and "other-missing" in err


def test_report_prints_one_summary_line_and_the_failures_at_the_end_with_client_and_reason(capsys, store, tmp_path):
    ids = [a.id for a in open_store(store).list()]
    blocked = next(a for a in open_store(store).list() if a.id == ids[1])
    from readiness.outputs.report_batch import report_name

    (tmp_path / "r" / f"{report_name(blocked)}.html").mkdir(parents=True)  # its report cannot be written
    status, out, err = run(capsys, "report", ids[0], ids[1], ids[2], "missing", "--store", store, "--out", str(tmp_path / "r"))
    assert status == 1 and out.count("\n") == 1 and out.startswith(f"Reports in {tmp_path / 'r'}: 2 written, 0 up to date, 2 failed, of 4")
    lines = err.splitlines()
    assert lines == [f"  failed: {blocked.client.name} ({blocked.id}): {lines[0].split(': ', 2)[2]}", lines[1]]
    assert "Is a directory" in lines[0] and lines[1].startswith("  failed: missing: no assessment with id missing")
    assert "\r" not in err  # no progress bar where stderr is not a terminal
    status, out, _ = run(capsys, "report", ids[0], "--store", store, "--out", str(tmp_path / "r"), "--lang", "fr")
    assert status == 0 and "Rapports dans" in out and "écrits : 0, déjà à jour : 1, en échec : 0, total : 1" in out


@pytest.mark.parametrize(
    ("options", "says"),
    [(["--k", "3"], "k"), (["--jobs", "0"], "--jobs must be 1 or more, got 0")],
)  # fmt: skip
def test_report_refuses_bad_options_before_starting(capsys, store, tmp_path, options, says):
    status, _, err = run(capsys, "report", "--all", "--store", store, "--out", str(tmp_path / "r"), *options)
    assert status == 2 and says in err and err.count("\n") == 1 and not (tmp_path / "r").exists()


def test_report_into_a_folder_that_cannot_be_made_exits_2_in_one_line(capsys, store, tmp_path):
    (tmp_path / "file").write_text("in the way", encoding="utf-8")
    status, _, err = run(capsys, "report", "--all", "--store", store, "--out", str(tmp_path / "file" / "reports"))
    assert status == 2 and err.startswith("readiness report: cannot write reports to") and err.count("\n") == 1


def test_report_with_a_broken_agency_file_exits_2_naming_the_setting(capsys, store, tmp_path, monkeypatch):
    (tmp_path / "agency.toml").write_text('[colours]\nprimary = "navy"\n', encoding="utf-8")
    monkeypatch.setenv("READINESS_AGENCY", str(tmp_path / "agency.toml"))
    status, _, err = run(capsys, "report", "--all", "--store", store, "--out", str(tmp_path / "r"))
    assert status == 2 and 'colours.primary must be a colour such as #1F3A5F, got "navy"' in err and err.count("\n") == 1


def test_report_all_on_an_empty_store_writes_nothing(capsys, tmp_path):
    status, out, _ = run(capsys, "report", "--all", "--store", empty(tmp_path), "--out", str(tmp_path / "r"))
    assert status == 0 and "no assessment" in out
