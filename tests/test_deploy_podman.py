"""The image built and served for real with Debian's podman, and a school's server from compose.yaml.

One podman, its storage in a temp folder removed at the end (tests/podman.py), one build shared by both
tests (the layer cache lives for the module): the base ``debian:bookworm-slim`` made offline with
mmdebstrap, then the project's Dockerfile built on it.

- The image runs read-only (a tmpfs for /tmp), as uid 10001, with its base path set through
  ``STREAMLIT_SERVER_BASE_URL_PATH``: its HEALTHCHECK becomes healthy (run by hand: no systemd here),
  headless Chromium opens the explorer through the published port and sees the grid, and once the
  server is stopped (SIGSTOP, the container still running) the health check turns unhealthy. The image's
  size is printed and written to artifacts/deploy/image.json.

Skipped, saying why, only where podman, runc or mmdebstrap is missing or podman cannot run a container.
"""

from __future__ import annotations

import json
import time

import pytest

from tests import podman as engine
from tests.browser import ROOT, free_port, screenshot, wait_for_app

pytestmark = pytest.mark.browser

IMAGE = "convolution-explorer:test"
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
