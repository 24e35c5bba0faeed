"""The portfolio's tables: re-scoring under one framework, verdicts, blockers, segments, the trend by year and the changes that flip a verdict (aggregates only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.benchmark import K_DEFAULT, VERDICTS, check_k
from ..core.framework import Framework, default_framework, framework_for
from ..core.framework_model import Question
from ..text import N_, t, tn
from ..text.formats import format_money, format_percent, industry_label, pick

if TYPE_CHECKING:
    import pandas as pd


INCOMPLETE = "incomplete"


def measure_columns(fw: Framework) -> tuple[str, ...]:
    """`overall` and each dimension's score column."""
    return ("overall",) + tuple(f"{q}_score" for q in fw.question_ids)


def answer_columns(fw: Framework) -> tuple[str, ...]:
    """The flat columns scoring reads (answers, and the size)."""
    from ..core.scoring import input_columns

    return input_columns(fw)
def grouped_line(by: str, segments: int, k: int, assessments: int, lang: str) -> str:
    """The note under a table whose segments under k were merged into "Other" (by industry or by size)."""
    if by == "industry":
        return tn("{n} industry with fewer than k = {k} assessments grouped as \"Other\" ({assessments} assessments; left out if the group is still under k).",
                  "{n} industries with fewer than k = {k} assessments grouped as \"Other\" ({assessments} assessments; left out if the group is still under k).",
                  segments, lang, k=k, assessments=assessments)  # fmt: skip
    return tn("{n} size with fewer than k = {k} assessments grouped as \"Other\" ({assessments} assessments; left out if the group is still under k).",
              "{n} sizes with fewer than k = {k} assessments grouped as \"Other\" ({assessments} assessments; left out if the group is still under k).",
              segments, lang, k=k, assessments=assessments)  # fmt: skip


HEADERS = {  # each table column, as its header says it
    "verdict": N_("Verdict"),
    "label": N_("Label"),
    "assessments": N_("Assessments"),
    "share": N_("Share (%)"),
    "blocker": N_("Blocker"),
    "segment": N_("Segment"),
    "overall": N_("Overall (median)"),
    "share_ready": N_("Ready (%)"),
    "year": N_("Year"),
    "overall_q1": N_("Overall, 25th percentile"),
    "overall_q3": N_("Overall, 75th percentile"),
    "share_conditional": N_("Ready with conditions (%)"),
    "share_not_ready": N_("Not ready (%)"),
    "dimension": N_("Dimension"),
    "target": N_("Target"),
    "change": N_("Change"),
    "assessed_under": N_("Assessed under version"),
    "old_verdict": N_("Old verdict"),
    "new_verdict": N_("New verdict"),
    "rescored": N_("Old version available"),
    "mean_before": N_("Mean before"),
    "mean_after": N_("Mean after"),
    "mean_change": N_("Mean change"),
    "measure": N_("Measure"),
    "value": N_("Value"),
}


@dataclass(frozen=True)
class Rescore:
    """Every assessment scored under one framework, and what changed for those made under another."""

    table: pd.DataFrame = field(repr=False)
    framework: Mapping[str, str]
    versions: pd.DataFrame
    changes: pd.DataFrame
    score_changes: pd.DataFrame


def rescore(past: pd.DataFrame, framework: Framework | None = None, previous: Iterable[Framework] = ()) -> Rescore:
    """Score every assessment under `framework`; compare with the version each was assessed under.

    The old scores come from the framework files in `previous` (and the shipped framework, always
    known); for a version with no file, only the number of assessments made under it is reported.
    """
    from ..core.scoring import with_scores

    fw = framework or default_framework()
    table = with_scores(past, fw)
    table.attrs.update(past.attrs)
    versions = _recorded_versions(past, fw)
    shipped = framework_for(fw.id)  # the shipped framework of the same id, if any: always known
    known = {p.version: p for p in (shipped, *previous) if p is not None and p.id == fw.id and p.version != fw.version}
    old = _old_scores(past, versions, known)
    return Rescore(
        table=table,
        framework=fw.ref(),
        versions=_version_counts(versions, fw, known),
        changes=_verdict_changes(table, old, versions),
        score_changes=_score_changes(table, old, fw),
    )


def _recorded_versions(past: pd.DataFrame, fw: Framework) -> pd.Series:
    """The framework version each assessment names; a row that names none was made under the shipped one of the same id.

    (A flat-table row carries no version, and reading one gives the shipped framework's reference.)
    """
    import pandas as pd

    shipped = (framework_for(fw.id) or fw).version
    if "framework_version" in past:
        raw = past["framework_version"]
    elif "framework" in past:
        raw = past["framework"].map(_version_of)
    else:
        return pd.Series(shipped, index=past.index, dtype="str")
    return raw.astype(object).where(raw.notna(), shipped).astype("str")


def _version_of(ref: Any) -> Any:
    """`{"id": …, "version": "1.0"}` or `social-media-5q/1.0` → `1.0`."""
    if isinstance(ref, Mapping):
        return ref.get("version")
    return ref.rsplit("/", 1)[-1].rsplit("@", 1)[-1] if isinstance(ref, str) and ref else None


def _old_scores(past: pd.DataFrame, versions: pd.Series, known: Mapping[str, Framework]) -> pd.DataFrame | None:
    """Scores under the version each record names, for the records whose version is known."""
    import pandas as pd

    from ..core.scoring import score_table

    parts = [score_table(past.loc[versions == v], fw) for v, fw in known.items() if (versions == v).any()]
    return pd.concat(parts) if parts else None


def _version_counts(versions: pd.Series, fw: Framework, known: Mapping[str, Framework]) -> pd.DataFrame:
    import pandas as pd

    counts = versions.value_counts().sort_index()
    rescored = [v == fw.version or v in known for v in counts.index]
    return pd.DataFrame({"assessed_under": counts.index, "assessments": counts.to_numpy(), "rescored": rescored})


def _verdict_changes(table: pd.DataFrame, old: pd.DataFrame | None, versions: pd.Series) -> pd.DataFrame:
    """Old verdict → new verdict counts, per framework version assessed under."""
    import pandas as pd

    columns = ["assessed_under", "old_verdict", "new_verdict", "assessments"]
    if old is None:
        return pd.DataFrame(columns=columns)
    pairs = pd.DataFrame({
        "assessed_under": versions.loc[old.index],
        "old_verdict": old["verdict"].fillna(INCOMPLETE),
        "new_verdict": table.loc[old.index, "verdict"].fillna(INCOMPLETE),
    })  # fmt: skip
    return pairs.groupby(columns[:3]).size().rename("assessments").reset_index()


def _score_changes(table: pd.DataFrame, old: pd.DataFrame | None, fw: Framework) -> pd.DataFrame:
    """Mean score before and after per measure, over the re-scored records (the measures both versions have)."""
    import pandas as pd

    if old is None:
        return pd.DataFrame(columns=["measure", "mean_before", "mean_after", "mean_change"])
    measures = [c for c in measure_columns(fw) if c in old]
    before = old[measures].mean()
    after = table.loc[old.index, measures].mean()
    return pd.DataFrame({
        "measure": [c.removesuffix("_score") for c in measures],
        "mean_before": before.round(1).to_numpy(), "mean_after": after.round(1).to_numpy(),
        "mean_change": (after - before).round(1).to_numpy(),
    })  # fmt: skip


def verdict_distribution(scored: pd.DataFrame, framework: Framework | None = None, lang: str = "fr") -> pd.DataFrame:
    """How many assessments got each verdict (incomplete ones apart), and their share."""
    import pandas as pd

    fw = framework or default_framework()
    verdicts = scored["verdict"].astype(object).where(scored["verdict"].notna(), INCOMPLETE)
    codes = list(VERDICTS) + [INCOMPLETE]
    counts = verdicts.value_counts().reindex(codes, fill_value=0)
    labels = [pick(fw.verdict_labels[c], lang) if c in fw.verdict_labels else t("Incomplete", lang) for c in codes]
    return pd.DataFrame({"verdict": codes, "label": labels, "assessments": counts.to_numpy(), "share": _percent(counts, len(scored))})


def blocker_frequencies(scored: pd.DataFrame, framework: Framework | None = None, lang: str = "fr") -> pd.DataFrame:
    """How often each blocker occurs, most frequent first (share of all assessments)."""
    import pandas as pd

    fw = framework or default_framework()
    codes = list(fw.blocker_labels)
    found = scored["blockers"].fillna("").astype(str).str.get_dummies(sep="|").reindex(columns=codes, fill_value=0)
    counts = found.sum().astype(int)
    table = pd.DataFrame({
        "blocker": codes, "label": [pick(fw.blocker_labels[c], lang) for c in codes],
        "assessments": counts.to_numpy(), "share": _percent(counts, len(scored)),
    })  # fmt: skip
    return table.sort_values(["assessments", "blocker"], ascending=[False, True], ignore_index=True)


def scores_by_segment(done: pd.DataFrame, by: str, framework: Framework | None = None, lang: str = "fr", k: int = K_DEFAULT) -> pd.DataFrame:
    """Median scores and share ready per industry or size; segments under k merged into "other"."""
    import pandas as pd

    check_k(k)
    fw = framework or default_framework()
    keys, labels = _segments(done, by, fw, lang)
    keys = _merge_small(keys, k)
    rows = []
    for key in _segment_order(keys, by, fw):
        part = done.loc[keys == key]
        if len(part) < k:
            continue  # even merged, too few to show
        label = t("Other (grouped)", lang) if key == "" else labels[key]
        medians = {c.removesuffix("_score"): round(float(part[c].median()), 1) for c in measure_columns(fw)}
        rows.append({"segment": label, "assessments": len(part), **medians, "share_ready": _share(part["verdict"] == "ready")})
    return pd.DataFrame(rows, columns=["segment", "assessments", "overall", *fw.question_ids, "share_ready"])


def trend_by_year(done: pd.DataFrame, k: int = K_DEFAULT) -> pd.DataFrame:
    """Per year: assessments, median and quartiles of overall, verdict shares (years under k left out)."""
    import pandas as pd

    check_k(k)
    years = pd.to_datetime(done["assessed_on"], errors="coerce").dt.year
    rows = []
    for year, part in done.groupby(years):
        if len(part) < k:
            continue
        q1, med, q3 = np.percentile(part["overall"], [25, 50, 75])
        shares = {f"share_{v}": _share(part["verdict"] == v) for v in VERDICTS}
        rows.append({"year": int(year), "assessments": len(part), "overall": round(med, 1),
                     "overall_q1": round(q1, 1), "overall_q3": round(q3, 1), **shares})  # fmt: skip
    columns = ["year", "assessments", "overall", "overall_q1", "overall_q3"] + [f"share_{v}" for v in VERDICTS]
    return pd.DataFrame(rows, columns=columns)


def _segments(done: pd.DataFrame, by: str, fw: Framework, lang: str) -> tuple[pd.Series, dict[str, str]]:
    """Each row's segment key (normalised) and a display label per key."""
    raw = done[by].astype(object).where(done[by].notna(), None) if by in done else done.index.to_series().map(lambda _: None)
    keys = raw.map(lambda v: " ".join(v.casefold().split()) if isinstance(v, str) and v.strip() else "?")
    labels = {"?": t("Not given", lang)}
    for key, values in raw.groupby(keys):
        if key != "?":
            labels[key] = _segment_label(by, values.mode().iloc[0], fw, lang)
    return keys, labels


def _segment_label(by: str, value: str, fw: Framework, lang: str) -> str:
    if by == "size" and value in fw.size_labels:
        return pick(fw.size_labels[value], lang)
    return industry_label(value, lang)


def _merge_small(keys: pd.Series, k: int) -> pd.Series:
    """Segments with fewer than k rows become the "other" segment (key "")."""
    counts = keys.value_counts()
    small = set(counts.index[counts < k])
    return keys.map(lambda key: "" if key in small else key)


def _segment_order(keys: pd.Series, by: str, fw: Framework) -> list[str]:
    """Sizes in framework order; industries by number of assessments; "other" and unknown last."""
    present = keys.value_counts()
    if by == "size":
        ordered = [s for s in fw.sizes if s in present.index]
    else:
        ordered = [key for key in present.index if key not in ("", "?")]
    return ordered + [key for key in ("?", "") if key in present.index]


def _percent(counts: Any, total: int) -> Any:
    return np.round(100.0 * np.asarray(counts, dtype=float) / total, 1) if total else np.zeros(len(counts))


def _share(hits: pd.Series) -> float:
    return round(100.0 * float(hits.mean()), 1) if len(hits) else 0.0


def flip_changes(done: pd.DataFrame, framework: Framework | None = None, lang: str = "fr") -> pd.DataFrame:
    """How many assessments one single-answer change would move to another verdict, per change.

    The same candidate changes as `scoring.what_if`, tried on every complete assessment at once
    (one vectorised scoring per candidate answer), counted by (dimension, target answer).
    """
    import pandas as pd

    from ..core.scoring import score_table

    fw = framework or default_framework()
    inputs = list(answer_columns(fw))
    rows = done.loc[done["verdict"].isin(VERDICTS), inputs + ["verdict"]].reset_index(drop=True)
    found = []
    for dimension, target, label, column, values, eligible in _candidate_changes(fw, rows, lang):
        if not eligible.any():
            continue
        variant = rows.loc[eligible, inputs].copy()
        variant[column] = values[eligible]
        new = score_table(variant, fw)["verdict"].to_numpy(dtype=object)
        flipped = int(np.count_nonzero(new != rows.loc[eligible, "verdict"].to_numpy(dtype=object)))
        if flipped:
            found.append({"dimension": dimension, "target": target, "change": label, "assessments": flipped})
    table = pd.DataFrame(found, columns=["dimension", "target", "change", "assessments"])
    table["share"] = _percent(table["assessments"], int((rows["verdict"] != "ready").sum()))
    return table.sort_values(["assessments", "dimension", "target"], ascending=[False, True, True], ignore_index=True)


def _candidate_changes(fw: Framework, rows: pd.DataFrame, lang: str):
    """(dimension, target, label, column, new values, rows it applies to) for every candidate answer, question by question."""
    for question in fw.questions:
        if question.answered_by_choice:
            yield from _choice_changes(question, rows, lang)
        elif question.kind == "amount":
            yield from _budget_changes(question, rows, lang)
        else:
            yield from _website_changes(question, rows, lang)


def _choice_changes(question: Question, rows: pd.DataFrame, lang: str):
    """Each better choice."""
    column = question.columns["choice"]
    current = _points_of(rows[column], {c.code: c.points for c in question.choices})
    for c in question.choices:
        label = f"{pick(question.short, lang)} → {pick(c.label, lang)}"
        yield question.id, c.code, label, column, np.full(len(rows), c.code, dtype=object), current < c.points


def _budget_changes(question: Question, rows: pd.DataFrame, lang: str):
    """Raising the budget to each band start (and to the minimum where it blocks), as `what_if` does."""
    rule = question.budget
    column = question.columns["annual_amount"]
    amount = rows[column].to_numpy(dtype=float, na_value=np.nan)
    rate = rows[question.columns["currency"]].map(dict(rule.rates)).to_numpy(dtype=float, na_value=np.nan)
    sizes = rows["size"].astype(object).where(rows["size"].notna(), None).to_numpy(dtype=object)
    targets_of = {s: _budget_targets(rule, s) for s in set(sizes)}
    for target in sorted(set().union(*targets_of.values())) if targets_of else ():
        applies = np.array([target in targets_of[s] for s in sizes], dtype=bool)
        new_amount = np.ceil(target / rate)
        label = f"{pick(question.short, lang)} → {format_money(target, rule.currency, lang)}"
        yield question.id, f"{target:g}", label, column, new_amount, applies & (new_amount > amount)


def _budget_targets(rule: Any, size: str | None) -> set[float]:
    targets = {b.start for b in rule.bands_for(size)}
    return targets | ({rule.minimum} if size not in rule.exempt_sizes and rule.blocker else set())


def _website_changes(question: Question, rows: pd.DataFrame, lang: str):
    """Lowering the bounce rate into each better band, or a better return on the website."""
    rule = question.website
    name = pick(question.short, lang)
    rate_column, roi_column = question.columns["bounce_rate"], question.columns["roi"]
    rate = rows[rate_column].to_numpy(dtype=float, na_value=np.nan)
    bands = rule.bounce_bands
    for i, band in enumerate(bands):
        target = max(band.start, bands[i + 1].start - 1 if i + 1 < len(bands) else band.start)
        label = f"{name} → {t('Bounce rate', lang).lower()} {format_percent(target, lang)}"
        yield question.id, f"bounce_rate={target:g}", label, rate_column, np.full(len(rows), float(target)), target < rate
    current = _points_of(rows[roi_column], {c.code: c.points for c in rule.roi})
    for c in rule.roi:
        label = f"{name} → {pick(c.label, lang)}"
        yield question.id, f"roi={c.code}", label, roi_column, np.full(len(rows), c.code, dtype=object), current < c.points


def _points_of(codes: pd.Series, points: Mapping[str, float]) -> np.ndarray:
    return codes.map(dict(points)).to_numpy(dtype=float, na_value=np.nan)


def _localised(table: pd.DataFrame, lang: str, fw: Framework) -> pd.DataFrame:
    """The table with its headers in French or English (question ids become their short names)."""
    names = {c: t(header, lang) for c, header in HEADERS.items()}
    names.update({q.id: pick(q.short, lang) for q in fw.questions})
    return table.rename(columns=names)
