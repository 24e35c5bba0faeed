"""One rule for the texts of an assessment, so that every output and every store can carry them.

Names (the client's name, industry, consultant) are one line of at most NAME_MAX characters.
Notes may also hold tabs and line breaks (a Windows line break is kept as a plain one), and all
the notes of an assessment fit in one spreadsheet cell (`XLSX_CELL`, counted as Excel counts).
No text may hold a character that some output cannot carry:

- control characters (U+0000–U+001F, U+007F–U+009F), but tab and line feed in notes: XML (the
  deck, XLSX) refuses most of them, PostgreSQL refuses NUL, terminals run the others;
- lone surrogates (U+D800–U+DFFF): no UTF-8 encoder writes them (files, SQLite, PostgreSQL);
- U+FFFE and U+FFFF, which are not characters at all (XML refuses them).

`escaped(text)` shows any text safely on a terminal: such characters, and the invisible ones that
reorder a line (bidirectional controls), are written as `\\x1b`, `\\u202e`.
"""

from __future__ import annotations

import re

from ..text import Text

XLSX_CELL = 32_767  # characters Excel holds in one cell (UTF-16 code units)
NAME_MAX = 120  # characters of a name: the deck's title and document properties, file names and charts hold it
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_NOTES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # tab and line feed allowed
_ON_TERMINALS = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_LINE_BREAKS = re.compile("\r\n?")


def name_fault(text: str) -> str | None:
    """Why a one-line text (a name) cannot be kept, or None when it can."""
    if len(text) > NAME_MAX:
        return Text("at most {most} characters (this one has {n})", most=NAME_MAX, n=len(text))
    return _character_fault(text, _NOT_IN_NAMES, Text("a one-line text"))


def note_fault(text: str) -> str | None:
    """Why a note cannot be kept, or None when it can (its length is checked with the other notes)."""
    return _character_fault(text, _NOT_IN_NOTES, Text("a text"))


def _character_fault(text: str, forbidden: re.Pattern, kind: str) -> str | None:
    if text.isascii() and text.isprintable():
        return None  # the usual text
    found = forbidden.search(text)
    if found is None:
        return None
    return Text("{kind} without control characters (it has {character} at character {n})", kind=kind, character=_named(found.group()), n=found.start() + 1)


def _named(char: str) -> str:
    """A forbidden character as a consultant can find it."""
    code = ord(char)
    if char in "\r\n":
        return Text("a line break")
    if char == "\t":
        return Text("a tab")
    if 0xD800 <= code <= 0xDFFF:
        return Text("{code} (half of a character: a lone surrogate)", code=f"U+{code:04X}")
    if code in (0xFFFE, 0xFFFF):
        return Text("{code} (not a character)", code=f"U+{code:04X}")
    return Text("the control character {code}", code=f"U+{code:04X}")


def plain_line_breaks(text: str) -> str:
    """A note with Windows (CR LF) and old Mac (CR) line breaks as plain line feeds."""
    return _LINE_BREAKS.sub("\n", text) if "\r" in text else text


def cell_length(text: str) -> int:
    """The length of a text as a spreadsheet counts it (UTF-16 code units: an emoji counts two)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def notes_fault(cell: str) -> str | None:
    """Why the notes, written as their flat-table cell, are too long for one spreadsheet cell, or None."""
    if len(cell) <= XLSX_CELL // 2 or cell_length(cell) <= XLSX_CELL:
        return None
    most, have = (f"{n:,}".replace(",", " ") for n in (XLSX_CELL, cell_length(cell)))
    return Text("at most {most} characters in all, as one spreadsheet cell holds (these have {have})", most=most, have=have)


def escaped(text: str, keep: str = "") -> str:
    """`text` with control, bidirectional and unencodable characters written as `\\x1b`, `\\u202e` (but those in `keep`)."""
    if text.isascii() and text.isprintable():
        return text
    return _ON_TERMINALS.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
