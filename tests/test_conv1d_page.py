"""The 1-D and causal convolution page (views/conv1d.py) through AppTest: what it draws equals torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tests.apptest import component, grid_values, open_page, rerun, texts


def shown(at, key: str) -> np.ndarray:
    """The one 1-row grid of component ``key``, as a 1-D array."""
    return grid_values(component(at, key)["grids"][0])[0]


def close(values: np.ndarray, expected: torch.Tensor) -> None:
    # the grids print 3 significant digits
    np.testing.assert_allclose(values, expected.numpy(), rtol=5e-3, atol=5e-3)


def set_typed(at, key: str, text: str) -> None:
    at.text_input(key=key).set_value(text)
    rerun(at)


@pytest.mark.parametrize(("kernel", "k", "d"), [("average", 3, 1), ("difference", 2, 2), ("typed", None, 3)])
def test_same_and_causal_outputs_equal_torch(kernel, k, d):
    at = open_page("conv1d")
    at.selectbox(key="c1_seq").select("sine")
    rerun(at)
    at.selectbox(key="c1_kernel").select(kernel)
    rerun(at)
    if kernel == "typed":
        set_typed(at, "c1_ktyped", "1, -2, 0.5, 3")
    else:
        at.number_input(key="c1_k").set_value(k)
        rerun(at)
    at.number_input(key="c1_d").set_value(d)
    rerun(at)
    assert not at.error, [e.value for e in at.error]
    x = torch.tensor(shown(at, "c1_causal_input"), dtype=torch.float32)
    w = {
        "average": torch.full((3,), 1 / 3),
        "difference": torch.tensor([-1.0, 1.0]),
        "typed": torch.tensor([1.0, -2.0, 0.5, 3.0]),
    }[kernel]
    left = d * (w.numel() - 1)
    assert np.all(x[:left].numpy() == 0)  # causal: every pad cell on the left
    X = x[left:][None, None]
    causal = F.conv1d(F.pad(X, (left, 0)), w[None, None], dilation=d)[0, 0]
    close(shown(at, "c1_causal_output"), causal)
    close(shown(at, "c1_same_output"), F.conv1d(X, w[None, None], padding="same", dilation=d)[0, 0])
    # the same padding's grid holds the sequence with torch's split: the odd cell on the right
    same_in = shown(at, "c1_same_input")
    close(same_in[left // 2 : left // 2 + X.shape[-1]], X[0, 0])
    # the window of output t: in causal mode it ends at t
    t = 5
    box = component(at, "c1_causal_input")["grids"][0]["box"]
    assert box[3] == left + t and box[1] == t
    assert component(at, "c1_causal_output")["grids"][0]["box"] == [0, t, 0, t]


def test_a_typed_sequence_with_stride_matches_torch_causal():
    at = open_page("conv1d")
    at.selectbox(key="c1_seq").select("typed")
    rerun(at)
    set_typed(at, "c1_typed", "3 1 4 1 5 9 2 6 5 3 5")
    at.number_input(key="c1_s").set_value(2)
    rerun(at)
    errors = " ".join(e.value for e in at.error)
    assert "stride 1" in errors  # "same" refuses the stride, beside the stride
    X = torch.tensor([3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    expected = F.conv1d(F.pad(X[None, None], (2, 0)), torch.full((1, 1, 3), 1 / 3), stride=2)[0, 0]
    close(shown(at, "c1_causal_output"), expected)


@pytest.mark.parametrize("text", ["1, 2, x", "1, 2\n3, 4", "", "__import__('os')", "1e999, 2", "nan"])
def test_a_bad_typed_sequence_is_explained_not_raised(text):
    at = open_page("conv1d")
    at.selectbox(key="c1_seq").select("typed")
    rerun(at)
    set_typed(at, "c1_typed", text)
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "cannot be used" in message, message
    # a good sequence afterwards brings the grids back
    set_typed(at, "c1_typed", "1, 2, 3, 4, 5, 6")
    assert not at.error
    close(shown(at, "c1_causal_output"), torch.tensor([1 / 3, 1, 2, 3, 4, 5]))


def test_a_wavenet_stack_of_depth_10_sees_1024_samples():
    at = open_page("conv1d")
    at.number_input(key="c1_depth").set_value(10)
    rerun(at)
    assert not at.error
    assert any("**1,024**" in text for text in texts(at)), texts(at)


def test_the_tree_of_reads_is_the_dilated_binary_tree():
    # depth 3 (dilations 1, 2, 4): field 8; the last output reads layer 2 at 7, 3; layer 1 at 7, 5, 3, 1; all input
    at = open_page("conv1d")
    at.number_input(key="c1_depth").set_value(3)
    rerun(at)
    assert any("**8**" in text for text in texts(at))
    payload = component(at, "c1_tree")
    specs = {spec["name"]: spec for spec in payload["grids"]}
    assert [spec["name"] for spec in payload["grids"]] == ["layer3", "layer2", "layer1", "layer0"]  # top down
    reads = {n: [c for c, role in enumerate(specs[f"layer{n}"]["roles"]) if role == "0"] for n in range(4)}
    assert reads == {3: [7], 2: [3, 7], 1: [1, 3, 5, 7], 0: list(range(8))}
    # the hover table: the last output lights its tree in every layer below (flat over the grids, top down)
    table = next(link for link in payload["links"] if link["grid"] == "layer3")
    assert table["lists"][7] == [8 + 3, 8 + 7] + [16 + c for c in (1, 3, 5, 7)] + [24 + c for c in range(8)]
    assert "8" in table["captions"][7]


def test_a_shorter_sequence_moves_t_to_its_last_cell():
    # t = 5 on 12 samples; 3 samples leave outputs 0..2: t follows to 2 and the grids stay drawn
    at = open_page("conv1d")
    at.number_input(key="c1_len").set_value(3)
    rerun(at)
    assert not at.error, [e.value for e in at.error]
    assert at.number_input(key="c1_t").value == 2
    assert component(at, "c1_causal_output")["grids"][0]["box"] == [0, 2, 0, 2]
