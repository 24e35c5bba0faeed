"""Store budgets: save one assessment durably ≤ 30 ms; load 10 000 from the folder store ≤ 3 s;
load 100 000 from SQLite ≤ 3 s (each `load_frame`: flat columns plus every score column).

    python benchmarks/bench_store.py [--saves N] [--folder N] [--sqlite N] [--pg URL]

Saves are timed one by one (each fsynced to disk, as in a meeting), on fresh assessments and on
edits that keep a revision; the median and the 95th percentile are reported. Loads are timed
cold-ish: a new store object each time, best of three. PostgreSQL is measured too when a URL is
given (or READINESS_TEST_PG_URL is set), in a schema of its own that is dropped afterwards.
Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

SAVE_MS = 30.0
LOAD_S = 3.0


def assessments(count: int, prefix: str = "bench"):
    """`count` distinct assessments drawn from the synthetic sample."""
    from readiness.core.rows import from_row
    from readiness.store.sample import generate_sample

    rows = generate_sample(300).astype(object).to_dict("records")
    for i in range(count):
        row = dict(rows[i % len(rows)])
        row["id"] = f"{prefix}-{i:07d}"
        row["client_name"] = f"{row['client_name']} {i}"
        yield from_row({k: (None if v != v else v) for k, v in row.items()})


def time_saves(store, count: int) -> tuple[list[float], list[float]]:
    """Milliseconds per save: new assessments, then edits of the same ones (a revision each)."""
    fresh = list(assessments(count, "save"))
    new, edits = [], []
    for a in fresh:
        start = time.perf_counter()
        store.save(a)
        new.append((time.perf_counter() - start) * 1000)
    for a in fresh:
        edited = a.with_answer("champion", {"choice": "dedicated"})
        start = time.perf_counter()
        store.save(edited)
        edits.append((time.perf_counter() - start) * 1000)
    return new, edits


def time_load(spec: str, expected: int) -> float:
    from readiness.store import open_store

    best = float("inf")
    for _ in range(3):
        store = open_store(spec)
        start = time.perf_counter()
        frame = store.load_frame()
        best = min(best, time.perf_counter() - start)
        store.close()
        assert len(frame) == expected, (len(frame), expected)
    return best


def report_saves(label: str, new: list[float], edits: list[float]) -> bool:
    ok = True
    for kind, values in (("new", new), ("edit", edits)):
        median = statistics.median(values)
        p95 = statistics.quantiles(values, n=20)[-1]
        ok &= median <= SAVE_MS
        print(
            f"save one, {label:<10} {kind:<4}  median {median:6.2f} ms  p95 {p95:6.2f} ms  (budget {SAVE_MS:.0f} ms: {'OK' if median <= SAVE_MS else 'OVER'}, ratio {median / SAVE_MS:.2f})"
        )
    return ok


def report_load(label: str, seconds: float) -> bool:
    ok = seconds <= LOAD_S
    print(
        f"load_frame {label:<28} {seconds:6.2f} s   (budget {LOAD_S:.0f} s: {'OK' if ok else 'OVER'}, ratio {seconds / LOAD_S:.2f})"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    from readiness.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--folder", type=int, default=10_000)
    parser.add_argument("--sqlite", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("READINESS_TEST_PG_URL"))
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as scratch, scratch_schema(args.pg) as pg:
        places = {"folder": str(Path(scratch) / "assessments"), "SQLite": f"sqlite:///{Path(scratch) / 'team.db'}"}
        if pg:
            places["PostgreSQL"] = pg
        for label, spec in places.items():
            with open_store(spec) as store:
                ok &= report_saves(label, *time_saves(store, args.saves))
        for label, count in (("folder", args.folder), ("SQLite", args.sqlite)):
            spec = places[label]
            with open_store(spec) as store:
                start = time.perf_counter()
                store.save_many(assessments(count))
                print(f"(filled the {label} store with {count} assessments in {time.perf_counter() - start:.1f} s)")
            ok &= report_load(f"{label}, {count} assessments", time_load(spec, count + args.saves))
    return 0 if ok else 1


@contextmanager
def scratch_schema(url: str | None):
    """A URL pointing at a new, empty schema of the PostgreSQL database, dropped afterwards."""
    if not url:
        yield None
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schema = f"readiness_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield (
            make_url(url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
