"""Scoring budget: 1 000 000 assessments scored vectorised in ≤ 2 s, and ≥ 50× faster than row by row.

    python benchmarks/bench_scoring.py [--rows N] [--apply-rows N] [--repeat N]

The table is drawn (seeded, with replacement) from the synthetic sample, in the flat layout.
Row by row means `DataFrame.apply` calling `from_row` + `score_assessment` on each row, which
is what a notebook would do without `score_table`. Timing `apply` on a million rows would take
minutes, so it is timed on a subset (20 000 rows by default) and extrapolated linearly to the
full table; the script says so. Both times and the ratio are printed. Exit status 1 if a
budget is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

BUDGET_SECONDS = 2.0
BUDGET_RATIO = 50.0


def past_table(rows: int):
    """`rows` assessments in the flat layout, drawn from the synthetic sample."""
    from readiness.core.rows import flat_columns
    from readiness.store.sample import generate_sample

    sample = generate_sample()[list(flat_columns())]
    return sample.sample(rows, replace=True, random_state=2026).reset_index(drop=True)


def time_vectorised(table, repeat: int) -> tuple[float, list[float]]:
    """Median and all times of `score_table` on the whole table."""
    from readiness.core.scoring import score_table

    score_table(table.head(1000))  # warm-up: framework loaded, code paths compiled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        score_table(table)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def score_one_row(row):
    """The row-by-row way: read the row, score it, keep the overall score."""
    from readiness.core.rows import from_row
    from readiness.core.scoring import score_assessment

    return score_assessment(from_row(row)).overall


def time_apply(subset) -> tuple[float, object]:
    """Seconds taken by `DataFrame.apply` over the subset, and its overall scores."""
    score_one_row(subset.iloc[0])  # warm-up
    start = time.perf_counter()
    overall = subset.apply(score_one_row, axis=1)
    return time.perf_counter() - start, overall


def check_same_numbers(subset, overall_by_row) -> None:
    """The two ways must agree before their speeds are compared."""
    from readiness.core.scoring import score_table

    vectorised = score_table(subset)["overall"]
    same = ((vectorised == overall_by_row.astype(float)) | (vectorised.isna() & overall_by_row.isna())).all()
    assert same, "score_table and score_assessment disagree on the subset"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--apply-rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args, _ = parser.parse_known_args(argv)  # dev.py bench passes its extra arguments to every script

    table = past_table(args.rows)
    vectorised, times = time_vectorised(table, args.repeat)
    subset = table.head(args.apply_rows)
    seconds, overall = time_apply(subset)
    check_same_numbers(subset, overall)
    extrapolated = seconds * args.rows / len(subset)
    ratio = extrapolated / vectorised

    print(f"score_table, {args.rows:,} rows: median {vectorised:.3f} s of {args.repeat} runs "
          f"(min {min(times):.3f}, max {max(times):.3f})  budget ≤ {BUDGET_SECONDS:g} s: "
          f"{'OK' if vectorised <= BUDGET_SECONDS else 'OVER'}")  # fmt: skip
    print(f"DataFrame.apply row by row, {len(subset):,} rows: {seconds:.2f} s "
          f"({seconds / len(subset) * 1e6:.0f} µs a row)")  # fmt: skip
    print(f"  extrapolated linearly to {args.rows:,} rows: {extrapolated:.1f} s (not run: it would take that long)")
    print(f"vectorised is {ratio:.0f}× faster  budget ≥ {BUDGET_RATIO:g}×: {'OK' if ratio >= BUDGET_RATIO else 'OVER'}")
    return 0 if vectorised <= BUDGET_SECONDS and ratio >= BUDGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
