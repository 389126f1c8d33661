"""What every page shares: page config, the sidebar (language, projector mode) and its styles."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import LANGUAGE_NAMES, language, t

# Always: a wide formula scrolls inside its own box on a narrow (phone) screen instead of off the page.
BASE_CSS = """
<style>
.katex-display { overflow-x: auto; overflow-y: hidden; padding-bottom: 2px; }
</style>
"""

# Projector mode: larger type for a room. Static CSS; no user text ever reaches it.
PROJECTOR_CSS = """
<style>
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] h1 { font-size: 3.2rem; }
[data-testid="stMain"] h3 { font-size: 2.1rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label { font-size: 1.3rem !important; }
[data-testid="stMain"] input, [data-testid="stMain"] [data-baseweb="select"] div { font-size: 1.2rem; }
[data-testid="stMain"] button p { font-size: 1.2rem !important; }
</style>
"""


def configure() -> None:
    """Page config and the sidebar, called once by app.py before the page runs."""
    url = {key: st.query_params.get(key) for key in st.query_params}
    if state.from_outside(url):  # a link was opened or the address edited: it decides
        if url.get("lang") in LANGUAGE_NAMES:
            st.session_state["lang"] = url["lang"]
        st.session_state["projector"] = url.get("projector") == "1"
    language()  # settle the session's language before any string is drawn
    st.set_page_config(page_title=t("app.title"), page_icon=":material/grid_on:", layout="wide")
    with st.sidebar:
        st.segmented_control(
            t("sidebar.language"), list(LANGUAGE_NAMES), key="lang", format_func=LANGUAGE_NAMES.get,
            selection_mode="single", required=True,
        )  # fmt: skip
        st.toggle(t("sidebar.projector"), key="projector", help=t("sidebar.projector_help"))
        st.caption(t("sidebar.about"))
    st.html(BASE_CSS + (PROJECTOR_CSS if st.session_state["projector"] else ""))
