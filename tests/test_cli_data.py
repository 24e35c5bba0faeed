"""`readiness import / export / list / delete / restore` as a consultant uses them."""

from __future__ import annotations

import sys
import warnings
from dataclasses import replace

import pytest
from builders import numbered as make
from builders import row, table

from readiness.cli import main
from readiness.store import open_store


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    folder = tmp_path / "assessments"
    monkeypatch.setenv("READINESS_STORE", str(folder))
    return folder


@pytest.fixture
def mixed(tmp_path):
    """A CSV with two good rows and two bad ones (rows 3 and 5)."""
    path = tmp_path / "past.csv"
    rows = [
        row(),
        row(client_name="", budget_annual="-5"),
        row(client_name="Café du Port"),
        row(client_name="X", content="maybe"),
    ]
    path.write_text(table(rows, ";"), encoding="cp1252")
    return path


def test_import_reports_each_rejected_row_and_exits_1(store_dir, mixed, capsys):
    assert main(["import", str(mixed)]) == 1
    out = capsys.readouterr().out
    assert f"{mixed} (read as windows-1252): 4 rows: 2 imported (2 new, 0 revised, 0 unchanged), 2 rejected" in out
    assert (
        "  row 3: client_name must be a non-empty text, got nothing; budget_annual must be a number ≥ 0, got -5"
        in out
    )
    assert (
        '  row 5: content must be one of none, self_promotion, content_plan, integrated_strategy, got "maybe"'
        in out
    )
    assert len(open_store(store_dir)) == 2


def test_import_of_clean_files_exits_0_and_twice_adds_nothing(store_dir, tmp_path, capsys):
    path = tmp_path / "clean.csv"
    path.write_text(table([row(), row(client_name="B")]), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    assert main(["import", str(path), "--store", str(store_dir)]) == 0
    out = capsys.readouterr().out
    assert "2 imported (0 new, 0 revised, 2 unchanged), 0 rejected" in out
    assert f"store: {store_dir}" in out


def test_an_unreadable_file_exits_2_and_the_others_are_still_imported(store_dir, tmp_path, mixed, capsys):
    broken = tmp_path / "broken.csv"
    broken.write_text("nothing;useful\n1;2\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_bytes(b"\r\n")
    assert main(["import", str(broken), str(mixed), str(tmp_path / "missing.xlsx"), str(tmp_path / "empty.csv")]) == 2
    out = capsys.readouterr().out
    assert f"{broken}: cannot be read: no header row" in out
    assert f"{tmp_path / 'missing.xlsx'}: cannot be read: No such file or directory\n" in out
    assert f"{tmp_path / 'empty.csv'}: cannot be read: the file is empty\n" in out
    assert len(open_store(store_dir)) == 2


def test_check_only_reads(store_dir, mixed, capsys):
    assert main(["import", "--check", str(mixed)]) == 1
    assert "2 would be imported" in capsys.readouterr().out
    assert not store_dir.exists()


def test_the_deleted_rows_hint_names_the_store_given(tmp_path, mixed, capsys):
    spec = f"sqlite:///{tmp_path / 'team.db'}"
    main(["import", str(mixed), "--store", spec])
    (cafe,) = open_store(spec).list(client="café du port")
    main(["delete", cafe.id, "--store", spec])
    capsys.readouterr()
    assert main(["import", str(mixed), "--store", spec]) == 1
    hint = f"(readiness restore --store {spec} {cafe.id} brings it back)"
    assert f"  row 4: Café du Port assessed on 2025-11-26 was deleted from the store: not imported again {hint}\n" in (
        capsys.readouterr().out
    )


def test_check_says_what_the_store_would_refuse(store_dir, mixed, capsys):
    assert main(["import", str(mixed)]) == 1
    (cafe,) = open_store(store_dir).list(client="café du port")
    assert main(["delete", cafe.id]) == 0
    capsys.readouterr()
    assert main(["import", "--check", str(mixed)]) == 1
    out = capsys.readouterr().out
    assert "4 rows: 1 would be imported, 3 rejected" in out
    assert "  row 4: Café du Port assessed on 2025-11-26 was deleted from the store: not imported again" in out
    assert f"checked against {store_dir}" in out
    assert [a.id for a in open_store(store_dir).deleted()] == [cafe.id]


def test_export_list_delete_restore(store_dir, mixed, tmp_path, capsys):
    main(["import", str(mixed)])
    out = tmp_path / "export.xlsx"
    assert main(["export", str(out), "--client", "café"]) == 0
    assert "wrote 1 assessment from" in capsys.readouterr().out
    assert out.exists()

    assert main(["list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == ["date", "client", "industry", "size", "overall", "verdict", "id"]
    assert listing[1].startswith("2025-11-26  Boulangerie Tremblay") and "Ready with conditions" in listing[1] and "63.5" in listing[1]
    assert listing[-1] == f"2 assessments in {store_dir}"
    bakery_id = listing[1].split()[-1]

    assert main(["delete", bakery_id]) == 0
    main(["list"])
    assert capsys.readouterr().out.splitlines()[-1] == f"1 assessment in {store_dir}"
    main(["list", "--deleted"])
    assert bakery_id in capsys.readouterr().out
    assert main(["restore", bakery_id]) == 0
    assert len(open_store(store_dir)) == 2


def test_list_shows_every_id_whole_and_each_works_in_the_other_commands(store_dir, capsys):
    """The try-out: ids over 36 characters (every sample-… id) were cut, and the cut id was refused."""
    ids = ["sample-3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", "x" * 128, "a-1"]
    with open_store(str(store_dir)) as store:
        store.save_many([replace(make(i), id=assessment_id) for i, assessment_id in enumerate(ids, start=1)])
    assert main(["list"]) == 0
    shown = [line.split()[-1] for line in capsys.readouterr().out.splitlines()[1:-1]]
    assert sorted(shown) == sorted(ids)
    for assessment_id in shown:
        assert main(["history", assessment_id]) == 0
    capsys.readouterr()


def test_list_columns_line_up_whatever_the_names_hold(store_dir, capsys):
    """Wide characters take two columns, a combining accent none, an escaped character as many as it shows."""
    from wcwidth import wcswidth

    names = ["東京ベーカリー", "東京ベーカリー 東京ベーカリー 東京ベーカリー 東京", "Cafe\u0301 Noir", "Boutique \u202eRTL", "Plain"]
    made = [replace(make(), id=f"n-{i}", client=replace(make().client, name=name, industry="retail")) for i, name in enumerate(names)]
    open_store(str(store_dir)).save_many(made)
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:-1]
    assert len(lines) == len(names)
    assert {wcswidth(line[: line.index("retail")]) for line in lines} == {10 + 2 + 30 + 2}, lines
    assert any("…" in line for line in lines) and any("\\u202e" in line for line in lines)


READ_ONLY = [["list"], ["export", "{tmp}/out.csv"], ["history", "a-0001"], ["delete", "a-0001"], ["restore", "a-0001"],
             ["benchmark", "a-0001"], ["portfolio", "--out", "{tmp}/folio"], ["report", "a-0001", "--out", "{tmp}/reports"],
             ["charts", "a-0001", "--out", "{tmp}/charts"], ["deck", "a-0001", "--out", "{tmp}/deck.pptx"]]  # fmt: skip


@pytest.mark.parametrize("argv", READ_ONLY, ids=[argv[0] for argv in READ_ONLY])
@pytest.mark.parametrize("kind", ["sqlite", "folder"])
def test_a_command_that_only_reads_never_makes_the_store_it_is_given(tmp_path, capsys, argv, kind):
    """The try-out: `list --store sqlite:///team.db` with a typo made team.db and said "0 assessments"."""
    spec = f"sqlite:///{tmp_path / 'team.db'}" if kind == "sqlite" else str(tmp_path / "assessments")
    assert main([a.format(tmp=tmp_path) for a in argv] + ["--store", spec]) == 2
    assert capsys.readouterr().err == f"readiness {argv[0]}: the store {spec} does not exist: check its path or URL (an import or a save makes it)\n"
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_store_not_made_yet_reads_as_empty(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("READINESS_STORE", str(tmp_path / "assessments"))  # as a new checkout's data/assessments/
    assert main(["list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"0 assessments in {tmp_path / 'assessments'}"
    assert list(tmp_path.iterdir()) == []


def test_bad_filter_and_unknown_id_are_one_line_errors(store_dir, capsys):
    assert main(["list", "--since", "hier"]) == 2
    assert main(["delete", "nope"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == 'readiness list: since must be a real date written YYYY-MM-DD or DD/MM/YYYY, got "hier"'
    assert err[1].startswith("readiness delete: no assessment with id nope")


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("mysql://consultant:s3cret@db.example/agency", "cannot open the store mysql://consultant:***@db.example/agency: "
         "mysql: not supported; readiness works with SQLite files"),
        ("mysql+pymysql://consultant:s3cret@db.example/agency", "mysql+pymysql: not supported"),
        ("nosuchdb://host/agency", "nosuchdb: not supported"),
        ("sqlite://", "an in-memory SQLite database keeps nothing once the command ends"),
        ("sqlite:///:memory:", "an in-memory SQLite database keeps nothing once the command ends"),
        ("sqlite:///file::memory:?uri=true", "an in-memory SQLite database keeps nothing once the command ends"),
        ("sqlite:///file:team?mode=memory&uri=true", "an in-memory SQLite database keeps nothing once the command ends"),
        ("sqlite:///file:{tmp}/missing/team.db?uri=true", "the folder {tmp}/missing does not exist"),
        ("sqlite:///{tmp}/missing/team.db", "the folder {tmp}/missing does not exist"),
        ("sqlite:///{tmp}/notes.txt", "store sqlite:///{tmp}/notes.txt cannot be used: file is not a database"),
        # The try-out: a raw SQLAlchemy warning was printed for these, and the store was opened anyway.
        ("sqlite:///{tmp}/team.db?password=s3cret", "cannot open the store sqlite:///{tmp}/team.db?password=***: a SQLite file has no password"),
        ("sqlite:///{tmp}/team.db?timeout_ms=5", "cannot open the store sqlite:///{tmp}/team.db?timeout_ms=5: Query string argument(s) 'timeout_ms' are not accepted"),
    ],
)  # fmt: skip
def test_a_store_that_cannot_be_used_is_one_line_and_exit_2_before_any_row(spec, reason, tmp_path, mixed, capsys):
    spec, reason = spec.format(tmp=tmp_path), reason.format(tmp=tmp_path)
    (tmp_path / "notes.txt").write_text("Appeler Mme Roy lundi\n")
    assert main(["import", str(mixed), "--store", spec]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("readiness import: ") and reason in captured.err
    assert "s3cret" not in captured.err + captured.out and "row" not in captured.out
    assert not (tmp_path / "missing").exists() and not (tmp_path / "team.db").exists()
    assert (tmp_path / "notes.txt").read_text() == "Appeler Mme Roy lundi\n"


# ---------------------------------------------------------------- damaged files: one plain warning line each


@pytest.fixture
def damaged(store_dir):
    """A folder store with one good assessment and one file cut in half (a crashed copy)."""
    open_store(store_dir).save(make(1))
    text = (store_dir / "a-0001.json").read_text(encoding="utf-8")
    path = store_dir / "a-0009.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [["list"], ["export", "{tmp}/out.csv"], ["benchmark", "a-0001"], ["list", "--client", "client 1"]],
    ids=["list", "export", "benchmark", "filtered"],
)
def test_a_damaged_file_is_one_warning_line_naming_it(damaged, tmp_path, argv, capsys):
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main(argv) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "warning" in line or "a-0009" in line]
    assert len(lines) == 1, lines  # no source line, no second copy
    assert lines[0].startswith(f"readiness {argv[0]}: warning: skipped: {damaged}: cannot read this stored assessment: ")
    assert "StoreWarning" not in lines[0] and "store.py" not in lines[0]


def test_a_damaged_file_read_twice_is_shown_once(damaged, monkeypatch, capsys):
    from readiness.store import FolderStore

    paged = FolderStore.page
    monkeypatch.setattr(FolderStore, "page", lambda self, *a, **kw: (paged(self, *a, **kw), paged(self, *a, **kw))[1])
    assert main(["list"]) == 0
    assert main(["list"]) == 0  # a second command in the same process warns again
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0] == err[1] and err[0].startswith(f"readiness list: warning: skipped: {damaged}: ")


@pytest.mark.parametrize("category", [FutureWarning, UserWarning])
def test_other_warnings_keep_their_usual_way(store_dir, monkeypatch, category, capsys):
    from readiness.store import FolderStore, Page

    def warn_then_list(self, *args, **kw):
        warnings.warn("skipped: not a store matter", category, stacklevel=1)
        return Page([], 0)

    monkeypatch.setattr(FolderStore, "page", warn_then_list)
    with pytest.warns(category, match="not a store matter"):
        assert main(["list"]) == 0
    assert "warning" not in capsys.readouterr().err


# ---------------------------------------------------------------- delete and restore say what is true


@pytest.mark.parametrize(
    ("store", "hint"),
    [
        (None, "readiness restore a-0001 brings it back"),
        ("{tmp}/other store", "readiness restore --store '{tmp}/other store' a-0001 brings it back"),
        ("sqlite:///{tmp}/team.db", "readiness restore --store sqlite:///{tmp}/team.db a-0001 brings it back"),
    ],
    ids=["default", "folder", "url"],
)
def test_the_restore_hint_names_the_store_given(store_dir, tmp_path, store, hint, capsys):
    spec = store.format(tmp=tmp_path) if store else None
    open_store(spec or store_dir).save(make(1))
    assert main(["delete", "a-0001", *(["--store", spec] if spec else [])]) == 0
    assert capsys.readouterr().out == f"deleted a-0001 ({hint.format(tmp=tmp_path)})\n"
    assert main(["restore", "a-0001", *(["--store", spec] if spec else [])]) == 0
    assert capsys.readouterr().out == "restored a-0001\n"


def test_the_restore_hint_never_shows_a_password():
    from readiness.cli.data import _store_option

    assert _store_option("postgresql+psycopg://consultant:s3cret@db.example/agency") == " --store <your store URL>"
    assert _store_option("postgresql+psycopg://db.example/agency") == " --store postgresql+psycopg://db.example/agency"


@pytest.mark.parametrize("spec", ["{tmp}/assessments", "sqlite:///{tmp}/team.db"], ids=["folder", "sqlite"])
def test_restoring_what_was_never_deleted_says_so(store_dir, tmp_path, spec, capsys):
    spec = spec.format(tmp=tmp_path)
    open_store(spec).save(make(1))
    assert main(["restore", "a-0001", "--store", spec]) == 0
    assert capsys.readouterr().out == "a-0001 was not deleted: nothing to restore\n"
    assert main(["restore", "a-0002", "--store", spec]) == 2
    assert capsys.readouterr().err.startswith("readiness restore: no assessment with id a-0002")


# ---------------------------------------------------------------- progress bars only on a terminal


@pytest.mark.parametrize(
    ("terminal", "options", "bar"),
    [(False, [], False), (True, [], True), (True, ["--no-progress"], False), (False, ["--check"], False)],
    ids=["log-file", "terminal", "terminal-no-progress", "log-file-check"],
)
def test_the_import_bar_is_drawn_only_on_a_terminal(store_dir, mixed, monkeypatch, terminal, options, bar, capsys):
    monkeypatch.setattr("readiness.sheets.rowreader.PROGRESS_FROM", 1)  # the small file counts as large
    monkeypatch.setattr(sys.stderr, "isatty", lambda: terminal)
    assert main(["import", str(mixed), *options]) == 1
    err = capsys.readouterr().err
    assert (("%" in err) or ("\r" in err)) == bar, err


@pytest.mark.parametrize("kind", ["folder", "sqlite"])
def test_history_lists_revisions_as_saved_and_restore_brings_an_earlier_one_back(kind, tmp_path, capsys):
    store = str(tmp_path / "store") if kind == "folder" else f"sqlite:///{tmp_path / 'team.db'}"
    path = tmp_path / "past.csv"
    for name, budget in (("Boulangerie Tremblay", "5000"), ("Aaa Boulangerie", "16000")):  # renamed: sorts first
        path.write_text(table([row(id="c-7", client_name=name, budget_annual=budget)]), encoding="utf-8")
        assert main(["import", str(path), "--store", store, "--rename"]) == 0
    assert main(["restore", "c-7", "--revision", "2", "--store", store]) == 0
    assert main(["restore", "c-7", "--revision", "1", "--store", store]) == 0
    assert main(["history", "c-7", "--store", store]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "c-7: revision 2 is already the current one: nothing to do" in out
    assert "c-7: revision 1 is the latest again (as revision 3)" in out
    assert out[-5].startswith("revision  date        client")
    assert [line.split()[:3] for line in out[-4:-1]] == [
        ["1", "2025-11-26", "Boulangerie"],
        ["2", "2025-11-26", "Aaa"],
        ["3", "2025-11-26", "Boulangerie"],
    ]
    assert out[-1] == "3 revisions of c-7; the last one is current"
    assert open_store(store).get("c-7").answers["budget"]["annual_amount"] == 5000
    assert main(["restore", "c-7", "--revision", "4", "--store", store]) == 2
    assert capsys.readouterr().err == "readiness restore: revision must be between 1 and 3 for c-7, got 4\n"
    assert main(["delete", "c-7", "--store", store]) == 0 and main(["history", "c-7", "--store", store]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("3 revisions of c-7; the assessment is deleted (readiness restore --store ")


def test_an_industry_that_matches_nothing_shows_the_industries_stored(store_dir, mixed, capsys):
    main(["import", str(mixed)])
    capsys.readouterr()
    assert main(["list", "--industry", "restaurant"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [
        f"0 assessments in {store_dir}",
        "no assessment has the industry 'restaurant'; industries in the store: retail",
    ]
    assert main(["list", "--industry", "RETAIL"]) == 0
    assert main(["list", "--industry", "retail", "--since", "2030-01-01"]) == 0  # another filter emptied the list
    assert "industries in the store" not in capsys.readouterr().out


def test_check_creates_no_store_and_works_offline(tmp_path, mixed, capsys):
    new = tmp_path / "new.db"
    assert main(["import", "--check", str(mixed), "--store", f"sqlite:///{new}"]) == 1
    assert not new.exists()
    assert f"sqlite:///{new} is empty: the files are checked alone" in capsys.readouterr().out
    offline = "postgresql://consultant:s3cret@127.0.0.1:1/agency"  # nothing listens on port 1
    assert main(["import", "--check", str(mixed), "--store", offline]) == 1
    out = capsys.readouterr().out
    assert "2 would be imported, 2 rejected" in out and "not compared with the store (" in out
    assert "s3cret" not in out


@pytest.mark.parametrize("kind", ["folder", "sqlite"])
def test_restoring_a_revision_of_a_deleted_assessment_brings_it_back_and_says_so(kind, tmp_path, capsys):
    store = str(tmp_path / "store") if kind == "folder" else f"sqlite:///{tmp_path / 'team.db'}"
    path = tmp_path / "past.csv"
    for budget in ("5000", "16000"):
        path.write_text(table([row(id="c-7", budget_annual=budget)]), encoding="utf-8")
        main(["import", str(path), "--store", store])
    main(["delete", "c-7", "--store", store])
    capsys.readouterr()
    assert main(["restore", "c-7", "--revision", "2", "--store", store]) == 0
    assert capsys.readouterr().out == "c-7: revision 2 is already the current one (it was deleted: it is back in the lists)\n"
    main(["delete", "c-7", "--store", store])
    capsys.readouterr()
    assert main(["restore", "c-7", "--revision", "1", "--store", store]) == 0
    assert capsys.readouterr().out == (
        "c-7: revision 1 is the latest again (as revision 3) (it was deleted: it is back in the lists)\n"
    )
    assert open_store(store).get("c-7").answers["budget"]["annual_amount"] == 5000


# ---------------------------------------------------------------- a large store: list shows pages, export streams


@pytest.fixture
def many(store_dir):
    """120 assessments, Client 1 to Client 120."""
    open_store(store_dir).save_many(make(i) for i in range(1, 121))
    return store_dir


def listed(argv: list[str], capsys) -> tuple[list[str], str]:
    """The rows `readiness list ARGV` shows, and its last line."""
    assert main(["list", *argv]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["date", "client", "industry", "size", "overall", "verdict", "id"]
    return out[1:-1], out[-1]


MORE = "--limit N for N a page, --all for every one)"


@pytest.mark.parametrize(
    ("argv", "rows", "last"),
    [
        ([], 50, f"1–50 of 120 assessments in {{s}} (oldest first; --page 2 for the next 50, {MORE}"),
        (["--page", "2"], 50, f"51–100 of 120 assessments in {{s}} (oldest first; --page 3 for the next 20, {MORE}"),
        (["--page", "3"], 20, f"101–120 of 120 assessments in {{s}} (oldest first; {MORE}"),
        (["--limit", "7"], 7, f"1–7 of 120 assessments in {{s}} (oldest first; --page 2 for the next 7, {MORE}"),
        (["--limit", "500"], 120, "120 assessments in {s}"),
        (["--all"], 120, "120 assessments in {s}"),
        (["--page", "4"], 0, "page 4 is past the end: 120 assessments in {s}, 3 pages of 50"),
        (["--client", "client 11", "--limit", "5"], 5, f"1–5 of 11 assessments in {{s}} (oldest first; --page 2 for the next 5, {MORE}"),
        (["--client", "client 11", "--all"], 11, "11 assessments in {s}"),
    ],
)
def test_list_shows_one_page_by_default_and_says_how_to_see_the_others(many, capsys, argv, rows, last):
    shown, line = listed(argv, capsys)
    assert (len(shown), line) == (rows, last.format(s=many))


def test_the_pages_together_are_the_whole_list(many, capsys):
    every, _ = listed(["--all"], capsys)
    pages = [listed(["--page", str(n), "--limit", "33"], capsys)[0] for n in (1, 2, 3, 4)]
    assert sum(pages, []) == every and len(every) == 120


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--limit", "0"], "--limit must be a whole number from 1, got 0"),
        (["--page", "-1"], "--page must be a whole number from 1, got -1"),
        (["--all", "--page", "2"], "--all shows every assessment: leave out --limit and --page"),
    ],
)
def test_a_bad_page_is_one_line(many, capsys, argv, message):
    assert main(["list", *argv]) == 2
    assert capsys.readouterr().err == f"readiness list: {message}\n"


@pytest.mark.parametrize("kind", ["folder", "sqlite"])
def test_list_and_export_never_hold_the_whole_store(kind, tmp_path, monkeypatch, capsys):
    from readiness.store import Store

    spec = str(tmp_path / "store") if kind == "folder" else f"sqlite:///{tmp_path / 'team.db'}"
    open_store(spec).save_many(make(i) for i in range(1, 121))
    monkeypatch.setattr(Store, "list", lambda self, **kw: pytest.fail("the whole store was loaded"))
    monkeypatch.setattr(type(open_store(spec)), "_candidates", lambda self, wanted: pytest.fail("the whole store was loaded"))
    assert main(["list", "--all", "--store", spec]) == 0
    assert main(["export", str(tmp_path / "all.csv"), "--store", spec]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("wrote 120 assessments from ")
    assert len((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()) == 121


def test_a_sql_store_is_read_as_a_stream(tmp_path, monkeypatch):
    from readiness.store import SqlStore

    store = open_store(f"sqlite:///{tmp_path / 'team.db'}")
    store.save_many(make(i) for i in range(1, 3001))
    parsed = []
    real = SqlStore._parse
    monkeypatch.setattr(SqlStore, "_parse", lambda self, *args: parsed.append(1) or real(self, *args))
    first = [a.id for _, a in zip(range(5), store.each(), strict=False)]
    assert first == [a.id for a in store.page(1, 5).assessments] and len(parsed) == 5 + 5  # no more read than asked
