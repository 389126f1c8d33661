"""The benchmark's ``replicas`` part: a class of 60 over 3 replicas behind nginx (deploy/run_replicas.py).

60 Chromium contexts go through nginx (so the cookie spreads them over the replicas in turn), each
opening its page and making two changes of its own (tests/test_browser_class.py's plans: explorer or
channels), every change issued on all 60 pages before any is awaited. Reported:

- ``replicas_update_ms``: p50/p95/max of the update time, from the change until that session's readout
  shows the new value (timed inside the page, as the class-of-30 test does);
- ``replicas_sessions``: sessions per replica (min, max) and how many showed anything but their own view;
- ``replica_per_session``: what one replica holds per session: its resident memory with its sessions
  open over its idle memory after a warm-up (MB), and the CPU seconds it spent on them (page opened
  and two changes), each divided by its session count; the median over the replicas;
- ``replica_rss_mb_idle``: one replica's memory after the warm-up (median over the replicas).

The sessions open in order and nginx hands them out in turn, so with 3 replicas the channels sessions
(every third) all land on one replica: the per-replica medians are those of an explorer replica.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from benchmark.in_browser import rss_mb, sampled_rss
from deploy.run_replicas import COOKIE, cluster
from tests.browser import free_port, wait_for_app
from tests.test_browser_class import (
    change,
    channels_session,
    explorer_session,
    open_class,
    percentile,
    shown_after_ms,
)
from tests.test_deploy_replicas import own_view_problems

REPLICAS = 3
SESSIONS = 60
VIEWPORT = {"width": 1000, "height": 700}
WAIT_MS = 900_000  # 60 Chromium renderers and 3 servers on a shared 2-core machine


def plan() -> list:
    """60 distinct sessions: a third on the channels page while its padding stays within the control's
    range (1 + n // 3 <= 16: tests/test_browser_class.py's plan was made for 30), the rest on the explorer."""
    return [channels_session(n) if n % 3 == 2 and n < 45 else explorer_session(n) for n in range(SESSIONS)]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def warm_up(browser, url: str) -> None:
    """One session through both pages with a change, straight at one replica (imports, first runs)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    for warm in (explorer_session(SESSIONS), channels_session(SESSIONS)):
        page.goto(f"{url}/{warm.path}")
        wait_for_app(page, grids=2, timeout=WAIT_MS)
        change(page, warm.steps[0])
        shown_after_ms(page)
    context.close()


def replicas_class(browser) -> dict:
    ports = [free_port() for _ in range(REPLICAS + 1)]
    with cluster(REPLICAS, port=ports[0], replica_ports=ports[1:]) as group:
        for replica in group.replicas:
            warm_up(browser, f"http://{replica.address}")
        time.sleep(1)  # the warm-up sessions' last messages
        idle = {r.name: sampled_rss(r.process.pid) for r in group.replicas}
        cpu_before = {r.name: cpu_seconds(r.process.pid) for r in group.replicas}
        peak = dict(idle)

        def sample() -> None:
            for r in group.replicas:
                peak[r.name] = max(peak[r.name], rss_mb(r.process.pid))

        sessions = plan()
        started = time.monotonic()
        try:
            open_class(browser, group.url, sessions, sample, WAIT_MS)
            for index in range(len(sessions[0].steps)):
                for s in sessions:
                    change(s.page, s.steps[index])
                for s in sessions:
                    s.latencies_ms.append(shown_after_ms(s.page))
                    sample()
                for s in sessions:
                    wait_for_app(s.page, timeout=WAIT_MS)
            cpu_after = {r.name: cpu_seconds(r.process.pid) for r in group.replicas}
            held = {r.name: sampled_rss(r.process.pid) for r in group.replicas}
            problems = sum(bool(own_view_problems(s)) for s in sessions)
            homes = [
                next((c["value"] for c in s.context.cookies() if c["name"] == COOKIE), None) for s in sessions
            ]
        finally:
            for s in sessions:
                if s.context is not None:
                    s.context.close()
        elapsed = time.monotonic() - started
    counts = {r: homes.count(r) for r in idle}
    latencies = [ms for s in sessions for ms in s.latencies_ms]
    per_session_mb = [(max(held[r], peak[r]) - idle[r]) / counts[r] for r in idle if counts[r]]
    per_session_cpu = [(cpu_after[r] - cpu_before[r]) / counts[r] for r in idle if counts[r]]
    return {
        "replicas_update_ms": {
            "p50": round(statistics.median(latencies)),
            "p95": round(percentile(latencies, 95)),
            "max": round(max(latencies)),
        },
        "replicas_sessions": {
            "total": SESSIONS,
            "per_replica_min": min(counts.values()),
            "per_replica_max": max(counts.values()),
            "not_own_view": problems,
            "elapsed_s": round(elapsed, 1),
        },
        "replica_per_session": {
            "rss_mb": round(statistics.median(per_session_mb), 2),
            "cpu_s": round(statistics.median(per_session_cpu), 3),
        },
        "replica_rss_mb_idle": round(statistics.median(idle.values()), 1),
    }
