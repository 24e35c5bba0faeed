"""Memory budgets: import or list 1 000 000 assessments within 1 GB (streamed); `list` first page ≤ 2 s.

    python benchmarks/bench_memory.py [--rows N] [--stores sqlite,folder,postgresql] [--pg URL]

Each step runs the real `readiness` command in a child process and reads the child's peak memory
(`ru_maxrss` from `os.wait4`). Linux counts in it the memory of this script at the moment the child
was started, so this script stays small: even the CSV file is written by a child of its own.

- `readiness import past.csv` of an N-row CSV as French Excel writes it (made like
  bench_import.py's: `;`, Windows-1252, decimal commas, no ids);
- `readiness list`: the time until the first page is printed, and its peak memory;
- `readiness list --all` and `readiness export all.csv`: every assessment, streamed.

SQLite by default; the folder store (one file per assessment: a million files take minutes to
write) and PostgreSQL (`--pg URL` or READINESS_TEST_PG_URL, in a schema of its own dropped
afterwards) when asked with --stores. Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_store import scratch_schema

MEMORY_MB = 1024.0
FIRST_PAGE_S = 2.0


def run_command(args: list[str], first_line_after: str | None = None) -> tuple[int, float, float | None, float]:
    """Run `readiness ARGS`: (exit status, seconds, seconds until a line starting with `first_line_after`
    was followed by another line, i.e. the first row of a table was printed, peak memory in MB)."""
    readiness = str(Path(sys.executable).with_name("readiness"))
    start = time.perf_counter()
    child = subprocess.Popen([readiness, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = None
    seen_header = first_line_after is None
    for line in child.stdout:
        if first is None and seen_header and first_line_after is not None:
            first = time.perf_counter() - start
        seen_header |= first_line_after is not None and line.decode("utf-8", "replace").startswith(first_line_after)
    errors = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode not in (0, 1):
        print(f"  (readiness {' '.join(args[:2])} exited {child.returncode}: {errors.strip()[-300:]})")
    return child.returncode, seconds, first, usage.ru_maxrss / 1024  # KiB on Linux


def verdict(value: float, budget: float, unit: str) -> str:
    ok = value <= budget
    return f"(budget {budget:g} {unit}: {'OK' if ok else 'OVER'}, ratio {value / budget:.2f})"


def measure(label: str, spec: str, csv_path: Path, folder: Path) -> bool:
    """Import, list and export one store; print each figure against its budget; True when all hold."""
    ok = True
    store = ["--store", spec]
    status, seconds, _, peak = run_command(["import", str(csv_path), "--no-progress", *store])
    print(f"{label:<10} import            {seconds:7.1f} s   peak {peak:7.0f} MB {verdict(peak, MEMORY_MB, 'MB')}")
    ok &= status == 0 and peak <= MEMORY_MB
    status, seconds, first, peak = run_command(["list", *store], first_line_after="date")
    first_text = f"first page {first:5.2f} s {verdict(first, FIRST_PAGE_S, 's')}" if first is not None else "no rows"
    print(f"{label:<10} list              {seconds:7.1f} s   peak {peak:7.0f} MB {verdict(peak, MEMORY_MB, 'MB')}  {first_text}")
    ok &= status == 0 and peak <= MEMORY_MB and first is not None and first <= FIRST_PAGE_S
    status, seconds, _, peak = run_command(["list", "--all", *store])
    if status == 0:
        print(f"{label:<10} list --all        {seconds:7.1f} s   peak {peak:7.0f} MB {verdict(peak, MEMORY_MB, 'MB')}")
        ok &= peak <= MEMORY_MB
    out = folder / f"all-{label}.csv"
    status, seconds, _, peak = run_command(["export", str(out), *store])
    print(f"{label:<10} export to CSV     {seconds:7.1f} s   peak {peak:7.0f} MB {verdict(peak, MEMORY_MB, 'MB')}")
    ok &= status == 0 and peak <= MEMORY_MB
    out.unlink(missing_ok=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--stores", default="sqlite", help="comma-separated: sqlite, folder, postgresql")
    parser.add_argument("--pg", default=os.environ.get("READINESS_TEST_PG_URL"))
    args, _ = parser.parse_known_args(argv)  # dev.py bench passes its extra arguments to every script
    wanted = [s.strip() for s in args.stores.split(",") if s.strip()]
    ok = True
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as scratch, scratch_schema(
        args.pg if "postgresql" in wanted else None
    ) as pg:
        folder = Path(scratch)
        csv_path = folder / "past.csv"
        write_csv = f"from bench_import import french_excel_csv; french_excel_csv(__import__('pathlib').Path({str(csv_path)!r}), {args.rows})"
        subprocess.run([sys.executable, "-c", write_csv], cwd=Path(__file__).parent, check=True)
        print(f"{args.rows} rows, {csv_path.stat().st_size / 1e6:.0f} MB CSV (;, Windows-1252, decimal commas)")
        places = {"sqlite": f"sqlite:///{folder / 'team.db'}", "folder": str(folder / "store"), "postgresql": pg}
        for name in wanted:
            if places.get(name) is None:
                print(f"{name}: skipped (no store of that kind{': give --pg URL' if name == 'postgresql' else ''})")
                continue
            ok &= measure(name, places[name], csv_path, folder)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
