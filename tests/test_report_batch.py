"""Reports in batch: every client's report or its reason, up-to-date reports skipped, a full disk in one line, notebooks on one kernel."""

from __future__ import annotations

import html
import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from builders import numbered

from readiness.cli import main
from readiness.core.assessment import Assessment
from readiness.core.framework import load_framework
from readiness.outputs import report_batch
from readiness.outputs.branding import Branding
from readiness.outputs.report_batch import ReportsStopped, report_name, run_reports, stored_ids
from readiness.outputs.reports_manifest import MANIFEST
from readiness.store import open_store
from readiness.text.formats import pick

INTEGRATED = "Une stratégie de marketing de contenu intégrée"  # the shipped framework's label (French: the example's language)
RETAIL = [numbered(i, industry="retail", size="small") for i in range(1, 7)]
BUILDERS = [numbered(i, industry="construction", size="medium") for i in range(7, 13)]


@pytest.fixture
def store(tmp_path) -> str:
    """Twelve clients in two peer groups of six (each client's peers: the five others of its group)."""
    path = tmp_path / "store"
    s = open_store(path)
    for a in RETAIL + BUILDERS:
        s.save(a)
    return str(path)


def report_of(store: str, assessment_id: str, out: Path, suffix: str = ".html") -> Path:
    return out / f"{report_name(open_store(store).get(assessment_id))}{suffix}"


def stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.suffix == ".html"}


def batch(store: str, out: Path, ids=None, **options):
    return run_reports(ids, store=store, out=out, progress=False, **options)


@pytest.fixture(params=["in this process", "in workers"])
def jobs(request, monkeypatch) -> int:
    """Both ways a batch runs: one process, or a pool of workers (forced here for HTML, which starts it only from 1 000)."""
    if request.param == "in workers":
        monkeypatch.setattr(report_batch, "POOL_FROM_HTML", 0)

        def not_here(*args):
            raise AssertionError("made in the main process, not in workers")

        monkeypatch.setattr(report_batch._Batch, "_in_this_process", not_here)
        return 2
    return 1


def test_a_failing_client_does_not_stop_the_others_and_is_listed(store, tmp_path, jobs):
    out = tmp_path / "reports"
    ids = [a.id for a in RETAIL + BUILDERS]
    blocked = report_of(store, ids[3], out)
    blocked.mkdir(parents=True)  # a folder where its report goes: that client fails, and only it
    failures = []
    run = batch(store, out, [ids[0], "no-such-id", *ids[1:]], jobs=jobs, on_failure=lambda i, why: failures.append(i))
    assert sorted(f.assessment_id for f in run.failed) == sorted(["no-such-id", ids[3]]) == sorted(failures)
    reasons = {f.assessment_id: f for f in run.failed}
    assert "no-such-id" in reasons["no-such-id"].reason and reasons[ids[3]].client == "Client 4"
    assert "cannot write" in reasons[ids[3]].reason and "Is a directory" in reasons[ids[3]].reason
    assert run.reports == 11 and len(run.written) == 11 and run.total == 13
    for a in RETAIL + BUILDERS:
        if a.id != ids[3]:
            page = report_of(store, a.id, out).read_text(encoding="utf-8")
            assert a.client.name in page and page.rstrip().endswith("</html>")
            assert not [b.client.name for b in RETAIL + BUILDERS if b.id != a.id and f">{b.client.name}<" in page]
    assert not list(out.glob(".*.tmp"))


def test_a_rerun_with_nothing_changed_skips_every_report(store, tmp_path, jobs):
    out = tmp_path / "reports"
    first = batch(store, out, jobs=jobs)
    before = stamps(out)
    again = batch(store, out, jobs=jobs)
    assert (first.reports, first.skipped) == (12, 0) and (again.reports, again.skipped, again.written) == (0, 12, ())
    assert stamps(out) == before  # not one file written again
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["reports"]) == {a.id for a in RETAIL + BUILDERS}
    assert all(len(e["hash"]) == 64 and e["files"] == [report_of(store, i, out).name] for i, e in manifest["reports"].items())


def test_a_changed_assessment_is_redone_and_only_it(store, tmp_path):
    out = tmp_path / "reports"
    batch(store, out, jobs=1)
    before = stamps(out)
    changed = RETAIL[0].with_answer("content", {"choice": "integrated_strategy"})
    open_store(store).save(changed)  # a new revision of the same assessment
    run = batch(store, out, jobs=1)
    assert run.reports >= 1 and run.written[0] == report_of(store, changed.id, out)
    assert stamps(out)[run.written[0].name] != before[run.written[0].name]
    assert INTEGRATED in run.written[0].read_text(encoding="utf-8")


def test_a_new_past_client_redoes_only_the_reports_whose_peers_changed(store, tmp_path):
    out = tmp_path / "reports"
    batch(store, out, jobs=1)
    open_store(store).save(numbered(13, industry="construction", size="medium"))  # the builders' peers change, not the shops'
    run = batch(store, out, jobs=1)
    redone = {p.name for p in run.written}
    assert redone == {report_of(store, a.id, out).name for a in [*BUILDERS, numbered(13)]}
    assert run.skipped == len(RETAIL)


def test_force_redoes_every_report(store, tmp_path):
    out = tmp_path / "reports"
    batch(store, out, jobs=1)
    assert batch(store, out, jobs=1, force=True).reports == 12


@pytest.mark.parametrize(
    "change",
    [lambda out: next(out.glob("client-1-*.html")).unlink(),  # a report deleted by hand
     lambda out: (out / MANIFEST).write_text("{not json", encoding="utf-8")],  # a manifest damaged: everything again
)  # fmt: skip
def test_what_the_manifest_cannot_vouch_for_is_made_again(store, tmp_path, change):
    out = tmp_path / "reports"
    batch(store, out, jobs=1)
    change(out)
    run = batch(store, out, jobs=1)
    assert run.reports >= 1 and not run.failed and len(list(out.glob("*.html"))) == 12


def test_a_changed_branding_redoes_the_reports(store, tmp_path):
    out = tmp_path / "reports"
    batch(store, out, jobs=1, branding=Branding())
    run = batch(store, out, jobs=1, branding=replace(Branding(), name="Agence Boréale"))
    assert run.reports == 12 and "Agence Boréale" in run.written[0].read_text(encoding="utf-8")


def test_a_renamed_client_gets_its_new_file_and_the_old_one_goes(store, tmp_path):
    out = tmp_path / "reports"
    batch(store, out, jobs=1)
    old = report_of(store, RETAIL[0].id, out)
    open_store(store).save(numbered(1, name="Vélos Beausoleil", industry="retail", size="small"))
    batch(store, out, jobs=1)
    assert not old.exists() and report_of(store, RETAIL[0].id, out).is_file()
    assert len(list(out.glob("*.html"))) == 12


def test_stored_ids_lists_the_store(store):
    assert sorted(stored_ids(store)) == sorted(a.id for a in RETAIL + BUILDERS)


# ---------------------------------------------------------------- a full disk


@pytest.fixture
def small_disk(tmp_path):
    """A 160 KB file system of its own (a tmpfs, mounted as root as CI runs), room for a few reports only."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        pytest.skip("a full disk is tested on a tmpfs of its own, which only root can mount")
    place = tmp_path / "disk"
    place.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(place)], check=True)
    yield place
    subprocess.run(["umount", "-l", str(place)], check=True)


def test_a_full_disk_ends_in_one_line_with_whole_files_and_running_again_writes_the_rest(store, small_disk, capsys, jobs):
    out = small_disk / "reports"
    status = main(["report", "--all", "--store", store, "--out", str(out), "--jobs", str(jobs)])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith(f"readiness report: cannot write reports to {out}: No space left on device;") and "run the same command again" in err
    pages = list(out.glob("*.html"))
    assert 0 < len(pages) < 12 and not list(out.glob(".*.tmp"))
    assert all(p.read_text(encoding="utf-8").rstrip().endswith("</html>") for p in pages)  # whole files only
    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)
    assert main(["report", "--all", "--store", store, "--out", str(out)]) == 0
    assert "0 failed, of 12" in capsys.readouterr().out
    assert len(list(out.glob("*.html"))) == 12


def test_reports_stopped_is_a_readiness_error_with_one_line():
    assert issubclass(ReportsStopped, report_batch.ReadinessError)


# ---------------------------------------------------------------- the executed notebooks, on one kernel


def test_notebooks_run_on_one_kernel_that_says_nothing(store, tmp_path, capfd, monkeypatch):
    from jupyter_client.manager import KernelManager

    started = []
    real = KernelManager.start_kernel
    monkeypatch.setattr(KernelManager, "start_kernel", lambda self, **kw: started.append(kw) or real(self, **kw))
    ids = [a.id for a in RETAIL[:3]]
    run = batch(store, tmp_path / "r", ids, jobs=1, notebooks=True, language="en")
    assert not run.failed and sorted(p.suffix for p in run.written) == [".html"] * 3 + [".ipynb"] * 3
    assert len(started) == 1  # the start-up and imports paid once, for every client
    noise = capfd.readouterr()
    assert not [w for w in ("IPKernelApp", "KeyboardInterrupt", "WARNING") if w in noise.out + noise.err]
    for assessment_id in ids:
        book = json.loads(report_of(store, assessment_id, tmp_path / "r", ".ipynb").read_text(encoding="utf-8"))
        injected = [c for c in book["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        assert len(injected) == 1 and assessment_id in "".join(injected[0]["source"])
        assert all(c["outputs"] for c in book["cells"] if c["cell_type"] == "code" and "parameters" not in str(c["metadata"]))
        name = open_store(store).get(assessment_id).client.name
        text = json.dumps(book)
        assert name in text and not [a.client.name for a in RETAIL + BUILDERS if a.id != assessment_id and f"{a.client.name}<" in text]


def test_notebooks_in_workers_too(store, tmp_path, capfd):
    run = batch(store, tmp_path / "r", [a.id for a in RETAIL], jobs=2, notebooks=True)
    assert not run.failed and len(list((tmp_path / "r").glob("*.ipynb"))) == 6
    noise = capfd.readouterr()
    assert "IPKernelApp" not in noise.err and "KeyboardInterrupt" not in noise.err


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
    run = batch(store, tmp_path / "out", [RETAIL[0].id], jobs=1, notebooks=True, notebook=broken)
    assert run.reports == 0 and "ValueError" in run.failed[0].reason and "the chart broke" in run.failed[0].reason


def test_each_client_is_reported_under_its_own_framework_and_an_unknown_one_is_named(store, tmp_path, capsys):
    """A store of three frameworks: 5q and 2026 (shipped) are each reported under their own, with their own peers;
    an agency's framework not given is left out (--all) or one failure line (by id) that says to give its file."""
    from builders import framework_file, six_questions_text

    fw_2026, agency = load_framework("social-media-2026"), load_framework(framework_file(tmp_path, six_questions_text()))
    new_answers = {"measurement": {"choice": "kpis_tracked"}, "community": {"choice": "when_possible"}}
    for i, (fw, extra) in enumerate([(fw_2026, new_answers)] * 3 + [(agency, {"measurement": {"choice": "nothing"}})] * 2):
        a = numbered(20 + i, id=f"{fw.id}-{i:03d}").to_dict()
        a |= {"framework": {"id": fw.id, "version": fw.version}, "answers": {**a["answers"], **extra}}
        with open_store(store, fw) as opened:
            opened.save(Assessment.from_dict(a, fw))
    run = batch(store, tmp_path / "out")
    assert run.reports == 15 and run.others == (("agency-6q", 2),) and not run.failed
    page = report_of(store, "social-media-2026-000", tmp_path / "out").read_text(encoding="utf-8")
    assert html.escape(pick(fw_2026.question("measurement").short, "fr")) in page  # scored and shown under 2026
    assert main(["report", "--all", "--store", store, "--out", str(tmp_path / "again"), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert "left out: 2 assessments made under agency-6q, a framework not known here: give its file with --framework FILE" in said
    by_id = batch(store, tmp_path / "ids", ids=["social-media-2026-001", "agency-6q-003", "a-0001"])
    assert by_id.reports == 2 and [f.assessment_id for f in by_id.failed] == ["agency-6q-003"]
    assert "a framework not known here: give its file with --framework FILE" in by_id.failed[0].reason
    with_file = batch(store, tmp_path / "file", framework=agency)
    assert with_file.reports == 17 and with_file.others == ()
