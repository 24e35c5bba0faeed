"""The `readiness` command, through the installed console script (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from builders import SCRIPT

from readiness.core.framework import DEFAULT_PATH, default_framework, load_framework


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run `readiness ARGS…` and capture its output as UTF-8 text."""
    env = {**os.environ, "READINESS_STORE": str(cwd / "store"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [SCRIPT, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


@pytest.fixture
def example_file(tmp_path, example_dict) -> Path:
    path = tmp_path / "tremblay.json"
    path.write_text(json.dumps(example_dict, ensure_ascii=False), encoding="utf-8")
    return path


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- score


def test_score_prints_a_summary_in_the_assessment_language(tmp_path, example_file):
    done = run("score", example_file, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Score global\u00a0: 63,5 / 100 — Verdict\u00a0: Prêt sous conditions" in done.stdout
    assert "Recommandations" in done.stdout
    english = run("score", example_file, "--lang", "en", cwd=tmp_path)
    assert "Overall score: 63.5 / 100 — Verdict: Ready with conditions" in english.stdout


def test_score_json_is_the_result_of_the_contract(tmp_path, example_file):
    done = run("score", example_file, "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["overall"] == 63.5 and result["verdict"] == "conditional"
    assert result["complete"] is True and result["missing"] == [] and result["blockers"] == []
    assert result["dimensions"]["website"] == 67.5
    assert result["framework"] == {"id": "social-media-5q", "version": "1.0"}
    assert {r["dimension"] for r in result["recommendations"]} == {"objectives", "content", "champion", "website"}


def test_score_of_an_incomplete_assessment_is_provisional(tmp_path, example_dict):
    del example_dict["answers"]["website"], example_dict["answers"]["budget"]
    done = run("score", write(tmp_path, "partial.json", example_dict), "--json", cwd=tmp_path)
    result = json.loads(done.stdout)
    assert (result["complete"], result["verdict"], result["missing"]) == (False, None, ["budget", "website"])
    assert result["overall"] == 50.0


# ---------------------------------------------------------------- bad files: exit 2, one line naming the field and value


def change(example: dict, path: tuple, value) -> dict:
    target = example
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return example


@pytest.mark.parametrize(
    "path, value, words",
    [
        (("answers", "content", "choice"), "lots", ['content.choice', '"lots"']),
        (("answers", "champion", "choice"), "stagiaire", ['champion.choice', '"stagiaire"']),
        (("answers", "budget", "annual_amount"), -5, ["budget.annual_amount", "-5"]),
        (("answers", "website", "bounce_rate"), 140, ["website.bounce_rate", "140"]),
        (("client", "size"), "énorme", ["client.size", '"énorme"']),
        (("assessed_on",), "26/11/2026", ["assessed_on", '"26/11/2026"']),
        (("language",), "es", ["language", '"es"']),
    ],
)
def test_bad_field_exits_2_naming_field_and_value(tmp_path, example_dict, path, value, words):
    bad = write(tmp_path, "bad.json", change(example_dict, path, value))
    done = run("score", bad, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    message = done.stderr.strip()
    assert message.startswith(f"readiness score: {bad}: ") and "\n" not in message
    for word in words:
        assert word in message


def test_every_bad_field_in_one_message(tmp_path, example_dict):
    change(example_dict, ("answers", "budget", "annual_amount"), -5)
    change(example_dict, ("answers", "website", "bounce_rate"), 140)
    change(example_dict, ("client", "size"), "huge")
    done = run("score", write(tmp_path, "bad.json", example_dict), cwd=tmp_path)
    assert done.returncode == 2
    for field in ("budget.annual_amount", "website.bounce_rate", "client.size"):
        assert field in done.stderr


@pytest.mark.parametrize(
    "content, words",
    [
        ('{"client": {"name": "Boulangerie', "not valid JSON"),
        ("", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"client": {"name": "Caf\u00e9"}}'.encode("latin-1"), "not valid JSON"),
    ],
)
def test_broken_files_exit_2(tmp_path, content, words):
    path = tmp_path / "broken.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    done = run("score", path, cwd=tmp_path)
    assert done.returncode == 2
    assert words in done.stderr and str(path) in done.stderr
    assert "Traceback" not in done.stderr


def test_truncated_json_says_where(tmp_path, example_file):
    text = example_file.read_text(encoding="utf-8")
    truncated = write(tmp_path, "truncated.json", text[: len(text) // 2])
    done = run("score", truncated, cwd=tmp_path)
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr and "line 1 column" in done.stderr


def test_missing_file_exits_2(tmp_path):
    done = run("score", tmp_path / "nowhere.json", cwd=tmp_path)
    assert done.returncode == 2
    assert "nowhere.json" in done.stderr and "cannot read" in done.stderr


def test_file_with_a_byte_order_mark_is_read(tmp_path, example_dict):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(example_dict).encode("utf-8"))
    assert run("score", path, cwd=tmp_path).returncode == 0


# ---------------------------------------------------------------- validate


def test_validate_lists_every_problem_of_every_file(tmp_path, example_file, example_dict):
    change(example_dict, ("answers", "budget", "annual_amount"), -5)
    change(example_dict, ("answers", "website", "bounce_rate"), 140)
    bad = write(tmp_path, "bad.json", example_dict)
    broken = write(tmp_path, "broken.json", "{")
    done = run("validate", example_file, bad, broken, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert f"{example_file}: ok" in lines
    assert f"{bad}: 2 problems" in lines
    assert any("budget.annual_amount must be a number ≥ 0, got -5" in line for line in lines)
    assert any("website.bounce_rate" in line and "140" in line for line in lines)
    at = lines.index(f"{broken}: 1 problem")
    assert "not valid JSON" in lines[at + 1]


def test_validate_good_files_exits_0(tmp_path, example_file):
    done = run("validate", example_file, cwd=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"{example_file}: ok")


# ---------------------------------------------------------------- framework, and --framework FILE


@pytest.mark.parametrize("lang, title", [("fr", "Prêt pour les médias sociaux ?"), ("en", "Ready for social media?")])
def test_framework_prints_the_questions(tmp_path, lang, title):
    done = run("framework", "--lang", lang, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith(title)
    assert "everyone_is_there" in done.stdout and "website_first" in done.stdout


def test_framework_json_can_be_edited_and_loaded_back(tmp_path, example_file):
    done = run("framework", "--json", cwd=tmp_path)
    data = json.loads(done.stdout)
    data["version"] = "1.0-agence"
    data["verdict"]["ready_at"] = 60
    mine = write(tmp_path, "mine.json", data)
    assert load_framework(mine).ready_at == 60
    scored = run("--framework", mine, "score", example_file, "--json", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    result = json.loads(scored.stdout)
    assert result["verdict"] == "ready" and result["framework"]["version"] == "1.0-agence"


def test_agency_framework_in_yaml(tmp_path, example_file):
    raw = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["version"] = "2.0"
    next(q for q in raw["questions"] if q["id"] == "website")["blocker_at"] = 45
    path = write(tmp_path, "agence.yaml", yaml.safe_dump(raw, allow_unicode=True))
    done = run("--framework", path, "score", example_file, "--json", cwd=tmp_path)
    result = json.loads(done.stdout)
    assert result["blockers"] == ["website_first"] and result["verdict"] == "not_ready"
    assert default_framework().question("website").website.blocker_at == 70


def test_broken_framework_reports_every_problem(tmp_path, example_file):
    raw = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["verdict"]["ready_at"] = 40
    raw["questions"][0]["choices"][1]["points"] = 130
    del raw["size_labels"]["large"]
    path = write(tmp_path, "broken.json", raw)
    done = run("--framework", path, "score", example_file, cwd=tmp_path)
    assert done.returncode == 2
    for where in ("verdict.conditional_at:", "questions[0].choices[1].points:", "size_labels.large:"):
        assert where in done.stderr
    assert str(path) in done.stderr and "Traceback" not in done.stderr


def test_missing_framework_file(tmp_path):
    done = run("--framework", tmp_path / "nowhere.toml", "framework", cwd=tmp_path)
    assert done.returncode == 2 and "cannot read framework file" in done.stderr


# ---------------------------------------------------------------- the command itself


def test_no_command_prints_help_and_exits_2(tmp_path):
    done = run(cwd=tmp_path)
    assert done.returncode == 2
    assert "score" in done.stdout and "validate" in done.stdout


def test_unknown_command_exits_2(tmp_path):
    done = run("bogus", cwd=tmp_path)
    assert done.returncode == 2 and "invalid choice" in done.stderr
