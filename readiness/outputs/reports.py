"""One client's report in a notebook: the sections of the report page, piece by piece, and its charts.

`client_report` builds one client's outcome (readiness.core.outcome) and wraps it in a
ClientReport, which shows it as `notebooks/02_client_report.ipynb` does: each piece is the same
section of the same template as the report page that `readiness report` writes (reports_page),
so the notebook and the page a client receives say the same thing. The notebook only calls it.
A report shows its own client and aggregated peers only: never another client's name or answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.benchmark import K_DEFAULT, Benchmark, check_k
from ..core.framework import Framework, default_framework, framework_for
from ..core.outcome import ClientOutcome, client_outcome
from .reports_page import section_html

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..core.assessment import Assessment
    from ..core.scoring import Change, Result
    from .branding import Branding


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
        """Client, date, score, verdict and why, as HTML."""
        return _html(section_html(self.outcome, "header"))

    def details(self) -> Any:
        """Dimension scores, blockers, risks and recommendations as HTML."""
        return _html(section_html(self.outcome, "details"))

    def what_if(self) -> Any:
        """What would change the verdict, the path to ready, and what would raise the score, as HTML."""
        return _html(section_html(self.outcome, "what_if"))

    def action_plan(self) -> Any:
        """The action plan agreed with the client (who does what, by when), as HTML."""
        return _html(section_html(self.outcome, "action_plan"))

    def progress(self) -> Any:
        """For a follow-up: the score at each visit (chart and table) and the actions still open, as HTML."""
        return _html(section_html(self.outcome, "progress"))

    def progress_chart(self) -> Figure | None:
        """The score at each visit over the verdict bands (None for a first assessment)."""
        from .charts_progress import plot_progress

        if self.outcome.progress is None:
            return None
        return plot_progress(self.outcome.progress, self.framework, self.lang)

    def comparison(self) -> Any:
        """The peer group, percentiles, peer medians and IQR, and the peers' verdicts, as HTML."""
        return _html(section_html(self.outcome, "comparison"))

    def answers(self) -> Any:
        """The client's answers, in words, with their scores, as HTML."""
        return _html(section_html(self.outcome, "answers"))

    def page(self, branding: Branding | None = None) -> str:
        """The whole report as the self-contained HTML page `readiness report` writes (the agency's branding by default)."""
        from .branding import load_branding
        from .reports_page import report_html

        return report_html(self.outcome, branding if branding is not None else load_branding())

    def radar(self) -> Figure:
        """Radar of the client against the peer median and interquartile band."""
        from .charts import plot_radar

        return plot_radar(self.result.dimensions, self.benchmark, framework=self.framework, lang=self.lang)

    def distribution(self) -> Figure:
        """The client's overall score among the peers' overall scores."""
        from .charts import plot_distribution

        return plot_distribution(self.result.overall, self.benchmark, framework=self.framework, lang=self.lang, provisional=not self.result.complete)

    def dimension_bars(self) -> Figure:
        """The client's dimension scores against the peers' band."""
        from .charts import plot_dimension_bars

        return plot_dimension_bars(self.result.dimensions, self.benchmark, framework=self.framework, lang=self.lang)

    def _repr_html_(self) -> str:
        return section_html(self.outcome, "header")


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
