"""What every page shares: page config, the sidebar (language, projector mode) and its styles."""

from __future__ import annotations

import streamlit as st

from ui import projector, state
from ui.i18n import LANGUAGE_NAMES, language, t

# Always: a wide formula scrolls inside its own box on a narrow (phone) screen instead of off the page.
BASE_CSS = """
<style>
.katex-display { overflow-x: auto; overflow-y: hidden; padding-bottom: 2px; }
/* a phone: formulas (written as short aligned lines) a little smaller, so each fits the screen */
@media (max-width: 640px) { .katex-display { font-size: 0.86em; } }
/* a phone: no Plotly toolbar over a chart's title or the text beside it (pinch to zoom instead) */
@media (max-width: 640px) { .js-plotly-plot .modebar-container { display: none !important; } }
/* Every number input keeps its +/- steppers at every width: Streamlit drops them from an input narrower
   than 7.5rem, so a column holding one is never narrower than 8.5rem, and a row of such columns wraps. */
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stNumberInput"]) {
  flex-wrap: wrap;
}
[data-testid="stColumn"]:has([data-testid="stNumberInput"]) { min-width: 8.5rem !important; }
</style>
"""


def configure() -> None:
    """Page config and the sidebar, called once by app.py before the page runs."""
    url = {key: st.query_params.get(key) for key in st.query_params}
    if state.from_outside(url):  # a link was opened or the address edited: it decides
        if url.get("lang") in LANGUAGE_NAMES:
            st.session_state["lang"] = url["lang"]
        projector.from_link(url)
    language()  # settle the session's language before any string is drawn
    # projector mode gives the room the whole width: the sidebar starts collapsed (its arrow reopens it)
    st.set_page_config(page_title=t("app.title"), page_icon=":material/grid_on:", layout="wide",
                       initial_sidebar_state="collapsed" if projector.on() else "auto")  # fmt: skip
    with st.sidebar:
        st.segmented_control(
            t("sidebar.language"), list(LANGUAGE_NAMES), key="lang", format_func=LANGUAGE_NAMES.get,
            selection_mode="single", required=True,
        )  # fmt: skip
        projector.toggle(t("sidebar.projector"), t("sidebar.projector_help"))
        st.caption(t("sidebar.about"))
    st.html(BASE_CSS)
    projector.style()
    relabel_on_switch()


def relabel_on_switch() -> None:
    """After a language switch, hand every choice widget its own value again, so the browser redraws it
    with the new language's labels (a selectbox otherwise keeps showing the option text it was given, in
    the old language). Runs before the page draws any widget. Only plain values are handed back (a
    choice, a number, a text): buttons and toggles are booleans (a button's key may not be set), and
    uploads, editors and components hold objects."""
    lang = st.session_state.get("lang")
    if st.session_state.get("_lang_drawn", lang) != lang:
        for key in list(st.session_state.keys()):
            value = st.session_state[key]
            if key.startswith("_") or key == "lang" or isinstance(value, bool):
                continue
            if isinstance(value, str | int | float):
                st.session_state[key] = value
    st.session_state["_lang_drawn"] = lang
