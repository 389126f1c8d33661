"""Look inside: one digit through the network, every layer's feature maps, the probabilities, and a
clicked activation's receptive field on the digit with its gradient footprint beside it.

Every number is convcore's: ``activations``, ``probabilities``, ``trace`` (the box, from
``receptive_field``) and ``footprint`` (autograd on the real network and digit). This module only
arranges them for the grid component.
"""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from convcore import ConvError
from convcore.lenet import SPATIAL, TRACED, activations, digit_image, digits, footprint, probabilities, trace
from convcore.receptive_field import receptive_field
from ui import grid, images, projector, selection
from ui.i18n import error_text, t
from ui.pages.lenet import canvas
from ui.pages.receptive_field.maps import maps_payload

SOURCES = ("test", "draw", "upload")
DENSE = ("fc1", "act3", "fc2", "act4", "fc3")
DENSE_SHAPES = {120: (10, 12), 84: (7, 12), 10: (1, 10)}


def pick_digit() -> torch.Tensor | None:
    """The digit to look at: a test digit, a drawing or an upload, made 28x28 by convcore; None (with the
    reason shown under the control) when there is none."""
    source = st.segmented_control(
        t("lenet.source"), SOURCES, key="lt_src", format_func=lambda s: t(f"lenet.src_{s}"), required=True
    )
    if source == "draw":
        st.caption(t("lenet.draw_help"))
        drawn = canvas.pad("lt_pad")
        if drawn is None:
            st.info(t("lenet.draw_first"), icon=":material/draw:")
            return None
        return _digit(drawn)
    if source == "upload":
        upload = st.file_uploader(t("lenet.upload"), type=list(images.TYPES), key="lt_upload")
        if upload is None:
            st.info(t("lenet.upload_first"), icon=":material/upload:")
            return None
        try:
            picture = images.decode(upload.getvalue())
        except images.ImageError as error:
            st.error(t(error.key, **error.values), icon="⚠️")
            return None
        return _digit(picture.rgb.mean(0).numpy())
    index = st.number_input(t("lenet.test_digit"), 0, 999, key="lt_digit", help=t("lenet.test_digit_help"))
    data = digits()
    st.caption(t("lenet.test_label", label=int(data.test_labels[int(index)])))
    return data.test_images[int(index), 0]


def _digit(gray: np.ndarray) -> torch.Tensor | None:
    try:
        return digit_image(torch.as_tensor(gray))
    except ConvError as error:
        st.error(error_text(error), icon="⚠️")
        return None


def _layer_grids(name: str, values: np.ndarray) -> list[dict]:
    """A layer's channels as quiet grids on one scale (diverging when any value is negative)."""
    negative = bool((values < 0).any())
    bound = float(np.abs(values).max()) or 1.0
    specs = []
    for c, channel in enumerate(values):
        spec = grid.grid_spec(f"{name} · {c}", channel, bound=bound if negative else None, quiet=True)
        spec["name"] = f"{name}_{c}"
        specs.append(spec)
    return specs


def _dense_grid(name: str, values: np.ndarray) -> dict:
    shape = DENSE_SHAPES[values.size]
    spec = grid.grid_spec(f"{name} ({values.size})", values.reshape(shape), quiet=values.size > 10)
    spec["name"] = name
    return spec


def feature_maps(net, x: torch.Tensor) -> None:
    """The digit, every layer's feature maps (one component a layer) and the probabilities."""
    named = dict(activations(net, x))
    probs = probabilities(net, x).numpy()
    guess = int(probs.argmax())
    left, right = st.columns([1, 3], vertical_alignment="top")
    with left:
        spec = grid.grid_spec(t("lenet.the_digit"), x.numpy(), quiet=True)
        spec["name"] = "digit"
        grid.show_maps("lt_digit_grid", [spec])
    with right:
        st.markdown(t("lenet.guess", digit=guess, p=100 * float(probs[guess])))
        printed = [f"{100 * p:.1f}%" for p in probs]
        spec = grid.grid_spec(t("lenet.probs_title"), probs.reshape(1, 10), printed=printed)
        spec["name"] = "probs"
        grid.show_maps("lt_probs", [spec])
        st.caption(t("lenet.probs_caption"))
    for name in SPATIAL:
        values = named[name].numpy()
        st.markdown(t(f"lenet.layer_{name}", c=values.shape[0], h=values.shape[1], w=values.shape[2]))
        grid.show_maps(f"lt_fm_{name}", _layer_grids(name, values))
    st.markdown(t("lenet.layer_dense"))
    grid.show_maps("lt_fm_dense", [_dense_grid(name, named[name].numpy()) for name in DENSE])


def _clip(box) -> list[int]:
    (top, left), (bottom, right) = box
    return [max(top, 0), max(left, 0), min(bottom, 27), min(right, 27)]


def receptive_fields(net, x: torch.Tensor) -> None:
    """Pick a layer and a channel, click an activation: its box on the digit (convcore's trace) and the
    gradient footprint of that activation on this digit, beside the traced maps."""
    cols = st.columns([2, 1, 3], vertical_alignment="bottom")
    layer = cols[0].selectbox(t("lenet.rf_layer"), SPATIAL, key="lt_rf_layer")
    named = dict(activations(net, x))
    values = named[layer].numpy()
    channels, h, w = values.shape
    if int(st.session_state.get("lt_rf_channel", 0)) > channels - 1:  # conv2's 16 channels -> conv1's 6
        st.session_state["lt_rf_channel"] = channels - 1
    channel = cols[1].number_input(t("lenet.rf_channel"), 0, channels - 1, key="lt_rf_channel")
    channel = min(int(channel), channels - 1)
    cols[2].caption(t("lenet.rf_help"))
    cell = selection.get("lt_cell", (h, w))
    stack_name = {"act1": "conv1", "act2": "conv2"}.get(layer, layer)
    stack = [getattr(net, name) for name in TRACED[: TRACED.index(stack_name) + 1]]
    fields = receptive_field(stack, 28)
    regions = trace(net, layer, *cell)
    grad = footprint(net, x, layer, channel, *cell).numpy()
    source = regions[0]
    (top, left), (bottom, right) = source.box
    value = float(values[channel, cell[0], cell[1]])
    st.markdown(t("lenet.rf_readout", layer=layer, c=channel, i=cell[0], j=cell[1], value=value,
                  h=source.box_shape[0], w=source.box_shape[1], top=top, bottom=bottom, left=left,
                  right=right))  # fmt: skip
    box = _clip(source.box)
    digit = grid.grid_spec(t("lenet.rf_on_digit"), x.numpy(), box=box, quiet=True)
    digit["name"] = "rf_digit"
    heat = grid.grid_spec(t("lenet.rf_footprint"), grad, box=box, quiet=True)
    heat["name"] = "rf_grad"
    own = grid.grid_spec(f"{layer} · {channel}", values[channel], box=[cell[0], cell[1], cell[0], cell[1]],
                         quiet=True, bound=float(np.abs(values[channel]).max()) or 1.0 if (values < 0).any() else None)  # fmt: skip
    own["name"] = "rf_map"
    # side by side (one component each: in one, the grid component stacks grids this large)
    for column, (key, spec) in zip(st.columns([3, 3, 1.4]), (("lt_rf_digit", digit), ("lt_rf_grad", heat),
                                                           ("lt_rf_map", own))):  # fmt: skip
        with column:
            grid.show_maps(key, [spec])
    inside = float(grad.sum())
    if inside == 0:
        st.caption(t("lenet.rf_zero"))
    else:
        st.caption(t("lenet.rf_footprint_caption"))
    st.markdown(t("lenet.rf_maps"))
    payload = maps_payload(regions, fields, cell, projector.on())
    grid.show("lt_fields", payload, selection.pin("lt_fields", "lt_cell", (h, w)))
