"""The sliding-window animation: a Plotly figure whose frames play in the browser.

Each frame moves the window on the padded input, outlines the output cell being
written, uncovers the feature map up to that cell and captions the sum of
products. Play, pause, speed and the scrub slider are Plotly's own controls,
so no frame costs a server round trip.

Frames are plain dicts (validating 900 frames through plotly's graph objects
takes seconds); ``_FramedFigure`` attaches them when Streamlit serialises.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from convcore.steps import SlidingWindow
from ui import figures
from ui.i18n import t

MAX_FRAMES = 900  # a 30 x 30 output region; larger outputs animate their top-left corner
FRAME_MS = {"1×": 400, "4×": 100, "12×": 33}
WINDOW_COLOUR = "#ff7f0e"
COVER_COLOUR = "#f4f4f4"
CLICK_TRACE = 4  # index of the invisible scatter on output cell centres


class _FramedFigure(go.Figure):
    """A Figure whose frames are raw dicts, added only when it is turned into a dict."""

    def __init__(self, figure: go.Figure, frames: list[dict]):
        super().__init__(figure)
        self._raw_frames = frames

    def to_dict(self):
        result = super().to_dict()
        result["frames"] = self._raw_frames
        return result


def view_shape(output_shape: tuple[int, int]) -> tuple[int, int]:
    """The output region the animation covers: all of it, or its top-left 30 x 30."""
    side = int(MAX_FRAMES**0.5)
    return min(output_shape[0], side), min(output_shape[1], side)


def _terms(step_window: np.ndarray, kernel: np.ndarray, limit: int = 9) -> str:
    pairs = [
        f"{w:.3g}×({k:.3g})" if k < 0 else f"{w:.3g}×{k:.3g}"
        for w, k in zip(step_window.ravel(), kernel.ravel())
    ]
    if len(pairs) > limit:
        return " + ".join(pairs[: limit - 3]) + f" + … ({len(pairs)} {t('anim.terms')})"
    return " + ".join(pairs)


def caption(walk: SlidingWindow, i: int, j: int) -> str:
    """'Y[i, j] = w×k + … = total (+ bias = value)' for one frame."""
    windows = walk.windows[i, j].numpy()
    total = float(walk.products[i, j].sum())
    text = f"Y[{i}, {j}] = {_terms(windows, walk.kernel.numpy())} = {total:.4g}"
    if walk.bias:
        text += f" + {walk.bias:.4g} = {float(walk.output[i, j]):.4g}"
    return text.replace("+ -", "− ")


def _frame_layout(walk: SlidingWindow, i: int, j: int, view: tuple[int, int]) -> dict:
    rows, cols = walk.rows[i], walk.cols[j]
    height, width = view
    shapes = [
        figures.rect("x", "y", cols.min(), cols.max(), rows.min(), rows.max(), line=WINDOW_COLOUR, width=3),
        figures.rect("x2", "y2", j, j, i, i, line=WINDOW_COLOUR, width=4),
    ]
    if j + 1 < width:  # the rest of the current row is not written yet
        shapes.append(figures.rect("x2", "y2", j + 1, width - 1, i, i, fill=COVER_COLOUR))
    if i + 1 < height:  # nor are the rows below
        shapes.append(figures.rect("x2", "y2", 0, width - 1, i + 1, height - 1, fill=COVER_COLOUR))
    return {"shapes": shapes, "title": {"text": caption(walk, i, j)}}


def _read_cells(walk: SlidingWindow, i: int, j: int) -> dict:
    """Label positions for the kernel weights: the bottom-left corner of each cell the window reads."""
    rows, cols = walk.rows[i], walk.cols[j]
    return {
        "x": (np.tile(cols, len(rows)) - 0.45).tolist(),
        "y": (np.repeat(rows, len(cols)) + 0.42).tolist(),
    }


def build(walk: SlidingWindow, selected: tuple[int, int], show_values: bool) -> go.Figure:
    """The animated figure: padded input (left), feature map filling in (right)."""
    view = view_shape(walk.shape)
    last_row, last_col = int(walk.rows[view[0] - 1].max()), int(walk.cols[view[1] - 1].max())
    top, left = walk.offset
    padded = walk.padded.numpy()[: last_row + top + 1, : last_col + left + 1]
    padding_mask = walk.is_padding()[: last_row + top + 1, : last_col + left + 1]
    ys, xs = np.arange(-top, last_row + 1), np.arange(-left, last_col + 1)
    output = walk.output.numpy()[: view[0], : view[1]]

    figure = make_subplots(
        rows=1,
        cols=2,
        column_widths=[len(xs), view[1]],
        horizontal_spacing=0.08,
        subplot_titles=(t("anim.input_title"), t("anim.output_title")),
    )
    text = "%{z:.3~g}" if show_values else None
    figure.add_trace(
        figures.heatmap_trace(np.where(padding_mask, np.nan, padded), xs, ys, "gray", text), 1, 1
    )
    figure.add_trace(
        figures.heatmap_trace(np.where(padding_mask, padded, np.nan), xs, ys, figures.PADDING_SCALE, text),
        1,
        1,
    )
    figure.add_trace(
        figures.heatmap_trace(output, np.arange(view[1]), np.arange(view[0]), "diverging", text), 1, 2
    )
    i, j = selected if selected[0] < view[0] and selected[1] < view[1] else (0, 0)
    figure.add_trace(
        go.Scatter(
            mode="text",
            text=[f"×{k:.3g}" for k in walk.kernel.numpy().ravel()],
            textposition="top right",
            textfont={"color": WINDOW_COLOUR, "size": 11, "weight": "bold"},
            hoverinfo="skip",
            showlegend=False,
            **_read_cells(walk, i, j),
        ),
        1,
        1,
    )
    out_i, out_j = np.mgrid[0 : view[0], 0 : view[1]]
    figure.add_trace(figures.click_targets(out_i.ravel(), out_j.ravel(), output.ravel()), 1, 2)

    cells = [(a, b) for a in range(view[0]) for b in range(view[1])]
    frames = [
        {
            "name": str(k),
            "traces": [3],
            "data": [_read_cells(walk, a, b)],
            "layout": _frame_layout(walk, a, b, view),
        }
        for k, (a, b) in enumerate(cells)
    ]
    active = cells.index((i, j))

    def animate(duration: int, name=None) -> list:
        options = {"frame": {"duration": duration, "redraw": True}, "transition": {"duration": 0}}
        return [name, {**options, "mode": "immediate", "fromcurrent": True}]

    play = [
        {"label": f"▶ {speed}", "method": "animate", "args": animate(ms)} for speed, ms in FRAME_MS.items()
    ]
    pause = {"label": t("anim.pause"), "method": "animate", "args": animate(0, [None])}
    figure.update_layout(
        _frame_layout(walk, i, j, view),
        height=figures.grid_height(max(len(ys), view[0])) + 140,
        margin={"t": 80, "b": 70, "l": 10, "r": 10},
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "buttons": [pause, *play],
                "x": 0,
                "xanchor": "left",
                "y": -0.1,
                "yanchor": "top",
                "pad": {"t": 4},
                "showactive": False,
            },
        ],
        sliders=[
            {
                "active": active,
                "steps": [
                    {"method": "animate", "label": f"({a}, {b})", "args": animate(0, [str(k)])}
                    for k, (a, b) in enumerate(cells)
                ],
                "currentvalue": {"prefix": t("anim.cell") + " ", "font": {"size": 14}},
                "font": {"color": "rgba(0,0,0,0)"},
                "ticklen": 0,
                "tickcolor": "rgba(0,0,0,0)",
                "x": 0.42,
                "len": 0.58,
                "y": -0.1,
                "yanchor": "top",
                "pad": {"t": 0},
            }
        ],
        title={"x": 0, "xanchor": "left", "font": {"size": 15}},
        showlegend=False,
    )
    figures.square_cells(figure, 2)
    return _FramedFigure(figure, frames)
