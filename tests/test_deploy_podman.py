"""The image built and served for real with Debian's podman, and a school's server from compose.yaml.

One podman, its storage in a temp folder removed at the end (tests/podman.py), one build shared by both
tests (the layer cache lives for the module): the base ``debian:bookworm-slim`` made offline with
mmdebstrap, then the project's Dockerfile built on it.

- The image runs read-only (a tmpfs for /tmp), as uid 10001, with its base path set through
  ``STREAMLIT_SERVER_BASE_URL_PATH``: its HEALTHCHECK becomes healthy (run by hand: no systemd here),
  headless Chromium opens the explorer through the published port and sees the grid, and once the
  server is stopped (SIGSTOP, the container still running) the health check turns unhealthy. The image's
  size is printed and written to artifacts/deploy/image.json.
- compose.yaml under ``podman-compose`` (pinned in requirements-dev.txt): 3 replicas and nginx (its image
  built the same way, deploy/nginx.Dockerfile), 6 Chromium sessions, each seeing only its own view and
  all of its requests on the replica its ``ce_replica`` cookie names (tests/test_deploy_replicas.py's
  checks, on nginx's access log read from its container); a replica stopped, its sessions come back on
  another one with their own settings. deploy/compose/nginx.conf is deploy/nginx.conf rendered for
  compose.yaml's replicas.

Skipped, saying why, only where podman, runc or mmdebstrap is missing or podman cannot run a container.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import time

import pytest

from deploy.run_replicas import COMPOSE_NGINX, compose_config, compose_replicas
from tests import podman as engine
from tests.browser import ROOT, free_port, screenshot, wait_for_app
from tests.test_browser_class import change, channels_session, explorer_session, shown_after_ms
from tests.test_deploy_replicas import (
    agent,
    cookie_of,
    last_upstream,
    log_by_session,
    own_view_problems,
    wait_until,
)

pytestmark = pytest.mark.browser

IMAGE = "convolution-explorer:latest"  # the name compose.yaml gives it
NGINX_IMAGE = "convolution-explorer-nginx:latest"
PROJECT = "ce-class-test"
SESSIONS = 6
VIEWPORT = {"width": 1000, "height": 700}
REPORT = ROOT / "artifacts" / "deploy" / "image.json"
WAIT_MS = 180_000


@pytest.fixture(scope="module")
def podman():
    if missing := engine.missing_tools():
        pytest.skip(
            f"podman cannot run here: {', '.join(missing)} not installed (scripts/test.sh installs them)"
        )
    instance = engine.Podman.create()
    try:
        timings = {"base_s": instance.import_base()}
        if problem := instance.problem():
            pytest.skip(f"podman cannot run a container here: {problem}")
        timings["build_s"] = instance.build(IMAGE, ROOT)
        instance.timings = timings
        yield instance
    finally:
        instance.remove()


def report(**values) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    REPORT.write_text(json.dumps(old | values, indent=2) + "\n")


def test_the_image_serves_read_only_as_10001_healthy_then_unhealthy_when_the_server_stops(podman, browser):
    size = podman.size(IMAGE)
    report(image=IMAGE, size_bytes=size, size_gb=round(size / 1e9, 2), **podman.timings)
    print(f"\nimage {IMAGE}: {size / 1e9:.2f} GB; base {podman.timings['base_s']:.0f} s, "
          f"build {podman.timings['build_s']:.0f} s")  # fmt: skip
    port, name = free_port(), "ce-image-test"
    podman(
        "run", "--detach", "--name", name, "--read-only", "--tmpfs", "/tmp", "--user", "10001:10001",
        "--env", "STREAMLIT_SERVER_BASE_URL_PATH=class-7b", "--publish", f"127.0.0.1:{port}:8501", IMAGE,
    )  # fmt: skip
    try:
        started = time.monotonic()
        podman.wait_health(name, "healthy")
        inspect = json.loads(podman("inspect", name).stdout)[0]
        assert inspect["HostConfig"]["ReadonlyRootfs"] is True
        assert podman("exec", name, "id", "-u").stdout.strip() == "10001"
        assert podman("exec", name, "touch", "/app/written", check=False).returncode != 0  # read-only
        assert podman("exec", name, "touch", "/tmp/written", check=False).returncode == 0  # the tmpfs
        torch = podman(
            "exec", name, "python", "-c", "import sys, torch; print(sys.version_info[:2], torch.__version__)"
        )
        assert torch.stdout.split() == ["(3,", "11)", "2.13.0+cpu"], torch.stdout

        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/class-7b/explorer", timeout=WAIT_MS)
            wait_for_app(page, grids=1, timeout=WAIT_MS)
            grid = page.locator('[data-component="grid"]').first  # in the component's shadow root
            grid.wait_for(state="visible", timeout=WAIT_MS)
            assert grid.locator(".cell").count() > 0
            screenshot(page, "deploy-image-explorer")
        finally:
            context.close()

        # the server stops (the container stays up): the image's own check, run by hand, turns unhealthy
        # once its failures are past the 60 s start period and three in a row
        podman("kill", "--signal", "STOP", name)
        runs = podman.wait_health(name, "unhealthy")
        assert runs >= 3 and time.monotonic() - started > 60
        podman("kill", "--signal", "CONT", name)
        podman.wait_health(name, "healthy")
    finally:
        podman("rm", "--force", "--time", "0", name, check=False)


def test_the_compose_nginx_config_is_the_template_rendered_for_compose_replicas():
    replicas = compose_replicas()
    assert [r.name for r in replicas] == ["r0", "r1", "r2"]
    assert len({r.host for r in replicas}) == 3
    assert COMPOSE_NGINX.read_text() == compose_config(), "run: python deploy/run_replicas.py --compose"


def compose(podman, *args: str, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    command = ["podman-compose", "--project-name", PROJECT, "--file", str(ROOT / "compose.yaml"), *args]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def containers(podman) -> dict[str, str]:
    """compose service -> container name, for this project's containers."""
    out = podman("ps", "--all", "--filter", f"label=io.podman.compose.project={PROJECT}", "--format",
                 '{{.Names}} {{index .Labels "com.docker.compose.service"}}').stdout  # fmt: skip
    return {service: name for name, service in (line.split() for line in out.splitlines())}


def test_compose_three_replicas_behind_nginx_each_session_on_its_own_and_back_after_one_stops(
    podman, browser, tmp_path
):
    podman.timings["nginx_build_s"] = podman.build(NGINX_IMAGE, ROOT, "deploy/nginx.Dockerfile")
    port = free_port()
    env = podman.env | {"CE_COOKIE_SECRET": secrets.token_hex(32), "CE_LISTEN": f"127.0.0.1:{port}"}
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    compose(podman, "up", "--detach", "--no-build", env=env)
    sessions = []
    try:
        names = containers(podman)
        assert set(names) == {"app-0", "app-1", "app-2", "nginx"}, names
        for service in ("app-0", "app-1", "app-2"):
            podman.wait_health(names[service], "healthy")
        for name in names.values():  # what compose.yaml asks of the app containers
            config = json.loads(podman("inspect", name).stdout)[0]
            if name != names["nginx"]:
                assert (
                    config["HostConfig"]["ReadonlyRootfs"] is True
                    and config["Config"]["User"] == "10001:10001"
                )
        report(compose_up_healthy_s=round(time.monotonic() - started, 1))

        sessions = [channels_session(n) if n % 3 == 2 else explorer_session(n) for n in range(SESSIONS)]
        for s in sessions:
            s.context = browser.new_context(viewport=VIEWPORT, user_agent=agent(s.n))
            s.page = s.context.new_page()
        for s in sessions:
            s.page.goto(f"{url}/{s.path}", wait_until="commit", timeout=WAIT_MS)
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

        log = tmp_path / "access.log"

        def read_log():
            log.write_text(
                podman("exec", names["nginx"], "cat", "/var/lib/convolution-explorer/access.log").stdout
            )
            return log_by_session(log)

        replicas = {r.address: r.name for r in compose_replicas()}
        service_of = {r.name: f"app-{r.name[1:]}" for r in compose_replicas()}
        home = {}
        logs = read_log()
        for s in sessions:
            upstreams = {last_upstream(line) for line in logs[s.n]}
            assert len(upstreams) == 1, (s.n, upstreams)
            home[s.n] = replicas[upstreams.pop()]
            assert cookie_of(s) == home[s.n], (s.n, cookie_of(s), home[s.n])
            assert all(line["cookie"] == home[s.n] for line in logs[s.n][1:]), (s.n, logs[s.n][:3])
        spread = {name: sorted(n for n, h in home.items() if h == name) for name in replicas.values()}
        assert all(spread.values()), spread
        print("\nsessions by replica:", spread)

        # the replica holding session 1 stops: its sessions reconnect to another, with their own settings
        gone = home[sessions[1].n]
        moved = [s for s in sessions if home[s.n] == gone]
        podman("stop", "--time", "10", names[service_of[gone]])
        for s in moved:
            wait_until(lambda s=s: cookie_of(s) not in (None, gone), timeout=180, what=f"session {s.n} moved")
            wait_for_app(s.page, grids=2, timeout=WAIT_MS)
        problems = [p for s in moved for p in own_view_problems(s)]
        assert problems == [], "\n".join(problems)
        assert all(cookie_of(s) == home[s.n] for s in sessions if s not in moved)
        assert all(cookie_of(s) in replicas.values() for s in moved)
    finally:
        for s in sessions:
            if s.context is not None:
                s.context.close()
        compose(podman, "down", "--timeout", "5", env=env)
        report(**podman.timings)
