"""Home: the sliding window playing d2l's example, one sentence and a link, then a card per page."""

import streamlit as st

from ui.i18n import t
from ui.pages import home

st.title(t("app.title"))
with st.container(key="home_hero_block"):
    words, picture = st.columns([2, 3], gap="large", vertical_alignment="center")
    with words:
        st.markdown(t("home.hero"))
        st.page_link("views/explorer.py", label=t("home.hero_link"), icon=":material/play_arrow:")
    with picture:
        home.hero()

home.cards()

st.subheader(t("home.formula.title"))
st.write(t("home.formula.body"))
st.latex(r"n_\text{out} = \left\lfloor \frac{n + 2p - d\,(k - 1) - 1}{s} \right\rfloor + 1")
