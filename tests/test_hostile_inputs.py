"""The hostile-input corpus (tests/hostile_corpus.py) through the real command line: for each case its exit
status and message, no traceback, no raw control character on the terminal, and a short refusal."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess

import pytest
from builders import SCRIPT
from hostile_corpus import CASES, Case

RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(c: Case, folder, *args: str, first_line_only: bool = False) -> tuple[int, str, str]:
    """Run `readiness ARGS` in the case's folder; (status, stdout, stderr)."""
    env = {**os.environ, "READINESS_STORE": str(folder / "store"), "PYTHONIOENCODING": "utf-8", **c.env}
    env.pop("COLUMNS", None)
    if not first_line_only:
        done = subprocess.run([SCRIPT, *args], cwd=folder, env=env, capture_output=True, timeout=120)
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    with subprocess.Popen([SCRIPT, *args], cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        first = process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        err = process.stderr.read()
        return process.wait(timeout=120), first.decode("utf-8"), err.decode("utf-8")


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_hostile_input(tmp_path, c):
    c.make(tmp_path)
    for setup in c.setup:
        status, out, err = run(c, tmp_path, *setup)
        assert status in (0, 1) and "Traceback" not in out + err, (setup, out, err)
    status, out, err = run(c, tmp_path, *c.args, first_line_only=c.first_line_only)
    said = out + err
    assert "Traceback" not in said and "Error:" not in said.replace("InputLimitError", ""), said[-3000:]
    assert status == c.status, said[-3000:]
    for words in c.says:
        assert words in said, said[-3000:]
    assert not RAW_CONTROL.search(said), "a raw control character reached the terminal"
    if c.status == 2 and c.most_lines is not None:
        assert len(said.splitlines()) <= c.most_lines and len(said) < 1000, said[-3000:]
    if c.first_line_only:
        assert out.split() == ["date", "client", "industry", "size", "overall", "verdict", "id"] and err == ""


def test_the_corpus_covers_every_item_of_the_issue():
    assert {c.issue for c in CASES} >= {"1", "4", "5", "6", "7", "limits"}
    assert len({c.name for c in CASES}) == len(CASES)


def test_formulas_in_the_exported_csv_run_in_no_locale(tmp_path):
    (c,) = [c for c in CASES if c.name == "formula-after-a-semicolon"]
    c.make(tmp_path)
    for args in (*c.setup, c.args):
        run(c, tmp_path, *args)
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    for separator in (",", ";", "\t"):
        cells = [cell for line in text.splitlines() for cell in next(csv.reader(io.StringIO(line), delimiter=separator))]
        assert not [cell for cell in cells if cell.lstrip(' "').startswith(("=", "+", "-", "@"))], (separator, text)
