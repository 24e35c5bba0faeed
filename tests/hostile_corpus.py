"""The hostile-input corpus: broken, huge and malicious inputs, each with the outcome the command line must give.

    python tests/hostile_corpus.py OUT_DIR    write every case's files into OUT_DIR/<case>/ and list the cases

Each case writes its files into a folder of its own, then runs one `readiness` command there (after
its `setup` commands, if any), with `READINESS_STORE` pointing into that folder. It says the exit
status the command must end with and words its output must hold. tests/test_hostile_inputs.py runs
every case through the real command line and checks, for each, that status and those words, that no
traceback is printed, that no raw control character reaches the terminal, and that a refusal is short.
The cases follow the probe of issue 11 (items 1, 4, 5, 6 and 7) and the limits in docs/limits.md.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = (
    "id", "client_name", "industry", "size", "assessed_on", "consultant", "language", "objectives", "goals",
    "content", "champion", "budget_annual", "currency", "bounce_rate", "website_roi", "notes",
)  # fmt: skip
GOOD = {"industry": "retail", "size": "small", "language": "fr", "objectives": "clear", "content": "content_plan",
        "champion": "dedicated", "budget_annual": "20000", "currency": "CAD", "bounce_rate": "40", "website_roi": "some"}  # fmt: skip
ASSESSMENT = {
    "format": "readiness.assessment/1",
    "client": {"name": "Boulangerie Tremblay", "industry": "retail", "size": "very_small"},
    "assessed_on": "2026-11-26",
    "answers": {"content": {"choice": "self_promotion"}, "budget": {"annual_amount": 6000, "currency": "CAD"}},
}


@dataclass(frozen=True)
class Case:
    """One hostile input and what the command line must do with it."""

    name: str
    issue: str  # the item of issue 11 it comes from (or "limits", "names", "formulas")
    args: tuple[str, ...]  # the readiness command, run in the case's folder
    status: int
    says: tuple[str, ...] = ()  # words the output (stdout and stderr) must hold
    make: Callable[[Path], None] = lambda folder: None
    env: dict[str, str] = field(default_factory=dict)
    setup: tuple[tuple[str, ...], ...] = ()  # commands run first (their status must be 0 or 1)
    first_line_only: bool = False  # the reader stops after one line, as `| head -1` does
    most_lines: int | None = 3  # for a refusal: the most lines it may print (None: no limit)


CASES: list[Case] = []


def case(name: str, issue: str, *args: str, status: int, says: tuple[str, ...] = (), **options) -> Callable:
    """Register the decorated function as the file maker of a case."""

    def register(make: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES.append(Case(name, issue, args, status, says, make, **options))
        return make

    return register


# ---------------------------------------------------------------- helpers


def rows(count: int, **changes) -> list[dict[str, str]]:
    """`count` good rows of the flat layout, one client each."""
    return [GOOD | {"client_name": f"Client {i}", "assessed_on": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"} | changes for i in range(count)]


def csv_text(records: list[dict[str, str]], separator: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([record.get(c, "") for c in COLUMNS] for record in records)
    return out.getvalue()


def with_stray_quote(text: str, line: int, before: str) -> str:
    """The CSV text with a `"` opened before `before` on physical line `line` (1 = header), never closed."""
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace(before, '"' + before, 1)
    return "".join(lines)


def write(path: Path, data: str | bytes) -> None:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def assessment(**changes) -> str:
    doc = json.loads(json.dumps(ASSESSMENT))
    for key, value in changes.items():
        if key in ("name", "industry"):
            doc["client"][key] = value
        else:
            doc[key] = value
    return json.dumps(doc, ensure_ascii=False)


def xlsx(path: Path, records: list[dict[str, str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for record in records:
        sheet.append([record.get(c) or None for c in COLUMNS])
    book.save(path)


def rezipped(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """A copy of an XLSX with parts changed (`change(name, data)` gives the new data, or None to drop the part)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item))
            if data is not None:
                new.writestr(item.filename, data)


def broken_xlsx(folder: Path, name: str, change: Callable[[str, bytes], bytes | None], records: list | None = None) -> None:
    xlsx(folder / "good.xlsx", rows(3) if records is None else records)
    rezipped(folder / "good.xlsx", folder / name, change)
    (folder / "good.xlsx").unlink()


# ---------------------------------------------------------------- 1. rows silently lost


@case("stray-quote", "1", "import", "--check", "quote.csv", status=1,
      says=("11 rows: 10 would be imported, 1 rejected", "row 4: a quote opened in client_name on line 4 is not closed",
            "lines 4–12 were read as one cell (the lines after it are read again as rows of their own)"), most_lines=None)  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "quote.csv", with_stray_quote(csv_text(rows(11)), 4, "Client 2"))


@case("stray-quote-closed-later", "1", "import", "--check", "quote.csv", status=1,
      says=("12 rows: 11 would be imported, 1 rejected", "row 4: a quote opened in client_name on line 4",
            "lines 4–10 were read as one cell"),
      most_lines=None)  # fmt: skip
def _(folder: Path) -> None:
    records = rows(12)
    records[8]["notes"] = "Notes, with a comma"  # written between quotes: the stray quote closes there
    write(folder / "quote.csv", with_stray_quote(csv_text(records), 4, "Client 2"))


@case("stray-quote-in-2000-rows", "1", "import", "--check", "quote.csv", status=1,
      says=("2000 rows: 1999 would be imported, 1 rejected", "row 4: a quote opened in client_name on line 4"),
      most_lines=None)  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "quote.csv", with_stray_quote(csv_text(rows(2000)), 4, "Client 2"))


@case("stray-quote-semicolons-cr", "1", "import", "--check", "quote.csv", status=1,
      says=("6 rows: 5 would be imported, 1 rejected", "a quote opened in notes on line 3"), most_lines=None)  # fmt: skip
def _(folder: Path) -> None:
    text = csv_text(rows(6, notes="ok"), separator=";").replace("\n", "\r")  # old Mac line ends
    lines = text.split("\r")
    lines[2] = lines[2][: -len("ok")] + '"ok'
    write(folder / "quote.csv", "\r".join(lines).encode("cp1252"))


@case("notes-cell-of-200000-characters", "1", "import", "--check", "long.csv", status=1,
      says=("3 rows: 2 would be imported, 1 rejected", "row 3: notes is longer than 32 767 characters (READINESS_MAX_CELL)"),
      most_lines=None)  # fmt: skip
def _(folder: Path) -> None:
    records = rows(3)
    records[1]["notes"] = "x" * 200_000
    write(folder / "long.csv", csv_text(records))


@case("cell-limit-set-lower", "limits", "import", "--check", "long.csv", status=1,
      says=("row 2: client_name is longer than 50 characters (READINESS_MAX_CELL)",), most_lines=None,
      env={"READINESS_MAX_CELL": "50"})  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "long.csv", csv_text(rows(2, client_name="N" * 60)[:1] + rows(1)))


@case("xlsx-cell-beyond-excel", "1", "import", "--check", "long.xlsx", status=1,
      says=("row 2: notes is longer than 32 767 characters (READINESS_MAX_CELL)",), most_lines=None)  # fmt: skip
def _(folder: Path) -> None:
    """Excel (and openpyxl) cut a cell at 32 767 characters; a program writing the XML itself may not."""
    records = rows(2)
    records[0]["notes"] = "LONGNOTE"
    broken_xlsx(folder, "long.xlsx", lambda name, data: data.replace(b"LONGNOTE", b"y" * 40_000), records)


# ---------------------------------------------------------------- 4. unbounded inputs


@case("score-dev-zero", "4", "score", "/dev/zero", status=2,
      says=("/dev/zero: larger than 1 024 KB (READINESS_MAX_JSON_KB)",))  # fmt: skip
def _(folder: Path) -> None:
    pass


@case("import-dev-zero", "4", "import", "--check", "/dev/zero", status=2, says=("/dev/zero: cannot be read: not a text table",))
def _(folder: Path) -> None:
    pass


@case("table-over-the-file-size-limit", "4", "import", "--check", "big.csv", status=2,
      says=("big.csv: cannot be read: larger than 1 MB (READINESS_MAX_TABLE_MB), the limit for a table file",),
      env={"READINESS_MAX_TABLE_MB": "1"})  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "big.csv", csv_text(rows(12_000)))


@case("xlsx-zip-bomb", "4", "import", "--check", "bomb.xlsx", status=2,
      says=("bomb.xlsx: cannot be read: unpacks to 1 100 MB, more than 512 MB (READINESS_MAX_XLSX_MB): not read",))  # fmt: skip
def _(folder: Path) -> None:
    """5 MB that unpack to 1.1 GB, as in the probe (which took 3.1 GB of memory to accept it)."""
    xlsx(folder / "good.xlsx", rows(2))
    with zipfile.ZipFile(folder / "good.xlsx") as old, zipfile.ZipFile(folder / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for item in old.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                new.writestr(item.filename, old.read(item))
        with new.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            blank = b" " * (1 << 20)
            for _ in range(1100):
                sheet.write(blank)
    (folder / "good.xlsx").unlink()


@case("xlsx-zip-directory-lies", "4", "import", "--check", "lies.xlsx", status=2,
      says=("lies.xlsx: cannot be read: unpacks to 4 096 MB, more than 512 MB (READINESS_MAX_XLSX_MB)",))  # fmt: skip
def _(folder: Path) -> None:
    """A small file whose zip directory claims a part of 4 GB: refused from the directory alone, nothing unpacked."""
    xlsx(folder / "lies.xlsx", rows(2))
    data = bytearray((folder / "lies.xlsx").read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the last central-directory entry
    data[central + 24 : central + 28] = (0xFFFFFFFE).to_bytes(4, "little")  # its uncompressed size
    write(folder / "lies.xlsx", bytes(data))


@case("xlsx-says-3-million-rows", "4", "import", "--check", "huge.xlsx", status=2,
      says=("the sheet says it has 3 000 000 rows, more than 1 000 000 rows (READINESS_MAX_ROWS)",))  # fmt: skip
def _(folder: Path) -> None:
    def dimension(name: str, data: bytes) -> bytes:
        return data.replace(b'<dimension ref="A1:P3"/>', b'<dimension ref="A1:P3000000"/>') if "worksheets" in name else data

    xlsx(folder / "good.xlsx", rows(2))
    rezipped(folder / "good.xlsx", folder / "huge.xlsx", dimension)
    (folder / "good.xlsx").unlink()


@case("xlsx-more-rows-than-the-limit", "4", "import", "--check", "many.xlsx", status=2,
      says=("more than 100 rows (READINESS_MAX_ROWS): not read (split the file)",), env={"READINESS_MAX_ROWS": "100"})  # fmt: skip
def _(folder: Path) -> None:
    xlsx(folder / "many.xlsx", rows(150))


@case("csv-more-rows-than-the-limit", "4", "import", "--check", "many.csv", status=2,
      says=("more than 100 rows (READINESS_MAX_ROWS): not read (split the file)",), env={"READINESS_MAX_ROWS": "100"})  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "many.csv", csv_text(rows(101)))


@case("json-100000-nested-brackets", "4", "score", "deep.json", status=2,
      says=("deep.json: JSON nested deeper than 32 levels (READINESS_MAX_JSON_DEPTH)",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "deep.json", "[" * 100_000)


@case("json-deep-inside-a-field", "4", "score", "deep.json", status=2, says=("nested deeper than 32 levels",))
def _(folder: Path) -> None:
    write(folder / "deep.json", assessment(notes={"general": "[" * 50}).replace('"[[', "[" * 40 + '"[['))


@case("json-5000-digit-budget", "4", "score", "budget.json", status=2,
      says=("a number of 5000 characters is longer than 40 characters (READINESS_MAX_NUMBER_LENGTH)",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "budget.json", assessment(answers={"budget": {"annual_amount": "BIG"}}).replace('"BIG"', "9" * 5000))


@case("json-infinite-budget", "4", "score", "budget.json", status=2, says=("budget.annual_amount must be a number ≥ 0",))
def _(folder: Path) -> None:
    write(folder / "budget.json", assessment(answers={"budget": {"annual_amount": "BIG"}}).replace('"BIG"', "1e999"))


@case("a-stored-file-nested-without-end", "4", "list", status=0, says=("0 assessments", "skipped:", "deep.json"),
      most_lines=None)  # fmt: skip
def _(folder: Path) -> None:
    (folder / "store").mkdir()
    write(folder / "store" / "deep.json", "[" * 100_000)  # dropped into a shared folder store


@case("deck-template-zip-bomb", "4", "deck", "good.json", "--template", "bomb.pptx", "--out", "deck.pptx", status=2,
      says=("bomb.pptx: unpacks to 600 MB, more than 512 MB (READINESS_MAX_XLSX_MB)",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "good.json", assessment())
    with zipfile.ZipFile(folder / "bomb.pptx", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as parts:
        image = parts.open("ppt/media/image1.png", "w", force_zip64=True)
        for _ in range(600):
            image.write(b"\0" * (1 << 20))
        image.close()


@case("validate-deep-then-good", "4", "validate", "deep.json", "good.json", status=2,
      says=("deep.json: 1 problem", "nested deeper than 32 levels", "good.json: ok"))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "deep.json", "[" * 100_000)
    write(folder / "good.json", assessment())


@case("framework-nested-too-deep", "4", "--framework", "deep.json", "framework", status=2,
      says=("not a valid framework file: JSON nested deeper than 32 levels",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "deep.json", '{"id": ' + "[" * 100_000)


@case("framework-yaml-nested-too-deep", "4", "--framework", "deep.yaml", "framework", status=2,
      says=("not a valid framework file",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "deep.yaml", "id: " + "[" * 100_000)


@case("limit-variable-not-a-number", "limits", "import", "--check", "ok.csv", status=2,
      says=("READINESS_MAX_ROWS must be a whole number ≥ 1 (rows), got \"many\"",), env={"READINESS_MAX_ROWS": "many"})  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "ok.csv", csv_text(rows(2)))


@case("cell-limit-above-what-xlsx-holds", "limits", "import", "--check", "ok.csv", status=2,
      says=("READINESS_MAX_CELL must be a whole number ≥ 1 and at most 32 767",), env={"READINESS_MAX_CELL": "40000"})  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "ok.csv", csv_text(rows(2)))


# ---------------------------------------------------------------- 5. valid names that crashed outputs


@case("name-of-206-characters", "5", "deck", "long.json", "--out", "deck.pptx", status=2,
      says=("client.name must be at most 120 characters (this one has 206)",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "long.json", assessment(name="B" * 206))


@case("name-of-120-characters-makes-a-deck", "5", "deck", "long.json", "--out", "deck.pptx", status=0, says=("deck.pptx",))
def _(folder: Path) -> None:
    write(folder / "long.json", assessment(name="Boulangerie " * 9 + "Tremblay inc"[: 120 - 108]))


@case("odd-but-valid-names-make-charts", "5", "charts", "odd.json", "--out", "charts", status=0, says=("charts",))
def _(folder: Path) -> None:
    write(folder / "odd.json", assessment(name="$\\frac{1}{$ <b>&amp;</b> =1+1 😀 שלום", industry="^_^ {x} %s"))


@case("name-with-control-characters", "5", "deck", "bell.json", "--out", "deck.pptx", status=2,
      says=("client.name must be a one-line text without control characters (it has the control character U+0007",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "bell.json", assessment(name="Cloche\u0007 et fils"))


@case("name-with-nul", "5", "score", "nul.json", status=2, says=("the control character U+0000 at character 4",))
def _(folder: Path) -> None:
    write(folder / "nul.json", assessment(name="Nul\u0000le part"))


@case("name-with-a-lone-surrogate", "5", "score", "half.json", status=2,
      says=("U+D83D (half of a character: a lone surrogate)",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "half.json", assessment(name="Demi \\ud83d caractère").replace("\\\\ud83d", "\\ud83d"))


@case("bad-names-in-an-import", "5", "import", "names.csv", status=1,
      says=("4 rows: 1 imported", "row 3: client_name must be a one-line text without control characters",
            "row 4: client_name must be at most 120 characters (this one has 206)", "row 5: consultant must be"))  # fmt: skip
def _(folder: Path) -> None:
    records = rows(4)
    records[1]["client_name"] = "Mau\x07vaise"
    records[2]["client_name"] = "L" * 206
    records[3]["consultant"] = "M.\x1b[2J Gagnon"
    write(folder / "names.csv", csv_text(records))


# ---------------------------------------------------------------- 6. XLSX export and import back


@case("xlsx-export-and-import-back", "6", "import", "--check", "back.xlsx", status=0,
      says=("4 rows: 4 would be imported",),
      setup=(("import", "tricky.csv"), ("export", "back.xlsx")))  # fmt: skip
def _(folder: Path) -> None:
    records = rows(4)
    records[0]["client_name"] = "=HYPERLINK(\"http://x\",\"clic\")"
    records[1]["client_name"] = "'quoted' ; -1"
    records[2]["notes"] = json.dumps({"general": "Ligne 1\n\tLigne 2 " + "z" * 30_000})
    records[3]["industry"] = "@SUM(A1) 😀"
    write(folder / "tricky.csv", csv_text(records))


# ---------------------------------------------------------------- 7. others


@case("broken-workbook-xml", "7", "import", "--check", "broken.xlsx", status=2,
      says=("broken.xlsx: cannot be read: not a readable Excel file (damaged or unsafe XML:",))  # fmt: skip
def _(folder: Path) -> None:
    broken_xlsx(folder, "broken.xlsx", lambda name, data: data[: len(data) // 2] if name == "xl/workbook.xml" else data)


@case("xlsx-without-its-sheet", "7", "import", "--check", "nosheet.xlsx", status=2,
      says=("nosheet.xlsx: cannot be read: no worksheet has a header row",))  # fmt: skip
def _(folder: Path) -> None:
    broken_xlsx(folder, "nosheet.xlsx", lambda name, data: None if "worksheets/" in name else data)


@case("xlsx-sheet-of-garbage", "7", "import", "--check", "garbage.xlsx", status=2,
      says=("garbage.xlsx: cannot be read: not a readable Excel file (damaged or unsafe XML:",))  # fmt: skip
def _(folder: Path) -> None:
    broken_xlsx(folder, "garbage.xlsx", lambda name, data: b"<<<\x00 not xml" if "worksheets/" in name else data)


@case("xlsx-entity-expansion", "7", "import", "--check", "laughs.xlsx", status=2,
      says=("laughs.xlsx: cannot be read: not a readable Excel file (XML entities",))  # fmt: skip
def _(folder: Path) -> None:
    """A billion laughs: ten entities each ten times the one before, in the worksheet itself."""
    doctype = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
               + b"".join(b'<!ENTITY %c "%s">' % (98 + i, (b"&%c;" % (97 + i)) * 10) for i in range(9)) + b"]>")  # fmt: skip

    def laughs(name: str, data: bytes) -> bytes:
        if "worksheets/" not in name:
            return data
        return data.replace(b"<worksheet", doctype + b"<worksheet", 1).replace(b">Client 0<", b">&j;<")

    broken_xlsx(folder, "laughs.xlsx", laughs)


@case("xlsx-truncated", "7", "import", "--check", "cut.xlsx", status=2,
      says=("cut.xlsx: cannot be read: not a readable Excel file (a damaged zip archive:",))  # fmt: skip
def _(folder: Path) -> None:
    xlsx(folder / "good.xlsx", rows(3))
    data = (folder / "good.xlsx").read_bytes()
    write(folder / "cut.xlsx", data[: len(data) // 2])
    (folder / "good.xlsx").unlink()


@case("zip-that-is-not-a-workbook", "7", "import", "--check", "other.xlsx", status=2,
      says=("other.xlsx: cannot be read: not a readable Excel file (a part is missing:",))  # fmt: skip
def _(folder: Path) -> None:
    with zipfile.ZipFile(folder / "other.xlsx", "w") as parts:
        parts.writestr("readme.txt", "not a workbook")


@case("picture-named-csv", "7", "import", "--check", "photo.csv", status=2, says=("photo.csv: cannot be read: not a text table",))
def _(folder: Path) -> None:
    write(folder / "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)


@case("nul-after-the-first-chunk", "7", "import", "--check", "late.csv", status=1, says=("3 would be imported, 1 rejected", "row 5: id is longer than"))
def _(folder: Path) -> None:
    write(folder / "late.csv", csv_text(rows(3)) + "x" * 2_000_000 + "\x00")


@case("one-line-of-a-million-characters", "7", "import", "--check", "line.csv", status=2, says=("no header row",))
def _(folder: Path) -> None:
    write(folder / "line.csv", '"' + "x" * 1_000_000 + "\n")


@case("a-row-of-100000-cells", "7", "import", "--check", "wide.csv", status=1,
      says=("2 rows: 1 would be imported, 1 rejected", "row 3: the row has 100000 cells but the header only 16"))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "wide.csv", csv_text(rows(1)) + ",Client X,retail,small,2025-01-01" + "," * 99_995 + "x\n")


@case("list-into-head", "7", "list", "--all", status=141, first_line_only=True,  # (--all: more than a pipe holds, whatever the timing)
      setup=(("import", "--no-progress", "many.csv"),), env={"READINESS_STORE": "sqlite:///store.db"})  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "many.csv", csv_text(rows(1500)))


@case("escape-sequences-in-a-file-name", "7", "import", "--check", "\x1b]0;pwned\x07\x1b[2J.csv", status=2,
      says=("\\x1b]0;pwned\\x07\\x1b[2J.csv: cannot be read",))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "\x1b]0;pwned\x07\x1b[2J.csv", "no header here\n")


@case("escape-sequences-in-a-rejected-cell", "7", "import", "--check", "esc.csv", status=1,
      says=('got "\\x1b]52;c;cHduZWQ=\\x07 Fils"',))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "esc.csv", csv_text(rows(1, client_name="\x1b]52;c;cHduZWQ=\x07 Fils")))


@case("escape-sequences-in-a-json-name", "7", "score", "esc.json", status=2, says=("\\x1b[31m",))
def _(folder: Path) -> None:
    write(folder / "esc.json", assessment(name="Rouge\u001b[31m inc"))


@case("bidi-override-in-a-name", "7", "list", status=0, says=("\\u202e",), most_lines=None,
      setup=(("import", "bidi.csv"),))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "bidi.csv", csv_text(rows(1, client_name="Client \u202eexe.fdp")))


# ---------------------------------------------------------------- formulas, in the exported CSV


@case("formula-after-a-semicolon", "7", "export", "out.csv", status=0, says=("wrote 1 assessment",),
      setup=(("import", "formula.csv"),))  # fmt: skip
def _(folder: Path) -> None:
    write(folder / "formula.csv", csv_text(rows(1, client_name="Dupont;=1+1", industry="a,@SUM(A1)", consultant="+2 autre")))


def main(argv: list[str]) -> int:
    """Write every case's files into OUT_DIR/<case>/ and print the cases."""
    if len(argv) != 1:
        print(__doc__)
        return 2
    out = Path(argv[0])
    for c in CASES:
        folder = out / c.name
        folder.mkdir(parents=True, exist_ok=True)
        c.make(folder)
        print(f"{c.name:<40} issue {c.issue:<8} readiness {' '.join(c.args)!r:<60} → exit {c.status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
