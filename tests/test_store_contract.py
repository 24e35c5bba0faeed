"""The store contract: the folder, SQLite and PostgreSQL stores behave the same.

PostgreSQL runs against a real server: READINESS_TEST_PG_URL (set by .ci/run), or one started
here with pytest-postgresql from the installed binaries; without either the PostgreSQL cases skip
with the reason (and CI, where nothing may skip, fails).
"""

from __future__ import annotations

import copy
import random
import signal
import subprocess
import sys
import textwrap
import time
import uuid
import warnings
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from builders import EXAMPLE, KINDS
from builders import numbered as make
from builders import spec_of as _spec_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.core.assessment import Assessment
from readiness.core.errors import NotFoundError, StoreError, ValidationError
from readiness.core.rows import flat_columns
from readiness.core.scoring import result_columns, score_assessment
from readiness.store import FolderStore, SaveSummary, SqlStore, open_store

# ---------------------------------------------------------------- save, get, revisions


def test_saved_assessment_comes_back_identical(store):
    a = make(1)
    assert store.save(a) is a
    assert store.get(a.id).to_dict() == a.to_dict()
    assert len(store) == 1


def test_identical_save_adds_no_revision(store):
    a = make(1)
    store.save(a)
    store.save(Assessment.from_dict(a.to_dict()))
    assert [r.to_dict() for r in store.revisions(a.id)] == [a.to_dict()]


def test_editing_keeps_every_earlier_revision_oldest_first(store):
    first = make(1)
    second = first.with_answer("content", {"choice": "content_plan"})
    third = second.with_answer("budget", {"annual_amount": 20000, "currency": "CAD"})
    for a in (first, second, third, third):
        store.save(a)
    assert [r.to_dict() for r in store.revisions(first.id)] == [first.to_dict(), second.to_dict(), third.to_dict()]
    assert store.get(first.id).to_dict() == third.to_dict()
    assert len(store.list()) == 1


def test_going_back_to_an_earlier_answer_is_a_new_revision(store):
    first = make(1)
    second = first.with_answer("content", {"choice": "content_plan"})
    for a in (first, second, first):
        store.save(a)
    assert len(store.revisions(first.id)) == 3
    assert store.get(first.id).to_dict() == first.to_dict()


@pytest.mark.parametrize("missing", ["a-9999", "../../etc/passwd", "", "x" * 200])
def test_unknown_id_is_not_found_and_named(store, missing):
    for action in (store.get, store.revisions, store.delete):
        with pytest.raises(NotFoundError) as caught:
            action(missing)
        assert missing[:20] in str(caught.value)


def test_an_id_that_cannot_be_stored_is_refused(store):
    bad = replace(make(1), id="../escape")
    with pytest.raises(ValidationError, match="id must be"):
        store.save(bad)
    assert len(store) == 0


# ---------------------------------------------------------------- list and filters


@pytest.fixture
def portfolio(store):
    """Five assessments of different clients, industries, sizes and dates."""
    rows = [
        make(1, name="Boulangerie Tremblay", industry="retail", size="very_small", assessed_on="2024-03-01"),
        make(2, name="Érablière Gagnon", industry="agri_food", size="small", assessed_on="2024-06-15"),
        make(3, name="Clinique Tremblay-Roy", industry="Health", size="medium", assessed_on="2025-01-10"),
        make(4, name="Café  de L'Œuvre", industry="restaurants", size="very_small", assessed_on="2025-05-20"),
        make(5, name="Usinage Nord", industry="manufacturing", size="large", assessed_on="2025-05-20"),
    ]
    for a in rows:
        store.save(a)
    return store


LIST_CASES = [
        ({}, ["a-0001", "a-0002", "a-0003", "a-0004", "a-0005"]),
        ({"client": "tremblay"}, ["a-0001", "a-0003"]),
        ({"client": "ERABLIERE"}, ["a-0002"]),  # case and accents ignored
        ({"client": "nobody"}, []),
        ({"client": "cafe de l'oeuvre"}, ["a-0004"]),  # spacing and ligatures too
        ({"client": "  ŒUVRE "}, ["a-0004"]),
        ({"client": "CAFE DE L’OEUVRE"}, ["a-0004"]),
        ({"industry": "health"}, ["a-0003"]),
        ({"industry": "Retail"}, ["a-0001"]),
        ({"size": "very_small"}, ["a-0001", "a-0004"]),
        ({"size": "Very small"}, ["a-0001", "a-0004"]),
        ({"since": "2025-01-10"}, ["a-0003", "a-0004", "a-0005"]),  # inclusive
        ({"until": date(2024, 6, 15)}, ["a-0001", "a-0002"]),  # inclusive
        ({"since": "2024-06-01", "until": "2025-05-19"}, ["a-0002", "a-0003"]),
        ({"since": "1/6/2024", "until": "19/05/2025"}, ["a-0002", "a-0003"]),  # DD/MM/YYYY, as imports read it
        ({"since": "2024/06/01", "until": "19.05.2025"}, ["a-0002", "a-0003"]),
        ({"size": "very_small", "since": "2025-01-01"}, ["a-0004"]),
]  # fmt: skip


@pytest.mark.parametrize(("filters", "expected"), LIST_CASES)
def test_list_filters(portfolio, filters, expected):
    assert [a.id for a in portfolio.list(**filters)] == expected


@pytest.mark.parametrize(("filters", "expected"), LIST_CASES)
@pytest.mark.parametrize("per_page", [2, 50])
def test_the_stream_and_the_pages_give_what_list_gives(portfolio, filters, expected, per_page):
    assert [a.id for a in portfolio.each(**filters)] == expected
    seen = []
    for number in range(1, len(expected) // per_page + 3):  # up to a page past the end, which is empty
        page = portfolio.page(number, per_page, **filters)
        assert (page.total, page.start) == (len(expected), (number - 1) * per_page)
        assert len(page.assessments) <= per_page
        seen += [a.id for a in page.assessments]
    assert seen == expected


def test_pages_and_the_stream_leave_deleted_assessments_out(portfolio):
    portfolio.delete("a-0002")
    assert [a.id for a in portfolio.each()] == ["a-0001", "a-0003", "a-0004", "a-0005"]
    page = portfolio.page(1, 2)
    assert ([a.id for a in page.assessments], page.total) == (["a-0001", "a-0003"], 4)


def test_list_is_ordered_by_date_then_client(portfolio):
    names = [a.client.name for a in portfolio.list()]
    assert names == [
        "Boulangerie Tremblay",
        "Érablière Gagnon",
        "Clinique Tremblay-Roy",
        "Café  de L'Œuvre",
        "Usinage Nord",
    ]


@pytest.mark.parametrize(
    ("filters", "field"),
    [({"since": "hier"}, "since"), ({"until": "2025-02-30"}, "until"), ({"until": "31/02/2025"}, "until"), ({"size": "huge"}, "size")],
)
def test_bad_filters_name_the_field_and_value(store, filters, field):
    with pytest.raises(ValidationError) as caught:
        store.list(**filters)
    assert caught.value.problems[0].field == field
    assert str(next(iter(filters.values()))) in str(caught.value)


# ---------------------------------------------------------------- delete and restore


def test_delete_is_recoverable(portfolio):
    portfolio.delete("a-0002")
    assert "a-0002" not in [a.id for a in portfolio.list()]
    assert [a.id for a in portfolio.deleted()] == ["a-0002"]
    with pytest.raises(NotFoundError, match="deleted"):
        portfolio.get("a-0002")
    assert len(portfolio.revisions("a-0002")) == 1  # the history stays
    assert "a-0002" not in set(portfolio.load_frame()["id"])
    portfolio.restore("a-0002")
    assert portfolio.get("a-0002").client.name == "Érablière Gagnon"
    assert portfolio.deleted() == []
    assert len(portfolio) == 5


def test_the_index_tells_an_import_what_is_stored(portfolio):
    assert portfolio.index()["a-0001"] == ("Boulangerie Tremblay", date(2024, 3, 1), False)
    portfolio.delete("a-0002")
    index = portfolio.index()
    assert sorted(index) == ["a-0001", "a-0002", "a-0003", "a-0004", "a-0005"]
    assert index["a-0002"] == ("Érablière Gagnon", date(2024, 6, 15), True)  # deleted ones too, marked


def test_delete_twice_and_restore_unknown(portfolio):
    portfolio.delete("a-0001")
    with pytest.raises(NotFoundError):
        portfolio.delete("a-0001")
    with pytest.raises(NotFoundError):
        portfolio.restore("a-9999")
    portfolio.restore("a-0003")  # not deleted: nothing to do
    assert portfolio.get("a-0003").id == "a-0003"


def test_saving_a_deleted_assessment_brings_it_back(store):
    first = make(1)
    store.save(first)
    store.delete(first.id)
    store.save(first)  # same content: restored, no new revision
    assert store.get(first.id).to_dict() == first.to_dict()
    assert len(store.revisions(first.id)) == 1
    store.delete(first.id)
    changed = first.with_answer("champion", {"choice": "dedicated"})
    store.save(changed)
    assert store.get(first.id).to_dict() == changed.to_dict()
    assert [r.to_dict() for r in store.revisions(first.id)] == [first.to_dict(), changed.to_dict()]
    assert store.deleted() == []


# ---------------------------------------------------------------- many at once


def test_save_many_counts_new_revised_and_unchanged(store):
    originals = [make(i) for i in range(1, 6)]
    assert store.save_many(originals) == SaveSummary(added=5)
    edited = [a.with_answer("content", {"choice": "none"}) if a.id in ("a-0001", "a-0002") else a for a in originals]
    assert store.save_many(edited) == SaveSummary(revised=2, unchanged=3)
    assert len(store.revisions("a-0001")) == 2


def test_save_many_with_the_same_id_twice_keeps_both_as_revisions(store):
    first = make(1)
    second = first.with_answer("website", {"bounce_rate": 80, "roi": "none"})
    calls = []
    summary = store.save_many([first, make(2), second, first], progress=calls.append)
    assert summary == SaveSummary(added=2, revised=2)
    assert [r.to_dict() for r in store.revisions(first.id)] == [first.to_dict(), second.to_dict(), first.to_dict()]
    assert sum(calls) == 4


# ---------------------------------------------------------------- the table of past assessments


def test_load_frame_is_flat_columns_plus_scores(portfolio):
    portfolio.save(
        make(
            1, name="Boulangerie Tremblay", industry="retail", size="very_small", assessed_on="2024-03-01"
        ).with_answer("website", None)
    )
    portfolio.delete("a-0005")
    frame = portfolio.load_frame()
    assert list(frame.columns) == list(flat_columns()) + list(result_columns())
    assert list(frame["id"]) == ["a-0001", "a-0002", "a-0003", "a-0004"]
    assert frame["assessed_on"].dtype == "datetime64[ns]"
    for column in ("budget_annual", "bounce_rate", "overall"):
        assert frame[column].dtype == np.float64
    for column in ("client_name", "industry", "goals", "notes", "verdict"):
        assert pd.api.types.is_string_dtype(frame[column]), column
    for row in frame.itertuples():
        result = score_assessment(portfolio.get(row.id))
        assert row.overall == pytest.approx(result.overall)
        assert (row.verdict if isinstance(row.verdict, str) else None) == result.verdict
    edited = frame.set_index("id").loc["a-0001"]
    assert np.isnan(edited["bounce_rate"]) and edited["missing"] == "website"


def test_load_frame_of_an_empty_store_has_the_columns(store):
    frame = store.load_frame()
    assert len(frame) == 0
    assert list(frame.columns) == list(flat_columns()) + list(result_columns())


# ---------------------------------------------------------------- round trip, for any assessment

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    str.strip
)
answers = st.fixed_dictionaries(
    {},
    optional={
        "objectives": st.fixed_dictionaries({"choice": st.sampled_from(["everyone_is_there", "vague", "clear", "clear_measurable"]),
                                             "goals": st.lists(st.sampled_from(["awareness", "recruiting", "sales"]), unique=True)}),
        "content": st.fixed_dictionaries({"choice": st.sampled_from(["none", "self_promotion", "content_plan", "integrated_strategy"])}),
        "budget": st.fixed_dictionaries({"annual_amount": st.floats(0, 1e7, allow_nan=False) | st.integers(0, 10**7),
                                         "currency": st.sampled_from(["CAD", "USD", "EUR"])}),
        "website": st.fixed_dictionaries({"bounce_rate": st.none() | st.floats(0, 100), "roi": st.sampled_from(["good", "some", "none", "unknown"])}),
    },
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, notes=st.dictionaries(st.sampled_from(["general", "budget"]), names, max_size=2), answers=answers,
       day=st.dates(date(2000, 1, 1), date(2030, 12, 31)))  # fmt: skip
def test_any_assessment_round_trips(store, name, notes, answers, day):
    doc = copy.deepcopy(EXAMPLE) | {
        "id": f"h-{uuid.uuid4().hex}",
        "assessed_on": day.isoformat(),
        "notes": notes,
        "answers": answers,
    }
    doc["client"]["name"] = name
    a = Assessment.from_dict(doc)
    store.save(a)
    assert store.get(a.id).to_dict() == a.to_dict()


# ---------------------------------------------------------------- opening a store


def test_open_store_picks_the_kind_from_the_spec(tmp_path, monkeypatch):
    assert isinstance(open_store(tmp_path / "a"), FolderStore)
    assert isinstance(open_store(str(tmp_path / "b")), FolderStore)
    sql = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    assert isinstance(sql, SqlStore) and open_store(sql) is sql
    monkeypatch.setenv("READINESS_STORE", str(tmp_path / "from-env"))
    assert open_store(None).describe() == str(tmp_path / 'from-env')
    monkeypatch.delenv("READINESS_STORE")
    assert open_store().describe() == str(Path(__file__).resolve().parent.parent / 'data' / 'assessments')


def test_describe_hides_the_password():
    s = open_store("postgresql://consultant:s3cret@db.example:5432/agency")
    assert s.describe() == "postgresql+psycopg://consultant:***@db.example:5432/agency"
    assert "s3cret" not in repr(s)


@pytest.mark.parametrize("spec", ["nosuchdb://host/agency", "sqlite:////dev/null/agency/team.db"])
def test_a_store_that_cannot_be_opened_says_where(spec):
    with pytest.raises(StoreError) as caught:
        open_store(spec).save(make(1))
    assert spec.split("/")[-1] in str(caught.value)


def test_a_folder_store_on_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a folder"):
        open_store(tmp_path / "file")


# ---------------------------------------------------------------- two processes at once, and crashes

WRITER = textwrap.dedent(
    """
    import copy, sys
    from readiness.core.assessment import Assessment
    from readiness.store import open_store
    spec, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    base = {base!r}
    store = open_store(spec)
    sys.stdout.write("ready\\n"); sys.stdout.flush(); sys.stdin.readline()
    for i in range(count):
        doc = copy.deepcopy(base)
        doc["id"] = f"{{prefix}}-{{i}}"
        doc["client"]["name"] = f"{{prefix}} client {{i}}"
        doc["answers"]["budget"]["annual_amount"] = i
        store.save(Assessment.from_dict(doc))
        if prefix == "shared":
            store.save(Assessment.from_dict(doc | {{"id": "shared", "consultant": f"{{sys.argv[4]}} {{i}}"}}))
    """
).format(base=EXAMPLE)


def _writers(spec: str, jobs: list[list[str]]) -> None:
    """Start writer processes, let them go at the same moment, and wait for all of them."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, spec, *job], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for job in jobs
    ]
    for p in procs:
        assert p.stdout.readline() == "ready\n"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        assert p.wait(timeout=300) == 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_two_processes_saving_500_each_store_1000_intact(kind, request, tmp_path):
    spec = _spec_of(kind, request, tmp_path)
    _writers(spec, [["one", "500"], ["two", "500"]])
    with open_store(spec) as store:
        stored = store.list()
        assert len(stored) == 1000
        assert {a.id for a in stored} == {f"{p}-{i}" for p in ("one", "two") for i in range(500)}
        for a in stored:
            assert a.answers["budget"]["annual_amount"] == int(a.id.split("-")[1])
        assert len(store.load_frame()) == 1000


@pytest.mark.parametrize("kind", KINDS)
def test_two_processes_editing_the_same_assessment_keep_every_revision(kind, request, tmp_path):
    spec = _spec_of(kind, request, tmp_path)
    _writers(spec, [["shared", "40", "A"], ["shared", "40", "B"]])
    with open_store(spec) as store:
        consultants = [a.consultant for a in store.revisions("shared")]
        assert store.get("shared").consultant == consultants[-1]
    # each save changed the assessment, so none was lost and each writer's saves stay in its order
    assert sorted(consultants) == sorted(f"{w} {i}" for w in "AB" for i in range(40))
    for writer in "AB":
        assert [c for c in consultants if c.startswith(writer)] == [f"{writer} {i}" for i in range(40)]


EDITOR = textwrap.dedent(
    """
    import copy, itertools, sys
    from readiness.core.assessment import Assessment
    from readiness.store import open_store
    base = {base!r}

    def make(i, budget=6000):
        doc = copy.deepcopy(base) | {{"id": f"a-{{i:04d}}", "assessed_on": f"2025-01-{{1 + i % 28:02d}}"}}
        doc["client"]["name"] = f"Client {{i}}"
        doc["answers"]["budget"]["annual_amount"] = budget
        return Assessment.from_dict(doc)

    store = open_store(sys.argv[1])
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    for i in itertools.count():
        store.save(make(i % 20, budget=i))
        store.save(make(1000 + i))
        if i % 7 == 0:
            store.save_many([make(5000 + i * 10 + k) for k in range(10)])
    """
).format(base=EXAMPLE)


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_killing_a_save_midway_leaves_the_store_readable_and_earlier_data_intact(kind, request, tmp_path):
    spec = _spec_of(kind, request, tmp_path)
    baseline = {a.id: a.to_dict() for a in (make(i) for i in range(20))}
    with open_store(spec) as store:
        store.save_many(make(i) for i in range(20))
    rng = random.Random(4)
    for _ in range(4):
        editor = subprocess.Popen([sys.executable, "-c", EDITOR, spec], stdout=subprocess.PIPE, text=True)
        assert editor.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.1, 0.6))
        editor.send_signal(signal.SIGKILL)
        editor.wait()
        with open_store(spec) as store, warnings.catch_warnings():
            warnings.simplefilter("error")  # no damaged record may show up
            listed = {a.id for a in store.list()}
            assert set(baseline) <= listed
            for assessment_id, original in baseline.items():
                assert store.revisions(assessment_id)[0].to_dict() == original
                assert store.get(assessment_id).client.name == original["client"]["name"]
            assert len(store.load_frame()) == len(listed)
    assert len(listed) > len(baseline)  # the editor did get to save before it was killed


def test_the_table_and_the_list_agree_on_order(store):
    for i, name in enumerate(["Zeta", "éclair", "Éclair", "alpha", "Alpha", "Ça va"]):
        store.save(make(i, name=name, assessed_on="2025-02-03"))
    store.save(make(9, name="Zeta", assessed_on="2025-02-02"))
    listed = [a.id for a in store.list()]
    assert listed == list(store.load_frame()["id"])
    assert [a.client.name for a in store.list()] == ["Zeta", "Alpha", "Zeta", "alpha", "Ça va", "Éclair", "éclair"]


def test_an_assessment_that_could_not_be_read_back_is_refused(store):
    from readiness.core.assessment import new_assessment

    unnamed = new_assessment("", industry="retail")  # a meeting that has not named the client yet
    with pytest.raises(ValidationError, match="client.name must be a non-empty text"):
        store.save(unnamed)
    with pytest.raises(ValidationError, match="content.choice"):
        store.save_many([make(1), make(2).with_answer("content", {"choice": "plenty"})])
    assert len(store) <= 1  # what was checked before the bad one may be stored; nothing broken is
    assert all(a.id == "a-0001" for a in store.list())
