"""Convolution as a matrix multiply: im2col and a GEMM, the sparse matrix C, and C^T (transposed convolution).

The controls (the input's size and values, the kernel, stride, padding, dilation, the window to follow)
-> convcore's ``matmul_view`` -> static grids: the input with the window, the unfolded input (one column
per window), the kernel as a row, their product and the feature map; then C with its banded, mostly-zero
structure, and with the C^T switch the transposed convolution beside the scatter view's output.
"""

import streamlit as st
import torch

import convcore
from convcore import presets
from ui import controls, grid, state
from ui.i18n import error_text, t
from ui.pages.matmul import links

INPUTS = ("count", "random", "ones")
MAX_SIDE = 8  # input cells a side: C has (H_out W_out) x (H W) cells, drawn one by one
LIMITS = {"s": (1, 1, 4), "p": (0, 0, 3), "d": (1, 1, 3)}  # default, low, high
PARAMS = [
    state.choice("mm_input", INPUTS, "count"),
    state.integer("mm_h", 3, 1, MAX_SIDE),
    state.integer("mm_w", 3, 1, MAX_SIDE),
    *controls.kernel_params("mm_k"),
    *(state.integer(f"mm_{name}", default, low, high) for name, (default, low, high) in LIMITS.items()),
    state.integer("mm_window", 0, 0, 4096),
    state.flag("mm_transpose", False),
]
state.restore(PARAMS)


def input_matrix(kind: str, height: int, width: int) -> torch.Tensor:
    """The input's values: 0, 1, 2, ... row by row (d2l's 3x3 example), random digits, or ones."""
    if kind == "random":
        return presets.random_integers((height, width), seed=0)
    if kind == "ones":
        return torch.ones(height, width)
    return torch.arange(height * width, dtype=torch.float32).reshape(height, width)


st.title(t("mm.title"))
st.caption(t("mm.intro"))
state.notices()

left, right = st.columns([1, 2], gap="medium")
with left:
    st.subheader(t("mm.input"))
    st.selectbox(t("mm.values"), INPUTS, key="mm_input", format_func=lambda n: t(f"mm.values_{n}"))
    a, b = st.columns(2)
    height = controls.whole_number(a, t("mm.height"), 1, MAX_SIDE, "mm_h")
    width = controls.whole_number(b, t("mm.width"), 1, MAX_SIDE, "mm_w")
    under_size = st.container()
    st.subheader(t("mm.kernel"))
    kernel = controls.kernel_picker("mm_k")
    st.subheader(t("mm.hyper"))
    values, under = {}, {}
    for name, (_, low, high) in LIMITS.items():
        values[name] = controls.whole_number(st, t(f"mm.{name}"), low, high, f"mm_{name}")
        under[name] = st.container()  # a problem with this control shows right under it

X = input_matrix(st.session_state["mm_input"], height, width)
view = None
try:
    view = convcore.matmul_view(X, kernel.weight, kernel.bias, values["s"], values["p"], values["d"])
except convcore.ConvError as error:
    where = {"stride": "s", "padding": "p", "dilation": "d"}.get(error.param)
    (under[where] if where else under_size).error(t("mm.no_output", reason=error_text(error)), icon="⚠️")

if view is not None:
    windows = view.windows
    with left:
        st.subheader(t("mm.follow"))
        index = controls.whole_number(st, t("mm.window"), 0, windows - 1, "mm_window")

with right:
    if view is not None:
        i, j = view.window(index)
        rows, cols = convcore.window(i, j, tuple(view.kernel.shape), view.stride, view.padding, view.dilation)
        top, bottom = max(rows[0], 0), min(rows[-1], height - 1)
        lefts, rights = max(cols[0], 0), min(cols[-1], width - 1)
        taps = view.columns.shape[0]
        st.subheader(t("mm.gemm_title"))
        st.markdown(t("mm.gemm_body", taps=taps, windows=windows, i=i, j=j, index=index))
        input_spec = grid.grid_spec(t("mm.grid_input"), view.input.numpy(), box=(top, lefts, bottom, rights))
        input_spec["name"] = "input"
        column_spec = grid.grid_spec(
            t("mm.grid_columns"), view.columns.numpy(), box=(0, index, taps - 1, index)
        )
        column_spec["name"] = "columns"
        row_spec = grid.grid_spec(t("mm.grid_row"), view.row.numpy())
        row_spec["name"] = "row"
        product_spec = grid.grid_spec(t("mm.grid_product"), view.product.numpy(), box=(0, index, 0, index))
        product_spec["name"] = "product"
        output_spec = grid.grid_spec(t("mm.grid_output"), view.output.numpy(), box=(i, j, i, j))
        output_spec["name"] = "output"
        # one component: hovering a column lights its window, its product and its output cell, and back
        grid.show_links("mm_unfold", [input_spec, column_spec, row_spec, product_spec, output_spec],
                        links.unfold_links(view), rows=[["input", "columns"], ["row", "product", "output"]])  # fmt: skip
        st.caption(t("mm.links_hint"))
        costs = view.costs()
        st.markdown(t("mm.costs", **costs, ratio=costs["columns"] / costs["input"]))

if view is not None:
    transposed = st.toggle(t("mm.transpose"), key="mm_transpose", help=t("mm.transpose_help"))
    rows_c, cols_c = view.matrix.shape
    zeros = 1 - costs["nonzero"] / view.matrix.numel()
    if not transposed:
        st.subheader(t("mm.matrix_title"))
        st.markdown(t("mm.matrix_body", rows=rows_c, cols=cols_c, nonzero=costs["nonzero"], zeros=zeros))
        spec = grid.grid_spec(t("mm.grid_matrix"), view.matrix.numpy(), box=(index, 0, index, cols_c - 1),
                              quiet=view.matrix.numel() > 400)  # fmt: skip
        spec["name"] = "matrix"
        x_spec = grid.grid_spec(t("mm.grid_x"), view.input.reshape(-1, 1).numpy())
        x_spec["name"] = "x"
        y_spec = grid.grid_spec(t("mm.grid_y"), (view.matrix @ view.input.reshape(-1) + view.bias)[:, None].numpy(),
                                box=(index, 0, index, 0))  # fmt: skip
        y_spec["name"] = "y"
        grid.show_links("mm_matrix", [spec, x_spec, y_spec], links.matrix_links(view))
    else:
        st.subheader(t("mm.transpose_title"))
        oh, ow = view.output_padding
        st.markdown(t("mm.transpose_body", rows=cols_c, cols=rows_c, h=height, w=width, oh=oh, ow=ow))
        spec = grid.grid_spec(t("mm.grid_matrix_t"), view.matrix.T.numpy(), box=(0, index, cols_c - 1, index),
                              quiet=view.matrix.numel() > 400)  # fmt: skip
        spec["name"] = "matrix_t"
        grads = (
            view.output - view.bias
        )  # C x, without the bias: what the transposed convolution scatters back
        back, scattered = view.transpose(grads)
        grads_spec = grid.grid_spec(t("mm.grid_grads"), grads.numpy())
        grads_spec["name"] = "grads"
        grid.show_links("mm_matrix_t", [spec, grads_spec], links.transpose_links(view))
        back_spec = grid.grid_spec(t("mm.grid_back"), back.numpy())
        back_spec["name"] = "back"
        scatter_spec = grid.grid_spec(t("mm.grid_scatter"), scattered.numpy())
        scatter_spec["name"] = "scatter"
        grid.show_maps("mm_back", [back_spec, scatter_spec])
        st.markdown(t("mm.transpose_equal", diff=float((back - scattered).abs().max())))
state.publish(PARAMS)
