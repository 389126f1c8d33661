"""Plotly figure builders: they draw what convcore computed, and nothing else.

Figures are built as plain dicts (plotly's graph objects validate every
attribute, which costs tens of milliseconds a figure and seconds for an
animation) and handed to Streamlit as a ``RawFigure``. Grids put row 0 at the
top and draw square cells; values are written in the cells when the grid is
small enough to read them.
"""

from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image

# negative blue, zero white, positive red (ColorBrewer RdBu, spelled out so no theme can swap it)
DIVERGING = [
    [index / 10, colour]
    for index, colour in enumerate(
        ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d",
         "#b2182b", "#67001f"]
    )
]  # fmt: skip
GRAY = [[0, "#000000"], [1, "#ffffff"]]
VALUE_LIMIT = 16  # write values in cells up to this many rows and columns
VALUE_FORMAT = "%{z:.3~g}"
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
GAP = 0.06  # horizontal space between panels, as a fraction of the width


class RawFigure(go.Figure):
    """A figure whose spec is a ready dict: Streamlit serialises it without plotly's validation.

    Streamlit asks only that it is a plotly figure and calls ``to_dict``; plotly's own ``__init__`` (an
    empty figure, its template deep-copied, ~0.4 ms a chart on every rerun) is skipped.
    """

    def __init__(self, spec: dict):  # no super().__init__(): see the docstring
        self._spec = enlarge(spec) if projector() else spec

    def to_dict(self):
        return self._spec

    @property
    def spec(self) -> dict:
        return self._spec


def show_values(shape) -> bool:
    return max(shape) <= VALUE_LIMIT


PROJECTOR_SCALE = 1.45  # cells in projector mode: readable from the back of a room


def projector() -> bool:
    """Whether this session is in projector mode (the sidebar toggle); False outside a Streamlit run."""
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None and bool(st.session_state.get("projector"))


TEXT_SCALE = 1.25  # type inside charts in projector mode (Plotly sizes buttons and labels to fit it)


def _scaled(font: dict | None, default: float) -> dict:
    font = dict(font or {})
    font["size"] = round(font.get("size", default) * TEXT_SCALE, 1)
    return font


def enlarge(spec: dict) -> dict:
    """The same figure with larger type: the layout's font, titles, annotations, buttons and cell text."""
    layout = dict(spec.get("layout", {}))
    layout["font"] = _scaled(layout.get("font"), 12)
    if isinstance(layout.get("title"), dict):
        layout["title"] = {**layout["title"], "font": _scaled(layout["title"].get("font"), 17)}
    for name in ("annotations", "updatemenus", "sliders"):
        if name in layout:
            layout[name] = [{**item, "font": _scaled(item.get("font"), 12)} for item in layout[name]]
    data = [{**trace, "textfont": _scaled(trace["textfont"], 12)} if "textfont" in trace else trace
            for trace in spec.get("data", [])]  # fmt: skip
    return {**spec, "layout": layout, "data": data}


CHART_WIDTH = 940  # a chart's width in pixels in a 1400-px window (Streamlit's wide layout)


def grid_height(rows: int, big: bool | None = None, shapes: list[tuple[int, int]] | None = None) -> int:
    """Pixel height for a grid of ``rows`` rows: big cells for small grids, capped for large ones.

    In projector mode (``big``, by default the session's setting) every cell is larger. ``shapes``, the
    panels side by side: cells are square, so wide panels are limited by the chart's width, and a height
    planned from the rows alone left blank bands above and below them (a landscape photo, say).
    """
    scale = PROJECTOR_SCALE if (projector() if big is None else big) else 1.0
    height = int(np.clip(rows * 56 * scale, 240 * scale, 560 * scale))
    if shapes:
        columns = sum(max(1, cols) for _, cols in shapes)
        cell = CHART_WIDTH * (1 - GAP * (len(shapes) - 1)) / columns
        height = min(height, max(120, int(rows * cell)))
    return height


def _list(values: np.ndarray) -> list:
    """Values as JSON-ready nested lists, NaN as None (a gap in a heatmap)."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values), values, None).tolist()


def rect(xref, yref, x0, x1, y0, y1, line=None, fill=None, width=2) -> dict:
    """A rectangle around cells x0..x1, y0..y1 (inclusive, cell centres on integers)."""
    shape = {
        "type": "rect",
        "xref": xref,
        "yref": yref,
        "x0": float(x0) - 0.5,
        "x1": float(x1) + 0.5,
        "y0": float(y0) - 0.5,
        "y1": float(y1) + 0.5,
        "line": {"color": line or "rgba(0,0,0,0)", "width": width if line else 0},
    }
    if fill:
        shape.update(fillcolor=fill, layer="above")
    return shape


def axes(index: int) -> dict:
    """The trace keys that put a trace on panel ``index`` (1-based): {"xaxis": "x2", "yaxis": "y2"}."""
    return {"xaxis": "x" if index == 1 else f"x{index}", "yaxis": "y" if index == 1 else f"y{index}"}


def heatmap(z, x, y, scale, axis: int = 1, values: bool = False, hover: bool = True) -> dict:
    """One grid of values on panel ``axis``. ``scale`` "diverging" centres the colours on 0."""
    z = np.asarray(z, dtype=float)
    trace = {
        "type": "heatmap",
        "z": _list(z),
        "x": np.asarray(x).tolist(),
        "y": np.asarray(y).tolist(),
        **axes(axis),
        "showscale": False,
        "xgap": 1,
        "ygap": 1,
        "textfont": {"size": 13},
    }
    if scale == "diverging":
        finite = z[np.isfinite(z)]
        bound = float(np.abs(finite).max()) if finite.size else 0.0
        trace.update(colorscale=DIVERGING, zmid=0, zmin=-(bound or 1), zmax=bound or 1)
    else:
        trace["colorscale"] = GRAY if scale == "gray" else scale
    if values:
        trace["texttemplate"] = VALUE_FORMAT
    if hover:
        trace["hovertemplate"] = "row %{y}, col %{x}: %{z:.4g}<extra></extra>"
    else:
        trace["hoverinfo"] = "skip"
    return trace


WRAP = 16  # with three or more panels, titles longer than this take two lines (a phone is 390 px wide)


def wrap(title: str, width: int = WRAP) -> str:
    """A long title on two lines, broken at the space or bracket nearest its middle; short ones as they are."""
    if len(title) <= width or "<br>" in title:
        return title
    breaks = [k for k, c in enumerate(title) if c == " " or (c in "(（" and k > 0)]
    if not breaks:
        return title
    k = min(breaks, key=lambda k: abs(k - len(title) / 2))
    return title[:k].rstrip() + "<br>" + title[k:].lstrip()


ROW_NUMBERS_PX = 42  # room for two-digit row numbers left of a grid


def panels(shapes: list[tuple[int, int]], titles: list[str], grid: bool = True) -> dict:
    """Layout for grids side by side with one cell size for all: widths and heights follow their shapes.

    Column numbers go on top (the row of buttons and sliders lives below); titles sit above them.
    """
    available = 1 - GAP * (len(shapes) - 1)
    total = sum(max(1, cols) for _, cols in shapes)
    tallest = max(max(1, rows) for rows, _ in shapes)
    if len(shapes) >= 3:
        titles = [wrap(title) for title in titles]
    lines = max(title.count("<br>") for title in titles) if titles else 0
    # the left margin holds the row numbers (Plotly grew it to 32-38 px on a phone or a projector, and a
    # margin Plotly has to grow costs the chart a second layout pass)
    margin = {"t": 70 + 18 * lines, "b": 10, "l": ROW_NUMBERS_PX if grid else 10, "r": 10}
    layout: dict = {"annotations": [], "showlegend": False, "margin": margin}
    left = 0.0
    for index, ((rows, cols), title) in enumerate(zip(shapes, titles), start=1):
        right = left + available * max(1, cols) / total
        bottom = 1 - max(1, rows) / tallest
        suffix = "" if index == 1 else str(index)
        common = {"showgrid": False, "zeroline": False, "constrain": "domain"}
        if grid:
            common["dtick"] = 1 if max(rows, cols) <= VALUE_LIMIT else 5
        else:
            common["showticklabels"] = False
        layout[f"xaxis{suffix}"] = {**common, "domain": [left, right], "anchor": f"y{suffix}", "side": "top",
                                    "scaleanchor": f"y{suffix}"}  # fmt: skip
        layout[f"yaxis{suffix}"] = {
            **common,
            "domain": [bottom, 1],
            "anchor": f"x{suffix}",
            "autorange": "reversed",
        }
        layout["annotations"].append(
            {"text": title, "x": (left + right) / 2, "y": 1, "xref": "paper", "yref": "paper",
             "xanchor": "center", "yanchor": "bottom", "yshift": 24 if grid else 4, "showarrow": False,
             "font": {"size": 15}}
        )  # fmt: skip
        left = right + GAP
    return layout


def grids(matrices: list[tuple[str, np.ndarray, str]], height: int | None = None) -> RawFigure:
    """Several small grids side by side, each (title, values, scale)."""
    arrays = [np.asarray(values, dtype=float) for _, values, _ in matrices]
    layout = panels([a.shape for a in arrays], [title for title, _, _ in matrices])
    layout["height"] = (
        height or grid_height(max(a.shape[0] for a in arrays), shapes=[a.shape for a in arrays]) + 80
    )
    data = [
        heatmap(a, np.arange(a.shape[1]), np.arange(a.shape[0]), scale, index, show_values(a.shape))
        for index, (a, (_, _, scale)) in enumerate(zip(arrays, matrices), start=1)
    ]
    return RawFigure({"data": data, "layout": layout})


def to_image(values: np.ndarray) -> np.ndarray:
    """A greyscale uint8 image of ``values``, stretched to its own min..max (a flat map is mid-grey)."""
    values = np.asarray(values, dtype=float)
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return np.full(values.shape, 128, dtype=np.uint8)
    return np.round((values - low) / (high - low) * 255).astype(np.uint8)


JPEG_QUALITY = 90


def jpeg(pixels: np.ndarray) -> bytes:
    """A uint8 picture (greyscale, or RGB on the last axis) as JPEG bytes for ``st.image``.

    Given an array, Streamlit encodes a JPEG at quality 100: 540-700 kB for a 1024x720 greyscale map,
    sent again on every rerun that changes it. Quality 90 is less than half of that and looks the same.
    """
    buffer = io.BytesIO()
    picture = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8))
    # subsampling 0: colour at full resolution, so the edges between colour channels stay sharp
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    return buffer.getvalue()
