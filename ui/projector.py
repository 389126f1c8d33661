"""Projector mode, in one place: a session-wide switch for a room (the sidebar toggle, kept in the link).

Everything that draws bigger for a room asks ``on()``: the page's CSS (``style()``), Plotly's type
(``ui.figures``), the grid component's payloads (``ui.grid``) and the pages' own charts.
"""

from __future__ import annotations

KEY = "projector"  # the session-state key, the toggle's key and the link parameter
LINK_ON = "1"

# Larger type for a room. Static CSS; no user text ever reaches it.
CSS = """
<style>
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 3.2rem; }
[data-testid="stMain"] h3 { font-size: 2.1rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label { font-size: 1.3rem !important; }
[data-testid="stMain"] input, [data-testid="stMain"] [data-baseweb="select"] div { font-size: 1.2rem; }
[data-testid="stMain"] button p { font-size: 1.2rem !important; }
/* captions in full contrast: Streamlit's light grey fades on a projector */
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { color: #1f1f1f !important; }
</style>
"""


def on() -> bool:
    """Whether this session is in projector mode; False outside a Streamlit run (tests, the benchmark)."""
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    return get_script_run_ctx(suppress_warning=True) is not None and bool(st.session_state.get(KEY))


def from_link(url: dict) -> None:
    """A link was opened: it decides (on only when it says so)."""
    import streamlit as st

    st.session_state[KEY] = url.get(KEY) == LINK_ON


def to_link(values: dict) -> None:
    """Add the mode to a link's values when it is on."""
    if on():
        values[KEY] = LINK_ON


def toggle(label: str, help_text: str) -> None:
    """The sidebar's switch."""
    import streamlit as st

    st.toggle(label, key=KEY, help=help_text)


def style() -> None:
    """The room's larger type, on the page when the mode is on (style only: it takes no space)."""
    import streamlit as st

    if on():
        st.html(CSS)
