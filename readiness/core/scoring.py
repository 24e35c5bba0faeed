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
from typing import TYPE_CHECKING, Any

import numpy as np

from ..text import N_, t
from ..text.formats import format_money, format_number, format_percent, pick
from .assessment import Assessment
from .errors import Problem, ValidationError
from .framework import Band, Framework, default_framework
from .framework_model import QUESTION_IDS

if TYPE_CHECKING:
    import pandas as pd

CHOICE_COLUMNS = {"objectives": "objectives", "content": "content", "champion": "champion"}
INPUT_COLUMNS = ("objectives", "content", "champion", "budget_annual", "currency", "bounce_rate", "website_roi", "size")
SCORE_COLUMNS = tuple(f"{q}_score" for q in QUESTION_IDS)
RESULT_COLUMNS = SCORE_COLUMNS + ("overall", "verdict", "complete", "missing", "blockers", "risks")
VERDICTS = ("not_ready", "conditional", "ready")


@dataclass(frozen=True)
class Recommendation:
    """What to do about one dimension below its maximum."""

    dimension: str
    code: str
    text: str


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
        return "\n".join(_summary_lines(self, framework or default_framework()))

    def _repr_html_(self) -> str:
        lines = [html.escape(line) for line in self.summary().splitlines()]
        return "<pre>" + "\n".join(lines) + "</pre>"


# ---------------------------------------------------------------- public entry points


def score_assessment(assessment: Assessment, framework: Framework | None = None, language: str | None = None) -> Result:
    """Score one assessment (provisional while questions are missing)."""
    fw = framework or default_framework()
    lang = language or assessment.language
    columns = _columns_of([assessment])
    scored = _score_columns(fw, columns)
    dims = {q: _scalar(scored[f"{q}_score"][0]) for q in QUESTION_IDS}
    return Result(
        complete=bool(scored["complete"][0]),
        missing=assessment.missing,
        overall=_scalar(scored["overall"][0]),
        verdict=scored["verdict"][0],
        blockers=_codes(fw.blocker_labels, scored["blocker_mask"][0]),
        risks=_codes(fw.risk_labels, scored["risk_mask"][0]),
        dimensions=dims,
        recommendations=tuple(_recommendations(fw, assessment, dims, lang)),
        framework=fw.ref(),
        language=lang,
    )


def score_table(table: pd.DataFrame, framework: Framework | None = None) -> pd.DataFrame:
    """Score every row of a flat-layout table at once; same numbers as `score_assessment`."""
    import pandas as pd

    fw = framework or default_framework()
    problems: list[Problem] = []
    columns = {c: _column(table, c, problems) for c in INPUT_COLUMNS}
    _check_codes(fw, columns, table.index, problems)
    scored = _score_columns(fw, columns)
    out = pd.DataFrame({c: scored[c] for c in SCORE_COLUMNS + ("overall", "complete")}, index=table.index)
    out["verdict"] = pd.Series(scored["verdict"], index=table.index, dtype="str")
    out["missing"] = _mask_strings(QUESTION_IDS, scored["missing_mask"], table.index)
    out["blockers"] = _mask_strings(tuple(fw.blocker_labels), scored["blocker_mask"], table.index)
    out["risks"] = _mask_strings(tuple(fw.risk_labels), scored["risk_mask"], table.index)
    return out[list(RESULT_COLUMNS)]


def with_scores(table: pd.DataFrame, framework: Framework | None = None) -> pd.DataFrame:
    """The flat table with its score columns appended (replacing any stale ones)."""
    stale = [c for c in RESULT_COLUMNS if c in table]
    clean = table.drop(columns=stale)
    return clean.join(score_table(clean, framework))


def what_if(assessment: Assessment, framework: Framework | None = None, language: str | None = None) -> tuple[Change, ...]:
    """Single-answer changes that raise `overall` or change the verdict, ranked by gain."""
    fw = framework or default_framework()
    lang = language or assessment.language
    base = score_assessment(assessment, fw, lang)
    if base.overall is None:
        return ()
    candidates = [(q, ans, text) for q in assessment.answered for ans, text in _better_answers(fw, assessment, q, lang)]
    if not candidates:
        return ()
    variants = [assessment.with_answer(q, ans) for q, ans, _ in candidates]
    scored = _score_columns(fw, _columns_of(variants))
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
    """Score columns of answers; every other function goes through here."""
    points, blockers, risks = {}, {}, {}
    for qid in CHOICE_COLUMNS:
        points[qid] = _choice_points(fw, qid, cols[qid], blockers, risks)
    points["budget"] = _budget_points(fw, cols, blockers)
    points["website"] = _website_points(fw, cols, blockers, risks)
    return _combine(fw, points, blockers, risks)


def _choice_points(fw: Framework, qid: str, codes: np.ndarray, blockers: dict, risks: dict) -> np.ndarray:
    question = fw.question(qid)
    points = np.full(len(codes), np.nan)
    for choice in question.choices:
        hit = codes == choice.code
        points[hit] = choice.points
        if choice.blocker:
            blockers[choice.blocker] = blockers.get(choice.blocker, False) | hit
        if choice.risk:
            risks[choice.risk] = risks.get(choice.risk, False) | hit
    return points


def _budget_points(fw: Framework, cols: Mapping[str, Any], blockers: dict) -> np.ndarray:
    rule = fw.question("budget").budget
    amount = cols["budget_annual"].astype(float)
    rate = np.ones(len(amount))
    for currency, value in rule.rates.items():
        rate[cols["currency"] == currency] = value
    in_cad = amount * rate
    size = cols["size"]
    points = _band_points(rule.bands, in_cad)
    for group in set(rule.size_bands):
        hit = size == group
        if hit.any():
            points[hit] = _band_points(rule.size_bands[group], in_cad[hit])
    exempt = _is_one_of(size, rule.exempt_sizes)
    blockers[rule.blocker] = blockers.get(rule.blocker, False) | ((in_cad < rule.minimum) & ~exempt)
    return points


def _website_points(fw: Framework, cols: Mapping[str, Any], blockers: dict, risks: dict) -> np.ndarray:
    rule = fw.question("website").website
    rate = cols["bounce_rate"].astype(float)
    roi = cols["website_roi"]
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
    n = len(points["objectives"])
    total, weight = np.zeros(n), np.zeros(n)
    missing_mask = np.zeros(n, dtype=np.int64)
    out: dict[str, Any] = {}
    for bit, qid in enumerate(QUESTION_IDS):
        p = points[qid]
        answered = ~np.isnan(p)
        w = fw.question(qid).weight
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


def _columns_of(assessments: list[Assessment]) -> dict[str, Any]:
    """Answer columns for a few assessments (the single-scoring path)."""
    def get(qid: str, key: str, a: Assessment) -> Any:
        return (a.answers.get(qid) or {}).get(key)

    def nan(value: Any) -> float:
        return np.nan if value is None else float(value)

    cols: dict[str, Any] = {q: _Codes.of([get(q, "choice", a) for a in assessments]) for q in CHOICE_COLUMNS}
    cols["budget_annual"] = np.array([nan(get("budget", "annual_amount", a)) for a in assessments])
    cols["currency"] = _Codes.of([get("budget", "currency", a) for a in assessments])
    cols["bounce_rate"] = np.array([nan(get("website", "bounce_rate", a)) for a in assessments])
    cols["website_roi"] = _Codes.of([get("website", "roi", a) for a in assessments])
    cols["size"] = _Codes.of([a.client.size for a in assessments])
    return cols


def _column(table: pd.DataFrame, name: str, problems: list[Problem]) -> Any:
    """One input column: numbers as floats (NaN when blank), codes as `_Codes`; text in a number column is a problem."""
    import pandas as pd

    numeric = name in ("budget_annual", "bounce_rate")
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


def _check_codes(fw: Framework, cols: Mapping[str, Any], index: Any, problems: list[Problem]) -> None:
    """Refuse a table with an unknown code or an impossible number, naming rows and values, all at once."""
    allowed = {q: fw.question(q).choice_codes for q in CHOICE_COLUMNS}
    allowed["website_roi"] = tuple(c.code for c in fw.question("website").website.roi)
    allowed["size"] = fw.sizes
    allowed["currency"] = tuple(fw.question("budget").budget.rates)
    for name, codes in allowed.items():
        bad = _unknown_codes(cols[name], codes)
        problems += [Problem(name, f"{name} must be one of {', '.join(codes)}, got {cols[name][i]!r} (row {index[i]})") for i in np.flatnonzero(bad)[:20]]
    for name, low, high in (("budget_annual", 0, math.inf), ("bounce_rate", 0, 100)):
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


# ---------------------------------------------------------------- recommendations and what-if


def _recommendations(fw: Framework, a: Assessment, dims: Mapping[str, float | None], lang: str):
    for qid in a.answered:
        if dims[qid] is None or dims[qid] >= 100:
            continue
        for advice in _advice_for(fw, a, qid):
            yield Recommendation(qid, advice.code, pick(advice.text, lang))


def _advice_for(fw: Framework, a: Assessment, qid: str) -> list:
    question, answer = fw.question(qid), a.answers[qid]
    if question.kind == "choice":
        return [question.choice(answer["choice"]).advice]
    if question.kind == "amount":
        rule = question.budget
        return [_band_at(rule.bands_for(a.client.size), answer["annual_amount"] * rule.rates[answer["currency"]]).advice]
    rule = question.website
    rate = answer["bounce_rate"]
    bounce = rule.unknown_advice if rate is None else _band_at(rule.bounce_bands, rate).advice
    return [x for x in (bounce, rule.roi_choice(answer["roi"]).advice) if x is not None]


def _band_at(bands: tuple[Band, ...], value: float) -> Band:
    return [b for b in bands if b.start <= value][-1]


def _better_answers(fw: Framework, a: Assessment, qid: str, lang: str):
    """Alternative answers to one question that score higher, each with a description."""
    question, answer = fw.question(qid), a.answers[qid]
    name = pick(question.short, lang)
    if question.kind == "choice":
        current = question.choice(answer["choice"])
        for c in question.choices:
            if c.points > current.points:
                yield {**answer, "choice": c.code}, _described(name, f"{pick(current.label, lang)} → {pick(c.label, lang)}", lang)
    elif question.kind == "amount":
        yield from _better_budgets(fw, a, answer, name, lang)
    else:
        yield from _better_websites(question.website, answer, name, lang)


def _better_budgets(fw: Framework, a: Assessment, answer: Mapping[str, Any], name: str, lang: str):
    rule = fw.question("budget").budget
    currency = answer["currency"]
    rate = rule.rates[currency]
    targets = {b.start for b in rule.bands_for(a.client.size)}
    if a.client.size not in rule.exempt_sizes:
        targets.add(rule.minimum)
    for target in sorted(targets):
        amount = math.ceil(target / rate)
        if amount > answer["annual_amount"]:
            text = _described(name, f"{format_money(answer['annual_amount'], currency, lang)} → {format_money(amount, currency, lang)}", lang)
            yield {"annual_amount": amount, "currency": currency}, text


def _better_websites(rule: Any, answer: Mapping[str, Any], name: str, lang: str):
    rate = answer["bounce_rate"]
    label = t("Bounce rate", lang)
    shown = t("unknown", lang) if rate is None else format_percent(rate, lang)
    bands = rule.bounce_bands
    for i, band in enumerate(bands):
        top = bands[i + 1].start - 1 if i + 1 < len(bands) else band.start
        target = max(band.start, top)
        if rate is not None and target < rate:
            yield {**answer, "bounce_rate": target}, _described(name, f"{label} {shown} → {format_percent(target, lang)}", lang)
    current = rule.roi_choice(answer["roi"])
    for c in rule.roi:
        if c.points > current.points:
            yield {**answer, "roi": c.code}, _described(name, f"{pick(current.label, lang)} → {pick(c.label, lang)}", lang)


def _described(dimension: str, change: str, lang: str) -> str:
    """`Budget : 6 000 $ → 15 000 $` in French (a no-break space before the colon), `Budget: …` in English."""
    return t("{name}: {value}", lang, name=dimension, value=change)


# ---------------------------------------------------------------- readable summary


def _summary_lines(r: Result, fw: Framework):
    lang = r.language

    def line(name: str, value: Any) -> str:
        return t("{name}: {value}", lang, name=name, value=value)  # French: a no-break space before the colon

    verdict = pick(fw.verdict_labels[r.verdict], lang) if r.verdict else t("Provisional", lang)
    overall = "–" if r.overall is None else format_number(r.overall, lang)
    yield line(t("Overall score", lang), f"{overall} / 100 — {line(t('Verdict', lang), verdict)}")
    yield line(t("Questions answered", lang), f"{5 - len(r.missing)} / 5")
    for q in fw.questions:
        score = r.dimensions[q.id]
        yield "  " + line(pick(q.short, lang), t("unanswered", lang) if score is None else format_number(score, lang))
    for heading, codes, labels in ((N_("Blockers"), r.blockers, fw.blocker_labels), (N_("Risks"), r.risks, fw.risk_labels)):
        yield line(t(heading, lang), t("none", lang) if not codes else "")
        yield from (f"  - {pick(labels[c], lang)}" for c in codes)
    if r.recommendations:
        yield t("{name}:", lang, name=t("Recommendations", lang))
        yield from (f"  - {rec.text}" for rec in r.recommendations)
