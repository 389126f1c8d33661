"""The sliding-window animation: a Plotly figure whose frames play in the browser.

A ``Scene`` says what to draw: one or more padded input grids (a panel per
channel), the cells each output cell reads, the output grid and a caption per
cell. Each frame moves the window on every input panel, marks the cells it
reads, outlines the output cell being written, uncovers the output up to that
cell and shows the caption. Play, pause, speed and the scrub slider are
Plotly's own controls, so no frame costs a server round trip. Adapters at the
bottom turn convcore's walks (convolution, channels, pooling) into scenes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convcore.steps import ChannelWindow, PoolWindow, SlidingWindow
from ui import figures
from ui.i18n import t

MAX_FRAMES = 900  # a 30 x 30 output region; larger outputs animate their top-left corner
FRAME_MS = {"1×": 400, "4×": 100, "12×": 33}
WINDOW_COLOUR = "#ff7f0e"
MARK_COLOUR = "#2ca02c"
COVER_COLOUR = "#f4f4f4"


@dataclass(frozen=True)
class Panel:
    """One input grid: padded values, which cells are padding, and labels for the cells read."""

    title: str
    padded: np.ndarray
    padding: np.ndarray  # bool, same shape
    offset: tuple[int, int]  # (top, left): padded[r + top, c + left] is input cell (r, c)
    labels: list[str] | None  # one per window cell (row-major), e.g. the kernel weights; None: dots


@dataclass(frozen=True)
class Scene:
    panels: list[Panel]
    rows: np.ndarray  # (H_out, kh) input rows each output row reads
    cols: np.ndarray  # (W_out, kw)
    output: np.ndarray  # (H_out, W_out)
    output_title: str
    caption: Callable[[int, int], str]
    marks: np.ndarray | None = None  # (H_out, W_out, 2): an input cell to mark per output cell (a max)

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.output.shape)


def view_shape(output_shape: tuple[int, int]) -> tuple[int, int]:
    """The output region the animation covers: all of it, or its top-left 30 x 30."""
    side = int(MAX_FRAMES**0.5)
    return min(output_shape[0], side), min(output_shape[1], side)


# Pixels under the plot area for the play buttons and the slider (normal, projector type): what Plotly
# measured them to need (138 and 146), rounded up.
BUTTONS_GAP = 12
CONTROLS_PX = {False: 142, True: 150}
TITLES_PX = 54  # above the grid: the panel titles and the column numbers

SLIDER_STEPS = 60  # at most this many positions on the scrubbing slider


def number(value: float, digits: int = 3) -> str:
    """A value for a caption: short, negatives in parentheses, infinities as ∞."""
    if value == float("inf"):
        return "∞"
    if value == float("-inf"):
        return "(−∞)"
    text = f"{value:.{digits}g}"
    return f"({text})" if value < 0 else text


def _outline(top: int, bottom: int, left: int, right: int) -> dict:
    """A closed line around cells top..bottom, left..right (inclusive, cell centres on integers)."""
    x0, x1, y0, y1 = left - 0.5, right + 0.5, top - 0.5, bottom + 0.5
    return {"x": [x0, x1, x1, x0, x0], "y": [y0, y0, y1, y1, y0]}


def _cover(i: int, j: int, height: int, width: int) -> dict:
    """One polygon over the output cells not written yet: the rest of row i and every row below."""
    if i == height - 1 and j == width - 1:
        return {"x": [], "y": []}
    right, bottom, x = width - 0.5, height - 0.5, j + 0.5
    return {
        "x": [x, right, right, -0.5, -0.5, x, x],
        "y": [i - 0.5, i - 0.5, bottom, bottom, i + 0.5, i + 0.5, i - 0.5],
    }


class _Frames:
    """Per output cell, the data of every trace a frame changes.

    Everything that moves is trace data (never layout shapes or the title), so a frame is drawn with
    ``redraw: False``: Plotly restyles a few scatter traces instead of redrawing the whole figure, which
    keeps a 900-frame animation's frames within a screen refresh. In trace order: the cover over output
    cells not written yet, the read-cell marks on each panel, the optional mark (a max), the window on
    each panel, the output cell's outline and the caption.
    """

    def __init__(self, scene: Scene, view: tuple[int, int], corner: bool):
        self.scene, self.view = scene, view
        rows, cols = scene.rows.tolist(), scene.cols.tolist()
        self.box_rows = [(min(r), max(r)) for r in rows]
        self.box_cols = [(min(c), max(c)) for c in cols]
        # labels in the bottom-left corner of each cell read when values fill the cells, else dots
        dy, dx = (0.42, -0.45) if corner else (0, 0)
        self.label_y = [[r + dy for r in row for _ in cols[0]] for row in rows]
        self.label_x = [[c + dx for _ in rows[0] for c in col] for col in cols]

    def data(self, i: int, j: int) -> list[dict]:
        panels = self.scene.panels
        traces = [_cover(i, j, *self.view)]
        traces += [{"x": self.label_x[j], "y": self.label_y[i]} for _ in panels]
        if self.scene.marks is not None:
            row, col = self.scene.marks[i, j]
            traces.append(
                {"x": [float(col) + 0.3], "y": [float(row) - 0.28]}
            )  # top-right corner: the value stays
        (top, bottom), (left, right) = self.box_rows[i], self.box_cols[j]
        traces += [_outline(top, bottom, left, right) for _ in panels]
        traces.append(_outline(i, i, j, j))
        traces.append({"text": [wrap_caption(self.scene.caption(i, j))]})
        return traces


CAPTION_WIDTH = 50  # characters a caption line holds on a phone (a 390 px screen)


def wrap_caption(text: str, width: int = CAPTION_WIDTH) -> str:
    """A long caption on several lines, broken before a '+' or '=' or after a comma, never inside a term."""
    lines, line = [], ""
    for word in text.split(" "):
        breakable = word[:1] in "+=" or line.endswith(",")
        if line and breakable and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "<br>".join([*lines, line])


def _label_text(values: list[str]) -> list[str]:
    return [f"×{v}" for v in values]


def _line(name: str, index: int, width: int) -> dict:
    return {"type": "scatter", "name": name, "mode": "lines", "line": {"color": WINDOW_COLOUR, "width": width},
            "hoverinfo": "skip", "showlegend": False, **figures.axes(index)}  # fmt: skip


CAPTION = "caption"  # the name of the caption's trace


def build(scene: Scene, selected: tuple[int, int], show_values: bool) -> figures.RawFigure:
    """The animated figure: the padded input panels, then the output filling in.

    Trace order: per panel a value heatmap and a padding heatmap; the output heatmap; then the traces
    the frames change (see ``_Frames``); last, the invisible click targets on output cells. The caption
    is a text trace on its own hidden axes, a strip two pixels high along the top of the plot area.
    """
    view = view_shape(scene.shape)
    last_row, last_col = int(scene.rows[view[0] - 1].max()), int(scene.cols[view[1] - 1].max())
    output = scene.output[: view[0], : view[1]]
    frame = _Frames(scene, view, corner=show_values)
    i, j = selected if selected[0] < view[0] and selected[1] < view[1] else (0, 0)
    panel_count = len(scene.panels)
    output_axis, caption_axis = panel_count + 1, panel_count + 2

    data, shapes = [], []
    for index, panel in enumerate(scene.panels, start=1):
        top, left = panel.offset
        padded = panel.padded[: last_row + top + 1, : last_col + left + 1]
        padding = panel.padding[: last_row + top + 1, : last_col + left + 1]
        ys, xs = np.arange(-top, last_row + 1), np.arange(-left, last_col + 1)
        shapes.append((len(ys), len(xs)))
        values = np.where(padding | ~np.isfinite(padded), np.nan, padded)
        data.append(figures.heatmap(values, xs, ys, "gray", index, show_values))
        pad_text = [[number(v) if p else "" for v, p in zip(row, mask)] for row, mask in zip(padded, padding)]
        data.append(
            figures.heatmap(np.where(padding, 0.0, np.nan), xs, ys, figures.PADDING_SCALE, index, False)
            | ({"text": pad_text, "texttemplate": "%{text}"} if show_values else {})
        )
    out_rows, out_cols = np.arange(view[0]), np.arange(view[1])
    data.append(
        figures.heatmap(output, out_cols, out_rows, "diverging", output_axis, show_values, hover=False)
    )
    first_animated = len(data)
    data.append(
        {"type": "scatter", "name": "cover", "mode": "lines", "fill": "toself", "fillcolor": COVER_COLOUR, "line": {"width": 0},
         "hoveron": "points", "hoverinfo": "skip", "showlegend": False, **figures.axes(output_axis)}
    )  # fmt: skip
    for index, panel in enumerate(scene.panels, start=1):
        labelled = show_values and panel.labels is not None
        data.append(
            {"type": "scatter", "name": "reads", "mode": "text" if labelled else "markers",
             "text": _label_text(panel.labels) if labelled else None, "textposition": "top right",
             "textfont": {"color": WINDOW_COLOUR, "size": 11, "weight": "bold"},
             "marker": {"color": WINDOW_COLOUR, "size": 5}, "hoverinfo": "skip", "showlegend": False,
             **figures.axes(index)}
        )  # fmt: skip
    if scene.marks is not None:
        data.append(
            {"type": "scatter", "name": "max", "mode": "markers", "hoverinfo": "skip", "showlegend": False,
             "marker": {"symbol": "star", "size": 14, "color": MARK_COLOUR, "line": {"color": "white", "width": 1}},
             **figures.axes(1)}
        )  # fmt: skip
    data += [_line("window", index, 3) for index in range(1, panel_count + 1)]
    data.append(_line("cell", output_axis, 4))
    data.append(
        {"type": "scatter", "mode": "text", "name": CAPTION, "x": [0.001], "y": [1], "textposition": "bottom right",
         "textfont": {"size": 15}, "cliponaxis": False, "hoverinfo": "skip", "showlegend": False,
         **figures.axes(caption_axis)}
    )  # fmt: skip
    animated = list(range(first_animated, len(data)))
    for trace, values in zip(animated, frame.data(i, j), strict=True):
        data[trace].update(values)
    out_i, out_j = np.mgrid[0 : view[0], 0 : view[1]]
    targets = figures.click_targets(out_i.ravel(), out_j.ravel(), output.ravel(), output_axis)
    targets["marker"]["maxdisplayed"] = 1  # hover and clicks use every point; one is drawn: cheap to redraw
    data.append(targets | {"name": "targets"})

    cells = [(a, b) for a in range(view[0]) for b in range(view[1])]
    # Each frame also lists the click targets, unchanged ({}): a frame rebuilds every trace's calcdata but
    # redraws only the traces it lists, and clicking a scatter trace that was not redrawn since throws
    # inside Plotly (its selection styling finds no drawn points), so the click would be lost. 900 drawn
    # markers made each frame three times slower; Plotly draws just one (marker.maxdisplayed).
    frames = [
        {"name": str(k), "traces": [*animated, len(data) - 1], "data": [*frame.data(a, b), {}]}
        for k, (a, b) in enumerate(cells)
    ]

    def animate(duration: int, name=None) -> list:
        # Plotly starts the next frame on the first screen refresh after strictly more than `duration` whole
        # ms: 33 ms (12x) landed on every third refresh, 20 frames a second; 32 lands on every second, 30.
        duration = max(duration - 1, 0)
        options = {"frame": {"duration": duration, "redraw": False}, "transition": {"duration": 0}}
        return [name, {**options, "mode": "immediate", "fromcurrent": True}]

    play = [
        {"label": f"▶ {speed}", "method": "animate", "args": animate(ms)} for speed, ms in FRAME_MS.items()
    ]
    pause = {"label": t("anim.pause"), "method": "animate", "args": animate(0, [None])}
    titles = [panel.title for panel in scene.panels] + [scene.output_title]
    layout = figures.panels([*shapes, view], titles)
    # Plotly redraws the slider when a frame lands on one of its steps: a step per cell cost a 900-cell
    # output a redraw on every frame. Large outputs get a step every few cells (play and clicks reach each).
    every = -(-len(cells) // SLIDER_STEPS)
    big = figures.projector()
    # From the top of the plot area down: the caption, the panel titles (one or two lines), column numbers.
    # The caption's axes are a strip two pixels high at the very top (a text trace must sit inside its
    # axes' range to be drawn); its text hangs down from there. The panels start below the titles.
    scale = figures.TEXT_SCALE if big else 1
    lines = 1 + max(layout["annotations"][k]["text"].count("<br>") for k in range(len(titles)))
    caption_lines = 1 + max(frame["data"][-2]["text"][0].count("<br>") for frame in frames)
    # Margins that already hold what Plotly would push them out for: the buttons and the slider below, the
    # row numbers on the left. A chart whose margins grow is laid out twice (Plotly's auto-margin redraw):
    # measured, that second pass was about a fifth of drawing this chart, and Streamlit draws it twice.
    margin = {"t": 18, "b": CONTROLS_PX[big], "l": figures.ROW_NUMBERS_PX, "r": 16}
    # the grid, the margins, the panel titles and column numbers (54 px), the caption's lines
    grid = figures.grid_height(max(rows for rows, _ in [*shapes, view]), shapes=[*shapes, view])
    height = grid + margin["t"] + margin["b"] + TITLES_PX + int(20 * caption_lines * scale)
    plot_height = height - margin["t"] - margin["b"]
    top = 1 - (8 + 20 * caption_lines * scale + 24 + lines * 19 * scale + 6) / plot_height
    # fixed ranges: scatter traces on an axis would make Plotly's autorange pad it by 5%
    origins = [panel.offset for panel in scene.panels] + [(0, 0)]
    for index, ((rows, cols), (first_row, first_col)) in enumerate(zip([*shapes, view], origins), start=1):
        suffix = "" if index == 1 else str(index)
        y = layout[f"yaxis{suffix}"]
        y.pop("autorange", None)
        y.update(domain=[y["domain"][0] * top, top], range=[rows - first_row - 0.5, -first_row - 0.5])
        layout[f"xaxis{suffix}"]["range"] = [-first_col - 0.5, cols - first_col - 0.5]
    for annotation in layout["annotations"]:
        annotation["y"] = top
    strip = 2 / plot_height
    hidden = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    layout[f"xaxis{caption_axis}"] = {
        **hidden,
        "domain": [0, 1],
        "range": [0, 1],
        "anchor": f"y{caption_axis}",
    }
    layout[f"yaxis{caption_axis}"] = {
        **hidden,
        "domain": [1 - strip, 1],
        "range": [0, 2],
        "anchor": f"x{caption_axis}",
    }
    # the buttons BUTTONS_GAP px under the plot, the slider's row 44 px under them (paper units: / plot height)
    buttons, below = -BUTTONS_GAP / plot_height, -(BUTTONS_GAP + 44) / plot_height
    layout.update(
        height=height,
        margin=margin,
        updatemenus=[
            {"type": "buttons", "direction": "left", "buttons": [pause, *play], "x": 0, "xanchor": "left",
             "y": buttons, "yanchor": "top", "pad": {"t": 4}, "showactive": False}
        ],
        sliders=[
            {
                "active": cells.index((i, j)) // every,
                "steps": [
                    {"method": "animate", "label": f"({a}, {b})", "args": animate(0, [str(k)])}
                    for k, (a, b) in enumerate(cells)
                    if k % every == 0
                ],
                "currentvalue": {"prefix": t("anim.cell") + " ", "font": {"size": 14}, "xanchor": "left"},
                "font": {"color": "rgba(0,0,0,0)"},
                "ticklen": 0,
                "tickcolor": "rgba(0,0,0,0)",
                "x": 0,
                "len": 1,
                "y": below,
                "yanchor": "top",
                "pad": {"t": 0, "l": 0, "r": 0},
            }
        ],
    )  # fmt: skip
    return figures.RawFigure({"data": data, "layout": layout, "frames": frames})


def caption(spec: dict, frame: dict | None = None) -> str:
    """The caption a figure from ``build`` shows: as drawn, or in one of its ``frames``."""
    index = next(k for k, trace in enumerate(spec["data"]) if trace.get("name") == CAPTION)
    data = spec["data"][index] if frame is None else frame["data"][frame["traces"].index(index)]
    return data["text"][0].replace("<br>", " ")


def click_trace(scene: Scene) -> int:
    """Index of the invisible click-target trace in ``build``'s figure."""
    return 4 * len(scene.panels) + 4 + (scene.marks is not None)


# Adapters: convcore's walks as scenes.


def _panel(walk, title: str, labels: list[str] | None) -> Panel:
    return Panel(title, walk.padded.numpy(), walk.is_padding(), walk.offset, labels)


def _window_texts(walk) -> tuple[list[list[str]], list[list[int]], list[list[int]]]:
    """Each padded value formatted once, and the padded coordinates each output row/column reads."""
    top, left = walk.offset
    cells = [[number(v) for v in row] for row in walk.padded.tolist()]
    return cells, (walk.rows + top).tolist(), (walk.cols + left).tolist()


def _terms(pairs: list[str], limit: int = 9) -> str:
    if len(pairs) > limit:
        pairs = [*pairs[: limit - 3], f"… ({len(pairs)} {t('anim.terms')})"]
    return " + ".join(pairs)


def conv_scene(walk: SlidingWindow) -> Scene:
    """One input channel and one kernel: 'Y[i, j] = w×k + … = total (+ bias = value)'."""
    cells, rows, cols = _window_texts(walk)
    weights = [number(k) for k in walk.kernel.flatten().tolist()]
    totals = walk.products.sum(dim=(-2, -1)).tolist()

    def caption(i: int, j: int) -> str:
        values = [cells[r][c] for r in rows[i] for c in cols[j]]
        text = f"Y[{i}, {j}] = {_terms([f'{v}×{k}' for v, k in zip(values, weights)])} = {totals[i][j]:.4g}"
        if walk.bias:
            text += f" + {number(walk.bias)} = {totals[i][j] + walk.bias:.4g}"
        return text

    return Scene(
        panels=[_panel(walk, t("anim.input_title"), [f"{float(k):.3g}" for k in walk.kernel.flatten()])],
        rows=walk.rows,
        cols=walk.cols,
        output=walk.output.numpy(),
        output_title=t("anim.output_title"),
        caption=caption,
    )


def channel_scene(walk: ChannelWindow, o: int, channel_names: list[str]) -> Scene:
    """Every input channel with its own kernel; output channel o = the channels' sums + bias[o]."""
    walks = walk.walks[o]
    totals = [w.products.sum(dim=(-2, -1)).tolist() for w in walks]
    bias = float(walk.bias[o])

    def caption(i: int, j: int) -> str:
        parts = [f"{name}: {number(total[i][j], 4)}" for name, total in zip(channel_names, totals)]
        value = sum(total[i][j] for total in totals) + bias
        return f"Y[{o}][{i}, {j}] = {' + '.join(parts)} + {t('anim.bias')}: {number(bias, 4)} = {value:.4g}"

    return Scene(
        panels=[
            _panel(w, name, [f"{float(k):.3g}" for k in w.kernel.flatten()])
            for w, name in zip(walks, channel_names)
        ],
        rows=walks[0].rows,
        cols=walks[0].cols,
        output=walk.output[o].numpy(),
        output_title=t("anim.output_channel", o=o),
        caption=caption,
    )


def pool_scene(walk: PoolWindow) -> Scene:
    """Pooling: 'Y[i, j] = max(…) = v' or '(… ) / n = v'; the max of each window starred."""
    cells, rows, cols = _window_texts(walk)
    output = walk.output.tolist()

    def caption(i: int, j: int) -> str:
        values = [cells[r][c] for r in rows[i] for c in cols[j]]
        if walk.mode == "max":
            return f"Y[{i}, {j}] = max({', '.join(values[:12])}{', …' if len(values) > 12 else ''}) = {output[i][j]:.4g}"
        terms = _terms(values, limit=12)
        return f"Y[{i}, {j}] = ({terms}) / {int(walk.divisors[i, j])} = {output[i][j]:.4g}"

    return Scene(
        panels=[_panel(walk, t("anim.input_title"), None)],
        rows=walk.rows,
        cols=walk.cols,
        output=walk.output.numpy(),
        output_title=t("anim.output_title"),
        caption=caption,
        marks=walk.argmax,
    )
