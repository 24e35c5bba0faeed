"""Compare one client with past clients: peer group, mid-rank percentiles, peer medians and IQR.

Rules (DESIGN.md): peers are past assessments other than the client's own; the group is same
industry and size, widened to same size, then same industry, then all, until it holds at least
k assessments; a group under k is never shown; outputs never name another client.
Only complete past assessments (those with a verdict) are peers.

Speed: `prepare_peers` turns the table into integer codes once (industry, size, name, and each
score as its rank among the distinct scores). A comparison then only reads group sizes from a
small industry × size count table and per-group score counts (cached), so one client against
1 000 000 past assessments takes a few milliseconds. Pure: takes tables and values, returns values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..text import Text
from .errors import Problem, ValidationError
from .scoring import Result

if TYPE_CHECKING:
    import pandas as pd

K_DEFAULT = 5
K_MIN = 5  # the anonymity floor: a smaller group could let a client recognise another (DESIGN "Privacy")
LEVELS = ("industry_size", "size", "industry", "all")
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


@dataclass(frozen=True)
class _Counts:
    """How many peers of one group hold each distinct score (per measure) and each verdict."""

    scores: tuple[np.ndarray, ...]
    verdicts: np.ndarray


class PeerTable:
    """Past assessments prepared once for fast comparisons (codes as integers, scores as ranks)."""

    def __init__(self, past: pd.DataFrame, sample: bool | None = None):
        from .provenance import sample_rows

        self.framework = past.attrs.get("framework")  # the framework id of the table (None: not said)
        complete = _complete(past)
        synthetic = (sample_rows(past) if sample is None else np.full(len(past), bool(sample)))[complete]
        past = past.loc[complete]
        self.n = len(past)
        self.sample = bool(synthetic.any())
        self._ids = _id_index(past)
        self.name_codes, self._names = _codes(past, "client_name", _normal)
        self.industry_codes, self.industries = _codes(past, "industry", _normal)
        self.size_codes, self.sizes = _codes(past, "size", _plain_code)
        self.measures = measures_of(past)
        self.values, self.ranks = zip(*(_ranked(past, m) for m in self.measures), strict=True)
        self.verdict_codes = _verdict_codes(past)
        self.cells = _cell_counts(self.industry_codes, self.size_codes, len(self.industries), len(self.sizes))
        self._synthetic = synthetic
        self._sample_cells = _cell_counts(self.industry_codes[synthetic], self.size_codes[synthetic], len(self.industries), len(self.sizes))
        self._overall_bins = _bins_of(self.values[0])
        self._cache: dict[tuple[str, int, int], _Counts] = {}

    def __len__(self) -> int:
        return self.n

    def own_rows(self, client_id: str | None, client_name: str | None) -> np.ndarray:
        """Row positions of the client's own past assessments (same id or same name)."""
        rows = []
        if client_id and self._ids is not None:
            hits = self._ids.get_indexer_for([client_id])
            rows.append(hits[hits >= 0])
        name = self._names.get(_normal(client_name), -1)
        if name >= 0:
            rows.append(np.flatnonzero(self.name_codes == name))
        return np.unique(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)

    def group_size(self, level: str, ind: int, siz: int, own: np.ndarray) -> int:
        """Peers in one group, the client's own assessments left out."""
        cells = self.cells
        total = {"industry_size": lambda: cells[ind, siz], "size": lambda: cells[:, siz].sum(),
                 "industry": lambda: cells[ind, :].sum(), "all": lambda: self.n}[level]()  # fmt: skip
        return int(total) - int(self._in_group(level, ind, siz, own).sum())

    def group_has_sample(self, level: str, ind: int, siz: int, own: np.ndarray) -> bool:
        """Whether a group (the client's own rows left out) holds rows of the shipped sample."""
        cells = self._sample_cells
        total = {"industry_size": lambda: cells[ind, siz], "size": lambda: cells[:, siz].sum(),
                 "industry": lambda: cells[ind, :].sum(), "all": lambda: self._synthetic.sum()}[level]()  # fmt: skip
        mine = own[self._synthetic[own]]
        return int(total) - int(self._in_group(level, ind, siz, mine).sum()) > 0

    def counts(self, level: str, ind: int, siz: int, own: np.ndarray) -> _Counts:
        """Score and verdict counts of a group without the client's own rows."""
        key = (level, ind, siz)
        if key not in self._cache:
            self._cache[key] = self._count_rows(self._group_rows(level, ind, siz))
        mine = own[self._in_group(level, ind, siz, own)]
        if len(mine) == 0:
            return self._cache[key]
        cached, less = self._cache[key], self._count_rows(mine)
        return _Counts(tuple(a - b for a, b in zip(cached.scores, less.scores, strict=True)), cached.verdicts - less.verdicts)

    def histogram(self, counts: _Counts) -> tuple[int, ...]:
        """Counts of overall scores in the 10 bins of HISTOGRAM_EDGES."""
        tally = np.bincount(self._overall_bins, weights=counts.scores[0][:-1], minlength=10)
        return tuple(int(c) for c in tally)

    def _group_rows(self, level: str, ind: int, siz: int) -> np.ndarray | slice:
        masks = {"industry_size": lambda: (self.industry_codes == ind) & (self.size_codes == siz),
                 "size": lambda: self.size_codes == siz, "industry": lambda: self.industry_codes == ind}  # fmt: skip
        return slice(None) if level == "all" else np.flatnonzero(masks[level]())

    def _in_group(self, level: str, ind: int, siz: int, rows: np.ndarray) -> np.ndarray:
        same_ind, same_siz = self.industry_codes[rows] == ind, self.size_codes[rows] == siz
        return {"industry_size": same_ind & same_siz, "size": same_siz, "industry": same_ind, "all": np.ones(len(rows), bool)}[level]

    def _count_rows(self, rows: np.ndarray | slice) -> _Counts:
        scores = tuple(np.bincount(r[rows], minlength=len(v) + 1) for r, v in zip(self.ranks, self.values, strict=True))
        return _Counts(scores, np.bincount(self.verdict_codes[rows], minlength=len(VERDICTS) + 1)[: len(VERDICTS)])


def measures_of(past: pd.DataFrame) -> tuple[str, ...]:
    """What a table of past assessments compares: `overall`, then each dimension it has a `<question>_score` column for."""
    return ("overall",) + tuple(str(c).removesuffix("_score") for c in past.columns if str(c).endswith("_score"))


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
    check_k(k)
    table = prepare_peers(past, sample)
    own = table.own_rows(client_id, client_name)
    group, codes = _peer_group(table, industry, size, k, own)
    if group is None:
        return Benchmark(group=None, k=k, sample=table.sample if sample is None else bool(sample))
    is_sample = table.group_has_sample(group.level, *codes, own) if sample is None else bool(sample)
    counts = table.counts(group.level, *codes, own)
    client = {"overall": result.overall, **result.dimensions}
    measures = table.measures
    stats = {m: _quartiles(table.values[i], counts.scores[i]) for i, m in enumerate(measures)}
    return Benchmark(
        group=group,
        k=k,
        percentile={m: _rank_of(table.values[i], counts.scores[i], client.get(m)) for i, m in enumerate(measures)},
        median={m: s[1] for m, s in stats.items()},
        q1={m: s[0] for m, s in stats.items()},
        q3={m: s[2] for m, s in stats.items()},
        verdict_shares=_shares(counts.verdicts),
        sample=is_sample,
        histogram=table.histogram(counts),
    )


def compare_assessment(assessment: Any, result: Result, past: pd.DataFrame | PeerTable, k: int = K_DEFAULT) -> Benchmark:
    """Benchmark an Assessment (its id, name, industry and size) with its Result."""
    c = assessment.client
    return compare(result, past, client_id=assessment.id, client_name=c.name, industry=c.industry, size=c.size, k=k)


def peer_group(
    table: pd.DataFrame | PeerTable, industry: str | None, size: str | None, k: int = K_DEFAULT, exclude: np.ndarray | None = None
) -> tuple[PeerGroup | None, np.ndarray]:
    """The narrowest group with at least k peers and its row mask (over complete rows); (None, empty) if none."""
    check_k(k)
    table = prepare_peers(table)
    own = np.zeros(0, dtype=np.int64) if exclude is None else np.flatnonzero(exclude)
    group, (ind, siz) = _peer_group(table, industry, size, k, own)
    mask = np.zeros(len(table), dtype=bool)
    if group is not None:
        mask[table._group_rows(group.level, ind, siz)] = True
        mask[own] = False
    return group, mask


def percentile_rank(values: np.ndarray, x: float) -> float:
    """Mid-rank percentile: share of values below x plus half the ties, in percent (NaNs ignored)."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return float("nan")
    below = np.count_nonzero(values < x)
    ties = np.count_nonzero(values == x)
    return round(100.0 * (below + 0.5 * ties) / len(values), 1)


def overall_histogram(values: np.ndarray) -> tuple[int, ...]:
    """Counts of overall scores in 10 bins of width 10 (0–10 … 90–100, the last one closed)."""
    values = np.asarray(values, dtype=float)
    counts, _ = np.histogram(values[~np.isnan(values)], bins=HISTOGRAM_EDGES)
    return tuple(int(c) for c in counts)


# ---------------------------------------------------------------- the group and its statistics


def _peer_group(table: PeerTable, industry: str | None, size: str | None, k: int, own: np.ndarray):
    """Widen step by step; return the group and its (industry, size) codes."""
    ind = table.industries.get(_normal(industry), -1)
    siz = table.sizes.get(_plain_code(size), -1)
    wanted = {"industry_size": ind >= 0 and siz >= 0, "size": siz >= 0, "industry": ind >= 0, "all": True}
    industry, size = _plain_code(industry), _plain_code(size)
    labels = {"industry_size": (industry, size), "size": (None, size), "industry": (industry, None), "all": (None, None)}
    for level in LEVELS:
        if wanted[level]:
            n = table.group_size(level, ind, siz, own)
            if n >= k:
                return PeerGroup(level, *labels[level], n), (ind, siz)
    return None, (ind, siz)


def _rank_of(values: np.ndarray, counts: np.ndarray, x: float | None) -> float | None:
    """Mid-rank percentile of x among the counted values (the last count is the missing scores)."""
    valid = counts[:-1]
    total = int(valid.sum())
    if x is None or total == 0:
        return None
    at = int(np.searchsorted(values, x, side="left"))
    below = int(valid[:at].sum())
    ties = int(valid[at]) if at < len(values) and values[at] == x else 0
    return round(100.0 * (below + 0.5 * ties) / total, 1)


def _quartiles(values: np.ndarray, counts: np.ndarray) -> tuple[float, float, float]:
    """25th, 50th and 75th percentiles (numpy's linear method) from counts of distinct values."""
    cum = np.cumsum(counts[:-1])
    total = int(cum[-1]) if len(cum) else 0
    if total == 0:
        return (float("nan"),) * 3
    h = (total - 1) * np.array([0.25, 0.5, 0.75])
    low = np.floor(h).astype(np.int64)
    high = np.minimum(low + 1, total - 1)
    a, b = values[np.searchsorted(cum, low, side="right")], values[np.searchsorted(cum, high, side="right")]
    return tuple(round(float(v), 1) for v in a + (b - a) * (h - low))


def _shares(verdicts: np.ndarray) -> dict[str, float]:
    total = int(verdicts.sum())
    return {v: round(float(verdicts[i]) / total, 3) if total else 0.0 for i, v in enumerate(VERDICTS)}


def check_k(k: Any) -> int:
    """k itself when it keeps the anonymity floor (a whole number ≥ 5); else ValidationError naming it."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < K_MIN:
        why = Text("k must be a whole number ≥ {least} (a smaller group could identify past clients), got {k}", least=K_MIN, k=repr(k))
        raise ValidationError([Problem("k", why)])
    return int(k)


# ---------------------------------------------------------------- preparing the table


def _complete(past: pd.DataFrame) -> np.ndarray:
    """Rows with a verdict: finished assessments (a half-done one would skew its peers)."""
    if "verdict" in past:
        return past["verdict"].isin(VERDICTS).to_numpy()
    if "overall" in past:
        return past["overall"].notna().to_numpy()
    return np.zeros(len(past), dtype=bool)


def _id_index(past: pd.DataFrame):
    import pandas as pd

    if "id" not in past:
        return None
    index = pd.Index(past["id"].astype(object).to_numpy())
    index.get_indexer_for([""])  # build the hash table now, not during the first comparison
    return index


def _codes(past: pd.DataFrame, column: str, normalise: Any) -> tuple[np.ndarray, _Labels]:
    """Integer codes of a text column after normalising it (-1 when missing), and their lookup."""
    import pandas as pd

    if column not in past:
        return np.full(len(past), -1, dtype=np.int64), _Labels([])
    raw_codes, raw = pd.factorize(past[column].astype(object), use_na_sentinel=True)
    normal_codes, normal = pd.factorize(np.array([normalise(v) for v in raw], dtype=object), use_na_sentinel=True)
    return np.append(normal_codes, -1)[raw_codes], _Labels(normal)


class _Labels:
    """Distinct normalised labels and their codes (hashed once, looked up in constant time)."""

    def __init__(self, labels: Any):
        import pandas as pd

        self._index = pd.Index(np.asarray(labels, dtype=object))
        self._index.get_indexer([""])  # build the hash table now, not during the first comparison

    def __len__(self) -> int:
        return len(self._index)

    def get(self, label: str | None, default: int = -1) -> int:
        """The code of a label, or `default`."""
        if label is None or not len(self._index):
            return default
        code = int(self._index.get_indexer([label])[0])
        return code if code >= 0 else default


def _ranked(past: pd.DataFrame, measure: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct scores and each row's index into them (missing → one past the end)."""
    column = "overall" if measure == "overall" else f"{measure}_score"
    scores = past[column].to_numpy(dtype=float, na_value=np.nan) if column in past else np.full(len(past), np.nan)
    values, ranks = np.unique(scores, return_inverse=True)
    finite = ~np.isnan(values)
    ranks = np.where(finite[ranks], ranks, finite.sum()) if len(values) else ranks
    return values[finite], ranks.astype(np.int64).reshape(-1)


def _verdict_codes(past: pd.DataFrame) -> np.ndarray:
    verdicts = past["verdict"].astype(object).to_numpy() if "verdict" in past else np.full(len(past), None)
    codes = np.full(len(verdicts), len(VERDICTS), dtype=np.int64)
    for i, v in enumerate(VERDICTS):
        codes[verdicts == v] = i
    return codes


def _cell_counts(industry: np.ndarray, size: np.ndarray, n_ind: int, n_size: int) -> np.ndarray:
    """Assessments per (industry, size) cell; rows with a missing code only count towards `all`."""
    known = (industry >= 0) & (size >= 0)
    flat = np.bincount(industry[known] * n_size + size[known], minlength=n_ind * n_size).reshape(n_ind, n_size)
    extra_ind = np.bincount(industry[(industry >= 0) & (size < 0)], minlength=n_ind)
    extra_size = np.bincount(size[(size >= 0) & (industry < 0)], minlength=n_size)
    # One spare row and column hold rows whose size (or industry) is unknown.
    cells = np.zeros((n_ind + 1, n_size + 1), dtype=np.int64)
    cells[:n_ind, :n_size], cells[:n_ind, n_size], cells[n_ind, :n_size] = flat, extra_ind, extra_size
    return cells


def _bins_of(values: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(values / 10.0), 0, 9).astype(np.int64)


def _normal(text: Any) -> str | None:
    return " ".join(text.casefold().split()) if isinstance(text, str) and text.strip() else None


def _plain_code(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
