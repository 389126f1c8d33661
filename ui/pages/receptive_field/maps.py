"""The traced cell's feature maps, as the grid component draws them (kind "fields").

Every map is a panel, the input first, with the selected cell's box lit in each; convcore's regions say
which cells, this module only describes them for the browser.
"""

from __future__ import annotations

import math

import numpy as np

from convcore.receptive_field import ReceptiveField
from ui.i18n import t
from ui.pages.receptive_field.table import layer_label

SMALL = 48  # maps up to this many cells a side (padding included) are drawn cell by cell
COMMON_SCALE = 16  # when every map is this small, all panels share one cell size
CLICK_LIMIT = 4096  # click targets on the last map up to this many cells

# cell categories of a small map (grid.css colours them: map, padding, read, padding in the box, skipped)
REAL, PADDING, READ, BOX_PADDING, GAP = 0, 1, 2, 3, 4


def _per_row(count: int) -> int:
    return count if count <= 5 else math.ceil(count / math.ceil(count / 5))


def _extent(region, padding) -> tuple[tuple[int, int], tuple[int, int]]:
    """(first, last) row and column to show: the padded map and the box, whichever reaches further."""
    (top, left), (bottom, right) = region.box
    h, w = region.size
    return (min(-padding[0], top), max(h - 1 + padding[0], bottom)), (
        min(-padding[1], left),
        max(w - 1 + padding[1], right),
    )


def _categories(region, padding, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    (top, left), (bottom, right) = region.box
    h, w = region.size
    r, c = rows[:, None], cols[None, :]
    real = (r >= 0) & (r < h) & (c >= 0) & (c < w)
    padded = (r >= -padding[0]) & (r < h + padding[0]) & (c >= -padding[1]) & (c < w + padding[1])
    inbox = (r >= top) & (r <= bottom) & (c >= left) & (c <= right)
    read = np.isin(r, region.rows) & np.isin(c, region.cols)
    z = np.full(real.shape, np.nan)
    z[padded] = PADDING
    z[real] = REAL
    z[inbox & ~real] = BOX_PADDING
    z[inbox & real] = GAP
    z[inbox & real & read] = READ
    return z


def _title(region, index: int, fields, show_read: bool) -> dict:
    """A panel's three title lines: which map, its size, and its box's counts (plain text)."""
    h, w = region.size
    if index == 0:
        head = t("rf.panel_input")
    else:
        head = t("rf.panel_layer", n=index, layer=layer_label(fields[index - 1].layer))
    bh, bw = region.box_shape
    values = {"bh": bh, "bw": bw, "cells": region.box_cells, "pad": region.box_padding_cells}
    if show_read and region.read_cells < region.box_cells - region.box_padding_cells:
        counts = t("rf.panel_counts_gaps", read=region.read_cells, **values)
    else:
        counts = t("rf.panel_counts", **values)
    return {"head": head, "size_text": t("rf.panel_size", h=h, w=w), "counts": counts}


CATEGORY_CHARS = "01234"  # REAL, PADDING, READ, BOX_PADDING, GAP; "~" outside the padded map


def maps_payload(maps, fields: list[ReceptiveField], cell: tuple[int, int], big: bool = False) -> dict:
    """Every feature map as a panel for the grid component (kind "fields"), the input first.

    Each panel carries its extent (the padded map and the box, whichever reaches further), its padding and
    the box. A map up to ``SMALL`` cells a side also carries one category character a cell (map, padding,
    read, padding inside the box, skipped inside the box); a larger one is drawn as exact rectangles. The
    last map is clickable up to ``CLICK_LIMIT`` cells. When every map is at most ``COMMON_SCALE`` cells a
    side, all panels share one cell size, so sizes compare across layers.
    """
    count = len(maps)
    paddings = [fields[m].layer.padding for m in range(count - 1)] + [(0, 0)]
    extents = [_extent(region, padding) for region, padding in zip(maps, paddings)]
    spans = [max(rows[1] - rows[0], cols[1] - cols[0]) + 1 for rows, cols in extents]
    common = max(spans) if max(spans) <= COMMON_SCALE else None
    panels = []
    for m, (region, padding, ((r0, r1), (c0, c1))) in enumerate(zip(maps, paddings, extents)):
        small = spans[m] <= SMALL
        (top, left), (bottom, right) = region.box
        panel = {
            "name": f"map{m}",
            "rows": [int(r0), int(r1)],
            "cols": [int(c0), int(c1)],
            "size": [int(v) for v in region.size],
            "padding": [int(v) for v in padding],
            "box": [int(top), int(left), int(bottom), int(right)],
            "cats": None,
            "click": False,
            **_title(region, m, fields, small),
        }
        if small:
            z = _categories(region, padding, np.arange(r0, r1 + 1), np.arange(c0, c1 + 1))
            codes = np.where(np.isnan(z), -1, z).astype(int).ravel()
            panel["cats"] = "".join("~" if code < 0 else CATEGORY_CHARS[code] for code in codes.tolist())
        panels.append(panel)
    h, w = maps[-1].size
    panels[-1]["click"] = h * w <= CLICK_LIMIT
    return {
        "kind": "fields",
        "panels": panels,
        "common": common,
        "per_row": _per_row(count),
        "cell": [int(cell[0]), int(cell[1])],
        "projector": bool(big),
    }
