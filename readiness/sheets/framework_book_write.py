"""Writing a framework as an XLSX workbook (the layout of readiness.sheets.framework_book), for an agency to start from.

    write_framework_book(load_framework("social-media-2026"), "my-agency.xlsx")

The workbook read back gives the same framework (tests check the round trip), so an agency can
copy a shipped framework into Excel, change it, and check it with `readiness framework --check`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from ..core.framework import Framework, framework_to_dict
from ..store.writer import write_atomically
from .framework_book import LISTS

QUESTION_SETTINGS = ("currency", "minimum", "blocker", "exempt_sizes", "rates", "blocker_at", "unknown_risk",
                     "unknown_points", "bounce_weight", "roi_weight")  # fmt: skip
WIDE = 60  # characters: the width of text columns


def write_framework_book(framework: Framework, path: str | os.PathLike) -> Path:
    """Write the framework as a workbook (settings, questions, choices, goals, bands, labels); return the path."""
    path = Path(path)
    write_atomically(path, partial(_write, framework_book_rows(framework)))
    return path


def framework_book_rows(framework: Framework) -> dict[str, list[list[Any]]]:
    """Each sheet's rows, header first, as the workbook holds them."""
    data, langs = framework_to_dict(framework), framework.languages
    return {
        "settings": _settings(data, langs),
        "questions": _questions(data, langs),
        "choices": _choices(data, langs),
        "goals": _goals(data, langs),
        "bands": _bands(data, langs),
        "labels": _labels(data, langs),
    }


def _texts(name: str, langs: Iterable[str]) -> list[str]:
    return [f"{name}::{lang}" for lang in langs]


def _in(texts: Mapping[str, str] | None, langs: Iterable[str]) -> list[Any]:
    return [(texts or {}).get(lang) for lang in langs]


def _advice(advice: Mapping[str, str] | None, langs: Iterable[str]) -> list[Any]:
    return [(advice or {}).get("code"), *_in(advice, langs)]


def _settings(data: Mapping[str, Any], langs: tuple[str, ...]) -> list[list[Any]]:
    header = ["id", "version", "languages", *_texts("title", langs), "ready_at", "conditional_at"]
    verdict = data["verdict"]
    return [header, [data["id"], data["version"], ", ".join(langs), *_in(data["title"], langs), verdict["ready_at"], verdict["conditional_at"]]]


def _questions(data: Mapping[str, Any], langs: tuple[str, ...]) -> list[list[Any]]:
    header = ["id", "kind", "weight", *_texts("text", langs), *_texts("short", langs), *_texts("help", langs),
              *QUESTION_SETTINGS, "unknown_advice", *_texts("unknown_advice", langs)]  # fmt: skip
    rows = [header]
    for q in data["questions"]:
        settings = [_setting(q.get(key)) for key in QUESTION_SETTINGS]
        rows.append([q["id"], q["kind"], q["weight"], *_in(q["text"], langs), *_in(q["short"], langs), *_in(q.get("help"), langs),
                     *settings, *_advice(q.get("unknown_advice"), langs)])  # fmt: skip
    return rows


def _setting(value: Any) -> Any:
    """A setting as one cell: lists joined with commas, rates as `USD=1.38; EUR=1.5`."""
    if isinstance(value, list):
        return ", ".join(map(str, value)) or None
    if isinstance(value, Mapping):
        return "; ".join(f"{code}={rate:g}" for code, rate in value.items())
    return value


def _choices(data: Mapping[str, Any], langs: tuple[str, ...]) -> list[list[Any]]:
    rows = [["question", "code", "points", "blocker", "risk", *_texts("label", langs), "advice", *_texts("advice", langs)]]
    for q in data["questions"]:
        listed = [{"code": code, **q[code]} for code in ("no", "yes")] if q["kind"] == "yes_no" else q.get("choices", []) + q.get("roi", [])
        for c in listed:
            rows.append([q["id"], c["code"], c["points"], c.get("blocker"), c.get("risk"), *_in(c["label"], langs), *_advice(c.get("advice"), langs)])
    return rows


def _goals(data: Mapping[str, Any], langs: tuple[str, ...]) -> list[list[Any]]:
    rows = [["question", "code", *_texts("label", langs)]]
    for q in data["questions"]:
        rows += [[q["id"], code, *_in(texts, langs)] for code, texts in q.get("goals", {}).items()]
    return rows


def _bands(data: Mapping[str, Any], langs: tuple[str, ...]) -> list[list[Any]]:
    rows = [["question", "list", "sizes", "from", "points", "advice", *_texts("advice", langs)]]
    for q in data["questions"]:
        for kind in ("bands", "bounce_bands"):
            rows += [[q["id"], kind, None, b["from"], b["points"], *_advice(b.get("advice"), langs)] for b in q.get(kind, [])]
        for group in q.get("size_bands", []):
            sizes = ", ".join(group["sizes"])
            rows += [[q["id"], "size_bands", sizes, b["from"], b["points"], *_advice(b.get("advice"), langs)] for b in group["bands"]]
    return rows


def _labels(data: Mapping[str, Any], langs: tuple[str, ...]) -> list[list[Any]]:
    rows = [["list", "code", *_texts("label", langs)]]
    for kind, key in LISTS.items():
        rows += [[kind, code, *_in(texts, langs)] for code, texts in data[key].items()]
    return rows


def _write(sheets: Mapping[str, list[list[Any]]], file: BinaryIO) -> None:
    """The workbook: bold headers, text columns wide and wrapped, the header row frozen; every text kept as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            wide = "::" in str(cell.value)
            sheet.column_dimensions[cell.column_letter].width = WIDE if wide else max(12, len(str(cell.value)) + 2)
            for column in sheet.iter_rows(min_row=2, min_col=cell.column, max_col=cell.column):
                column[0].alignment = Alignment(wrap_text=wide, vertical="top")
                if isinstance(column[0].value, str):
                    column[0].data_type = "s"  # a text such as "=" stays text, never a formula
        sheet.freeze_panes = "A2"
    book.save(file)
