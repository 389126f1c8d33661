"""The grids' playing speed, in one place: a session-wide choice kept in the link (``?speed=2``).

The grid component plays a walk at a pace of its own (at 1x a short walk at one step a second, any walk
in about ten seconds: ``grid.js``'s ``period``); the speed multiplies it. A speed picked in any grid
comes back here (the component's ``speed`` state), so every grid on every page plays at it and the
link carries it, as it carries the language and projector mode.
"""

from __future__ import annotations

KEY = "speed"  # the session-state key and the link parameter
SPEEDS = ("0.5", "1", "2", "4", "10")  # grid.js's SPEEDS values, as the link writes them
DEFAULT = "1"


def get() -> str:
    """The session's speed (the default outside a Streamlit run)."""
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT
    value = st.session_state.get(KEY, DEFAULT)
    return value if value in SPEEDS else DEFAULT


def from_link(url: dict) -> None:
    """A link was opened: it decides (the default when it names no speed, or one that is not offered)."""
    import streamlit as st

    st.session_state[KEY] = url.get(KEY) if url.get(KEY) in SPEEDS else DEFAULT


def to_link(values: dict) -> None:
    """Add the speed to a link's values when it is not the default."""
    if get() != DEFAULT:
        values[KEY] = get()


def keep(component: str) -> None:
    """The callback of the grid component under ``component``: a speed picked there becomes the session's."""
    import streamlit as st

    value = st.session_state.get(component)
    picked = value.get(KEY) if hasattr(value, "get") else None
    if picked in SPEEDS:
        st.session_state[KEY] = picked
