"""No password is ever shown: one redaction for messages, log lines, report parameters and files,
and libpq's own ways (PGPASSWORD, a pgpass file, PGSERVICE) to keep it out of the URL altogether.

The commands run against the real PostgreSQL server of the tests (READINESS_TEST_PG_URL), with the
password in both places a URL can hold it: `user:password@` and `?password=`.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import stat
from pathlib import Path
from urllib.parse import quote

import pytest
from builders import EXAMPLE
from builders import numbered as make
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.cli import main
from readiness.store import open_store
from readiness.store.drafts import save_draft
from readiness.store.redaction import logger, redact, without_password

WRONG = "Wr0ng-S3cret-9431"  # a password nobody has: every use of it must fail, and it must never show


# ---------------------------------------------------------------- the one redaction


REDACTED = [
    ("postgresql+psycopg://ana:s3cret@db.example:5432/agency", "postgresql+psycopg://ana:***@db.example:5432/agency"),
    ("postgresql://ana@db.example/agency?password=s3cret", "postgresql://ana@db.example/agency?password=***"),
    ("postgresql://ana@db/agency?sslmode=require&password=s3cret&application_name=x",
     "postgresql://ana@db/agency?sslmode=require&password=***&application_name=x"),
    ("postgresql://ana:p@ss/w0rd@db/agency", "postgresql://ana:***@db/agency"),  # unencoded @ and / hidden whole
    ("postgresql://ana:s%40cret@db/agency", "postgresql://ana:***@db/agency"),
    ("cannot open the store 'postgresql://ana:s3cret@db/agency': refused", "cannot open the store 'postgresql://ana:***@db/agency': refused"),
    ("host=db user=ana password='two words' dbname=agency", "host=db user=ana password=*** dbname=agency"),
    ("PGPASSWORD=s3cret readiness list", "PGPASSWORD=*** readiness list"),
    ("cannot open postgresql://ana@db/agency?password=s3cret", "cannot open postgresql://ana@db/agency?password=***"),
    ("store postgresql://ana@db/agency?password=***: refused", "store postgresql://ana@db/agency?password=***: refused"),  # hidden already
    ("postgresql://ana@db/agency", "postgresql://ana@db/agency"),  # nothing secret: unchanged
    ("sqlite:////home/ana/team.db", "sqlite:////home/ana/team.db"),
    ("folder data/assessments", "folder data/assessments"),
    ("ana@example.com wrote: ready", "ana@example.com wrote: ready"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "shown"), REDACTED)
def test_redact_hides_both_password_forms_and_nothing_else(text, shown):
    assert redact(text) == shown
    assert redact(shown) == shown  # redacting twice changes nothing


# Any character a URL can carry (no control character, no half of a surrogate pair): spaces, `@`,
# `/`, `:`, `?`, `%`, `#`, letters of any script.
passwords = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)


@given(password=passwords)
def test_any_password_is_hidden_in_either_place(password):
    assert redact(f"postgresql+psycopg://ana:{password}@db.example:5432/agency") == "postgresql+psycopg://ana:***@db.example:5432/agency"
    encoded = quote(password, safe="")
    assert redact(f"postgresql+psycopg://ana:{encoded}@db.example:5432/agency") == "postgresql+psycopg://ana:***@db.example:5432/agency"
    assert redact(f"postgresql://ana@db/agency?sslmode=require&password={encoded}&x=1") == "postgresql://ana@db/agency?sslmode=require&password=***&x=1"


def typed_forms(password: str) -> dict[str, str]:
    """One store URL with the password as a consultant may type it: raw or encoded, in either place."""
    encoded = quote(password, safe="")
    forms = {"user:password@ encoded": f"postgresql+psycopg://ana:{encoded}@127.0.0.1:1/agency",
             "?password= encoded": f"postgresql+psycopg://ana@127.0.0.1:1/agency?password={encoded}",
             "user:password@ as typed": f"postgresql+psycopg://ana:{password}@127.0.0.1:1/agency"}  # fmt: skip
    if not set("&+%") & set(password) and password == password.strip():
        # (in a query, & ends the value, + means a space and % an encoding; a URL's last spaces are not read)
        forms["?password= as typed"] = f"postgresql+psycopg://ana@127.0.0.1:1/agency?password={password}"
    return forms


@given(password=passwords)
def test_a_store_url_is_read_with_its_password_as_typed_whatever_it_holds(password):
    from sqlalchemy.engine import make_url

    from readiness.store.redaction import store_url

    for form, url in typed_forms(password).items():
        if "%" in password and "as typed" in form:
            continue  # a % typed in a URL starts an encoding: %41 is A
        parsed = make_url(store_url(url)[0])
        read = parsed.password if "user:" in form else parsed.query["password"]
        assert (read, parsed.username, parsed.host, parsed.port, parsed.database) == (password, "ana", "127.0.0.1", 1, "agency"), form


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(password=passwords)
def test_a_store_never_shows_its_password_whatever_it_holds(password):
    """Its description and its errors (the server refuses: nothing listens on port 1) show *** and no part of the password."""
    from readiness.core.errors import StoreError

    for form, url in typed_forms(password).items():
        store = open_store(url)
        public = "postgresql+psycopg://ana:***@127.0.0.1:1/agency" if "user:" in form else "postgresql+psycopg://ana@127.0.0.1:1/agency?password=***"
        assert store.describe() == public, form
        with pytest.raises(StoreError) as refused:
            store.list()
        message = str(refused.value)
        assert message.startswith(f"store {public} cannot be used: "), (form, message)
        assert password not in message.removeprefix(f"store {public}") or password in REFUSED, (form, message)


REFUSED = 'cannot be used: connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused Is the server running on that host and accepting TCP/IP connections?'


@pytest.mark.parametrize("password", ["Zq Secret99", "Zq@Secret1", "p@ss/S3cr3tXYZ", "ümlaut Geheimnis"])
@pytest.mark.parametrize("encoded", [False, True])
def test_a_driver_error_quoting_the_password_shows_it_as_stars(password, encoded, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from readiness.core.errors import StoreError

    typed = quote(password, safe="") if encoded else password
    store = open_store(f"postgresql://ana@127.0.0.1:1/agency?password={quote(password)}&sslmode=disable")
    quoting = f"invalid password {password!r} (typed {typed}, sent {quote(password, safe='')})"

    def refuse():
        raise OperationalError("connect", {}, Exception(quoting))

    monkeypatch.setattr(store.engine, "connect", refuse)
    with pytest.raises(StoreError) as refused:
        store.list()
    message = str(refused.value)
    assert password not in message and typed not in message and quote(password, safe="") not in message
    assert "invalid password '***' (typed ***, sent ***)" in message


@pytest.mark.parametrize(
    ("url", "public", "password"),
    [
        ("postgresql+psycopg://ana:s%40cret@db:5432/agency", "postgresql+psycopg://ana@db:5432/agency", "s@cret"),
        ("postgresql://ana@db/agency?password=s3cret&sslmode=require", "postgresql://ana@db/agency?sslmode=require", "s3cret"),
        ("postgresql://ana@db/agency", "postgresql://ana@db/agency", None),
        ("/home/ana/assessments", "/home/ana/assessments", None),
    ],
)
def test_without_password_splits_a_url_into_what_may_be_written_and_the_secret(url, public, password):
    assert without_password(url) == (public, password)


@pytest.mark.parametrize(
    "url", ["postgresql://consultant:s3cret@db.example:5432/agency", "postgresql://consultant@db.example:5432/agency?password=s3cret"]
)
def test_a_store_describes_itself_without_its_password(url):
    shown = open_store(url).describe()
    assert "s3cret" not in shown and "***" in shown


def test_log_lines_and_tracebacks_are_redacted(caplog):
    log = logger("readiness.test_secrets")
    with caplog.at_level(logging.WARNING, logger="readiness.test_secrets"):
        log.warning("store %s unreachable", "postgresql://ana:s3cret@db/agency")
        try:
            raise RuntimeError("postgresql://ana@db/agency?password=s3cret refused")
        except RuntimeError:
            log.exception("unexpected")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "s3cret" not in text and "ana:***@db" in text and "password=***" in text


SPECIAL = ["Zq Secret99", "Zq@Secret1/tail", "p@ss/S3cr3tXYZ"]  # passwords SQLAlchemy alone misreads or shows


def fragments(password: str) -> list[str]:
    """The password and its pieces long enough to tell (what a half-hidden password would show)."""
    return [password, quote(password, safe=""), *(p for p in re.split(r"[\W_]+", password) if len(p) >= 4)]


@pytest.mark.parametrize(
    "url",
    [f"postgresql://consultant:{WRONG}@127.0.0.1:1/agency?password={WRONG}"]  # nothing listens on port 1
    + [f"postgresql://consultant:{p}@127.0.0.1:1/agency" for p in SPECIAL]
    + [f"postgresql://consultant:{quote(p, safe='')}@127.0.0.1:1/agency" for p in SPECIAL]
    + [f"postgresql://consultant@127.0.0.1:1/agency?password={p}" for p in SPECIAL],
)
def test_the_meeting_form_never_shows_the_password_of_its_store(url, tmp_path, caplog):
    from readiness.meeting.form import meeting_form

    password = next(p for p in [WRONG, *SPECIAL] if p in url or quote(p, safe="") in url)
    with caplog.at_level(logging.WARNING):
        form = meeting_form("en", url, drafts=tmp_path / "drafts", exports=tmp_path / "exports")
        warning = form.message  # "Comparison with past clients unavailable (…)"
        form.profile.name.value = "Boulangerie Tremblay"
        form.buttons["save"].click()
    assert "Could not do it" in form.message and "***" in form.message
    assert "Comparison with past clients unavailable" in warning and "***" in warning
    shown = warning + form.message + caplog.text + "".join(p.read_text() for p in (tmp_path / "drafts").glob("*"))
    assert [f for f in fragments(password) if f in shown] == []


# ---------------------------------------------------------------- every command that prints or writes a store URL


def password_forms(url: str, password: str | None = None) -> dict[str, str]:
    """The same store with its password (or another one) in `user:password@`, in `?password=`, and typed raw in `user:password@`."""
    from sqlalchemy.engine import make_url

    public, secret = without_password(url)
    assert secret, "the test server's URL must hold a password (READINESS_TEST_PG_URL)"
    password = password or secret
    in_user = make_url(public).set(password=password).render_as_string(hide_password=False)
    in_query = make_url(public).update_query_dict({"password": password}).render_as_string(hide_password=False)
    scheme, _, rest = public.partition("://")
    typed = f"{scheme}://{make_url(url).username}:{password}@{rest.partition('@')[2]}"  # @, / and spaces as they are
    return {"user:password@": in_user, "?password=": in_query, "typed": typed, "secret": password,
            "user": make_url(url).username}  # fmt: skip


def leaks(text: str, secret: str, user: str) -> list[str]:
    """Where the password shows in a text (as it would in either URL form, or a piece of it)."""
    shown = [f"{user}:{secret}@", f"password={secret}", f"password={quote(secret, safe='')}"]
    pieces = fragments(secret) if secret != user else []  # (the test server's password may be its user's name)
    return [s for s in shown + pieces if s in text] + ([WRONG] if WRONG in text else [])


def files_text(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def commands(url: str, folder: Path) -> list[list[str]]:
    """Every command that takes --store, each with work to do."""
    csv = folder / "past.csv"
    csv.write_text("client_name,assessed_on,content\nCafé du Port,2026-01-05,none\n", encoding="utf-8")
    out = folder / "out"
    return [
        ["import", str(csv), "--store", url],
        ["import", "--check", str(csv), "--store", url],
        ["list", "--store", url],
        ["export", str(out / "all.xlsx"), "--store", url],
        ["history", "a-0001", "--store", url],
        ["delete", "a-0002", "--store", url],
        ["restore", "a-0002", "--store", url],
        ["benchmark", "a-0001", "--store", url],
        ["portfolio", "--store", url, "--out", str(out / "portfolio"), "--lang", "fr"],
        ["charts", "a-0001", "--store", url, "--out", str(out / "charts"), "--format", "png", "--size", "half"],
        ["deck", "a-0001", "--store", url, "--out", str(out / "deck.pptx")],
        ["report", "a-0001", "--store", url, "--out", str(out / "reports"), "--notebooks"],
        ["drafts", "save", "d-1", "--store", url, "--drafts", str(folder / "drafts")],
    ]


@pytest.mark.postgres
@pytest.mark.timeout(300)
@pytest.mark.parametrize("form", ["user:password@", "?password="])
def test_no_command_shows_or_writes_the_password(pg_url, tmp_path, capsys, form):  # noqa: F811
    urls = password_forms(pg_url)
    url, secret, user = urls[form], urls["secret"], urls["user"]
    with open_store(url) as store:
        for i in (1, 2, 3):  # fewer than k: charts, deck and portfolio say they fell back on the sample
            store.save(make(i))
    save_draft({**copy.deepcopy(EXAMPLE), "id": "d-1"}, tmp_path / "drafts")
    for argv in commands(url, tmp_path):
        status = main(argv)
        out, err = capsys.readouterr()
        assert status == 0, (argv[0], err)
        assert leaks(out + err, secret, user) == [], argv[0]
    written = files_text(tmp_path / "out")
    assert leaks(written, secret, user) == []
    about = (tmp_path / "out" / "portfolio" / "about.txt").read_text(encoding="utf-8")
    assert "Laissées de côté : les 4 évaluations du registre postgresql+psycopg://" in about and "***" in about
    notebook = next((tmp_path / "out" / "reports").glob("*.ipynb")).read_text(encoding="utf-8")
    assert without_password(url)[0].replace('"', '\\"') in notebook  # the store the report read, minus its password


@pytest.mark.postgres
@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("form", "password"),
    [("user:password@", WRONG), ("?password=", WRONG), ("user:password@", "Zq Secret99"), ("typed", "Zq@Secret1/tail"),
     ("?password=", "p@ss/S3cr3tXYZ")],
)  # fmt: skip
def test_a_wrong_password_fails_in_one_line_that_does_not_show_it(pg_url, tmp_path, capsys, form, password):  # noqa: F811
    urls = password_forms(pg_url, password)
    url = urls[form]
    save_draft({**copy.deepcopy(EXAMPLE), "id": "d-1"}, tmp_path / "drafts")
    for argv in commands(url, tmp_path):
        if argv[:2] == ["import", "--check"]:
            continue  # --check reads the file alone when the store cannot be reached (it says so)
        status = main(argv)
        out, err = capsys.readouterr()
        assert status in (1, 2), argv[0]
        assert leaks(out + err, urls["secret"], urls["user"]) == [], argv[0]
        assert "***" in out + err or "password authentication failed" in out + err, (argv[0], out, err)
    assert not (tmp_path / "out").exists() or leaks(files_text(tmp_path / "out"), urls["secret"], urls["user"]) == []


@pytest.mark.postgres
@pytest.mark.parametrize("form", ["user:password@", "?password="])
def test_report_all_on_an_empty_store_names_it_without_its_password(pg_url, tmp_path, capsys, form):  # noqa: F811
    urls = password_forms(pg_url)
    assert main(["report", "--all", "--store", urls[form], "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("no assessment in the store postgresql") and "***" in out
    assert leaks(out, urls["secret"], urls["user"]) == []


def test_a_url_that_cannot_be_read_is_refused_without_showing_its_password(capsys):
    assert main(["list", "--store", f"postgresql://ana:{WRONG}@db:port/agency"]) == 2
    assert main(["list", "--store", f"mysql://ana:{WRONG}@db/agency?password={WRONG}"]) == 2
    out, err = capsys.readouterr()
    assert WRONG not in out + err and err.count("\n") == 2


# ---------------------------------------------------------------- libpq keeps the password out of the URL


def libpq_parts(url: str) -> dict[str, str]:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return {"host": parsed.host or "127.0.0.1", "port": str(parsed.port or 5432), "db": parsed.database,
            "user": parsed.username, "password": parsed.password, "options": parsed.query.get("options", "")}  # fmt: skip


@pytest.fixture
def no_libpq_environment(monkeypatch, tmp_path):
    """No password from this machine's own set-up: only what each test gives."""
    for name in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none.pgpass"))  # never the real ~/.pgpass
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "none.conf"))


def bare_url(parts: dict[str, str]) -> str:
    options = f"?options={quote(parts['options'])}" if parts["options"] else ""
    return f"postgresql://{parts['user']}@{parts['host']}:{parts['port']}/{parts['db']}{options}"


@pytest.mark.postgres
def test_without_a_password_anywhere_the_server_refuses_in_one_line(pg_url, no_libpq_environment, capsys):  # noqa: F811
    assert main(["list", "--store", bare_url(libpq_parts(pg_url))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("readiness list: store postgresql+psycopg://") and "password" in err and err.count("\n") == 1


@pytest.mark.postgres
def test_pgpassword_gives_the_password(pg_url, no_libpq_environment, monkeypatch, capsys):  # noqa: F811
    parts = libpq_parts(pg_url)
    monkeypatch.setenv("PGPASSWORD", parts["password"])
    open_store(pg_url).save(make(1))
    assert main(["list", "--store", bare_url(parts)]) == 0
    assert "Client 1" in capsys.readouterr().out


@pytest.mark.postgres
def test_a_pgpass_file_gives_the_password(pg_url, no_libpq_environment, monkeypatch, tmp_path, capsys):  # noqa: F811
    parts = libpq_parts(pg_url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{parts['host']}:{parts['port']}:{parts['db']}:{parts['user']}:{parts['password']}\n")
    pgpass.chmod(stat.S_IRUSR | stat.S_IWUSR)  # libpq ignores a pgpass file others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    open_store(pg_url).save(make(1))
    assert main(["list", "--store", bare_url(parts)]) == 0
    assert "Client 1" in capsys.readouterr().out


@pytest.mark.postgres
def test_a_pgpass_file_others_can_read_is_said_to_be_ignored(pg_url, no_libpq_environment, monkeypatch, tmp_path, capsys):  # noqa: F811
    """The try-out: a ~/.pgpass with mode 644 failed with only 'fe_sendauth: no password supplied'."""
    parts = libpq_parts(pg_url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{parts['host']}:{parts['port']}:{parts['db']}:{parts['user']}:{parts['password']}\n")
    pgpass.chmod(0o644)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert main(["list", "--store", bare_url(parts)]) == 2
    err = capsys.readouterr().err
    assert "no password supplied" in err and f"{pgpass} is not used: others can read it" in err and "chmod 600" in err
    pgpass.chmod(0o600)
    assert main(["list", "--store", bare_url(parts)]) == 0


@pytest.mark.postgres
def test_a_service_names_the_whole_connection(pg_url, no_libpq_environment, monkeypatch, tmp_path, capsys):  # noqa: F811
    parts = libpq_parts(pg_url)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[agency]\nhost={parts['host']}\nport={parts['port']}\ndbname={parts['db']}\nuser={parts['user']}\n"
        f"password={parts['password']}\noptions={parts['options']}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    open_store(pg_url).save(make(1))
    for url, environment in (("postgresql:///?service=agency", {}), ("postgresql://", {"PGSERVICE": "agency"})):
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        assert main(["list", "--store", url]) == 0
        assert "Client 1" in capsys.readouterr().out


@pytest.mark.postgres
@pytest.mark.timeout(120)
def test_report_kernels_find_the_password_without_it_in_any_file(pg_url, tmp_path):  # noqa: F811
    from readiness.outputs.report_batch import run_reports

    parts = libpq_parts(pg_url)
    open_store(pg_url).save(make(1))
    before = os.environ.get("PGPASSWORD")
    run = run_reports(["a-0001"], store=pg_url, out=tmp_path / "r", progress=False, notebooks=True)
    assert run.failed == () and len(run.written) == 2
    assert os.environ.get("PGPASSWORD") == before  # the password lent to the kernels is taken back
    for path in run.written:
        assert f":{parts['password']}@" not in path.read_text(encoding="utf-8")
