"""The explorer's exports for slides: the feature map as CSV and PNG (numbers and a colour scale), the frame
of the pinned cell as SVG (under the grid), and the sliding window as a GIF made on request with its own
settings.

Everything is built in memory (``ui.exports``). The GIF is kept in session state under ``ex_gif`` with the
walk and settings it was made from, so a download never hands out a GIF of other numbers.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from convcore.steps import SlidingWindow
from ui import exports
from ui.i18n import t

MANY_FRAMES = 200  # more frames than this: the page says the GIF will be large
FEWER_FRAMES = 60  # what "fewer frames" starts at (a 32 x 32 map has up to 1,024 output cells: 23 MB)


def labels() -> dict[str, str]:
    return {
        "input": t("export.input"),
        "kernel": t("export.kernel_title"),
        "output": t("export.output"),
        "more": t("grid.more_terms"),
    }


def _signature(walk: SlidingWindow, *settings) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for tensor in (walk.padded, walk.kernel, walk.output):
        digest.update(tensor.numpy().tobytes())
        digest.update(str(tuple(tensor.shape)).encode())
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def svg_button(walk: SlidingWindow, cell: tuple[int, int]) -> None:
    """The SVG of the frame at ``cell``, the pinned cell: under the grid, in its fragment, so a pin renames it."""
    i, j = cell
    st.download_button(t("export.svg", i=i, j=j), exports.svg(walk, i, j, labels()),
                       f"sliding_window_{i}_{j}.svg", "image/svg+xml", key="ex_svg", on_click="ignore", help=t("export.svg_help"),
                       icon=":material/download:")  # fmt: skip


def show(values: np.ndarray, walk: SlidingWindow) -> None:
    """The CSV and the PNG; below, the GIF's settings, its make button, and its download once made."""
    csv_col, png_col = st.columns(2)
    csv_col.download_button(
        t("export.csv"), exports.csv(values), "feature_map.csv", "text/csv", key="ex_csv", on_click="ignore"
    )
    png_col.download_button(t("export.png"), exports.png(values, title=t("export.feature_map")),
                            "feature_map.png", "image/png", key="ex_png", on_click="ignore", help=t("export.png_help"))  # fmt: skip
    gif_settings(walk)


def gif_settings(walk: SlidingWindow) -> None:
    frames_total = walk.output.numel()
    with st.expander(t("export.gif_title"), expanded=False):
        size_col, frames_col, speed_col = st.columns(3)
        width = int(size_col.number_input(t("export.gif_width"), *exports.GIF_WIDTHS, exports.GIF_WIDTH, 80,
                                          key="ex_gif_width"))  # fmt: skip
        every = frames_col.checkbox(t("export.gif_every", n=frames_total), True, key="ex_gif_every")
        frames = None
        if not every:
            chosen = int(frames_col.number_input(t("export.gif_frames"), 2, 2000, FEWER_FRAMES, 1,
                                                 key="ex_gif_frames"))  # fmt: skip
            frames = min(chosen, frames_total)
        frame_ms = int(speed_col.number_input(t("export.gif_ms"), 50, 5000, exports.GIF_FRAME_MS, 50,
                                              key="ex_gif_ms"))  # fmt: skip
        captions = st.checkbox(t("export.gif_caption"), True, key="ex_gif_caption")
        count = len(exports.gif_cells(walk, frames))
        if count > MANY_FRAMES:  # a 32 x 32 input's 961 frames at 1040 px make a ~50 MB GIF
            st.info(t("export.gif_many", frames=count), icon="ℹ️")
        cell, numbers = exports.gif_size(walk, width)
        if not numbers:
            st.info(
                t("export.gif_small", width=width, cell=cell, need=exports.width_for_numbers(walk)), icon="ℹ️"
            )
        settings = (width, frames, frame_ms, captions, st.session_state.get("lang"))
        signature = _signature(walk, *settings)
        if st.button(t("export.make_gif"), key="ex_make_gif", type="primary"):
            with st.spinner(t("export.gif_making", frames=count)):
                data = exports.gif(walk, width, frames, frame_ms, captions, labels())
            st.session_state["ex_gif"] = (signature, data)
        made = st.session_state.get("ex_gif")
        if made and made[0] == signature:
            st.download_button(
                t("export.gif"),
                made[1],
                "sliding_window.gif",
                "image/gif",
                key="ex_gif_download",
                on_click="ignore",
            )
            st.caption(t("export.gif_made", frames=count, width=width, kb=f"{len(made[1]) / 1024:,.0f}"))
