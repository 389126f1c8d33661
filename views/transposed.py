"""Transposed convolution: every input cell scatters a scaled copy of the kernel; overlaps are summed.

The controls (a preset, the input, the kernel, stride, padding, output_padding, dilation) -> convcore's
transposed walk -> the scatter animation beside the controls; below, the output-size formula, the same
output as a direct convolution (zeros inserted, the kernel rotated), the overlap counts and the round trip.
"""

import streamlit as st

import convcore
from ui import controls, grid, matrix, practice, state, window_view
from ui.i18n import error_text, t
from ui.pages.transposed import presets, sections

PARAMS = [
    state.choice("tr_preset", presets.NAMES, "d2l"),
    state.typed_matrix("tr_x", presets.PRESETS["d2l"]["x"]),
    state.typed_matrix("tr_k", presets.PRESETS["d2l"]["k"]),
    *(
        state.integer(f"tr_{name}", default, low, high)
        for name, (default, low, high) in presets.LIMITS.items()
    ),
    state.integer("tr_n", 8, 1, 32),
    state.cell("tr_cell"),
    state.cell("trd_cell"),
    *practice.params(),  # ?practice=cell|size&practice_seed=N&practice_level=1|2|3
]
linked = state.restore(PARAMS)
if "tr_preset" in linked:  # a link naming a preset opens on it: its matrices and numbers, unless named too
    presets.apply(linked)

st.title(t("tr.title"))
st.caption(t("tr.intro"))
state.notices()
practice_kind = practice.controls("tr", ("cell", "size"))
if practice_kind is not None:
    practice.show("tr", practice_kind, "transposed", PARAMS)

left, right = st.columns([1, 2], gap="medium")
with left:
    st.selectbox(t("tr.preset"), presets.NAMES, key="tr_preset", on_change=presets.apply,
                 format_func=lambda n: t(f"tr.preset_{n}"))  # fmt: skip
    st.subheader(t("tr.input"))
    X = controls.matrix_editor("tr_x", matrix.from_text(presets.PRESETS["d2l"]["x"]))
    under_input = st.container()
    st.subheader(t("tr.kernel"))
    K = controls.matrix_editor("tr_k", matrix.from_text(presets.PRESETS["d2l"]["k"]))
    under_kernel = st.container()
    st.subheader(t("tr.hyper"))
    values, under = {}, {}
    for name, (_, low, high) in presets.LIMITS.items():
        values[name] = controls.whole_number(st, t(f"tr.{name}"), low, high, f"tr_{name}")
        under[name] = st.container()  # a problem with this control shows right under it

walk = None
if X is not None and K is not None:
    too_big = presets.too_big(X, K)
    if too_big:
        (under_input if too_big[0] == "input" else under_kernel).error(t(too_big[1], **too_big[2]), icon="⚠️")
    else:
        try:
            walk = convcore.transposed_window(X, K, values["s"], values["p"], values["op"], values["d"])
        except convcore.ConvError as error:
            under[presets.CAUSE.get(error.key, "d")].error(
                t("tr.no_output", reason=error_text(error)), icon="⚠️"
            )

with right:
    st.subheader(t("tr.animation"))
    if walk is not None:
        window_view.cell_section(
            "tr",
            tuple(walk.input.shape),
            lambda cell: grid.scatter_payload(walk, cell, t("tr.math", i="{i}", j="{j}", x="{x}")),
            PARAMS,
            help_key="tr.anim_help",
        )

if walk is not None:
    sections.formula(walk)
    sections.direct(walk, PARAMS)
    sections.overlaps(walk)
    with st.container():
        n = controls.whole_number(st, t("tr.round_trip_n"), 1, 32, "tr_n")
        sections.round_trip(n, tuple(walk.kernel.shape), walk)
    with st.expander(t("tr.code_title")):
        st.code(sections.code(walk), language="python")
state.publish(PARAMS)
