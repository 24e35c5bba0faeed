"""Text cells that a spreadsheet would run as formulas, kept as text in exported CSV files.

A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (some also a tab or a carriage
return). In a CSV file the cell it sees does not always start where ours does: a French-locale
Excel splits a comma file on `;`, another reader on tabs or at line breaks, so `a;=1+1` becomes a
cell `=1+1`. So an apostrophe goes before each such character at the start of the cell AND after
every `,` `;` tab or line break (spaces and double quotes between are skipped), which every
spreadsheet shows as text, whatever its separator. An apostrophe already in such a place gets a
second one, so reading removes exactly what writing added: the round trip changes nothing.

    neutralised("=1+1")      -> "'=1+1"
    neutralised("a;=1+1")    -> "a;'=1+1"
    restored("a;'=1+1")      -> "a;=1+1"
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = "=+\\-@'\t\r"  # what gets an apostrophe before it: formula starts, and apostrophes (so reading can tell)
_RISKY = re.compile(f'(^|[,;\t\r\n])([ "]*)(?=[{_GUARDED}])')
_MARKED = re.compile(f"(^|[,;\t\r\n])([ \"]*)'(?=[{_GUARDED}])")
_ANY_GUARDED = re.compile(f"[{_GUARDED}]")


def neutralised(text: str) -> str:
    """`text` with an apostrophe before each character a spreadsheet would start a formula with."""
    if _ANY_GUARDED.search(text) is None:
        return text  # the usual cell
    return _RISKY.sub(r"\1\2'", text)


def restored(text: str) -> str:
    """The text `neutralised` was given (a cell read back from a CSV file)."""
    if "'" not in text:
        return text
    return _MARKED.sub(r"\1\2", text)


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read the cell as a formula if typed in (its first character)."""
    return text.startswith(FORMULA_STARTS)


def neutralised_table(table: Any) -> Any:
    """A copy of a pandas DataFrame with every text cell `neutralised`, for a CSV export."""
    return table.map(lambda value: neutralised(value) if isinstance(value, str) else value)


def text_not_formulas(sheet: Any) -> None:
    """Every cell of an openpyxl worksheet that was taken for a formula (a text starting with `=`) is text again."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
                cell.quotePrefix = True
