"""Per-client reports: one parameterised notebook, executed with papermill for each client.

`client_report` builds one client's outcome (readiness.core.outcome) and wraps it in a
ClientReport, which renders it as the report notebook shows it (HTML pieces and charts); the
notebook only calls it.
`run_reports` executes `notebooks/02_client_report.ipynb` once per assessment into an output
folder, converts each to HTML without the code cells, and carries on after a failure.
A report shows its own client and aggregated peers only: never another client's name or answers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.benchmark import K_DEFAULT, Benchmark, check_k
from ..core.framework import Framework, default_framework, framework_for
from ..core.outcome import ClientOutcome, client_outcome
from ..text import t
from ..text.formats import format_date, format_number, format_percent, industry_label, pick

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..core.assessment import Assessment
    from ..core.scoring import Change, Result


@dataclass(frozen=True)
class ClientReport:
    """One client's outcome as the report notebook shows it: HTML pieces and charts (aggregated peers only)."""

    outcome: ClientOutcome

    @property
    def assessment(self) -> Assessment:
        """The client's assessment."""
        return self.outcome.assessment

    @property
    def result(self) -> Result:
        """The client's score and verdict."""
        return self.outcome.result

    @property
    def changes(self) -> tuple[Change, ...]:
        """The single-answer changes that would help."""
        return self.outcome.changes

    @property
    def benchmark(self) -> Benchmark:
        """The client against its peers."""
        return self.outcome.benchmark

    @property
    def framework(self) -> Framework:
        """The framework the client is scored under."""
        return self.outcome.framework

    @property
    def lang(self) -> str:
        """The report's language."""
        return self.outcome.lang

    def header(self) -> Any:
        """Client, date, score and verdict as HTML."""
        return _html(_header_html(self))

    def details(self) -> Any:
        """Dimension scores, blockers, risks and recommendations as HTML."""
        return _html(_details_html(self))

    def what_if(self) -> Any:
        """What would change the verdict, the path to ready and what would raise the score, as HTML."""
        return _html(_what_if_html(self))

    def action_plan(self) -> Any:
        """The action plan agreed with the client (who does what, by when), as HTML."""
        from .report_plan import action_plan_html

        return _html(action_plan_html(self.outcome))

    def progress(self) -> Any:
        """For a follow-up: the client's visits, what changed since last time and the actions still open, as HTML."""
        from .report_plan import progress_html

        return _html(progress_html(self.outcome))

    def progress_chart(self) -> Figure | None:
        """The score at each visit over the verdict bands (None for a first assessment)."""
        from .charts_progress import plot_progress

        if self.outcome.progress is None:
            return None
        return plot_progress(self.outcome.progress, self.framework, self.lang)

    def comparison(self) -> Any:
        """The peer group, percentiles, peer medians and IQR, and the peers' verdicts, as HTML."""
        return _html(_comparison_html(self))

    def radar(self) -> Figure:
        """Radar of the client against the peer median and interquartile band."""
        from .charts import plot_radar

        return plot_radar(self.result.dimensions, self.benchmark, framework=self.framework, lang=self.lang)

    def distribution(self) -> Figure:
        """The client's overall score among the peers' overall scores."""
        from .charts import plot_distribution

        return plot_distribution(self.result.overall, self.benchmark, framework=self.framework, lang=self.lang)

    def dimension_bars(self) -> Figure:
        """The client's dimension scores against the peers' band."""
        from .charts import plot_dimension_bars

        return plot_dimension_bars(self.result.dimensions, self.benchmark, framework=self.framework, lang=self.lang)

    def _repr_html_(self) -> str:
        return _header_html(self)


def client_report(
    assessment_id: str | None = None,
    store: str | None = None,
    language: str | None = None,
    *,
    k: int = K_DEFAULT,
    framework: Framework | str | None = None,
    past: Any = None,
) -> ClientReport:
    """Everything one client's report shows (no id: the first complete client of the shipped sample).

    `framework`: a Framework, a shipped framework's id or a file; None: the framework the assessment names.
    """
    from ..sheets.framework_book import open_framework
    from ..store.past import load_past

    check_k(k)
    framework = open_framework(framework) if framework is not None else None
    assessment = _sample_client(framework or default_framework()) if assessment_id is None else _stored(assessment_id, store, framework)
    fw = framework_for(assessment.framework.get("id"), framework) or default_framework()  # the client's own framework
    past = load_past(store, k, fw) if past is None else past
    earlier = _earlier(assessment, store, framework) if assessment_id is not None else []
    return ClientReport(client_outcome(assessment, past, fw, language, k, earlier))


def as_image(fig: Figure) -> Any:
    """A figure as a static PNG output for a notebook (kept in the executed notebook and its HTML)."""
    from IPython.display import Image

    from .charts import figure_png

    return Image(data=figure_png(fig, dpi=110), format="png")


def _stored(assessment_id: str, store: str | None, fw: Framework | None) -> Assessment:
    from ..store import open_store

    return open_store(store, fw).get(assessment_id)


def _earlier(assessment: Assessment, store: str | None, fw: Framework | None) -> list[Assessment]:
    """The client's other assessments in the store (its progress, for a follow-up)."""
    from ..store import open_store
    from ..store.history import client_assessments

    return client_assessments(open_store(store, fw), assessment.client.name)


def _sample_client(fw: Framework) -> Assessment:
    """A fictitious client of the shipped sample, so the notebook runs with no store at all."""
    from ..core.rows import from_row
    from ..store.sample import load_sample

    sample = load_sample(framework=fw)
    if not len(sample):  # (a framework of the agency's own: no shipped sample)
        fw = default_framework()
        sample = load_sample(framework=fw)
    row = sample.loc[sample["verdict"] == "conditional"].iloc[0]
    return from_row(row.to_dict(), fw)


def _html(markup: str) -> Any:
    from IPython.display import HTML

    return HTML(markup)


def _header_html(r: ClientReport) -> str:
    a, res, fw, lang = r.assessment, r.result, r.framework, r.lang
    verdict = pick(fw.verdict_labels[res.verdict], lang) if res.verdict else t("Provisional", lang)
    overall = "–" if res.overall is None else format_number(res.overall, lang)
    facts = [(t("Assessed on", lang), format_date(a.assessed_on, lang))]
    facts += [(t("Industry", lang), industry_label(a.client.industry, lang))] if a.client.industry else []
    facts += [(t("Size", lang), pick(fw.size_labels[a.client.size], lang))] if a.client.size in fw.size_labels else []
    facts += [(t("Consultant", lang), a.consultant)] if a.consultant else []
    rows = "".join(f"<tr><th style='text-align:left'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts)
    score = t("{label}: {value}", lang, label=t("Overall score", lang), value=f"{overall} / 100")
    return (
        f"<h1>{_e(t('Social media readiness report', lang))}</h1><h2>{_e(a.client.name)}</h2><table>{rows}</table>"
        f"<p style='font-size:1.4em'><strong>{_e(score)}</strong> — {_e(verdict)}</p>"
    )


def _details_html(r: ClientReport) -> str:
    res, fw, lang = r.result, r.framework, r.lang
    dims = "".join(
        f"<tr><td>{_e(pick(fw.question(q).short, lang))}</td><td style='text-align:right'>{_score(res.dimensions[q], lang)}</td></tr>"
        for q in fw.question_ids
    )
    parts = [f"<h3>{_e(t('Dimensions', lang))}</h3><table>{dims}</table>"]
    for key, codes, labels in (("blockers", res.blockers, fw.blocker_labels), ("risks", res.risks, fw.risk_labels)):
        items = "".join(f"<li>{_e(pick(labels[c], lang))}</li>" for c in codes) or f"<li>{_e(t('none', lang))}</li>"
        parts.append(f"<h3>{_e(t(key, lang))}</h3><ul>{items}</ul>")
    if res.recommendations:
        items = "".join(f"<li>{_e(rec.text)}</li>" for rec in res.recommendations)
        parts.append(f"<h3>{_e(t('Recommendations', lang))}</h3><ul>{items}</ul>")
    return "".join(parts)


def _what_if_html(r: ClientReport) -> str:
    from .report_plan import what_next_html

    return what_next_html(r.outcome)


def _comparison_html(r: ClientReport) -> str:
    from .charts import group_label, percentile_text

    b, lang, fw = r.benchmark, r.lang, r.framework
    head = f"<h3>{_e(t('Compared with past clients', lang))}</h3><p>{_e(group_label(b, lang))}</p>"
    note = f"<p><em>{_e(t('The comparison rests on sample data shipped with the tool (fictitious clients).', lang))}</em></p>" if b.sample else ""
    if not b.shown:
        return head + note
    client = {"overall": r.result.overall, **r.result.dimensions}
    names = {"overall": t("Overall score", lang), **{q.id: pick(q.short, lang) for q in fw.questions}}
    cols = [t("Dimension", lang), t("Client", lang), t("Percentile rank", lang), t("Peer median", lang), t("Peers: 25th–75th percentile", lang)]
    header = "".join(f"<th>{_e(c)}</th>" for c in cols)
    body = "".join(
        f"<tr><td>{_e(names[m])}</td><td>{_score(client[m], lang)}</td>"
        f"<td>{_e(percentile_text(b.percentile[m], lang)) if b.percentile.get(m) is not None else '–'}</td>"
        f"<td>{_score(b.median[m], lang)}</td><td>{_score(b.q1[m], lang)} – {_score(b.q3[m], lang)}</td></tr>"
        for m in names
    )
    shares = ", ".join(f"{pick(fw.verdict_labels[v], lang)} {format_percent(100 * s, lang, 0)}" for v, s in b.verdict_shares.items())
    verdicts = t("{label}: {value}", lang, label=t("Peers' verdicts", lang), value=shares)
    return head + note + f"<table><tr>{header}</tr>{body}</table><p>{_e(verdicts)}</p>"


def _score(value: float | None, lang: str) -> str:
    return "–" if value is None else _e(format_number(value, lang))


def _e(value: Any) -> str:
    return html.escape(str(value))
