"""The explorer's feature-map tab: the map as a grid with its shape and range, and a photo beside its map."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from ui import controls, figures, grid
from ui.i18n import t


def show(values: np.ndarray) -> None:
    """The feature map as a static grid, its shape and range under it."""
    grid.show_maps("ex_map", [("map", t("explorer.feature_map"), values)])
    st.caption(controls.minmax(values))


def photos(full_in: torch.Tensor, full_out: np.ndarray) -> None:
    """The full-size greyscale photo and its feature map, side by side."""
    left, right = st.columns(2)
    left.image(
        figures.jpeg(figures.to_image(full_in.numpy())),
        width="stretch",
        caption=t("explorer.image_in", h=full_in.shape[0], w=full_in.shape[1]),
    )
    right.image(
        figures.jpeg(figures.to_image(full_out)),
        width="stretch",
        caption=t("explorer.image_out", h=full_out.shape[0], w=full_out.shape[1]),
    )
