"""Shared fixtures, and the CI rule: with READINESS_REQUIRE_ALL=1 no test may skip."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import uuid

import matplotlib
import pytest

matplotlib.use("Agg")  # in this test process only; never exported to notebook kernels

from builders import EXAMPLE, KINDS  # noqa: E402, F401 - KINDS: parametrize with it

from readiness.core.assessment import Assessment  # noqa: E402
from readiness.core.framework import default_framework  # noqa: E402
from readiness.store import open_store  # noqa: E402

REQUIRE_ALL = os.environ.get("READINESS_REQUIRE_ALL") == "1"
# The command line speaks the consultant's language (--lang, $READINESS_LANG, the locale): the tests state
# theirs, so they pass whatever the developer's locale (a test of French says --lang fr or sets it).
os.environ["READINESS_LANG"] = "en"



@pytest.fixture
def example_dict() -> dict:
    """The assessment of DESIGN.md, as a plain format v1 document (a fresh copy)."""
    import copy

    return copy.deepcopy(EXAMPLE)


@pytest.fixture
def example(example_dict) -> Assessment:
    """The assessment of DESIGN.md."""
    return Assessment.from_dict(example_dict)


@pytest.fixture(scope="session")
def framework():
    """The shipped framework."""
    return default_framework()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (READINESS_REQUIRE_ALL=1) a skipped test is a failed test: nothing may go untested."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every test must run: {reason}"


# ---------------------------------------------------------------- where the stores live


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server URL: READINESS_TEST_PG_URL, else a throw-away server of our own."""
    url = os.environ.get("READINESS_TEST_PG_URL")
    if url:
        _check_reachable(url)
        yield url
        return
    executor = _own_server()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{executor.port}/postgres"
    finally:
        executor.stop()


def _check_reachable(url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect():
            pass
    except Exception as exc:  # noqa: BLE001 - any failure to connect is reported the same way
        pytest.fail(f"READINESS_TEST_PG_URL is set but the server cannot be reached: {exc}")
    finally:
        engine.dispose()


def _own_server():
    """Start PostgreSQL with pytest-postgresql from the installed binaries, or skip saying why."""
    pg_ctl = shutil.which("pg_ctl") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)), None
    )
    if pg_ctl is None:
        pytest.skip("no PostgreSQL: set READINESS_TEST_PG_URL or install the postgresql server binaries")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("PostgreSQL will not run as root: set READINESS_TEST_PG_URL (.ci/run does)")
    try:
        from pytest_postgresql.executors import PostgreSQLExecutor
    except ImportError:
        pytest.skip("no READINESS_TEST_PG_URL and pytest-postgresql is not installed to start a server")
    import tempfile

    folder = tempfile.mkdtemp(prefix="readiness-pg-")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    executor = PostgreSQLExecutor(
        executable=pg_ctl, host="127.0.0.1", port=port, datadir=f"{folder}/data", unixsocketdir=folder,
        logfile=f"{folder}/log", startparams="-w", dbname="postgres", user="postgres",
    )  # fmt: skip
    executor.start()
    return executor


@pytest.fixture
def pg_url(pg_server):
    """A fresh schema on the server for one test, dropped afterwards (tests never see each other)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schema = f"readiness_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(pg_server).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture(params=KINDS)
def spec(request, tmp_path):
    """Where a store lives: a folder, a SQLite file, or a PostgreSQL schema."""
    if request.param == "folder":
        return str(tmp_path / "assessments")
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'team.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(spec):
    s = open_store(spec)
    yield s
    s.close()
