"""Import budget: `import readiness` in ≤ 1.0 s, measured in fresh interpreters.

    python benchmarks/bench_import_time.py [--runs N]

Each run starts a new Python process (so nothing is cached in memory) and times the import
inside it; the median of the runs is compared with the budget. Also reports, for information,
the first use of the scoring core, and which heavy libraries a bare import pulls in (none
should be: pandas, matplotlib, widgets and pptx load only when used). Exit status 1 if the
budget is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

BUDGET_SECONDS = 1.0
HEAVY = ("pandas", "matplotlib", "ipywidgets", "pptx", "sqlalchemy", "babel", "numpy")

PROBE = """
import json, sys, time
start = time.perf_counter()
import readiness
imported = time.perf_counter() - start
heavy = [m for m in {heavy!r} if m in sys.modules]
start = time.perf_counter()
a = readiness.Assessment.from_dict({{"client": {{"name": "X", "size": "small"}}, "assessed_on": "2026-01-05",
    "answers": {{"content": {{"choice": "content_plan"}}}}}})
readiness.score_assessment(a)
first_score = time.perf_counter() - start
print(json.dumps({{"import": imported, "first_score": first_score, "heavy": heavy}}))
"""


def one_run() -> dict:
    """Time `import readiness` (and a first score) in a fresh interpreter."""
    code = PROBE.format(heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args, _ = parser.parse_known_args(argv)  # dev.py bench passes its extra arguments to every script

    one_run()  # warm the disk cache, as on a machine in daily use
    runs = [one_run() for _ in range(args.runs)]
    imports = [r["import"] for r in runs]
    median = statistics.median(imports)
    first = statistics.median(r["first_score"] for r in runs)
    print(f"import readiness, {args.runs} fresh interpreters: median {median * 1000:.0f} ms "
          f"(min {min(imports) * 1000:.0f}, max {max(imports) * 1000:.0f})  budget ≤ {BUDGET_SECONDS:g} s: "
          f"{'OK' if median <= BUDGET_SECONDS else 'OVER'}")  # fmt: skip
    print(f"  then the first score (framework, numpy, babel loaded on demand): median {first * 1000:.0f} ms")
    print(f"  heavy libraries loaded by the bare import: {', '.join(runs[0]['heavy']) or 'none'}")
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
