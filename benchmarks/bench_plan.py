"""Benchmark budget: the path to ready of one assessment ≤ 50 ms (DESIGN "Plan and progress", live in the form).

    python benchmarks/bench_plan.py [--repeat N]

Times `path_to_ready` (best of --repeat runs, default 3) on every complete assessment of each shipped framework's sample, on every
answer combination of the default framework (a value in each band), and on a twelve-question
framework (the 2026 framework with five of its questions asked twice) with its worst answers and
with random answers. Prints the median, p95 and slowest time per assessment and their ratio to the
budget; exit status 1 if the slowest misses it.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import statistics
import sys
import time
from datetime import date

BUDGET_MS = 50.0


def sample_assessments(framework_id: str):
    """The complete assessments of a shipped framework's sample."""
    from readiness.core.framework import shipped_frameworks
    from readiness.core.rows import from_row
    from readiness.store.sample import generate_sample

    fw = shipped_frameworks()[framework_id]
    out = [from_row(row, fw) for row in generate_sample(framework=fw).to_dict("records")]
    return fw, [a for a in out if not a.missing_from(fw)]


def every_combination():
    """Each choice, and a value in each band of budget and bounce rate, of the default framework."""
    from readiness.core.assessment import Assessment, Client
    from readiness.core.framework import default_framework

    fw = default_framework()
    codes = [fw.question(q).choice_codes for q in ("objectives", "content", "champion")]
    sites = [{"bounce_rate": r, "roi": roi} for r in (None, 20, 45, 60, 80) for roi in ("good", "some", "unknown", "none")]
    out = []
    for o, c, h, amount, site in itertools.product(*codes, (0, 5000, 15000, 30000), sites):
        answers = {"objectives": {"choice": o}, "content": {"choice": c}, "champion": {"choice": h},
                   "budget": {"annual_amount": amount, "currency": "CAD"}, "website": site}  # fmt: skip
        out.append(Assessment("a", Client("Client", size="small"), date(2026, 1, 5), answers=answers))
    return fw, out


def twelve_questions(count: int):
    """A twelve-question framework and `count` assessments of it: the worst answers, then random ones."""
    import random

    from readiness.core.assessment import Assessment, Client
    from readiness.core.framework import framework_to_dict, parse_framework, shipped_frameworks

    data = framework_to_dict(shipped_frameworks()["social-media-2026"])
    extra = []
    for q in data["questions"][:5]:
        twin = copy.deepcopy(q)
        twin["id"] = f"{q['id']}_2"
        twin.pop("columns", None)
        extra.append(twin)
    data["questions"] += extra
    data["id"] = "bench-twelve"
    fw = parse_framework(data)
    rng = random.Random(12)

    def answer(q, worst: bool):
        if q.answered_by_choice:
            return {"choice": q.choice_codes[0] if worst else rng.choice(q.choice_codes)}
        if q.kind == "amount":
            return {"annual_amount": 0 if worst else rng.choice([0, 5000, 15000, 30000]), "currency": "CAD"}
        return {"bounce_rate": 100 if worst else rng.choice([None, 20, 45, 60, 80]), "roi": "none" if worst else rng.choice(["good", "some", "unknown", "none"])}

    out = []
    for i in range(count):
        answers = {q.id: answer(q, worst=i == 0) for q in fw.questions}
        out.append(Assessment("a", Client("Client", size="small"), date(2026, 1, 5), answers=answers, framework=fw.ref()))
    return fw, out


def timed(fw, assessments, repeat: int) -> list[float]:
    """Milliseconds per path, the best of `repeat` runs of each assessment."""
    from readiness.core.plan import path_to_ready

    times = []
    for a in assessments:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            path_to_ready(a, fw, "en")
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per assessment (the best is kept)")
    args = parser.parse_args(argv)
    cases = [("sample social-media-5q", *sample_assessments("social-media-5q")),
             ("sample social-media-2026", *sample_assessments("social-media-2026")),
             ("every combination, 5 questions", *every_combination()),
             ("12 questions (worst + random)", *twelve_questions(200))]  # fmt: skip
    worst = 0.0
    for name, fw, assessments in cases:
        times = sorted(timed(fw, assessments, args.repeat))
        p95 = times[int(0.95 * (len(times) - 1))]
        worst = max(worst, times[-1])
        print(f"{name:<32} n={len(times):>5}  median {statistics.median(times):6.2f} ms  p95 {p95:6.2f} ms  "
              f"slowest {times[-1]:6.2f} ms  ({times[-1] / BUDGET_MS:.2f}× the {BUDGET_MS:.0f} ms budget)")  # fmt: skip
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
