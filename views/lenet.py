"""LeNet learns handwritten digits (d2l 7.6): train it live, look inside, see its mistakes, get the code."""

import streamlit as st

from convcore import ConvError
from convcore.lenet import SPATIAL, default_model, layer_gradients
from ui import controls, state
from ui.i18n import t
from ui.pages.lenet import code, inside, mistakes, settings, trainer

TABS = ["lenet.tab_train", "lenet.tab_inside", "lenet.tab_mistakes", "lenet.tab_code"]
PARAMS = [
    *settings.link_params(),
    state.tab("lt_tab", TABS),
    state.integer("lt_digit", 0, 0, 999),
    state.choice("lt_rf_layer", SPATIAL, "pool2"),
    state.integer("lt_rf_channel", 0, 0, 15),
    state.choice("lt_model", ("default", "mine"), "default"),
]
state.restore(PARAMS)

st.title(t("lenet.title"))
st.caption(t("lenet.intro"))
state.notices()
chosen, lr_slot = settings.settings_block()
state.publish(PARAMS)


def shared(kind: str):
    """The default model of ``kind``: trained once per process on first use, shared read-only."""
    with st.spinner(t("lenet.training_default")):
        return default_model(kind)


def network(run):
    """The network the inside and mistakes tabs look at: the shared default, or this session's run."""
    mine = run is not None and run.last is not None
    st.radio(t("lenet.model"), ("default", "mine"), key="lt_model", horizontal=True,
             format_func=lambda m: t(f"lenet.model_{m}"), disabled=not mine)  # fmt: skip
    if mine and st.session_state["lt_model"] == "mine":
        st.caption(t("lenet.model_mine_note", step=run.last.step, steps=run.training.steps))
        return run.training.net
    trained = shared(chosen.kind)
    d = settings.DEFAULTS[chosen.kind]
    st.caption(t("lenet.model_default_note", kind=t(f"lenet.kind_{chosen.kind}"), opt=t(f"lenet.opt_{d['optimizer']}"),
                 lr=f"{d['lr']:g}", init=t(f"lenet.init_{d['init']}"), epochs=d["epochs"],
                 acc=100 * trained.test_accuracy, seconds=trained.seconds))  # fmt: skip
    return trained.net


def why_it_stalls(kind: str, init: str) -> None:
    grads = st.session_state.setdefault("_lt_grads", {})
    if (kind, init) not in grads:
        grads[(kind, init)] = layer_gradients(kind, init)
    g = grads[(kind, init)]
    with st.expander(t("lenet.why_title")):
        st.markdown(t("lenet.why_body"))
        st.markdown(t("lenet.why_numbers", kind=t(f"lenet.kind_{kind}"), init=t(f"lenet.init_{init}"),
                      conv1=g["conv1"], conv2=g["conv2"], fc1=g["fc1"], fc2=g["fc2"], fc3=g["fc3"],
                      ratio=g["fc3"] / g["conv1"]))  # fmt: skip
        st.markdown(t("lenet.why_fix"))


try:
    run = trainer.current(chosen)
except ConvError as error:
    lr_slot.error(trainer.problem(error), icon="⚠️")
    trainer.forget()
    run = None

tab_train, tab_inside, tab_mistakes, tab_code = controls.lazy_tabs("lt_tab", TABS)
if tab_train.open:
    with tab_train:
        if run is not None:
            trainer.tick(run)
            trainer.diverged(run, lr_slot)
            trainer.player_block(run)
            trainer.live(run)
        why_it_stalls(chosen.kind, chosen.init)
if tab_inside.open:
    with tab_inside:
        net = network(run)
        x = inside.pick_digit()
        if x is not None:
            inside.feature_maps(net, x)
            st.subheader(t("lenet.rf_title"))
            inside.receptive_fields(net, x)
if tab_mistakes.open:
    with tab_mistakes:
        mistakes.show(network(run))
if tab_code.open:
    with tab_code:
        script = code.script(chosen)
        st.code(script, language="python")
        st.download_button(
            t("export.py"), script, "lenet.py", "text/x-python", key="lt_code_download", on_click="ignore"
        )
