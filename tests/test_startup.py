"""What the server process sets up once: torch's threads (one per session's op unless OMP_NUM_THREADS says)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser import ROOT

THREADS = "import ui.startup, torch; print(torch.get_num_threads())"


def threads(**env: str) -> int:
    clean = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", THREADS],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def test_torch_computes_with_one_thread_by_default():
    # a class training at once: 30 sessions x a thread per visible core would fight over the app's CPU share
    assert threads() == 1


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: torch's default is one thread anyway")
def test_omp_num_threads_is_respected():
    assert threads(OMP_NUM_THREADS="2") == 2
