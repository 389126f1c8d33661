"""Once per server process: load the heavy libraries, then freeze the heap they built.

Streamlit runs a full garbage collection after every script run, fragment updates
included. With torch and plotly loaded that took 140-220 ms a run here, which
capped the learning page's live updates at 4-5 a second. ``gc.freeze()`` moves the
objects that exist after these imports (library code, never garbage) out of the
collector's view, so each later collection scans only what the sessions created.
"""

import gc

import plotly.graph_objects  # noqa: F401
import torch  # noqa: F401

import convcore  # noqa: F401

gc.freeze()
