"""The sliding-window animation: a Plotly figure whose frames play in the browser.

Each frame moves the window on the padded input, labels the cells it reads
with their kernel weights, outlines the output cell being written, uncovers
the feature map up to that cell and captions the sum of products. Play, pause,
speed and the scrub slider are Plotly's own controls, so no frame costs a
server round trip.
"""

from __future__ import annotations

import numpy as np

from convcore.steps import SlidingWindow
from ui import figures
from ui.i18n import t

MAX_FRAMES = 900  # a 30 x 30 output region; larger outputs animate their top-left corner
FRAME_MS = {"1×": 400, "4×": 100, "12×": 33}
WINDOW_COLOUR = "#ff7f0e"
COVER_COLOUR = "#f4f4f4"
READ_TRACE = 3  # the kernel-weight labels on the cells the window reads
CLICK_TRACE = 4  # the invisible scatter on output cell centres


def view_shape(output_shape: tuple[int, int]) -> tuple[int, int]:
    """The output region the animation covers: all of it, or its top-left 30 x 30."""
    side = int(MAX_FRAMES**0.5)
    return min(output_shape[0], side), min(output_shape[1], side)


def _number(value: float) -> str:
    text = f"{value:.3g}"
    return f"({text})" if value < 0 else text


class _Captions:
    """'Y[i, j] = w×k + … = total (+ bias = value)' per output cell, from strings formatted once."""

    def __init__(self, walk: SlidingWindow, limit: int = 9):
        top, left = walk.offset
        self.walk, self.limit = walk, limit
        self.cells = [[f"{v:.3g}" for v in row] for row in walk.padded.tolist()]  # each input value, once
        self.weights = [_number(k) for k in walk.kernel.flatten().tolist()]
        self.rows = (walk.rows + top).tolist()  # padded coordinates
        self.cols = (walk.cols + left).tolist()
        self.totals = walk.products.sum(dim=(-2, -1)).tolist()
        self.terms = t("anim.terms")

    def __call__(self, i: int, j: int) -> str:
        cells, weights = self.cells, self.weights
        values = [cells[r][c] for r in self.rows[i] for c in self.cols[j]]
        pairs = [f"{v}×{k}" for v, k in zip(values, weights)]
        if len(pairs) > self.limit:
            pairs = [*pairs[: self.limit - 3], f"… ({len(pairs)} {self.terms})"]
        total, bias = self.totals[i][j], self.walk.bias
        text = f"Y[{i}, {j}] = {' + '.join(pairs)} = {total:.4g}"
        if bias:
            text += f" + {_number(bias)} = {total + bias:.4g}"
        return text


def _cover(i: int, j: int, height: int, width: int) -> dict | None:
    """One path over the output cells not written yet: the rest of row i and every row below."""
    if i == height - 1 and j == width - 1:
        return None
    right, bottom = width - 0.5, height - 0.5
    x = j + 0.5
    path = f"M{x},{i - 0.5}H{right}V{bottom}H-0.5V{i + 0.5}H{x}Z"
    return {"type": "path", "path": path, "xref": "x2", "yref": "y2", "fillcolor": COVER_COLOUR,
            "line": {"width": 0}, "layer": "above"}  # fmt: skip


class _Frames:
    """Per output cell: where the window's weight labels go and the frame's layout (shapes, caption)."""

    def __init__(self, walk: SlidingWindow, view: tuple[int, int], corner: bool):
        self.view, self.caption = view, _Captions(walk)
        rows, cols = walk.rows.tolist(), walk.cols.tolist()
        self.box_rows = [(min(r), max(r)) for r in rows]
        self.box_cols = [(min(c), max(c)) for c in cols]
        # marks on each cell read, row-major like the kernel: weight labels in the bottom-left
        # corner when values are written in the cells, else dots on the centres
        dy, dx = (0.42, -0.45) if corner else (0, 0)
        self.label_y = [[r + dy for r in row for _ in cols[0]] for row in rows]
        self.label_x = [[c + dx for _ in rows[0] for c in col] for col in cols]

    def labels(self, i: int, j: int) -> dict:
        return {"x": self.label_x[j], "y": self.label_y[i]}

    def layout(self, i: int, j: int) -> dict:
        (top, bottom), (left, right) = self.box_rows[i], self.box_cols[j]
        shapes = [
            figures.rect("x", "y", left, right, top, bottom, line=WINDOW_COLOUR, width=3),
            figures.rect("x2", "y2", j, j, i, i, line=WINDOW_COLOUR, width=4),
        ]
        cover = _cover(i, j, *self.view)
        if cover:
            shapes.append(cover)
        return {"shapes": shapes, "title": {"text": self.caption(i, j)}}


def build(walk: SlidingWindow, selected: tuple[int, int], show_values: bool) -> figures.RawFigure:
    """The animated figure: padded input (left), feature map filling in (right)."""
    view = view_shape(walk.shape)
    last_row, last_col = int(walk.rows[view[0] - 1].max()), int(walk.cols[view[1] - 1].max())
    top, left = walk.offset
    padded = walk.padded.numpy()[: last_row + top + 1, : last_col + left + 1]
    padding_mask = walk.is_padding()[: last_row + top + 1, : last_col + left + 1]
    ys, xs = np.arange(-top, last_row + 1), np.arange(-left, last_col + 1)
    output = walk.output.numpy()[: view[0], : view[1]]
    frame = _Frames(walk, view, corner=show_values)
    i, j = selected if selected[0] < view[0] and selected[1] < view[1] else (0, 0)

    out_i, out_j = np.mgrid[0 : view[0], 0 : view[1]]
    data = [
        figures.heatmap(np.where(padding_mask, np.nan, padded), xs, ys, "gray", 1, show_values),
        figures.heatmap(
            np.where(padding_mask, padded, np.nan), xs, ys, figures.PADDING_SCALE, 1, show_values
        ),
        figures.heatmap(
            output, np.arange(view[1]), np.arange(view[0]), "diverging", 2, show_values, hover=False
        ),
        {
            "type": "scatter",
            "mode": "text" if show_values else "markers",
            "text": [f"×{k:.3g}" for k in walk.kernel.numpy().ravel()],
            "textposition": "top right",
            "textfont": {"color": WINDOW_COLOUR, "size": 11, "weight": "bold"},
            "marker": {"color": WINDOW_COLOUR, "size": 5},
            "hoverinfo": "skip",
            "showlegend": False,
            **frame.labels(i, j),
        },
        figures.click_targets(out_i.ravel(), out_j.ravel(), output.ravel(), 2),
    ]

    cells = [(a, b) for a in range(view[0]) for b in range(view[1])]
    frames = [
        {"name": str(k), "traces": [READ_TRACE], "data": [frame.labels(a, b)], "layout": frame.layout(a, b)}
        for k, (a, b) in enumerate(cells)
    ]  # fmt: skip

    def animate(duration: int, name=None) -> list:
        options = {"frame": {"duration": duration, "redraw": True}, "transition": {"duration": 0}}
        return [name, {**options, "mode": "immediate", "fromcurrent": True}]

    play = [
        {"label": f"▶ {speed}", "method": "animate", "args": animate(ms)} for speed, ms in FRAME_MS.items()
    ]
    pause = {"label": t("anim.pause"), "method": "animate", "args": animate(0, [None])}
    layout = figures.panels([(len(ys), len(xs)), view], [t("anim.input_title"), t("anim.output_title")])
    layout.update(frame.layout(i, j))
    layout.update(
        height=figures.grid_height(max(len(ys), view[0])) + 160,
        margin={"t": 100, "b": 70, "l": 10, "r": 10},
        title={**layout["title"], "x": 0, "xanchor": "left", "font": {"size": 15}},
        updatemenus=[
            {"type": "buttons", "direction": "left", "buttons": [pause, *play], "x": 0, "xanchor": "left",
             "y": -0.04, "yanchor": "top", "pad": {"t": 4}, "showactive": False}
        ],
        sliders=[
            {
                "active": cells.index((i, j)),
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
                "y": -0.04,
                "yanchor": "top",
                "pad": {"t": 0},
            }
        ],
    )  # fmt: skip
    return figures.RawFigure({"data": data, "layout": layout, "frames": frames})
