"""Benchmark budget: percentile and peer statistics of one client against 1 000 000 past assessments ≤ 50 ms.

    python benchmarks/bench_benchmark.py [--rows N] [--clients N]

The past table is drawn (seeded, with replacement) from the synthetic sample and scored; every
row gets its own id and client name (the worst case for the "not the client's own rows" rule)
and one row in ten a free-text industry out of 300, so groups of every level occur.
`prepare_peers` runs once (its time is printed too); then each client is compared with
`compare` (group, percentiles, medians, IQR, verdict shares, histogram). Reported: the first
comparison of each peer group (cold: the group's counts are built), later ones (warm), and all
of them together. Exit status 1 if the median or the slowest cold comparison misses the budget.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

BUDGET_MS = 50.0


def past_table(rows: int):
    """`rows` scored past assessments, each a distinct client."""
    import numpy as np

    from readiness.core.rows import flat_columns
    from readiness.core.scoring import with_scores
    from readiness.store.sample import generate_sample

    rng = np.random.default_rng(2026)
    table = generate_sample()[list(flat_columns())].sample(rows, replace=True, random_state=2026).reset_index(drop=True)
    table["id"] = [f"bench-{i:07d}" for i in range(rows)]
    table["client_name"] = table["client_name"] + " " + table.index.astype(str)
    free_text = rng.random(rows) < 0.1
    table.loc[free_text, "industry"] = [f"Métier {k}" for k in rng.integers(0, 300, free_text.sum())]
    return with_scores(table)


def clients(past, count: int):
    """(result, profile) pairs: real rows of the table, so each one also has own rows to leave out."""
    import numpy as np

    from readiness.core.rows import from_row
    from readiness.core.scoring import score_assessment

    rng = np.random.default_rng(7)
    done = past.loc[past["verdict"].notna()]
    picked = done.iloc[rng.integers(0, len(done), count)]
    out = []
    for row in picked.to_dict("records"):
        a = from_row(row)
        out.append((score_assessment(a), {"client_id": a.id, "client_name": a.client.name, "industry": a.client.industry, "size": a.client.size}))
    out.append((out[0][0], {"client_id": None, "client_name": None, "industry": "Nouveau secteur", "size": None}))  # level "all"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=300)
    args = parser.parse_args(argv)

    from readiness.core.benchmark import compare, prepare_peers

    start = time.perf_counter()
    past = past_table(args.rows)
    print(f"made and scored {args.rows:,} past assessments in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    peers = prepare_peers(past)
    prepare_s = time.perf_counter() - start
    print(f"prepare_peers (once): {prepare_s:.2f} s")

    cold, warm, seen = [], [], set()
    for result, profile in clients(past, args.clients):
        start = time.perf_counter()
        b = compare(result, peers, **profile)
        ms = 1000 * (time.perf_counter() - start)
        key = (b.group.level, b.group.industry, b.group.size) if b.group else None
        (warm if key in seen else cold).append(ms)
        seen.add(key)
    every = cold + warm
    p95 = statistics.quantiles(every, n=20)[-1]
    median = statistics.median(every)
    print(f"compare, {len(every)} clients against {len(peers):,} complete past assessments:")
    print(f"  all:  median {median:.2f} ms, p95 {p95:.2f} ms, max {max(every):.2f} ms")
    print(f"  cold (first client of a group, {len(cold)}): median {statistics.median(cold):.2f} ms, max {max(cold):.2f} ms")
    if warm:
        print(f"  warm (group counts cached, {len(warm)}): median {statistics.median(warm):.2f} ms, max {max(warm):.2f} ms")
    ok = median <= BUDGET_MS and max(cold) <= BUDGET_MS
    print(f"budget {BUDGET_MS:.0f} ms per client: {'OK' if ok else 'MISSED'} (median {median / BUDGET_MS:.2f}× budget, slowest cold {max(cold) / BUDGET_MS:.2f}×)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
