"""Explorer: pick an input, a kernel, padding, stride and dilation; watch the window slide."""

import timeit

import numpy as np
import streamlit as st

import convcore
from convcore.steps import sliding_window
from ui import code, controls, exports, figures, grid, state, window_view
from ui.i18n import error_text, t

PARAMS = [
    *controls.input_params("ex_in"),
    *controls.kernel_params("ex_k"),
    *controls.hyper_params("ex_hp"),
    state.cell("ex_cell"),
]
state.restore(PARAMS)

st.title(t("explorer.title"))
st.caption(t("explorer.intro"))
state.notices()

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
        for axis, index in (("rows", 0), ("cols", 1)):
            left_out = convcore.unread(
                X.shape[index],
                K.shape[index],
                hyper.stride[index],
                hyper.padding[index],
                hyper.dilation[index],
            )
            if left_out > 0:
                st.warning(t(f"explorer.unread_{axis}", n=left_out), icon="✂️")
with col_view:
    st.subheader(t("explorer.animation"))
    if walk is not None:
        window_view.cell_section(
            "ex",
            walk.shape,
            lambda cell: grid.conv_payload(walk, cell, t("explorer.math", i="{i}", j="{j}")),
            PARAMS,
        )


def results() -> None:
    """Everything below the controls: it needs a valid walk."""
    st.subheader(t("explorer.size_title"))
    for axis, index, name in (("H", 0, t("explorer.height")), ("W", 1, t("explorer.width"))):
        n, k = X.shape[index], K.shape[index]
        p, s, d = hyper.padding[index], hyper.stride[index], hyper.dilation[index]
        out = walk.shape[index]
        st.latex(
            rf"{axis}_\text{{out}} = \left\lfloor \frac{{{n} + 2\cdot{p} - {d}\cdot({k} - 1) - 1}}{{{s}}} \right\rfloor"
            rf" + 1 = {out} \quad\text{{({name})}}"
        )

    # Only the open tab is built: hidden tabs used to redraw a chart and re-highlight code on every change
    # (and their first load put Streamlit's 1.5 MB code highlighter on the page's cold start). A tab
    # click is a rerun now.
    tab_map, tab_flip, tab_code, tab_speed = controls.lazy_tabs(
        "ex_tab", ["explorer.tab_map", "explorer.tab_flip", "explorer.tab_code", "explorer.tab_speed"]
    )
    if tab_map.open:
        with tab_map:
            values = walk.output.numpy()
            grid.show_maps("ex_map", [("map", t("explorer.feature_map"), values)])
            st.caption(controls.minmax(values))
            csv_col, png_col, gif_col = st.columns(3)
            csv_col.download_button(
                t("export.csv"), exports.csv(values), "feature_map.csv", "text/csv", key="ex_csv"
            )
            png_col.download_button(
                t("export.png"), exports.png(values), "feature_map.png", "image/png", key="ex_png"
            )
            if gif_col.button(t("export.make_gif"), key="ex_make_gif"):
                st.session_state["ex_gif"] = exports.gif(walk)
            if st.session_state.get("ex_gif"):
                gif_col.download_button(t("export.gif"), st.session_state["ex_gif"], "sliding_window.gif", "image/gif",
                                        key="ex_gif_download")  # fmt: skip
            if source.full is not None:
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
                    left, right = st.columns(2)
                    left.image(
                        figures.jpeg(figures.to_image(source.full.numpy())),
                        width="stretch",
                        caption=t("explorer.image_in", h=source.full.shape[0], w=source.full.shape[1]),
                    )
                    right.image(
                        figures.jpeg(figures.to_image(full)),
                        width="stretch",
                        caption=t("explorer.image_out", h=full.shape[0], w=full.shape[1]),
                    )
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
            corr, conv = convcore.conv2d(*args).numpy(), convcore.convolve2d(*args).numpy()
            grid.show_maps(
                "ex_flip", [("corr", t("explorer.corr"), corr), ("conv", t("explorer.conv"), conv)]
            )
            st.markdown(t("explorer.flip_same") if np.allclose(corr, conv) else t("explorer.flip_differs"))
            st.info(t("explorer.why_corr"))
    if tab_code.open:
        with tab_code:
            st.markdown(t("explorer.code_ran"))
            st.code(code.source(sliding_window, convcore.pad2d), language="python")
            st.markdown(t("explorer.code_torch"))
            snippet = code.torch_snippet(
                X, K, kernel.bias, hyper.stride, hyper.padding, hyper.dilation, hyper.padding_mode
            )
            st.code(snippet, language="python")
            st.download_button(t("export.py"), snippet, "conv2d.py", "text/x-python", key="ex_code_download")
    if tab_speed.open:
        with tab_speed:
            st.markdown(t("explorer.speed_intro", h=X.shape[0], w=X.shape[1], kh=K.shape[0], kw=K.shape[1]))
            if K.shape[0] > X.shape[0] or K.shape[1] > X.shape[1]:
                st.warning(t("explorer.speed_too_small"))
            elif st.button(t("explorer.speed_run"), key="ex_time"):
                loops = min(timeit.repeat(lambda: convcore.corr2d_loops(X, K), number=1, repeat=3))
                fast = min(timeit.repeat(lambda: convcore.corr2d(X, K), number=5, repeat=3)) / 5
                st.markdown(
                    t("explorer.speed_result", loops=loops * 1e3, fast=fast * 1e3, ratio=loops / fast)
                )
                st.code(code.source(convcore.corr2d_loops, convcore.corr2d), language="python")


if walk is not None:
    results()
state.publish(PARAMS)
