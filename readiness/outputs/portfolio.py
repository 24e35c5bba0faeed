"""Batch analysis of past assessments: load them, re-score them, summarise them, write the results.

Everything works on the scored flat table (one row per assessment). The outputs are the agency's
own aggregated view of its clients: counts, shares and medians, never a client's name or a single
client's answers; any segment (industry, size, year) with fewer than k assessments is merged into
"other" or left out.

    past = load_past(store, framework=fw, every_framework=True)   # every assessment, read under one framework
    portfolio = analyse_portfolio(past, fw, lang="fr")             # re-scored; says what it could not score
    write_portfolio(portfolio, "reports/portfolio")  # PNG charts, CSV tables, one XLSX workbook
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..core.benchmark import K_DEFAULT, VERDICTS, check_k
from ..core.errors import ReadinessError
from ..core.framework import Framework, default_framework
from ..sheets.formulas import neutralised_table, text_not_formulas
from ..sheets.framework_book import open_framework
from ..store.writer import write_together

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure
from ..text import N_, t
from .portfolio_tables import (
    Rescore,
    _localised,
    _segments,
    blocker_frequencies,
    flip_changes,
    grouped_line,
    rescore,
    scores_by_segment,
    trend_by_year,
    verdict_distribution,
)
from .portfolio_transitions import flip_precursors, transitions

FRAMEWORK_SUFFIXES = (".toml", ".yaml", ".yml", ".json", ".xlsx")


def previous_frameworks(paths: Iterable[str | os.PathLike]) -> tuple[Framework, ...]:
    """Framework files (or folders of them) that past assessments may have been made under."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in FRAMEWORK_SUFFIXES)
        elif path.exists():
            files.append(path)
        else:
            raise ReadinessError(f"--previous-framework: no such file or folder: {path}")
    return tuple(open_framework(p) for p in files)


CODES = ("verdict", "blocker", "dimension", "target")  # machine codes: in the written tables, not on screen (their labels are)
SECTIONS = {  # the notebook's sections: heading and a line about it
    "verdicts": (N_("Verdicts and blockers"), None),
    "segments": (N_("Scores by industry and by size"), None),
    "trend": (N_("Readiness by year"), None),
    "flips": (N_("The one change that would flip the verdict"), None),
    "over_time": (N_("Clients over time"), N_("Clients assessed more than once: how many were not ready at first and where they stand now, the median time to ready, and which dimensions rose before a verdict went up (left out under k clients).")),
    "versions": (N_("Framework versions"), N_("Which framework version each assessment was made under, and (when the older version is known) what re-scoring changed.")),
}


@dataclass(frozen=True, repr=False)
class Heading:
    """A section heading shown as Markdown in a notebook (its text elsewhere)."""

    text: str
    about: str = ""

    def _repr_markdown_(self) -> str:
        return f"## {self.text}" + (f"\n\n{self.about}" if self.about else "")

    def __repr__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Portfolio:
    """The aggregated view of every past assessment (no names, no single client's answers)."""

    framework: Framework = field(repr=False)
    lang: str
    k: int
    sample: bool
    assessments: int
    complete: int
    years: tuple[int, int] | None
    verdicts: pd.DataFrame = field(repr=False)
    blockers: pd.DataFrame = field(repr=False)
    by_industry: pd.DataFrame = field(repr=False)
    by_size: pd.DataFrame = field(repr=False)
    by_year: pd.DataFrame = field(repr=False)
    flips: pd.DataFrame = field(repr=False)
    transitions: pd.DataFrame = field(repr=False)
    precursors: pd.DataFrame = field(repr=False)
    rescore: Rescore = field(repr=False)
    sources: tuple[str, ...] = ()

    def tables(self, headers: bool = True) -> dict[str, pd.DataFrame]:
        """The summary tables by file name, with headers in the portfolio's language."""
        tables = {
            "verdicts": self.verdicts, "blockers": self.blockers, "scores_by_industry": self.by_industry,
            "scores_by_size": self.by_size, "trend_by_year": self.by_year, "flip_changes": self.flips,
            "transitions": self.transitions, "flip_precursors": self.precursors, "framework_versions": self.rescore.versions,
        }  # fmt: skip
        if len(self.rescore.changes):
            tables["framework_changes"] = self.rescore.changes
            tables["framework_score_changes"] = self.rescore.score_changes
        return {name: _localised(table, self.lang, self.framework) if headers else table for name, table in tables.items()}

    def table(self, name: str) -> pd.DataFrame:
        """One summary table as a consultant reads it: codes left out, yes/no in words, headers in the portfolio's language, no row numbers."""
        import pandas as pd

        table = self.tables(headers=False)[name]
        table = table.drop(columns=[c for c in CODES if c in table.columns])
        for column in [c for c in table.columns if pd.api.types.is_bool_dtype(table[c])]:
            table[column] = table[column].map({True: t("yes", self.lang), False: t("no", self.lang)})
        shown = _localised(table, self.lang, self.framework)
        return shown.set_index(shown.columns[0])

    def heading(self, section: str) -> Heading:
        """A section's heading in the portfolio's language (a Markdown heading in a notebook)."""
        title, about = SECTIONS[section]
        return Heading(t(title, self.lang), t(about, self.lang) if about else "")

    def charts(self) -> dict[str, Figure]:
        """The portfolio charts by file name (matplotlib Figures)."""
        from . import charts

        fw, lang, sample = self.framework, self.lang, self.sample
        return {
            "verdicts": charts.plot_verdicts(self.verdicts, framework=fw, lang=lang, sample=sample),
            "blockers": charts.plot_blocker_frequencies(self.blockers, lang=lang, sample=sample),
            "scores_by_industry": charts.plot_segment_scores(self.by_industry, framework=fw, lang=lang, sample=sample, by="industry"),
            "scores_by_size": charts.plot_segment_scores(self.by_size, framework=fw, lang=lang, sample=sample, by="size"),
            "trend_by_year": charts.plot_trend(self.by_year, lang=lang, sample=sample),
            "flip_changes": charts.plot_flip_changes(self.flips, lang=lang, sample=sample),
        }

    def summary(self) -> str:
        """One paragraph: how many assessments, which years, under which framework, sample or not."""
        years = f"{self.years[0]}–{self.years[1]}" if self.years else "–"
        fw = f"{self.framework.id} {self.framework.version}"
        text = t("{n} assessments ({complete} complete), {years}, scored under {framework}.", self.lang,
                 n=self.assessments, complete=self.complete, years=years, framework=fw)  # fmt: skip
        return text + (f" ({t('sample data', self.lang)})" if self.sample else "")

    def about(self) -> str:
        """The summary, then which assessments were used and why any were left out (one per line)."""
        return "\n".join([self.summary(), *self.sources])

    def _repr_html_(self) -> str:
        import html

        notes = "".join(f"<li>{html.escape(line)}</li>" for line in self.sources)
        return f"<p><strong>{html.escape(self.summary())}</strong></p><ul>{notes}</ul>"


def analyse_portfolio(
    past: pd.DataFrame,
    framework: Framework | None = None,
    *,
    lang: str = "fr",
    k: int = K_DEFAULT,
    previous: Iterable[Framework] = (),
    progress: bool = False,
) -> Portfolio:
    """Re-score every assessment and build the aggregated tables."""
    from tqdm.auto import tqdm

    check_k(k)
    fw = framework or default_framework()
    steps = tqdm(total=9, desc="portfolio", disable=not progress, leave=False)
    redone = rescore(past, fw, previous)
    table = redone.table
    done = table.loc[table["verdict"].isin(VERDICTS)]
    parts = {}
    for name, make in (
        ("verdicts", lambda: verdict_distribution(table, fw, lang)),
        ("blockers", lambda: blocker_frequencies(table, fw, lang)),
        ("by_industry", lambda: scores_by_segment(done, "industry", fw, lang, k)),
        ("by_size", lambda: scores_by_segment(done, "size", fw, lang, k)),
        ("by_year", lambda: trend_by_year(done, k)),
        ("flips", lambda: flip_changes(done, fw, lang)),
        ("transitions", lambda: transitions(done, lang, k)),
        ("precursors", lambda: flip_precursors(done, fw, lang, k)),
    ):
        steps.update()
        parts[name] = make()
    steps.update()
    steps.close()
    return Portfolio(
        framework=fw, lang=lang, k=k, sample=bool(past.attrs.get("sample", False)),
        assessments=len(table), complete=len(done), years=_years(table), rescore=redone,
        sources=_sources(past, table, done, fw, lang, k), **parts,
    )  # fmt: skip


def _sources(past: pd.DataFrame, table: pd.DataFrame, done: pd.DataFrame, fw: Framework, lang: str, k: int) -> tuple[str, ...]:
    """Which assessments the portfolio used, and every reason one was set aside (or counted apart)."""
    from ..core.provenance import Sources, sample_rows

    given = past.attrs.get("sources")
    if given:
        lines = Sources(**given).lines(lang)
    else:  # a table handed over directly (not through load_past)
        synthetic = int(sample_rows(past).sum())
        lines = [t("{n} assessments given ({sample} of them sample data).", lang).format(n=len(table), sample=synthetic)]
    lines += _other_frameworks(past.attrs.get("other_frameworks") or [], fw, lang)
    incomplete = len(table) - len(done)
    if incomplete:
        lines.append(t("{n} incomplete assessments (no verdict yet): counted in the verdicts and blockers, left out of the scores by segment, the trend by year and the changes that would flip the verdict.", lang).format(n=incomplete))
    lines += _small_groups(done, fw, lang, k)
    return tuple(lines)


def _other_frameworks(others: list[dict], fw: Framework, lang: str) -> list[str]:
    """What could not be scored in the assessments made under another framework (they are re-scored by question id)."""
    from ..text.formats import pick

    def names(qids: list[str]) -> str:
        return ", ".join(pick(fw.question(q).short, lang) if fw.has_question(q) else q for q in qids)

    lines = []
    for other in others:
        line = t("{n} assessments made under {other}: re-scored under {framework} by question.", lang,
                 n=other["assessments"], other=other["framework"], framework=fw.id)  # fmt: skip
        if other["not_asked"]:
            line += " " + t("Not asked there, so not scored (no verdict for them): {questions}.", lang, questions=names(other["not_asked"]))
        if other["not_scored"]:
            line += " " + t("Answers {framework} cannot score, left out: {questions}.", lang, framework=fw.id, questions=", ".join(other["not_scored"]))
        lines.append(line)
    return lines


def _small_groups(done: pd.DataFrame, fw: Framework, lang: str, k: int) -> list[str]:
    """Years left out and segments grouped because they hold fewer than k assessments."""
    import pandas as pd

    lines = []
    years = pd.to_datetime(done["assessed_on"], errors="coerce").dt.year.value_counts()
    few = sorted(int(y) for y, n in years.items() if n < k)
    if few:
        lines.append(t("Years left out of the trend (fewer than k = {k} complete assessments each): {years} ({n} assessments).", lang).format(k=k, years=", ".join(map(str, few)), n=int(years[few].sum())))
    for by in ("industry", "size"):
        counts = _segments(done, by, fw, lang)[0].value_counts()
        small = counts[counts < k]
        if len(small):
            lines.append(grouped_line(by, len(small), k, int(small.sum()), lang))
    return lines


def write_portfolio(portfolio: Portfolio, out: str | os.PathLike, *, progress: bool = False) -> list[Path]:
    """Write the charts (PNG), each table (CSV, UTF-8 with BOM for Excel), portfolio.xlsx and about.txt, all or none; the paths."""
    from tqdm.auto import tqdm

    from .charts import figure_png

    out = Path(out)
    tables = portfolio.tables()
    charts = tqdm(portfolio.charts().items(), desc="charts", disable=not progress, leave=False)
    files = chain(
        ((out / f"{name}.png", figure_png(fig, dpi=150)) for name, fig in charts),
        ((out / f"{name}.csv", partial(_write_csv, table)) for name, table in tables.items()),
        [(out / "portfolio.xlsx", partial(_write_workbook, tables)), (out / "about.txt", (portfolio.about() + "\n").encode("utf-8"))],
    )
    return write_together(files)  # all or none: a full disk leaves the portfolio there before, not a mix


def _write_csv(table: pd.DataFrame, file: BinaryIO) -> None:
    """A table as CSV in UTF-8 with a BOM, so that Excel reads the accents right."""
    file.write(neutralised_table(table).to_csv(index=False).encode("utf-8-sig"))  # an industry typed as =… runs nowhere


def _write_workbook(tables: Mapping[str, pd.DataFrame], file: BinaryIO) -> None:
    """One sheet per table (sheet names cut to Excel's 31 characters)."""
    import pandas as pd

    with pd.ExcelWriter(file, engine="openpyxl") as writer:
        for name, table in tables.items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
            text_not_formulas(writer.sheets[name[:31]])  # texts stay texts, whatever they start with


def _years(table: pd.DataFrame) -> tuple[int, int] | None:
    import pandas as pd

    if "assessed_on" not in table or not len(table):
        return None
    years = pd.to_datetime(table["assessed_on"], errors="coerce").dt.year.dropna()
    return (int(years.min()), int(years.max())) if len(years) else None
