"""Multi-channel 1-D convolution on the 1-D page: d2l's TextCNN example, the channels summed.

TextCNN (d2l section 15.3) slides a 1-D kernel along a sentence whose words are vectors: each embedding
dimension is an input channel with its own kernel row, and the channels' cross-correlations are added into
one output channel, as the channels page adds 2-D channels. Here each channel is a 1-row grid with the
window of output t outlined, beside its kernel and its own part (``convcore.channel_sums_1d``); the output
(``convcore.conv1d``) is their sum, and the arithmetic of output t is written out as a line. The channels
are d2l's (``convcore.presets.d2l_textcnn``) or the page's own sequence shifted over 2 or 3 channels.
"""

from __future__ import annotations

import streamlit as st
import torch

import convcore
from convcore.presets import d2l_textcnn
from ui import controls, grid, state
from ui.i18n import error_text, t

SOURCES = ("d2l", "own")
MAX_CHANNELS = 3
SCALES = (1.0, -1.0, 2.0)  # the page's kernel times these, one a channel (own channels)
QUIET = 32  # cells in a grid past which it prints no numbers (as the rest of the page)

PARAMS = [
    state.choice("c1_tc_src", SOURCES, "d2l"),
    state.integer("c1_tc_c", 3, 2, MAX_CHANNELS),
    state.integer("c1_tc_t", 0, 0, 4096),
]


def own_channels(x: torch.Tensor, w: torch.Tensor, count: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``count`` channels from one sequence and kernel: channel c is ``x`` shifted left by c samples (wrapping
    round), and its kernel is ``w`` times ``SCALES[c]``."""
    inputs = torch.stack([torch.roll(x, -c) for c in range(count)])
    kernels = torch.stack([w * SCALES[c] for c in range(count)])
    return inputs, kernels


def number(value: float) -> str:
    """A value as its cell prints it, a negative one in brackets with a true minus: (−3)."""
    text = grid.fmt(float(value))
    return f"(−{text[1:]})" if text.startswith("-") else text


def sum_line(index: int, inputs: torch.Tensor, kernels: torch.Tensor, cols, parts, value) -> str:
    """``y[t] = (x·k + ...) + (...) = part + part + ... = y``: channel by channel, from convcore's numbers."""
    terms = " + ".join(
        "(" + " + ".join(f"{number(inputs[c, j])}×{number(k)}" for j, k in zip(cols, kernels[c])) + ")"
        for c in range(inputs.shape[0])
    )
    partial = " + ".join(number(p) for p in parts)
    return t(
        "c1.tc_sum", index=index, terms=terms, parts=partial, value=grid.fmt(float(value)).replace("-", "−")
    )


def follow(container, count: int) -> int:
    """The output index t: a shorter output moves it to its last cell; out of range is said under the box."""
    if count != st.session_state.get("_c1_tc_count") and st.session_state.get("c1_tc_t", 0) >= count:
        st.session_state["c1_tc_t"] = count - 1
    st.session_state["_c1_tc_count"] = count
    index = controls.whole_number(container, t("c1.tc_t"), 0, count - 1, "c1_tc_t")
    return min(index, count - 1)


def section(x: torch.Tensor | None, w: torch.Tensor | None) -> None:
    """The TextCNN section: d2l's 3 channels (or the page's sequence over 2-3), each channel's part, their sum."""
    st.divider()
    st.subheader(t("c1.tc_title"))
    st.caption(t("c1.tc_intro"))
    source_column, channels_column, t_column = st.columns(3)
    source = source_column.selectbox(t("c1.tc_source"), SOURCES, key="c1_tc_src",
                                     format_func=lambda n: t(f"c1.tc_src_{n}"))  # fmt: skip
    if source == "d2l":
        inputs, kernels = d2l_textcnn()
    else:
        count = controls.whole_number(channels_column, t("c1.tc_channels"), 2, MAX_CHANNELS, "c1_tc_c")
        if x is None or w is None:
            st.info(t("c1.tc_own_missing"))
            return
        inputs, kernels = own_channels(x, w, count)
        st.caption(t("c1.tc_own_body", scales=", ".join(grid.fmt(s) for s in SCALES[:count])))
    try:
        output = convcore.conv1d(inputs, kernels[None])[0]
        parts = convcore.channel_sums_1d(inputs, kernels)
    except convcore.ConvError as error:
        st.info(t("c1.no_output", reason=error_text(error)))
        return
    index = follow(t_column, output.numel())
    _, cols = convcore.window(0, index, (1, kernels.shape[1]))
    length = inputs.shape[1]
    for c in range(inputs.shape[0]):
        # every cell drawn as read (no padding here, every cell is in some window): the outline is the window
        channel = grid.grid_spec(t("c1.tc_channel", c=c), inputs[c][None].numpy(), None,
                                 box=(0, min(cols), 0, max(cols)), quiet=length > QUIET)  # fmt: skip
        channel["name"] = "input"
        kernel = grid.grid_spec(t("c1.tc_kernel", c=c), kernels[c][None].numpy())
        kernel["name"] = "kernel"
        part = grid.grid_spec(t("c1.tc_part", c=c), parts[c][None].numpy(), box=(0, index, 0, index),
                              quiet=parts.shape[1] > QUIET)  # fmt: skip
        part["name"] = "part"
        grid.show_maps(f"c1_tc_ch{c}", [channel, kernel, part])
    total = grid.grid_spec(t("c1.tc_output"), output[None].numpy(), box=(0, index, 0, index),
                           quiet=output.numel() > QUIET)  # fmt: skip
    total["name"] = "output"
    grid.show_maps("c1_tc_output", [total])
    st.markdown(sum_line(index, inputs, kernels, cols, parts[:, index], output[index]))
