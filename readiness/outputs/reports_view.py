"""What a client's report says, as words in the client's language: built from one ClientOutcome, rendered by the template.

`report_view(outcome)` turns the outcome (score, verdict, blockers, what-ifs, the benchmark) into
texts and rows ready to print: labels from the framework and the catalogue, never a code, numbers
and dates as the language writes them, one row per question of the framework (whatever their
number). It computes nothing of its own: no score, percentile or what-if. The peers appear as
their group's aggregates only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..text import t, tn
from ..text.formats import format_date, format_number, format_percent, industry_label, pick

if TYPE_CHECKING:
    from ..core.outcome import ClientOutcome

LANGUAGE_TAGS = {"fr": "fr-CA", "en": "en-CA"}


@dataclass(frozen=True)
class Score:
    """A score as a row shows it: the label, the number as text and its value (for a bar)."""

    label: str
    text: str
    value: float | None


@dataclass(frozen=True)
class Step:
    """A single-answer change: what to change, the new score and verdict, the gain."""

    change: str
    score: str
    verdict: str
    gain: str


@dataclass(frozen=True)
class Comparison:
    """The client against its peer group: aggregates only, never another client."""

    group: str
    shown: bool
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    verdicts: str = ""


@dataclass(frozen=True)
class ReportView:
    """Every text of one client's report, in the client's language."""

    lang: str
    language_tag: str
    words: Mapping[str, str]
    client: str
    facts: tuple[tuple[str, str], ...]
    framework: str
    verdict: str  # the verdict's code, for the page's colours only (never shown as text)
    verdict_label: str
    overall: Score
    reasons: tuple[str, ...]
    dimensions: tuple[Score, ...]
    blockers: tuple[str, ...]
    risks: tuple[str, ...]
    recommendations: tuple[tuple[str, str], ...]
    flips: tuple[Step, ...]
    path: tuple[tuple[str, str], ...]  # the path to ready: (change, gain) each
    path_result: str
    raises: tuple[Step, ...]
    plan: tuple[tuple[str, str, str, str, str], ...]  # (dimension, action, owner, due, status) each
    progress: tuple[tuple[str, str, str, str], ...]  # (date, score, verdict, change) per visit, oldest first; () for a first one
    progress_chart: str  # the progress chart as a data: URL ("" without progress)
    open_items: tuple[str, ...]
    comparison: Comparison | None
    answers: tuple[tuple[str, str, str], ...]
    notes: tuple[str, ...]


def report_view(outcome: ClientOutcome) -> ReportView:
    """The report's texts for one client's outcome."""
    m, lang = outcome, outcome.lang
    res, fw = m.result, m.framework
    return ReportView(
        lang=lang,
        language_tag=LANGUAGE_TAGS.get(lang, lang),
        words=_words(lang, provisional=res.verdict is None),
        client=m.assessment.client.name,
        facts=_facts(m),
        framework=t("{title} (version {version})", lang, title=pick(fw.title, lang), version=fw.version),
        verdict=res.verdict or "provisional",
        verdict_label=pick(fw.verdict_labels[res.verdict], lang) if res.verdict else t("Provisional result", lang),
        overall=Score(t("Overall score", lang) if res.complete else t("Provisional score", lang), _number(res.overall, lang), res.overall),
        reasons=_reasons(m),
        dimensions=tuple(Score(_short(m, q.id), _number(res.dimensions.get(q.id), lang), res.dimensions.get(q.id)) for q in fw.questions),
        blockers=tuple(_label(fw.blocker_labels, c, lang) for c in res.blockers),
        risks=tuple(_label(fw.risk_labels, c, lang) for c in res.risks),
        recommendations=tuple((_short(m, r.dimension), r.text) for r in res.recommendations),
        flips=tuple(_step(m, c) for c in m.verdict_changes),
        path=tuple((s.description, f"+{format_number(s.gain, lang)}") for s in m.path.changes) if m.path else (),
        path_result=_path_result(m),
        raises=tuple(_step(m, c) for c in m.score_raises),
        plan=_plan(m),
        progress=_progress(m),
        progress_chart=_progress_chart(m),
        open_items=tuple(i.action + (f" ({i.owner})" if i.owner else "") for i in _open_items(m)),
        comparison=_comparison(m) if m.benchmark is not None else None,
        answers=_answers(m),
        notes=_notes(m),
    )


def _words(lang: str, provisional: bool = False) -> dict[str, str]:
    """The headings and column names of the page (a provisional result claims nothing of the questions not answered)."""
    return _page_words(lang) | (_provisional_words(lang) if provisional else {})


def _provisional_words(lang: str) -> dict[str, str]:
    return {
        "no_blocker": t("No blocker among the questions answered so far.", lang),
        "no_risk": t("No risk among the questions answered so far.", lang),
        "no_recommendation": t("Nothing to recommend on the questions answered so far.", lang),
    }


def _page_words(lang: str) -> dict[str, str]:
    return {
        "title": t("Social media readiness report", lang),
        "verdict": t("Verdict", lang),
        "dimensions": t("Dimensions", lang),
        "blockers": t("Blockers", lang),
        "risks": t("Risks", lang),
        "no_blocker": t("No blocker: nothing stands in the way of a launch.", lang),
        "no_risk": t("No risk found.", lang),
        "recommendations": t("Recommendations", lang),
        "no_recommendation": t("Every answer is at its best: nothing to recommend.", lang),
        "flips": t("What would change the verdict", lang),
        "no_flip": t("No single-answer change would change the verdict.", lang),
        "no_verdict": t("No verdict yet: every question must be answered first.", lang),
        "raises": t("What would raise the score", lang),
        "path": t("Path to ready", lang),
        "action_plan": t("Action plan", lang),
        "action": t("Action", lang),
        "owner": t("Owner", lang),
        "due": t("Due", lang),
        "status": t("Status", lang),
        "progress": t("Progress over the visits", lang),
        "progress_chart": t("Overall score at each assessment, on the verdict bands", lang),
        "date": t("Date", lang),
        "open_actions": t("Open actions", lang),
        "comparison": t("Compared with past clients", lang),
        "answers": t("Appendix: the client's answers", lang),
        "question": t("Question", lang),
        "answer": t("Answer", lang),
        "score": t("Score", lang),
        "change": t("Change", lang),
        "gain": t("Gain", lang),
        "new_score": t("New score", lang),
        "dimension": t("Dimension", lang),
        "out_of": t("out of 100", lang),
    }


def _facts(m: ClientOutcome) -> tuple[tuple[str, str], ...]:
    a, fw, lang = m.assessment, m.framework, m.lang
    facts = [(t("Assessed on", lang), format_date(a.assessed_on, lang))]
    if a.client.industry:
        facts.append((t("Industry", lang), industry_label(a.client.industry, lang)))
    if a.client.size in fw.size_labels:
        facts.append((t("Size", lang), pick(fw.size_labels[a.client.size], lang)))
    if a.consultant:
        facts.append((t("Consultant", lang), a.consultant))
    return tuple(facts)


def _reasons(m: ClientOutcome) -> tuple[str, ...]:
    """Why the verdict: the rule, what is missing, how many blockers, the rank among peers (once every question is answered)."""
    from .standing import standing_text

    res, fw, lang = m.result, m.framework, m.lang
    reasons = [t("Ready from {ready} out of 100, ready with conditions from {conditional}, and no blocker at all.", lang,
                 ready=format_number(fw.ready_at, lang), conditional=format_number(fw.conditional_at, lang))]  # fmt: skip
    if res.missing:
        names = ", ".join(_short(m, q) for q in res.missing)
        reasons.append(tn("Provisional: {n} question unanswered ({questions}); the verdict waits for it.",
                          "Provisional: {n} questions unanswered ({questions}); the verdict waits for them.",
                          len(res.missing), lang, questions=names))  # fmt: skip
    if res.blockers:
        reasons.append(t("Blockers: {n}", lang, n=len(res.blockers)))
    b = m.benchmark
    if b is not None and b.shown and b.percentile.get("overall") is not None and res.complete:
        reasons.append(standing_text(b.percentile["overall"], lang))
    return tuple(reasons)


def _step(m: ClientOutcome, change: Any) -> Step:
    fw, lang = m.framework, m.lang
    verdict = pick(fw.verdict_labels[change.verdict], lang) if change.verdict else t("Provisional", lang)
    return Step(change.description, format_number(change.overall, lang), verdict, f"+{format_number(change.gain, lang)}")


def _path_result(m: ClientOutcome) -> str:
    """Where the path to ready leads: `→ Ready, 76 / 100`."""
    if m.path is None or not m.path.changes:
        return ""
    return f"→ {pick(m.framework.verdict_labels[m.path.verdict], m.lang)}, {format_number(m.path.overall, m.lang)} / 100"


def _plan(m: ClientOutcome) -> tuple[tuple[str, str, str, str, str], ...]:
    """The action plan's rows, in words."""
    lang = m.lang
    return tuple(
        (_short(m, i.question) if i.question else "–", i.action, i.owner or "–", format_date(i.due, lang) if i.due else "–", t(i.status, lang))
        for i in m.assessment.plan
    )


def _progress(m: ClientOutcome) -> tuple[tuple[str, str, str, str], ...]:
    """One row per visit: date, overall score, verdict, change since the one before."""
    if m.progress is None:
        return ()
    lang, fw = m.lang, m.framework
    rows = []
    for v in m.progress.visits:
        change = v.delta.get("overall") if v.delta else None
        signed = "–" if change is None else ("+" if change > 0 else "") + format_number(change, lang)
        verdict = pick(fw.verdict_labels[v.verdict], lang) if v.verdict else t("Provisional", lang)
        rows.append((format_date(v.assessed_on, lang), _number(v.overall, lang), verdict, signed))
    return tuple(rows)


def _progress_chart(m: ClientOutcome) -> str:
    """The progress chart as a PNG data: URL (the page stays one self-contained file)."""
    if m.progress is None:
        return ""
    import base64

    from .charts import figure_png
    from .charts_progress import plot_progress

    png = figure_png(plot_progress(m.progress, m.framework, m.lang), dpi=90)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _open_items(m: ClientOutcome) -> tuple[Any, ...]:
    """The actions still open: the assessment's own plan's, else those of the client's latest plan."""
    from ..core.action_plan import open_items

    if m.assessment.plan:
        return open_items(m.assessment.plan)
    return m.progress.open_items if m.progress is not None else ()


def _comparison(m: ClientOutcome) -> Comparison:
    from .charts import group_label
    from .standing import percentile_text

    b, res, lang = m.benchmark, m.result, m.lang
    if not b.shown:
        return Comparison(group_label(b, lang) + " " + t("(groups of at least {k} past clients)", lang, k=b.k), False)
    client = {"overall": res.overall, **res.dimensions}
    final = res.complete  # (a provisional overall score is not ranked among final ones)
    names = {"overall": t("Overall score", lang) if final else t("Provisional score", lang), **{q.id: _short(m, q.id) for q in m.framework.questions}}
    header = (t("Dimension", lang), t("Client", lang), t("Percentile rank", lang), t("Peer median", lang), t("Peers: 25th–75th percentile", lang))
    rows = tuple(
        (name, _number(client.get(key), lang),
         percentile_text(b.percentile[key], lang) if b.percentile.get(key) is not None and (final or key != "overall") else "–",
         _number(b.median.get(key), lang), f"{_number(b.q1.get(key), lang)} – {_number(b.q3.get(key), lang)}")
        for key, name in names.items() if key in b.median
    )  # fmt: skip
    shares = ", ".join(f"{pick(m.framework.verdict_labels[v], lang)} {format_percent(100 * s, lang, 0)}" for v, s in b.verdict_shares.items())
    return Comparison(group_label(b, lang), True, header, rows, t("{label}: {value}", lang, label=t("Peers' verdicts", lang), value=shares))


def _answers(m: ClientOutcome) -> tuple[tuple[str, str, str], ...]:
    from .deck_slides import answer_text

    return tuple((_short(m, q.id), answer_text(m, q.id), _number(m.result.dimensions.get(q.id), m.lang)) for q in m.framework.questions)


def _notes(m: ClientOutcome) -> tuple[str, ...]:
    lang, b = m.lang, m.benchmark
    notes = []
    if b is not None and b.sample:
        notes.append(t("The comparison rests on sample data shipped with the tool (fictitious clients).", lang))
    if b is not None:
        notes.append(t("Past clients are shown only as groups of at least {k}; no other client is named.", lang, k=b.k))
    return tuple(notes)


def _short(m: ClientOutcome, qid: str) -> str:
    return pick(m.framework.question(qid).short, m.lang)


def _label(labels: Mapping[str, Mapping[str, str]], code: str, lang: str) -> str:
    """A blocker's or risk's label (a framework lacking one shows the code in words, not as a code)."""
    return pick(labels[code], lang) if code in labels else code.replace("_", " ").capitalize()


def _number(value: float | None, lang: str) -> str:
    return "–" if value is None else format_number(value, lang)
