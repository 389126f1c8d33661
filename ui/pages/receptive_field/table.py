"""The receptive-field page's layer table and its arithmetic (the recurrences as LaTeX, with the numbers)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from convcore import ConvError
from convcore.receptive_field import ReceptiveField
from ui.i18n import error_text, t
from ui.pages.receptive_field.editor import Stack, _size


def _pair(values: tuple[int, int]) -> str:
    return str(values[0]) if values[0] == values[1] else f"{values[0]} × {values[1]}"


def layer_label(layer) -> str:
    """'conv 3×3', with the stride and dilation when they are not 1: 'conv 11×11 s4'."""
    (kh, kw), (sh, sw), (dh, dw) = layer.kernel_size, layer.stride, layer.dilation
    text = f"{layer.kind} {kh}×{kw}"
    if (sh, sw) != (1, 1):
        text += f" s{_pair((sh, sw))}"
    if (dh, dw) != (1, 1):
        text += f" d{_pair((dh, dw))}"
    return text


def layer_table(stack: Stack, fields: list[ReceptiveField], why: ConvError | None) -> pd.DataFrame:
    """One row per feature map: its size, receptive field, effective stride and padding.

    A layer with a problem gets ⚠️ before its name and the reason in a last column (which only
    exists when some layer has a problem); layers above it are marked as not reached.
    """
    h, w = stack.input_size
    table = [["0", t("rf.input_row"), f"{h} × {w}", "1", "1", "0", ""]]
    for index, row in enumerate(stack.rows):
        number = str(index + 1)
        if index < len(fields):
            field = fields[index]
            out = field.output_size
            table.append(
                [number, layer_label(field.layer), f"{out[0]} × {out[1]}", _pair(field.size),
                 _pair(field.stride), _pair(field.padding), ""]
            )  # fmt: skip
            continue
        label = f"{row.get('kind') or '?'} {_size(row)}"
        if stack.problems[index]:
            label, status = "⚠️ " + label, stack.problems[index]
        elif index == len(fields) and why:
            label, status = "⚠️ " + label, error_text(why)  # convcore's reason, in the session's language
        else:
            status = t("rf.not_reached")
        table.append([number, label, "—", "—", "—", "—", status])
    columns = [t(f"rf.t_{name}") for name in ("num", "layer", "out", "rf", "stride", "padding", "status")]
    frame = pd.DataFrame(table, columns=columns)
    if len(fields) == len(stack.rows):
        frame = frame.drop(columns=t("rf.t_status"))
    return frame


def table_config() -> dict:
    return {
        t("rf.t_num"): st.column_config.TextColumn(width=36),
        t("rf.t_layer"): st.column_config.TextColumn(width=118),
        t("rf.t_status"): st.column_config.TextColumn(width="large"),
        t("rf.t_out"): st.column_config.TextColumn(width=84),
        t("rf.t_rf"): st.column_config.TextColumn(width=64, help=t("rf.help_rf")),
        t("rf.t_stride"): st.column_config.TextColumn(width=64, help=t("rf.help_S")),
        t("rf.t_padding"): st.column_config.TextColumn(width=72, help=t("rf.help_P")),
    }


def arithmetic(fields: list[ReceptiveField], input_size: tuple[int, int], number: int) -> list[str]:
    """LaTeX for layer ``number`` (1-based): its output size and the three recurrences, with its numbers.

    One aligned block along the height; a second along the width when anything about it differs.
    """
    field = fields[number - 1]
    below = fields[number - 2] if number > 1 else None
    blocks = []
    axes = [0] if _square(fields[:number], input_size) else [0, 1]
    for axis in axes:
        size_in = below.output_size[axis] if below else input_size[axis]
        r0, s0, p0 = (below.size[axis], below.stride[axis], below.padding[axis]) if below else (1, 1, 0)
        layer = field.layer
        k, s, p, d = (v[axis] for v in (layer.kernel_size, layer.stride, layer.padding, layer.dilation))
        n, m = number, number - 1
        name = "H" if axis == 0 else "W"
        lines = [
            rf"{name}_{{{n}}} &= \left\lfloor \frac{{{name}_{{{m}}} + 2p - d\,(k - 1) - 1}}{{s}} \right\rfloor + 1",
            rf"&= \left\lfloor \frac{{{size_in} + 2\cdot{p} - {d}\cdot({k} - 1) - 1}}{{{s}}} \right\rfloor + 1"
            rf" = {field.output_size[axis]}",
            rf"r_{{{n}}} &= r_{{{m}}} + (k - 1)\,d\,S_{{{m}}}",
            rf"&= {r0} + ({k} - 1)\cdot{d}\cdot{s0} = {field.size[axis]}",
            rf"S_{{{n}}} &= S_{{{m}}}\,s = {s0}\cdot{s} = {field.stride[axis]}",
            rf"P_{{{n}}} &= P_{{{m}}} + p\,S_{{{m}}} = {p0} + {p}\cdot{s0} = {field.padding[axis]}",
        ]
        head = r"\text{" + t("rf.math_width") + r"}\\" if axis == 1 else ""
        blocks.append(head + r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}")
    return blocks


def _square(fields: list[ReceptiveField], input_size) -> bool:
    if input_size[0] != input_size[1]:
        return False
    for field in fields:
        layer = field.layer
        for pair in (layer.kernel_size, layer.stride, layer.padding, layer.dilation):
            if pair[0] != pair[1]:
                return False
    return True


def region_math(maps, fields, cell) -> list[str]:
    """LaTeX for the input box of ``cell``, per axis: from i * S_L - P_L to that + r_L - 1."""
    last, number = fields[-1], len(fields)
    (top, left), (bottom, right) = maps[0].box
    lines = []
    for axis, var, start, end in (("rows", "i", top, bottom), ("cols", "j", left, right)):
        index = 0 if axis == "rows" else 1
        lines.append(
            t("rf.region_math", axis=t(f"rf.{axis}"), var=var, n=number, i=cell[index], s=last.stride[index],
              p=last.padding[index], top=start, r=last.size[index], bottom=end)
        )  # fmt: skip
    return lines
