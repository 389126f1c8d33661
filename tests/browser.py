"""A real Streamlit server on loopback and Debian's Chromium driven by Playwright.

Shared by the browser tests (and the benchmark). Nothing here downloads a browser.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


# a page's progress line (st.progress), and a watcher that records every distinct text it shows with the
# time it appeared (window.__updates): how a test or the benchmark counts live updates
PROGRESS = """() => document.querySelector('[data-testid="stProgress"]')?.innerText ?? ''"""
WATCH = """() => {
    window.__updates = [];
    let last = null;
    const check = () => {
        const text = document.querySelector('[data-testid="stProgress"]')?.innerText ?? null;
        if (text !== last) { last = text; window.__updates.push([performance.now(), text]); }
    };
    new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(*extra_args: str, timeout: float = 60, script: str | Path = ROOT / "app.py"):
    """``streamlit run app.py`` on a free loopback port; yields its base URL; stops it after."""
    with streamlit_process(*extra_args, timeout=timeout, script=script) as (url, _):
        yield url


@contextlib.contextmanager
def streamlit_process(*extra_args: str, timeout: float = 60, script: str | Path = ROOT / "app.py"):
    """Like ``streamlit_server``, but yields ``(url, process)`` (the benchmark reads the process's memory)."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--client.showErrorDetails", "full", *extra_args,
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy()
        )
        try:
            _wait_healthy(process, log, url, timeout)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_healthy(process, log, url: str, timeout: float) -> None:
    """Poll the server's health check until it answers 200; fail with its log if it dies or stalls."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"streamlit did not start:\n{log.read().decode(errors='replace')}")
        time.sleep(0.2)


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium under Playwright; yields the Browser."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Debian's chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_for_app(page, charts: int = 0, timeout: float = 60_000, grids: int = 0) -> None:
    """Wait until Streamlit is connected and idle, ``charts`` Plotly charts and ``grids`` grid components drawn.

    Idle is the app root's own ``data-test-script-state`` (what Streamlit's e2e tests wait on): neither
    the first load (``initial``) nor a script run (``running``, ``rerunRequested``) is under way. It does not
    know about a rerun the page has not asked for yet: after a change, wait for what the change shows.
    """
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.dataset.testConnectionState === 'CONNECTED'
                && app.dataset.testScriptState === 'notRunning'
                && !document.querySelector('[data-testid="stStatusWidget"]');
        }""",
        timeout=timeout,
    )
    if charts:
        page.wait_for_function(
            # charts with their SVG drawn (a chart has several .main-svg layers: counting those let two
            # charts pass for three)
            f"""() => [...document.querySelectorAll('.js-plotly-plot')]
                      .filter((gd) => gd.querySelector('.main-svg')).length >= {charts}""",
            timeout=timeout,
        )
    if grids:
        page.wait_for_function(GRIDS_DRAWN, arg=grids, timeout=timeout)


# grid components (in their shadow roots) that have drawn at least one cell
GRIDS_DRAWN = """(n) => [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
    .filter((host) => host.shadowRoot?.querySelector('[data-component="grid"] :is(.cell, .fcell, .frect)')).length >= n"""


def wait_for_layout(page, frames: int = 5, timeout: float = 60_000) -> None:
    """Wait until every Plotly chart's laid-out size has held for ``frames`` painted frames.

    Plotly may lay a chart out again after its first draw (a margin grown for a control); this waits for
    that to have happened, counted in the browser's own frames rather than in seconds.
    """
    page.wait_for_function(
        """(frames) => {
            const now = JSON.stringify([...document.querySelectorAll('.js-plotly-plot')]
                .map((gd) => gd._fullLayout ? gd._fullLayout._size : null));
            const w = window;
            if (w.__layoutSeen !== now) { w.__layoutSeen = now; w.__layoutFrames = 0; return false; }
            w.__layoutFrames += 1;
            return w.__layoutFrames >= frames;
        }""",
        arg=frames,
        polling="raf",
        timeout=timeout,
    )


def wait_until_still(locator, frames: int = 5, timeout: float = 60_000) -> None:
    """Wait until the element's place on the page and size have held for ``frames`` painted frames.

    An expander opens with an animation: a click aimed at a button inside it while it grows lands wherever
    the button was a frame earlier. Counted in the browser's own frames, not in seconds.
    """
    locator.page.wait_for_function(
        """([element, frames]) => {
            const r = element.getBoundingClientRect();
            const now = [r.x + scrollX, r.y + scrollY, r.width, r.height].join();
            if (element.__stillSeen !== now) { element.__stillSeen = now; element.__stillFrames = 0; return false; }
            element.__stillFrames += 1;
            return element.__stillFrames >= frames;
        }""",
        arg=[locator.element_handle(timeout=timeout), frames],
        polling="raf",
        timeout=timeout,
    )


def exceptions(page) -> list[str]:
    """The text of every Streamlit exception box on the page."""
    return [box.inner_text() for box in page.query_selector_all('[data-testid="stException"]')]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label``."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
