"""Per-client reports in batch, at portfolio speed: worker processes over the cores, up-to-date reports skipped.

    run = run_reports(None, store="data/assessments", out="reports", pdf=True)   # every assessment
    run.written, run.skipped, run.failed                                          # files, counts, (client, reason)

The main process streams the assessments from the store (one at a time: memory stays flat over
any number) and hands them, a few at a time, to worker processes that each loaded the framework,
the past assessments and the branding once (reports_worker). Each report is rendered in-process
from the client's outcome (reports_page), printed to PDF by one browser per worker when asked
(reports_pdf), and written whole (store.writer). The folder's manifest (reports_manifest) says
what each report was made from: a report whose assessment, peers, framework, language, branding
and renderer are unchanged is skipped, unless `force`. A client whose report fails is listed
with the reason and the others go on. A full disk stops the batch (ReportsStopped, one line):
every file already written is whole, the manifest keeps them, and running again writes the rest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.benchmark import K_DEFAULT, check_k
from ..core.errors import ReadinessError
from ..store.paths import default_store
from ..text import Text
from .reports_manifest import Entry, Manifest, peers_fingerprint
from .reports_worker import BatchSettings, Done, ReportMaker, failure_reason, is_disk_full, report_files, report_name

if TYPE_CHECKING:
    from ..core.assessment import Assessment
    from ..core.framework import Framework
    from .branding import Branding

__all__ = ["DEFAULT_OUT", "Failure", "ReportRun", "ReportsStopped", "report_name", "run_reports", "stored_ids"]

DEFAULT_OUT = "reports"
CHUNKS = {"html": 16, "heavy": 2}  # clients handed to a worker at once: many pages of a few ms, or a few PDFs or notebooks
IN_FLIGHT = 3  # chunks waiting per worker: enough to keep it busy, few enough to keep memory flat
IN_PROCESS_UP_TO = 4  # clients: fewer are made at once in this process (starting workers would take longer)
POOL_FROM_HTML = 1000  # clients: HTML alone takes ~4 ms a report, so workers (~1.5 s to start) pay off only from here
SAVE_EVERY = 20.0  # seconds between manifest saves during a long run


class Failure(NamedTuple):
    """A client whose report could not be made, and why."""

    assessment_id: str
    client: str
    reason: str


@dataclass(frozen=True)
class ReportRun:
    """What a batch did: the files written, how many reports were up to date, which clients failed and why."""

    written: tuple[Path, ...]
    failed: tuple[Failure, ...]
    skipped: int = 0
    reports: int = 0  # clients whose report was written
    others: tuple[tuple[str, int], ...] = ()  # (framework id, count) of assessments of frameworks not known here, left out of --all

    @property
    def total(self) -> int:
        """Clients asked for."""
        return self.reports + self.skipped + len(self.failed)


class ReportsStopped(ReadinessError):
    """The batch had to stop (a full disk): what was written is whole and kept; running again writes the rest."""


def run_reports(
    ids: Iterable[str] | None = None,
    *,
    store: str | None = None,
    out: str | os.PathLike = DEFAULT_OUT,
    language: str | None = None,
    k: int = K_DEFAULT,
    framework: Framework | None = None,
    branding: Branding | None = None,
    pdf: bool = False,
    notebooks: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: bool = True,
    on_failure: Callable[[str, str], Any] | None = None,
    progress_label: str = "reports",
    notebook: str | os.PathLike | None = None,
    kernel: str = "python3",
) -> ReportRun:
    """Write the report of each assessment id (None: every assessment of the store) into `out`; go on after failures.

    Each client is reported under the framework its assessment was made under, compared with peers
    of that framework: `framework` (an agency's own file, or the default) first, then each shipped
    framework the store also holds. Assessments of a framework known neither way are left out
    (`ReportRun.others`; an id asked for by name is a failure that says to give its file).
    """
    from ..core.framework import default_framework, framework_for
    from .branding import load_branding

    check_k(k)
    first = framework or default_framework()
    options = _BatchOptions(_report_folder(out), _absolute_store(store), language, k,
                            branding if branding is not None else load_branding(), pdf, _pdf_engine() if pdf else None, notebooks,
                            force, jobs or _cores(), progress, on_failure, progress_label, notebook, kernel)  # fmt: skip
    wanted = list(dict.fromkeys(ids)) if ids is not None else None
    run, pending = _run_batch(first, wanted, options)
    runs, unknown = [run], {}
    for framework_id, pending_ids in sorted(pending.items()):
        fw = framework_for(framework_id, framework)
        if fw is not None:
            runs.append(_run_batch(fw, None if wanted is None else pending_ids, options)[0])
        elif wanted is None:
            unknown[framework_id] = len(pending_ids)
        else:
            runs.append(_unknown_framework(framework_id, pending_ids, on_failure))
    return ReportRun(tuple(p for r in runs for p in r.written), tuple(f for r in runs for f in r.failed), sum(r.skipped for r in runs),
                     sum(r.reports for r in runs), tuple(sorted(unknown.items())))  # fmt: skip


class _BatchOptions(NamedTuple):
    """How every batch of one `run_reports` is made, whatever its framework."""

    folder: Path
    spec: str
    language: str | None
    k: int
    brand: Branding
    pdf: bool
    browser: str | None
    notebooks: bool
    force: bool
    jobs: int
    progress: bool
    on_failure: Callable[[str, str], Any] | None
    progress_label: str
    notebook: str | os.PathLike | None
    kernel: str


def _run_batch(fw: Framework, wanted: list[str] | None, o: _BatchOptions) -> tuple[ReportRun, dict[str, list[str]]]:
    """The reports of one framework's assessments; and the ids of other frameworks met on the way, by framework id."""
    from ..core.framework import framework_to_dict
    from ..store import open_store
    from ..store.past import load_past

    source = open_store(o.spec, fw)
    manifest = Manifest.load(o.folder)
    peers, stored = "", 0  # (reports never made before have nothing to check quickly)
    if wanted is None or any(manifest.get(i) for i in wanted):
        peers, stored = peers_fingerprint(_of_framework(source.each(), fw.id), o.k, fw.id)  # one read; the peers are loaded only if a report is due
    public_store, password = _store_for_kernels(o.spec) if o.notebooks else (None, None)
    settings = BatchSettings(o.folder, framework_to_dict(fw), None, o.k, o.language, o.brand, o.pdf, o.browser, o.notebooks, public_store,
                             password, Path(o.notebook) if o.notebook else None, o.kernel, o.force)  # fmt: skip
    batch = _Batch(settings, manifest, len(wanted) if wanted is not None else stored, o.progress, o.on_failure,
                   o.progress_label, peers, lambda: load_past(o.spec, o.k, fw), partial(_earlier, source))  # fmt: skip
    run = batch.run(_assessments(source, wanted, batch, fw.id), o.jobs)
    return run, batch.others


def _unknown_framework(framework_id: str, ids: list[str], on_failure: Callable[[str, str], Any] | None) -> ReportRun:
    """Ids asked for whose framework is not known here: each one a failure that says what to do."""
    failed = []
    for assessment_id in ids:
        reason = Text("{id} was made under {framework}, a framework not known here: give its file with --framework FILE",
                      id=assessment_id, framework=framework_id)  # fmt: skip
        failed.append(Failure(assessment_id, "", failure_reason(ReadinessError(reason))))
        if on_failure is not None:
            on_failure(assessment_id, failed[-1].reason)
    return ReportRun((), tuple(failed))


def stored_ids(store: str | None = None) -> list[str]:
    """Ids of every (non-deleted) assessment in the store."""
    from ..store import open_store

    return [a.id for a in open_store(store).each()]


class _Batch:
    """One run: skips what is up to date, hands the rest to the makers, keeps the manifest and the tallies, stops on a full disk."""

    def __init__(self, settings: BatchSettings, manifest: Manifest, total: int, progress: bool, on_failure: Callable | None,
                 label: str, peers: str, load_past: Callable[[], Any], earlier: Callable[[Assessment], tuple] = lambda a: ()):  # fmt: skip
        from tqdm.auto import tqdm

        from .reports_worker import made_with

        self.settings, self.manifest, self.on_failure = settings, manifest, on_failure
        self.made_with, self.peers, self.load_past, self.earlier = made_with(settings), peers, load_past, earlier
        self.written: list[Path] = []
        self.failed: list[Failure] = []
        self.skipped = self.reports = 0
        self.others: dict[str, list[str]] = {}  # framework id -> ids of that framework's assessments met (reported by their own batch)
        self.stopped: str | None = None
        self.saved_at = time.monotonic()
        self.bar = tqdm(total=total, desc=label, unit="client", disable=not progress, leave=False, dynamic_ncols=True)

    def run(self, items: Iterator[tuple[Assessment, Entry | None]], jobs: int) -> ReportRun:
        """Make every report that is not up to date; the tallies (ReportsStopped after a full disk)."""
        s = self.settings
        heavy = s.pdf or s.notebooks or self.bar.total >= POOL_FROM_HTML
        try:
            if jobs > 1 and heavy and self.bar.total > IN_PROCESS_UP_TO:
                self._in_workers(self._to_make(items), jobs)
            else:
                self._in_this_process(self._to_make(items))
        finally:
            self.bar.close()
            self._save_manifest()
        if self.stopped:
            raise ReportsStopped(Text("cannot write reports to {out}: {reason}; {done} of {n} reports are in place; "
                                      "free some space and run the same command again: it writes the rest",
                                      out=str(s.out), reason=self.stopped, done=self.reports + self.skipped,
                                      n=self.bar.total))  # fmt: skip
        return ReportRun(tuple(self.written), tuple(self.failed), self.skipped, self.reports)

    def _to_make(self, items: Iterator[tuple[Assessment, Entry | None]]) -> Iterator[tuple[Assessment, Entry | None, str, tuple]]:
        """The clients whose report may have changed, with their inputs' hash and earlier assessments; the others counted as up to date at once."""
        from .reports_manifest import inputs_hash

        s = self.settings
        for assessment, before in items:
            if self.stopped:
                return
            inputs = inputs_hash(assessment, self.peers, self.made_with, s.language) if self.peers else ""
            if before is not None and not s.force and before.up_to_date(inputs, s.out, report_files(assessment, s), inputs=True):
                self.take(Done(assessment.id, assessment.client.name, "skipped", before.files, before.hash, inputs=inputs))
            else:
                yield assessment, before, inputs, self.earlier(assessment)

    def _ready(self) -> BatchSettings:
        """The settings with the past assessments loaded and scored (once, when the first report is due)."""
        if self.settings.past is None:
            self.settings = replace(self.settings, past=self.load_past())
        return self.settings

    def _in_this_process(self, items: Iterator[tuple[Assessment, Entry | None, str, tuple]]) -> None:
        maker: ReportMaker | None = None
        try:
            for assessment, before, inputs, earlier in items:
                maker = maker or ReportMaker(self._ready())
                self.take(maker.make(assessment, before, inputs, earlier))
                if self.stopped:
                    break
        finally:
            if maker is not None:
                maker.close()

    def _in_workers(self, items: Iterator[tuple[Assessment, Entry | None, str, tuple]], jobs: int) -> None:
        from .reports_worker import make_reports, start_worker

        chunks = _chunks(items, CHUNKS["heavy" if self.settings.pdf or self.settings.notebooks else "html"])
        first = next(chunks, None)
        if first is None:  # everything up to date: no worker to start
            return
        with ProcessPoolExecutor(jobs, mp_context=_context(), initializer=start_worker, initargs=(self._ready(),)) as pool:
            running = {pool.submit(make_reports, first): first}
            try:
                while running:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        self._take_chunk(future, running.pop(future))
                    while not self.stopped and len(running) < jobs * IN_FLIGHT and (chunk := next(chunks, None)):
                        running[pool.submit(make_reports, chunk)] = chunk
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise

    def _take_chunk(self, future: Future, chunk: list) -> None:
        """The reports of one chunk; if its worker died (out of memory, killed), the batch stops in one line."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            results = future.result()
        except BrokenProcessPool as exc:
            raise ReadinessError(Text("a report worker stopped unexpectedly ({reason}); the reports written are kept: "
                                      "run the same command again", reason=failure_reason(exc))) from None  # fmt: skip
        for done in results:
            self.take(done)

    def take(self, done: Done) -> None:
        """Count one client's report, note it in the manifest, list it if it failed."""
        out = self.settings.out
        if done.status in ("written", "skipped"):
            before = self.manifest.get(done.assessment_id)
            entry = Entry(done.hash, done.files, done.inputs)
            entry = before.after(entry) if before is not None else entry
            if before != entry:
                for stale in self.manifest.record(done.assessment_id, entry):
                    with suppress(OSError):
                        (out / stale).unlink()
            if done.status == "written":
                self.written += [out / name for name in done.files]
                self.reports += 1
            else:
                self.skipped += 1
        elif done.disk_full:
            self.stopped = self.stopped or _disk_full_words(done.reason)
        else:
            self.failed.append(Failure(done.assessment_id, done.client, done.reason))
            if self.on_failure:
                self.on_failure(done.assessment_id, done.reason)
        self.bar.update(1)
        if time.monotonic() - self.saved_at > SAVE_EVERY:
            self._save_manifest()

    def refuse(self, assessment_id: str, exc: BaseException) -> None:
        """An id the store does not give (not found, unreadable): listed as a failure."""
        self.take(Done(assessment_id, "", "failed", reason=failure_reason(exc), disk_full=is_disk_full(exc)))

    def _save_manifest(self) -> None:
        self.saved_at = time.monotonic()
        if not self.manifest.changed:
            return
        try:
            self.manifest.save()
        except ReadinessError as exc:  # (a full disk: the reports written stay; the next run redoes them)
            self.stopped = self.stopped or _disk_full_words(str(exc))


def _assessments(source: Any, wanted: list[str] | None, batch: _Batch, framework_id: str) -> Iterator[tuple[Assessment, Entry | None]]:
    """The assessments of the batch's framework to report on, one at a time, each with its manifest entry.

    Those of other frameworks are set aside in `batch.others` (their own batch reports them); ids
    not found are listed as failures.
    """
    for assessment_id, assessment in _wanted(source, wanted, batch):
        other = assessment.framework.get("id")
        if other == framework_id:
            yield assessment, batch.manifest.get(assessment.id)
        else:
            batch.others.setdefault(other, []).append(assessment_id)


def _wanted(source: Any, wanted: list[str] | None, batch: _Batch) -> Iterator[tuple[str, Assessment]]:
    if wanted is None:
        yield from ((a.id, a) for a in source.each())
        return
    for assessment_id in wanted:
        try:
            yield assessment_id, source.get(assessment_id)
        except ReadinessError as exc:
            batch.refuse(assessment_id, exc)


def _earlier(source: Any, assessment: Assessment) -> tuple[Assessment, ...]:
    """A follow-up's earlier assessments of the same client (its report shows its progress); none for a first assessment."""
    from ..store.history import client_assessments

    if not assessment.follows:
        return ()
    return tuple(a for a in client_assessments(source, assessment.client.name) if a.id != assessment.id)


def _of_framework(assessments: Iterable[Assessment], framework_id: str) -> Iterator[Assessment]:
    return (a for a in assessments if a.framework.get("id") == framework_id)


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := [item for _, item in zip(range(size), items, strict=False)]:
        yield chunk


def _context() -> Any:
    """Workers started clean (not forked from a process holding connections and threads), with the heavy imports made once."""
    import multiprocessing

    if os.name == "nt":  # pragma: no cover - Windows has only spawn
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["readiness.outputs.reports_worker", "readiness.outputs.reports_page", "readiness.outputs.reports_svg",
                                    "readiness.core.outcome", "readiness.core.benchmark", "pandas", "jinja2"])  # fmt: skip
    return context


def _cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _pdf_engine() -> str | None:
    from .reports_pdf import check_engine

    return check_engine()


def _report_folder(out: str | os.PathLike) -> Path:
    """The report folder, made if needed; one line when it cannot be."""
    folder = Path(out).resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReadinessError(Text("cannot write reports to {out}: {reason}", out=str(out), reason=exc.strerror or str(exc))) from None
    return folder


def _disk_full_words(reason: str) -> str:
    return reason.rsplit(": ", 1)[-1] if reason else "no space left on device"


def _absolute_store(store: str | None) -> str | None:
    """A folder store as an absolute path (the notebooks run in their own working folder)."""
    store = default_store(store)
    if "://" not in store:
        return str(Path(store).resolve())
    return store


def _store_for_kernels(store: str | None) -> tuple[str | None, str | None]:
    """The store as report notebooks receive it, without its password, and the password, which their
    kernels get in their environment instead (libpq's PGPASSWORD): no report file ever holds it."""
    from ..store.redaction import without_password

    return without_password(store) if store else (store, None)
