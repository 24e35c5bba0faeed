"""Slides budgets: build the full deck ≤ 3 s; export all charts of one client in three formats ≤ 3 s.

    python benchmarks/bench_slides.py [--runs N] [--rows N]

The client is the assessment of DESIGN.md, compared with the shipped sample (300 past
assessments) and, for the deck, also with a table of `--rows` past assessments drawn from it.
The first run of each (cold: python-pptx and matplotlib load, fonts are read) is printed
apart; the budget applies to the median of the next `--runs` (a consultant exports many
times in a session). CPU time is printed too: on a busy machine wall time says little.
Exit status 1 if a median misses its budget.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 3.0


def timed(action) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(label: str, action, runs: int) -> bool:
    """Print cold and warm figures of an action; return whether the warm median is within budget."""
    cold = timed(action)
    warm = [timed(action) for _ in range(runs)]
    wall = statistics.median(w for w, _ in warm)
    cpu = statistics.median(c for _, c in warm)
    ok = wall <= BUDGET_S
    print(f"{label:<52} cold {cold[0]:5.2f} s | median {wall:5.2f} s wall, {cpu:5.2f} s CPU, "
          f"max {max(w for w, _ in warm):5.2f} s | budget {BUDGET_S:.1f} s {'ok' if ok else 'MISSED'}")  # fmt: skip
    return ok


def big_past(rows: int):
    """`rows` scored past assessments drawn from the sample, each a distinct client."""
    from readiness.core.rows import flat_columns
    from readiness.core.scoring import with_scores
    from readiness.store.sample import generate_sample

    table = generate_sample()[list(flat_columns())].sample(rows, replace=True, random_state=2026).reset_index(drop=True)
    table["id"] = [f"bench-{i:07d}" for i in range(rows)]
    table["client_name"] = table["client_name"] + " " + table.index.astype(str)
    return with_scores(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from readiness.core.assessment import Assessment
    from readiness.outputs.deck import build_deck
    from readiness.outputs.figures import export_charts
    from readiness.store.sample import load_sample
    from tests.builders import EXAMPLE

    client = Assessment.from_dict(EXAMPLE)
    sample = load_sample()
    past = big_past(args.rows)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        results = [
            measure("deck, 8 slides, against the sample (300)", lambda: build_deck(client, sample, out / "a.pptx"), args.runs),
            measure(f"deck, 8 slides, against {args.rows:,} past assessments",
                    lambda: build_deck(client, past, out / "b.pptx", lang="en"), args.runs),  # fmt: skip
            measure("deck, 7 slides, no benchmark", lambda: build_deck(client, None, out / "c.pptx"), args.runs),
        ]
        files: list[Path] = []
        results.append(measure("charts: 3 charts × 2 sizes × PNG/SVG/PDF (18 files)",
                               lambda: files.extend(export_charts(client, sample, out / "charts")), args.runs))  # fmt: skip
        sizes = sorted({p.suffix: p.stat().st_size for p in files}.items())
        print("chart files:", len(set(files)), "| sizes of the last of each kind:", ", ".join(f"{k} {v / 1000:.0f} kB" for k, v in sizes))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
