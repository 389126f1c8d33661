"""The selected output cell of a page, in one place: read (kept inside the map), and pinned by a click.

A page keeps its cell in session state under one key (``ex_cell``, ``rf_cell``, ...), which its link
carries (``state.cell``). The grid component pins a cell by setting its state ``{"cell": [row, col]}``
(the receptive-field maps add the click's time, so every click is a change); ``pin`` turns that into the
page's cell, ignoring anything malformed or outside the map.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

Cell = tuple[int, int]


def inside(cell, shape: tuple[int, int]) -> Cell:
    """``cell`` moved inside a map of ``shape`` (the map may have shrunk since it was chosen)."""
    return (min(max(int(cell[0]), 0), shape[0] - 1), min(max(int(cell[1]), 0), shape[1] - 1))


def get(key: str, shape: tuple[int, int], default: Cell | None = None) -> Cell:
    """The page's cell, kept inside ``shape`` and written back; ``default`` (else the map's centre) when
    there is none yet."""
    cell = st.session_state.get(key)
    if cell is None:
        cell = default if default is not None else (shape[0] // 2, shape[1] // 2)
    cell = inside(cell, shape)
    st.session_state[key] = cell
    return cell


def parse(value, shape: tuple[int, int]) -> Cell | None:
    """The cell a grid component's state pins (``{"cell": [row, col, ...]}``), or None when it is missing,
    malformed or outside a map of ``shape``."""
    cell = value.get("cell") if hasattr(value, "get") else None
    if not isinstance(cell, list | tuple) or len(cell) < 2 or not all(type(n) is int for n in cell[:2]):
        return None
    i, j = cell[0], cell[1]
    return (i, j) if 0 <= i < shape[0] and 0 <= j < shape[1] else None


def _pin(component: str, key: str, shape: Callable[[], tuple[int, int]] | tuple[int, int]) -> None:
    picked = parse(st.session_state.get(component), shape() if callable(shape) else shape)
    if picked is not None:
        st.session_state[key] = picked


def pin(component: str, key: str, shape) -> Callable[[], None]:
    """The callback for the grid component under ``component``: its pinned cell becomes ``key``'s.

    ``shape``: the map's shape, or a function returning it when the callback runs."""
    return functools.partial(_pin, component, key, shape)
