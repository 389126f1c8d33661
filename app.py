"""The router: shared page config and sidebar, then the page the URL names.

Page files live in views/, not pages/: with a top-level pages/ folder Streamlit runs a
deep link on a fresh server as a legacy multipage app, skipping this router.
"""

import streamlit as st

import ui.startup  # noqa: F401  (heavy imports and gc.freeze, once per process)
from ui import layout, state
from ui.i18n import t


def pages() -> list:
    """The routed pages, titled in the session's language."""
    return [
        st.Page("views/home.py", title=t("nav.home"), icon=":material/home:", url_path="index", default=True),
        # the same home page at /home too (the default page lives at /; a typed or shared /home must not
        # end in "page not found"); hidden, so the sidebar lists Home once
        st.Page(
            "views/home.py", title=t("nav.home"), icon=":material/home:", url_path="home", visibility="hidden"
        ),
        st.Page("views/explorer.py", title=t("nav.explorer"), icon=":material/grid_on:", url_path="explorer"),
        st.Page("views/channels.py", title=t("nav.channels"), icon=":material/layers:", url_path="channels"),
        st.Page(
            "views/transposed.py",
            title=t("nav.transposed"),
            icon=":material/open_in_full:",
            url_path="transposed",
        ),
        st.Page("views/matmul.py", title=t("nav.matmul"), icon=":material/view_column:", url_path="matmul"),
        st.Page("views/conv1d.py", title=t("nav.conv1d"), icon=":material/timeline:", url_path="conv1d"),
        st.Page(
            "views/receptive_field.py",
            title=t("nav.receptive_field"),
            icon=":material/filter_center_focus:",
            url_path="receptive-field",
        ),
        st.Page("views/learn.py", title=t("nav.learn"), icon=":material/school:", url_path="learn"),
        st.Page("views/lenet.py", title=t("nav.lenet"), icon=":material/neurology:", url_path="lenet"),
    ]


layout.configure()
st.navigation(pages()).run()
state.publish_shared()
