"""Input limits: documented defaults, changed by environment variables, each refusal one short line."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from readiness.core.errors import ImportFileError, InputLimitError, ReadinessError, ValidationError
from readiness.core.limits import LIMITS, check_xlsx_size, limit, parse_json, read_bounded, read_document, shown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "limits.md"


@pytest.mark.parametrize(
    ("name", "default"),
    [("table_mb", 512), ("xlsx_mb", 512), ("rows", 1_000_000), ("cell", 32_767), ("json_kb", 1024), ("json_depth", 32),
     ("number_length", 40)],
)  # fmt: skip
def test_defaults_and_their_variables(monkeypatch, name, default):
    monkeypatch.delenv(LIMITS[name].variable, raising=False)
    assert limit(name) == default
    monkeypatch.setenv(LIMITS[name].variable, "7")
    assert limit(name) == 7
    monkeypatch.setenv(LIMITS[name].variable, "1 000")  # written as people write numbers
    assert limit(name) == 1000


@pytest.mark.parametrize("raw", ["0", "-5", "many", "1.5", "40000"])
def test_a_bad_setting_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("READINESS_MAX_CELL", raw)
    with pytest.raises(ReadinessError, match=r"^READINESS_MAX_CELL must be a whole number ≥ 1 and at most 32 767"):
        limit("cell")


def test_every_limit_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for spec in LIMITS.values():
        assert spec.variable in text and f"{spec.default:,}".replace(",", " ") in text, spec.variable


# ---------------------------------------------------------------- file size


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2049)
    with pytest.raises(InputLimitError, match=r"big.json: larger than 1 024 KB \(READINESS_MAX_JSON_KB\)"):
        read_bounded(path, 2048, "a test file", "json_kb")
    assert read_bounded(path, 2049, "a test file", "json_kb") == b" " * 2049


def test_an_endless_device_stops_at_the_limit():
    with pytest.raises(InputLimitError, match="/dev/zero: larger than"):
        read_bounded("/dev/zero", 3 * 1024 * 1024, "a test", "json_kb")  # read in chunks: three of them, then stop


def test_a_reason_to_refuse_found_in_the_first_bytes_stops_at_once():
    with pytest.raises(ImportFileError, match="^/dev/zero: binary$"):
        read_bounded("/dev/zero", 1 << 40, "a test", "table_mb", lambda start: "binary" if b"\0" in start else None)


def test_a_missing_document_says_it_cannot_be_read(tmp_path):
    with pytest.raises(ImportFileError, match="nowhere.json: cannot read the file: No such file"):
        read_document(tmp_path / "nowhere.json")


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("[" * 32 + "]" * 32, True),
        ("[" * 33 + "]" * 33, False),
        ('{"a": ' * 33 + "1" + "}" * 33, False),
        ('["' + "[" * 1000 + '"]', True),  # brackets inside a text are no nesting
        ('["\\"' + "[" * 1000 + '"]', True),  # nor after an escaped quote
        ("[" * 100_000, False),
        ("1" * 40, True),
        ("1" * 41, False),
        ("-1.5e+300", True),
        ("1" * 5000, False),
    ],
)
def test_json_depth_and_number_length(text, ok):
    if ok:
        assert parse_json(text) == json.loads(text)
    else:
        with pytest.raises(ValidationError) as caught:
            parse_json(text)
        assert len(str(caught.value)) < 200


def test_a_bad_json_says_where():
    with pytest.raises(ValidationError, match=r"not valid JSON: Expecting .* \(line 2 column 1\)"):
        parse_json('{"a":\n')
    with pytest.raises(ValidationError, match="not UTF-8"):
        parse_json(b'{"a": "\xe9"}')


# ---------------------------------------------------------------- XLSX and messages


def test_the_zip_directory_is_enough_to_refuse_an_xlsx(monkeypatch):
    monkeypatch.setenv("READINESS_MAX_XLSX_MB", "1")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as parts:
        parts.writestr("xl/worksheets/sheet1.xml", b" " * (1024 * 1024 + 1))
    with zipfile.ZipFile(data) as parts, pytest.raises(InputLimitError, match=r"unpacks to 1 MB, more than 1 MB"):
        check_xlsx_size("bomb.xlsx", parts)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("court", '"court"'),
        ("a" * 150, '"' + "a" * 100 + '…"'),
        ("\x1b[2J\x07", '"\\x1b[2J\\x07"'),
        ("\ud800", '"\\ud800"'),
        (12, "12"),
    ],
)
def test_a_bad_value_is_echoed_short_and_harmless(value, expected):
    assert shown(value) == expected
