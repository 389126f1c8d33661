"""Channels and pooling: several input and output channels, 1x1 convolution, max and average pooling.

The link parameters of all four sections, the section switch, then one function per section (its controls
-> convcore -> its grids and text), and at the bottom the open section drawn and the link published.
"""

import numpy as np
import streamlit as st
import torch

import convcore
from convcore import presets
from ui import controls, figures, grid, matrix, practice, state, window_view
from ui.i18n import error_text, t
from ui.pages.channels import pickers, real

SECTIONS = ("multi", "one_by_one", "pooling", "real")
MIX_DEFAULTS = {2: "1 1", 3: "0.299 0.587 0.114\n1 -1 0"}  # a sum; luminance and red minus green
PARAMS = [
    state.choice("ch_section", SECTIONS, "multi"),
    # several channels
    *pickers.source_params("ch"),
    state.integer("ch_out", 1, 1, 3),
    state.integer("ch_groups", 1, 1, 16),
    *controls.hyper_params("ch_hp"),
    *pickers.weight_params("ch"),
    state.integer("ch_o", 0, 0, 2),
    state.cell("ch_cell"),
    # 1x1 convolution
    *pickers.source_params("p1"),
    *(state.typed_matrix(f"p1_mix{c}", text) for c, text in MIX_DEFAULTS.items()),
    # pooling
    *controls.input_params("pl_in"),
    state.choice("pl_mode", ("max", "avg"), "max"),
    state.integer("pl_kh", 2, 1, 8),
    state.integer("pl_kw", 2, 1, 8),
    state.flag("pl_stride_default", False),  # the book's example first: stride 1, [[4, 5], [7, 8]]
    state.integer("pl_sh", 1, 1, 8),
    state.integer("pl_sw", 1, 1, 8),
    state.integer("pl_ph", 0, 0, 8),
    state.integer("pl_pw", 0, 0, 8),
    state.flag("pl_ceil", False),
    state.flag("pl_include_pad", True),
    state.cell("pl_cell"),
    # a photo through real layers
    state.choice("rl_src", ("scene", "rings", "upload"), "scene"),
    state.choice("rl_weights", ("chosen", "random"), "chosen"),
    state.integer("rl_seed", 0, 0, 10**6),
    *practice.params(),  # the pooling section's practice: ?ch_section=pooling&practice=cell|size
]
state.restore(PARAMS)

st.title(t("ch.title"))
st.caption(t("ch.intro"))
state.notices()
section = st.segmented_control(
    t("ch.section"), SECTIONS, key="ch_section", format_func=lambda s: t(f"ch.section_{s}")
) or "multi"  # fmt: skip


def multi_channel(params: list[state.Param]) -> None:
    """C input channels summed into each of up to three output channels; groups; the weight shape and costs."""
    # the controls in a narrow column and the moving grid beside them (on the first screen); the per-channel
    # kernels, a row of pickers each, below at full width
    left, right = st.columns([1, 2], gap="medium")
    below = st.container()
    with left:
        X, names, _ = pickers.source_picker("ch")
        out_channels = controls.whole_number(st, t("ch.out_channels"), 1, 3, "ch_out")
        groups = groups_picker(X.shape[0], out_channels)
        hyper = controls.hyper_picker("ch_hp")
    with below, st.expander(t("ch.kernels"), expanded=True):  # its problems show inside, beside the pickers
        source = st.session_state.get("ch_src", "d2l2")
        weight, biases = pickers.weight_picker("ch", source, names, out_channels)
    if weight is None or groups is None:
        return
    reads = convcore.grouping(X.shape[0], out_channels, tuple(weight.shape[-2:]), groups).reads
    if groups > 1:  # the pickers stay for every (output, input) pair; say which ones the groups use
        below.caption(t("ch.groups_unused", g=groups, per=X.shape[0] // groups))
    weight = torch.stack([weight[o, list(reads[o])] for o in range(out_channels)])  # (O, C / groups, kh, kw)
    try:
        walk = convcore.channel_window(X, weight, torch.tensor(biases), hyper.stride, hyper.padding, hyper.dilation,
                                       hyper.padding_mode, groups)  # fmt: skip
    except ValueError as error:  # said beside padding, stride and dilation
        left.error(t("explorer.no_output", reason=error_text(error)), icon="⚠️")
        return
    kh, kw = weight.shape[-2:]
    with right:  # the grid first (on the first screen, also at a projector); its shapes under it
        o = 0
        if out_channels > 1:  # which output channel to animate, when there is a choice
            o = st.radio(t("ch.show_output"), range(out_channels), horizontal=True, key="ch_o",
                         format_func=lambda n: t("anim.output_channel", o=n))  # fmt: skip
        window_view.cell_section(
            "ch",
            walk.shape,
            lambda cell: grid.channel_payload(walk, o, names, cell, t("ch.math", o=o, i="{i}", j="{j}")),
            params,
        )
        if groups == 1:
            st.markdown(
                t("ch.shapes", c=X.shape[0], h=X.shape[1], w=X.shape[2], o=out_channels, ho=walk.shape[0],
                  wo=walk.shape[1], kh=kh, kw=kw,
                  params=convcore.conv_parameters(X.shape[0], out_channels, (kh, kw)))
            )  # fmt: skip
    with below:
        grid.show_maps(
            "ch_outputs",
            [(f"out{k}", t("anim.output_channel", o=k), walk.output[k].numpy()) for k in range(out_channels)],
        )
        groups_section(X.shape[0], out_channels, (kh, kw), groups, walk.shape, names)


def groups_picker(in_channels: int, out_channels: int) -> int | None:
    """Conv2d's groups, offering the divisors of the input channels; a value that does not also divide the
    output channels (or came in a link and divides neither) is explained right under the control."""
    options = convcore.group_divisors(in_channels)
    linked = st.session_state.get("ch_groups", 1)
    under = None
    if linked not in options:  # a link's groups the input channels refuse: say so, fall back to 1
        under = linked
        st.session_state["ch_groups"] = 1
    groups = st.selectbox(t("ch.groups"), options, key="ch_groups", help=t("ch.groups_help"))
    for value in (under, groups):
        if value is None:
            continue
        try:
            convcore.grouping(in_channels, out_channels, 1, value)
        except convcore.ConvError as error:
            st.error(t("ch.groups_bad", groups=value, reason=error_text(error)), icon="⚠️")
            if value == groups:
                return None
    return groups


def groups_section(in_channels: int, out_channels: int, kernel: tuple[int, int], groups: int,
                   out_shape: tuple[int, int], names: list[str]) -> None:  # fmt: skip
    """Which input channels feed which outputs, the weight shape and costs; depthwise + 1x1 against full."""
    wiring = convcore.grouping(in_channels, out_channels, kernel, groups, out_shape)
    st.subheader(t("ch.groups_title", g=groups))
    # rows: output channels; columns: input channels; a dot where the output reads the channel
    head = "| | " + " | ".join(names) + " |\n| --- |" + " :---: |" * len(names)
    rows = [f"| {t('anim.output_channel', o=o)} | " + " | ".join("●" if read else "" for read in line) + " |"
            for o, line in enumerate(wiring.connections())]  # fmt: skip
    st.markdown("\n".join([head, *rows]))
    st.markdown(
        t(
            "ch.groups_costs",
            g=groups,
            shape=wiring.weight_shape,
            params=wiring.parameters,
            o=out_channels,
            per=wiring.weight_shape[1],
            kh=kernel[0],
            kw=kernel[1],
            macs=wiring.multiply_adds,
            ho=out_shape[0],
            wo=out_shape[1],
        )  # fmt: skip
    )
    both = convcore.separable(in_channels, out_channels, kernel, out_shape)
    st.subheader(t("ch.separable_title"))
    shape = lambda channels: f"({channels}, {out_shape[0]}, {out_shape[1]})"  # noqa: E731
    st.markdown(
        t(
            "ch.separable_table",
            c=in_channels,
            o=out_channels,
            kh=kernel[0],
            kw=kernel[1],
            full_shape=both.full.weight_shape,
            full_params=both.full.parameters,
            full_macs=both.full.multiply_adds,
            full_out=shape(out_channels),
            dw_shape=both.depthwise.weight_shape,
            dw_params=both.depthwise.parameters,
            dw_macs=both.depthwise.multiply_adds,
            dw_out=shape(in_channels),
            pw_shape=both.pointwise.weight_shape,
            pw_params=both.pointwise.parameters,
            pw_macs=both.pointwise.multiply_adds,
            sep_out=shape(out_channels),
            sep_params=both.parameters,
            sep_macs=both.multiply_adds,
        )  # fmt: skip
    )


def one_by_one() -> None:
    """A 1x1 convolution and the same mix as a matrix multiply, with their largest difference."""
    left, right = st.columns([1, 2], gap="medium")
    with left:
        X, names, _ = pickers.source_picker("p1")
        st.markdown(t("ch.mix_help", c=X.shape[0]))
    with right:
        mix = controls.matrix_editor(f"p1_mix{X.shape[0]}", matrix.from_text(MIX_DEFAULTS[X.shape[0]]))
    if mix is None:
        return
    if mix.shape[1] != X.shape[0]:
        right.error(t("ch.mix_columns", cols=mix.shape[1], c=X.shape[0]), icon="⚠️")  # beside the matrix
        return
    by_conv = convcore.conv2d(X, mix.reshape(*mix.shape, 1, 1))
    by_matmul = convcore.conv1x1_as_matmul(X, mix)
    difference = float((by_conv - by_matmul).abs().max())
    grid.show_maps(
        "p1_grids",
        [("mix", t("ch.mix_matrix"), mix.numpy())]
        + [(f"out{o}", f"{t('ch.mixed')} {o}", by_conv[o].numpy()) for o in range(mix.shape[0])],
    )
    st.markdown(t("ch.mix_result", c=X.shape[0], o=mix.shape[0], h=X.shape[1], w=X.shape[2], diff=difference))
    # two lines, so a phone shows both sides without scrolling
    st.latex(r"\begin{aligned} Y_{o,i,j} &= \sum_c W_{o,c}\, X_{c,i,j} \\ \Longleftrightarrow\quad "
             rf"Y &= W_{{{mix.shape[0]}\times{X.shape[0]}}}\; X_{{{X.shape[0]}\times{X.shape[1] * X.shape[2]}}}"
             r"\end{aligned}")  # fmt: skip


def pooling(params: list[state.Param]) -> None:
    """Max or average pooling on one matrix, animated; the same pooling on a photo's three channels."""
    practice_kind = practice.controls("pl", ("cell", "size"))
    if practice_kind is not None:
        practice.show("pl", practice_kind, "pool", params)
    # the controls in a narrow column and the moving grid beside them, as on the explorer
    left, right = st.columns([1, 2], gap="medium")
    with left:
        source = controls.input_picker("pl_in")
        mode = st.radio(t("ch.pool_mode"), ("max", "avg"), horizontal=True, key="pl_mode",
                        format_func=lambda m: t(f"ch.pool_{m}"))  # fmt: skip
        a, b = st.columns(2)
        kernel = (controls.whole_number(a, t("ch.pool_h"), 1, 8, "pl_kh"),
                  controls.whole_number(b, t("ch.pool_w"), 1, 8, "pl_kw"))  # fmt: skip
        default_stride = st.checkbox(
            t("ch.stride_default"), key="pl_stride_default", help=t("ch.stride_default_help")
        )
        a, b = st.columns(2)
        stride = None
        if not default_stride:
            stride = (controls.whole_number(a, t("hyper.stride_h"), 1, 8, "pl_sh"),
                      controls.whole_number(b, t("hyper.stride_w"), 1, 8, "pl_sw"))  # fmt: skip
        padding = (controls.whole_number(a, t("hyper.padding_h"), 0, 8, "pl_ph"),
                   controls.whole_number(b, t("hyper.padding_w"), 0, 8, "pl_pw"))  # fmt: skip
        ceil_mode = st.toggle(t("ch.ceil_mode"), key="pl_ceil")
        include_pad = True
        if mode == "avg":
            include_pad = st.toggle(t("ch.count_include_pad"), key="pl_include_pad")
        try:
            walk = convcore.pool_window(
                source.matrix, kernel, stride, padding, 1, ceil_mode, mode, include_pad
            )
        except ValueError as error:
            st.error(t("ch.pool_error", reason=error_text(error)), icon="⚠️")
            return
    with right:
        st.caption(t(f"ch.pool_note_{mode}"))
        window_view.cell_section(
            "pl",
            walk.shape,
            lambda cell: grid.pool_payload(walk, cell, t("ch.pool_math", i="{i}", j="{j}")),
            params,
        )
    rgb = presets.scene()
    pooled = convcore.pool2d(rgb, kernel, stride, padding, 1, ceil_mode, mode, include_pad)
    st.markdown(t("ch.pool_channels", c=rgb.shape[0], h=rgb.shape[1], w=rgb.shape[2], ho=pooled.shape[1],
                  wo=pooled.shape[2]))  # fmt: skip


def real_layers() -> None:
    """A photo through real ``nn.Conv2d`` layers, each beside convcore's ``conv2d`` with the same weights."""
    left, _ = st.columns([1, 2], gap="medium")
    with left:
        choice = st.selectbox(t("ch.source"), ("scene", "rings", "upload"), key="rl_src",
                              format_func=lambda n: t(f"ch.source_{n}"))  # fmt: skip
        rgb = pickers.rgb_picker("rl", choice)
        weights = st.radio(t("ch.real_weights"), ("chosen", "random"), key="rl_weights", horizontal=True,
                           format_func=lambda w: t(f"ch.real_{w}"))  # fmt: skip
        seed = controls.linked_number(st, t("input.seed"), "rl_seed") if weights == "random" else 0
    shown = figures.jpeg(np.round(rgb.clamp(0, 1).permute(1, 2, 0).numpy() * 255))
    for name, layer in real.real_layers(weights, seed).items():
        with torch.no_grad():
            by_torch = layer(rgb[None])[0]
        by_convcore = convcore.conv2d(rgb, layer.weight.detach(), layer.bias.detach(), padding=1)
        st.markdown(t(f"ch.real_{name}", diff=float((by_torch - by_convcore).abs().max())))
        columns = st.columns(4)
        columns[0].image(shown, caption=t("ch.real_input"), width="stretch")
        for o in range(by_torch.shape[0]):
            columns[o + 1].image(figures.jpeg(figures.to_image(by_convcore[o].numpy())), width="stretch",
                                 caption=t("anim.output_channel", o=o))  # fmt: skip


if section == "multi":
    multi_channel(PARAMS)
elif section == "one_by_one":
    one_by_one()
elif section == "pooling":
    pooling(PARAMS)
else:
    real_layers()
state.publish(PARAMS)
