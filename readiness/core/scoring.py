"""Scoring: one assessment -> Result, a whole table -> table, and "what would change the verdict".

One arithmetic core (`_score_columns`) scores columns of answers; scoring one assessment runs
it on columns of length one, so single and vectorised scoring give identical numbers.
Pure: no disk, no widgets.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from .advice import Recommendation, better_answers, recommendations, summary_lines
from .assessment import Assessment, Client
from .errors import Problem, ValidationError
from .framework import Band, Framework, default_framework
from .framework_model import Question

if TYPE_CHECKING:
    import pandas as pd

VERDICTS = ("not_ready", "conditional", "ready")
SUMMARY_COLUMNS = ("overall", "verdict", "complete", "missing", "blockers", "risks")


def score_columns(framework: Framework | None = None) -> tuple[str, ...]:
    """`<question>_score` for each question of the framework, in its order."""
    return tuple(f"{q}_score" for q in (framework or default_framework()).question_ids)


def result_columns(framework: Framework | None = None) -> tuple[str, ...]:
    """The columns `score_table` gives: each dimension's score, then overall, verdict, complete, missing, blockers, risks."""
    return score_columns(framework) + SUMMARY_COLUMNS


def input_columns(framework: Framework) -> tuple[str, ...]:
    """The flat columns scoring reads: every answer column but the goals, and the client's size."""
    return tuple(c for q in framework.questions for field, c in q.columns.items() if field != "goals") + ("size",)


@dataclass(frozen=True)
class Change:
    """One single-answer change and what it would do to the result."""

    dimension: str
    answer: Mapping[str, Any]
    description: str
    overall: float
    gain: float
    verdict: str | None
    changes_verdict: bool


@dataclass(frozen=True)
class Result:
    """The score of one assessment: dimensions, overall, verdict, blockers, risks, advice."""

    complete: bool
    missing: tuple[str, ...]
    overall: float | None
    verdict: str | None
    blockers: tuple[str, ...]
    risks: tuple[str, ...]
    dimensions: Mapping[str, float | None]
    recommendations: tuple[Recommendation, ...]
    framework: Mapping[str, str]
    language: str = "fr"

    def to_dict(self) -> dict[str, Any]:
        """The result as the JSON object of `readiness score --json`."""
        return {
            "complete": self.complete,
            "missing": list(self.missing),
            "overall": self.overall,
            "verdict": self.verdict,
            "blockers": list(self.blockers),
            "risks": list(self.risks),
            "dimensions": dict(self.dimensions),
            "recommendations": [{"dimension": r.dimension, "code": r.code, "text": r.text} for r in self.recommendations],
            "framework": dict(self.framework),
        }

    def summary(self, framework: Framework | None = None) -> str:
        """A few lines a consultant can read aloud."""
        return "\n".join(summary_lines(self, framework or default_framework()))

    def _repr_html_(self) -> str:
        lines = [html.escape(line) for line in self.summary().splitlines()]
        return "<pre>" + "\n".join(lines) + "</pre>"


# ---------------------------------------------------------------- public entry points


def score_assessment(assessment: Assessment, framework: Framework | None = None, language: str | None = None) -> Result:
    """Score one assessment (provisional while questions are missing)."""
    fw = framework or default_framework()
    lang = language or assessment.language
    columns = _columns_of([assessment], fw)
    scored = _score_columns(fw, columns)
    dims = {q: _scalar(scored[f"{q}_score"][0]) for q in fw.question_ids}
    return Result(
        complete=bool(scored["complete"][0]),
        missing=_codes(fw.question_ids, scored["missing_mask"][0]),
        overall=_scalar(scored["overall"][0]),
        verdict=scored["verdict"][0],
        blockers=_codes(fw.blocker_labels, scored["blocker_mask"][0]),
        risks=_codes(fw.risk_labels, scored["risk_mask"][0]),
        dimensions=dims,
        recommendations=tuple(recommendations(fw, assessment, dims, lang)),
        framework=fw.ref(),
        language=lang,
    )


def score_table(table: pd.DataFrame, framework: Framework | None = None) -> pd.DataFrame:
    """Score every row of a flat-layout table at once; same numbers as `score_assessment`."""
    import pandas as pd

    fw = framework or default_framework()
    problems: list[Problem] = []
    numeric = set(_number_columns(fw))
    columns = {c: _column(table, c, problems, c in numeric) for c in input_columns(fw)}
    _check_codes(fw, columns, table.index, problems)
    scored = _score_columns(fw, columns)
    out = pd.DataFrame({c: scored[c] for c in score_columns(fw) + ("overall", "complete")}, index=table.index)
    out["verdict"] = pd.Series(scored["verdict"], index=table.index, dtype="str")
    out["missing"] = _mask_strings(fw.question_ids, scored["missing_mask"], table.index)
    out["blockers"] = _mask_strings(tuple(fw.blocker_labels), scored["blocker_mask"], table.index)
    out["risks"] = _mask_strings(tuple(fw.risk_labels), scored["risk_mask"], table.index)
    return out[list(result_columns(fw))]


def with_scores(table: pd.DataFrame, framework: Framework | None = None) -> pd.DataFrame:
    """The flat table with its score columns appended (replacing any stale ones, of any framework)."""
    stale = [c for c in table.columns if c in SUMMARY_COLUMNS or str(c).endswith("_score")]
    clean = table.drop(columns=stale)
    return clean.join(score_table(clean, framework))


def what_if(assessment: Assessment, framework: Framework | None = None, language: str | None = None) -> tuple[Change, ...]:
    """Single-answer changes that raise `overall` or change the verdict, ranked by gain."""
    fw = framework or default_framework()
    lang = language or assessment.language
    base = score_assessment(assessment, fw, lang)
    if base.overall is None:
        return ()
    answered = [q for q in fw.question_ids if assessment.answers.get(q) is not None]
    candidates = [(q, ans, text) for q in answered for ans, text in better_answers(fw, assessment, q, lang)]
    if not candidates:
        return ()
    variants = [assessment.with_answer(q, ans) for q, ans, _ in candidates]
    scored = _score_columns(fw, _columns_of(variants, fw))
    changes = []
    for i, (qid, answer, text) in enumerate(candidates):
        overall = float(scored["overall"][i])
        verdict = scored["verdict"][i]
        gain = round(overall - base.overall, 1)
        if gain > 0 or verdict != base.verdict:
            changes.append(Change(qid, answer, text, overall, gain, verdict, verdict != base.verdict))
    return tuple(sorted(changes, key=lambda c: (-c.gain, not c.changes_verdict)))


# ---------------------------------------------------------------- the arithmetic core


def _score_columns(fw: Framework, cols: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Score columns of answers, question by question by kind; every other function goes through here."""
    points, blockers, risks = {}, {}, {}
    for q in fw.questions:
        points[q.id] = _question_points(q, cols, blockers, risks)
    return _combine(fw, points, blockers, risks)


def _question_points(q: Question, cols: Mapping[str, Any], blockers: dict, risks: dict) -> np.ndarray:
    """One question's points (NaN where unanswered), adding its blockers and risks to the dicts."""
    if q.answered_by_choice:
        return _choice_points(q, cols[q.columns["choice"]], blockers, risks)
    if q.kind == "amount":
        return _budget_points(q, cols, blockers)
    return _website_points(q, cols, blockers, risks)


def question_points(question: Question, answers: list[Mapping[str, Any] | None], size: str | None, framework: Framework) -> tuple[np.ndarray, np.ndarray]:
    """Unrounded points and whether it blocks, for several answers to one question (the arithmetic `overall` sums)."""
    stubs = [Assessment("x", Client("x", size=size), date.min, answers={question.id: a} if a else {}) for a in answers]
    blockers: dict = {}
    points = _question_points(question, _columns_of(stubs, framework), blockers, {})
    blocked = np.zeros(len(answers), dtype=bool)
    for hit in blockers.values():
        blocked |= np.asarray(hit, dtype=bool)
    return points, blocked


def _choice_points(question: Question, codes: Any, blockers: dict, risks: dict) -> np.ndarray:
    points = np.full(len(codes), np.nan)
    for choice in question.choices:
        hit = codes == choice.code
        points[hit] = choice.points
        if choice.blocker:
            blockers[choice.blocker] = blockers.get(choice.blocker, False) | hit
        if choice.risk:
            risks[choice.risk] = risks.get(choice.risk, False) | hit
    return points


def _budget_points(question: Question, cols: Mapping[str, Any], blockers: dict) -> np.ndarray:
    rule = question.budget
    amount = cols[question.columns["annual_amount"]].astype(float)
    rate = np.ones(len(amount))
    for currency, value in rule.rates.items():
        rate[cols[question.columns["currency"]] == currency] = value
    in_cad = amount * rate
    size = cols["size"]
    points = _band_points(rule.bands, in_cad)
    for group in set(rule.size_bands):
        hit = size == group
        if hit.any():
            points[hit] = _band_points(rule.size_bands[group], in_cad[hit])
    if rule.blocker:
        exempt = _is_one_of(size, rule.exempt_sizes)
        blockers[rule.blocker] = blockers.get(rule.blocker, False) | ((in_cad < rule.minimum) & ~exempt)
    return points


def _website_points(question: Question, cols: Mapping[str, Any], blockers: dict, risks: dict) -> np.ndarray:
    rule = question.website
    rate = cols[question.columns["bounce_rate"]].astype(float)
    roi = cols[question.columns["roi"]]
    answered = roi.present() | ~np.isnan(rate)
    unknown_rate = np.isnan(rate)
    bounce_points = np.where(unknown_rate, rule.unknown_points, _band_points(rule.bounce_bands, rate))
    roi_points = np.full(len(rate), rule.roi_choice("unknown").points)
    for choice in rule.roi:
        roi_points[roi == choice.code] = choice.points
    total = rule.bounce_weight + rule.roi_weight
    points = (rule.bounce_weight * bounce_points + rule.roi_weight * roi_points) / total
    blockers[rule.blocker] = blockers.get(rule.blocker, False) | (rate >= rule.blocker_at)
    risks[rule.unknown_risk] = risks.get(rule.unknown_risk, False) | (answered & unknown_rate)
    return np.where(answered, points, np.nan)


def _band_points(bands: tuple[Band, ...], values: np.ndarray) -> np.ndarray:
    starts = np.array([b.start for b in bands])
    points = np.array([b.points for b in bands] + [np.nan])
    index = np.searchsorted(starts, values, side="right") - 1
    index = np.where(np.isnan(values) | (index < 0), len(bands), index)
    return points[index]


def _combine(fw: Framework, points: dict, blockers: dict, risks: dict) -> dict[str, np.ndarray]:
    n = len(next(iter(points.values())))
    total, weight = np.zeros(n), np.zeros(n)
    missing_mask = np.zeros(n, dtype=np.int64)
    out: dict[str, Any] = {}
    for bit, q in enumerate(fw.questions):
        qid, w = q.id, q.weight
        p = points[qid]
        answered = ~np.isnan(p)
        total = total + np.where(answered, w * np.nan_to_num(p), 0.0)
        weight = weight + np.where(answered, w, 0.0)
        missing_mask |= np.where(answered, 0, 1 << bit)
        out[f"{qid}_score"] = np.round(p, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(weight > 0, np.round(total / np.where(weight > 0, weight, 1.0), 1), np.nan)
    out["blocker_mask"] = _mask(fw.blocker_labels, blockers, n)
    out["risk_mask"] = _mask(fw.risk_labels, risks, n)
    out["missing_mask"] = missing_mask
    out["complete"] = missing_mask == 0
    out["overall"] = overall
    out["verdict"] = _verdicts(fw, overall, out["complete"], out["blocker_mask"] != 0)
    return out


def _mask(labels: Mapping[str, Any], flags: dict, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=np.int64)
    for bit, code in enumerate(labels):
        hit = np.asarray(flags.get(code, False), dtype=bool)
        mask |= np.where(hit, 1 << bit, 0)
    return mask


def _verdicts(fw: Framework, overall: np.ndarray, complete: np.ndarray, blocked: np.ndarray) -> np.ndarray:
    level = np.where(overall >= fw.ready_at, 2, 1)  # positions in VERDICTS
    level[blocked | (overall < fw.conditional_at)] = 0
    level[~complete] = -1
    return np.array((*VERDICTS, None), dtype=object)[level]  # -1 picks the trailing None


# ---------------------------------------------------------------- columns in, columns out


def _columns_of(assessments: list[Assessment], fw: Framework) -> dict[str, Any]:
    """Answer columns for a few assessments (the single-scoring path)."""
    def get(qid: str, key: str, a: Assessment) -> Any:
        return (a.answers.get(qid) or {}).get(key)

    def nan(value: Any) -> float:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else np.nan

    cols: dict[str, Any] = {"size": _Codes.of([a.client.size for a in assessments])}
    for q in fw.questions:
        for field, column in q.columns.items():
            if field in ("annual_amount", "bounce_rate"):
                cols[column] = np.array([nan(get(q.id, field, a)) for a in assessments])
            elif field != "goals":
                cols[column] = _Codes.of([get(q.id, field, a) for a in assessments])
    return cols


def _column(table: pd.DataFrame, name: str, problems: list[Problem], numeric: bool) -> Any:
    """One input column: numbers as floats (NaN when blank), codes as `_Codes`; text in a number column is a problem."""
    import pandas as pd

    if name not in table:
        return np.full(len(table), np.nan) if numeric else _Codes(np.full(len(table), -1), ())
    series = table[name]
    if not numeric:
        index, values = pd.factorize(series.to_numpy(dtype=object))  # -1 for blank cells; faster on objects
        return _Codes(index, tuple(values.tolist()))
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna() & series.notna()
    problems += [Problem(name, f"{name} must be a number, got {series[i]!r} (row {i})") for i in bad[bad].index[:20]]
    return numbers.to_numpy(dtype=float, na_value=np.nan)


def _number_columns(fw: Framework) -> tuple[str, ...]:
    return tuple(q.columns[f] for q in fw.questions for f in ("annual_amount", "bounce_rate") if f in q.columns)


def _check_codes(fw: Framework, cols: Mapping[str, Any], index: Any, problems: list[Problem]) -> None:
    """Refuse a table with an unknown code or an impossible number, naming rows and values, all at once."""
    allowed = {"size": fw.sizes}
    limits = []
    for q in fw.questions:
        c = q.columns
        if q.answered_by_choice:
            allowed[c["choice"]] = q.choice_codes
        elif q.kind == "amount":
            allowed[c["currency"]] = tuple(q.budget.rates)
            limits.append((c["annual_amount"], 0, math.inf))
        else:
            allowed[c["roi"]] = tuple(choice.code for choice in q.website.roi)
            limits.append((c["bounce_rate"], 0, 100))
    for name, codes in allowed.items():
        bad = _unknown_codes(cols[name], codes)
        problems += [Problem(name, f"{name} must be one of {', '.join(codes)}, got {cols[name][i]!r} (row {index[i]})") for i in np.flatnonzero(bad)[:20]]
    for name, low, high in limits:
        values = cols[name]
        bad = (values < low) | (values > high)
        problems += [Problem(name, f"{name} must be between {low} and {high}, got {values[i]:g} (row {index[i]})") for i in np.flatnonzero(bad)[:20]]
    if problems:
        raise ValidationError(problems)


class _Codes:
    """A column of codes kept as small integers over its distinct values, like a pandas Categorical.

    `codes == "clear"` gives a boolean array, as with a numpy array, but compares integers:
    scoring a million rows stays well inside its budget.
    """

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, index: np.ndarray, values: tuple):
        self.index = np.asarray(index)  # position in `values`; -1 for a blank cell
        self.values = values

    @classmethod
    def of(cls, items: list) -> _Codes:
        """Codes of a few Python values (None is blank)."""
        positions: dict[Any, int] = {}
        index = [-1 if v is None else positions.setdefault(v, len(positions)) for v in items]
        return cls(np.array(index, dtype=np.int64), tuple(positions))

    def __len__(self) -> int:
        return len(self.index)

    def __eq__(self, code: object) -> np.ndarray:  # type: ignore[override]
        if code is None:
            return self.index == -1
        return self.index == self.values.index(code) if code in self.values else np.zeros(len(self), dtype=bool)

    def __getitem__(self, row: int) -> Any:
        position = self.index[row]
        return None if position < 0 else self.values[position]

    def present(self) -> np.ndarray:
        """Where a cell holds a code."""
        return self.index >= 0


def _unknown_codes(values: _Codes, codes: tuple[str, ...]) -> np.ndarray:
    """Where a cell holds something other than one of `codes` (checked once per distinct value)."""
    return _is_one_of(values, tuple(v for v in values.values if v not in codes))


def _is_one_of(values: _Codes, codes: tuple) -> np.ndarray:
    """Element-wise `value in codes`."""
    hit = np.zeros(len(values), dtype=bool)
    for code in codes:
        hit |= values == code
    return hit


def _mask_strings(codes: tuple[str, ...], masks: np.ndarray, index: Any) -> pd.Series:
    """Pipe-joined codes for each row's bit mask (few distinct masks, so a lookup table)."""
    import pandas as pd

    series = pd.Series(masks, index=index)
    table = {m: "|".join(c for bit, c in enumerate(codes) if m >> bit & 1) for m in series.unique()}
    return series.map(table).astype("str")


def _scalar(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _codes(labels: Mapping[str, Any], mask: int) -> tuple[str, ...]:
    return tuple(code for bit, code in enumerate(labels) if int(mask) >> bit & 1)
