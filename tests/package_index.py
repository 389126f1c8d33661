"""Two package indexes on loopback, built from what is on this machine, for the installer tests.

``/pypi/simple/`` stands in for PyPI and ``/whl/cpu/`` for the PyTorch CPU index (same layout as the
real one: a simple index whose ``torch/`` page links the wheels by absolute path, with ``+`` written
``%2B``). Nothing is downloaded: PyPI's packages are wheels made of nothing but the metadata of the
distributions installed here (name, version, dependencies: all a resolver reads); the CPU index holds
this machine's real ``torch-2.13.0+cpu`` wheel (its metadata, and the file itself for cp311; on a machine
without that file, the installed torch's metadata for both Pythons) and older
releases of packages the real CPU index also hosts (numpy 2.3.5, ...). PyPI's stand-in also lists
``torch 2.13.0``, the CUDA build, which pulls an ``nvidia-*`` package, as on PyPI.

Every wheel is announced with its metadata file (PEP 658), so uv and pip resolve without fetching one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import re
import sys
import threading
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
TORCH = "2.13.0"
# (python, platform) the installer may run on: Community Cloud (3.12) and a fresh machine (3.11)
PYTHONS = ("3.11", "3.12")
# older releases that the real CPU index hosts beside torch (it mirrors torch's dependencies)
CPU_INDEX_EXTRAS = {"numpy": "2.3.5", "pillow": "11.3.0", "typing-extensions": "4.12.2", "filelock": "3.13.1"}


def local_torch_wheel() -> Path | None:
    """This machine's ``torch-2.13.0+cpu`` wheel: pip's find-links folder (``pip config list``), if any."""
    for folder in (Path("/opt/wheels"), *Path("/opt").glob("*wheels*")):
        for wheel in sorted(folder.glob(f"torch-{TORCH}+cpu-*.whl")):
            return wheel
    return None


def torch_metadata(wheel: Path | None) -> str:
    """torch 2.13.0+cpu's METADATA: from the wheel, or else from the installed torch (the same file)."""
    if wheel is not None:
        with zipfile.ZipFile(wheel) as archive:
            member = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            return archive.read(member).decode()
    installed = metadata.distribution("torch")
    if installed.version != f"{TORCH}+cpu":
        raise FileNotFoundError(f"neither a torch-{TORCH}+cpu wheel nor that torch installed here")
    return installed.read_text("METADATA") or ""


def requirement_lines(path: Path) -> list[str]:
    """The requirements of a requirements file, without its options and comments."""
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if line and not line.startswith(("#", "-")):
            lines.append(line)
    return lines


def closure(requirements: list[str]) -> dict[str, metadata.Distribution]:
    """Every installed distribution these requirements reach, on Linux x86_64 under each of PYTHONS."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    pending = [(Requirement(line), "") for line in requirements]
    while pending:
        requirement, extra = pending.pop()
        name = canonicalize_name(requirement.name)
        if requirement.marker and not any(
            requirement.marker.evaluate(_environment(python, extra)) for python in PYTHONS
        ):
            continue
        if (name, frozenset(requirement.extras)) in seen:
            continue
        seen.add((name, frozenset(requirement.extras)))
        if name == "torch":  # torch's metadata comes from the wheel; its dependencies are walked there
            continue
        found.setdefault(name, metadata.distribution(name))
        for dependency in found[name].requires or []:
            for each in ("", *sorted(requirement.extras)):
                pending.append((Requirement(dependency), each))
    return found


def _environment(python: str, extra: str) -> dict[str, str]:
    return {
        "python_version": python, "python_full_version": f"{python}.0", "sys_platform": "linux",
        "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
        "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": extra,
    }  # fmt: skip


def _wheel_name(name: str, version: str, tag: str) -> str:
    return f"{re.sub(r'[-_.]+', '_', name).lower()}-{version.replace('-', '_')}-{tag}.whl"


def _set_version(text: str, version: str) -> str:
    return re.sub(r"(?m)^Version: .*$", f"Version: {version}", text, count=1)


def _write_wheel(folder: Path, name: str, version: str, tag: str, meta: str) -> Path:
    """A wheel holding only its dist-info (METADATA, WHEEL, RECORD), and its PEP 658 metadata file."""
    wheel = folder / _wheel_name(name, version, tag)
    info = f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(f"{info}/METADATA", meta)
        archive.writestr(
            f"{info}/WHEEL", f"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: {tag}\n"
        )
        archive.writestr(f"{info}/RECORD", "")
    Path(f"{wheel}.metadata").write_text(meta)
    return wheel


def _link(href: str, wheel: Path, meta: Path) -> str:
    """An anchor announcing the wheel's metadata file (PEP 658), so no resolver needs the wheel itself."""
    meta_hash = hashlib.sha256(meta.read_bytes()).hexdigest()
    return (
        f'<a href="{href}" data-dist-info-metadata="sha256={meta_hash}" '
        f'data-core-metadata="sha256={meta_hash}">{wheel.name}</a>'
    )


def _page(links: list[str]) -> str:
    return "<!DOCTYPE html><html><body>\n" + "\n".join(links) + "\n</body></html>\n"


def build(root: Path, requirements: list[str]) -> None:
    """Lay both indexes out under ``root``."""
    torch_wheel = local_torch_wheel()
    torch_meta = torch_metadata(torch_wheel)
    projects: dict[str, list[str]] = {}

    files = root / "pypi" / "files"
    files.mkdir(parents=True)
    torch_requires = Parser().parsestr(torch_meta).get_all("Requires-Dist") or []
    for name, dist in closure(requirements + torch_requires).items():
        meta = dist.read_text("METADATA") or ""
        wheel = _write_wheel(files, dist.metadata["Name"], dist.version, "py3-none-any", meta)
        projects.setdefault(name, []).append(
            _link(f"../../files/{wheel.name}", wheel, Path(f"{wheel}.metadata"))
        )
    # PyPI's torch: the same release without "+cpu", the CUDA build, which depends on nvidia-* wheels
    for python in PYTHONS:
        tag = f"cp{python.replace('.', '')}-cp{python.replace('.', '')}-manylinux_2_28_x86_64"
        cuda_meta = _set_version(torch_meta, TORCH).replace(
            "Requires-Dist:",
            "Requires-Dist: nvidia-cublas==13.0.0; platform_system == 'Linux'\nRequires-Dist:",
            1,
        )
        wheel = _write_wheel(files, "torch", TORCH, tag, cuda_meta)
        projects.setdefault("torch", []).append(
            _link(f"../../files/{wheel.name}", wheel, Path(f"{wheel}.metadata"))
        )
    wheel = _write_wheel(
        files, "nvidia-cublas", "13.0.0", "py3-none-manylinux_2_28_x86_64", _meta("nvidia-cublas", "13.0.0")
    )
    projects["nvidia-cublas"] = [_link(f"../../files/{wheel.name}", wheel, Path(f"{wheel}.metadata"))]
    _write_simple(root / "pypi" / "simple", projects)

    # the CPU index: /whl/cpu/<project>/ pages linking /whl/cpu/<file>, as the real one does
    cpu = root / "whl" / "cpu"
    cpu.mkdir(parents=True)
    cpu_projects: dict[str, list[str]] = {"torch": []}
    if torch_wheel is not None:  # the real file, served as it is
        real = cpu / torch_wheel.name
        real.symlink_to(torch_wheel)
        Path(f"{real}.metadata").write_text(torch_meta)
        cpu_projects["torch"].append(
            _link(f"/whl/cpu/{real.name.replace('+', '%2B')}", real, Path(f"{real}.metadata"))
        )
    for python in PYTHONS:
        tag = f"cp{python.replace('.', '')}-cp{python.replace('.', '')}-manylinux_2_28_x86_64"
        if torch_wheel is not None and tag in torch_wheel.name:
            continue
        wheel = _write_wheel(cpu, "torch", f"{TORCH}+cpu", tag, torch_meta)
        cpu_projects["torch"].append(
            _link(f"/whl/cpu/{wheel.name.replace('+', '%2B')}", wheel, Path(f"{wheel}.metadata"))
        )
    for name, version in CPU_INDEX_EXTRAS.items():
        wheel = _write_wheel(cpu, name, version, "py3-none-any", _meta(name, version))
        cpu_projects[name] = [_link(f"/whl/cpu/{wheel.name}", wheel, Path(f"{wheel}.metadata"))]
    _write_simple(cpu, cpu_projects)


def _meta(name: str, version: str) -> str:
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"


def _write_simple(folder: Path, projects: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, links in projects.items():
        (folder / name).mkdir(exist_ok=True)
        (folder / name / "index.html").write_text(_page(links))
    (folder / "index.html").write_text(_page([f'<a href="{n}/">{n}</a>' for n in sorted(projects)]))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path):
    """Serve ``root`` on a free loopback port in a thread; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(root))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


if __name__ == "__main__":  # lay the indexes out in a folder to try by hand
    build(Path(sys.argv[1]), requirement_lines(ROOT / "requirements.txt"))
