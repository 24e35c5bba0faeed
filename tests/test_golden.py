"""The shipped framework scores the whole shipped sample exactly as it did before questions became data.

`tests/golden/sample_scores_social-media-5q.json` was written from the five-question code (one
line per sample row: scores, verdict, blockers, risks, recommendations, what-if). Any change to
the scoring core, the framework parser or the flat layout that moves one number fails here.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from readiness.core.rows import from_row
from readiness.core.scoring import score_assessment, score_table, what_if
from readiness.store.sample import SAMPLE_PATH, load_sample

GOLDEN = Path(__file__).parent / "golden" / "sample_scores_social-media-5q.json"


@pytest.fixture(scope="module")
def golden() -> dict[str, dict]:
    return {row["id"]: row for row in json.loads(GOLDEN.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with SAMPLE_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_golden_file_covers_the_whole_sample(golden, rows):
    assert len(golden) == len(rows) == 300
    assert set(golden) == {r["id"] for r in rows}


def test_single_scoring_of_every_sample_row_is_unchanged(golden, rows):
    for row in rows:
        a = from_row(row)
        result, want = score_assessment(a), golden[a.id]
        got = {
            "overall": result.overall, "verdict": result.verdict, "complete": result.complete,
            "missing": list(result.missing), "blockers": list(result.blockers), "risks": list(result.risks),
            "dimensions": dict(result.dimensions), "recommendations": [r.code for r in result.recommendations],
        }  # fmt: skip
        assert got == {k: want[k] for k in got}, a.id
        changes = [[c.dimension, c.answer, c.overall, c.gain, c.verdict] for c in what_if(a)]
        assert changes == want["changes"], a.id


def test_vectorised_scoring_of_the_sample_is_unchanged(golden, rows):
    sample = load_sample()
    table = score_table(sample)
    assert list(sample["id"]) == [r["id"] for r in rows]
    for i, row in enumerate(rows):
        want = golden[row["id"]]
        verdict = table["verdict"][i]
        assert (None if pd.isna(verdict) else verdict) == want["verdict"], row["id"]
        assert (None if pd.isna(table["overall"][i]) else float(table["overall"][i])) == want["overall"], row["id"]
        for qid, score in want["dimensions"].items():
            got = table[f"{qid}_score"][i]
            assert (None if pd.isna(got) else float(got)) == score, (row["id"], qid)
        assert (table["blockers"][i].split("|") if table["blockers"][i] else []) == want["blockers"], row["id"]
        assert (table["risks"][i].split("|") if table["risks"][i] else []) == want["risks"], row["id"]
        assert (table["missing"][i].split("|") if table["missing"][i] else []) == want["missing"], row["id"]
