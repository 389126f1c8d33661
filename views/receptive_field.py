"""Receptive field: edit a stack, follow one output cell down to the input, and compare with the gradient."""

import streamlit as st

from convcore.receptive_field import (
    ERF_WEIGHTS,
    central_box,
    central_part,
    effective_receptive_field,
    fields_until_empty,
    mass_share,
    trace_cell,
)
from ui import code, controls, figures, grid, practice, projector, selection, state
from ui.i18n import error_text, t
from ui.pages.receptive_field import editor, erf, link, maps, table

PARAMS = [*link.link_params(), *practice.params()]  # ?practice=field&practice_seed=N&practice_level=1|2|3
link.apply_link(state.restore(PARAMS))

st.title(t("rf.title"))
st.caption(t("rf.intro"))
state.notices()
practice_kind = practice.controls("rf", ("field",))
if practice_kind is not None:
    practice.show("rf", practice_kind, "stack", PARAMS)

# The stack on the left and the traced maps beside it, so the picture is on the first screen; the layer
# table and its arithmetic under both (drawn once the maps are, into these places).
col_stack, col_maps = st.columns(2, gap="medium")
with col_stack:
    st.subheader(t("rf.stack"))
    stack = editor.stack_editor()
below = st.container()

fields, why = [], None
if stack.layers:
    fields, why = fields_until_empty(stack.layers, stack.input_size, start=1)
if why:  # said beside the stack that caused it
    col_stack.warning(t("rf.stops" if fields else "rf.stops_none", last=len(fields), reason=error_text(why)),
                      icon="⚠️")  # fmt: skip


def layer_table() -> None:
    """Section 3: every layer's size, field, effective stride and padding, and one layer's arithmetic."""
    st.subheader(t("rf.table"))
    frame = table.layer_table(stack, fields, why)
    st.dataframe(
        frame,
        hide_index=True,
        column_config=table.table_config(),
        height=min(35 * (len(frame) + 1) + 3, 740),
        width="stretch",
    )
    if fields:
        options = list(range(1, len(fields) + 1))
        if st.session_state.get("rf_math_layer") not in options:
            st.session_state["rf_math_layer"] = options[-1]
        left, _ = st.columns(2, gap="medium")
        with left:
            number = st.selectbox(
                t("rf.math_layer"),
                options,
                key="rf_math_layer",
                format_func=lambda n: f"{n}: {table.layer_label(fields[n - 1].layer)}",
            )
            for line in table.arithmetic(fields, stack.input_size, number):
                st.latex(line)
            st.caption(t("rf.math_caption"))


def _select(fields) -> tuple[int, int]:
    """The selected cell of the last map: kept inside it; a new stack starts at its centre."""
    cell = selection.get("rf_cell", fields[-1].output_size)
    st.session_state["rf_cell_i"], st.session_state["rf_cell_j"] = cell  # the inputs show the selection
    return cell


def _last_size() -> tuple[int, int]:
    return st.session_state["_rf_last_size"]


def _jump() -> None:
    st.session_state["rf_cell"] = (int(st.session_state["rf_cell_i"]), int(st.session_state["rf_cell_j"]))


def traced_maps(layers, input_size, fields, big: bool):
    """Section 2: the cell inputs, the readout, every feature map with the cell's box lit, and the box's
    arithmetic."""
    h_out, w_out = fields[-1].output_size
    st.session_state["_rf_last_size"] = (h_out, w_out)
    cell = _select(fields)
    st.subheader(t("rf.maps"))
    # the maps right under the sentence, the cell's row and column under them (a click on the last map
    # picks a cell too): on a projector's and a phone's first screen the maps come first
    readout_slot, maps_slot, inputs_slot = st.container(), st.container(), st.container()
    inputs = inputs_slot.columns(2)
    inputs[0].number_input(t("rf.cell_row"), 0, h_out - 1, key="rf_cell_i", on_change=_jump)
    inputs[1].number_input(t("rf.cell_col"), 0, w_out - 1, key="rf_cell_j", on_change=_jump)
    try:
        regions = trace_cell(layers, input_size, *cell)
    except ValueError as error:  # e.g. a stack whose maps would hold more cells than convcore builds
        st.error(t("rf.cannot_trace", reason=error_text(error)), icon="⚠️")
        return cell, None
    source = regions[0]
    bh, bw = source.box_shape
    readout = t("rf.readout", i=cell[0], j=cell[1], last=len(fields), h=bh, w=bw, cells=source.box_cells,
                pad=source.box_padding_cells)  # fmt: skip
    if source.read_cells < source.box_cells - source.box_padding_cells:
        readout += " " + t("rf.readout_gaps", read=source.read_cells)
    readout_slot.markdown(readout)
    payload = maps.maps_payload(regions, fields, cell, big)
    with maps_slot:
        grid.show("rf_maps", payload, selection.pin("rf_maps", "rf_cell", _last_size))
    click = payload["panels"][-1]["click"]
    st.caption(t("rf.legend") + " " + (t("rf.click_help") if click else t("rf.no_click")))
    for line in table.region_math(regions, fields, cell):
        st.latex(line)
    return cell, source


def effective_field(layers, input_size, fields, cell, source, big: bool) -> None:
    """Section 4: the autograd gradient map of the cell beside its theoretical box, and what it shows."""
    st.subheader(t("rf.erf"))
    st.caption(t("rf.erf_intro"))
    options = st.columns([3, 4, 3], vertical_alignment="bottom")
    weights = options[0].radio(t("rf.erf_weights"), ERF_WEIGHTS, key="rf_erf_weights", horizontal=True,
                               format_func=lambda name: t(f"rf.erf_{name}"))  # fmt: skip
    relu = options[1].toggle(t("rf.erf_relu"), key="rf_erf_relu")
    seed = controls.linked_number(options[2], t("rf.erf_seed"), "rf_erf_seed")
    try:
        grad = effective_receptive_field(layers, input_size, cell, weights, relu, int(seed)).numpy()
    except ValueError as error:
        st.error(t("rf.cannot_trace", reason=error_text(error)), icon="⚠️")
        return
    core = central_box(grad, source.box)
    st.plotly_chart(erf.erf_figure(grad, source.box, core, big), key="rf_erf", config=figures.CONFIG,
                    width="stretch")  # fmt: skip
    if core is None:
        st.info(t("rf.erf_zero"), icon="ℹ️")
    else:
        (ct, cl), (cb, cr) = core
        half = central_part(source.box)
        (ht, hl), (hb, hr) = half
        hh, hw = hb - ht + 1, hr - hl + 1
        bh, bw = source.box_shape
        st.markdown(
            t("rf.erf_share", inside=mass_share(grad, source.box), h=bh, w=bw, ch=cb - ct + 1, cw=cr - cl + 1,
              hh=hh, hw=hw, half=mass_share(grad, half), half_area=hh * hw / source.box_cells)
        )  # fmt: skip
    st.markdown(t("rf.erf_why"))
    if any(field.layer.kind == "maxpool" for field in fields):
        st.caption(t("rf.erf_maxpool"))


source = None
if fields:  # without a single layer that has an output there is nothing to trace (the table says why)
    layers = stack.layers[: len(fields)]  # the drawing stops at the last layer with an output
    big = projector.on()
    with col_maps:
        cell, source = traced_maps(layers, stack.input_size, fields, big)
with below:
    layer_table()
if fields:
    if source is not None:
        effective_field(layers, stack.input_size, fields, cell, source, big)
    with st.expander(t("rf.code")):
        snippet = code.sequential_snippet(layers, stack.input_size)
        st.code(snippet, language="python")
        st.download_button(
            t("export.py"),
            snippet,
            "layer_stack.py",
            "text/x-python",
            key="rf_code_download",
            on_click="ignore",
        )

link.link_values(stack, fields)
state.publish(PARAMS)
