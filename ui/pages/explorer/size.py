"""The explorer's output size: the formula with the page's numbers, and the rows and columns no window reads."""

from __future__ import annotations

import streamlit as st

import convcore
from ui.controls import Hyper
from ui.i18n import t


def unread_warnings(x_shape: tuple[int, int], k_shape: tuple[int, int], hyper: Hyper) -> None:
    """A warning for each axis whose last rows (or columns) no window reads (convcore counts them)."""
    for axis, index in (("rows", 0), ("cols", 1)):
        left_out = convcore.unread(
            x_shape[index],
            k_shape[index],
            hyper.stride[index],
            hyper.padding[index],
            hyper.dilation[index],
        )
        if left_out > 0:
            st.warning(t(f"explorer.unread_{axis}", n=left_out), icon="✂️")


def formula(
    x_shape: tuple[int, int], k_shape: tuple[int, int], hyper: Hyper, out_shape: tuple[int, int]
) -> None:
    """The subheader and the output-size formula for height and width, the output as convcore gave it."""
    st.subheader(t("explorer.size_title"))
    for axis, index, name in (("H", 0, t("explorer.height")), ("W", 1, t("explorer.width"))):
        n, k = x_shape[index], k_shape[index]
        p, s, d = hyper.padding[index], hyper.stride[index], hyper.dilation[index]
        out = out_shape[index]
        # the result on a line of its own: on a phone the whole formula fits, "= 2" included
        st.latex(
            rf"\begin{{aligned}} {axis}_\text{{out}} &= \left\lfloor \frac{{{n} + 2\cdot{p} - {d}\cdot({k} - 1) - 1}}"
            rf"{{{s}}} \right\rfloor + 1 \\ &= {out} \quad\text{{({name})}} \end{{aligned}}"
        )
