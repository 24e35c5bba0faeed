"""Faults, injected for real: kill -9, a full disk, a database connection cut, writers racing.

After each fault the store is checked the same way: it still opens, every record in it is whole
(exactly as saved), no revision was kept for a write that did not happen, no temp file is left,
and running the same import again completes. Each store kind is tested (folder, SQLite,
PostgreSQL; see test_store_contract for where the server comes from).
"""

from __future__ import annotations

import copy
import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest
from builders import EXAMPLE, KINDS
from builders import numbered as make
from builders import spec_of as _spec_of

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.core.errors import StoreError
from readiness.sheets.writing import export_table
from readiness.store import open_store
from readiness.store.drafts import save_draft

ROOT = Path(__file__).resolve().parent.parent
ROWS = 3000  # an import of this many rows, in batches of BATCH, is long enough to be cut half-way
BATCH = 100


# ---------------------------------------------------------------- helpers


def start(script: str, *args: str, **popen: object) -> subprocess.Popen:
    """A Python process running `script` from the project folder; it prints "ready" before the work starts."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.PIPE, text=True, **popen,
    )  # fmt: skip
    assert child.stdout.readline() == "ready\n", child.stderr.read()
    return child


def past_file(tmp_path: Path, rows: int = ROWS) -> tuple[Path, dict[str, dict]]:
    """A CSV of `rows` assessments as export writes it, and each one's document by id."""
    originals = [make(i) for i in range(1, rows + 1)]
    path = export_table(originals, tmp_path / "past.csv")
    return path, {a.id: a.to_dict() for a in originals}


def stored_count(spec: str) -> int:
    """How many assessments are stored, read without the store's own code (a file count, or one query)."""
    if "://" not in spec:
        return sum(1 for name in os.listdir(spec) if name.endswith(".json")) if os.path.isdir(spec) else 0
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError, ProgrammingError

    engine = create_engine(spec)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM readiness_assessments").scalar_one()
    except (OperationalError, ProgrammingError):  # not created yet
        return 0
    finally:
        engine.dispose()


def wait_until_stored(spec: str, child: subprocess.Popen, at_least: int = 1) -> int:
    """Wait until the child has stored some assessments (it must not have finished); how many."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        count = stored_count(spec)
        if count >= at_least:
            return count
        assert child.poll() is None, f"the child ended first: {child.stderr.read()}"
        time.sleep(0.005)
    raise AssertionError("nothing was stored within a minute")


def revision_count(spec: str) -> int:
    """Every revision kept in the store, all assessments together (read without the store's code)."""
    if "://" not in spec:
        history = Path(spec) / ".revisions"
        earlier = sum(len(list(folder.glob("*.json"))) for folder in history.iterdir()) if history.is_dir() else 0
        return earlier + stored_count(spec)
    from sqlalchemy import create_engine

    engine = create_engine(spec)
    with engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM readiness_revisions").scalar_one()
    engine.dispose()
    return count


def leftovers(spec: str) -> list[str]:
    """Temp files and temp folders anywhere in a folder store (none for a database)."""
    if "://" in spec or not os.path.isdir(spec):
        return []
    found = [str(p) for p in Path(spec).rglob("*.tmp")]
    return found + ([f"{spec}/.writing"] if (Path(spec) / ".writing").exists() else [])


def sqlite_log(spec: str) -> int:
    """The bytes SQLite's write-ahead log (the -wal file beside the database) holds on disk (0 for other stores)."""
    if not spec.startswith("sqlite:///"):
        return 0
    log = Path(spec.removeprefix("sqlite:///") + "-wal")
    return log.stat().st_size if log.exists() else 0


def assert_whole(spec: str, expected: dict[str, dict]) -> int:
    """The store opens, warns of no damaged file, and holds only records exactly as saved; how many."""
    with open_store(spec) as store, warnings.catch_warnings():
        warnings.simplefilter("error")
        stored = store.list()
        for a in stored:
            assert a.to_dict() == expected[a.id]
        assert len(store.load_frame()) == len(stored)
    return len(stored)


def import_again_completes(spec: str, path: Path, expected: dict[str, dict], capsys) -> None:
    """Importing the file again stores the rest: every row once, one revision each, no temp file."""
    capsys.readouterr()
    assert main(["import", str(path), "--store", spec, "--no-progress"]) == 0, capsys.readouterr()
    assert assert_whole(spec, expected) == len(expected)
    assert revision_count(spec) == len(expected)  # nothing revised: no extra revision for any
    assert leftovers(spec) == []


# ---------------------------------------------------------------- writers racing


SAVER = textwrap.dedent(
    """
    import copy, sys
    from readiness.core.assessment import Assessment
    from readiness.core.errors import StoreError
    from readiness.store import open_store
    from tests.builders import EXAMPLE

    spec, writer, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(spec)
    print("ready", flush=True)
    sys.stdin.readline()
    failures = 0
    for i in range(count):
        doc = copy.deepcopy(EXAMPLE) | {"id": "shared", "consultant": f"{writer} {i}"}
        try:
            store.save(Assessment.from_dict(doc))
        except StoreError as exc:
            failures += 1
            print(exc, file=sys.stderr)
    print(failures)
    """
)


@pytest.mark.parametrize("kind", KINDS)
def test_four_writers_saving_one_assessment_50_times_each_all_succeed_and_every_revision_is_kept(
    kind, request, tmp_path
):
    spec = _spec_of(kind, request, tmp_path)
    writers = [start(SAVER, spec, name, "50") for name in "ABCD"]
    for writer in writers:  # all at once
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=300) for writer in writers]
    assert [out.strip() for out, _ in results] == ["0"] * 4, [err for _, err in results]
    with open_store(spec) as store:
        consultants = [a.consultant for a in store.revisions("shared")]
        assert store.get("shared").consultant == consultants[-1]
    assert sorted(consultants) == sorted(f"{w} {i}" for w in "ABCD" for i in range(50))
    for w in "ABCD":  # each writer's saves kept in the order it made them
        assert [c for c in consultants if c.startswith(f"{w} ")] == [f"{w} {i}" for i in range(50)]


# ---------------------------------------------------------------- kill -9


EDITOR = textwrap.dedent(
    """
    import copy, itertools, sys
    from readiness.core.assessment import Assessment
    from readiness.store import open_store
    from tests.builders import EXAMPLE

    store = open_store(sys.argv[1])
    print("ready", flush=True)
    for i in itertools.count(1):
        doc = copy.deepcopy(EXAMPLE) | {"id": "edited", "consultant": sys.argv[2]}
        doc["answers"]["budget"]["annual_amount"] = i
        store.save(Assessment.from_dict(doc))
    """
)


@pytest.mark.parametrize("kind", KINDS)
def test_kill_9_during_saves_of_one_assessment_leaves_whole_revisions_in_order(kind, request, tmp_path):
    spec = _spec_of(kind, request, tmp_path)
    for round_ in range(3):
        editor = start(EDITOR, spec, f"round {round_}")
        wait_until_stored(spec, editor)
        time.sleep(0.05 * round_)
        editor.kill()
        editor.communicate()
        with open_store(spec) as store, warnings.catch_warnings():
            warnings.simplefilter("error")
            saved = [(a.consultant, a.answers["budget"]["annual_amount"]) for a in store.revisions("edited")]
            assert (store.get("edited").consultant, store.get("edited").answers["budget"]["annual_amount"]) == saved[-1]
    # each round saved 1, 2, 3…: every revision whole, none repeated (no needless revision), rounds in order
    rounds = [c for c, _ in saved]
    assert sorted(set(rounds)) == ["round 0", "round 1", "round 2"] and rounds == sorted(rounds)
    for round_ in set(rounds):
        budgets = [b for c, b in saved if c == round_]
        assert budgets == list(range(1, len(budgets) + 1))
    with open_store(spec) as store:  # the next save sweeps what the crash left, and keeps one revision more
        store.save(Assessment.from_dict(copy.deepcopy(EXAMPLE) | {"id": "edited", "consultant": "after the crash"}))
        kept = len(store.revisions("edited"))
    assert kept == len(saved) + 1
    assert revision_count(spec) == kept  # not even a hidden duplicate left by a save killed before its rename
    assert leftovers(spec) == []


IMPORTER = textwrap.dedent(
    """
    import sys, time
    import readiness.store.base
    import readiness.store.sql
    from readiness.cli import main

    readiness.store.base.BATCH = readiness.store.sql.SQL_BATCH = {batch}  # many batches: the import can be cut between two
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0
    if pause:  # a slow network: each batch's transaction takes a while, so the connection is cut inside one
        write_batch = readiness.store.sql.SqlStore._write_batch

        def slow(self, conn, batch):
            time.sleep(pause)
            return write_batch(self, conn, batch)

        readiness.store.sql.SqlStore._write_batch = slow
    print("ready", flush=True)
    sys.exit(main(["import", sys.argv[1], "--store", sys.argv[2], "--no-progress"]))
    """
).format(batch=BATCH)


@pytest.mark.parametrize("kind", KINDS)
def test_kill_9_during_an_import_leaves_whole_records_and_importing_again_completes(kind, request, tmp_path, capsys):
    spec = _spec_of(kind, request, tmp_path)
    path, expected = past_file(tmp_path)
    importer = start(IMPORTER, str(path), spec, start_new_session=True)
    wait_until_stored(spec, importer)
    os.killpg(importer.pid, signal.SIGKILL)  # the importer and, for a folder, its helper process
    importer.communicate()
    assert 0 < assert_whole(spec, expected) < ROWS
    import_again_completes(spec, path, expected, capsys)


# ---------------------------------------------------------------- a PostgreSQL connection cut mid-import


@pytest.mark.postgres
def test_a_postgresql_connection_cut_mid_import_is_one_line_and_importing_again_completes(request, tmp_path, capsys):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = request.getfixturevalue("pg_url")
    spec = make_url(base).update_query_dict({"application_name": "readiness-cut-me"}).render_as_string(False)
    path, expected = past_file(tmp_path)
    importer = start(IMPORTER, str(path), spec, "0.05")
    wait_until_stored(spec, importer)
    admin = create_engine(base)
    with admin.connect() as conn:
        cut = conn.exec_driver_sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'readiness-cut-me'"
        ).scalar_one()
    admin.dispose()
    out, err = importer.communicate(timeout=60)
    assert cut >= 1
    assert importer.returncode == 2, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("readiness import: store postgresql+psycopg://") and "cannot be used" in err, err
    assert 0 < assert_whole(spec, expected) < ROWS
    assert stored_count(spec) % BATCH == 0  # whole batches only: a transaction is all or nothing
    import_again_completes(spec, path, expected, capsys)


# ---------------------------------------------------------------- a full disk


class SmallDisk:
    """A 1 MB file system for one test: a tmpfs of its own when run as root (as CI is), else a fake one.

    The fake stands for a full disk where nothing can be mounted: readiness's own writers (the
    folder store's, exports', drafts') fail with "No space left on device" once 1 MB is written,
    and SQLite once its file reaches 1 MB (its page limit); the folder store then lands every
    batch itself (its helper process is out of the fake's reach).
    """

    SIZE = 1 << 20

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch):
        self.path = path
        path.mkdir()
        self.real = hasattr(os, "geteuid") and os.geteuid() == 0
        self.left = float(self.SIZE)
        if self.real:
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)], check=True)
        else:
            self._fake(monkeypatch)

    def fill(self, leave: int) -> None:
        """Fill the disk with a file of nothing, leaving about `leave` bytes free."""
        if self.real:
            (self.path / "filler").write_bytes(bytes(max(0, shutil.disk_usage(self.path).free - leave)))
        self.left = min(self.left, leave)

    def grow(self) -> None:
        """Make room, as a consultant freeing space would."""
        if self.real:
            subprocess.run(["mount", "-o", "remount,size=64m", str(self.path)], check=True)
        self.left = float("inf")

    def close(self) -> None:
        if self.real:
            subprocess.run(["umount", "-l", str(self.path)], check=True)

    def spend(self, size: int) -> None:
        """Count bytes written; past the size, fail as a full disk does."""
        if size > self.left:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.left -= size

    def _fake(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from readiness.store import folder_batch, folder_files, sql_tables, writer

        disk, real_fdopen = self, os.fdopen
        real_write_file, real_connected = folder_files.write_file, sql_tables._sqlite_connected

        def write_file(path, data, durable=False):
            if disk.holds(path):
                disk.spend(-(-len(data) // 4096) * 4096)  # whole pages, as a file system gives them
            return real_write_file(path, data, durable)

        def connected(dbapi_connection, record):
            real_connected(dbapi_connection, record)
            file = dbapi_connection.execute("PRAGMA database_list").fetchone()[2]
            if disk.holds(file) and disk.left != float("inf"):
                dbapi_connection.execute(f"PRAGMA max_page_count = {disk.SIZE // 4096}")

        monkeypatch.setattr(folder_files, "write_file", write_file)
        monkeypatch.setattr(writer, "os", _With(os, fdopen=lambda *a, **k: _Metered(real_fdopen(*a, **k), disk)))  # the one writer
        monkeypatch.setattr(sql_tables, "_sqlite_connected", connected)
        monkeypatch.setattr(folder_batch, "_start_helper", lambda lock: None)

    def holds(self, path: str | os.PathLike) -> bool:
        """Whether a file is on this disk."""
        return Path(path).resolve().is_relative_to(self.path.resolve())


class _With:
    """A module with some of its functions replaced (for the fake disk)."""

    def __init__(self, module, **replaced):
        self._module, self._replaced = module, replaced

    def __getattr__(self, name):
        return self._replaced.get(name) or getattr(self._module, name)


class _Metered:
    """A file whose writes count against the fake disk."""

    def __init__(self, file, disk: SmallDisk):
        self._file, self._disk = file, disk

    def write(self, data):
        self._disk.spend(len(data))
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._file.__exit__(*exc)

    def __iter__(self):
        return iter(self._file)


@pytest.fixture
def disk(tmp_path, monkeypatch):
    place = SmallDisk(tmp_path / "disk", monkeypatch)
    yield place
    place.close()


ON_DISK = ["folder", "sqlite"]


def on_disk(kind: str, disk: SmallDisk) -> str:
    return str(disk.path / "store") if kind == "folder" else f"sqlite:///{disk.path / 'team.db'}"


def one_line_error(capsys, starts: str) -> str:
    """The command's only line on stderr: it starts as expected, and no traceback came with it."""
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and err.startswith(starts), err
    return err


@pytest.mark.parametrize("kind", ON_DISK)
def test_an_import_onto_a_full_disk_is_one_line_leaves_whole_batches_and_importing_again_completes(
    kind, disk, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr("readiness.store.base.BATCH", BATCH)
    monkeypatch.setattr("readiness.store.sql.SQL_BATCH", BATCH)
    spec = on_disk(kind, disk)
    path, expected = past_file(tmp_path)
    assert main(["import", str(path), "--store", spec, "--no-progress"]) == 2
    err = one_line_error(capsys, "readiness import: ")
    assert ("No space left on device" if kind == "folder" else "database or disk is full") in err
    stored = assert_whole(spec, expected)
    assert 0 < stored < ROWS and stored % BATCH == 0  # whole batches only
    assert leftovers(spec) == [] and revision_count(spec) == stored
    if sqlite_log(spec):  # a batch saved but not yet put into the database file, for want of room: said, and kept
        assert f"SQLite keeps the assessments it saved last in {spec.removeprefix('sqlite:///')}-wal" in err
    disk.grow()
    import_again_completes(spec, path, expected, capsys)
    assert sqlite_log(spec) == 0


@pytest.mark.parametrize("rows", [1, 2000])
def test_a_folder_import_onto_a_full_disk_says_how_many_assessments_it_could_not_write(rows, disk, tmp_path, capsys):
    """The try-out: 'could not write: No space left on device', without the count docs/stores.md shows."""
    spec = on_disk("folder", disk)
    path, _ = past_file(tmp_path, rows=rows)
    disk.fill(leave=0 if rows == 1 else 100_000)
    assert main(["import", str(path), "--store", spec, "--no-progress"]) == 2
    what = "the assessment a-0001" if rows == 1 else "2000 assessments"
    one_line_error(capsys, f"readiness import: {spec}: could not write {what}: No space left on device")
    assert leftovers(spec) == []


def test_a_failed_sqlite_write_does_not_leave_its_log_filling_the_disk(disk, tmp_path, capsys):
    """The try-out: 2 000 rows in one transaction on a 1 MB disk left a 1 MB team.db-wal, keeping the disk full."""
    spec = on_disk("sqlite", disk)
    path, _ = past_file(tmp_path, rows=2000)
    assert main(["import", str(path), "--store", spec, "--no-progress"]) == 2
    err = one_line_error(capsys, "readiness import: ")
    assert "database or disk is full" in err and "SQLite keeps" not in err
    assert sqlite_log(spec) == 0 and stored_count(spec) == 0
    if disk.real:
        assert shutil.disk_usage(disk.path).free > SmallDisk.SIZE // 2


@pytest.mark.parametrize("kind", ON_DISK)
def test_a_revision_import_onto_a_full_disk_keeps_no_revision_for_a_write_that_failed(
    kind, disk, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr("readiness.store.base.BATCH", 20)
    monkeypatch.setattr("readiness.store.sql.SQL_BATCH", 20)
    spec = on_disk(kind, disk)
    first, _ = past_file(tmp_path, rows=100)
    assert main(["import", str(first), "--store", spec, "--no-progress"]) == 0
    corrected = [make(i, consultant="Corrected", notes={"objectives": "n" * 6000}) for i in range(1, 101)]  # they fill it
    second = export_table(corrected, tmp_path / "corrected.csv")
    assert main(["import", str(second), "--store", spec, "--no-progress"]) == 2
    one_line_error(capsys, "readiness import: ")
    with open_store(spec) as store:
        revised = sum(a.consultant.startswith("Corrected") for a in store.list())
    assert 0 < revised < 100
    assert revision_count(spec) == 100 + revised  # one more revision for each corrected one, none for the others
    if kind == "folder":
        assert len(list((Path(spec) / ".revisions").iterdir())) == revised
    assert leftovers(spec) == []


@pytest.mark.parametrize("kind", ON_DISK)
def test_a_save_on_a_full_disk_is_a_store_error_and_leaves_nothing(kind, disk):
    spec = on_disk(kind, disk)
    big = {a.id: a for a in (make(i, notes={"objectives": "n" * 20_000}) for i in range(1, 60))}
    with open_store(spec) as store:
        store.save(big["a-0001"])
    filler = disk.path / "filler"
    with pytest.raises(OSError, match="No space left"), open(filler, "wb") as fill:  # noqa: PT012
        while True:
            fill.write(b"x" * 65536)
            fill.flush()
            disk.spend(65536)
    with open_store(spec) as store, pytest.raises(StoreError) as caught:
        for a in big.values():  # (SQLite may find room for a few in pages it has already)
            store.save(a)
    assert spec.removeprefix("sqlite:///") in str(caught.value) and "full" in str(caught.value)
    assert leftovers(spec) == [] and sqlite_log(spec) == 0
    filler.unlink()  # (SQLite cannot even read a database on a full disk: it needs room for its index of the log)
    disk.grow()
    assert assert_whole(spec, {i: a.to_dict() for i, a in big.items()}) >= 1
    with open_store(spec) as store:
        store.save(make(99))
        assert store.get("a-0099").to_dict() == make(99).to_dict()


@pytest.mark.parametrize("out", ["all.csv", "all.xlsx"])
def test_an_export_onto_a_full_disk_is_one_line_and_leaves_no_temp_file(out, disk, tmp_path, capsys):
    spec = str(tmp_path / "store")
    with open_store(spec) as store:
        noise = random.Random(1)  # notes that do not compress: the XLSX (a zip) must not fit either
        store.save_many(make(i, notes={"objectives": noise.randbytes(1500).hex()}) for i in range(1, 1001))
    target = disk.path / out
    assert main(["export", str(target), "--store", spec]) == 2
    one_line_error(capsys, f"readiness export: {target}: cannot write: No space left on device")
    assert list(disk.path.iterdir()) == []
    disk.grow()
    assert main(["export", str(target), "--store", spec]) == 0
    assert [p.name for p in disk.path.iterdir()] == [out]


def test_a_draft_on_a_full_disk_is_a_store_error_and_leaves_no_temp_file(disk):
    document = copy.deepcopy(EXAMPLE) | {"notes": {"objectives": "n" * (2 * SmallDisk.SIZE)}}
    with pytest.raises(StoreError, match="cannot write the draft .*No space left on device"):
        save_draft(document, disk.path / "drafts")
    assert list((disk.path / "drafts").iterdir()) == []


def test_portfolio_outputs_on_a_full_disk_are_one_line_and_leave_no_temp_file(disk, tmp_path, capsys):
    spec = str(tmp_path / "store")
    with open_store(spec) as store:
        store.save_many(make(i, industry="retail", size="small") for i in range(1, 41))
    out = disk.path / "portfolio"
    out.mkdir()
    (out / "about.txt").write_text("last quarter's portfolio\n", encoding="utf-8")  # one made before, to keep
    disk.fill(leave=100_000)  # room for the first charts only
    assert main(["portfolio", "--store", spec, "--out", str(out)]) == 2
    one_line_error(capsys, "readiness portfolio: ")
    # The try-out found 1 of the 15 files left (verdicts.png): a portfolio is written whole, or the old one stays (17 files now: the transitions tables).
    assert [p.name for p in out.iterdir()] == ["about.txt"]
    assert (out / "about.txt").read_text(encoding="utf-8") == "last quarter's portfolio\n"
    disk.grow()
    assert main(["portfolio", "--store", spec, "--out", str(out)]) == 0
    assert f"17 files written to {out}" in capsys.readouterr().out and len(list(out.iterdir())) == 17


def test_a_folder_store_that_cannot_be_read_is_one_line(tmp_path, monkeypatch, capsys):
    spec = str(tmp_path / "store")
    open_store(spec).save(make(1))

    def refused(path):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr("readiness.store.folder_files.os.scandir", refused)
    for argv in (["list"], ["export", str(tmp_path / "out.csv")], ["import", str(past_file(tmp_path, rows=3)[0])]):
        assert main([*argv, "--store", spec]) == 2
        one_line_error(capsys, f"readiness {argv[0]}: {spec}: cannot be read: Permission denied")


@pytest.mark.parametrize("out", ["all.csv", "all.xlsx"])
def test_an_export_cut_half_way_by_the_store_is_one_line_and_leaves_no_file(out, tmp_path, monkeypatch, capsys):
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from readiness.store import FolderStore

    spec = str(tmp_path / "store")
    open_store(spec).save_many(make(i) for i in range(1, 11))
    read_in_order, close = FolderStore._read_in_order, WriteOnlyWorksheet.close

    def cut(self, places):
        for count, a in enumerate(read_in_order(self, places)):
            if count == 5:
                raise StoreError(f"{spec}: cannot be read: the shared drive is gone")
            yield a

    closed = []
    monkeypatch.setattr(FolderStore, "_read_in_order", cut)
    monkeypatch.setattr(WriteOnlyWorksheet, "close", lambda sheet: closed.append(sheet) or close(sheet))
    assert main(["export", str(tmp_path / "out" / out), "--store", spec]) == 2
    one_line_error(capsys, f"readiness export: {spec}: cannot be read: the shared drive is gone")
    assert list((tmp_path / "out").iterdir()) == []
    # a workbook's sheet left open would end its XML stream with an error whenever it is collected
    assert len(closed) == (out == "all.xlsx") and all(sheet.closed for sheet in closed)
