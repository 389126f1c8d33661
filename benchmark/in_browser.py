"""The benchmark's browser measures: a real ``streamlit run`` server and Debian's headless Chromium.

Reuses tests/browser.py (server, Chromium, waits). Times are taken in the page with
``performance.now()`` and ``requestAnimationFrame``: from the input event a control receives
until the frame after the page's last change is painted. Server round trips are counted on
the page's websocket (Playwright's frame events), and ``script_finished`` messages are read
with Streamlit's own protobuf classes, so "the rerun is over" is the server's word, not a guess.
"""

from __future__ import annotations

import io
import itertools
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser import chromium, streamlit_process, wait_for_app

ROOT = Path(__file__).resolve().parent.parent
FLOOR_APP = ROOT / "benchmark" / "floor_app.py"
VIEWPORT = {"width": 1400, "height": 1600}
QUIET_MS = 300  # the page counts as drawn when nothing in it changed for this long after the rerun ended
WAIT_MS = 180_000  # generous: on a loaded 2-core machine a page with charts can take a minute to draw

# The paths each page is opened at, its Plotly charts at its defaults, the control the update measure turns,
# and whether it shows the grid component (then an update is timed until the grid shows the new output).
# A control is (kind, label): a number input stepped up then down, a toggle, the sidebar's language
# switch (projector mode would collapse the sidebar), or the floor app's radio.
PAGES = {
    "home": ("", 0, ("language", "中文|English"), False),
    "explorer": ("explorer", 0, ("number", "Stride (columns)"), True),
    "channels": ("channels", 0, ("number", "Stride (columns)"), True),
    "transposed": ("transposed", 0, ("number", "Stride"), True),
    "matmul": ("matmul", 0, ("number", "Stride"), False),
    "conv1d": ("conv1d", 0, ("number", "Stride"), False),
    "receptive_field": ("receptive-field", 1, ("number", "Input width"), False),
    "learn": ("learn", 1, ("number", "Steps"), False),
    "lenet": ("lenet", 0, ("number", "Seed"), False),  # no chart before the first step
}
# 32x32 random input, Sobel x, padding 1: a 32x32 output, 1024 cells for the grid to play
EXPLORER_32 = (
    "explorer?ex_in_preset=random&ex_in_size=32&ex_k_preset=sobel_x&ex_hp_padding_h=1&ex_hp_padding_w=1"
)
# 5x5 ramp, Sobel x: a 3x3 output, for pinning cells
EXPLORER_PIN = "explorer?ex_in_preset=ramp&ex_k_preset=sobel_x"

# The grid component (ui/grid) draws inside a shadow root: its host is Streamlit's isolated component
# element. document.querySelector does not pierce shadow roots; these go through each host's shadowRoot.
HOSTS = "[...document.querySelectorAll('[data-testid=\"stBidiComponentIsolated\"]')]"
# Every grid's output as drawn: its cell count and printed values (changes when a rerun's output reaches it).
GRID_OUTPUT_JS = f"""() => {HOSTS}.map((host) => {{
    const cells = [...(host.shadowRoot?.querySelectorAll('figure.grid[data-grid="output"] .cell') ?? [])];
    return `${{cells.length}}:${{cells.map((cell) => cell.dataset.value).join(' ')}}`;
}}).join('|')"""
GRID_DRAWN_JS = f"""() => {HOSTS}.some(
    (host) => host.shadowRoot?.querySelector('figure.grid[data-grid="output"] .cell'))"""

# Installed in every page before Streamlit's own code runs.
INIT_JS = """
window.__bench = {armed: false, start: null, last: 0, observer: null};
for (const type of ['pointerdown', 'keydown', 'change']) {
    document.addEventListener(type, () => {
        const b = window.__bench;
        if (b.armed && b.start === null) b.start = performance.now();
    }, true);
}
// the time just after the next frame is painted
window.__afterPaint = (callback) => requestAnimationFrame(() => setTimeout(() => callback(performance.now()), 0));
window.__arm = () => {
    const b = window.__bench;
    if (b.observer) b.observer.disconnect();
    b.armed = true; b.start = null; b.last = 0;
    const options = {subtree: true, childList: true, characterData: true, attributes: true};
    const watched = new WeakSet();
    // a component's DOM (the grid) sits in its host's shadow root, which an observer of the app does not
    // see: observe every host's shadow root found now, and any that a change mounts later
    const watchShadows = () => {
        for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
            const root = host.shadowRoot;
            if (root && !watched.has(root)) { watched.add(root); b.observer.observe(root, options); }
        }
    };
    b.observer = new MutationObserver(() => {
        watchShadows();
        window.__afterPaint((now) => { if (b.start !== null) b.last = now; });
    });
    // the whole app, sidebar included: a rerun may change nothing in the main area (the home page's
    // projector toggle), and a page with no change seen would be timed out as "kept changing"
    b.observer.observe(document.querySelector('[data-testid="stApp"]'), options);
    watchShadows();
};
"""

# Resolves with the ms from the first `event` inside the grid component (a listener on its shadow root,
# which sees events that do not leave it, such as a scripted `input`) to the paint after the first change
# inside it; rejects after 10 s with no change.
CLIENT_JS = """(event) => {
    const root = document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot;
    const grid = root.querySelector('[data-component="grid"]');
    window.__client = new Promise((resolve, reject) => {
        let start = null;
        const onInput = () => { if (start === null) start = performance.now(); };
        root.addEventListener(event, onInput, true);
        const observer = new MutationObserver(() => {
            if (start === null) return;
            observer.disconnect();
            clearTimeout(timer);
            root.removeEventListener(event, onInput, true);
            window.__afterPaint((now) => resolve(now - start));
        });
        const timer = setTimeout(() => {
            observer.disconnect();
            root.removeEventListener(event, onInput, true);
            reject(new Error(`no change in the grid after ${event} (input seen: ${start !== null})`));
        }, 10000);
        observer.observe(grid, {subtree: true, childList: true, characterData: true, attributes: true});
    });
}"""

# Every change of the cell the grid shows (its data-cell attribute: one per frame played), with the time of
# the screen refresh that paints it.
FRAMES_JS = """() => {
    const root = document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot;
    const grid = root.querySelector('[data-component="grid"]');
    window.__frames = [];
    let last = grid.dataset.cell;
    // the timestamp of the screen refresh that paints the new cell: frame gaps in whole refreshes
    // (a setTimeout after it, as __afterPaint adds, only adds timer jitter to a rate)
    window.__framesObserver = new MutationObserver(() => {
        const now = grid.dataset.cell;
        if (now !== last) { last = now; requestAnimationFrame((time) => window.__frames.push(time)); }
    });
    window.__framesObserver.observe(grid, {attributes: true, attributeFilter: ['data-cell']});
}"""

PROGRESS = """() => document.querySelector('[data-testid="stProgress"]')?.innerText ?? ''"""
WATCH_PROGRESS = """() => {
    window.__updates = [];
    let last = null;
    new MutationObserver(() => {
        const text = document.querySelector('[data-testid="stProgress"]')?.innerText ?? null;
        if (text !== last) { last = text; window.__updates.push([performance.now(), text]); }
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


class Tab:
    """One browser page with the timing script installed and its websocket traffic counted."""

    def __init__(self, browser, viewport: dict = VIEWPORT):
        self.context = browser.new_context(viewport=viewport)
        self.context.set_default_timeout(WAIT_MS)
        self.page = self.context.new_page()
        self.sent = self.received = self.finished = 0
        self.page.add_init_script(INIT_JS)
        self.page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, _payload) -> None:
        self.sent += 1

    def _received(self, payload) -> None:
        self.received += 1
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished":
                self.finished += 1

    def open(self, url: str, charts: int = 0, grid: bool = False) -> None:
        self.page.goto(url)
        self.page.wait_for_selector('[data-testid="stMain"] h1', timeout=WAIT_MS)
        wait_for_app(self.page, charts=charts, timeout=WAIT_MS)
        if grid:
            wait_for_grid(self.page)
        self.settle()

    def settle(self, ms: int = 600) -> None:
        self.page.wait_for_timeout(ms)

    def timed_update(self, action, grid: bool = False, timeout: float = WAIT_MS / 1000) -> float:
        """ms from the input event ``action`` causes to the paint after the page's last change.

        ``grid``: the change must also reach the grid component's output (its cells or their values), so
        the page is not taken as drawn before the grid has its new output.
        """
        before = self.page.evaluate(GRID_OUTPUT_JS) if grid else None
        self.page.evaluate("window.__arm()")
        start_count = self.finished
        action()
        deadline = time.monotonic() + timeout
        while self.finished == start_count:  # Playwright delivers websocket events while it waits
            if time.monotonic() > deadline:
                raise TimeoutError("the rerun did not finish")
            self.page.wait_for_timeout(10)
        while True:
            quiet = self.page.evaluate(
                f"""(before) => window.__bench.last > 0 && performance.now() - window.__bench.last > {QUIET_MS}
                               && (before === null || ({GRID_OUTPUT_JS})() !== before)""",
                before,
            )
            if quiet:
                break
            if time.monotonic() > deadline:
                raise TimeoutError("the page kept changing" + (" or the grid never changed" if grid else ""))
            self.page.wait_for_timeout(50)
        start, last = self.page.evaluate("[window.__bench.start, window.__bench.last]")
        self.page.evaluate("window.__bench.armed = false")
        if start is None:
            raise RuntimeError("the action caused no input event")
        return last - start

    def close(self) -> None:
        self.context.close()


def wait_for_grid(page, timeout: float = WAIT_MS) -> None:
    """Wait until a grid component on the page has drawn its output cells (inside its shadow root)."""
    page.wait_for_function(GRID_DRAWN_JS, polling="raf", timeout=timeout)


def turn(page, control: tuple[str, str], step: int) -> None:
    """Change ``control`` once: up on even steps, down on odd ones, so it returns to its default."""
    kind, label = control
    if kind == "number":
        box = page.locator('[data-testid="stNumberInput"]').filter(has_text=label).first
        button = "stNumberInputStepUp" if step % 2 == 0 else "stNumberInputStepDown"
        box.locator(f'[data-testid="{button}"]').click()
    elif kind == "toggle":
        page.get_by_text(label, exact=True).click()
    elif kind == "language":  # the sidebar's language switch: the other language, then back
        names = label.split("|")
        page.locator('[data-testid="stSidebar"] button', has_text=names[step % 2]).click()
    elif kind == "radio":
        page.locator('[data-testid="stRadioOption"]').nth((step + 1) % 2).click()
    else:
        raise ValueError(kind)


def update_times(tab: Tab, control: tuple[str, str], repeat: int, grid: bool = False) -> list[float]:
    def step(k: int) -> float:
        return tab.timed_update(lambda: turn(tab.page, control, k), grid=grid)

    step(0)  # warm-up pair: the first run of a new value
    step(1)
    return [step(k) for k in range(repeat)]


def floor_ms(browser, repeat: int = 9) -> float:
    """browser_update_ms for an empty page with one radio: Streamlit's own cost of a rerun."""
    with streamlit_process(script=FLOOR_APP, timeout=WAIT_MS / 1000) as (url, _):
        tab = Tab(browser)
        tab.page.goto(url)
        tab.page.wait_for_selector('[data-testid="stRadio"]')
        wait_for_app(tab.page)
        tab.settle()
        times = update_times(tab, ("radio", "Choice"), repeat)
        tab.close()
    return statistics.median(times)


def browser_update_ms(browser, url: str, repeat: int = 7) -> dict[str, float]:
    """Per page at its defaults: a control changed until the page's charts (and grid) are redrawn."""
    results = {}
    for name, (path, charts, control, grid) in PAGES.items():
        tab = Tab(browser)
        try:
            tab.open(f"{url}/{path}", charts, grid)
            results[name] = round(statistics.median(update_times(tab, control, repeat, grid)), 1)
        except Exception as error:  # say which page, so a flaky one can be found
            raise type(error)(f"{name}: {error}") from error
        finally:
            tab.close()
    return results


def output_cell(page, i: int, j: int):
    return page.locator(
        f'[data-component="grid"] figure.grid[data-grid="output"] .cell[data-row="{i}"][data-col="{j}"]'
    )


def pin_ms(browser, url: str, repeat: int = 8) -> float:
    """A click on an output cell of the explorer's grid (it pins the cell: a fragment run) until the page is
    redrawn; two cells in turn. The pointer rests on the cell before the click, so its hover is not timed."""
    tab = Tab(browser)
    tab.open(f"{url}/{EXPLORER_PIN}", 0, grid=True)
    page = tab.page
    cells = [(0, 1), (1, 0)]

    def pin(k: int) -> float:
        i, j = cells[k % 2]
        cell = output_cell(page, i, j)
        cell.hover()
        page.wait_for_timeout(100)
        elapsed = tab.timed_update(cell.click)
        # the pin reached the server: the link names the cell
        page.wait_for_function(f"() => location.search.includes('ex_cell={i}%2C{j}')", timeout=10_000)
        return elapsed

    pin(0)  # warm-up pair
    pin(1)
    times = [pin(k) for k in range(repeat)]
    tab.close()
    return round(statistics.median(times), 1)


def client_interaction(browser, url: str, repeat: int = 7) -> dict[str, float]:
    """Play, scrub and hover in the explorer's grid (1024 output cells): time to paint, messages sent, fps."""
    tab = Tab(browser, {"width": 1400, "height": 3000})  # the whole grid in view: mouse events land
    tab.open(f"{url}/{EXPLORER_32}", 0, grid=True)
    page = tab.page
    grid = page.locator('[data-component="grid"]').first
    play = grid.locator('button[data-control="play"]')
    scrub_range = grid.locator('input[type="range"][data-control="scrub"]')
    grid.scroll_into_view_if_needed()
    tab.settle()
    count = int(scrub_range.get_attribute("max")) + 1
    width = int(grid.locator('figure.grid[data-grid="output"] .cell[data-row="0"]').count())

    def timed(event: str, action) -> float:
        page.evaluate(CLIENT_JS, event)
        action()
        return page.evaluate("window.__client")

    def shown() -> str:
        return grid.get_attribute("data-cell")

    scrub, hover, play_times = [], [], []
    quiet = 0  # messages sent while scrubbing, hovering and playing: none of them asks anything of the server
    for k in range(repeat):
        window_start = tab.sent
        # scrub: the range set to a new output cell and told so (`input`), as a drag does
        index = (97 + 131 * k) % count
        if f"{index // width},{index % width}" == shown():
            index = (index + 1) % count
        scrub.append(
            timed(
                "input",
                lambda index=index: scrub_range.evaluate(
                    "(range, value) => { range.value = String(value);"
                    " range.dispatchEvent(new Event('input', {bubbles: true})); }",
                    index,
                ),
            )
        )
        page.wait_for_timeout(100)
        # hover: the pointer rests on one output cell, then moves onto another; the grid shows its window
        i, j = (3 + 2 * k) % width, (5 + 3 * k) % width
        here = output_cell(page, i, j).bounding_box()
        there = output_cell(page, (i + 7) % width, (j + 4) % width).bounding_box()
        page.mouse.move(here["x"] + here["width"] / 2, here["y"] + here["height"] / 2)
        page.wait_for_timeout(100)
        hover.append(
            timed(
                "pointerover",
                lambda there=there: page.mouse.move(
                    there["x"] + there["width"] / 2, there["y"] + there["height"] / 2
                ),
            )
        )
        # play (the pointer first rests on the button, off the output): the click starts playing at once
        play.hover()
        page.wait_for_timeout(100)
        play_times.append(timed("click", play.click))
        quiet += tab.sent - window_start
        play.click()  # pause: the cell it stopped on is pinned (one message, by design), let it land
        page.wait_for_timeout(600)

    # playback: the fastest speed (several steps a frame) from the first cell, frames counted for three seconds
    grid.locator('select[data-control="speed"]').select_option("10")  # the link keeps it: one message
    grid.locator('button[data-control="first"]').click()  # a step: the cell is pinned, one message
    play.hover()
    page.wait_for_timeout(900)
    page.evaluate(FRAMES_JS)
    window_start = tab.sent
    play.click()
    page.wait_for_timeout(3000)
    frames = page.evaluate("window.__frames")
    playing = grid.get_attribute("data-playing")
    quiet += tab.sent - window_start
    play.click()  # pause
    page.evaluate("window.__framesObserver.disconnect()")
    if playing != "true" or len(frames) < 2:
        raise RuntimeError(f"playback: {len(frames)} frames seen, data-playing={playing!r} after 3 s")
    gaps = [b - a for a, b in zip(frames, frames[1:])]
    page.wait_for_timeout(300)
    messages = quiet
    tab.close()
    return {
        "scrub_ms": round(statistics.median(scrub), 1),
        "hover_ms": round(statistics.median(hover), 1),
        "play_ms": round(statistics.median(play_times), 1),
        "messages_sent": messages,
        "playback_fps": round(1000 / statistics.median(gaps), 1),
        "playback_fps_mean": round(1000 * (len(frames) - 1) / (frames[-1] - frames[0]), 1),
    }


def learn_ui_hz(browser, url: str, repeat: int = 3, seconds: float = 2.5) -> float:
    """Live updates a second on the learning page while playing (2000 steps, "auto" speed)."""
    tab = Tab(browser)
    tab.open(f"{url}/learn?ln_steps=2000", 1)
    page = tab.page
    rates = []
    for _ in range(repeat):
        page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of 2000')", timeout=30_000)
        wait_for_app(page, charts=1, grids=2)
        page.evaluate(WATCH_PROGRESS)
        learn_button(page, "Play").click()
        page.wait_for_timeout(seconds * 1000)
        updates = page.evaluate("window.__updates")
        learn_button(page, "Pause").click()
        learn_button(page, "Play").wait_for(timeout=20_000)
        playing = [u for u in updates if u[1] and not u[1].startswith("Step 0 ")]
        rates.append((len(playing) - 1) / ((playing[-1][0] - playing[0][0]) / 1000))
        learn_button(page, "Reset").click()
    tab.close()
    return round(statistics.median(rates), 1)


def learn_button(page, name: str):
    return page.locator('[data-testid="stButton"] button', has_text=name).first


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
        todo += children.get(current, [])
    return total / 1024


def sampled_rss(pid: int, samples: int = 5) -> float:
    values = []
    for _ in range(samples):
        values.append(rss_mb(pid))
        time.sleep(0.3)
    return round(statistics.median(values), 1)


def server_rss_mb(browser, sessions: int = 20) -> dict[str, float]:
    """The server's memory idle, with one session that has opened every page, and with ``sessions``."""
    with streamlit_process(timeout=WAIT_MS / 1000) as (url, process):
        idle = sampled_rss(process.pid)
        tabs = [Tab(browser)]
        for path, charts, _, grid in PAGES.values():
            tabs[0].open(f"{url}/{path}", charts, grid)
        one = sampled_rss(process.pid)
        names = list(PAGES.values())
        opened = []
        for k in range(1, sessions):  # opened together, then waited for: the server serves them at once
            tab = Tab(browser)
            path, charts, _, grid = names[k % len(names)]
            tab.page.goto(f"{url}/{path}", wait_until="commit")
            tabs.append(tab)
            opened.append((charts, grid))
        for tab, (charts, grid) in zip(tabs[1:], opened):
            tab.page.wait_for_selector('[data-testid="stMain"] h1', timeout=WAIT_MS)
            wait_for_app(tab.page, charts=charts, timeout=WAIT_MS)
            if grid:
                wait_for_grid(tab.page)
        time.sleep(1)
        many = sampled_rss(process.pid)
        for tab in tabs:
            tab.close()
    return {"idle": idle, "1_session": one, f"{sessions}_sessions": many}


def cold_start_s(browser, repeat: int = 3) -> dict[str, float]:
    """``streamlit run`` started until the explorer's grid has drawn its output cells in a new page, and
    beside it the same for the empty floor app (started until its radio shows): Streamlit's own cold start.
    The two alternate, so both see the same machine."""
    times, floors = [], []

    def one(script, path: str, ready) -> float:
        start = time.monotonic()
        with streamlit_process(timeout=WAIT_MS / 1000, script=script) as (url, _):
            tab = Tab(browser)
            tab.page.goto(f"{url}/{path}")
            ready(tab.page)
            elapsed = time.monotonic() - start
            tab.close()
        return elapsed

    for _ in range(repeat):
        times.append(one(ROOT / "app.py", "explorer", wait_for_grid))
        floors.append(
            one(
                FLOOR_APP, "", lambda page: page.wait_for_selector('[data-testid="stRadio"]', timeout=WAIT_MS)
            )
        )
    return {
        "cold_start_s": round(statistics.median(times), 2),
        "cold_start_floor_s": round(statistics.median(floors), 2),
    }


def upload_update_ms(browser, url: str, repeat: int = 5) -> dict[str, float]:
    """The explorer after a 1024x720 RGB PNG is uploaded: file chosen until the page is redrawn and the
    grid shows the new picture (each file differs from the one before it, so the grid's output does).

    ``fresh``: into an empty uploader (the page shows its upload hint). ``replace``: another file chosen
    over the current one, which Streamlit's uploader sends as two reruns, the file removed and then the
    new one (measured to the end of both).
    """
    import numpy as np
    from PIL import Image

    from tests.browser import pick

    with tempfile.TemporaryDirectory() as folder:
        files = []
        for seed in range(3):  # each upload a file other than the last: the same one sends no change event
            pixels = np.random.default_rng(seed).integers(0, 256, (720, 1024, 3), dtype=np.uint8)
            # a smooth picture with noise, not pure noise: PNG sizes like a photo's
            ramp = np.linspace(0, 255, 1024, dtype=np.float32)[None, :, None]
            picture = (0.7 * ramp + 0.3 * pixels).astype(np.uint8)
            path = Path(folder) / f"upload{seed}.png"
            buffer = io.BytesIO()
            Image.fromarray(picture, "RGB").save(buffer, "PNG")
            path.write_bytes(buffer.getvalue())
            files.append(str(path))
        files = itertools.cycle(files)
        tab = Tab(browser)
        tab.open(f"{url}/explorer", 0, grid=True)
        page = tab.page
        pick(page, "Input", "Upload an image")
        wait_for_app(page)
        tab.settle()
        field = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
        remove = page.locator('[data-testid="stFileChipDeleteBtn"] button').first

        def upload() -> float:
            return tab.timed_update(lambda: field.set_input_files(next(files)), grid=True)

        upload()  # warm-up
        replace, fresh = [], []
        for _ in range(repeat):
            replace.append(upload())
            tab.timed_update(remove.click)  # the grid keeps the last picture (the page's last valid input)
            tab.settle(300)
            fresh.append(upload())
        tab.close()
    return {"fresh": round(statistics.median(fresh), 1), "replace": round(statistics.median(replace), 1)}


def measure(parts: set[str]) -> dict:
    """The browser measures named in ``parts`` (update, client, learn_ui, upload, rss, cold_start, replicas).

    A part that fails is reported under ``errors`` and the others still run.
    """
    results, errors = {}, {}

    def attempt(part: str, function) -> None:
        if part in parts:
            try:
                results.update(function())
            except Exception as error:  # noqa: BLE001 - one failed measure must not lose the others
                errors[part] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"

    def update(browser, url):
        floor = floor_ms(browser)
        pages = browser_update_ms(browser, url)
        return {
            "browser_update_floor_ms": round(floor, 1),
            "browser_update_ms": pages,
            "browser_update_over_floor_ms": {k: round(v - floor, 1) for k, v in pages.items()},
            "pin_ms": pin_ms(browser, url),
        }

    def upload_parts(browser, url):
        found = upload_update_ms(browser, url)
        return {"upload_update_ms": found["fresh"], "upload_replace_ms": found["replace"]}

    def client(browser, url):
        found = client_interaction(browser, url)
        return {
            "client_interaction_ms": {k: found[k] for k in ("play_ms", "scrub_ms", "hover_ms")},
            "client_messages_sent": found["messages_sent"],
            "playback_fps": found["playback_fps"],
            "playback_fps_mean": found["playback_fps_mean"],
        }

    with chromium() as browser:
        if parts & {"update", "client", "learn_ui", "upload"}:
            with streamlit_process(timeout=WAIT_MS / 1000) as (url, _):
                attempt("update", lambda: update(browser, url))
                attempt("client", lambda: client(browser, url))
                attempt("learn_ui", lambda: {"learn_ui_hz": learn_ui_hz(browser, url)})
                attempt("upload", lambda: upload_parts(browser, url))
        attempt("rss", lambda: {"server_rss_mb": server_rss_mb(browser)})
        attempt("cold_start", lambda: cold_start_s(browser))
        if "replicas" in parts:
            from benchmark.replicas import replicas_class

            attempt("replicas", lambda: replicas_class(browser))
    if errors:
        results["errors"] = errors
    return results
