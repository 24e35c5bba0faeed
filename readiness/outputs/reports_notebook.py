"""The report notebook executed for many clients on one kernel: the .ipynb of a report, for those who want it.

    runner = NotebookRunner()
    book = runner.run({"assessment_id": "7d9f…", "store": "data/assessments", "language": None})
    runner.close()

`notebooks/02_client_report.ipynb` is parameterised as papermill does it (an `injected-parameters`
cell after the `parameters` cell), then executed with nbclient on a kernel started once and kept
for every client of the worker: the start-up and the imports are paid once, not once per client.
The kernel says nothing on the terminal (its output goes nowhere; errors come back as the cell's
error), and it is stopped at once, without the usual "KeyboardInterrupt caught in kernel" lines.
Each notebook assigns every parameter and `report` anew, and stops at its first error, so nothing
of one client's run can show in the next one's.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02_client_report.ipynb"
CELL_TIMEOUT = 300  # seconds


class NotebookRunner:
    """One kernel, kept, executing the parameterised report notebook client after client."""

    def __init__(self, notebook: str | os.PathLike = NOTEBOOK, kernel: str = "python3", environment: dict[str, str] | None = None):
        self.notebook = Path(notebook)
        self.kernel = kernel
        self.environment = environment or {}  # added to the kernel's environment (a store's password, never in a file)
        self._client: Any = None
        self._manager: Any = None

    def run(self, parameters: dict[str, Any]) -> Any:
        """The notebook executed with `parameters` (nbformat node); nbclient's CellExecutionError when a cell fails."""
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        book = parameterize_notebook(load_notebook_node(str(self.notebook)), parameters, kernel_name=self.kernel)
        client = self._client_for(book)
        environment = {**os.environ, **self.environment}
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)  # (used when the kernel starts)
        return book

    def _client_for(self, book: Any) -> Any:
        from nbclient import NotebookClient

        if self._client is None or not self._manager.is_alive():
            self.close()
            from jupyter_client.manager import KernelManager

            self._manager = KernelManager(kernel_name=self.kernel)
            self._client = NotebookClient(book, km=self._manager, timeout=CELL_TIMEOUT, kernel_name=self.kernel,
                                          extra_arguments=["--IPKernelApp.log_level=ERROR"])  # fmt: skip
        self._client.nb = book
        return self._client

    def close(self) -> None:
        """Stop the kernel now (no shutdown chatter)."""
        if self._client is not None and self._client.kc is not None:
            self._client.kc.stop_channels()
        if self._manager is not None and self._manager.has_kernel:
            self._manager.shutdown_kernel(now=True)
        self._client = self._manager = None


def notebook_bytes(book: Any) -> bytes:
    """An executed notebook as the bytes of its .ipynb file."""
    import nbformat

    return nbformat.writes(book).encode("utf-8")
