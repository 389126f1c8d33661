"""The LeNet part of the benchmark (``python benchmark/run.py --only lenet``).

- the default models' test accuracy (modern and d2l's sigmoid LeNet, their ``DEFAULTS``, seed 0), and
  the training time to first reach 97% / 90%, on one torch thread (test accuracy measured every 21 steps
  and at each epoch's end; the time includes those measurements);
- the memory one training session takes: in a fresh Python process that has loaded convcore and the
  digits, the resident set (/proc) before and after building a ``Training`` and running 50 steps, twice:
  the first session also pages in torch's kernels (once per process, for everyone: reported, no target),
  the second is what each further session adds (the target);
- the page's live updates a second while training, in headless Chromium (its progress text changing).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

from convcore.lenet import DEFAULTS, Training
from tests.browser import PROGRESS, WATCH

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"modern": 0.97, "d2l": 0.90}

SESSION_MEMORY = """
import gc, sys, torch
sys.path.insert(0, {root!r})
from convcore.lenet import Training, digits
torch.set_num_threads(1)
digits()
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
def session():
    gc.collect(); before = rss()
    run = Training("d2l", eval_every=10)
    for _ in range(50):
        next(run)
    gc.collect(); return rss() - before, run
first, kept = session()  # the first run in a process also pages in torch's kernels, once for everyone
second, _ = session()  # a second session beside it
print(first, second)
"""


def accuracy_and_time() -> dict[str, float]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    results = {}
    try:
        for kind, goal in GOALS.items():
            started = time.perf_counter()
            reached = None
            run = Training(kind, seed=0, eval_every=21, **DEFAULTS[kind])
            for step in run:
                if step.tested and reached is None and step.test_accuracy >= goal:
                    reached = time.perf_counter() - started
            results[f"lenet_test_accuracy.{kind}"] = round(100 * run.test_accuracy, 1)
            results[f"lenet_seconds_to_goal.{kind}"] = (
                round(reached, 2) if reached is not None else float("inf")
            )
            results[f"lenet_seconds_full_run.{kind}"] = round(time.perf_counter() - started, 2)
    finally:
        torch.set_num_threads(threads)
    return results


def session_memory_mb() -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", SESSION_MEMORY.format(root=str(ROOT))], capture_output=True,
                         text=True, check=True, timeout=300)  # fmt: skip
    first, second = (float(v) for v in out.stdout.strip().splitlines()[-1].split())
    return {"lenet_session_mb": round(second, 1), "lenet_first_session_mb": round(first, 1)}


def ui_hz(repeat: int = 3, seconds: float = 4.0) -> float:
    """Live updates a second on the LeNet page while training (20 epochs: it cannot finish meanwhile)."""
    from benchmark.in_browser import Tab
    from tests.browser import chromium, streamlit_process, wait_for_app

    rates = []
    with chromium() as browser, streamlit_process() as (url, server):
        tab = Tab(browser)
        page = tab.page
        page.goto(f"{url}/lenet?lt_epochs=20")
        for _ in range(repeat):
            wait_for_app(page, grids=2)  # (no chart before the first step)
            page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of')", timeout=60_000)
            page.evaluate(WATCH)
            button = page.locator('[data-testid="stButton"] button', has_text="Play").first
            button.click()
            page.wait_for_timeout(seconds * 1000)
            updates = page.evaluate("window.__updates")
            page.locator('[data-testid="stButton"] button', has_text="Pause").first.click()
            page.locator('[data-testid="stButton"] button', has_text="Play").first.wait_for(timeout=60_000)
            playing = [u for u in updates if u[1] and not u[1].startswith("Step 0 ")]
            if len(playing) > 1:
                rates.append((len(playing) - 1) / ((playing[-1][0] - playing[0][0]) / 1000))
            page.locator('[data-testid="stButton"] button', has_text="Reset").first.click()
        tab.close()
    return round(statistics.median(rates), 1) if rates else 0.0


def class_training(sessions: int = 30, seconds: float = 20.0) -> dict[str, float]:
    """A class training at once: ``sessions`` browser sessions on one server each press Play on the LeNet
    page; for ``seconds`` every session records when its progress line changes. The update time is the gap
    between two updates of one session (what a student waits for the next one): its p50 and p95 over all
    sessions, and the updates a second each session saw (median)."""
    from benchmark.in_browser import Tab
    from benchmark.replicas import cpu_seconds
    from tests.browser import chromium, streamlit_process, wait_for_app

    with chromium() as browser, streamlit_process() as (url, server):
        tabs = [Tab(browser) for _ in range(sessions)]
        for tab in tabs:
            tab.page.goto(f"{url}/lenet?lt_epochs=20")
        for tab in tabs:
            wait_for_app(tab.page, charts=1, grids=2)
            tab.page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of')", timeout=300_000)
            tab.page.evaluate(WATCH)
        for tab in tabs:
            tab.page.locator('[data-testid="stButton"] button', has_text="Play").first.click()
        started, cpu_before = time.perf_counter(), cpu_seconds(server.pid)
        while time.perf_counter() - started < seconds:  # the class trains; the browsers record
            tabs[0].page.wait_for_timeout(500)
        # the server's share of the machine meanwhile (the 30 browsers run on the same cores)
        server_share = (
            (cpu_seconds(server.pid) - cpu_before) / (time.perf_counter() - started) / os.cpu_count()
        )
        gaps, rates = [], []
        for tab in tabs:
            updates = [
                u for u in tab.page.evaluate("window.__updates") if u[1] and not u[1].startswith("Step 0 ")
            ]
            times = [u[0] for u in updates]
            gaps += [b - a for a, b in zip(times, times[1:], strict=False)]
            if len(times) > 1:
                rates.append((len(times) - 1) / ((times[-1] - times[0]) / 1000))
        for tab in tabs:  # a closed page's session stops (its live timer lived in the page)
            tab.close()
    gaps.sort()
    return {
        "lenet_class_sessions": sessions,
        "lenet_class_update_p50_ms": round(statistics.median(gaps)) if gaps else 0,
        "lenet_class_update_p95_ms": round(gaps[int(0.95 * (len(gaps) - 1))]) if gaps else 0,
        "lenet_class_updates_per_s": round(statistics.median(rates), 2) if rates else 0.0,
        "lenet_class_server_cpu_share": round(server_share, 2),
    }


def measure() -> dict[str, float]:
    results = accuracy_and_time()
    results.update(session_memory_mb())
    results["lenet_ui_hz"] = ui_hz()
    return results
