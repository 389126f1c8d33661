"""Debian's podman (with runc), on this machine, with all of its state in one temp folder.

Shared by tests/test_deploy_podman.py (the image and the compose file) and the capacity benchmark.
Nothing is pulled: the base image ``debian:bookworm-slim`` is made offline from Debian's archive
(``mmdebstrap --variant=minbase bookworm``) and ``podman import``-ed under that name.

What this machine needs, and why (README, "Deployment"):
- ``runtime = "runc"``: crun refuses this kernel's hybrid cgroups;
- ``default_ulimits``: root here cannot raise the limits podman asks for by default;
- the host's CA bundle and pip configuration mounted read-only into the build: pip reaches the package
  registries through an HTTPS proxy whose authority is only in the host's store, and the CPU torch wheel
  comes from where the host's pip configuration says; ``retries = 1`` (a cold build took 9 min with pip's
  default retries, 2 min with one: the PyTorch page is out of reach here);
- ``--format docker``: podman's default OCI image format has no HEALTHCHECK;
- no systemd, so podman schedules no health checks: ``podman healthcheck run`` is run by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BASE = "debian:bookworm-slim"
CONTAINERS_CONF = """\
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
events_logger = "file"
tmp_dir = "{root}/libpod"

[network]
network_config_dir = "{root}/networks"
"""
STORAGE_CONF = """\
[storage]
driver = "overlay"
graphroot = "{root}/storage"
runroot = "{root}/run"
"""
HOST_CA = "/run/host-ca/ca-certificates.crt"  # where the build sees the host's CA bundle


def missing_tools() -> list[str]:
    return [tool for tool in ("podman", "runc", "mmdebstrap") if shutil.which(tool) is None]


@dataclass
class Podman:
    """``podman`` with its configuration, storage, run state and networks under ``root``."""

    root: Path

    @classmethod
    def create(cls) -> Podman:
        root = Path(tempfile.mkdtemp(prefix="podman-", dir="/var/tmp"))
        (root / "containers.conf").write_text(CONTAINERS_CONF.format(root=root))
        (root / "storage.conf").write_text(STORAGE_CONF.format(root=root))
        (root / "networks").mkdir()
        return cls(root)

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "CONTAINERS_CONF": str(self.root / "containers.conf"),
            "CONTAINERS_STORAGE_CONF": str(self.root / "storage.conf"),
        }

    def __call__(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["podman", *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"podman {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result

    def problem(self) -> str | None:
        """Why podman cannot run containers here, or None."""
        result = self("run", "--rm", "--network", "none", BASE, "true", check=False, timeout=120)
        return None if result.returncode == 0 else (result.stderr or result.stdout).strip()[-1500:]

    def import_base(self) -> float:
        """Make ``debian:bookworm-slim`` offline from Debian's archive; return the seconds it took."""
        started = time.monotonic()
        tarball = self.root / "base.tar"
        subprocess.run(
            ["mmdebstrap", "--variant=minbase", "--quiet", "bookworm", str(tarball)],
            check=True, capture_output=True, timeout=900,
        )  # fmt: skip
        self("import", str(tarball), BASE, timeout=300)
        tarball.unlink()
        return time.monotonic() - started

    def build(self, tag: str, context: Path, dockerfile: str = "Dockerfile") -> float:
        """``podman build`` with the host's CA bundle and pip configuration mounted; return its seconds."""
        started = time.monotonic()
        volumes = [f"{path}:{target}:ro" for path, target in build_mounts(self.root)]
        args = ["build", "--format", "docker", "--layers", "--pull=never", "-f", dockerfile, "-t", tag]
        self(*args, *(f"--volume={v}" for v in volumes), str(context), timeout=1800)
        return time.monotonic() - started

    def size(self, image: str) -> int:
        return int(self("image", "inspect", "--format", "{{.Size}}", image).stdout.strip())

    def health(self, container: str) -> str:
        return self("inspect", "--format", "{{.State.Health.Status}}", container).stdout.strip()

    def wait_health(self, container: str, status: str, timeout: float = 300) -> int:
        """Run the container's health check by hand until podman records ``status``; return the runs."""
        deadline, runs = time.monotonic() + timeout, 0
        while True:
            self("healthcheck", "run", container, check=False, timeout=60)
            runs += 1
            if self.health(container) == status:
                return runs
            state = self("inspect", "--format", "{{.State.Status}}", container).stdout.strip()
            if state != "running" or time.monotonic() > deadline:
                logs = self("logs", container, check=False).stdout[-3000:]
                raise AssertionError(
                    f"{container} is {state}, health {self.health(container)}, not {status}:\n{logs}"
                )
            time.sleep(1)

    def remove(self) -> None:
        """Every container, image and layer, then the folder."""
        self("rm", "--all", "--force", "--time", "0", check=False, timeout=300)
        self("system", "reset", "--force", check=False, timeout=300)
        shutil.rmtree(self.root, ignore_errors=True)


def pip_settings() -> dict[str, str]:
    """The host's pip configuration (``pip config list``): key -> value, the ``global`` section's."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True, timeout=60
    ).stdout
    settings = {}
    for line in out.splitlines():
        key, _, value = line.partition("=")
        if key.startswith("global.") and value:
            settings[key.removeprefix("global.")] = value.strip().strip("'\"")
    return settings


def host_ca_bundle() -> str | None:
    for candidate in (
        os.environ.get("PIP_CERT"),
        pip_settings().get("cert"),
        os.environ.get("REQUESTS_CA_BUNDLE"),
        os.environ.get("SSL_CERT_FILE"),
        "/etc/ssl/certs/ca-certificates.crt",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def build_mounts(root: Path) -> list[tuple[str, str]]:
    """(host path, path in the build) to mount read-only: a pip.conf made from the host's (its CA bundle
    moved to HOST_CA, where Debian's ca-certificates does not write, and ``retries = 1``), and every local
    folder or file it names (wheel folders, file:// indexes, constraints) at the same path."""
    settings = {k: v for k, v in pip_settings().items() if k != "cert"}
    mounts = []
    if bundle := host_ca_bundle():
        mounts.append((bundle, HOST_CA))
        settings["cert"] = HOST_CA
    settings["retries"] = "1"
    for value in settings.values():
        for word in value.split():
            path = word.removeprefix("file://")
            if path.startswith("/") and path != HOST_CA and Path(path).exists():
                # an index's /simple folder links to files beside it: mount its parent
                shown = Path(path).parent if Path(path).name == "simple" else Path(path)
                mounts.append((str(shown), str(shown)))
    conf = root / "pip.conf"
    conf.write_text("[global]\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))
    return [(str(conf), "/etc/pip.conf"), *dict.fromkeys(mounts)]
