"""The sliding window on a page: the grid component, the pinned cell, and the page's link.

One section for every page that slides a window (the explorer, several channels, pooling). The grid
component (``ui.grid``) plays, steps, scrubs and hovers in the browser and shows the arithmetic of the
cell on display; a click on an output cell pins it, and only that reaches the server: the pinned cell lives
in session state under ``{key}_cell`` and the page's link carries it.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import grid, selection, state
from ui.i18n import t


def selected_cell(key: str, shape: tuple[int, int]) -> tuple[int, int]:
    """The pinned output cell, kept inside ``shape`` (the output may have shrunk since)."""
    return selection.get(f"{key}_cell", shape, (0, 0))


@st.fragment
def cell_section(
    key: str,
    shape: tuple[int, int],
    payload: Callable[[tuple[int, int]], dict],
    params: list[state.Param],
    below: Callable[[tuple[int, int]], None] | None = None,
    help_key: str = "window.anim_help",
) -> None:
    """The grid component and its help line (``help_key``), as one fragment, then ``below(cell)`` if given
    (what follows the pinned cell, such as the explorer's SVG of that frame).

    A pin reruns only this part, not the page's controls, formulas and other charts. The page's link
    names the cell, so the fragment publishes it too (a fragment run does not reach the page's own
    ``state.publish``).
    """
    cell = selected_cell(key, shape)
    grid.show(f"{key}_anim", payload(cell), selection.pin(f"{key}_anim", f"{key}_cell", shape))
    st.caption(t(help_key))
    if below is not None:
        below(cell)
    state.publish(params)
