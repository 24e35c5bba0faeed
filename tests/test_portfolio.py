"""Portfolio: load past assessments, re-score them, aggregate them without names, write the results."""

from __future__ import annotations

import copy
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from readiness.core.errors import ReadinessError
from readiness.core.framework import default_framework, framework_to_dict, parse_framework
from readiness.core.rows import from_row
from readiness.core.scoring import score_table, what_if
from readiness.outputs.portfolio import analyse_portfolio, previous_frameworks, write_portfolio
from readiness.outputs.portfolio_tables import (
    blocker_frequencies,
    flip_changes,
    rescore,
    scores_by_segment,
    trend_by_year,
    verdict_distribution,
)
from readiness.store import open_store
from readiness.store.past import load_past
from readiness.store.sample import load_sample
from readiness.text.formats import industry_label


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def done(sample):
    return sample.loc[sample["verdict"].notna()]


def variant(version: str = "0.9", **changes) -> object:
    """The shipped framework with another version and some rules changed (an agency's older version)."""
    raw = copy.deepcopy(framework_to_dict(default_framework()))
    raw["version"] = version
    if "ready_at" in changes:
        raw["verdict"]["ready_at"] = changes["ready_at"]
    if "content_points" in changes:
        raw["questions"][1]["choices"][1]["points"] = changes["content_points"]
    return parse_framework(raw)


def store_with(tmp_path, rows: pd.DataFrame, own: bool = True):
    """A store holding these rows: as the agency's own clients (own), or as the imported sample."""
    store = open_store(tmp_path / "store")
    for row in rows.to_dict("records"):
        store.save(from_row({**row, "id": row["id"].removeprefix("sample-") if own else row["id"]}))
    return str(tmp_path / "store")


# ---------------------------------------------------------------- loading


def test_load_past_falls_back_to_the_sample_when_there_is_no_store(tmp_path):
    past = load_past(str(tmp_path / "nothing-here"))
    assert past.attrs["sample"] is True and len(past) == 300
    assert not (tmp_path / "nothing-here").exists()  # looking does not create a store


def test_load_past_falls_back_to_the_sample_when_the_store_holds_fewer_than_k(tmp_path, sample):
    store = store_with(tmp_path, sample.head(6))
    past = load_past(store, k=7)
    assert past.attrs["sample"] is True and len(past) == 300
    assert past.attrs["sources"] == {"used": "sample", "assessments": 300, "sample_rows": 300, "store": str(store), "stored": 6, "k": 7,
                                     "framework": "social-media-5q", "left_out": {}}  # fmt: skip
    assert load_past(store).attrs["sample"] is False  # 6 ≥ 5: the agency's own clients


def test_sample_rows_imported_into_a_store_stay_sample_data(tmp_path, sample):
    store = store_with(tmp_path, sample.head(8), own=False)
    past = load_past(store)
    assert len(past) == 8 and past.attrs["sample"] is True
    assert past.attrs["sources"]["used"] == "store" and past.attrs["sources"]["sample_rows"] == 8


@pytest.mark.parametrize("k", [1, 4])
def test_load_past_refuses_a_k_under_five(tmp_path, k):
    with pytest.raises(ReadinessError, match="k must be a whole number ≥ 5"):
        load_past(str(tmp_path / "nothing-here"), k=k)


def test_load_past_reads_the_store_named_by_the_environment(tmp_path, sample, monkeypatch):
    store = store_with(tmp_path, sample.head(6))
    monkeypatch.setenv("READINESS_STORE", store)
    past = load_past()
    assert past.attrs["sample"] is False and sorted(past["id"]) == sorted(sample.head(6)["id"].str.removeprefix("sample-"))
    assert {"overall", "verdict", "budget_score"} <= set(past.columns)


# ---------------------------------------------------------------- re-scoring


def test_rescore_scores_everything_under_the_given_framework(sample):
    stricter = variant("2.0", ready_at=90)
    redone = rescore(sample, stricter)
    assert redone.framework == {"id": "social-media-5q", "version": "2.0"}
    assert (redone.table["verdict"] == "ready").sum() < (sample["verdict"] == "ready").sum()
    assert redone.table["verdict"].tolist() == score_table(sample, stricter)["verdict"].tolist()
    # The sample's rows name no version: they were made under the shipped 1.0, which is always known.
    assert redone.versions.to_dict("records") == [{"assessed_under": "1.0", "assessments": 300, "rescored": True}]
    before = sample["verdict"].fillna("incomplete")
    ready_then = redone.changes.query("old_verdict == 'ready'").set_index("new_verdict")["assessments"]
    assert ready_then.sum() == (before == "ready").sum() and ready_then["conditional"] > 0


def test_rescore_shows_what_changed_for_records_made_under_an_older_version(sample):
    older = variant("0.9", ready_at=60, content_points=60)
    past = sample.assign(framework_version=np.where(np.arange(len(sample)) % 2 == 0, "0.9", "1.0"))
    redone = rescore(past, default_framework(), previous=[older])
    old_rows = past[past["framework_version"] == "0.9"]
    before = score_table(old_rows, older)["verdict"].fillna("incomplete")
    after = score_table(old_rows, default_framework())["verdict"].fillna("incomplete")
    expected = pd.crosstab(before, after).stack()
    got = redone.changes.set_index(["old_verdict", "new_verdict"])["assessments"]
    assert got.to_dict() == {key: n for key, n in expected.items() if n}
    assert (redone.changes["assessed_under"] == "0.9").all() and redone.changes["assessments"].sum() == len(old_rows)
    moved = redone.changes.query("old_verdict == 'ready' and new_verdict == 'conditional'")["assessments"].sum()
    assert moved > 0  # ready at 60 then, conditional now
    content = redone.score_changes.set_index("measure").loc["content"]
    assert content["mean_change"] < 0  # self-promotion earned 60 points then, 30 now
    assert redone.versions.to_dict("records") == [
        {"assessed_under": "0.9", "assessments": 150, "rescored": True},
        {"assessed_under": "1.0", "assessments": 150, "rescored": True},
    ]


def test_rescore_without_the_older_framework_only_reports_versions(sample):
    past = sample.assign(framework=[{"id": "social-media-5q", "version": "0.8"}] * len(sample))
    redone = rescore(past.head(10))
    assert redone.versions.to_dict("records") == [{"assessed_under": "0.8", "assessments": 10, "rescored": False}]
    assert redone.changes.empty and redone.score_changes.empty


def test_previous_frameworks_reads_files_and_folders(tmp_path):
    from readiness.core.framework import DEFAULT_PATH

    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "v1.toml").write_bytes(DEFAULT_PATH.read_bytes())
    (tmp_path / "old" / "notes.txt").write_text("not a framework")
    assert [f.version for f in previous_frameworks([tmp_path / "old", DEFAULT_PATH])] == ["1.0", "1.0"]
    with pytest.raises(ReadinessError, match="missing.toml"):
        previous_frameworks([tmp_path / "missing.toml"])


# ---------------------------------------------------------------- the tables


def test_verdict_distribution_counts_every_assessment(sample):
    table = verdict_distribution(sample, lang="en")
    assert table["verdict"].tolist() == ["ready", "conditional", "not_ready", "incomplete"]
    assert table["assessments"].sum() == len(sample)
    assert table.set_index("verdict").loc["incomplete", "assessments"] == sample["verdict"].isna().sum()
    assert table["share"].sum() == pytest.approx(100, abs=0.2)
    assert table["label"].tolist()[:3] == ["Ready", "Ready with conditions", "Not ready"]


def test_blocker_frequencies_count_each_blocker(sample):
    table = blocker_frequencies(sample, lang="fr").set_index("blocker")
    for code in default_framework().blocker_labels:
        expected = sum(code in str(b).split("|") for b in sample["blockers"])
        assert table.loc[code, "assessments"] == expected
        assert table.loc[code, "share"] == round(100 * expected / len(sample), 1)
    assert list(table["assessments"]) == sorted(table["assessments"], reverse=True)


def test_segments_under_k_are_merged_into_other_and_never_shown_alone(done):
    rare = np.select([np.arange(len(done)) < 3, np.arange(len(done)) < 6], ["boutique rare", "atelier rare"], "")
    few = done.assign(industry=np.where(rare != "", rare, done["industry"]))
    table = scores_by_segment(few, "industry", lang="en", k=5)
    assert (table["assessments"] >= 5).all()
    assert not {"Boutique rare", "Atelier rare"} & set(table["segment"])
    assert table.set_index("segment").loc["Other (grouped)", "assessments"] == 6  # 3 + 3: shown together
    assert table["assessments"].sum() == len(few)


def test_a_merged_segment_still_under_k_is_left_out(done):
    tiny = done.head(8).assign(industry=["a", "a", "a", "a", "a", "b", "c", "d"])
    table = scores_by_segment(tiny, "industry", lang="en", k=5)
    assert table["segment"].tolist() == ["A"] and table["assessments"].tolist() == [5]


def test_segment_medians_are_the_segments_medians(done):
    table = scores_by_segment(done, "size", lang="en").set_index("segment")
    part = done[done["size"] == "small"]
    row = table.loc["Small (10–49 people)"]
    assert row["assessments"] == len(part) and row["overall"] == round(part["overall"].median(), 1)
    assert row["budget"] == round(part["budget_score"].median(), 1)
    assert row["share_ready"] == round(100 * (part["verdict"] == "ready").mean(), 1)
    assert table.index.tolist() == ["Self-employed", "Very small (1–9 people)", "Small (10–49 people)", "Medium (50–249 people)", "Large (250+ people)"]


def test_industry_segments_ignore_case_and_spaces(done):
    mixed = done.head(10).assign(industry=["Retail", "retail ", " RETAIL", "retail", "retail"] + ["food"] * 5)
    table = scores_by_segment(mixed, "industry", lang="en")
    assert sorted(table["assessments"]) == [5, 5]


def test_trend_by_year_leaves_out_years_under_k(done):
    table = trend_by_year(done, k=5)
    years = pd.to_datetime(done["assessed_on"]).dt.year.value_counts()
    assert set(table["year"]) == set(years[years >= 5].index)
    assert 2014 in years.index and 2014 not in set(table["year"])  # the sample has too few that year
    row = table.set_index("year").loc[2020]
    part = done[pd.to_datetime(done["assessed_on"]).dt.year == 2020]
    assert row["overall"] == round(part["overall"].median(), 1) and row["assessments"] == len(part)


@pytest.mark.parametrize("word", ["retail", "professional_services", "Quincaillerie générale", "ÉNERGIE"])
def test_industry_label(word):
    label = industry_label(word)
    assert label[0].isupper() and "_" not in label


# ---------------------------------------------------------------- one change that would flip the verdict


def test_flip_changes_count_what_if_assessment_by_assessment(done):
    fw = default_framework()
    table = flip_changes(done, fw, "en")
    expected: dict[tuple[str, str], int] = {}
    for row in done.to_dict("records"):
        a = from_row(row, fw)
        for change in what_if(a, fw, "en"):
            if change.changes_verdict:
                key = _key(change, row, fw)
                expected[key] = expected.get(key, 0) + 1
    got = {(d, t): n for d, t, n in zip(table["dimension"], table["target"], table["assessments"], strict=True)}
    assert got == expected
    assert table["assessments"].is_monotonic_decreasing
    not_ready = int((done["verdict"] != "ready").sum())
    assert table["share"].tolist() == [round(100 * n / not_ready, 1) for n in table["assessments"]]


def _key(change, row, fw) -> tuple[str, str]:
    """The (dimension, target) under which flip_changes counts a what-if change."""
    answer = change.answer
    if change.dimension == "budget":
        rate = fw.question("budget").budget.rates[answer["currency"]]
        targets = {b.start for b in fw.question("budget").budget.bands} | {fw.question("budget").budget.minimum}
        targets |= {b.start for bands in fw.question("budget").budget.size_bands.values() for b in bands}
        return "budget", f"{next(t for t in sorted(targets) if math.ceil(t / rate) == answer['annual_amount']):g}"
    if change.dimension == "website":
        if answer["roi"] != row["website_roi"]:
            return "website", f"roi={answer['roi']}"
        return "website", f"bounce_rate={answer['bounce_rate']:g}"
    return change.dimension, answer["choice"]


def test_flip_changes_of_nothing_is_an_empty_table():
    empty = load_sample().head(0)
    assert flip_changes(empty).empty


# ---------------------------------------------------------------- the whole analysis and its files


@pytest.fixture(scope="module")
def portfolio(sample):
    return analyse_portfolio(sample, lang="fr")


def test_the_portfolio_knows_what_it_summarises(portfolio):
    assert (portfolio.assessments, portfolio.complete, portfolio.years, portfolio.sample) == (300, 280, (2013, 2026), True)
    assert "300 évaluations" in portfolio.summary() and "données d'exemple" in portfolio.summary()
    assert "300" in portfolio._repr_html_()


def test_tables_have_french_or_english_headers(portfolio, sample):
    assert "Évaluations" in portfolio.tables()["verdicts"].columns
    english = analyse_portfolio(sample.head(60), lang="en").tables()
    assert "Assessments" in english["verdicts"].columns and "Content strategy" in english["scores_by_size"].columns
    assert "assessments" in portfolio.tables(headers=False)["verdicts"].columns


def test_written_files_hold_aggregates_and_no_client_names(portfolio, sample, tmp_path):
    paths = write_portfolio(portfolio, tmp_path / "out")
    names = {p.name for p in paths}
    assert {"verdicts.png", "blockers.png", "scores_by_industry.png", "scores_by_size.png", "trend_by_year.png",
            "flip_changes.png", "verdicts.csv", "trend_by_year.csv", "portfolio.xlsx"} <= names  # fmt: skip
    secrets = set(sample["client_name"]) | set(sample["id"]) | set(sample["consultant"])
    for path in paths:
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            assert not [s for s in secrets if s in text], path.name
    book = openpyxl.load_workbook(tmp_path / "out" / "portfolio.xlsx", read_only=True)
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row}
    assert not cells & secrets
    assert set(book.sheetnames) >= {"verdicts", "blockers", "scores_by_industry", "flip_changes"}


def test_a_small_store_shows_only_groups_of_at_least_k(sample, tmp_path):
    small = analyse_portfolio(sample.head(40), lang="en", k=5)
    for table in (small.by_industry, small.by_size, small.by_year):
        assert (table["assessments"] >= 5).all()


def test_the_portfolio_says_it_set_aside_a_store_too_small_to_show(sample, tmp_path):
    store = store_with(tmp_path, sample.loc[sample["verdict"].notna()].head(2))  # the consultant's first two clients
    folio = analyse_portfolio(load_past(store), lang="en")
    assert folio.sample and folio.assessments == 300
    assert folio.sources[0] == (
        f"300 assessments of the shipped sample data (fictitious clients). Left out: the 2 assessments in the store "
        f"{store}, fewer than k = 5 (too few to show without risking identifying a client)."
    )
    paths = write_portfolio(folio, tmp_path / "out")
    about = (tmp_path / "out" / "about.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "about.txt") in paths and "Left out: the 2 assessments" in about
    assert not [name for name in sample["client_name"] if name in about]


def test_the_portfolio_counts_imported_sample_rows_apart_from_the_agencys_own(sample, tmp_path):
    store = store_with(tmp_path, sample.head(20), own=False)  # readiness import data/sample/past_assessments.csv
    own = sample.iloc[20:23].assign(id=lambda t: t["id"].str.removeprefix("sample-"))
    for row in own.to_dict("records"):
        open_store(store).save(from_row(row))
    folio = analyse_portfolio(load_past(store), lang="fr")
    assert folio.sample is True  # its charts say "données d'exemple"
    assert folio.sources[0] == (
        f"23 évaluations du registre {store}, dont 20 des données d'exemple importées (clients fictifs) et 3 de vos clients."
    )


def test_the_portfolio_says_why_rows_are_counted_apart_or_left_out(sample):
    folio = analyse_portfolio(sample, lang="en")
    incomplete = int(sample["verdict"].isna().sum())
    assert f"{incomplete} incomplete assessments (no verdict yet): counted in the verdicts and blockers" in folio.about()
    done = sample.loc[sample["verdict"].notna()]
    years = done["assessed_on"].dt.year.value_counts()
    few = sorted(y for y, n in years.items() if n < 5)
    line = next(x for x in folio.sources if x.startswith("Years left out"))
    assert line.endswith(f": {', '.join(map(str, few))} ({int(years[few].sum())} assessments).")
    assert set(folio.by_year["year"]) == set(years.index) - set(few)


@pytest.mark.parametrize("k", [1, 4])
def test_the_portfolio_refuses_a_k_under_five(sample, k):
    for make in (lambda: analyse_portfolio(sample, k=k), lambda: scores_by_segment(sample, "size", k=k), lambda: trend_by_year(sample, k=k)):
        with pytest.raises(ReadinessError, match="k must be a whole number ≥ 5"):
            make()


def test_the_portfolio_can_use_another_framework_and_show_changes(sample, tmp_path):
    past = sample.assign(framework_version="0.9")
    folio = analyse_portfolio(past, default_framework(), lang="en", previous=[variant("0.9", ready_at=60)])
    assert "framework_changes" in folio.tables() and not folio.rescore.changes.empty
    paths = write_portfolio(folio, tmp_path / "out")
    assert (tmp_path / "out" / "framework_changes.csv") in paths
