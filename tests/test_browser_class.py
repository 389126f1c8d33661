"""A class at once: 30 browser sessions on one real server, each driving its own settings.

One ``streamlit run`` server, one Chromium, 30 browser contexts open at the same time. Two thirds of
the sessions drive the explorer (kernel preset, bias, padding), one third the channels page (output
channels, padding, stride), each with values derived from its own number. Every change is issued on all
30 pages before any is waited on, so the server runs them concurrently. Each session must then show
exactly its own result (readout text and address bar), with no exception box, error alert or toast.

The update latency (from the change until that session's readout shows the new value, timed inside
the page) is reported as p50/p95 and written to ``artifacts/class_of_30.json``; it is not asserted
(speed targets belong in the benchmark). The server's memory is read at a baseline, at its peak and
after the 30 sessions have closed and the server has dropped them (see ``drop_closed_sessions``), and
again after a second class of 30 has come and gone: it must fit mostly in what the first left.
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import convcore
from convcore import presets
from tests.browser import ROOT, exceptions, screenshot, streamlit_process, wait_for_app
from ui.strings_en import EN

pytestmark = pytest.mark.browser

SESSIONS = 30
VIEWPORT = {"width": 1000, "height": 700}  # small: software raster cost grows with the area
TTL = 2  # server.disconnectedSessionTTL (seconds) for this server; Streamlit's default is 120
WAIT_MS = 600_000  # per wait, generous: 30 Chromium renderers and the server share 2 cores
REPORT = ROOT / "artifacts" / "class_of_30.json"
STEPS = 2  # changes per session
# The 30 sessions grow the server by 10-36 MiB; RSS cannot resolve that being returned (see the end of
# the test). It can catch a class being kept, by the growth a second class adds.
KEPT_MIB = 32
TOAST = '[data-testid="stToast"]'
ERROR_ALERT = '[data-testid="stAlertContentError"]'

# Records, inside the page, when the readout first shows ``expected``: a MutationObserver sees every
# DOM change, so the time is exact even while Python is busy with the other 29 pages.
WATCH = """([selector, expected]) => {
    const shows = () => [...document.querySelectorAll(selector)].some(e => e.innerText.trim() === expected);
    window.__classObserver?.disconnect();
    window.__classShown = null;
    window.__classStart = performance.now();
    if (shows()) { window.__classShown = window.__classStart; return; }
    window.__classObserver = new MutationObserver(() => {
        if (window.__classShown === null && shows()) {
            window.__classShown = performance.now();
            window.__classObserver.disconnect();
        }
    });
    window.__classObserver.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@dataclass(frozen=True)
class Step:
    """One change a session makes: a widget (by key) set to a value, and what the page must then show."""

    key: str  # a number input's key
    value: str
    selector: str  # where the readout is
    expected: str  # the readout's whole text after this change


@dataclass
class Session:
    n: int
    path: str
    steps: list[Step]
    query: dict[str, str]  # the address bar's query string after the last step
    context: object = None
    page: object = None
    latencies_ms: list[float] = field(default_factory=list)


def explorer_session(n: int) -> Session:
    """On d2l's input and kernel: bias n + 0.5 (so every value is the session's own), then rows of padding."""
    bias, padding = n + 0.5, 1 + n % 3
    X, K = presets.d2l_matrix(), presets.kernel("d2l_2x2")

    def readout(bias: float, padding: int) -> str:
        values = convcore.conv2d(X, K, bias, padding=(padding, 0)).numpy()
        h, w = values.shape
        return EN["result.shape_range"].format(h=h, w=w, lo=float(values.min()), hi=float(values.max()))

    caption = '[data-testid="stCaptionContainer"]'
    steps = [
        Step("ex_k_bias", f"{bias:g}", caption, readout(bias, 0)),
        Step("ex_hp_padding_h", str(padding), caption, readout(bias, padding)),
    ]
    return Session(n, "explorer", steps, {"ex_k_bias": f"{bias:g}", "ex_hp_padding_h": str(padding)})


def channels_session(n: int) -> Session:
    """d2l's two 3x3 channels and 2x2 kernels: 2 or 3 output channels, then padding unique to the session."""
    out, padding = 2 + n % 2, 1 + n // 3

    def readout(out: int, padding: int) -> str:
        ho, wo = convcore.conv_output_size(3, 2, padding=padding), convcore.conv_output_size(3, 2)
        params = convcore.conv_parameters(2, out, (2, 2))
        text = EN["ch.shapes"].format(c=2, h=3, w=3, o=out, ho=ho, wo=wo, kh=2, kw=2, params=params)
        return text.replace("**", "")  # as rendered

    markdown = '[data-testid="stMarkdownContainer"]'
    steps = [
        Step("ch_out", str(out), markdown, readout(out, 0)),
        Step("ch_hp_padding_h", str(padding), markdown, readout(out, padding)),
    ]
    return Session(n, "channels", steps, {"ch_out": str(out), "ch_hp_padding_h": str(padding)})


def plan() -> list[Session]:
    return [channels_session(n) if n % 3 == 2 else explorer_session(n) for n in range(SESSIONS)]


def change(page, step: Step) -> None:
    """Start timing inside the page, then type the value into the widget with that key."""
    page.evaluate(WATCH, [step.selector, step.expected])
    box = page.locator(f".st-key-{step.key} input")
    box.fill(step.value)
    box.press("Enter")


def shown_after_ms(page) -> float:
    page.wait_for_function("() => window.__classShown !== null", timeout=WAIT_MS)
    return page.evaluate("() => window.__classShown - window.__classStart")


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (from /proc)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(status.split("VmRSS:")[1].split()[0])
    return total


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def visit(browser, url: str) -> None:
    """Open ``url`` in a fresh context, wait for the app to finish, close it."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_app(page, timeout=WAIT_MS)
        assert exceptions(page) == []
    finally:
        context.close()


def drop_closed_sessions(browser, url: str) -> None:
    """Let the server forget every closed session, then collect their garbage.

    Streamlit 1.67 keeps a closed tab's session for a reconnect: ``WebsocketSessionManager.
    disconnect_session`` stops its script and saves the ``AppSession`` (with its ``st.session_state``)
    in ``MemorySessionStorage``, a ``TTLCache`` (128 sessions at most, ``server.disconnectedSessionTTL``
    seconds each). Expired entries are only reaped when the storage is next written, i.e. at the next
    disconnect; the garbage they leave (reference cycles) is collected by the ``gc.collect(2)`` the
    script runner makes after every run. So: wait out the TTL, open and close one tab (its disconnect
    reaps the expired sessions), wait again, and open and close another (its run collects the garbage).
    """
    for _ in range(2):
        time.sleep(TTL + 1)
        visit(browser, f"{url}/home")
    time.sleep(TTL + 1)


def open_class(browser, url: str, sessions: list, opened=lambda: None, timeout: float = WAIT_MS) -> None:
    """Every session in a browser context of its own, all 30 requests out before any page is waited on;
    ``opened`` is called as each page is drawn (a memory reading, say)."""
    for s in sessions:
        s.context = browser.new_context(viewport=VIEWPORT)
        s.page = s.context.new_page()
    for s in sessions:
        s.page.goto(f"{url}/{s.path}", wait_until="commit", timeout=timeout)
    for s in sessions:
        wait_for_app(s.page, grids=2, timeout=timeout)
        opened()


def second_class(browser, url: str) -> None:
    """Another 30 sessions at once, each on its own settings with one change, then closed."""
    sessions = plan()
    try:
        open_class(browser, url, sessions)
        for s in sessions:
            change(s.page, s.steps[0])
        for s in sessions:
            shown_after_ms(s.page)
    finally:
        for s in sessions:
            if s.context is not None:
                s.context.close()


def settled_rss(pid: int) -> int:
    """The smallest of a few readings half a second apart (the server may still be freeing)."""
    readings = []
    for _ in range(4):
        readings.append(rss_kib(pid))
        time.sleep(0.5)
    return min(readings)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


@pytest.fixture(scope="module")
def class_server():
    """This module's own server (it needs the process, and a short TTL for closed sessions)."""
    with streamlit_process("--server.disconnectedSessionTTL", str(TTL)) as (url, process):
        yield url, process


def test_thirty_sessions_at_once_each_see_their_own_settings(class_server, browser):
    url, process = class_server
    started = time.monotonic()
    timings = {}

    # warm-up: one session through both pages, so imports and first-run work are not counted as growth
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    for warm in (explorer_session(SESSIONS), channels_session(SESSIONS)):
        page.goto(f"{url}/{warm.path}")
        wait_for_app(page, grids=2, timeout=WAIT_MS)
        change(page, warm.steps[0])
        shown_after_ms(page)
    context.close()
    drop_closed_sessions(browser, url)
    baseline, baseline_threads = settled_rss(process.pid), threads(process.pid)
    timings["warm_up_s"] = time.monotonic() - started

    sessions = plan()
    assert len({json.dumps(s.query, sort_keys=True) for s in sessions}) == SESSIONS  # all distinct
    peak = baseline
    try:
        phase = time.monotonic()
        readings = [peak]
        open_class(browser, url, sessions, lambda: readings.append(rss_kib(process.pid)))
        peak = max(readings)
        timings["open_30_s"] = time.monotonic() - phase

        phase = time.monotonic()
        for index in range(STEPS):
            for s in sessions:
                change(s.page, s.steps[index])
            for s in sessions:
                s.latencies_ms.append(shown_after_ms(s.page))
                peak = max(peak, rss_kib(process.pid))
            for s in sessions:
                wait_for_app(s.page, timeout=WAIT_MS)  # idle again before the next change
        timings["updates_30_s"] = time.monotonic() - phase
        peak = max(peak, rss_kib(process.pid))

        problems = []
        for s in sessions:
            last = s.steps[-1]
            shown = s.page.evaluate(
                "([sel, text]) => [...document.querySelectorAll(sel)].some(e => e.innerText.trim() === text)",
                [last.selector, last.expected],
            )
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(s.page.url).query))
            if not shown:
                problems.append(f"session {s.n}: does not show {last.expected!r}")
            if query != s.query:
                problems.append(f"session {s.n}: address bar {query} != its own {s.query}")
            if boxes := exceptions(s.page):
                problems.append(f"session {s.n}: exception {boxes}")
            errors = s.page.locator(ERROR_ALERT).all_inner_texts() + s.page.locator(TOAST).all_inner_texts()
            if errors:
                problems.append(f"session {s.n}: errors {errors}")
        sessions[7].page.get_by_text(sessions[7].steps[-1].expected).scroll_into_view_if_needed()
        shot = screenshot(sessions[7].page, "class-of-30-session-7")  # its readout, in its viewport
        assert problems == [], "\n".join(problems)
    finally:
        for s in sessions:
            if s.context is not None:
                s.context.close()

    phase = time.monotonic()
    drop_closed_sessions(browser, url)
    after, after_threads = settled_rss(process.pid), threads(process.pid)
    timings["drop_sessions_s"] = time.monotonic() - phase

    phase = time.monotonic()
    second_class(browser, url)
    drop_closed_sessions(browser, url)
    after_second = settled_rss(process.pid)
    timings["second_class_s"] = time.monotonic() - phase
    timings["total_s"] = time.monotonic() - started

    latencies = [ms for s in sessions for ms in s.latencies_ms]
    growth, left = peak - baseline, after - baseline
    report = {
        "sessions": SESSIONS,
        "pages": {path: sum(s.path == path for s in sessions) for path in ("explorer", "channels")},
        "updates": len(latencies),
        "latency_ms": {
            "p50": round(statistics.median(latencies)),
            "p95": round(percentile(latencies, 95)),
            "max": round(max(latencies)),
            "by_step": [round(statistics.median(s.latencies_ms[i] for s in sessions)) for i in range(STEPS)],
        },
        "server_rss_mib": {
            "baseline": round(baseline / 1024, 1),
            "peak": round(peak / 1024, 1),
            "after_close": round(after / 1024, 1),
            "returned": round(1 - left / growth, 3) if growth > 0 else 1.0,
            "after_second_class": round(after_second / 1024, 1),
        },
        "server_threads": {"baseline": baseline_threads, "after_close": after_threads},
        "disconnected_session_ttl_s": TTL,
        "timings_s": {name: round(value, 1) for name, value in timings.items()},
        "screenshot": str(shot.relative_to(ROOT)),
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n")
    print("\nclass of 30:", json.dumps(report))

    # Once the server has dropped them, the class is not kept. RSS cannot say so by falling: CPython and
    # malloc keep freed memory mapped for reuse (seen: 25-36 MiB grown, none of it returned). A kept class
    # shows instead in the next one: a second class of 30 then needs as much again, while a dropped one
    # leaves its memory for the second to reuse. So the second class grows the server by at most half of
    # what the first did, or KEPT_MIB / 2 (a leak of half a MiB a session would pass that).
    assert after_second - after <= max(growth / 2, KEPT_MIB * 1024 / 2), report["server_rss_mib"]
