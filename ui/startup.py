"""Once per server process: load the heavy libraries, then freeze the heap they built.

Streamlit runs a full garbage collection after every script run, fragment updates
included. With torch and plotly loaded that took 140-220 ms a run here, which
capped the learning page's live updates at 4-5 a second. ``gc.freeze()`` moves the
objects that exist after these imports (library code, never garbage) out of the
collector's view, so each later collection scans only what the sessions created.

Torch computes with one thread per session unless ``OMP_NUM_THREADS`` says otherwise. Its default is a
thread per core it sees, and every session's op takes them all: with a class training LeNet at once, 30
sessions x N threads fight over a container's one or two CPUs (on Community Cloud the host's cores are
visible, not the app's share). This app's tensors are small: one thread is as fast for one session.
"""

import gc
import os

import plotly.graph_objects  # noqa: F401
import torch

import convcore  # noqa: F401

if not os.environ.get("OMP_NUM_THREADS"):
    torch.set_num_threads(1)

gc.freeze()
