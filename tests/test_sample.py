"""The shipped synthetic sample: reproducible, valid, realistic, and labelled as sample data."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from readiness.core.rows import flat_columns, from_row
from readiness.core.scoring import result_columns
from readiness.store.sample import SAMPLE_PATH, SEED, generate_sample, load_sample, sample_csv, write_sample


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return load_sample()


def test_committed_file_is_exactly_what_the_generator_writes():
    assert SAMPLE_PATH.read_text(encoding="utf-8") == sample_csv(generate_sample()), (
        "data/sample/past_assessments.csv is stale: run `python -m readiness.sample` and commit it"
    )


def test_same_seed_same_table_other_seed_other_table():
    pd.testing.assert_frame_equal(generate_sample(50, seed=7), generate_sample(50, seed=7))
    assert not generate_sample(50, seed=7).equals(generate_sample(50, seed=8))


def test_write_sample_writes_a_file(tmp_path):
    path = write_sample(tmp_path / "s.csv", n=20, seed=SEED)
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(flat_columns())
    assert len(path.read_text(encoding="utf-8").splitlines()) == 21


def test_load_sample_is_scored_typed_and_labelled(sample):
    assert sample.attrs["sample"] is True
    assert list(sample.columns) == list(flat_columns()) + list(result_columns())
    assert len(sample) == 300
    assert sample["id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(sample["assessed_on"])
    assert sample["budget_annual"].dtype == "float64" and sample["bounce_rate"].dtype == "float64"
    assert pd.api.types.is_string_dtype(sample["client_name"])


def test_load_sample_without_the_file_generates_the_same_table(tmp_path, sample):
    fallback = load_sample(tmp_path / "absent.csv")
    pd.testing.assert_frame_equal(fallback, sample)
    assert fallback.attrs["sample"] is True


def test_every_row_is_a_valid_assessment_with_its_stable_id():
    with SAMPLE_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 300
    for number, row in enumerate(rows, start=2):
        assert from_row(row, row_number=number).id == row["id"]


def test_dates_from_2013_to_2026_more_recent_more_often(sample):
    years = sample["assessed_on"].dt.year
    assert years.min() == 2013 and years.max() == 2026
    assert (sample["assessed_on"].dt.day_of_week < 5).all()  # meetings on weekdays
    assert (years >= 2020).sum() > (years < 2020).sum()


def test_industries_sizes_and_languages(sample):
    industries = sample["industry"].value_counts()
    assert len(industries) >= 8 and industries.min() >= 10
    assert set(industries.index) <= {
        "retail", "restaurants", "construction", "manufacturing", "professional_services",
        "health", "tourism", "non_profit", "technology", "agri_food",
    }  # fmt: skip
    sizes = sample["size"].value_counts()
    assert set(sizes.index) == {"self_employed", "very_small", "small", "medium", "large"}
    assert sizes["very_small"] + sizes["small"] > sample.shape[0] / 2
    assert sizes["large"] < sizes["small"]
    languages = sample["language"].value_counts(normalize=True)
    assert 0.6 < languages["fr"] < 0.95 and languages["en"] > 0.05


def test_answers_are_not_uniform_noise(sample):
    dedicated = sample["champion"].eq("dedicated").groupby(sample["size"]).mean()
    assert dedicated["large"] > dedicated["very_small"]
    budgets = sample.groupby("size")["budget_annual"].median()
    assert budgets["self_employed"] < budgets["small"] < budgets["medium"] < budgets["large"]
    early = sample["assessed_on"].dt.year < 2017
    no_objective = sample["objectives"].eq("everyone_is_there")
    assert no_objective[early].mean() > 2 * no_objective[~early].mean()
    by_year = sample.groupby(sample["assessed_on"].dt.year)["overall"].mean()
    assert by_year.loc[2023:].mean() > by_year.loc[:2016].mean() + 10
    content_points = sample["content_score"]
    assert content_points.corr(sample["objectives_score"]) > 0.2  # answers move together


def test_budgets_are_rounded_and_some_bounce_rates_unknown(sample):
    budgets = sample["budget_annual"].dropna()
    assert (budgets % 100 == 0).all()
    unknown = sample["bounce_rate"].isna() & sample["website_roi"].notna()
    assert 0.1 < unknown.mean() < 0.4


def test_incomplete_assessments_exist_but_are_few(sample):
    incomplete = ~sample["complete"]
    assert 0 < incomplete.sum() < 0.15 * len(sample)
    assert sample.loc[incomplete, "verdict"].isna().all()


def test_every_verdict_occurs(sample):
    verdicts = sample["verdict"].value_counts()
    assert set(verdicts.index) == {"ready", "conditional", "not_ready"}
    assert verdicts.min() >= 20


def test_some_clients_come_back():
    names = generate_sample()["client_name"]
    assert 10 <= names.duplicated().sum() <= 60


def test_names_consultants_and_notes_look_fictitious(sample):
    assert sample["consultant"].nunique() >= 5
    assert sample["notes"].notna().mean() < 0.25
    assert sample["client_name"].str.len().between(5, 60).all()


# ---------------------------------------------------------------- the sample of social-media-2026


def test_the_2026_sample_is_what_the_generator_writes_valid_and_marked():
    from readiness.core.framework import load_framework
    from readiness.store.sample import SAMPLES

    fw = load_framework("social-media-2026")
    path = SAMPLES[fw.id].path
    assert path.read_text(encoding="utf-8") == sample_csv(generate_sample(framework=fw), fw)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 240 and list(rows[0]) == list(flat_columns(fw))
    ids = {from_row(row, fw, number).id for number, row in enumerate(rows, start=2)}
    assert all(i.startswith("sample-") for i in ids) and not ids & set(load_sample()["id"])
    sample = load_sample(framework=fw)
    assert sample.attrs == {"sample": True, "framework": fw.id} and len(sample) == 240
    assert {"measurement_score", "community_score"} <= set(sample.columns) and sample["verdict"].notna().sum() > 200
    assert min(sample["assessed_on"]).year == 2024


def test_a_framework_without_a_shipped_sample_has_none_to_compare_with(tmp_path):
    from builders import framework_file, six_questions_text

    from readiness.core.framework import load_framework

    agency = load_framework(framework_file(tmp_path, six_questions_text()))
    empty = load_sample(framework=agency)
    assert len(empty) == 0 and list(empty.columns) == list(flat_columns(agency)) + list(result_columns(agency))
