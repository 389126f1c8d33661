"""Home: the explorer's grid playing d2l's example by itself, then a card per page, each with a picture.

The cards are one list (``CARDS``): a page adds its card with one entry, its file, the key of its title and
body (``home.<key>.title``, ``home.<key>.body``) and, if it has one, a function drawing its picture. Every
picture is the grid component (``ui.grid``) fed by convcore, computed on the server like every other number
on the pages; none is a screenshot. The pictures' numbers do not depend on anything a visitor chooses, so
each is computed once per process (``functools.cache``) and only worded per run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

import convcore
from convcore import presets
from convcore.learn import learning_run, make_target
from convcore.receptive_field import trace_cell
from convcore.steps import sliding_window
from ui import grid
from ui.i18n import t

HERO = "home_hero"


@dataclass(frozen=True)
class Card:
    page: str  # the page's file, as app.py routes it
    key: str  # its words: home.<key>.title and home.<key>.body
    picture: Callable[[str], None] | None = None  # draws the card's picture under the component key given


# ---------------------------------------------------------------- the numbers (once per process)


@functools.cache
def _walk():
    return sliding_window(presets.d2l_matrix(), presets.kernel("d2l_2x2"))


@functools.cache
def _pooled() -> tuple[np.ndarray, np.ndarray]:
    X = presets.d2l_matrix()
    return X.numpy(), convcore.pool2d(X, 2, 1).numpy()


@functools.cache
def _scattered() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """d2l's transposed-convolution example: X = K = [[0, 1], [2, 3]]."""
    K = presets.kernel("d2l_2x2")
    return K.numpy(), K.numpy(), convcore.conv_transpose2d(K.clone(), K).numpy()


@functools.cache
def _matmul():
    """d2l's example as im2col: the 3x3 input's four windows as columns, the kernel as a row, their product."""
    view = convcore.matmul_view(presets.d2l_matrix(), presets.kernel("d2l_2x2"))
    return view.row.numpy(), view.columns.numpy(), view.product.numpy()


@functools.cache
def _causal() -> tuple[np.ndarray, np.ndarray, int]:
    """A step of 8 samples and its causal moving average of 3: the two pad cells first, the output as long."""
    X = torch.tensor([0.0, 0, 0, 0, 1, 1, 1, 1])
    left = convcore.causal_padding(3)
    padded = torch.nn.functional.pad(X, (left, 0))
    return padded[None].numpy(), convcore.conv1d(X, torch.full((3,), 1 / 3), causal=True)[None].numpy(), left


@functools.cache
def _field():
    """d2l's two 2x2 convolutions on a 3x3 input: the one output cell's box in every map."""
    size, layers = presets.stacks()["d2l"]
    return size, trace_cell(layers, size, 0, 0)


@functools.cache
def _learned() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """d2l's experiment: the 6x8 edge image, the target of [1, -1], the kernel after 10 SGD steps."""
    X, K = presets.edge_image(), presets.kernel("d2l_edge")
    run = learning_run(X, make_target(X, K), (1, 2), 3e-2, 10)
    return X.numpy(), K.numpy(), run.weights[-1].numpy()


@functools.cache
def _digit() -> tuple[np.ndarray, np.ndarray]:
    """A test digit and what an edge kernel makes of it (a feature map, as LeNet's first layer's)."""
    from convcore.lenet import digits

    image = digits().test_images[0, 0]
    return image.numpy(), convcore.conv2d(image, presets.kernel("sobel_x"), padding=1).numpy()


# ---------------------------------------------------------------- the pictures


def _maps(key: str, grids: list[dict]) -> None:
    grid.COMPONENT(key=key, data={**grid.maps_payload(grids), "small": True}, width="stretch")


def _spec(name: str, title: str, values: np.ndarray, **options) -> dict:
    spec = grid.grid_spec(title, values, **options)
    spec["name"] = name
    return spec


def hero() -> None:
    """The explorer's sliding window on d2l's example, playing by itself in a loop, the pin kept here."""
    payload = grid.conv_payload(_walk(), (0, 0), t("explorer.math", i="{i}", j="{j}"))
    payload["panels"][0]["input"]["title"] = t("tr.input_title")  # no padding here to explain
    payload.update(autoplay=True, loop=True, report=False, small=True)
    grid.show(HERO, payload)


def explorer_picture(key: str) -> None:
    walk = _walk()
    _maps(key, [_spec("input", t("tr.input_title"), walk.padded.numpy()),
                _spec("kernel", t("window.kernel"), walk.kernel.numpy()),
                _spec("output", t("anim.output_title"), walk.output.numpy())])  # fmt: skip


def channels_picture(key: str) -> None:
    X, Y = _pooled()
    _maps(key, [_spec("input", t("tr.input_title"), X), _spec("output", t("home.pooled"), Y)])


def transposed_picture(key: str) -> None:
    X, K, Y = _scattered()
    _maps(key, [_spec("input", t("tr.input_title"), X), _spec("kernel", t("window.kernel"), K),
                _spec("output", t("tr.output_title"), Y)])  # fmt: skip


def matmul_picture(key: str) -> None:
    row, columns, product = _matmul()
    _maps(key, [_spec("row", t("mm.grid_row"), row), _spec("columns", t("mm.grid_columns"), columns),
                _spec("product", t("mm.grid_product"), product)])  # fmt: skip


def conv1d_picture(key: str) -> None:
    padded, output, left = _causal()
    roles = "2" * left + "0" * (padded.shape[1] - left)  # the causal pad cells drawn as padding
    _maps(key, [_spec("input", t("home.conv1d_input"), padded, roles=roles),
                _spec("output", t("home.conv1d_output"), output)])  # fmt: skip


def receptive_field_picture(key: str) -> None:
    size, regions = _field()
    grids = []
    for n, region in enumerate(regions):
        (top, left), (bottom, right) = region.box
        values = np.arange(region.size[0] * region.size[1], dtype=float).reshape(region.size)
        title = t("home.field_input") if n == 0 else t("home.field_layer", n=n)
        grids.append(_spec(f"map{n}", title, values, box=(top, left, bottom, right), quiet=True))
    _maps(key, grids)


def learn_picture(key: str) -> None:
    X, K, learned = _learned()
    bound = float(max(np.abs(K).max(), np.abs(learned).max()))
    _maps(key, [_spec("input", t("home.edge_image"), X, quiet=True),
                _spec("target", t("home.target_kernel"), K, bound=bound),
                _spec("learned", t("home.learned_kernel"), learned, bound=bound)])  # fmt: skip


def lenet_picture(key: str) -> None:
    image, edges = _digit()
    _maps(key, [_spec("digit", t("home.digit"), image, quiet=True),
                _spec("edges", t("home.digit_edges"), edges, quiet=True)])  # fmt: skip


CARDS = [
    Card("views/explorer.py", "explorer", explorer_picture),
    Card("views/channels.py", "channels", channels_picture),
    Card("views/transposed.py", "transposed", transposed_picture),
    Card("views/matmul.py", "matmul", matmul_picture),
    Card("views/conv1d.py", "conv1d", conv1d_picture),
    Card("views/receptive_field.py", "receptive_field", receptive_field_picture),
    Card("views/learn.py", "learn", learn_picture),
    Card("views/lenet.py", "lenet", lenet_picture),
]
PER_ROW = 3


def cards(entries: list[Card] = CARDS) -> None:
    """The cards in rows of PER_ROW (a phone stacks them): the picture, the title, what it teaches, a link."""
    for start in range(0, len(entries), PER_ROW):
        columns = st.columns(PER_ROW, gap="medium")
        for column, card in zip(columns, entries[start : start + PER_ROW]):
            with column.container(border=True, key=f"home_card_{card.key}"):
                if card.picture is not None:
                    card.picture(f"home_pic_{card.key}")
                st.subheader(t(f"home.{card.key}.title"))
                st.write(t(f"home.{card.key}.body"))
                st.page_link(card.page, label=t("home.open"), icon=":material/arrow_forward:")
