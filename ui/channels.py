"""Widget blocks of the channels-and-pooling page: multi-channel sources and per-channel kernels."""

from __future__ import annotations

import streamlit as st
import torch

from convcore import presets
from ui import images, state
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
        seed = int(st.number_input(t("input.seed"), 0, 10**6, key=f"{key}_seed"))
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


def real_layers(weights: str, seed: int) -> dict[str, torch.nn.Conv2d]:
    """nn.Conv2d(3, 1, 3, padding=1) and nn.Conv2d(3, 3, 3, padding=1), with chosen or seeded random weights.

    Chosen: the one-output layer finds vertical edges in the luminance (Sobel x weighted by
    0.299, 0.587, 0.114 per colour); the three-output layer gives vertical edges, horizontal
    edges and a blur, each from all three colours.
    """
    one, three = torch.nn.Conv2d(3, 1, 3, padding=1), torch.nn.Conv2d(3, 3, 3, padding=1)
    generator = torch.Generator().manual_seed(seed)  # local: other sessions share torch's global generator
    with torch.no_grad():
        for layer in (one, three):
            bound = 1 / (
                layer.weight[0].numel() ** 0.5
            )  # torch's default range for Conv2d weights and biases
            layer.weight.uniform_(-bound, bound, generator=generator)
            layer.bias.uniform_(-bound, bound, generator=generator)
    if weights == "chosen":
        luma = torch.tensor([0.299, 0.587, 0.114]).reshape(3, 1, 1)
        with torch.no_grad():
            one.weight.copy_((presets.kernel("sobel_x") * luma)[None])
            one.bias.zero_()
            filters = [presets.kernel("sobel_x"), presets.kernel("sobel_y"), presets.kernel("gaussian")]
            three.weight.copy_(torch.stack([f * luma for f in filters]))
            three.bias.zero_()
    return {"one": one, "three": three}
