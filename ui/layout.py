"""What every page shares: page config, the sidebar (language, projector mode) and its styles."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import pace, projector, state
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
/* home: the sentence beside the playing grid reads at a glance */
.st-key-home_hero_block [data-testid="stMarkdownContainer"] p { font-size: 1.3rem; line-height: 1.5; }
/* No widget label cut short: Streamlit ends a label that does not fit its column with an ellipsis ("True
   convolution (rotate the kernel 1..."); here it wraps onto a second line instead. */
[data-testid="stWidgetLabel"] .stMarkdownEllipsis,
[data-testid="stWidgetLabel"] .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* Clicking the page (its title, say) focuses Streamlit's scrolling main area, and the next key a presenter
   presses (a clicker's Page Down) drew a grey frame around all of it (an inset shadow on its ::before):
   the area is not a control. */
[data-testid="stMain"]:focus, [data-testid="stMain"]:focus-visible { outline: none; }
[data-testid="stMain"]:focus::before, [data-testid="stMain"]:focus-visible::before { box-shadow: none !important; }
@media (max-width: 640px) {
  /* a phone: the picture first. The column holding a page's sliding window comes before the controls'
     column (Streamlit stacks columns in their order), so the grid and its play controls open the page. */
  [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has(
    .st-key-ex_anim, .st-key-pl_anim, .st-key-ch_anim, .st-key-tr_anim, .st-key-rf_maps, .st-key-mm_unfold,
    .st-key-c1_same, .st-key-c1_causal) { order: -1; }
  /* a column holding a choice or a grid is a section of the page, not one of a pair of numbers: the whole
     width (the 8.5rem rule above would otherwise keep two sections side by side, each too narrow) */
  [data-testid="stColumn"]:has([data-testid="stSelectbox"], [data-testid="stBidiComponentIsolated"]) {
    min-width: 100% !important;
  }
  /* a row of buttons (play, step, to the end, reset) keeps two a line instead of one a screen line */
  [data-testid="stColumn"]:has(> [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]:only-child
    [data-testid="stButton"]) { min-width: calc(50% - 0.5rem) !important; flex: 1 1 calc(50% - 0.5rem) !important; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stButton"]) { flex-wrap: wrap; }
  /* home: the playing grid first, its sentence and link under it */
  .st-key-home_hero_block [data-testid="stColumn"]:has(.st-key-home_hero) { order: -1; }
  .st-key-home_hero_block [data-testid="stMarkdownContainer"] p { font-size: 1.05rem; line-height: 1.45; }
  .st-key-home_hero_block [data-testid="stHorizontalBlock"] { row-gap: 0.5rem; }
  /* every tab on screen: the tab list wraps instead of scrolling sideways */
  [data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; }
}
/* the receptive field's layer editor: room above it for its hover toolbar, which otherwise covers the
   Input width stepper right above it */
[data-testid="stElementContainer"][class*="st-key-rf_stack_"] { margin-top: 2.25rem; }
/* the page's self-recovery script (RECOVER) takes no room */
[data-testid="stElementContainer"]:has(#ce-recover) { display: none; }
/* the first screen is for the page: less empty space above the title than Streamlit's 6rem */
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
</style>
"""


# the page icon is a file shipped here: a ":material/...:" icon makes the browser fetch it from Google's font
# server, which a classroom behind a filter or offline cannot reach
ICON = str(Path(__file__).parent / "assets" / "icon.png")

# ui/recover.js: a page that lost one of Streamlit's own widget files reloads itself (a static file of
# this repository, no user text)
RECOVER = (
    '<span id="ce-recover"></span><script>'
    + (Path(__file__).parent / "recover.js").read_text(encoding="utf-8")
    + "</script>"
)


def configure() -> None:
    """Page config and the sidebar, called once by app.py before the page runs."""
    url = {key: st.query_params.get(key) for key in st.query_params}
    if state.from_outside(url):  # a link was opened or the address edited: it decides
        if url.get("lang") in LANGUAGE_NAMES:
            st.session_state["lang"] = url["lang"]
        projector.from_link(url)
        pace.from_link(url)
    language()  # settle the session's language before any string is drawn
    # projector mode gives the room the whole width: the sidebar starts collapsed (its arrow reopens it)
    st.set_page_config(page_title=t("app.title"), page_icon=ICON, layout="wide",
                       initial_sidebar_state="collapsed" if projector.on() else "auto")  # fmt: skip
    with st.sidebar:
        st.segmented_control(
            t("sidebar.language"), list(LANGUAGE_NAMES), key="lang", format_func=LANGUAGE_NAMES.get,
            selection_mode="single", required=True,
        )  # fmt: skip
        projector.toggle(t("sidebar.projector"), t("sidebar.projector_help"))
        st.caption(t("sidebar.about"))
    st.html(BASE_CSS)
    st.html(RECOVER, unsafe_allow_javascript=True)
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
