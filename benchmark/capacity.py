"""One replica's capacity (``python benchmark/run.py --only capacity``): how many students one core holds.

The server (``streamlit run app.py``, every thread) is pinned to core 0 with ``taskset``; the students are
simulated sessions in this process, pinned to core 1: a websocket client speaking Streamlit's own
protocol (the ``BackMsg``/``ForwardMsg`` protobufs on ``/_stcore/stream``, as the browser does), no
browser. So the figures are the server's: an update is timed from the ``rerun_script`` a change sends to
the ``script_finished`` that ends its run, at the client, on loopback. What a browser then takes to draw
it is measured elsewhere (``browser_update_ms``), per student, on the student's own machine.

- Explorer: each student opens the explorer and changes its bias every 1-3 s (uniformly random think
  time, as a student trying values); the class grows 10, 20, 40, ... while the p95 update stays <= 300 ms.
  ``capacity_explorer_students`` is the largest class that held it.
- LeNet: each student opens LeNet (20 epochs: it cannot finish meanwhile) and presses Play; the server
  then asks for a live update every ``TICK`` (``auto_rerun``), which the client sends as the browser's
  timer does, the next one when the previous has finished and the tick has passed.
  ``capacity_lenet_students`` is the largest class whose slowest student saw >= 2 live updates a second.
- A training tick's cost: one session alone, its fragment runs timed at the server end (the client's
  view), and the run's own step time (the page's caption) for the training part.

Other work on the machine shares core 0 with the server: ``uptime``'s load is recorded before and after.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

SERVER_CORE, CLIENT_CORE = 0, 1
P95_MS = 300.0
MIN_UPDATES_PER_S = 2.0
EXPLORER_LEVELS = (10, 20, 40, 60, 80, 120, 160)
LENET_LEVELS = (1, 2, 4, 6, 8, 12, 16, 24)
SECONDS = 20.0  # measured per level, after every session has opened its page
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


def load() -> str:
    return open("/proc/loadavg").read().split(" ", 3)[:3].__str__()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))] if values else float("nan")


class Session:
    """One student's websocket, speaking Streamlit's protocol."""

    def __init__(self, url: str, page: str, query: str = ""):
        self.url, self.page, self.query = url, page, query
        self.widgets: dict[str, tuple[str, object]] = {}  # label -> (kind, widget id)
        self.auto_rerun: tuple[float, str] | None = None
        self.finished_at: list[float] = []

    async def open(self):
        import websockets

        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, compression=None
        )
        await self.run()

    async def run(self, widget: WidgetChange | None = None, fragment: str | None = None) -> float:
        """Send one rerun; return the ms until its script_finished."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string, state.page_name = self.query, self.page
        if widget is not None:
            w = state.widget_states.widgets.add()
            w.id = widget.id
            setattr(w, widget.field, widget.value)
        if fragment is not None:
            state.fragment_id, state.is_auto_rerun = fragment, True
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.ws.recv())
            kind = forward.WhichOneof("type")
            if kind == "delta" and widget is None and fragment is None:
                self._note_widget(forward)
            elif kind == "auto_rerun":
                self.auto_rerun = (forward.auto_rerun.interval, forward.auto_rerun.fragment_id)
            elif kind == "script_finished":
                if forward.script_finished in FINISHED:
                    done = time.perf_counter()
                    self.finished_at.append(done)
                    return (done - started) * 1e3
                if forward.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("compile error")

    def _note_widget(self, forward) -> None:
        delta = forward.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind in ("number_input", "button"):
            inner = getattr(element, kind)
            self.widgets.setdefault(inner.label, (kind, inner.id))

    async def close(self):
        await self.ws.close()


class WidgetChange:
    def __init__(self, id: str, field: str, value):
        self.id, self.field, self.value = id, field, value


async def explorer_level(url: str, students: int, seconds: float) -> dict:
    sessions = [Session(url, "explorer") for _ in range(students)]
    for s in sessions:  # they arrive one after another, as a class does
        await s.open()
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def student(n: int, s: Session):
        _, bias = s.widgets["Bias"]
        rng, value = random.Random(n), float(n)
        await asyncio.sleep(rng.uniform(0, 2))
        while time.perf_counter() < stop:
            value += 0.5
            latencies.append(await s.run(WidgetChange(bias, "double_value", value)))
            await asyncio.sleep(rng.uniform(1, 3))

    await asyncio.gather(*(student(n, s) for n, s in enumerate(sessions)))
    for s in sessions:
        await s.close()
    return {
        "students": students,
        "updates": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
    }


async def lenet_level(url: str, students: int, seconds: float) -> dict:
    sessions = [Session(url, "lenet", "lt_epochs=20") for _ in range(students)]
    for s in sessions:
        await s.open()
    for s in sessions:  # Play
        _, play = s.widgets["Play"]
        await s.run(WidgetChange(play, "trigger_value", True))
        assert s.auto_rerun is not None, "Play set no live timer"
    ticks: dict[int, list[float]] = {n: [] for n in range(students)}
    started = time.perf_counter()
    stop = started + seconds

    async def student(n: int, s: Session):
        interval, fragment = s.auto_rerun
        sent = time.perf_counter()
        while time.perf_counter() < stop:
            ticks[n].append(await s.run(fragment=fragment))
            wait = sent + interval - time.perf_counter()  # the browser's timer: the next tick is due
            if wait > 0:
                await asyncio.sleep(wait)
            sent = time.perf_counter()

    await asyncio.gather(*(student(n, s) for n, s in enumerate(sessions)))
    elapsed = time.perf_counter() - started
    for s in sessions:
        await s.close()
    rates = [len(t) / elapsed for t in ticks.values()]
    every = [v for t in ticks.values() for v in t]
    return {
        "students": students,
        "updates_per_s_min": round(min(rates), 2),
        "updates_per_s_median": round(statistics.median(rates), 2),
        "tick_p50_ms": round(statistics.median(every), 1),
        "tick_p95_ms": round(percentile(every, 0.95), 1),
        "interval_s": sessions[0].auto_rerun[0],
    }


def pinned_server():
    from tests.browser import streamlit_process

    return streamlit_process("--server.disconnectedSessionTTL", "2")


def pin(pid: int, core: int) -> None:
    subprocess.run(["taskset", "-a", "-p", "-c", str(core), str(pid)], check=True, capture_output=True)


def measure(seconds: float = SECONDS) -> dict:
    if (os.cpu_count() or 1) < 2:
        raise RuntimeError("the capacity part pins the server and the students to two different cores")
    os.sched_setaffinity(0, {CLIENT_CORE})
    results: dict = {"capacity_load_before": load()}
    explorer, lenet = [], []
    with pinned_server() as (url, server):
        pin(server.pid, SERVER_CORE)
        asyncio.run(explorer_level(url, 2, 3))  # warm-up: torch imported, pages compiled
        for students in EXPLORER_LEVELS:
            level = asyncio.run(explorer_level(url, students, seconds))
            explorer.append(level)
            print("explorer", level, flush=True)
            if level["p95_ms"] > P95_MS:
                break
    with pinned_server() as (url, server):
        pin(server.pid, SERVER_CORE)
        asyncio.run(lenet_level(url, 1, 3))  # warm-up
        for students in LENET_LEVELS:
            level = asyncio.run(lenet_level(url, students, seconds))
            lenet.append(level)
            print("lenet", level, flush=True)
            if level["updates_per_s_min"] < MIN_UPDATES_PER_S:
                break
    results["capacity_load_after"] = load()
    held = [lv["students"] for lv in explorer if lv["p95_ms"] <= P95_MS]
    results["capacity_explorer_students"] = max(held, default=0)
    held = [lv["students"] for lv in lenet if lv["updates_per_s_min"] >= MIN_UPDATES_PER_S]
    results["capacity_lenet_students"] = max(held, default=0)
    results["capacity_explorer_levels"] = explorer
    results["capacity_lenet_levels"] = lenet
    return results


if __name__ == "__main__":
    import json
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    print(json.dumps(measure(float(sys.argv[1]) if len(sys.argv) > 1 else SECONDS), indent=2))
