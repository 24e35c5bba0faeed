"""Compare one client with past clients: peer group, mid-rank percentiles, peer medians and IQR.

Rules (DESIGN.md): peers are past assessments other than the client's own; the group is same
industry and size, widened to same size, then same industry, then all, until it holds at least
k assessments; a group under k is never shown; outputs never name another client.
Pure: takes tables and values, returns values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .framework import QUESTION_IDS
from .scoring import Result

if TYPE_CHECKING:
    import pandas as pd

K_DEFAULT = 5
LEVELS = ("industry_size", "size", "industry", "all")
MEASURES = ("overall",) + QUESTION_IDS
VERDICTS = ("ready", "conditional", "not_ready")
HISTOGRAM_EDGES = tuple(range(0, 101, 10))


@dataclass(frozen=True)
class PeerGroup:
    """Which past assessments the client is compared with, and how many."""

    level: str
    industry: str | None
    size: str | None
    n: int

    def to_dict(self) -> dict[str, Any]:
        """The group as JSON: level, industry, size, n."""
        return {"level": self.level, "industry": self.industry, "size": self.size, "n": self.n}


@dataclass(frozen=True)
class Benchmark:
    """The client against its peer group; empty (group None) when no group reaches k."""

    group: PeerGroup | None
    k: int
    percentile: Mapping[str, float | None] = field(default_factory=dict)
    median: Mapping[str, float] = field(default_factory=dict)
    q1: Mapping[str, float] = field(default_factory=dict)
    q3: Mapping[str, float] = field(default_factory=dict)
    verdict_shares: Mapping[str, float] = field(default_factory=dict)
    sample: bool = False
    histogram: tuple[int, ...] = ()

    @property
    def shown(self) -> bool:
        """Whether there is a group large enough to show."""
        return self.group is not None

    def to_dict(self) -> dict[str, Any]:
        """The benchmark as the JSON of `readiness benchmark --json`."""
        return {
            "group": self.group.to_dict() if self.group else None,
            "k": self.k,
            "percentile": dict(self.percentile),
            "median": dict(self.median),
            "iqr": {m: [self.q1[m], self.q3[m]] for m in self.median},
            "verdict_shares": dict(self.verdict_shares),
            "histogram": {"edges": list(HISTOGRAM_EDGES), "counts": list(self.histogram)},
            "sample": self.sample,
        }


class PeerTable:
    """Past assessments prepared once for fast comparisons (codes as integers, scores as arrays)."""

    def __init__(self, past: pd.DataFrame, sample: bool | None = None):
        import pandas as pd

        self.sample = bool(past.attrs.get("sample", False)) if sample is None else sample
        self.ids = past["id"].astype(object).to_numpy() if "id" in past else np.full(len(past), None, dtype=object)
        self.names = _normalised(past["client_name"]) if "client_name" in past else np.full(len(past), "", dtype=object)
        self.industry_codes, self.industries = pd.factorize(_normalised(past.get("industry", pd.Series([None] * len(past)))))
        self.size_codes, self.sizes = pd.factorize(past.get("size", pd.Series([None] * len(past))).astype(object))
        self.scores = {m: past[_score_column(m)].to_numpy(dtype=float, na_value=np.nan) for m in MEASURES}
        self.verdicts = past["verdict"].astype(object).to_numpy() if "verdict" in past else np.full(len(past), None)

    def __len__(self) -> int:
        return len(self.ids)

    def code_of(self, labels: Any, value: str | None) -> int:
        """The integer code of an industry or size, or -2 when no past assessment has it."""
        if value is None:
            return -2
        hits = np.flatnonzero(np.asarray(labels) == value)
        return int(hits[0]) if len(hits) else -2


def prepare_peers(past: pd.DataFrame | PeerTable, sample: bool | None = None) -> PeerTable:
    """A PeerTable from a scored flat table (or the same PeerTable)."""
    return past if isinstance(past, PeerTable) else PeerTable(past, sample)


def compare(
    result: Result,
    past: pd.DataFrame | PeerTable,
    *,
    client_id: str | None = None,
    client_name: str | None = None,
    industry: str | None = None,
    size: str | None = None,
    k: int = K_DEFAULT,
    sample: bool | None = None,
) -> Benchmark:
    """Benchmark one scored client against past assessments other than its own."""
    table = prepare_peers(past, sample)
    own = _own_rows(table, client_id, client_name)
    group, mask = peer_group(table, industry, size, k, exclude=own)
    if group is None:
        return Benchmark(group=None, k=k, sample=table.sample)
    client = {"overall": result.overall, **result.dimensions}
    stats = {m: _stats(table.scores[m][mask]) for m in MEASURES}
    return Benchmark(
        group=group,
        k=k,
        percentile={m: _maybe(percentile_rank, table.scores[m][mask], client[m]) for m in MEASURES},
        median={m: s[1] for m, s in stats.items()},
        q1={m: s[0] for m, s in stats.items()},
        q3={m: s[2] for m, s in stats.items()},
        verdict_shares=_verdict_shares(table.verdicts[mask]),
        sample=table.sample,
        histogram=overall_histogram(table.scores["overall"][mask]),
    )


def compare_assessment(assessment: Any, result: Result, past: pd.DataFrame | PeerTable, k: int = K_DEFAULT) -> Benchmark:
    """Benchmark an Assessment (its id, name, industry and size) with its Result."""
    c = assessment.client
    return compare(result, past, client_id=assessment.id, client_name=c.name, industry=c.industry, size=c.size, k=k)


def peer_group(
    table: PeerTable, industry: str | None, size: str | None, k: int = K_DEFAULT, exclude: np.ndarray | None = None
) -> tuple[PeerGroup | None, np.ndarray]:
    """The narrowest group with at least k peers, widening step by step; (None, empty) if none."""
    keep = np.ones(len(table), dtype=bool) if exclude is None else ~exclude
    ind = table.code_of(table.industries, _normal(industry))
    siz = table.code_of(table.sizes, size)
    same_industry = table.industry_codes == ind
    same_size = table.size_codes == siz
    candidates = {
        "industry_size": (same_industry & same_size, industry, size),
        "size": (same_size, None, size),
        "industry": (same_industry, industry, None),
        "all": (np.ones(len(table), dtype=bool), None, None),
    }
    for level in LEVELS:
        mask, g_industry, g_size = candidates[level]
        mask = mask & keep
        n = int(mask.sum())
        if n >= k:
            return PeerGroup(level, g_industry, g_size, n), mask
    return None, np.zeros(len(table), dtype=bool)


def percentile_rank(values: np.ndarray, x: float) -> float:
    """Mid-rank percentile: share of values below x plus half the ties, in percent (NaNs ignored)."""
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return float("nan")
    below = np.count_nonzero(values < x)
    ties = np.count_nonzero(values == x)
    return round(100.0 * (below + 0.5 * ties) / len(values), 1)


def overall_histogram(values: np.ndarray) -> tuple[int, ...]:
    """Counts of overall scores in 10 bins of width 10 (0–10 … 90–100, the last one closed)."""
    values = values[~np.isnan(values)]
    counts, _ = np.histogram(values, bins=HISTOGRAM_EDGES)
    return tuple(int(c) for c in counts)


def _stats(values: np.ndarray) -> tuple[float, float, float]:
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return (float("nan"),) * 3
    q1, med, q3 = np.percentile(values, [25, 50, 75])
    return float(q1), float(med), float(q3)


def _maybe(fn: Any, values: np.ndarray, x: float | None) -> float | None:
    return None if x is None else fn(values, x)


def _verdict_shares(verdicts: np.ndarray) -> dict[str, float]:
    done = verdicts[np.array([v in VERDICTS for v in verdicts], dtype=bool)] if len(verdicts) else verdicts
    if len(done) == 0:
        return {v: 0.0 for v in VERDICTS}
    return {v: round(float(np.count_nonzero(done == v)) / len(done), 3) for v in VERDICTS}


def _own_rows(table: PeerTable, client_id: str | None, client_name: str | None) -> np.ndarray:
    own = np.zeros(len(table), dtype=bool)
    if client_id:
        own |= table.ids == client_id
    if client_name:
        own |= table.names == _normal(client_name)
    return own


def _score_column(measure: str) -> str:
    return "overall" if measure == "overall" else f"{measure}_score"


def _normal(text: str | None) -> str | None:
    return " ".join(text.casefold().split()) if isinstance(text, str) and text.strip() else None


def _normalised(series: pd.Series) -> np.ndarray:
    return np.array([_normal(v) for v in series.astype(object)], dtype=object)
