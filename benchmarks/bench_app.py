"""Meeting app start-up: from `voila notebooks/01_client_meeting.ipynb` (what `dev.py app` runs) to a usable form.

Budget (DESIGN.md): ≤ 5 s on a warm machine. Each run starts a new Voilà server, opens the app in
Debian's Chromium (already running, as the consultant's browser would be) and stops the clock when
the form's verdict badge is shown: the kernel has started, run the notebook and drawn the form.
The first run warms the disk caches and is reported apart.

    python benchmarks/bench_app.py [--runs 4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser_support import chromium, missing_browser, open_meeting, serve_meeting  # noqa: E402

BUDGET_S = 5.0


def one_start(browser) -> tuple[float, float]:
    """Seconds from starting the server to its listening, and to the form shown in the browser."""
    with tempfile.TemporaryDirectory(prefix="bench-app-") as folder:
        started = time.perf_counter()
        with serve_meeting(Path(folder)) as url:
            listening = time.perf_counter() - started
            page = open_meeting(browser, url)
            seconds = time.perf_counter() - started
            page.close()
    return listening, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4, help="starts measured after the warm-up start")
    args = parser.parse_args()
    if reason := missing_browser():
        print(f"cannot run: {reason}")
        return 2
    with chromium() as browser:
        _, cold = one_start(browser)
        runs = [one_start(browser) for _ in range(args.runs)]
    warm = [seconds for _, seconds in runs]
    median = statistics.median(warm)
    print(f"first start (cold caches): {cold:.2f} s")
    print(f"warm starts: {', '.join(f'{s:.2f}' for s in warm)} s (the server listening after {statistics.median(r[0] for r in runs):.2f} s)")
    print(f"app to usable form, median of {len(warm)} warm starts: {median:.2f} s / budget {BUDGET_S:.0f} s = {median / BUDGET_S:.2f}")
    return 0 if median <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
