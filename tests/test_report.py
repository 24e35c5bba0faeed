"""Per-client reports: what one report shows, and the batch run through papermill."""

from __future__ import annotations

import html
import json
from datetime import date

import pytest

from readiness.core.assessment import Assessment, Client
from readiness.core.rows import from_row
from readiness.outputs.report_batch import report_name, run_reports, stored_ids, write_html
from readiness.outputs.reports import client_report
from readiness.store import open_store
from readiness.store.sample import load_sample


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture
def store(tmp_path, sample):
    """A store of 8 clients of the agency's own (enough peers: the benchmark uses the store, not the sample)."""
    path = tmp_path / "store"
    s = open_store(path)
    for row in sample.loc[sample["verdict"].notna()].head(8).to_dict("records"):
        s.save(from_row({**row, "id": row["id"].removeprefix("sample-")}))
    return str(path)


def others(store: str, assessment_id: str) -> set[str]:
    """The names of every other client in the store."""
    return {a.client.name for a in open_store(store).list() if a.id != assessment_id}


def html_of(obj) -> str:
    return obj.data if hasattr(obj, "data") else obj._repr_html_()


def test_the_default_report_shows_a_fictitious_sample_client():
    report = client_report()
    assert report.benchmark.sample and report.benchmark.shown
    assert report.assessment.client.name in html_of(report.header())
    assert "données d&#x27;exemple" in html_of(report.comparison())  # the peers are fictitious, and it says so


def test_a_report_shows_its_client_and_only_aggregated_peers(store):
    target = stored_ids(store)[0]
    report = client_report(target, store, "en")
    assert not report.benchmark.sample and report.benchmark.group.n >= 5
    pieces = [html_of(report.header()), html_of(report.details()), html_of(report.what_if()), html_of(report.comparison())]
    text = "\n".join(pieces)
    assert report.assessment.client.name in text and "Percentile rank" in text and "Peer median" in text
    assert not [name for name in others(store, target) if name in text]


def test_a_report_compared_with_imported_sample_rows_says_so(tmp_path, sample):
    imported = open_store(tmp_path / "imported")
    for row in sample.loc[sample["verdict"].notna()].head(8).to_dict("records"):
        imported.save(from_row(row))  # as `readiness import data/sample/past_assessments.csv` stores them
    target = stored_ids(str(tmp_path / "imported"))[0]
    report = client_report(target, str(tmp_path / "imported"), "en")
    assert report.benchmark.sample and "sample data shipped with the tool" in html_of(report.comparison())


def sections(text: str) -> dict[str, str]:
    """The report's what-next HTML by heading."""
    return {part.split("</h3>")[0]: part.split("</h3>", 1)[1] for part in text.split("<h3>")[1:]}


def test_what_would_change_the_verdict_lists_only_changes_that_do_and_the_score_one_per_question(store):
    for target in stored_ids(store)[:6]:
        report = client_report(target, store, "en")
        shown = {k: html.unescape(v) for k, v in sections(html_of(report.what_if())).items()}
        raises = shown["What would raise the score"]
        assert all(c.description in raises for c in report.outcome.score_raises)
        assert len(report.outcome.score_raises) == len({c.dimension for c in report.outcome.score_raises})
        if report.result.verdict == "ready":
            assert "What would change the verdict" not in shown
            continue
        verdict = shown["What would change the verdict"]
        assert all(c.description in verdict for c in report.outcome.verdict_changes)
        assert all(c.description not in verdict for c in report.changes if not c.changes_verdict)
        assert len(report.outcome.verdict_changes) == len({c.dimension for c in report.outcome.verdict_changes})
        path = next(text for heading, text in shown.items() if heading.startswith("Path to ready"))
        assert all(s.description in path for s in report.outcome.path.changes)


def test_report_charts_are_figures(store):
    from matplotlib.figure import Figure

    report = client_report(stored_ids(store)[0], store, "fr")
    assert all(isinstance(f, Figure) for f in (report.radar(), report.distribution(), report.dimension_bars()))


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Boulangerie Tremblay", "boulangerie-tremblay-2026-11-26-7d9f0c1e"), ("Café « L'Étoile » & fils", "cafe-l-etoile-fils-2026-11-26-7d9f0c1e"),
     ("???", "client-2026-11-26-7d9f0c1e")],
)  # fmt: skip
def test_report_name_is_file_name_safe(name, expected):
    a = Assessment(id="7d9f0c1e-0000", client=Client(name), assessed_on=date(2026, 11, 26))
    assert report_name(a) == expected


def test_batch_reports_run_the_notebook_and_go_on_after_a_failure(store, tmp_path, capfd):
    ids = stored_ids(store)[:2]
    failures = []
    run = run_reports([ids[0], "no-such-id", ids[1]], store=store, out=tmp_path / "reports", language="en",
                      progress=False, on_failure=lambda i, why: failures.append(i))  # fmt: skip
    assert [i for i, _ in run.failed] == ["no-such-id"] == failures
    assert "no-such-id" in run.failed[0][1]
    assert "WARNING" not in capfd.readouterr().err  # the kernels' notices stay out of the consultant's terminal
    assert sorted(p.suffix for p in run.written) == [".html", ".html", ".ipynb", ".ipynb"]
    for assessment_id in ids:
        client = open_store(store).get(assessment_id)
        page = (tmp_path / "reports" / f"{report_name(client)}.html").read_text(encoding="utf-8")
        book = json.loads((tmp_path / "reports" / f"{report_name(client)}.ipynb").read_text(encoding="utf-8"))
        assert client.client.name in page and "data:image/png;base64" in page
        assert "client_report(" not in page  # the client sees results, not code
        injected = [c for c in book["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        assert len(injected) == 1 and assessment_id in "".join(injected[0]["source"])
        assert all(c["outputs"] for c in book["cells"] if c["cell_type"] == "code" and "parameters" not in str(c["metadata"]))
        everything = page + json.dumps(book)
        assert not [name for name in others(store, assessment_id) if name in everything]


def test_a_notebook_that_fails_inside_is_reported_with_its_error(store, tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text(json.dumps({
        "cells": [
            {"id": "p", "cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "assessment_id = None\nstore = None\nlanguage = None", "outputs": [], "execution_count": None},
            {"id": "x", "cell_type": "code", "metadata": {}, "source": "raise ValueError('the chart broke')", "outputs": [], "execution_count": None},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }))  # fmt: skip
    run = run_reports(stored_ids(store)[:1], store=store, out=tmp_path / "out", notebook=broken, progress=False)
    assert run.written == () and "ValueError" in run.failed[0][1] and "the chart broke" in run.failed[0][1]


def test_write_html_leaves_out_code_and_notes(tmp_path):
    import nbformat

    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("internal note"), nbformat.v4.new_code_cell("secret_code()")]
    book.cells[1].outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<b>visible result</b>"})]
    nbformat.write(book, tmp_path / "nb.ipynb")
    page = write_html(tmp_path / "nb.ipynb", tmp_path / "nb.html").read_text(encoding="utf-8")
    assert "visible result" in page and "secret_code" not in page and "internal note" not in page
