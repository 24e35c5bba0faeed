"""Portfolio budget: 10 000 past assessments re-scored and analysed, all charts and tables written, ≤ 15 s.

    python benchmarks/bench_portfolio.py [--rows N] [--repeat N]

The table is drawn (seeded, with replacement) from the synthetic sample, each row a distinct
client, in the flat layout without scores (as `load_past` would hand it over, the portfolio
re-scores everything). Timed: `analyse_portfolio` (re-scoring, verdicts, blockers, segments,
trend, and the vectorised "one change that would flip the verdict" over every assessment) and
`write_portfolio` (6 PNG charts at 150 dpi, CSV tables, one XLSX workbook). Also printed for
comparison: the flip counts done the slow way (`what_if` per assessment) on a subset,
extrapolated. Exit status 1 if the budget is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

BUDGET_S = 15.0


def past_table(rows: int):
    """`rows` past assessments in the flat layout, each a distinct client."""
    from readiness.core.rows import flat_columns
    from readiness.store.sample import generate_sample

    table = generate_sample()[list(flat_columns())].sample(rows, replace=True, random_state=2026).reset_index(drop=True)
    table["id"] = [f"bench-{i:06d}" for i in range(rows)]
    table["client_name"] = table["client_name"] + " " + table.index.astype(str)
    table.attrs["sample"] = True
    return table


def time_once(past) -> tuple[float, float, int]:
    """Seconds for the analysis, seconds for writing, number of files written."""
    from readiness.outputs.portfolio import analyse_portfolio, write_portfolio

    start = time.perf_counter()
    portfolio = analyse_portfolio(past, lang="fr")
    analysed = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        files = write_portfolio(portfolio, out)
        written = time.perf_counter() - start
    return analysed, written, len(files)


def what_if_per_row(past, rows: int) -> float:
    """Seconds `what_if` takes per assessment, the slow way the vectorised counting replaces."""
    from readiness.core.rows import from_row
    from readiness.core.scoring import what_if

    subset = past.head(rows).to_dict("records")
    start = time.perf_counter()
    for row in subset:
        what_if(from_row(row))
    return (time.perf_counter() - start) / rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    past = past_table(args.rows)
    time_once(past.head(300))  # warm-up: imports, fonts, framework
    runs = [time_once(past) for _ in range(args.repeat)]
    totals = [a + w for a, w, _ in runs]
    analysed = statistics.median(a for a, _, _ in runs)
    written = statistics.median(w for _, w, _ in runs)
    total = statistics.median(totals)
    print(f"portfolio of {args.rows:,} assessments ({runs[0][2]} files), median of {args.repeat}:")
    print(f"  analyse_portfolio (re-score, tables, flips): {analysed:.2f} s")
    print(f"  write_portfolio (6 PNG charts, CSV, XLSX):   {written:.2f} s")
    per_row = what_if_per_row(past, 300)
    print(f"  for comparison, what_if row by row: {1000 * per_row:.2f} ms per assessment → {per_row * args.rows:.1f} s for {args.rows:,}")
    ok = total <= BUDGET_S
    print(f"budget {BUDGET_S:.0f} s: {'OK' if ok else 'MISSED'} (total {total:.2f} s = {total / BUDGET_S:.2f}× budget)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
