"""requirements.txt resolves under Community Cloud's installer (uv, default index strategy) and under pip,
to a CPU-only torch, against loopback stand-ins for PyPI and the PyTorch CPU index (tests/package_index.py).

The test copies requirements.txt with the CPU index's address rewritten to the stand-in's; nothing
leaves the machine. It first checks that the stand-in reproduces the failure issue 21 reported (the
CPU index given as an extra index: uv takes numpy from it, finds only 2.3.5, and gives up), so a green
run means the stand-in is still faithful, not merely lenient.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests import package_index

ROOT = package_index.ROOT
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TIMEOUT = 300


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    root = tmp_path_factory.mktemp("indexes")
    package_index.build(root, package_index.requirement_lines(ROOT / "requirements.txt"))
    with package_index.serve(root) as url:
        yield url


def _copy(tmp_path, text: str, base: str):
    """``text`` with every address on the CPU index moved to the stand-in's, written to a temp file."""
    assert CPU_INDEX in text, "the requirements no longer name the PyTorch CPU index: update this test"
    path = tmp_path / "requirements.txt"
    path.write_text(text.replace(CPU_INDEX, f"{base}/whl/cpu"))
    return path


def _clean_env() -> dict[str, str]:
    """No pip or uv settings from this machine (its local wheel folder and indexes, its pip.conf)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    env.update(UV_PYTHON_DOWNLOADS="never", UV_NO_CONFIG="1", PIP_CONFIG_FILE=os.devnull)
    return env


def _uv_compile(requirements, base: str, python: str, cache) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "uv", "pip", "compile", str(requirements), "--no-config", "--no-header",
        "--cache-dir", str(cache), "--python", sys.executable, "--python-version", python,
        "--python-platform", "x86_64-manylinux_2_28", "--index-url", f"{base}/pypi/simple",
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=_clean_env())


def _pins(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] for m in re.finditer(r"(?m)^([A-Za-z0-9_.-]+)==(\S+)", text)}


def _check(resolved: dict[str, str]) -> None:
    """The resolution holds a CPU-only torch, every pin of requirements.txt, and nothing from CUDA."""
    assert resolved.get("torch") == f"{package_index.TORCH}+cpu", resolved
    assert not [name for name in resolved if name.startswith("nvidia")], resolved
    for line in package_index.requirement_lines(ROOT / "requirements.txt"):
        name, version = line.split(";")[0].split("==")
        assert resolved.get(name.strip().lower()) == version.strip(), (line, resolved)


def test_the_stand_in_reproduces_the_extra_index_failure(indexes, tmp_path):
    lines = package_index.requirement_lines(ROOT / "requirements.txt")
    old = _copy(tmp_path, "\n".join([f"--extra-index-url {CPU_INDEX}", *lines]) + "\n", indexes)
    result = _uv_compile(old, indexes, "3.12", tmp_path / "cache")
    assert result.returncode != 0, result.stdout
    assert re.search(
        r"`?numpy`? was found on \S*/whl/cpu, but not at the requested version", result.stderr
    ), result.stderr


@pytest.mark.parametrize("python", package_index.PYTHONS)
def test_uv_resolves_with_its_default_index_strategy(indexes, tmp_path, python):
    requirements = _copy(tmp_path, (ROOT / "requirements.txt").read_text(), indexes)
    result = _uv_compile(requirements, indexes, python, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    _check(_pins(result.stdout))


def test_uv_pip_install_as_the_installer_runs_it(indexes, tmp_path):
    """``uv pip install -r requirements.txt`` into a fresh environment of this Python (a dry run)."""
    requirements = _copy(tmp_path, (ROOT / "requirements.txt").read_text(), indexes)
    uv = [sys.executable, "-m", "uv"]
    venv = tmp_path / "venv"
    cache = ["--cache-dir", str(tmp_path / "cache")]
    made = subprocess.run([*uv, "venv", "--no-config", *cache, "--python", sys.executable, str(venv)],
                          capture_output=True, text=True, timeout=TIMEOUT, env=_clean_env())  # fmt: skip
    assert made.returncode == 0, made.stderr
    command = [
        *uv, "pip", "install", "--no-config", *cache, "--dry-run", "--python", str(venv / "bin" / "python"),
        "--index-url", f"{indexes}/pypi/simple", "-r", str(requirements),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=_clean_env())
    assert result.returncode == 0, result.stderr
    _check({m[1].lower(): m[2] for m in re.finditer(r"(?m)^ \+ ([A-Za-z0-9_.-]+)==(\S+)", result.stderr)})


@pytest.mark.parametrize("python", package_index.PYTHONS)
def test_pip_resolves(indexes, tmp_path, python):
    requirements = _copy(tmp_path, (ROOT / "requirements.txt").read_text(), indexes)
    report = tmp_path / "report.json"
    command = [
        sys.executable, "-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed", "--quiet",
        "--report", str(report), "--no-cache-dir", "--index-url", f"{indexes}/pypi/simple",
        "--python-version", python, "--only-binary=:all:", "--platform", "manylinux_2_28_x86_64",
        "--target", str(tmp_path / "target"), "-r", str(requirements),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=_clean_env())
    assert result.returncode == 0, result.stderr
    installs = json.loads(report.read_text())["install"]
    _check({item["metadata"]["name"].lower(): item["metadata"]["version"] for item in installs})


def test_every_requirement_is_pinned_and_no_extra_index_is_named():
    """An extra index is what uv's first-index rule trips on; the CPU wheels come in as links."""
    text = (ROOT / "requirements.txt").read_text()
    assert not re.search(r"(?m)^\s*--(extra-)?index-url", text)
    for line in package_index.requirement_lines(ROOT / "requirements.txt"):
        assert "==" in line, line


def test_the_stand_in_builds_without_this_machines_wheel_file(tmp_path, monkeypatch):
    """On a machine without the local wheel, the installed torch's metadata stands in for both Pythons."""
    monkeypatch.setattr(package_index, "local_torch_wheel", lambda: None)
    package_index.build(tmp_path, package_index.requirement_lines(ROOT / "requirements.txt"))
    page = (tmp_path / "whl" / "cpu" / "torch" / "index.html").read_text()
    for python in package_index.PYTHONS:
        tag = python.replace(".", "")
        assert f"torch-2.13.0%2Bcpu-cp{tag}-cp{tag}-manylinux_2_28_x86_64.whl" in page
