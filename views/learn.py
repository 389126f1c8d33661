"""Learning a kernel (d2l 7.2.3): settings -> one training run from convcore -> revealed step by step."""

import streamlit as st

from ui import learn, state
from ui.i18n import t

st.title(t("learn.title"))
st.caption(t("learn.intro"))

settings, slots = learn.settings_block()
state.publish_shared()  # the link keeps the language and projector mode
try:
    run = learn.current_run(settings)
except learn.Problem as problem:
    getattr(slots, problem.slot).error(problem.message, icon="⚠️")
    st.session_state.pop(learn.RUN, None)
    st.session_state[learn.PLAYING] = False
    st.info(t("learn.stopped"))
    st.stop()

st.subheader(t("learn.training"))
learn.tick(run)
learn.player_block(run)
learn.live(run)

with st.expander(t("learn.code")):
    st.code(learn.code(run), language="python")
