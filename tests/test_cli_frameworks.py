"""`readiness` with several frameworks: --framework by id or file, and `readiness framework --list/--check/--to-xlsx/--schema`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from builders import EXAMPLE, SCRIPT, framework_file

from readiness.core.framework import DEFAULT_PATH


def run(*args: str | Path, cwd: Path, lang: str = "en") -> subprocess.CompletedProcess:
    env = {**os.environ, "READINESS_STORE": str(cwd / "store"), "PYTHONIOENCODING": "utf-8", "READINESS_LANG": lang}
    return subprocess.run([SCRIPT, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)


def assessment_2026(tmp_path: Path, **answers) -> Path:
    document = json.loads(json.dumps(EXAMPLE)) | {"framework": {"id": "social-media-2026", "version": "1.0"}}
    document["answers"] |= {"measurement": {"choice": "vanity_metrics"}, "community": {"choice": "response_rules"}, **answers}
    path = tmp_path / "client-2026.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_list_names_the_shipped_frameworks(tmp_path):
    done = run("framework", "--list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("social-media-5q") and "5 questions" in lines[0]
    assert lines[1].startswith("social-media-2026") and "7 questions" in lines[1]


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_shipped_framework_is_chosen_by_its_id_before_or_after_the_command(tmp_path, where):
    args = ("--framework", "social-media-2026", "framework") if where == "before" else ("framework", "--framework", "social-media-2026")
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(social-media-2026 1.0)" in done.stdout and "[measurement, weight 1]" in done.stdout and "community" in done.stdout


def test_an_unknown_framework_is_one_line_naming_the_shipped_ones(tmp_path):
    done = run("--framework", "social-media-2099", "framework", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == (
        "readiness framework: no framework file or shipped framework named social-media-2099 (shipped: social-media-5q, social-media-2026)"
    )


def test_an_assessment_file_is_scored_under_the_framework_it_names(tmp_path):
    done = run("score", assessment_2026(tmp_path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert list(result["dimensions"]) == ["objectives", "content", "champion", "budget", "website", "measurement", "community"]
    assert result["framework"] == {"id": "social-media-2026", "version": "1.0"} and result["dimensions"]["community"] == 70
    refused = run("--framework", "social-media-5q", "score", assessment_2026(tmp_path), cwd=tmp_path)
    assert refused.returncode == 2 and 'framework.id must be "social-media-5q", got "social-media-2026"' in refused.stderr


def test_check_reports_every_problem_with_its_line_then_ok_when_fixed(tmp_path):
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    broken = text.replace('code = "vague"\npoints = 30', 'code = "vague"\npoints = "thirty"').replace('kind = "website"', 'kind = "site"')
    bad = framework_file(tmp_path, broken, "agency.toml")
    good = framework_file(tmp_path, text, "shipped.toml")
    done = run("framework", "--check", good.name, bad.name, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[0].startswith("shipped.toml: ok — social-media-5q 1.0, 5 questions: Objectives, Content strategy")
    assert lines[1] == "agency.toml: 2 problems"
    points_line = broken.splitlines().index('points = "thirty"') + 1
    kind_line = broken.splitlines().index('kind = "site"') + 1
    assert lines[2] == f"  - line {points_line}: questions[0].choices[1].points: must be a number, got 'thirty'"
    assert lines[3] == f"  - line {kind_line}: questions[4].kind: question 'website': unknown kind 'site'; expected one of choice, amount, website, yes_no"


def test_check_speaks_french(tmp_path):
    bad = framework_file(tmp_path, DEFAULT_PATH.read_text(encoding="utf-8").replace('no_budget = { fr', 'no_money = { fr'))
    done = run("framework", "--check", bad, cwd=tmp_path, lang="fr")
    assert done.returncode == 2
    assert "questions[3].blocker : blocker 'no_budget' n'a pas de libellé (sous [blocker_labels] dans un fichier TOML, une ligne de liste blocker dans la feuille labels d'un classeur)" in done.stdout


def test_a_workbook_written_by_to_xlsx_checks_ok_breaks_with_sheet_row_and_column_and_scores(tmp_path):
    from openpyxl import load_workbook

    done = run("--framework", "social-media-2026", "framework", "--to-xlsx", tmp_path / "agency.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert run("framework", "--check", "agency.xlsx", cwd=tmp_path).stdout.startswith("agency.xlsx: ok — social-media-2026 1.0, 7 questions")
    book = load_workbook(tmp_path / "agency.xlsx")
    book["choices"]["C3"] = "ten"  # the points of objectives' second choice
    book["questions"]["A8"] = "content"  # community's id: now twice
    book.save(tmp_path / "broken.xlsx")
    checked = run("framework", "--check", "broken.xlsx", cwd=tmp_path)
    assert checked.returncode == 2
    assert "  - sheet choices, row 3, column C (points): questions[0].choices[1].points: must be a number, got 'ten'" in checked.stdout.splitlines()
    assert "  - sheet questions, row 8, column A (id): questions[6].id: question 'content' appears more than once" in checked.stdout.splitlines()
    scored = run("--framework", "agency.xlsx", "score", assessment_2026(tmp_path), "--json", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["dimensions"]["measurement"] == 30


def test_schema_is_generated_from_the_framework(tmp_path):
    done = run("--framework", "social-media-2026", "framework", "--schema", cwd=tmp_path)
    schema = json.loads(done.stdout)
    assert list(schema["properties"]["answers"]["properties"])[-2:] == ["measurement", "community"]


def test_import_list_and_export_under_another_framework(tmp_path):
    from readiness.store.sample import SAMPLES

    sample = SAMPLES["social-media-2026"].path
    imported = run("--framework", "social-media-2026", "import", "--no-progress", sample, cwd=tmp_path)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "240 rows: 240 imported (240 new, 0 revised, 0 unchanged), 0 rejected" in imported.stdout
    run("import", "--no-progress", SAMPLES["social-media-5q"].path, cwd=tmp_path)
    listed = run("list", "--all", cwd=tmp_path)
    assert "540 assessments in" in listed.stdout.splitlines()[-1]
    exported = run("--framework", "social-media-2026", "export", "out.csv", cwd=tmp_path)
    assert "wrote 240 assessments" in exported.stdout
    assert "left out: 300 assessments made under social-media-5q (the columns differ): export them with --framework social-media-5q" in exported.stdout
    header = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith(",measurement,community,notes,follows")
    benchmark = run("benchmark", assessment_2026(tmp_path), "--json", cwd=tmp_path)
    assert benchmark.returncode == 0, benchmark.stderr
    data = json.loads(benchmark.stdout)
    assert "community" in data["median"] and data["sample"] is True  # the imported sample rows of 2026 only
