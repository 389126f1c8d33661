"""The transposed page's presets, its controls' limits, and which control each refusal is shown beside."""

from __future__ import annotations

import streamlit as st
import torch

PRESETS = {
    # d2l 14.10.1 (d2l-zh 13.10.1): X = K = [[0, 1], [2, 3]], stride 1 -> [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
    "d2l": {"x": "0 1\n2 3", "k": "0 1\n2 3", "s": 1, "p": 0, "op": 0, "d": 1},
    # a 2x2 kernel of ones at stride 2: every cell becomes a 2x2 block (nearest-neighbour upsampling)
    "upsample": {"x": "1 2 3\n4 5 6\n7 8 9", "k": "1 1\n1 1", "s": 2, "p": 0, "op": 0, "d": 1},
    # a 3x3 kernel of ones at stride 2: copies overlap unevenly, 1, 2 or 4 times (the checkerboard artefact)
    "checker": {
        "x": "1 1 1 1\n1 1 1 1\n1 1 1 1\n1 1 1 1",
        "k": "1 1 1\n1 1 1\n1 1 1",
        "s": 2,
        "p": 0,
        "op": 0,
        "d": 1,
    },  # fmt: skip
}
NAMES = (*PRESETS, "custom")
LIMITS = {"s": (1, 1, 4), "p": (0, 0, 6), "op": (0, 0, 3), "d": (1, 1, 3)}  # default, low, high
MAX_INPUT = 8  # cells a side: the input cells are the animation's steps
MAX_KERNEL = 5
# the control a refusal is shown under: an output_padding too big beside output_padding, an empty output
# beside padding (what crops it)
CAUSE = {"output_padding_too_big": "op", "transpose_empty": "p", "transpose_empty_1d": "p"}


def apply(linked: dict | None = None) -> None:
    """The preset just picked: its input, kernel and parameters into the controls (except what a link that
    named the preset also names: ``?tr_preset=checker&tr_s=1`` is the checkerboard at stride 1)."""
    name = st.session_state.get("tr_preset")
    preset = PRESETS.get(name)
    if preset is None:
        return
    linked = linked or {}
    for key in ("x", "k"):
        if f"tr_{key}_base" in linked:
            continue
        st.session_state[f"tr_{key}_base"] = preset[key]
        for widget in ("grid", "paste"):
            st.session_state.pop(f"tr_{key}_{widget}", None)
    for key in LIMITS:
        if f"tr_{key}" not in linked:
            st.session_state[f"tr_{key}"] = preset[key]


def too_big(X: torch.Tensor, K: torch.Tensor) -> tuple | None:
    """(where, message key, values) when the input or the kernel is larger than the page animates."""
    if max(X.shape) > MAX_INPUT:
        return "input", "tr.input_too_big", {"rows": X.shape[0], "cols": X.shape[1], "most": MAX_INPUT}
    if max(K.shape) > MAX_KERNEL:
        return "kernel", "tr.kernel_too_big", {"rows": K.shape[0], "cols": K.shape[1], "most": MAX_KERNEL}
    return None
