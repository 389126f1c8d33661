"""The 1-D page in a real server and Chromium: the same and causal outputs on screen are torch's conv1d, and
hovering a node of the dilated causal stack lights the cells it reads in every layer below (autograd through
torch's conv1d is the oracle), with its receptive field in the caption.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from tests.browser import exceptions, screenshot, wait_for_app
from tests.test_browser_matmul import LIT, printed, read

pytestmark = pytest.mark.browser

SEQUENCE = [3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3]
KERNEL = [1.0, -2, 1]
QUERY = "c1_seq=typed&c1_typed=3,1,4,1,5,9,2,6,5,3&c1_kernel=typed&c1_ktyped=1,-2,1&c1_d=2&c1_depth=3"


def test_same_and_causal_outputs_on_screen_are_torchs(server, page):
    page.goto(f"{server}/conv1d?{QUERY}")
    wait_for_app(page, grids=5)
    X, w = torch.tensor(SEQUENCE)[None, None], torch.tensor(KERNEL)[None, None]
    causal = F.conv1d(F.pad(X, (4, 0)), w, dilation=2)[0, 0]  # d(k - 1) = 4 on the left only
    same = F.conv1d(X, w, padding="same", dilation=2)[0, 0]
    assert read(page, "c1_causal_output")["output"] == printed(causal)
    assert read(page, "c1_same_output")["output"] == printed(same)
    assert read(page, "c1_causal_input")["input"] == printed(F.pad(X, (4, 0)))
    assert read(page, "c1_same_input")["input"] == printed(F.pad(X, (2, 2)))
    assert exceptions(page) == []


@pytest.mark.parametrize(("layer", "t"), [(3, 7), (2, 6), (3, 2), (1, 0)])
def test_hovering_a_tree_node_lights_what_it_reads(server, page, layer, t):
    page.goto(f"{server}/conv1d?{QUERY}")
    wait_for_app(page, grids=5)
    read(page, "c1_tree")
    # the oracle: a stack of kernel 2, dilations 1, 2, 4, each a left pad and torch's conv1d
    x = torch.randn(8, requires_grad=True)
    layers = [x]
    for d in (1, 2, 4):
        layers.append(
            F.conv1d(F.pad(layers[-1][None, None], (d, 0)), torch.full((1, 1, 2), 0.5), dilation=d)[0, 0]
        )
    grads = torch.autograd.grad(layers[layer][t], layers[:layer], allow_unused=True)
    expected = {
        f"layer{m},0,{c}": "link" for m, g in enumerate(grads) for c in torch.nonzero(g).flatten().tolist()
    }
    expected[f"layer{layer},0,{t}"] = "source"
    page.locator(f".st-key-c1_tree .cell[data-grid='layer{layer}'][data-col='{t}']").hover()
    page.locator(f'.st-key-c1_tree [data-component="grid"][data-hover="layer{layer},cell,{t}"]').wait_for()
    assert page.evaluate(LIT, "c1_tree") == expected
    field = [1, 2, 4, 8][layer]  # receptive_field_1d(2, [1, 2, 4]) going up
    caption = page.locator(".st-key-c1_tree [data-caption]").inner_text()
    assert f"{field} sample" in caption and f"cell {t}" in caption, caption
    if (layer, t) == (3, 7):
        assert (
            len(expected) == 8 + 4 + 2 + 1
        )  # the whole tree: every input, every odd cell, 3 and 7, the node
        screenshot(page, "conv1d-hover-tree")
    assert exceptions(page) == []
