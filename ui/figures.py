"""What the Plotly charts share (the loss curve, the effective receptive field, exports), and images.

Grids of numbers are the grid component's (``ui/grid``). Figures are built as plain dicts (plotly's graph
objects validate every attribute, which costs tens of milliseconds a figure) and handed to Streamlit as a
``RawFigure``; projector mode enlarges their type.
"""

from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from ui import projector

CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


class RawFigure(go.Figure):
    """A figure whose spec is a ready dict: Streamlit serialises it without plotly's validation.

    Streamlit asks only that it is a plotly figure and calls ``to_dict``; plotly's own ``__init__`` (an
    empty figure, its template deep-copied, ~0.4 ms a chart on every rerun) is skipped.
    """

    def __init__(self, spec: dict):  # no super().__init__(): see the docstring
        self._spec = enlarge(spec) if projector.on() else spec

    def to_dict(self):
        return self._spec

    @property
    def spec(self) -> dict:
        return self._spec


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


ROW_NUMBERS_PX = 42  # room for two-digit row numbers left of a grid


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
