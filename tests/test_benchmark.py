"""Benchmark rules: peer groups widened to k, mid-rank percentiles, peer statistics, no names."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from builders import QUESTION_IDS
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.core.benchmark import (
    HISTOGRAM_EDGES,
    compare,
    compare_assessment,
    overall_histogram,
    peer_group,
    percentile_rank,
    prepare_peers,
)
from readiness.core.errors import ReadinessError
from readiness.core.scoring import Result, score_assessment


def result(overall: float = 50.0, **dims: float) -> Result:
    """A complete result with every dimension at `overall` unless given."""
    dimensions = {q: dims.get(q, overall) for q in QUESTION_IDS}
    return Result(True, (), overall, "conditional", (), (), dimensions, (), {"id": "x", "version": "1"})


def past(rows: list[tuple], sample: bool = False) -> pd.DataFrame:
    """A scored table from (industry, size, overall[, verdict]) rows; dimension scores equal overall."""
    records = []
    for i, row in enumerate(rows):
        industry, size, overall = row[:3]
        verdict = row[3] if len(row) > 3 else ("ready" if overall >= 75 else "conditional" if overall >= 50 else "not_ready")
        record = {"id": f"id-{i}", "client_name": f"Secret Client {i}", "industry": industry, "size": size,
                  "overall": overall, "verdict": verdict}  # fmt: skip
        record.update({f"{q}_score": overall for q in QUESTION_IDS})
        records.append(record)
    frame = pd.DataFrame(records)
    frame.attrs["sample"] = sample
    return frame


def cells(counts: dict[tuple[str | None, str | None], int]) -> pd.DataFrame:
    """A table with `n` assessments in each (industry, size) cell, overall scores 10, 20, …"""
    rows = [(ind, size, float(10 * (j % 10))) for (ind, size), n in counts.items() for j in range(n)]
    return past(rows)


# ---------------------------------------------------------------- mid-rank percentiles


@pytest.mark.parametrize(
    ("values", "x", "expected"),
    [
        ([10, 20, 20, 30], 20, 50.0),  # 1 below + half of 2 ties, over 4
        ([10, 20, 20, 30], 5, 0.0),
        ([10, 20, 20, 30], 35, 100.0),
        ([10, 20, 20, 30], 10, 12.5),
        ([10, 20, 20, 30], 25, 75.0),
        ([50, 50, 50, 50, 50], 50, 50.0),
        ([0, 100], 100, 75.0),
        ([10, np.nan, 30], 20, 50.0),  # NaN is not a peer
        ([1, 2, 3], 2, 50.0),
    ],
)
def test_percentile_rank_is_mid_rank(values, x, expected):
    assert percentile_rank(np.array(values, dtype=float), x) == expected


def test_percentile_rank_of_no_values_is_nan():
    assert np.isnan(percentile_rank(np.array([np.nan]), 10))


def test_compare_gives_mid_rank_percentiles_for_overall_and_each_dimension():
    table = past([("retail", "small", v) for v in (10, 20, 20, 30, 40)])
    b = compare(result(20, budget=40, website=0), table, industry="retail", size="small")
    assert b.percentile == {"overall": 40.0, "objectives": 40.0, "content": 40.0, "champion": 40.0, "budget": 90.0, "website": 0.0}


def test_median_and_quartiles_follow_numpy_linear_percentiles():
    scores = [12.5, 30.0, 41.0, 55.5, 60.0, 61.0, 90.0]
    b = compare(result(), past([("retail", "small", v) for v in scores]), industry="retail", size="small")
    q1, med, q3 = np.percentile(scores, [25, 50, 75])
    assert (b.q1["overall"], b.median["overall"], b.q3["overall"]) == (round(q1, 1), round(med, 1), round(q3, 1))
    assert b.to_dict()["iqr"]["content"] == [b.q1["content"], b.q3["content"]]


def test_verdict_shares_and_histogram_of_the_group():
    table = past([("retail", "small", v) for v in (0, 9.9, 10, 55, 80, 100)])
    b = compare(result(), table, industry="retail", size="small")
    assert b.verdict_shares == {"ready": round(2 / 6, 3), "conditional": round(1 / 6, 3), "not_ready": 0.5}
    assert b.histogram == (2, 1, 0, 0, 0, 1, 0, 0, 1, 1)  # 100 falls in the last, closed bin
    assert b.histogram == overall_histogram(np.array([0, 9.9, 10, 55, 80, 100.0]))
    assert len(HISTOGRAM_EDGES) == 11


# ---------------------------------------------------------------- peer groups and the k rule


WIDENING = [
    # cells of past assessments, expected level, expected n
    ({("retail", "small"): 5, ("retail", "large"): 9, ("food", "small"): 9}, "industry_size", 5),
    ({("retail", "small"): 4, ("food", "small"): 1, ("retail", "large"): 9}, "size", 5),
    ({("retail", "small"): 4, ("retail", "large"): 3, ("food", "large"): 9}, "industry", 7),
    ({("retail", "small"): 2, ("retail", "large"): 1, ("food", "small"): 1, ("food", "large"): 9}, "all", 13),
    ({("retail", "small"): 2, ("food", "large"): 2}, None, 0),
]


@pytest.mark.parametrize(("counts", "level", "n"), WIDENING)
def test_peer_group_widens_step_by_step_until_k(counts, level, n):
    b = compare(result(), cells(counts), industry="retail", size="small", k=5)
    assert (b.group.level if b.group else None) == level
    assert (b.group.n if b.group else 0) == n
    assert b.shown is (level is not None)


@pytest.mark.parametrize(("k", "level"), [(5, "industry_size"), (6, "industry_size"), (7, "size"), (10, "all"), (11, None)])
def test_a_group_needs_at_least_k_peers(k, level):
    table = cells({("retail", "small"): 6, ("food", "small"): 1, ("food", "large"): 3})
    b = compare(result(), table, industry="retail", size="small", k=k)
    assert (b.group.level if b.group else None) == level
    if b.group:
        assert b.group.n >= k


def test_group_names_what_it_holds():
    table = cells({("retail", "small"): 4, ("food", "small"): 3})
    g = compare(result(), table, industry="Retail", size="small").group
    assert g.to_dict() == {"level": "size", "industry": None, "size": "small", "n": 7}
    g = compare(result(), cells({("retail", "small"): 5}), industry=" Retail ", size="small").group
    assert (g.industry, g.size) == ("Retail", "small")  # industry matched without case or spaces


def test_no_group_under_k_means_no_statistics_at_all():
    b = compare(result(), cells({("retail", "small"): 4}), industry="retail", size="small")
    assert b.group is None and not b.shown
    data = b.to_dict()
    assert data["group"] is None and data["percentile"] == {} and data["median"] == {} and data["histogram"]["counts"] == []


@pytest.mark.parametrize(("industry", "size", "level"), [(None, "small", "size"), ("retail", None, "industry"), (None, None, "all"), ("unknown trade", "tiny", "all")])
def test_a_client_without_industry_or_size_skips_the_groups_that_need_them(industry, size, level):
    table = cells({("retail", "small"): 5, ("retail", "large"): 5, ("food", "small"): 5})
    assert compare(result(), table, industry=industry, size=size).group.level == level


def test_the_clients_own_assessments_are_not_peers():
    table = cells({("retail", "small"): 5, ("food", "small"): 5})
    b = compare(result(), table, client_id="id-0", industry="retail", size="small")
    assert (b.group.level, b.group.n) == ("size", 9)  # 4 left in its own cell: widened
    b = compare(result(), table, client_name="  secret CLIENT 1 ", industry="retail", size="small")
    assert (b.group.level, b.group.n) == ("size", 9)  # the same client by name (case and spaces ignored)


def test_own_rows_are_left_out_of_the_statistics_too():
    table = past([("retail", "small", v) for v in (0, 0, 0, 0, 0, 100)])
    b = compare(result(50), table, client_id="id-5", industry="retail", size="small")
    assert b.group.n == 5 and b.median["overall"] == 0 and b.percentile["overall"] == 100.0 and sum(b.histogram) == 5
    cached = prepare_peers(table)
    compare(result(50), cached, industry="retail", size="small")  # fills the cache with the full group
    again = compare(result(50), cached, client_id="id-5", industry="retail", size="small")
    assert again == b


def test_incomplete_past_assessments_are_not_peers():
    rows = [("retail", "small", v) for v in (10, 20, 30, 40, 50)] + [("retail", "small", 99.0, None)]
    b = compare(result(), past(rows), industry="retail", size="small")
    assert b.group.n == 5 and b.median["overall"] == 30


def test_peer_group_returns_the_rows_it_used():
    table = cells({("retail", "small"): 4, ("food", "small"): 3, ("food", "large"): 2})
    group, mask = peer_group(table, "retail", "small", exclude=np.arange(9) == 0)
    assert group.level == "size" and mask.sum() == group.n == 6 and not mask[0] and not mask[7:].any()


@pytest.mark.parametrize("k", [1, 2, 4, 0, -1, 2.5, 5.0, "5", True, None])
def test_k_must_be_a_whole_number_of_at_least_five(k):
    with pytest.raises(ReadinessError, match="k must be a whole number ≥ 5"):
        compare(result(), cells({("retail", "small"): 5}), k=k)
    with pytest.raises(ReadinessError, match="k must be a whole number ≥ 5"):
        peer_group(cells({("retail", "small"): 5}), "retail", "small", k=k)


@pytest.mark.parametrize("k", [5, 6, 50, np.int64(7)])
def test_k_may_be_raised(k):
    assert compare(result(), cells({("retail", "small"): 50}), industry="retail", size="small", k=k).k == k


# ---------------------------------------------------------------- what the outputs may hold


def test_the_json_names_the_group_and_never_another_client():
    table = cells({("retail", "small"): 6, ("food", "small"): 6})
    b = compare(result(40), table, industry="retail", size="small")
    data = b.to_dict()
    assert set(data["group"]) == {"level", "industry", "size", "n"}
    assert set(data["percentile"]) == {"overall", *QUESTION_IDS} == set(data["median"]) == set(data["iqr"])
    text = json.dumps(data)
    assert "Secret Client" not in text and "id-" not in text


def test_benchmarks_on_the_sample_say_so():
    rows = [("retail", "small", v) for v in (10, 20, 30, 40, 50)]
    assert compare(result(), past(rows, sample=True)).sample is True
    assert compare(result(), past(rows)).sample is False
    assert compare(result(), past(rows), sample=True).to_dict()["sample"] is True


def sample_marked(rows: list[tuple], marked: set[int]) -> pd.DataFrame:
    """Past assessments whose rows in `marked` carry the shipped sample's id mark (imported into a store)."""
    table = past(rows)
    table["id"] = [f"sample-{ident}" if i in marked else ident for i, ident in enumerate(table["id"])]
    return table


@pytest.mark.parametrize(
    ("marked", "size", "sample"),
    [
        (set(), "small", False),  # the agency's own clients only
        ({0}, "small", True),  # one imported sample row among the peers: the output says "sample data"
        ({5, 6, 7, 8, 9}, "small", False),  # sample rows in the store, but not in this client's group
        ({5, 6, 7, 8, 9}, "large", True),
        ({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, None, True),
    ],
)
def test_sample_data_is_said_when_the_group_used_holds_any_sample_row(marked, size, sample):
    rows = [("retail", "small", 10 * v) for v in range(5)] + [("retail", "large", 10 * v) for v in range(5)]
    b = compare(result(), sample_marked(rows, marked), industry="retail", size=size)
    assert b.shown and b.sample is sample


def test_the_clients_own_sample_row_does_not_make_its_peers_sample_data():
    rows = [("retail", "small", 10 * v) for v in range(6)]
    table = sample_marked(rows, {0})
    assert compare(result(), table, client_id="sample-id-0", industry="retail", size="small").sample is False
    assert compare(result(), table, client_id="id-3", industry="retail", size="small").sample is True


def test_compare_assessment_uses_the_clients_profile(example):
    from readiness.store.sample import load_sample

    sample = load_sample()
    b = compare_assessment(example, score_assessment(example), sample)
    assert b.sample and b.group.size == "very_small" and b.group.n >= 5


def test_an_unanswered_dimension_has_no_percentile():
    r = result(40)
    r = Result(False, ("website",), 40.0, None, (), (), {**r.dimensions, "website": None}, (), r.framework)
    b = compare(r, cells({("retail", "small"): 5}), industry="retail", size="small")
    assert b.percentile["website"] is None and b.percentile["overall"] is not None


# ---------------------------------------------------------------- the fast path equals the definition


scores = st.sampled_from([0.0, 12.5, 30.0, 30.0, 45.5, 50.0, 62.5, 70.0, 75.0, 100.0, 33.33])
rows_strategy = st.lists(
    st.tuples(st.sampled_from(["retail", "food", None]), st.sampled_from(["small", "large", None]), scores), min_size=0, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, x=scores, industry=st.sampled_from(["retail", "food", None]), size=st.sampled_from(["small", "large", None]),
       k=st.integers(5, 9), own=st.integers(-1, 39))  # fmt: skip
def test_compare_equals_the_plain_definition(rows, x, industry, size, k, own):
    table = past(rows)
    b = compare(result(x), table, client_id=f"id-{own}", industry=industry, size=size, k=k)
    expected = _plain_group(table, industry, size, k, f"id-{own}")
    if expected is None:
        assert b.group is None
        return
    level, peers = expected
    assert (b.group.level, b.group.n) == (level, len(peers))
    values = peers["overall"].to_numpy()
    assert b.percentile["overall"] == percentile_rank(values, x)
    assert [b.q1["overall"], b.median["overall"], b.q3["overall"]] == [round(v, 1) for v in np.percentile(values, [25, 50, 75])]
    assert b.histogram == overall_histogram(values)


def _plain_group(table, industry, size, k, own_id):
    """The benchmark rules written the slow, obvious way."""
    if table.empty:
        return None
    peers = table[table["id"] != own_id]
    tests = [("industry_size", industry and size, (peers.industry == industry) & (peers["size"] == size)),
             ("size", size, peers["size"] == size), ("industry", industry, peers.industry == industry),
             ("all", True, pd.Series(True, index=peers.index))]  # fmt: skip
    for level, wanted, mask in tests:
        if wanted and mask.sum() >= k:
            return level, peers[mask]
    return None
