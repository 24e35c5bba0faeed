"""The `benchmark`, `portfolio` and `report` commands of `readiness`.

    readiness benchmark FILE|ID [--store S] [--json] [--lang fr|en] [--k 5]
    readiness portfolio [--store S] [--out DIR] [--lang fr|en] [--previous-framework FILE|DIR ...]
    readiness report ID... | --all [--store S] [--out DIR] [--lang fr|en]
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.errors import ReadinessError
from ..text.formats import pick
from .common import add_lang_option, add_store_option, framework_of, load_assessment, print_json, progress_shown

DEFAULT_PORTFOLIO_OUT = "reports/portfolio"


def add_commands(sub: Any) -> None:
    """Add benchmark, portfolio and report to the `readiness` parser."""
    bench = sub.add_parser("benchmark", help="compare one assessment with past clients (aggregated peers)")
    bench.add_argument("target", metavar="FILE|ID", help="assessment JSON file, or an id in the store")
    bench.add_argument("--json", action="store_true", help="print the benchmark as JSON")
    _add_common(bench)
    bench.set_defaults(run=_benchmark)

    folio = sub.add_parser("portfolio", help="re-score and analyse every past assessment; write charts and tables")
    folio.add_argument("--out", metavar="DIR", default=DEFAULT_PORTFOLIO_OUT, help=f"folder for PNG charts and CSV/XLSX tables (default: {DEFAULT_PORTFOLIO_OUT})")
    folio.add_argument("--previous-framework", metavar="FILE|DIR", action="append", default=[],
                       help="framework file (or folder of them) that older assessments were made under, to show what re-scoring changed")  # fmt: skip
    _add_common(folio)
    folio.set_defaults(run=_portfolio)

    report = sub.add_parser("report", help="per-client reports (executed notebook + HTML) for one or many assessments")
    report.add_argument("ids", nargs="*", metavar="ID", help="assessment ids in the store")
    report.add_argument("--all", action="store_true", help="every assessment in the store")
    report.add_argument("--out", metavar="DIR", default="reports", help="output folder (default: reports)")
    add_store_option(report)
    add_lang_option(report)
    report.set_defaults(run=_report)


def _add_common(parser: argparse.ArgumentParser) -> None:
    add_store_option(parser)
    add_lang_option(parser)
    parser.add_argument("--k", type=int, default=5, help="smallest group ever shown (default: 5)")


# ---------------------------------------------------------------- benchmark


def _benchmark(args: argparse.Namespace) -> int:
    from ..core.benchmark import check_k
    from ..core.outcome import client_outcome

    check_k(args.k)  # before anything is read: a k under 5 is refused whatever else is wrong
    fw = framework_of(args)
    assessment = load_assessment(args.target, args)
    outcome = client_outcome(assessment, _past(args, fw), fw, args.lang, args.k)
    if args.json:
        print_json(_benchmark_json(assessment, outcome.result, outcome.benchmark))
    else:
        print(_benchmark_text(assessment, outcome.result, outcome.benchmark, fw, outcome.lang))
    return 0


def _past(args: argparse.Namespace, fw: Any) -> Any:
    """Past assessments from the store (or the sample), scored under the framework chosen."""
    from ..store.past import load_past

    return load_past(args.store, args.k, fw)


def _benchmark_json(assessment: Any, result: Any, bench: Any) -> dict[str, Any]:
    data = {"id": assessment.id, "overall": result.overall, "verdict": result.verdict, "dimensions": dict(result.dimensions)}
    out = {"client": data, **bench.to_dict()}
    if not bench.shown:
        out["message"] = f"no peer group reaches k = {bench.k} assessments: nothing to compare with"
    return out


def _benchmark_text(assessment: Any, result: Any, bench: Any, fw: Any, lang: str) -> str:
    from ..core.framework_model import QUESTION_IDS
    from ..outputs.charts import group_label, percentile_text
    from ..text.formats import format_number, format_percent, pick, t

    verdict = pick(fw.verdict_labels[result.verdict], lang) if result.verdict else t("provisional", lang)
    overall = "–" if result.overall is None else format_number(result.overall, lang)
    colon = " : " if lang == "fr" else ": "
    lines = [f"{assessment.client.name} — {t('overall', lang)}{colon}{overall} / 100, {verdict}", group_label(bench, lang)]
    if bench.sample:
        lines.append(f"({t('sample_data', lang)})")
    if not bench.shown:
        return "\n".join(lines)
    client = {"overall": result.overall, **result.dimensions}
    names = {"overall": t("overall", lang), **{q: pick(fw.question(q).short, lang) for q in QUESTION_IDS}}
    heads = ("client", "percentile", "median", "IQR") if lang == "en" else ("client", "centile", "médiane", "EIQ")
    lines.append(f"{'':26}{heads[0]:>8}{heads[1]:>18}{heads[2]:>10}{heads[3]:>14}")
    for m, name in names.items():
        pct = "–" if bench.percentile.get(m) is None else percentile_text(bench.percentile[m], lang)
        score = "–" if client[m] is None else format_number(client[m], lang)
        iqr = f"{format_number(bench.q1[m], lang)}–{format_number(bench.q3[m], lang)}"
        lines.append(f"{name[:25]:26}{score:>8}{pct:>18}{format_number(bench.median[m], lang):>10}{iqr:>14}")
    shares = ", ".join(f"{pick(fw.verdict_labels[v], lang)} {format_percent(100 * s, lang, 0)}" for v, s in bench.verdict_shares.items())
    lines.append(f"{'Peers' if lang == 'en' else 'Pairs'}{colon}{shares}")
    return "\n".join(lines)


# ---------------------------------------------------------------- portfolio


def _portfolio(args: argparse.Namespace) -> int:
    from ..core.benchmark import check_k
    from ..outputs.portfolio import analyse_portfolio, previous_frameworks, write_portfolio
    from ..store.past import load_past

    check_k(args.k)
    fw = framework_of(args)
    lang = args.lang or "fr"
    previous = previous_frameworks(args.previous_framework)
    progress = progress_shown()
    portfolio = analyse_portfolio(
        load_past(args.store, args.k), fw, lang=lang, k=args.k, previous=previous, progress=progress
    )
    written = write_portfolio(portfolio, args.out, progress=progress)
    print(portfolio.about())
    tables = portfolio.tables()
    for name, title in SECTION_TITLES.items():
        if name in tables:
            print(f"\n{pick(title, lang)}\n{_table_text(tables[name].head(10), lang)}")
    done = {"fr": "{n} fichiers écrits dans {out}", "en": "{n} files written to {out}"}
    print("\n" + pick(done, lang).format(n=len(written), out=args.out))
    return 0


SECTION_TITLES = {
    "verdicts": {"fr": "Verdicts", "en": "Verdicts"},
    "blockers": {"fr": "Bloquants les plus fréquents", "en": "Most frequent blockers"},
    "flip_changes": {"fr": "Le changement qui ferait basculer le verdict", "en": "The one change that would flip the verdict"},
    "framework_versions": {"fr": "Versions du cadre", "en": "Framework versions"},
    "framework_changes": {"fr": "Ce que la version actuelle change", "en": "What the current version changes"},
}
YES_NO = {"fr": ("oui", "non"), "en": ("yes", "no")}


def _table_text(table: Any, lang: str) -> str:
    """A table as text with the language's decimal mark and yes/no words."""
    return table.astype(object).map(lambda value: _cell_text(value, lang)).to_string(index=False)


def _cell_text(value: Any, lang: str) -> Any:
    import math

    from ..text.formats import format_number

    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return YES_NO[lang][0 if value else 1]
    if isinstance(value, float):
        return "–" if math.isnan(value) else format_number(value, lang)
    return value


# ---------------------------------------------------------------- reports


def _report(args: argparse.Namespace) -> int:
    from ..outputs.report_batch import run_reports, stored_ids
    from ..store.redaction import redact

    if bool(args.ids) == bool(args.all):
        raise ReadinessError("give assessment ids or --all (not both, not neither)")
    ids = stored_ids(args.store) if args.all else args.ids
    if not ids:
        print(f"no assessment in the store {redact(args.store)}: no report written")
        return 0
    run = run_reports(ids, store=args.store, out=args.out, language=args.lang, progress=progress_shown())
    print(f"{len(run.written) // 2} of {len(ids)} reports written to {args.out}")
    for assessment_id, reason in run.failed:
        print(f"  failed: {assessment_id}: {redact(reason)}", file=sys.stderr)
    return 1 if run.failed else 0
