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


def causal_stack() -> list[torch.Tensor]:
    """The page's stack in torch, the oracle: 8 samples, kernel 2, dilations 1, 2, 4, each a left pad of d
    and torch's conv1d; the input and every layer, for autograd."""
    layers = [torch.randn(8, requires_grad=True)]
    for d in (1, 2, 4):
        layers.append(
            F.conv1d(F.pad(layers[-1][None, None], (d, 0)), torch.full((1, 1, 2), 0.5), dilation=d)[0, 0]
        )
    return layers


def test_same_and_causal_outputs_on_screen_are_torchs(server, page):
    page.goto(f"{server}/conv1d?{QUERY}")
    wait_for_app(page, grids=5)
    X, w = torch.tensor(SEQUENCE)[None, None], torch.tensor(KERNEL)[None, None]
    causal = F.conv1d(F.pad(X, (4, 0)), w, dilation=2)[0, 0]  # d(k - 1) = 4 on the left only
    same = F.conv1d(X, w, padding="same", dilation=2)[0, 0]
    assert read(page, "c1_causal")["output"] == printed(causal)
    assert read(page, "c1_same")["output"] == printed(same)
    assert read(page, "c1_causal")["input"] == printed(F.pad(X, (4, 0)))
    assert read(page, "c1_same")["input"] == printed(F.pad(X, (2, 2)))
    assert exceptions(page) == []


@pytest.mark.parametrize(("layer", "t"), [(3, 7), (2, 6), (3, 2), (1, 0)])
def test_hovering_a_tree_node_lights_what_it_reads(server, page, layer, t):
    page.goto(f"{server}/conv1d?{QUERY}")
    wait_for_app(page, grids=5)
    read(page, "c1_tree")
    layers = causal_stack()
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


def test_the_tree_plays_layer_by_layer_from_the_output_down(server, page):
    page.goto(f"{server}/conv1d?{QUERY}")
    wait_for_app(page, grids=5)
    read(page, "c1_tree")
    layers = causal_stack()  # autograd from the last output is the oracle
    grads = torch.autograd.grad(layers[3][7], layers[:3])
    reads = {m: torch.nonzero(g).flatten().tolist() for m, g in enumerate(grads)} | {3: [7]}

    def expected(k: int) -> dict[str, str]:  # frame k: the layers from the output down k layers
        return {f"layer{m},0,{c}": "link" for m in range(3 - k, 4) for c in reads[m]}

    root = page.locator('.st-key-c1_tree [data-component="grid"]')
    bar = page.locator(".st-key-c1_tree .links-bar")
    bar.locator("button[data-control='next']").click()
    page.locator('.st-key-c1_tree [data-component="grid"][data-frame="0"]').wait_for()
    assert page.evaluate(LIT, "c1_tree") == expected(0)  # the output alone
    bar.locator("button[data-control='next']").click()
    page.locator('.st-key-c1_tree [data-component="grid"][data-frame="1"]').wait_for()
    assert page.evaluate(LIT, "c1_tree") == expected(1)  # and the two cells it reads in layer 2
    # play: a layer a second down to the input, then it stops there
    bar.locator("button[data-control='play']").click()
    page.locator('.st-key-c1_tree [data-component="grid"][data-frame="3"][data-playing="false"]').wait_for(
        timeout=60_000
    )
    assert page.evaluate(LIT, "c1_tree") == expected(3)
    assert len(expected(3)) == 1 + 2 + 4 + 8  # the whole tree: every input cell
    assert root.get_attribute("data-frame") == "3"
    caption = page.locator(".st-key-c1_tree [data-caption]").inner_text()
    assert "8 samples" in caption and "8 cell" in caption, caption  # the input row: 8 cells read
    assert bar.locator(".where").inner_text() == "layer 4 of 4, from the top"
    screenshot(page, "conv1d-tree-played")
    assert exceptions(page) == []


def test_the_window_slides_along_the_sequence_output_by_output(server, page):
    # causal, kernel 3, dilation 2: output u reads padded cells u, u + 2, u + 4 (4 pad cells on the left)
    page.goto(f"{server}/conv1d?{QUERY}")
    wait_for_app(page, grids=5)
    read(page, "c1_causal")
    X, w = torch.tensor(SEQUENCE)[None, None], torch.tensor(KERNEL)[None, None]
    causal = F.conv1d(F.pad(X, (4, 0)), w, dilation=2)[0, 0]
    bar = page.locator(".st-key-c1_causal .links-bar")
    bar.locator("button[data-control='next']").click()
    page.locator('.st-key-c1_causal [data-component="grid"][data-frame="0"]').wait_for()
    assert page.evaluate(LIT, "c1_causal") == {
        "input,0,0": "link", "input,0,2": "link", "input,0,4": "link", "output,0,0": "link"
    }  # fmt: skip
    # played: an output a second to the end, each caption its own sum
    bar.locator("button[data-control='play']").click()
    last = len(SEQUENCE) - 1
    page.locator(
        f'.st-key-c1_causal [data-component="grid"][data-frame="{last}"][data-playing="false"]'
    ).wait_for(timeout=60_000)
    assert page.evaluate(LIT, "c1_causal") == {
        f"input,0,{last}": "link", f"input,0,{last + 2}": "link", f"input,0,{last + 4}": "link",
        f"output,0,{last}": "link",
    }  # fmt: skip
    caption = page.locator(".st-key-c1_causal [data-caption]").inner_text()
    assert caption.startswith(f"y[{last}] = ") and caption.endswith(printed(causal[last : last + 1])[0])
    # hovering an input cell lights every output that reads it (causal: outputs at or after it)
    page.locator(".st-key-c1_causal .cell[data-grid='input'][data-col='6']").hover()
    page.locator('.st-key-c1_causal [data-component="grid"][data-hover="input,cell,6"]').wait_for()
    lit = page.evaluate(LIT, "c1_causal")
    assert {key for key, kind in lit.items() if key.startswith("output")} == {
        "output,0,2", "output,0,4", "output,0,6"
    }  # fmt: skip  # padded 6 = x[2]: read by y[2] (its last tap), y[4], y[6]
    assert exceptions(page) == []
