"""The `benchmark`, `portfolio` and `report` commands of `readiness`.

    readiness benchmark FILE|ID [--store S] [--json] [--lang fr|en] [--k 5]
    readiness portfolio [--store S] [--out DIR] [--lang fr|en] [--previous-framework FILE|DIR ...]
    readiness report ID... | --all [--store S] [--out DIR] [--lang fr|en] [--k 5] [--pdf] [--notebooks] [--force] [--jobs N]
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.errors import ReadinessError
from ..text import N_, t, tn
from ..text.formats import format_number, pick
from .common import (
    add_lang_option,
    add_store_option,
    existing_store,
    framework_for,
    framework_of,
    load_assessment,
    past_assessments,
    print_json,
    progress_shown,
    speaks,
)  # fmt: skip

DEFAULT_PORTFOLIO_OUT = "reports/portfolio"


def add_commands(sub: Any) -> None:
    """Add benchmark, portfolio and report to the `readiness` parser."""
    bench = sub.add_parser("benchmark", help=N_("compare one assessment with past clients (aggregated peers)"))
    bench.add_argument("target", metavar="FILE|ID", help=N_("assessment JSON file, or an id in the store"))
    bench.add_argument("--json", action="store_true", help=N_("print the benchmark as JSON"))
    _add_common(bench)
    bench.set_defaults(run=_benchmark)

    folio = sub.add_parser("portfolio", help=N_("re-score and analyse every past assessment; write charts and tables"))
    folio.add_argument("--out", metavar="DIR", default=DEFAULT_PORTFOLIO_OUT, help=N_("folder for PNG charts and CSV/XLSX tables (default: %(default)s)"))
    folio.add_argument("--previous-framework", metavar="FILE|DIR", action="append", default=[],
                       help=N_("framework file (or folder of them) that older assessments were made under, to show what re-scoring changed"))  # fmt: skip
    _add_common(folio)
    folio.set_defaults(run=_portfolio)

    report = sub.add_parser("report", help=N_("per-client reports to send (HTML, and PDF with --pdf) for one or many assessments"))
    report.add_argument("ids", nargs="*", metavar="ID", help=N_("assessment ids in the store"))
    report.add_argument("--all", action="store_true", help=N_("every assessment in the store"))
    report.add_argument("--out", metavar="DIR", default="reports", help=N_("output folder (default: reports)"))
    report.add_argument("--pdf", action="store_true", help=N_("a PDF of each report too, printed by Chromium"))
    report.add_argument("--notebooks", action="store_true", help=N_("the executed report notebook (.ipynb) of each client too (slower)"))
    report.add_argument("--force", action="store_true", help=N_("make every report again, even those up to date"))
    report.add_argument("--jobs", type=int, metavar="N", help=N_("worker processes (default: one per core)"))
    _add_common(report)
    report.set_defaults(run=_report)


def _add_common(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    add_lang_option(parser)
    parser.add_argument("--k", type=int, default=5, help=N_("smallest group ever shown (default: 5)"))


# ---------------------------------------------------------------- benchmark


def _benchmark(args: argparse.Namespace) -> int:
    from ..core.benchmark import check_k
    from ..core.outcome import client_outcome

    check_k(args.k)  # before anything is read: a k under 5 is refused whatever else is wrong
    assessment = load_assessment(args.target, args)
    fw = framework_for(assessment, args)
    outcome = client_outcome(assessment, _past(args, fw), fw, args.lang, args.k)
    if args.json:
        print_json(_benchmark_json(assessment, outcome.result, outcome.benchmark))
    else:
        print(_benchmark_text(assessment, outcome.result, outcome.benchmark, fw, outcome.lang))
    return 0


def _past(args: argparse.Namespace, fw: Any) -> Any:
    """Past assessments from the store (or the sample), scored under the framework chosen."""
    return past_assessments(args, args.k, fw)


def _benchmark_json(assessment: Any, result: Any, bench: Any) -> dict[str, Any]:
    data = {"id": assessment.id, "overall": result.overall, "verdict": result.verdict, "dimensions": dict(result.dimensions)}
    out = {"client": data, **bench.to_dict()}
    if not bench.shown:
        out["message"] = f"no peer group reaches k = {bench.k} assessments: nothing to compare with"
    return out


def _benchmark_text(assessment: Any, result: Any, bench: Any, fw: Any, lang: str) -> str:
    from ..outputs.charts import group_label, percentile_text
    from ..text import t
    from ..text.formats import format_number, format_percent

    verdict = pick(fw.verdict_labels[result.verdict], lang) if result.verdict else t("Provisional", lang)
    overall = "–" if result.overall is None else format_number(result.overall, lang)
    score = t("{label}: {value}", lang, label=t("Overall score", lang), value=f"{overall} / 100, {verdict}")
    lines = [f"{assessment.client.name} — {score}", group_label(bench, lang)]
    if bench.sample:
        lines.append(f"({t('sample data', lang)})")
    if not bench.shown:
        return "\n".join(lines)
    client = {"overall": result.overall, **result.dimensions}
    names = {"overall": t("Overall score", lang), **{q.id: pick(q.short, lang) for q in fw.questions}}
    heads = (t("client", lang), t("percentile", lang), t("median", lang), t("IQR", lang))
    lines.append(f"{'':26}{heads[0]:>8}{heads[1]:>18}{heads[2]:>10}{heads[3]:>14}")
    for m, name in names.items():
        pct = "–" if bench.percentile.get(m) is None else percentile_text(bench.percentile[m], lang)
        score = "–" if client[m] is None else format_number(client[m], lang)
        iqr = f"{format_number(bench.q1[m], lang)}–{format_number(bench.q3[m], lang)}"
        lines.append(f"{name[:25]:26}{score:>8}{pct:>18}{format_number(bench.median[m], lang):>10}{iqr:>14}")
    shares = ", ".join(f"{pick(fw.verdict_labels[v], lang)} {format_percent(100 * s, lang, 0)}" for v, s in bench.verdict_shares.items())
    lines.append(t("{label}: {value}", lang, label=t("Peers", lang), value=shares))
    return "\n".join(lines)


# ---------------------------------------------------------------- portfolio


def _portfolio(args: argparse.Namespace) -> int:
    from ..core.benchmark import check_k
    from ..outputs.portfolio import analyse_portfolio, previous_frameworks, write_portfolio

    check_k(args.k)
    fw = framework_of(args)
    lang = speaks(args)
    previous = previous_frameworks(args.previous_framework)
    progress = progress_shown()
    portfolio = analyse_portfolio(
        past_assessments(args, args.k, fw, every_framework=True), fw, lang=lang, k=args.k, previous=previous, progress=progress
    )
    written = write_portfolio(portfolio, args.out, progress=progress)
    print(portfolio.about())
    tables = portfolio.tables()
    for name, title in SECTION_TITLES.items():
        if name in tables:
            print(f"\n{t(title, lang)}\n{_table_text(tables[name].head(10), lang)}")
    print("\n" + tn("{n} file written to {out}", "{n} files written to {out}", len(written), lang, out=args.out))
    return 0


SECTION_TITLES = {  # the tables printed, with their titles
    "verdicts": N_("Verdicts"),
    "blockers": N_("Most frequent blockers"),
    "flip_changes": N_("The one change that would flip the verdict"),
    "framework_versions": N_("Framework versions"),
    "framework_changes": N_("What the current version changes"),
}


def _table_text(table: Any, lang: str) -> str:
    """A table as text with the language's decimal mark and yes/no words."""
    return table.astype(object).map(lambda value: _cell_text(value, lang)).to_string(index=False)


def _cell_text(value: Any, lang: str) -> Any:
    import math

    from ..text.formats import format_number

    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return t("yes", lang) if value else t("no", lang)
    if isinstance(value, float):
        return "–" if math.isnan(value) else format_number(value, lang)
    return value


# ---------------------------------------------------------------- reports


def _report(args: argparse.Namespace) -> int:
    import time

    from ..core.benchmark import check_k
    from ..outputs.report_batch import run_reports
    from ..store.redaction import redact, shown_store

    lang = speaks(args)
    if bool(args.ids) == bool(args.all):
        raise ReadinessError(t("give assessment ids or --all (not both, not neither)", lang))
    check_k(args.k)
    existing_store(args).close()  # read only: a store mistyped is said, not made
    if args.jobs is not None and args.jobs < 1:
        raise ReadinessError(t("--jobs must be 1 or more, got {value}", lang, value=args.jobs))
    started = time.monotonic()
    run = run_reports(None if args.all else args.ids, store=args.store, out=args.out, language=args.lang, k=args.k,
                      framework=framework_of(args), pdf=args.pdf, notebooks=args.notebooks, force=args.force, jobs=args.jobs,
                      progress=progress_shown(), progress_label=t("reports", lang))  # fmt: skip
    for framework_id, n in run.others:
        print(tn("left out: {n} assessment made under {framework}, a framework not known here: give its file with --framework FILE",
                 "left out: {n} assessments made under {framework}, a framework not known here: give its file with --framework FILE",
                 n, lang, framework=framework_id))  # fmt: skip
    if args.all and run.total == 0:
        if not run.others:
            print(t("no assessment in the store {store}: no report written", lang, store=shown_store(args.store)))
        return 0
    print(t("Reports in {out}: {written} written, {skipped} up to date, {failed} failed, of {n} ({seconds} s)", lang,
            out=args.out, written=run.reports, skipped=run.skipped, failed=len(run.failed), n=run.total,
            seconds=format_number(time.monotonic() - started, lang)))  # fmt: skip
    for failure in run.failed:
        who = f"{failure.client} ({failure.assessment_id})" if failure.client else failure.assessment_id
        print("  " + t("failed: {client}: {reason}", lang, client=who, reason=redact(failure.reason)), file=sys.stderr)
    return 1 if run.failed else 0
