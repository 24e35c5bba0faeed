"""Import and export of the flat table layout (CSV and XLSX), as spreadsheets really write it.

Reading accepts what French and English spreadsheets produce: `,` `;` or tab separators (and
Excel's `sep=;` first line); UTF-8 with or without BOM, UTF-16 ("Unicode text") or Windows-1252
(French Excel), even mixed line by line; decimal commas, thousands separators and `$` `€` `%`
signs; codes typed with capitals or spaces ("Part-time irregular"); dates as YYYY-MM-DD or
DD/MM/YYYY; XLSX with real dates and percent-formatted cells. Every data row ends up either in
`assessments` or in `errors`, with its row number as the spreadsheet shows it (header = row 1).

CSV records are read by `readiness.sheets.csvrows`, which accounts for every physical line (a quote
left open is reported, and the lines it swallowed are read as rows). Every file is bounded by
`readiness.core.limits` (file size, rows, cell length, XLSX unpacked size); a file past a limit is
refused whole with one line, a row with a cell past the limit is reported with its row.

Writing produces the same layout (CSV in UTF-8, or XLSX). Text cells that a spreadsheet would run
as a formula are neutralised: in CSV by apostrophes (`readiness.sheets.formulas`: at the start and after
any separator a spreadsheet might split on), which reading removes again; in XLSX by storing them
as text (with Excel's "quote prefix" when they start like a formula), so the cell shows exactly
what was typed. A round trip changes nothing that validation accepts.

    read_table(path)              -> ImportResult (nothing written)
    import_files(paths, store)    -> ImportResult with added / revised / unchanged counts
    export_table(data, path)      -> the written path
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.assessment import Assessment, client_key, derived_id
from ..core.errors import Problem
from ..core.framework import Framework, default_framework
from ..store import Identity, collector_paused
from ..text import Text

if TYPE_CHECKING:

    from ..store import Store
from ..core.rows import flat_layout
from .rowreader import ImportResult, _accepted, _progress_bar, _RowReader
from .sheet import _open_sheet


def read_table(
    path: str | os.PathLike,
    framework: Framework | None = None,
    *,
    progress: bool = False,
    against: StoreGuard | None = None,
    keep: bool = True,
) -> ImportResult:
    """Read a CSV or XLSX file of the flat layout; ImportFileError if it cannot be read at all.

    With `against` (a StoreGuard of the store), rows an import into that store would refuse are
    rejected too; nothing is written. One guard for several files checks them as one import would.
    `keep=False` counts and reports only (no `assessments`): a file of any size in little memory.
    """
    path = Path(path)
    fw = framework or default_framework()
    with collector_paused():
        sheet = _of_framework(path, _open_sheet(path, flat_layout(fw)), fw)
        reader = _RowReader(fw, str(path), sheet, keep=keep)
        for _ in _accepted(reader, _progress_bar(sheet.rows, f"reading {path.name}", progress), against):
            pass
    return reader.result()


def import_files(
    paths: Iterable[str | os.PathLike],
    store: Store | str | None = None,
    framework: Framework | None = None,
    progress: bool = True,
    *,
    renames: bool = False,
) -> ImportResult:
    """Open every file first (any unreadable one stops everything), then store the good rows as they are read.

    Rows are checked against the store as `StoreGuard` says; `renames` lets a row rename the
    client of a stored assessment (the name was corrected on purpose). The result counts rows and
    lists every problem; its `assessments` is empty (they are in the store, and a file of a
    million rows is stored a chunk at a time, never held whole: `read_table` gives them).
    """
    from ..store import open_store

    target = open_store(store, framework)
    framework = framework or target.framework or default_framework()
    with collector_paused():
        sheets = [(Path(p), _of_framework(Path(p), _open_sheet(Path(p), flat_layout(framework)), framework)) for p in paths]
        guard = StoreGuard(target, renames)
        total = ImportResult([], [], 0)
        for path, sheet in sheets:
            total += _import_sheet(_RowReader(framework, str(path), sheet), target, progress, guard)
    return total


def _of_framework(path: Path, sheet: Any, fw: Framework) -> Any:
    """The sheet, unless its header has every question column another shipped framework adds: then it was made under that one.

    (Read under `fw`, those answers would be dropped as unknown columns and every row stored under
    the wrong question set.)
    """
    from ..core.errors import ImportFileError
    from ..core.framework import shipped_frameworks
    from ..core.rows import flat_columns
    from ..text import Text

    ignored, ours = set(sheet.ignored), set(flat_columns(fw))
    for other in shipped_frameworks().values():
        extra = [c for c in flat_columns(other) if c not in ours]
        if other.id != fw.id and extra and set(extra) <= ignored:
            raise ImportFileError(Text("{path}: its columns {columns} are questions of the framework {framework}, not of {current}: "
                                       "import it with --framework {framework}", path=path, columns=", ".join(extra),
                                       framework=other.id, current=fw.id))  # fmt: skip
    return sheet


def _import_sheet(reader: _RowReader, store: Store, progress: bool, guard: StoreGuard) -> ImportResult:
    """Store a sheet's good rows while reading them (the store writes one batch while the next is read)."""
    bar = _progress_bar(reader.sheet.rows, f"importing {Path(reader.source).name}", progress)
    checked_alike = reader.fw is (store.framework or default_framework())  # then the rows need no second check (same framework object)
    saved = store.save_many(_accepted(reader, bar, guard), validated=checked_alike)
    result = reader.result()
    duplicates = result.imported - len(reader.accepted)  # rows repeating another row of the file
    return replace(result, added=saved.added, revised=saved.revised, unchanged=saved.unchanged + duplicates)


class StoreGuard:
    """What a store must not take from files, and which stored assessment a row without id is.

    Knows the store as it was when made (`Store.index`) and every row passed since, so several
    files are checked as one import stores them. A row without an id is the stored assessment of
    the same client and day, whatever its id (saved in a meeting, or renamed). Refused: a row
    whose id is stored under another client's name (a pasted or shifted id would replace that
    client), unless `renames` and the new name is not another assessment's that day; a row whose
    assessment was deleted from the store.
    """

    def __init__(self, store: Store, renames: bool = False):
        self.renames = renames
        self.known = store.index()
        # Keyed by the id a row of that client and day gets without an id column: usually the very
        # id it leads to, kept once for both (a million assessments' worth stays small).
        self.by_day = {}
        for k, i in self.known.items():
            day = derived_id(i.client_name, i.assessed_on)
            self.by_day[k if day == k else day] = k

    def passed(self, reader: _RowReader, accepted: list[Assessment]) -> list[Assessment]:
        """The accepted assessments the store may take; the others are withdrawn from the reader with the reason."""
        kept = []
        for record in accepted:
            a: Assessment | None = record
            day = _day_key(record, reader.given_ids)
            if record.id not in self.known and record.id not in reader.given_ids and day in self.by_day:
                a = reader.rekey(record, self.by_day[day])  # None: the same as another row of the file
            if a is None:
                continue
            problem = self.conflict(a, day, a.id in reader.given_ids)
            if problem is None:
                kept.append(a)
                self.note(a, day)
            else:
                reader.withdraw(a.id, problem)
        return kept

    def conflict(self, a: Assessment, day: str, typed: bool) -> Problem | None:
        """Why the store must not take this assessment, if it must not."""
        stored = self.known.get(a.id)
        if stored is None:
            return None
        row = Text("{client} assessed on {day}", client=a.client.name, day=a.assessed_on.isoformat())
        if client_key(stored.client_name) != client_key(a.client.name):
            other_day = stored.assessed_on != a.assessed_on
            taken = self.by_day.get(day) not in (None, a.id)  # the new name is another assessment's that day
            if other_day or taken or not self.renames:
                day = stored.assessed_on.isoformat()
                if stored.deleted:
                    was = Text("{client} assessed on {day} (deleted)", client=stored.client_name, day=day)
                else:
                    was = Text("{client} assessed on {day}", client=stored.client_name, day=day)
                rename = "" if other_day or taken else Text(", or import with --rename if the client's name was corrected")
                if typed:
                    why = Text("id {id} is {was} in the store, not {row}: check the id (leave it blank to match by client and date){rename}",
                               id=a.id, was=was, row=row, rename=rename)  # fmt: skip
                else:
                    why = Text("{row} is {was} in the store (renamed): write the name as stored{rename}", row=row, was=was, rename=rename)
                return Problem("id", why)
        if stored.deleted:
            return Problem("id", Text("{row} was deleted from the store: not imported again ({command} brings it back)", row=row,
                                      command=f"readiness restore {a.id}"))  # fmt: skip
        return None

    def note(self, a: Assessment, day: str) -> None:
        """Remember a row passed: later rows and files are checked against it too."""
        stored = self.known.get(a.id)
        if stored is not None and self.by_day.get(was := derived_id(stored.client_name, stored.assessed_on)) == a.id:
            del self.by_day[was]
        self.known[a.id] = Identity(a.client.name, a.assessed_on)
        self.by_day[day] = a.id


def _day_key(a: Assessment, typed: set[str]) -> str:
    """The key of an assessment's client and day: the id a row of them gets without an id (its own, if it has none)."""
    return derived_id(a.client.name, a.assessed_on) if a.id in typed else a.id
