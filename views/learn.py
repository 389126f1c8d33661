"""Learning a kernel (d2l 7.2.3): settings -> one training run from convcore -> revealed step by step."""

import streamlit as st

from ui import exports, learn, state
from ui.i18n import t

PARAMS = learn.link_params()
state.restore(PARAMS)

st.title(t("learn.title"))
st.caption(t("learn.intro"))
state.notices()

settings, slots = learn.settings_block()
state.publish(PARAMS)
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
    script = learn.code(run)
    st.code(script, language="python")
    st.download_button(t("export.py"), script, "learn_kernel.py", "text/x-python", key="ln_code_download")
kernel_csv = exports.csv(run.weights[-1]) + f"# bias = {float(run.biases[-1]):.9g}\n".encode()
st.download_button(t("export.kernel"), kernel_csv, "learned_kernel.csv", "text/csv", key="ln_kernel_download")
