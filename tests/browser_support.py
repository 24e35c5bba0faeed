"""Serve the meeting notebook with Voilà on a free port and drive it with Debian's Chromium.

Shared by tests/test_browser.py and benchmarks/bench_browser.py. The recipe follows
TESTING-NOTES.md: a fresh Voilà per session (each page load starts a kernel that Voilà keeps),
every non-localhost request blocked, `goto(..., wait_until="commit")`, then wait for widgets.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "notebooks/01_client_meeting.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 1900}
LOAD_TIMEOUT_MS = 90_000


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def places(folder: Path) -> dict[str, str]:
    """Environment that sends the app's store, drafts and exports into `folder`."""
    return {
        "READINESS_STORE": str(folder / "store"),
        "READINESS_DRAFTS": str(folder / "drafts"),
        "READINESS_EXPORTS": str(folder / "exports"),
    }


@contextmanager
def serve_meeting(folder: Path, framework: str | Path | None = None) -> Iterator[str]:
    """Run `voila notebooks/01_client_meeting.ipynb` with its files in `folder` (and a framework: an id or a file); yield its URL."""
    port = free_port()
    voila = Path(sys.executable).with_name("voila")
    command = [str(voila), NOTEBOOK, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    env = {**os.environ, **places(folder)}
    if framework is not None:
        env["READINESS_FRAMEWORK"] = str(framework)  # (the notebook's framework parameter is None: the environment decides)
    env.pop("MPLBACKEND", None)  # the kernel must render real PNG charts
    log = open(folder / "voila.log", "w")  # noqa: SIM115 - closed in finally, after the server stops
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, server, folder / "voila.log")
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(server)
        log.close()


def stop(server: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a server we started: terminate, wait, kill if it will not stop."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_meeting(browser: Any, url: str) -> Any:
    """A new page showing the meeting form, with every request outside localhost blocked."""
    page = browser.new_page(viewport=VIEWPORT)
    local = url.rstrip("/")
    page.route("**/*", lambda route: route.continue_() if _is_local(route.request.url, local) else route.abort())
    page.goto(url, wait_until="commit")
    page.locator(".r-verdict .rd-badge").wait_for(timeout=LOAD_TIMEOUT_MS)
    return page


@contextmanager
def meeting_page(url: str) -> Iterator[Any]:
    """One page of the meeting form in a fresh Chromium."""
    with chromium() as browser:
        yield open_meeting(browser, url)


def choose(page: Any, qid: str, index: int) -> None:
    """Click the `index`-th choice (framework order, least mature first) of a question."""
    selector = ".website-roi .widget-radio-box input" if qid == "website" else f".q-{qid} .rd-choices .widget-radio-box input"
    page.locator(selector).nth(index).check()


def type_into(page: Any, css: str, text: str) -> None:
    """Type into a text box, as a consultant would."""
    box = page.locator(f".{css} input")
    box.fill(text)
    box.press("Tab")


def _is_local(address: str, local: str) -> bool:
    return address.startswith(local) or address.startswith(("data:", "blob:"))


def _wait_for_port(port: int, server: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"voila stopped with status {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"voila did not listen on port {port} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")
