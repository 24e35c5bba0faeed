"""Import budget: a 100 000-row CSV as French Excel writes it, into the folder store and SQLite (≤ 10 s).

    python benchmarks/bench_import.py [--rows N]

The file is made from the synthetic sample: `;` separators, Windows-1252, decimal commas,
budgets like `15 000 $` (no-break spaces), percentages like `45,5 %`, no ids (so ids are
derived from client and date). Also reports reading alone, a second import of the same file
(nothing added) and an export of the whole store.

The folder store's figures depend on the file system: on the 2-core dev VM (ext4 without a
journal), creating files just after many were deleted (a previous run's clean-up, a test run) is
several times slower for a few minutes, because ext4 then skips the recently freed inodes. Leave
about five minutes between runs to compare figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 10.0


def french_excel_csv(path: Path, rows: int) -> None:
    """Write `rows` assessments of the sample, renamed so that each row is a distinct assessment."""
    from readiness.core.rows import flat_columns
    from readiness.store.sample import generate_sample

    sample = generate_sample(300).astype(object).to_dict("records")
    columns = flat_columns()
    lines = [";".join(columns)]
    for i in range(rows):
        row = dict(sample[i % len(sample)])
        row["id"] = None
        row["client_name"] = f"{row['client_name']} {i // len(sample)}"
        lines.append(";".join(_cell(column, row[column]) for column in columns))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace"))


def _cell(column: str, value: object) -> str:
    if value is None or value != value:
        return ""
    if column == "assessed_on":
        return value.strftime("%d/%m/%Y")
    if column == "budget_annual":
        return f"{int(value):,}".replace(",", "\u00a0") + "\u00a0$"
    if column == "bounce_rate":
        return f"{value:g}".replace(".", ",") + "\u00a0%"
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ';"\n') else text


def timed(label: str, action, budget: float | None = None):
    """Run `action`, print its wall time (and this process's CPU time, telling a busy machine apart)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds = time.perf_counter() - start
    label = f"{label} [cpu {time.process_time() - cpu:.1f} s]"
    verdict = (
        ""
        if budget is None
        else f"  (budget {budget:.0f} s: {'OK' if seconds <= budget else 'OVER'}, ratio {seconds / budget:.2f})"
    )
    print(f"{label:<62} {seconds:6.2f} s{verdict}", flush=True)
    return result, seconds


def main(argv: list[str] | None = None) -> int:
    from readiness.sheets.reading import import_files, read_table
    from readiness.sheets.writing import export_table
    from readiness.store import open_store

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    over = False
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as scratch:
        folder = Path(scratch)
        csv_path = folder / "past.csv"
        french_excel_csv(csv_path, args.rows)
        print(f"{args.rows} rows, {csv_path.stat().st_size / 1e6:.1f} MB (;, Windows-1252, decimal commas)")
        result, _ = timed("read and check only (read_table)", lambda: read_table(csv_path))
        assert result.rows == args.rows and not result.errors, result.summary()
        for name, spec in (("folder store", folder / "store"), ("SQLite store", f"sqlite:///{folder / 'store.db'}")):
            store = open_store(spec)
            result, seconds = timed(
                f"import into the {name}", lambda s=store: import_files([csv_path], s, progress=False), BUDGET_S
            )
            assert result.added == args.rows, result.summary()
            over |= seconds > BUDGET_S
            again, _ = timed(
                f"same file again into the {name} (adds nothing)",
                lambda s=store: import_files([csv_path], s, progress=False),
            )
            assert again.added == 0 and again.unchanged == args.rows, again.summary()
            out = folder / f"export-{name.split()[0]}.csv"
            timed(f"export the {name} to CSV", lambda s=store, o=out: export_table(s.each(), o))
            store.close()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
