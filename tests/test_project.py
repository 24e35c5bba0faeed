"""The project itself: pyproject.toml vs environment.yml, the public API, package data, lazy import."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
import yaml

import readiness

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))

# pip names whose conda-forge package is named differently (extras do not exist in conda).
CONDA_NAMES = {"psycopg[binary]": "psycopg"}
NOT_IN_CONDA = {"readiness[test]"}  # the project's own extras, pulled in by `pip: -e .`


def split_spec(spec: str) -> tuple[str, str]:
    """`pandas>=3.0,<4` → ("pandas", "<4,>=3.0"): a normalised name and its sorted bounds."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+(?:\[[^\]]+\])?)\s*(.*?)\s*", spec)
    assert match, f"cannot read the requirement {spec!r}"
    name, bounds = match.groups()
    name = CONDA_NAMES.get(name.lower(), name.lower()).replace("_", "-")
    return name, ",".join(sorted(b.strip() for b in bounds.split(",") if b.strip()))


def pyproject_requirements() -> dict[str, str]:
    project = PYPROJECT["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += [s for s in extra if s not in NOT_IN_CONDA]
    specs.append(f"python{project['requires-python']}")
    return dict(split_spec(s) for s in specs)


def environment_requirements() -> dict[str, str]:
    specs = [s for s in ENVIRONMENT["dependencies"] if isinstance(s, str) and s != "pip"]
    return dict(split_spec(s) for s in specs)


# ---------------------------------------------------------------- pyproject.toml is the source of truth


def test_environment_yml_lists_the_same_packages_and_bounds():
    wanted, listed = pyproject_requirements(), environment_requirements()
    assert sorted(set(wanted) - set(listed)) == [], "in pyproject.toml but not in environment.yml"
    assert sorted(set(listed) - set(wanted)) == [], "in environment.yml but not in pyproject.toml"
    different = {name: (wanted[name], listed[name]) for name in wanted if wanted[name] != listed[name]}
    assert different == {}, "version bounds differ (pyproject, environment.yml)"


def test_environment_yml_installs_the_project_itself():
    pip = next(d["pip"] for d in ENVIRONMENT["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
    assert ENVIRONMENT["channels"] == ["conda-forge"]


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("psycopg[binary]>=3.1", ("psycopg", ">=3.1")),
        ("pandas>=3.0,<4", ("pandas", "<4,>=3.0")),
        ("pandas >=3.0, <4", ("pandas", "<4,>=3.0")),
        ("python-pptx>=1.0", ("python-pptx", ">=1.0")),
        ("PyYAML>=6.0", ("pyyaml", ">=6.0")),
        ("pip", ("pip", "")),
    ],
)
def test_requirement_names_are_compared_as_conda_sees_them(spec, expected):
    assert split_spec(spec) == expected


def test_console_script_and_package_data():
    assert PYPROJECT["project"]["scripts"] == {"readiness": "readiness.cli:main"}
    data = PYPROJECT["tool"]["setuptools"]["package-data"]["readiness"]
    assert "frameworks/*.toml" in data and "schemas/*.json" in data and "text/locales/*/LC_MESSAGES/*.po" in data
    package = resources.files("readiness")
    assert (package / "text" / "locales" / "fr" / "LC_MESSAGES" / "readiness.po").is_file()
    assert (package / "frameworks" / "social-media-5q-1.0.toml").is_file()
    schema = json.loads((package / "schemas" / "assessment-v1.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["format"] == {"const": "readiness.assessment/1"}


def test_version_is_one_everywhere():
    assert readiness.__version__ == PYPROJECT["project"]["version"]


# ---------------------------------------------------------------- the public API


def test_all_lists_the_public_names_sorted_and_each_resolves():
    exports = readiness._EXPORTS
    assert readiness.__all__ == sorted(exports)
    for name, module in exports.items():
        value = getattr(readiness, name)
        assert value is getattr(importlib.import_module(f"readiness.{module}"), name)
        assert getattr(value, "__module__", "").startswith("readiness"), name


def test_all_is_the_documented_public_api():
    """docs/architecture.md lists the public names; __all__ is exactly those."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The public API", 1)[1]
    documented = set(re.findall(r"`(\w+)`", section))
    assert documented == set(readiness.__all__)


def test_every_public_name_is_in_all():
    public = {n for n in vars(readiness) if not n.startswith("_")}
    helpers = {"annotations", "importlib", "Any"}
    submodules = {n for n in public if isinstance(getattr(readiness, n), type(readiness))}
    assert public - helpers - submodules == set()
    assert set(readiness.__all__) <= set(dir(readiness))


def test_the_documented_entry_points_are_public():
    assert {"Assessment", "new_assessment", "load_framework", "score_assessment", "score_table", "what_if", "ReadinessError"} <= set(
        readiness.__all__
    )


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        readiness.no_such_thing  # noqa: B018


def test_import_readiness_stays_light():
    code = "import sys, readiness; print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets', 'pptx', 'sqlalchemy', 'babel') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_scoring_one_assessment_does_not_need_pandas():
    code = (
        "import sys, readiness\n"
        "a = readiness.Assessment.from_dict({'client': {'name': 'X'}, 'assessed_on': '2026-01-05',"
        " 'answers': {'content': {'choice': 'none'}}})\n"
        "readiness.score_assessment(a)\n"
        "print('pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# ---------------------------------------------------------------- where data lives by default


def test_the_default_places_are_the_checkouts_whatever_the_working_folder(tmp_path, monkeypatch):
    from readiness.store.paths import default_store, drafts_folder, exports_folder

    elsewhere = tmp_path / "other-repo" / "Downloads"
    elsewhere.mkdir(parents=True)
    (tmp_path / "other-repo" / ".git").mkdir()  # another project around the working folder
    (tmp_path / "other-repo" / "pyproject.toml").write_text("[project]\nname = 'other'\n")
    monkeypatch.chdir(elsewhere)
    for name in ("READINESS_STORE", "READINESS_DRAFTS", "READINESS_EXPORTS"):
        monkeypatch.delenv(name, raising=False)
    assert default_store() == str(ROOT / "data" / "assessments")
    assert (drafts_folder(), exports_folder()) == (ROOT / "data" / "drafts", ROOT / "exports")


@pytest.mark.parametrize(
    ("layout", "found"),
    [
        ({"proj/pyproject.toml": "", "proj/readiness/__init__.py": ""}, "proj"),  # a checkout above
        ({"proj/pyproject.toml": "", "proj/.git/HEAD": ""}, "proj/notebooks"),  # another project: not ours
        ({}, "proj/notebooks"),  # nothing: the working folder
    ],
)
def test_installed_elsewhere_the_checkout_above_the_working_folder_is_used(tmp_path, monkeypatch, layout, found):
    from readiness.store import paths

    for name, text in layout.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "proj" / "notebooks").mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(paths, "PACKAGE_CHECKOUT", tmp_path / "site-packages")
    assert paths.project_folder(tmp_path / "proj" / "notebooks") == (tmp_path / found).resolve()


# ---------------------------------------------------------------- the documentation stays inside the repository

DOCUMENTS = sorted({ROOT / "README.md", ROOT / "data" / "README.md", *(ROOT / "docs").glob("*.md")})
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)|href=\"([^\"]+)\"")


def heading_anchors(path: Path) -> set[str]:
    """The #anchors a markdown file's headings get (GitHub's way: lower case, punctuation dropped, spaces as -)."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_of_the_documentation_stays_in_the_repository_and_leads_somewhere(document):
    links = [a or b for a, b in LINK.findall(document.read_text(encoding="utf-8"))]
    for link in links:
        assert not re.match(r"[a-z]+:", link), f"{link}: the documentation links to files of the repository only"
        target, _, anchor = link.partition("#")
        path = (document.parent / target).resolve() if target else document
        assert path.is_relative_to(ROOT), f"{link} leaves the repository: a user's clone has no such file"
        assert path.exists(), f"{link}: no such file in the repository"
        if anchor:
            assert anchor in heading_anchors(path), f"{link}: no such heading"


def test_the_readme_leads_to_the_docs_and_every_docs_page_is_listed():
    assert "](docs/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    index = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    for page in (ROOT / "docs").glob("*.md"):
        assert page.name == "README.md" or f"]({page.name})" in index, page.name


def test_the_docs_give_the_shipped_frameworks_answers_and_points():
    from readiness.core.framework import default_framework

    fw = default_framework()
    lines = (ROOT / "docs" / "framework.md").read_text(encoding="utf-8").splitlines()
    for question in fw.questions:
        for choice in question.choices:
            row = next((line for line in lines if line.startswith(f"| {choice.label['en']} |")), None)
            assert row is not None and f"| {choice.points:g}" in row, (question.id, choice.code)
    text = "\n".join(lines)
    assert f"under {fw.conditional_at:g}" in text and f"{fw.ready_at:g} or more" in text
    assert "**15 000 $**" in text and f"{fw.question('budget').budget.minimum:,.0f}".replace(",", " ") == "15 000"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_document_sends_the_reader_to_a_file_outside_the_repository(document):
    """The try-out: data/README.md said "the flat table of DESIGN.md", a file a user's clone does not have."""
    assert not re.search(r"DESIGN\.md|\.\./shared|TESTING-NOTES|STYLE\.md", document.read_text(encoding="utf-8"))


def test_the_table_layout_page_names_every_column_and_every_code_a_cell_takes():
    from readiness.core.framework import default_framework
    from readiness.core.rows import flat_columns

    fw = default_framework()
    text = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    codes = [*fw.sizes, *(c.code for q in fw.questions for c in q.choices), *fw.question("objectives").goals,
             *(r.code for r in fw.question("website").website.roi), *fw.question("budget").budget.rates]  # fmt: skip
    assert [c for c in flat_columns() if f"| `{c}` |" not in text] == []
    assert [c for c in codes if f"`{c}`" not in text] == []
    assert "](tables.md)" in (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    assert "](../docs/tables.md)" in (ROOT / "data" / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- old module paths


@pytest.mark.parametrize("old", sorted(__import__("readiness._moved", fromlist=["MOVED"]).MOVED))
def test_an_old_module_path_still_imports_and_warns_where_it_moved(old):
    import sys

    from readiness._moved import MOVED

    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=MOVED[old][0].replace(".", r"\.")):
        module = importlib.import_module(old)
    new = importlib.import_module(MOVED[old][0])
    public = next(n for n in sorted(vars(new)) if not n.startswith("_") and getattr(new, n).__class__.__name__ != "module")
    assert getattr(module, public) is getattr(new, public)
    with pytest.raises(AttributeError, match=f"moved to {MOVED[old][0]}"):
        module.no_such_name  # noqa: B018


def test_from_an_old_path_import_finds_a_name_in_whichever_module_took_it():
    import warnings

    from readiness.core.rows import to_row
    from readiness.outputs.deck import build_deck

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from readiness.assessment import to_row as old_to_row
        from readiness.slides import build_deck as old_build_deck
    assert (old_to_row, old_build_deck) == (to_row, build_deck)


def test_an_old_module_still_runs_as_a_program():
    done = subprocess.run([sys.executable, "-W", "ignore", "-m", "readiness.clean_notebooks", "--check", "notebooks/01_client_meeting.ipynb"],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_layers_keep_their_old_public_paths():
    from readiness.cli import main
    from readiness.meeting import meeting_form
    from readiness.store import open_store

    assert callable(main) and callable(meeting_form) and callable(open_store)
    assert PYPROJECT["project"]["scripts"]["readiness"] == "readiness.cli:main"


# ---------------------------------------------------------------- the shape of the package


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "readiness").rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}


def test_no_import_cycle_even_through_imports_inside_functions():
    """import-linter (in the test command) checks the layers; this checks every import, lazy ones too, for cycles."""
    import grimp

    graph = grimp.build_graph("readiness", exclude_type_checking_imports=True)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if module != imported and graph.chain_exists(importer=imported, imported=module):
                cycles.append((module, imported))
    assert cycles == []


def test_the_import_contracts_hold():
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "0 broken" in done.stdout, done.stdout[-2000:]


def test_no_test_module_imports_another():
    """What two test modules share is in tests/builders.py (fixtures in conftest.py), never taken from a test module."""
    import ast

    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in getattr(node, "names", [])] if isinstance(node, ast.Import) else []
            found += [(path.name, n) for n in names if n.split(".")[-1].startswith(("test_", "conftest"))]
    assert found == []
