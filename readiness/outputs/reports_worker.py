"""Making one client's report files, in a worker that loaded the framework and the peers once for all its clients.

A `ReportMaker` holds what every report of a batch is made with (`BatchSettings`: the framework,
the past assessments already scored, k, the language, the branding, the formats). For each
assessment it builds the client's outcome (readiness.core.outcome), hashes what the report would
show (reports_manifest), and either says the report is up to date or writes its files whole: the
HTML page, the PDF printed from that same page, the executed notebook if asked. A failure is
returned as the client's reason, never raised: the batch goes on with the other clients. In a
process pool, `start_worker` makes the worker's ReportMaker once and `make_reports` uses it.
"""

from __future__ import annotations

import errno
import re
import signal
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ReadinessError
from ..store.writer import write_atomically
from .branding import Branding
from .reports_manifest import Entry, framework_fingerprint, report_hash

if TYPE_CHECKING:
    from ..core.assessment import Assessment
    from ..core.outcome import ClientOutcome

DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


@dataclass(frozen=True)
class BatchSettings:
    """What every report of one batch is made with; sent once to each worker."""

    out: Path
    framework: dict[str, Any]  # the framework as plain data (framework_to_dict): frozen records do not travel
    past: Any  # past assessments scored under the framework (a DataFrame), or None
    k: int
    language: str | None
    branding: Branding = field(default_factory=Branding)
    pdf: bool = False
    browser: str | None = None
    notebooks: bool = False
    store: str | None = None  # the store as the notebooks receive it (no password)
    password: str | None = field(default=None, repr=False)  # for the notebooks' kernels only (PGPASSWORD)
    notebook: Path | None = None
    kernel: str = "python3"
    force: bool = False


@dataclass(frozen=True)
class Done:
    """What became of one client's report: `written`, `skipped` (up to date) or `failed` (with the reason)."""

    assessment_id: str
    client: str
    status: str
    files: tuple[str, ...] = ()
    hash: str = ""
    reason: str = ""
    disk_full: bool = False
    inputs: str = ""


class ReportMaker:
    """Makes the reports of one batch, one client at a time, with the framework, peers and branding loaded once."""

    def __init__(self, settings: BatchSettings):
        from ..core.benchmark import prepare_peers
        from ..core.framework import parse_framework

        self.settings = settings
        self.framework = parse_framework(settings.framework)
        self.peers = prepare_peers(settings.past) if settings.past is not None else None  # ranked once, for every client
        self.made_with = made_with(settings)
        self._printer: Any = None
        self._runner: Any = None

    def make(self, assessment: Assessment, before: Entry | None, inputs: str = "", earlier: tuple = ()) -> Done:
        """Write one client's report unless what it shows is unchanged; a failure comes back as its reason.

        `earlier`: the client's other assessments, for a follow-up's progress.
        """
        name = assessment.client.name
        try:
            outcome = self._outcome(assessment, earlier)
            wanted = report_hash(outcome, self.made_with)
            if before is not None and not self.settings.force and before.up_to_date(wanted, self.settings.out, report_files(assessment, self.settings)):
                return Done(assessment.id, name, "skipped", before.files, wanted, inputs=inputs)
            return Done(assessment.id, name, "written", self._write(outcome), wanted, inputs=inputs)
        except Exception as exc:  # one client's failure is listed; the others go on
            return Done(assessment.id, name, "failed", reason=failure_reason(exc), disk_full=is_disk_full(exc))

    def _outcome(self, assessment: Assessment, earlier: tuple = ()) -> ClientOutcome:
        from ..core.outcome import client_outcome

        s = self.settings
        return client_outcome(assessment, self.peers, self.framework, s.language, s.k, earlier)

    def _write(self, outcome: ClientOutcome) -> tuple[str, ...]:
        from .reports_page import report_html

        s = self.settings
        html, pdf, notebook = (s.out / name for name in _names(report_name(outcome.assessment)))
        page = report_html(outcome, s.branding)
        files = [_write(html, page.encode("utf-8"))]
        if s.pdf:
            footer = " — ".join(part for part in (outcome.client, s.branding.name) if part)
            files.append(_write(pdf, self._pdf_printer().pdf(page, footer)))
        if s.notebooks:
            files.append(_write(notebook, self._notebook(outcome)))
        return tuple(files)

    def _pdf_printer(self) -> Any:
        if self._printer is None:
            from .reports_pdf import PdfPrinter

            self._printer = PdfPrinter(self.settings.browser)
        return self._printer

    def _notebook(self, outcome: ClientOutcome) -> bytes:
        from .reports_notebook import NOTEBOOK, NotebookRunner, notebook_bytes

        s = self.settings
        if self._runner is None:
            self._runner = NotebookRunner(s.notebook or NOTEBOOK, s.kernel, {"PGPASSWORD": s.password} if s.password else {})
        parameters = {"assessment_id": outcome.assessment.id, "store": s.store, "language": s.language}
        return notebook_bytes(self._runner.run(parameters))

    def close(self) -> None:
        """Stop the browser and the kernel, if they were started."""
        for tool in (self._printer, self._runner):
            if tool is not None:
                tool.close()
        self._printer = self._runner = None


def report_name(assessment: Assessment) -> str:
    """`boulangerie-tremblay-2026-11-26-7d9f0c1e`: readable, file-name-safe, unique per assessment."""
    folded = unicodedata.normalize("NFKD", assessment.client.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or "client"
    short_id = re.sub(r"[^A-Za-z0-9]", "", assessment.id.removeprefix("sample-"))[:8]  # (sample ids share their start)
    return f"{slug}-{assessment.assessed_on.isoformat()}-{short_id}"


def report_files(assessment: Assessment, settings: BatchSettings) -> tuple[str, ...]:
    """The names of the files one client's report has in this batch: its page, and its PDF and notebook if asked."""
    html, pdf, notebook = _names(report_name(assessment))
    return (html,) + ((pdf,) if settings.pdf else ()) + ((notebook,) if settings.notebooks else ())


def _names(stem: str) -> tuple[str, str, str]:
    return f"{stem}.html", f"{stem}.pdf", f"{stem}.ipynb"


def made_with(settings: BatchSettings) -> dict[str, Any]:
    """What every report of the batch is made with, as hashes: framework, branding, renderer, k."""
    from .reports_page import renderer_fingerprint

    return {"framework": framework_fingerprint(settings.framework), "branding": settings.branding.fingerprint(),
            "renderer": renderer_fingerprint(), "k": settings.k}  # fmt: skip


def _write(path: Path, content: bytes) -> str:
    write_atomically(path, content)
    return path.name


def failure_reason(exc: BaseException) -> str:
    """One line saying why a report failed (a notebook's own error when it failed inside), any password hidden."""
    from ..store.redaction import redact

    if isinstance(exc, ReadinessError):
        return redact(" ".join(str(exc).split()))
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return redact(" ".join(f"{name}: {value}".split()))


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether an error comes from a full disk (or quota), however it was wrapped: no report can be written then."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


# ---------------------------------------------------------------- in a process pool

_maker: ReportMaker | None = None


def start_worker(settings: BatchSettings) -> None:
    """Load the batch's framework, peers and branding once for this worker; Ctrl-C is for the main process."""
    from multiprocessing.util import Finalize

    global _maker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warnings.simplefilter("ignore")  # the consultant's terminal shows the progress and the summary, not library notices
    _maker = ReportMaker(settings)
    Finalize(_maker, _maker.close, exitpriority=10)


def make_reports(items: list[tuple[Assessment, Entry | None, str, tuple]]) -> list[Done]:
    """Make a few clients' reports with this worker's ReportMaker (each with the client's earlier assessments)."""
    assert _maker is not None, "start_worker first"
    return [_maker.make(assessment, before, inputs, earlier) for assessment, before, inputs, earlier in items]
