"""The explorer's flip tab: cross-correlation (what deep learning calls convolution) beside true convolution."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import grid
from ui.i18n import t


def show(corr: np.ndarray, conv: np.ndarray) -> None:
    """Both maps, whether they agree (a symmetric kernel) and why the layers cross-correlate."""
    grid.show_maps("ex_flip", [("corr", t("explorer.corr"), corr), ("conv", t("explorer.conv"), conv)])
    st.markdown(t("explorer.flip_same") if np.allclose(corr, conv) else t("explorer.flip_differs"))
    st.info(t("explorer.why_corr"))
