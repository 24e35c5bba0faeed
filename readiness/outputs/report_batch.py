"""Per-client reports in batch: the report notebook executed with papermill once per client, then written as HTML; a failure is listed, the others go on."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ReadinessError
from ..core.framework import default_framework
from ..store.paths import default_store
from ..store.writer import write_atomically

if TYPE_CHECKING:

    from ..core.assessment import Assessment
from .reports import _stored

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02_client_report.ipynb"
DEFAULT_OUT = "reports"


@dataclass(frozen=True)
class ReportRun:
    """What a batch of reports produced, and which clients failed and why."""

    written: tuple[Path, ...]
    failed: tuple[tuple[str, str], ...]


def run_reports(
    ids: Iterable[str],
    *,
    store: str | None = None,
    out: str | os.PathLike = DEFAULT_OUT,
    language: str | None = None,
    notebook: str | os.PathLike = NOTEBOOK,
    kernel: str = "python3",
    progress: bool = True,
    on_failure: Callable[[str, str], Any] | None = None,
) -> ReportRun:
    """Execute the report notebook once per assessment id, then write its HTML; go on after failures."""
    from tqdm.auto import tqdm

    ids = list(ids)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    store = _absolute_store(store)
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    with _password_for_kernels(store) as public_store:
        for assessment_id in tqdm(ids, desc="reports", unit="client", disable=not progress):
            try:
                written += _one_report(assessment_id, store, public_store, out, language, Path(notebook), kernel)
            except Exception as exc:  # one client's failure must not stop the others: it is listed
                failed.append((assessment_id, _reason(exc)))
                if on_failure:
                    on_failure(assessment_id, failed[-1][1])
    return ReportRun(tuple(written), tuple(failed))


def stored_ids(store: str | None = None) -> list[str]:
    """Ids of every (non-deleted) assessment in the store."""
    from ..store import open_store

    return [a.id for a in open_store(store).list()]


@contextmanager
def _password_for_kernels(store: str | None) -> Iterator[str | None]:
    """The store as report notebooks receive it: without its password, which their kernels get
    from the environment instead (libpq's PGPASSWORD), so no report file ever holds it."""
    from ..store.redaction import without_password

    public, password = without_password(store) if store else (store, None)
    if password is None:
        yield public
        return
    before = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = password  # kernels inherit this process's environment
    try:
        yield public
    finally:
        if before is None:
            os.environ.pop("PGPASSWORD", None)
        else:
            os.environ["PGPASSWORD"] = before


def _one_report(
    assessment_id: str, store: str | None, public_store: str | None, out: Path, language: str | None, notebook: Path, kernel: str
) -> list[Path]:
    import papermill

    assessment = _stored(assessment_id, store, default_framework())  # fails early, with a clear message
    stem = out / report_name(assessment)
    executed = stem.with_suffix(".ipynb")
    running = executed.with_name(f".{executed.stem}.{os.getpid()}.tmp.ipynb")  # whole or not at all, like every output
    try:
        papermill.execute_notebook(
            str(notebook), str(running), kernel_name=kernel, progress_bar=False, log_output=False,
            parameters={"assessment_id": assessment_id, "store": public_store, "language": language},
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not the kernel's "TCP without encryption" notice
        )  # fmt: skip
        page = write_html(running, stem.with_suffix(".html"))
        os.replace(running, executed)
    finally:
        running.unlink(missing_ok=True)
    return [executed, page]


def write_html(executed: Path, target: Path) -> Path:
    """The executed notebook as a standalone HTML page for the client: outputs only (no code, no notes)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_markdown=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    return write_atomically(target, body.encode("utf-8"))


def report_name(assessment: Assessment) -> str:
    """`boulangerie-tremblay-2026-11-26-7d9f0c1e`: readable, file-name-safe, unique per assessment."""
    folded = unicodedata.normalize("NFKD", assessment.client.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:60] or "client"
    short_id = re.sub(r"[^A-Za-z0-9]", "", assessment.id.removeprefix("sample-"))[:8]  # (sample ids share their start)
    return f"{slug}-{assessment.assessed_on.isoformat()}-{short_id}"


def _absolute_store(store: str | None) -> str | None:
    """A folder store as an absolute path (the notebook runs in its own working folder)."""
    store = default_store(store)
    if "://" not in store:
        return str(Path(store).resolve())
    return store


def _reason(exc: BaseException) -> str:
    """One line saying why a report failed (the notebook's own error when it failed inside)."""
    from ..store.redaction import redact

    if isinstance(exc, ReadinessError):
        return redact(" ".join(str(exc).split()))
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return redact(" ".join(f"{name}: {value}".split()))
