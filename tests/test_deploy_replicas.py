"""A class over 3 replicas behind nginx (deploy/run_replicas.py): every session stays on its replica.

Three ``streamlit run`` replicas and Debian's nginx on loopback, 12 Chromium contexts at once, each
with its own user agent (``class-session-NN``), which nginx's access log records with the replica that
answered every request (``$upstream_addr``) and the ``ce_replica`` cookie the request carried. Each
session drives its own settings (tests/test_browser_class.py's plans: a bias, padding or channel count
of its own), every change issued on all pages before any is awaited. Then:

- each session shows only its own result and address bar (no cross-talk between sessions, nor replicas);
- all of a session's requests, page, assets and websocket (``/_stcore/stream``) alike, went to one
  replica, the one its cookie names, and the class was spread over all three;
- a reload stays on that replica;
- when a replica is stopped, its sessions reconnect through nginx to another one (a backup) on their
  own, show their own settings again (they are in the address), and their cookie follows.
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.parse
from collections import defaultdict

import pytest

from deploy.run_replicas import COOKIE, Replica, cluster, nginx_binary, render
from tests.browser import exceptions, free_port, wait_for_app
from tests.test_browser_class import (
    ERROR_ALERT,
    TOAST,
    change,
    channels_session,
    explorer_session,
    shown_after_ms,
)

pytestmark = pytest.mark.browser

REPLICAS = 3
SESSIONS = 12
VIEWPORT = {"width": 1000, "height": 700}
WAIT_MS = 300_000
LINE = re.compile(
    r'^\S+ "(?P<agent>[^"]*)" cookie=(?P<cookie>\S+) route=\S+ upstream=(?P<upstream>.*) (?P<status>\d{3}) "(?P<request>[^"]*)"$'
)


def agent(n: int) -> str:
    return f"Mozilla/5.0 (X11; Linux x86_64) class-session-{n:02d}"


def log_by_session(path) -> dict[int, list[dict]]:
    """The access log's lines, by the session number in their user agent."""
    lines = defaultdict(list)
    for raw in path.read_text().splitlines():
        match = LINE.match(raw)
        found = match and re.search(r"class-session-(\d+)", match["agent"])
        if found:
            lines[int(found[1])].append(match.groupdict())
    return lines


def last_upstream(line: dict) -> str:
    return line["upstream"].split(",")[-1].strip()


def wait_until(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def own_view_problems(s) -> list[str]:
    """What session ``s`` shows that is not its own last result (or is an error)."""
    problems = []
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
    if errors := s.page.locator(ERROR_ALERT).all_inner_texts() + s.page.locator(TOAST).all_inner_texts():
        problems.append(f"session {s.n}: errors {errors}")
    return problems


def cookie_of(s) -> str | None:
    return next((c["value"] for c in s.context.cookies() if c["name"] == COOKIE), None)


@pytest.mark.parametrize("count", [1, 2, 5])
def test_the_rendered_config_passes_nginx_own_check(tmp_path, count):
    replicas = [Replica(f"r{i}", 9000 + i) for i in range(count)]
    (tmp_path / "temp").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(render(replicas, "127.0.0.1:9999", tmp_path))
    command = [
        nginx_binary(),
        "-t",
        "-p",
        str(tmp_path),
        "-c",
        str(config),
        "-e",
        str(tmp_path / "error.log"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    text = config.read_text()
    assert not re.search(r"@[A-Z]+@", text)  # every field filled in
    for replica in replicas:  # its own group, the others its backups, and a route from the cookie
        others = [r for r in replicas if r is not replica]
        assert f"upstream ce_{replica.name} {{\n        server {replica.address};\n" in text
        assert all(f"server {r.address} backup;" in text for r in others)
        assert f"        {replica.name} ce_{replica.name};" in text


def test_the_benchmark_part_is_selectable_but_not_in_all_and_its_sessions_are_distinct_and_valid():
    import json

    from benchmark import replicas, run

    assert "replicas" in run.CLASS_PARTS and "replicas" not in run.GROUPS["all"]
    sessions = replicas.plan()
    assert len(sessions) == replicas.SESSIONS == 60
    assert len({json.dumps([s.path, s.query], sort_keys=True) for s in sessions}) == 60
    # every value a session types is within its control's range (padding 0..16)
    assert all(0 <= int(s.query[k]) <= 16 for s in sessions for k in s.query if "padding" in k)


@pytest.fixture(scope="module")
def replicas():
    ports = [free_port() for _ in range(REPLICAS + 1)]
    with cluster(REPLICAS, port=ports[0], replica_ports=ports[1:]) as group:
        yield group


def test_twelve_sessions_over_three_replicas_each_stay_on_their_own(replicas, browser):
    sessions = [channels_session(n) if n % 3 == 2 else explorer_session(n) for n in range(SESSIONS)]
    moved, home, cookie_after = [], {}, {}
    try:
        for s in sessions:
            s.context = browser.new_context(viewport=VIEWPORT, user_agent=agent(s.n))
            s.page = s.context.new_page()
        for s in sessions:
            s.page.goto(f"{replicas.url}/{s.path}", wait_until="commit", timeout=WAIT_MS)
        for s in sessions:
            wait_for_app(s.page, grids=2, timeout=WAIT_MS)
        for index in range(len(sessions[0].steps)):
            for s in sessions:  # every change goes out before any is awaited
                change(s.page, s.steps[index])
            for s in sessions:
                s.latencies_ms.append(shown_after_ms(s.page))
            for s in sessions:
                wait_for_app(s.page, timeout=WAIT_MS)
        problems = [p for s in sessions for p in own_view_problems(s)]
        assert problems == [], "\n".join(problems)

        # every session's requests went to one replica: the one its cookie names
        names = {r.address: r.name for r in replicas.replicas}
        logs = log_by_session(replicas.access_log)
        for s in sessions:
            lines = logs[s.n]
            upstreams = {last_upstream(line) for line in lines}
            assert len(upstreams) == 1, (s.n, upstreams)
            home[s.n] = names[upstreams.pop()]
            assert cookie_of(s) == home[s.n], (s.n, cookie_of(s), home[s.n])
            assert all(line["cookie"] == home[s.n] for line in lines[1:]), (s.n, lines[:3])
        spread = {name: sorted(n for n, h in home.items() if h == name) for name in names.values()}
        assert all(spread.values()), spread  # all three replicas hold part of the class
        print("\nsessions by replica:", spread)

        # a reload stays on its replica and shows the same settings
        first = sessions[0]
        first.page.reload()
        wait_for_app(first.page, grids=2, timeout=WAIT_MS)
        assert own_view_problems(first) == []
        assert {last_upstream(line) for line in log_by_session(replicas.access_log)[first.n]} == {
            r.address for r in replicas.replicas if r.name == home[first.n]
        }

        # the replica holding session 1 stops: its sessions reconnect to another, with their own settings
        gone = next(r for r in replicas.replicas if r.name == home[sessions[1].n])
        moved += [s for s in sessions if home[s.n] == gone.name]
        gone.process.terminate()
        gone.process.wait(timeout=30)
        for s in moved:
            wait_until(
                lambda s=s: cookie_of(s) not in (None, gone.name), timeout=120, what=f"session {s.n} moved"
            )
            wait_for_app(s.page, grids=2, timeout=WAIT_MS)
        problems = [p for s in moved for p in own_view_problems(s)]
        assert problems == [], "\n".join(problems)
        cookie_after = {s.n: cookie_of(s) for s in sessions}
        assert all(cookie_after[s.n] == home[s.n] for s in sessions if s not in moved), cookie_after
    finally:
        for s in sessions:
            if s.context is not None:
                s.context.close()
    # closed websockets are logged when they end: each session's stream went to its replica
    wait_until(
        lambda: all(any("/_stcore/stream" in line["request"] for line in log_by_session(replicas.access_log)[s.n])
                    for s in sessions),
        timeout=60, what="the websockets' log lines",
    )  # fmt: skip
    logs = log_by_session(replicas.access_log)
    addresses = {r.name: r.address for r in replicas.replicas}
    for s in sessions:
        streams = [line for line in logs[s.n] if "/_stcore/stream" in line["request"]]
        assert streams and all(line["status"] == "101" for line in streams), (s.n, streams)
        upstreams = [last_upstream(line) for line in streams]
        if s in moved:  # its replica, then the one it moved to
            assert upstreams[0] == addresses[home[s.n]] and upstreams[-1] == addresses[cookie_after[s.n]]
        else:
            assert set(upstreams) == {addresses[home[s.n]]}, (s.n, streams)
