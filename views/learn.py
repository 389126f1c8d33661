"""Learning a kernel (d2l 7.2.4): settings -> one training run from convcore -> revealed step by step."""

import numpy as np
import streamlit as st

from convcore.learn import best_kernel, learning_run, make_target
from ui import exports, state
from ui.i18n import t
from ui.pages.learn import code, player, settings
from ui.pages.learn.run import Run

PARAMS = settings.link_params()
state.restore(PARAMS)

st.title(t("learn.title"))
st.caption(t("learn.intro"))
state.notices()

# the training first (on the first screen), the settings under it: drawn later into this place
view = st.container()
chosen, slots = settings.settings_block()
state.publish(PARAMS)


def train(s: settings.Settings) -> Run:
    """The run for these settings, every number from convcore; a ``Problem`` names the control to fix.

    convcore decides what cannot be done and says so with a keyed error; the page only words it.
    """
    try:
        Y = make_target(s.X, s.target_kernel, s.target_bias, s.noise, s.seed)
        clean = make_target(s.X, s.target_kernel, s.target_bias)
    except ValueError as error:
        raise settings.problem("target", error, s) from None
    try:
        trajectory = learning_run(s.X, Y, s.size, s.lr, s.steps, s.optimizer, s.bias, s.seed, align=s.align)
        best_clean = best_kernel(s.X, clean, s.size, s.bias, align=s.align)
    except ValueError as error:
        raise settings.problem("model", error, s) from None
    return Run(s.signature(), s, Y, trajectory, best_clean)


# the run is made once per settings; play, pause and step only reveal it
run = player.kept_run(chosen.signature())
if run is None:
    try:
        run = train(chosen)
    except settings.Problem as problem:
        getattr(slots, problem.slot).error(problem.message, icon="⚠️")
        player.forget()
        view.info(t("learn.stopped"))
        st.stop()
    player.keep(run)

with view:
    st.subheader(t("learn.training"))
    player.tick(run)
    player.player_block(run)
    player.live(
        run
    )  # the fragment: progress, loss curve, kernel and outputs at the step on show; the verdict

with st.expander(t("learn.code")):
    script = code.script(run)
    st.code(script, language="python")
    st.download_button(
        t("export.py"), script, "learn_kernel.py", "text/x-python", key="ln_code_download", on_click="ignore"
    )
learned = run.trajectory
bias = np.float32(float(learned.biases[-1]))  # trained in float32: its shortest decimal, as the CSV's
kernel_csv = exports.csv(learned.weights[-1]) + f"# bias = {bias}\n".encode()
st.download_button(
    t("export.kernel"),
    kernel_csv,
    "learned_kernel.csv",
    "text/csv",
    key="ln_kernel_download",
    on_click="ignore",
)
