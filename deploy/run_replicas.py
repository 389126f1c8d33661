"""A class that outgrows one process: N replicas of the app behind Debian's nginx, sticky by cookie.

    python deploy/run_replicas.py                      # 3 replicas behind http://127.0.0.1:8080
    python deploy/run_replicas.py --replicas 4 --port 8500 --first-port 8601
    python deploy/run_replicas.py --print-config       # the nginx.conf it would run, and exit
    python deploy/run_replicas.py --compose            # write deploy/compose/nginx.conf for compose.yaml

It starts each replica (``streamlit run app.py`` on 127.0.0.1, ports first-port, first-port + 1, ...),
waits for each one's health check, renders deploy/nginx.conf into a run folder and starts nginx in the
foreground of that folder (its pid, logs and temp files there, nothing under /etc or /var), waits until
the app answers through it, and stops them all on Ctrl-C or SIGTERM. Every replica shares one cookie
secret (Streamlit signs its cookies with it), so a student moved to another replica keeps a valid one.

Everything listens on loopback unless ``--listen`` says otherwise. ``cluster()`` does the same from
Python (the tests and the benchmark use it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
COOKIE = "ce_replica"


@dataclass
class Replica:
    name: str  # r0, r1, ...: the cookie's value
    port: int
    process: subprocess.Popen | None = None
    host: str = "127.0.0.1"  # a container's fixed address in compose.yaml

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass
class Cluster:
    url: str  # nginx's address
    run_dir: Path
    replicas: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def access_log(self) -> Path:
        return self.run_dir / "access.log"

    def replica_at(self, address: str) -> Replica:
        return next(r for r in self.replicas if r.address == address)


def render(replicas: list[Replica], listen: str, run_dir: Path | str) -> str:
    """deploy/nginx.conf with its @...@ fields filled in."""
    upstreams = []
    for replica in replicas:
        backups = "".join(f"        server {r.address} backup;\n" for r in replicas if r is not replica)
        upstreams.append(
            f"    upstream ce_{replica.name} {{\n        server {replica.address};\n{backups}    }}\n"
        )
    fields = {
        "@UPSTREAMS@": "".join(upstreams).rstrip("\n"),
        "@ANY@": "\n".join(f"        server {r.address};" for r in replicas),
        "@ROUTES@": "\n".join(f"        {r.name} ce_{r.name};" for r in replicas),
        # $upstream_addr lists every address tried ("a, b"); the last one answered
        "@NAMES@": "\n".join(f'        "~(^|\\s){re.escape(r.address)}$" {r.name};' for r in replicas),
        "@LISTEN@": listen,
        "@RUN@": str(run_dir),
    }
    text = TEMPLATE.read_text()
    for key, value in fields.items():
        text = text.replace(key, value)
    return text


COMPOSE = ROOT / "compose.yaml"
COMPOSE_NGINX = ROOT / "deploy" / "compose" / "nginx.conf"
COMPOSE_RUN = "/var/lib/convolution-explorer"  # nginx's run folder in its image (deploy/nginx.Dockerfile)


def compose_replicas(path: Path = COMPOSE) -> list[Replica]:
    """compose.yaml's app replicas (services ``app-0``, ``app-1``, ...) at their fixed addresses."""
    import yaml

    services = yaml.safe_load(path.read_text())["services"]
    replicas = []
    for name, service in services.items():
        if re.fullmatch(r"app-\d+", name):
            (network,) = service["networks"].values()
            replicas.append(Replica(f"r{name.split('-')[1]}", 8501, host=network["ipv4_address"]))
    return replicas


def compose_config(path: Path = COMPOSE) -> str:
    """The nginx.conf compose.yaml's nginx runs: deploy/nginx.conf for its replicas, on port 8080."""
    return render(compose_replicas(path), "8080", COMPOSE_RUN)


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
    if found is None:
        raise RuntimeError("nginx is not installed (apt-get install -y nginx)")
    return found


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Poll ``url``/_stcore/health until it answers 200; fail with the log if the process dies or stalls."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            text = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"{url} did not become healthy:\n{text[-4000:]}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def cluster(
    replicas: int = 3,
    port: int = 8080,
    first_port: int = 8601,
    listen: str | None = None,
    streamlit_args: tuple[str, ...] = (),
    run_dir: Path | None = None,
    replica_ports: list[int] | None = None,
):
    """Start ``replicas`` replicas and nginx in front of them; yield the Cluster; stop them all after.

    The replicas listen on ``first_port``, ``first_port + 1``, ... unless ``replica_ports`` lists them.
    """
    own_dir = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="class-")) if own_dir else run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)  # nginx's workers run as nobody when it is started as root
    (run_dir / "temp").mkdir(exist_ok=True)
    (run_dir / "temp").chmod(0o1777)
    listen = listen or f"127.0.0.1:{port}"
    host, _, listen_port = listen.rpartition(":")
    url = f"http://{'127.0.0.1' if host in ('', '0.0.0.0', '*') else host}:{listen_port}"
    ports = replica_ports or [first_port + i for i in range(replicas)]
    group = Cluster(url, run_dir, [Replica(f"r{i}", port) for i, port in enumerate(ports[:replicas])])
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    try:
        for replica in group.replicas:
            command = [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                "--server.address", "127.0.0.1", "--server.port", str(replica.port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false", *streamlit_args,
            ]  # fmt: skip
            with (run_dir / f"{replica.name}.log").open("wb") as log:
                replica.process = subprocess.Popen(
                    command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
        for replica in group.replicas:
            wait_healthy(f"http://{replica.address}", replica.process, run_dir / f"{replica.name}.log")
        config = run_dir / "nginx.conf"
        config.write_text(render(group.replicas, listen, run_dir))
        with (run_dir / "nginx.out").open("wb") as log:
            group.nginx = subprocess.Popen(
                [nginx_binary(), "-p", str(run_dir), "-c", str(config), "-e", str(run_dir / "error.log"),
                 "-g", "daemon off;"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        wait_healthy(group.url, group.nginx, run_dir / "error.log")
        yield group
    finally:
        _stop(group.nginx)
        for replica in group.replicas:
            _stop(replica.process)
        if own_dir:
            shutil.rmtree(run_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", type=int, default=3, help="how many app processes (default 3)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1 (default 8080)")
    parser.add_argument("--listen", help="nginx's listen address instead, e.g. 0.0.0.0:80 on a school server")
    parser.add_argument(
        "--first-port", type=int, default=8601, help="the first replica's port (default 8601)"
    )
    parser.add_argument(
        "--run-dir", type=Path, help="where nginx's config, pid and logs go (default: a temp dir)"
    )
    parser.add_argument("--print-config", action="store_true", help="print the rendered nginx.conf and exit")
    parser.add_argument(
        "--compose",
        action="store_true",
        help="write deploy/compose/nginx.conf for compose.yaml's replicas and exit",
    )
    args, streamlit_args = parser.parse_known_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    if args.compose:
        COMPOSE_NGINX.parent.mkdir(exist_ok=True)
        COMPOSE_NGINX.write_text(compose_config())
        print(f"wrote {COMPOSE_NGINX.relative_to(ROOT)} for {len(compose_replicas())} replicas")
        return
    if args.print_config:
        replicas = [Replica(f"r{i}", args.first_port + i) for i in range(args.replicas)]
        run_dir = args.run_dir or Path("/var/lib/convolution-explorer")
        print(render(replicas, args.listen or f"127.0.0.1:{args.port}", run_dir))
        return
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    with cluster(
        args.replicas, args.port, args.first_port, args.listen, tuple(streamlit_args), args.run_dir
    ) as group:
        names = ", ".join(f"{r.name} {r.address} (pid {r.process.pid})" for r in group.replicas)
        print(f"{group.url}: nginx (pid {group.nginx.pid}, {group.run_dir}) in front of {names}", flush=True)
        try:
            while not stop and group.nginx.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    print("stopped", flush=True)


if __name__ == "__main__":
    main()
