"""The transposed page below the animation: the size formula, the direct convolution, the overlaps, the round trip."""

from __future__ import annotations

import streamlit as st

import convcore
from convcore.transpose import TransposedWalk
from ui import grid, state, window_view
from ui.i18n import error_text, t

AXES = (("H", 0, "explorer.height"), ("W", 1, "explorer.width"))


def formula(walk: TransposedWalk) -> None:
    """The output-size formula for height and width with the page's numbers; the size as convcore gave it."""
    st.subheader(t("tr.size_title"))
    for axis, index, name in AXES:
        n, k = walk.input.shape[index], walk.kernel.shape[index]
        s, p, op, d = (
            walk.stride[index],
            walk.padding[index],
            walk.output_padding[index],
            walk.dilation[index],
        )
        out = convcore.conv_transpose_output_size(n, k, s, p, op, d)
        st.latex(
            rf"{axis}_\text{{out}} = ({n} - 1)\cdot{s} - 2\cdot{p} + {d}\cdot({k} - 1) + {op} + 1 = {out}"
            rf" \quad\text{{({t(name)})}}"
        )
    st.caption(t("tr.size_note"))


def direct(walk: TransposedWalk, params: list[state.Param]) -> None:
    """The same output as a direct convolution: zeros inserted, a border of zeros, the kernel rotated."""
    st.subheader(t("tr.direct_title"))
    top, bottom, left, right = walk.border
    st.markdown(
        t(
            "tr.direct_body",
            sh=walk.stride[0] - 1,
            sw=walk.stride[1] - 1,
            top=top,
            bottom=bottom,
            left=left,
            right=right,
            dh=walk.dilation[0],
            dw=walk.dilation[1],
        )  # fmt: skip
    )
    conv = walk.direct_walk()
    window_view.cell_section(
        "trd",
        conv.shape,
        lambda cell: grid.direct_payload(conv, walk.original, cell, t("tr.direct_math", i="{i}", j="{j}")),
        params,
    )
    grid.show_maps(
        "tr_equal",
        [
            ("scatter", t("tr.scatter_output"), walk.output.numpy()),
            ("direct", t("tr.direct_output"), conv.output.numpy()),
        ],
    )
    st.markdown(t("tr.equal", diff=walk.largest_difference()))


def overlaps(walk: TransposedWalk) -> None:
    """How many copies of the kernel overlap on each output cell: uneven counts make the checkerboard."""
    st.subheader(t("tr.overlaps_title"))
    counts = walk.overlaps()
    grid.show_maps("tr_overlaps", [("overlaps", t("tr.overlaps_grid"), counts)])
    low, high = int(counts.min()), int(counts.max())
    st.markdown(t("tr.overlaps_even" if low == high else "tr.overlaps_uneven", low=low, high=high))


def round_trip(n: int, kernel: tuple[int, int], walk: TransposedWalk) -> None:
    """Conv2d on an n x n input, then ConvTranspose2d with the same parameters: the shape comes back."""
    st.subheader(t("tr.round_trip_title"))
    args = dict(stride=walk.stride, padding=walk.padding, dilation=walk.dilation)
    try:
        down = convcore.conv_output_shape((n, n), kernel, **args)
        needed = tuple(
            convcore.round_trip_output_padding(
                n, kernel[a], walk.stride[a], walk.padding[a], walk.dilation[a]
            )
            for a in (0, 1)
        )
        plain = convcore.conv_transpose_output_shape(
            down, kernel, walk.stride, walk.padding, 0, walk.dilation
        )
        back = convcore.conv_transpose_output_shape(
            down, kernel, walk.stride, walk.padding, needed, walk.dilation
        )
    except convcore.ConvError as error:
        st.error(t("tr.round_trip_error", reason=error_text(error)), icon="⚠️")
        return
    values = dict(n=n, kh=kernel[0], kw=kernel[1], s=walk.stride[0], p=walk.padding[0], d=walk.dilation[0])
    st.markdown(t("tr.round_trip_body", h=down[0], w=down[1], ph=plain[0], pw=plain[1], oh=needed[0], ow=needed[1],
                  bh=back[0], bw=back[1], **values))  # fmt: skip
    if needed != (0, 0):
        st.caption(t("tr.round_trip_why", oh=needed[0], ow=needed[1]))


def code(walk: TransposedWalk) -> str:
    """The same layer in PyTorch, with the page's numbers."""
    X = walk.input.tolist()
    K = walk.kernel.tolist()
    s, p, op, d = walk.stride[0], walk.padding[0], walk.output_padding[0], walk.dilation[0]
    return (
        "import torch\nfrom torch import nn\n\n"
        f"X = torch.tensor({X}).reshape(1, 1, {walk.input.shape[0]}, {walk.input.shape[1]})\n"
        f"K = torch.tensor({K}).reshape(1, 1, {walk.kernel.shape[0]}, {walk.kernel.shape[1]})\n"
        f"tconv = nn.ConvTranspose2d(1, 1, kernel_size={tuple(walk.kernel.shape)}, stride={s}, padding={p},\n"
        f"                           output_padding={op}, dilation={d}, bias=False)\n"
        "tconv.weight.data = K\n"
        "print(tconv(X))\n"
    )
