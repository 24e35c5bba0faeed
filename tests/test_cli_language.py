"""The command line speaks the consultant's language: --lang, else READINESS_LANG, else the locale (fr_*), else English."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import pytest
from builders import EXAMPLE

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.store import open_store


def stored(tmp_path, *names: str) -> str:
    store = str(tmp_path / "store")
    with open_store(store) as s:
        for i, name in enumerate(names):
            s.save(Assessment.from_dict(copy.deepcopy(EXAMPLE) | {"id": f"a-{i}", "client": {"name": name, "size": "small"}}))
    return store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("how", "words"),
    [
        (["--lang", "fr"], ["date", "client", "secteur", "1 évaluation dans /", " 49,5  Pas prêt "]),
        (["--lang", "en"], ["date", "client", "industry", "1 assessment in /", " 49.5  Not ready "]),
    ],
)
def test_list_speaks_the_language_asked_for(tmp_path, capsys, how, words):
    status, out, _ = run(capsys, "list", "--store", stored(tmp_path, "Café du Port"), *how)
    assert status == 0 and all(word in out for word in words)


@pytest.mark.parametrize(
    ("environment", "said"),
    [
        ({"READINESS_LANG": "fr"}, "évaluation"),
        ({"READINESS_LANG": "", "LANG": "fr_CA.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}, "évaluation"),
        ({"READINESS_LANG": "", "LANG": "en_CA.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}, "assessment"),
        ({"READINESS_LANG": "", "LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}, "assessment"),
    ],
)
def test_without_lang_the_environment_and_the_locale_decide(tmp_path, environment, said):
    store = stored(tmp_path, "Café du Port")
    env = {**os.environ, **environment}
    done = subprocess.run([sys.executable, "-m", "readiness.cli", "list", "--store", store], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and f"1 {said}" in done.stdout.splitlines()[-1]


def test_the_help_is_in_french_too(capsys):
    with pytest.raises(SystemExit):
        main(["list", "--help", "--lang", "fr"])
    out = capsys.readouterr().out
    assert "partie du nom du client (majuscules et accents ignorés)" in out and "langue des messages" in out
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "--help"])
    assert "Ce client est-il prêt pour les médias sociaux ?" in capsys.readouterr().out


def test_every_command_takes_lang(capsys):
    from readiness.cli.main import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    assert all(any("--lang" in a.option_strings for a in command._actions) for command in commands.values())


def test_validate_and_import_speak_french(tmp_path, capsys):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    bad.write_text(json.dumps(EXAMPLE | {"language": "de", "assessed_on": "hier"}), encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(good), str(bad), "--lang", "fr")
    assert status == 2 and f"{good} : ok" in out and f"{bad} : 2 problèmes" in out
    assert '  - language doit être fr ou en, reçu "de"' in out and "assessed_on doit être une vraie date" in out
    table = tmp_path / "t.csv"
    table.write_text("client_name,assessed_on,content\nCafé du Port,2026-01-05,none\nX,hier,none\n", encoding="utf-8")
    status, out, _ = run(capsys, "import", str(table), "--store", str(tmp_path / "s"), "--lang", "fr")
    assert status == 1 and "2 lignes : 1 importées (1 nouvelles, 0 révisées, 0 inchangées), 1 refusées" in out
    assert 'ligne 3 : assessed_on doit être une vraie date écrite AAAA-MM-JJ ou JJ/MM/AAAA, reçu "hier"' in out


def test_an_error_is_one_line_in_the_consultants_language(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(EXAMPLE | {"language": "de"}), encoding="utf-8")
    status, out, err = run(capsys, "score", str(bad), "--lang", "fr")
    assert status == 2 and err.strip() == f'readiness score: {bad}: language doit être fr ou en, reçu "de"'
    status, out, err = run(capsys, "score", str(bad), "--lang", "en")
    assert err.strip() == f'readiness score: {bad}: language must be fr or en, got "de"'


@pytest.mark.parametrize(
    ("make", "env", "said"),
    [
        (lambda p: p.write_text("client_name,assessed_on\n" + "A,2025-01-01\n" * 3), {"READINESS_MAX_ROWS": "2"},
         "t.csv : plus de 2 lignes (READINESS_MAX_ROWS) : non lu (divisez le fichier)"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), {}, "pas un tableau texte (il contient des données binaires)"),
        (lambda p: p.write_text("name,date\nA,2025-01-01\n"), {}, "aucune ligne d'en-tête nommant les colonnes"),
        (lambda p: p.write_text('client_name,assessed_on,notes\nA,2025-01-01,"open\nB,2025-01-02,x\n'), {},
         "ligne 2 : un guillemet ouvert dans notes à la ligne 2 n'est pas fermé sur cette ligne"),
        (lambda p: p.write_text("client_name,assessed_on,budget_annual,currency\nA,2025-01-01,12 000 €,CAD\n"), {},
         "ligne 2 : currency vaut CAD mais budget_annual est écrit en EUR"),
        (lambda p: p.write_text("client_name,assessed_on,notes\nA,2025-01-01," + "n" * 40 + "\n"), {"READINESS_MAX_CELL": "30"},
         "ligne 2 : notes dépasse 30 caractères (READINESS_MAX_CELL) : raccourcissez cette cellule"),
        (lambda p: p.write_text("client_name,assessed_on,budget_annual\nA,2025-01-01,1e400\n"), {},
         'ligne 2 : budget_annual doit être un nombre, reçu "1e400"'),
    ],
    ids=["too-many-rows", "binary", "no-header", "quote-left-open", "currency-clash", "cell-too-long", "not-a-number"],
)  # fmt: skip
def test_table_file_and_input_limit_messages_speak_french(tmp_path, capsys, monkeypatch, make, env, said):
    """Input limits and table-file errors were English only after the catalogue came (the validation ones were done)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    make(tmp_path / "t.csv")
    (tmp_path / "s").mkdir()
    status, out, err = run(capsys, "import", "--check", str(tmp_path / "t.csv"), "--store", str(tmp_path / "s"), "--lang", "fr")
    assert status in (1, 2) and said in out + err, out + err


def test_store_messages_speak_french(tmp_path, capsys):
    status, _, err = run(capsys, "history", "nope", "--store", stored(tmp_path, "Café du Port"), "--lang", "fr")
    assert status == 2 and f"aucune évaluation d'identifiant nope dans {tmp_path / 'store'}" in err
    status, _, err = run(capsys, "list", "--store", f"sqlite:///{tmp_path / 'typo.db'}", "--lang", "fr")
    assert status == 2 and f"le registre sqlite:///{tmp_path / 'typo.db'} n'existe pas" in err
    status, _, err = run(capsys, "list", "--size", "huge", "--store", str(tmp_path / "store"), "--lang", "fr")
    assert status == 2 and "size doit être l'un de self_employed" in err
    status, _, err = run(capsys, "drafts", "show", "nope", "--drafts", str(tmp_path / "drafts"), "--lang", "fr")
    assert status == 2 and "aucun brouillon 'nope' dans" in err


def test_list_columns_line_up_when_a_name_is_shown_escaped(tmp_path, capsys):
    store = str(tmp_path / "store")
    with open_store(store) as s:  # a name with a character the terminal shows escaped, written straight into the store
        a = Assessment.from_dict(copy.deepcopy(EXAMPLE) | {"id": "a-1"})
        s.save(a)
    path = tmp_path / "store" / "a-1.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Boulangerie Tremblay", "Boulangerie\\u202eTremblay"), encoding="utf-8")
    status, out, _ = run(capsys, "list", "--store", store)
    header, row = out.splitlines()[:2]
    assert "\\u202e" in row and row.index("very_small") == header.index("size")


@pytest.mark.parametrize("where", ["before the command", "after the command"])
def test_lang_before_or_after_the_command_is_the_same(tmp_path, capsys, where):
    """`readiness --lang fr benchmark … --k 2` spoke English: the command's own --lang, not given, replaced the one before it."""
    store = stored(tmp_path, "Café du Port")
    argv = ["benchmark", "x", "--store", store, "--k", "2"]
    status, _, err = run(capsys, *(["--lang", "fr", *argv] if where == "before the command" else [*argv, "--lang", "fr"]))
    assert status == 2 and err.strip() == "readiness benchmark: k doit être un nombre entier ≥ 5 (un groupe plus petit pourrait identifier des clients passés), reçu 2"
    status, out, _ = run(capsys, *(["--lang", "fr", "list", "--store", store] if where == "before the command" else ["list", "--store", store, "--lang", "fr"]))
    assert status == 0 and "1 évaluation dans" in out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--lang", "fr", "list", "--bogus"], "readiness: erreur : arguments non reconnus : --bogus"),
        (["list", "--page", "x", "--lang", "fr"], "readiness list: erreur : argument --page : valeur int invalide : 'x'"),
        (["--lang", "en", "list", "--page", "x"], "readiness list: error: argument --page: invalid int value: 'x'"),
    ],
)
def test_argparse_own_errors_speak_the_language_too(capsys, argv, said):
    """argparse's words (usage:, error:, its messages) were English under --lang fr."""
    with pytest.raises(SystemExit) as ended:
        main(argv)
    err = capsys.readouterr().err
    assert ended.value.code == 2 and err.splitlines()[-1] == said
    assert err.startswith("usage : " if "fr" in argv else "usage: ")
