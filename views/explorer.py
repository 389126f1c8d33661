"""Explorer: pick an input, a kernel, padding, stride and dilation; watch the window slide.

The controls -> convcore's walk (once per change) -> the grid component beside the controls, then the
output-size formula and the results tabs (only the open tab is computed and drawn).
"""

import streamlit as st

import convcore
from convcore.steps import SlidingWindow, sliding_window
from ui import controls, grid, practice, state, window_view
from ui.i18n import error_text, t
from ui.pages.explorer import code, downloads, feature_map, flip, size, speed

TABS = ["explorer.tab_map", "explorer.tab_flip", "explorer.tab_code", "explorer.tab_speed"]
PARAMS = [
    *controls.input_params("ex_in"),
    *controls.kernel_params("ex_k"),
    *controls.hyper_params("ex_hp"),
    state.cell("ex_cell"),
    state.tab("ex_tab", TABS),  # the open results tab: ?ex_tab=flip
    *practice.params(),  # ?practice=cell|size&practice_seed=N&practice_level=1|2|3
]
state.restore(PARAMS)

st.title(t("explorer.title"))
st.caption(t("explorer.intro"))
state.notices()
practice_kind = practice.controls("ex", ("cell", "size"))
if practice_kind is not None:
    practice.show("ex", practice_kind, "conv", PARAMS)

# The controls in a narrow column and the moving grid beside them, so the grid is on the first screen
# (a phone stacks the two: controls, then the grid).
col_controls, col_view = st.columns([1, 2], gap="medium")
with col_controls:
    st.subheader(t("explorer.input"))
    source = controls.input_picker("ex_in")
    st.subheader(t("explorer.kernel"))
    kernel = controls.kernel_picker("ex_k")
    st.subheader(t("explorer.hyper"))
    hyper = controls.hyper_picker("ex_hp")
    X, K = source.matrix, kernel.weight
    try:
        walk = sliding_window(
            X, K, kernel.bias, hyper.stride, hyper.padding, hyper.dilation, hyper.padding_mode
        )
    except ValueError as error:
        walk = None
        st.error(t("explorer.no_output", reason=error_text(error)), icon="⚠️")
    else:
        size.unread_warnings(X.shape, K.shape, hyper)
with col_view:
    st.subheader(t("explorer.animation"))
    if walk is not None:
        window_view.cell_section(
            "ex",
            walk.shape,
            lambda cell: grid.conv_payload(walk, cell, t("explorer.math", i="{i}", j="{j}")),
            PARAMS,
            lambda cell: downloads.svg_button(walk, cell),
        )


def results(
    source: controls.Source, kernel: controls.Kernel, hyper: controls.Hyper, walk: SlidingWindow
) -> None:
    """Everything below the controls: the output-size formula and the tabs. It needs a valid walk."""
    X, K = source.matrix, kernel.weight
    size.formula(X.shape, K.shape, hyper, walk.shape)

    # Only the open tab is built: hidden tabs used to redraw a chart and re-highlight code on every change
    # (and their first load put Streamlit's 1.5 MB code highlighter on the page's cold start). A tab
    # click is a rerun now.
    tab_map, tab_flip, tab_code, tab_speed = controls.lazy_tabs("ex_tab", TABS)
    if tab_map.open:
        with tab_map:
            values = walk.output.numpy()
            feature_map.show(values)
            downloads.show(values, walk)
            if source.full is not None:  # a photo: the same layer on the full-size picture
                try:
                    full = convcore.conv2d(
                        source.full,
                        K,
                        kernel.bias,
                        hyper.stride,
                        hyper.padding,
                        hyper.dilation,
                        padding_mode=hyper.padding_mode,
                    ).numpy()
                except ValueError as error:
                    st.error(t("explorer.no_output", reason=error_text(error)), icon="⚠️")
                else:
                    feature_map.photos(source.full, full)
    if tab_flip.open:
        with tab_flip:
            args = (
                X,
                kernel.original,
                kernel.bias,
                hyper.stride,
                hyper.padding,
                hyper.dilation,
                1,
                hyper.padding_mode,
            )
            flip.show(convcore.conv2d(*args).numpy(), convcore.convolve2d(*args).numpy())
    if tab_code.open:
        with tab_code:
            code.show(X, K, kernel.bias, hyper)
    if tab_speed.open:
        with tab_speed:
            if speed.intro(X.shape, K.shape) and st.button(t("explorer.speed_run"), key="ex_time"):
                speed.result(*speed.measure(X, K))


if walk is not None:
    results(source, kernel, hyper, walk)
state.publish(PARAMS)
