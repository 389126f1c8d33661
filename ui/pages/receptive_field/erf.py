"""The effective receptive field's chart: |gradient| over the input beside the theoretical box, and the
mass per input column against the theoretical field's flat profile (Plotly: an image and a line chart)."""

from __future__ import annotations

import base64

import numpy as np

from ui import figures
from ui.i18n import t

ERF_SCALE = [[0, "#ffffff"], [0.15, "#c6dbef"], [0.45, "#6baed6"], [0.75, "#2171b5"], [1, "#08306b"]]
ERF_BOX = "#e8590c"


def _ticks(first: int, last: int, cell_px: float) -> dict:
    """Tick labels on the cells of the extent only: every cell when they are big enough, else every 5th or
    10th, else Plotly's choice."""
    label_px = 7 * len(str(last)) + 12
    for step in (1, 5, 10, 25, 50, 100):
        if cell_px * step >= label_px:
            return {"tickvals": [v for v in range(first, last + 1) if v % step == 0]}
    return {"nticks": 5}


def _typed(values: np.ndarray) -> dict:
    """A float32 array in Plotly's typed-array JSON form: a tenth of the bytes of nested lists, no loop."""
    values = np.ascontiguousarray(values, dtype=np.float32)
    return {
        "dtype": "f4",
        "bdata": base64.b64encode(values.tobytes()).decode(),
        "shape": ",".join(map(str, values.shape)),
    }


def _clip(box, size):
    (top, left), (bottom, right) = box
    return (max(top, 0), max(left, 0)), (min(bottom, size[0] - 1), min(right, size[1] - 1))


def erf_figure(grad: np.ndarray, box, core, big: bool = False) -> figures.RawFigure:
    """|gradient| over the input with the theoretical box (solid) and its central 95% (dashed); beside it,
    the mass per input column against the theoretical field's flat profile."""
    grad = np.asarray(grad, dtype=np.float32)
    h, w = grad.shape
    peak = float(grad.max()) or 1.0
    heat = {
        "type": "heatmap",
        "z": _typed(grad) if grad.size > 1024 else grad.tolist(),
        "xaxis": "x",
        "yaxis": "y",
        "colorscale": ERF_SCALE,
        "zmin": 0,
        "zmax": peak,
        "showscale": True,
        "colorbar": {
            "thickness": 12,
            "x": 0.55,
            "len": 0.9,
            "tickformat": ".2~g",
            "tickfont": {"size": 17 if big else 12},
        },
        "hovertemplate": "row %{y}, col %{x}: %{z:.3g}<extra></extra>",
    }
    if max(h, w) <= 6:
        heat.update(texttemplate="%{z:.2~g}", textfont={"size": 14})
    (top, left), (bottom, right) = _clip(box, (h, w))
    shapes = [{**figures.rect("x", "y", left, right, top, bottom, line=ERF_BOX, width=3), "name": "theory"}]
    if core is not None:
        (ct, cl), (cb, cr) = _clip(core, (h, w))
        core_shape = figures.rect("x", "y", cl, cr, ct, cb, line=ERF_BOX, width=2)
        core_shape["line"]["dash"] = "dash"
        shapes.append({**core_shape, "name": "core"})
    columns = grad.sum(axis=0)
    profile = columns / (columns.max() or 1.0)
    x = list(range(w))
    data = [
        heat,
        {"type": "scatter", "x": [left - 0.5, left - 0.5, right + 0.5, right + 0.5], "y": [0, 1, 1, 0],
         "xaxis": "x2", "yaxis": "y2", "mode": "lines", "line": {"color": ERF_BOX, "width": 2.5},
         "name": t("rf.erf_profile_box"), "hoverinfo": "skip"},
        {"type": "scatter", "x": x, "y": np.round(profile, 4).tolist(), "xaxis": "x2", "yaxis": "y2",
         "mode": "lines+markers" if w <= 48 else "lines", "line": {"color": "#2171b5", "width": 3},
         "marker": {"size": 6}, "name": t("rf.erf_profile_erf"),
         "hovertemplate": "col %{x}: %{y:.3f}<extra></extra>"},
    ]  # fmt: skip
    text = 17 if big else 13  # projector mode's CSS draws chart text at 17px: lay it out at that size
    axis = {"showgrid": False, "zeroline": False, "tickfont": {"size": text if big else 12}}
    profile_left = 0.72 if big else 0.66  # projector type makes the colour bar's labels wider
    layout = {
        "height": 540 if big else 460,
        # row numbers and the profile's edge inside the margins: a margin Plotly grows is a second layout
        # pass (a phone still grows the right one, for the profile's axis)
        "margin": {"t": 72 if big else 60, "b": 40, "l": figures.ROW_NUMBERS_PX, "r": 24},
        "plot_bgcolor": "#ffffff",
        "xaxis": {**axis, "domain": [0, 0.52], "range": [-0.5, w - 0.5], "side": "top", "scaleanchor": "y",
                  "constrain": "domain", **_ticks(0, w - 1, 400 / max(h, w))},
        "yaxis": {**axis, "domain": [0, 1], "range": [h - 0.5, -0.5], "constrain": "domain",
                  **_ticks(0, h - 1, 400 / max(h, w))},
        "xaxis2": {**axis, "domain": [profile_left, 1], "anchor": "y2", "range": [-0.5, w - 0.5],
                   "title": {"text": t("rf.erf_column"), "font": {"size": text}}},
        "yaxis2": {**axis, "domain": [0.1, 0.74 if big else 0.8], "anchor": "x2", "range": [0, 1.08], "showgrid": True,
                   "gridcolor": "#eeeeee"},
        "legend": {"x": (1 + profile_left) / 2, "xanchor": "center", "y": 0.76 if big else 0.82, "yanchor": "bottom", "orientation": "h",
                   "font": {"size": text}},
        "showlegend": True,
        "shapes": shapes,
        "annotations": [
            {"text": f"<b>{t('rf.erf_heat_title')}</b>", "x": 0.26, "y": 1, "xref": "paper", "yref": "paper",
             "xanchor": "center", "yanchor": "bottom", "yshift": 32 if big else 24, "showarrow": False,
             "font": {"size": text + 2}},
            {"text": f"<b>{t('rf.erf_profile_title')}</b>", "x": (1 + profile_left) / 2, "y": 0.9, "xref": "paper",
             "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
             "font": {"size": text + 2}},
        ],
    }  # fmt: skip
    return figures.RawFigure({"data": data, "layout": layout})
