"""Plotly figure builders: they draw what convcore computed, and nothing else.

Grids put row 0 at the top and draw square cells; values are written in the
cells when the grid is small enough to read them.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

PADDING_SCALE = [[0, "#d8cdee"], [1, "#d8cdee"]]  # one tint for every padding cell
DIVERGING = "RdBu_r"  # negative blue, zero white, positive red
VALUE_LIMIT = 16  # write values in cells up to this many rows and columns
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def show_values(shape) -> bool:
    return max(shape) <= VALUE_LIMIT


def grid_height(rows: int) -> int:
    """Pixel height for a grid of ``rows`` rows: big cells for small grids, capped for large ones."""
    return int(np.clip(rows * 56, 240, 560))


def rect(xref, yref, x0, x1, y0, y1, line=None, fill=None, width=2, dash=None) -> dict:
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
    if dash:
        shape["line"]["dash"] = dash
    if fill:
        shape["fillcolor"] = fill
        shape["layer"] = "above"
    return shape


def heatmap_trace(z, x, y, scale: str | list, text_template: str | None) -> go.Heatmap:
    """One grid of values. ``scale`` "diverging" centres the colours on 0."""
    z = np.asarray(z, dtype=float)
    options = {}
    if scale == "diverging":
        finite = z[np.isfinite(z)]
        bound = float(np.abs(finite).max()) if finite.size else 1.0
        options = {"colorscale": DIVERGING, "zmid": 0, "zmin": -bound or -1, "zmax": bound or 1}
    else:
        options = {"colorscale": scale}
    return go.Heatmap(
        z=z,
        x=np.asarray(x),
        y=np.asarray(y),
        showscale=False,
        xgap=1,
        ygap=1,
        texttemplate=text_template,
        textfont={"size": 13},
        hoverinfo="skip" if scale == "diverging" else "x+y+z",
        hovertemplate=None if scale == "diverging" else "row %{y}, col %{x}: %{z:.4g}<extra></extra>",
        **options,
    )


def click_targets(rows, cols, values) -> go.Scatter:
    """Invisible markers on output cell centres: Plotly heatmaps send no click events, scatter points do."""
    return go.Scatter(
        x=np.asarray(cols),
        y=np.asarray(rows),
        mode="markers",
        marker={"size": 18, "opacity": 0, "symbol": "square"},
        customdata=np.stack([rows, cols], axis=1),
        text=[f"{v:.4g}" for v in np.asarray(values)],
        hovertemplate="Y[%{customdata[0]}, %{customdata[1]}] = %{text}<extra></extra>",
        showlegend=False,
    )


def square_cells(figure: go.Figure, panels: int) -> None:
    """Row 0 at the top, square cells, integer ticks, in every panel."""
    for index in range(1, panels + 1):
        suffix = "" if index == 1 else str(index)
        figure.update_layout(
            {
                f"xaxis{suffix}": {
                    "scaleanchor": f"y{suffix}",
                    "constrain": "domain",
                    "dtick": 1,
                    "showgrid": False,
                    "zeroline": False,
                },
                f"yaxis{suffix}": {
                    "autorange": "reversed",
                    "constrain": "domain",
                    "dtick": 1,
                    "showgrid": False,
                    "zeroline": False,
                },
            }
        )


def grids(matrices: list[tuple[str, np.ndarray, str]], height: int | None = None) -> go.Figure:
    """Several small grids side by side, each (title, values, scale)."""
    figure = make_subplots(
        rows=1,
        cols=len(matrices),
        subplot_titles=[title for title, _, _ in matrices],
        column_widths=[max(1, np.asarray(m).shape[1]) for _, m, _ in matrices],
        horizontal_spacing=0.06,
    )
    for index, (_, values, scale) in enumerate(matrices, start=1):
        values = np.asarray(values, dtype=float)
        text = "%{z:.3~g}" if show_values(values.shape) else None
        figure.add_trace(
            heatmap_trace(values, np.arange(values.shape[1]), np.arange(values.shape[0]), scale, text),
            1,
            index,
        )
    rows = max(np.asarray(m).shape[0] for _, m, _ in matrices)
    figure.update_layout(height=height or grid_height(rows) + 60, margin={"t": 50, "b": 10, "l": 10, "r": 10})
    square_cells(figure, len(matrices))
    return figure


def feature_map(values: np.ndarray, title: str) -> go.Figure:
    """The output as an annotated heatmap, colours centred on 0, with a colour bar."""
    figure = grids([(title, values, "diverging")])
    figure.update_traces(showscale=True, colorbar={"thickness": 12})
    return figure


def images(panels: list[tuple[str, np.ndarray]]) -> go.Figure:
    """Greyscale images side by side, each stretched to its own min..max."""
    figure = make_subplots(
        rows=1, cols=len(panels), subplot_titles=[title for title, _ in panels], horizontal_spacing=0.04
    )
    for index, (_, values) in enumerate(panels, start=1):
        values = np.asarray(values, dtype=float)
        figure.add_trace(
            go.Heatmap(
                z=values,
                colorscale="gray",
                showscale=False,
                hovertemplate="row %{y}, col %{x}: %{z:.4g}<extra></extra>",
            ),
            1,
            index,
        )
    figure.update_layout(height=380, margin={"t": 40, "b": 10, "l": 10, "r": 10})
    for index in range(1, len(panels) + 1):
        suffix = "" if index == 1 else str(index)
        figure.update_layout(
            {
                f"xaxis{suffix}": {
                    "scaleanchor": f"y{suffix}",
                    "constrain": "domain",
                    "showticklabels": False,
                },
                f"yaxis{suffix}": {"autorange": "reversed", "showticklabels": False},
            }
        )
    return figure
