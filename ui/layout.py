"""What every page shares: page config and the sidebar."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t


def configure() -> None:
    """Page config and the sidebar, called once by app.py before the page runs."""
    st.set_page_config(page_title=t("app.title"), page_icon=":material/grid_on:", layout="wide")
    with st.sidebar:
        st.caption(t("sidebar.about"))
