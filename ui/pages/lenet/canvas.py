"""The drawing pad: a small components-v2 component (``canvas.js``, ``canvas.css``) of its own.

It hands the server what was drawn as 28x28 ink levels (0..255) when a stroke ends, and an empty list
after "Clear"; the page turns that into a digit with convcore's ``digit_image``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from ui.i18n import t

HERE = Path(__file__).parent
PAD = st.components.v2.component(
    "convexplorer.pad",
    js=(HERE / "canvas.js").read_text(encoding="utf-8"),
    css=(HERE / "canvas.css").read_text(encoding="utf-8"),
)
SIDE = 28


def parse(value) -> np.ndarray | None:
    """The drawing as a (28, 28) array in [0, 1]; None when nothing (or nothing usable) was sent."""
    pixels = value.get("pixels") if hasattr(value, "get") else None
    if not isinstance(pixels, list):
        return None
    if not pixels:  # "Clear"
        return np.zeros((SIDE, SIDE), dtype=np.float32)
    if len(pixels) != SIDE * SIDE or not all(type(p) is int and 0 <= p <= 255 for p in pixels):
        return None
    return np.array(pixels, dtype=np.float32).reshape(SIDE, SIDE) / 255


def pad(key: str) -> np.ndarray | None:
    """Draw the pad; returns the last drawing (zeros after Clear), or None before the first stroke."""
    result = PAD(key=key, data={"clear": t("lenet.clear"), "label": t("lenet.pad_label")},
                 on_pixels_change=lambda: None)  # fmt: skip
    return parse(st.session_state.get(key) or result)
