"""The explorer's exports: the feature map as CSV and PNG, and the sliding window as a GIF made on request.

Everything is built in memory (``ui.exports``); the GIF is kept in session state under ``ex_gif`` once made.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from convcore.steps import SlidingWindow
from ui import exports
from ui.i18n import t


def show(values: np.ndarray, walk: SlidingWindow) -> None:
    """Three columns: the CSV, the PNG, and the GIF's make button (its download once it is made)."""
    csv_col, png_col, gif_col = st.columns(3)
    csv_col.download_button(t("export.csv"), exports.csv(values), "feature_map.csv", "text/csv", key="ex_csv")
    png_col.download_button(
        t("export.png"), exports.png(values), "feature_map.png", "image/png", key="ex_png"
    )
    if gif_col.button(t("export.make_gif"), key="ex_make_gif"):
        st.session_state["ex_gif"] = exports.gif(walk)
    if st.session_state.get("ex_gif"):
        gif_col.download_button(t("export.gif"), st.session_state["ex_gif"], "sliding_window.gif", "image/gif",
                                key="ex_gif_download")  # fmt: skip
