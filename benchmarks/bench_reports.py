"""Batch reports budget: `report --all` on 300 ≤ 15× one report; a re-run with nothing changed ≤ 20 % of the first run;
memory flat over 10 000.

    python benchmarks/bench_reports.py [--large 10000] [--no-pdf] [--no-html] [--repeat 3]

Each figure is the `readiness` command itself, timed from outside (start-up, imports and all), on
synthetic folder stores made from the sample generator: one report (`readiness report ID`), then
`report --all` on 300 assessments into a fresh folder, and again with nothing changed; the same
with `--pdf` (Chromium's print-to-PDF); then `report --all` on a store of 10 000 and its re-run.
Memory is the peak of the command and every process it starts (workers, browsers) counted
together (proportional set size: pages they share counted once), sampled every 0.1 s; "flat" compares the peak over the whole 10 000-report run with the peak over
its first quarter (a leak grows with the reports written). Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RATIO_BUDGET = 15.0  # report --all on 300 against one report
RERUN_BUDGET = 0.20  # re-run with nothing changed against the first run
FLAT_BUDGET = 1.25  # peak memory of the whole 10 000 run against the peak of its first quarter


def make_store(folder: Path, n: int) -> tuple[str, str]:
    """A folder store of `n` synthetic assessments (drawn from the sample generator's, each a distinct client); its path and one id."""
    from readiness.core.rows import from_row
    from readiness.store import open_store
    from readiness.store.sample import generate_sample

    table = generate_sample().sample(n, replace=n > 300, random_state=2026)  # (the generator's names run out past a few hundred)
    assessments = [from_row({**row, "id": f"bench-{i:06d}", "client_name": f"{row['client_name']} {i}"})
                   for i, row in enumerate(table.to_dict("records"))]  # fmt: skip
    store = open_store(folder)
    store.save_many(assessments, validated=True)
    return str(folder), assessments[0].id


@dataclass
class Run:
    """One `readiness` command: seconds, CPU seconds of all its processes (sampled), peak memory, (time, MB) samples, output."""

    seconds: float
    cpu: float
    peak: float
    samples: list[tuple[float, float]]
    out: str


def run(args: list[str]) -> Run:
    """Run `readiness ARGS`, sampling the memory of its whole process tree (PSS: shared pages counted once)."""
    import psutil

    readiness = str(Path(sys.executable).with_name("readiness"))
    start = time.perf_counter()
    child = subprocess.Popen([readiness, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parent, samples, cpu = psutil.Process(child.pid), [], {}
    while child.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        samples.append((time.perf_counter() - start, sum(_measure(p, cpu) for p in tree) / 2**20))
        time.sleep(0.1)
    out, err = child.communicate()
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"readiness {' '.join(args[:3])} exited {child.returncode}: {err.strip()[-400:]}")
    return Run(seconds, sum(cpu.values()), max((mb for _, mb in samples), default=0.0), samples, out.strip())


def _measure(process, cpu: dict[int, float]) -> int:
    """A process's memory (PSS, bytes), noting its CPU seconds so far (the last seen counts: sampled, about right)."""
    try:
        times = process.cpu_times()
        cpu[process.pid] = times.user + times.system  # (not its children's: they are sampled themselves)
        return process.memory_full_info().pss
    except Exception:  # noqa: BLE001 - a process that just ended holds nothing
        return 0


def verdict(value: float, budget: float) -> str:
    return f"budget ≤ {budget:g}: {'OK' if value <= budget else 'OVER'}"


def batch_figures(label: str, store: str, one_id: str, work: Path, extra: list[str], repeat: int) -> bool:
    """One report, --all first run and re-run, on one store; printed against the budgets."""
    ones = [run(["report", one_id, "--store", store, "--out", str(work / f"one-{label}-{i}"), *extra]) for i in range(repeat)]
    firsts, reruns = [], []
    for i in range(repeat):
        out = work / f"all-{label}-{i}"
        firsts.append(run(["report", "--all", "--store", store, "--out", str(out), *extra]))
        reruns.append(run(["report", "--all", "--store", store, "--out", str(out), *extra]))
    one, first, rerun = (statistics.median(r.seconds for r in runs) for runs in (ones, firsts, reruns))
    cpu = statistics.median(r.cpu for r in firsts)
    ratio, share = first / one, rerun / first
    print(f"{label:<5} one report               {one:7.2f} s   (cpu {statistics.median(r.cpu for r in ones):.2f} s)   peak {max(r.peak for r in ones):.0f} MB")
    print(f"{label:<5} report --all on 300      {first:7.2f} s   (cpu {cpu:.2f} s)   {ratio:5.1f}× one report   "
          f"({verdict(ratio, RATIO_BUDGET)})   peak {max(r.peak for r in firsts):.0f} MB")  # fmt: skip
    print(f"{label:<5} re-run, nothing changed  {rerun:7.2f} s   {100 * share:5.1f} % of the first run ({verdict(share, RERUN_BUDGET)})")
    return ratio <= RATIO_BUDGET and share <= RERUN_BUDGET


def large_figures(store: str, n: int, work: Path) -> bool:
    """report --all on a large store: time, per report, memory over the run, re-run."""
    out = work / "large"
    first = run(["report", "--all", "--store", store, "--out", str(out)])
    early = max((mb for t, mb in first.samples if t <= first.seconds / 4), default=first.peak)
    rerun = run(["report", "--all", "--store", store, "--out", str(out)])
    growth, share = (first.peak / early if early else 1.0), rerun.seconds / first.seconds
    print(f"html  report --all on {n:,} {first.seconds:7.2f} s   (cpu {first.cpu:.1f} s)   {1000 * first.seconds / n:.1f} ms a report")
    print(f"html  memory over that run   peak {first.peak:.0f} MB, in its first quarter {early:.0f} MB: {growth:.2f}× ({verdict(growth, FLAT_BUDGET)})")
    print(f"html  re-run on {n:,}       {rerun.seconds:7.2f} s   {100 * share:5.1f} % of the first run ({verdict(share, RERUN_BUDGET)})")
    return growth <= FLAT_BUDGET and share <= RERUN_BUDGET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=10_000, help="assessments in the large store (0: skip it)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each small figure (their median is shown)")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the figures with --pdf")
    parser.add_argument("--no-html", action="store_true", help="leave out the figures of HTML alone on 300")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as scratch:
        work = Path(scratch)
        store, one_id = make_store(work / "store-300", 300)
        print(f"batch reports (the readiness command, start-up included), median of {args.repeat}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows the wall times, not the cpu)")  # fmt: skip
        if not args.no_html:
            ok &= batch_figures("html", store, one_id, work, [], args.repeat)
        if not args.no_pdf:
            ok &= batch_figures("pdf", store, one_id, work, ["--pdf"], max(1, args.repeat // 2))
        if args.large:
            started = time.perf_counter()
            large, _ = make_store(work / "store-large", args.large)
            print(f"(store of {args.large:,} made in {time.perf_counter() - started:.0f} s)")
            ok &= large_figures(large, args.large, work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
