"""The channels page's pickers: multi-channel sources (d2l's two channels, random, a photo or an upload),
per-channel kernels and biases, and their link parameters."""

from __future__ import annotations

import streamlit as st
import torch

from convcore import presets
from ui import controls, images, state
from ui.i18n import t

SOURCES = ("d2l2", "rand3", "scene", "rings", "upload")
CHANNEL_SIDE = 16  # photos are shown to the multi-channel animation at most this many cells per side
RGB_NAMES = ("R", "G", "B")


KERNEL_OPTIONS = tuple(name for name in presets.KERNEL_NAMES if name != "random")


def source_params(key: str) -> list[state.Param]:
    return [state.choice(f"{key}_src", SOURCES, "d2l2"), state.integer(f"{key}_seed", 0, 0, 10**6)]


def weight_params(key: str) -> list[state.Param]:
    """Every (source, output, input) kernel choice and every bias, with their defaults."""
    kernels = [
        state.choice(f"{key}_{source}_k{o}{c}", KERNEL_OPTIONS, default_kernel(source, o, c))
        for source in SOURCES
        for o in range(3)
        for c in range(3)
    ]
    return kernels + [state.number(f"{key}_b{o}", 0.0, -100.0, 100.0) for o in range(3)]


def source_picker(key: str) -> tuple[torch.Tensor, list[str], torch.Tensor | None]:
    """A (C, H, W) input to animate, its channel names, and the full-size RGB photo if it is one."""
    choice = st.selectbox(
        t("ch.source"), SOURCES, key=f"{key}_src", format_func=lambda n: t(f"ch.source_{n}")
    )
    if choice == "d2l2":
        return presets.d2l_two_channels(), ["X0", "X1"], None
    if choice == "rand3":
        seed = controls.linked_number(st, t("input.seed"), f"{key}_seed")
        X = torch.stack([presets.random_integers((5, 5), seed=seed + c) for c in range(3)])
        return X, ["X0", "X1", "X2"], None
    rgb = rgb_picker(key, choice)
    small = images.fit(rgb, CHANNEL_SIDE)
    st.caption(t("ch.downscaled", h=rgb.shape[1], w=rgb.shape[2], sh=small.shape[1], sw=small.shape[2]))
    return small, list(RGB_NAMES), rgb


def rgb_picker(key: str, choice: str) -> torch.Tensor:
    """A (3, H, W) photo: generated, or uploaded (the last good upload, or the house, on a bad file)."""
    if choice == "rings":
        return presets.rings()
    if choice == "upload":
        upload = st.file_uploader(t("input.upload_label_rgb"), type=list(images.TYPES),
                                  key=f"{key}_file")  # fmt: skip
        if upload is not None:
            try:
                picture = images.decode(upload.getvalue())
            except images.ImageError as error:
                st.error(t(error.key, **error.values), icon="⚠️")
            else:
                for note, values in picture.notes:
                    st.caption(t(note, **values))
                st.session_state[f"_valid_{key}_rgb"] = picture.rgb
        else:
            st.info(t("input.upload_hint"))
        return st.session_state.get(f"_valid_{key}_rgb", presets.scene())
    return presets.scene()


def default_kernel(source: str, o: int, c: int) -> str:
    """d2l's kernels for its two-channel example (K, K + 1, K + 2); edge filters otherwise."""
    if source == "d2l2":
        return "d2l_2x2" if o + c == 0 else f"d2l_2x2_{o + c}"
    return ("sobel_x", "sobel_y", "laplacian")[o]


def weight_picker(
    key: str, source: str, names: list[str], out_channels: int
) -> tuple[torch.Tensor | None, list]:
    """One kernel preset per (output, input) channel and a bias per output channel.

    Returns the (O, C, kh, kw) weight, or None after saying why (kernels of one layer share a size).
    """
    kernels, biases = [], []
    options = KERNEL_OPTIONS
    for o in range(out_channels):
        columns = st.columns(len(names) + 1)
        row = []
        for c, name in enumerate(names):
            row.append(
                columns[c].selectbox(
                    t("ch.kernel_for", o=o, name=name), options, key=f"{key}_{source}_k{o}{c}",
                    format_func=lambda n: t(f"kernel.{n}"),
                )
            )  # fmt: skip
        biases.append(
            float(columns[-1].number_input(t("ch.bias_for", o=o), -100.0, 100.0, key=f"{key}_b{o}"))
        )
        kernels.append([presets.kernel(name) for name in row])
    shapes = {tuple(k.shape) for row in kernels for k in row}
    if len(shapes) > 1:
        st.error(t("ch.kernel_sizes", sizes=", ".join(f"{h}x{w}" for h, w in sorted(shapes))), icon="⚠️")
        return None, biases
    return torch.stack([torch.stack(row) for row in kernels]), biases
