"""The 1-D and causal convolution page (views/conv1d.py) through AppTest: what it draws equals torch."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tests.apptest import component, grid_values, open_page, rerun, texts


def spec(at, key: str, name: str | None = None) -> dict:
    """The grid named ``name`` of component ``key`` (its first grid when no name is given)."""
    grids = component(at, key)["grids"]
    return grids[0] if name is None else next(g for g in grids if g["name"] == name)


def shown(at, key: str, name: str | None = None) -> np.ndarray:
    """A 1-row grid of component ``key`` (the one named ``name``, else its first), as a 1-D array."""
    return grid_values(spec(at, key, name))[0]


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
    x = torch.tensor(shown(at, "c1_causal", "input"), dtype=torch.float32)
    w = {
        "average": torch.full((3,), 1 / 3),
        "difference": torch.tensor([-1.0, 1.0]),
        "typed": torch.tensor([1.0, -2.0, 0.5, 3.0]),
    }[kernel]
    left = d * (w.numel() - 1)
    assert np.all(x[:left].numpy() == 0)  # causal: every pad cell on the left
    X = x[left:][None, None]
    causal = F.conv1d(F.pad(X, (left, 0)), w[None, None], dilation=d)[0, 0]
    close(shown(at, "c1_causal", "output"), causal)
    close(shown(at, "c1_same", "output"), F.conv1d(X, w[None, None], padding="same", dilation=d)[0, 0])
    # the same padding's grid holds the sequence with torch's split: the odd cell on the right
    same_in = shown(at, "c1_same", "input")
    close(same_in[left // 2 : left // 2 + X.shape[-1]], X[0, 0])
    # the window of output t: in causal mode it ends at t
    t = 5
    box = spec(at, "c1_causal", "input")["box"]
    assert box[3] == left + t and box[1] == t
    assert spec(at, "c1_causal", "output")["box"] == [0, t, 0, t]


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
    close(shown(at, "c1_causal", "output"), expected)


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
    close(shown(at, "c1_causal", "output"), torch.tensor([1 / 3, 1, 2, 3, 4, 5]))


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
    assert spec(at, "c1_causal", "output")["box"] == [0, 2, 0, 2]


# --- d2l's TextCNN example: several channels, summed -------------------------------------------------------


def textcnn_shown(at, channels: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The section's inputs (C, L), kernels (C, k), parts (C, L') and output (L',) as the grids print them."""
    grids = [component(at, f"c1_tc_ch{c}")["grids"] for c in range(channels)]
    inputs, kernels, parts = (np.stack([grid_values(g[n])[0] for g in grids]) for n in range(3))
    return inputs, kernels, parts, shown(at, "c1_tc_output")


def sum_line(at) -> str:
    lines = [text for text in texts(at) if text.startswith("y[") and "×" in text]
    assert len(lines) == 1, texts(at)
    return lines[0]


def check_sum_line(line: str, index: int, inputs, kernels, cols, parts, value) -> None:
    """The line reads y[t] = (x×k + ...) + ... = part + ... = **y**, and each of its pieces is right."""
    head, terms, partial, total = (piece.strip() for piece in line.replace("−", "-").split(" = "))
    assert head == f"y[{index}]"
    products = np.array(re.findall(r"\(?(-?[\d.]+)\)?×\(?(-?[\d.]+)\)?", terms), dtype=float)
    products = products.reshape(inputs.shape[0], kernels.shape[1], 2)  # a product a tap, the taps a channel
    for c in range(inputs.shape[0]):
        assert products[c, :, 0].tolist() == pytest.approx(inputs[c, cols].tolist(), abs=5e-3)
        assert products[c, :, 1].tolist() == pytest.approx(kernels[c].tolist(), abs=5e-3)
    numbers = [float(p.strip("()")) for p in partial.split(" + ")]
    assert numbers == pytest.approx(parts.tolist(), rel=5e-3, abs=5e-3)
    assert float(total.strip("*")) == pytest.approx(float(value), rel=5e-3, abs=5e-3)


@pytest.mark.parametrize("t", [0, 3, 5])
def test_d2l_textcnn_equals_torch_channel_by_channel(t):
    at = open_page("conv1d")
    at.number_input(key="c1_tc_t").set_value(t)
    rerun(at)
    assert not at.error, [e.value for e in at.error]
    inputs, kernels, parts, output = textcnn_shown(at, 3)
    assert inputs.tolist() == [list(range(7)), list(range(1, 8)), list(range(2, 9))]
    assert kernels.tolist() == [[1, 2], [3, 4], [-1, -3]]
    X, K = torch.tensor(inputs, dtype=torch.float32), torch.tensor(kernels, dtype=torch.float32)
    expected = F.conv1d(X[None], K[None])[0, 0]
    assert output.tolist() == expected.tolist() == [2, 8, 14, 20, 26, 32]
    for c in range(3):  # each channel's part is torch on that channel alone
        assert parts[c].tolist() == F.conv1d(X[None, c : c + 1], K[None, c : c + 1])[0, 0].tolist()
        grids = component(at, f"c1_tc_ch{c}")["grids"]
        assert grids[0]["box"] == [0, t, 0, t + 1] and grids[2]["box"] == [0, t, 0, t]
    assert component(at, "c1_tc_output")["grids"][0]["box"] == [0, t, 0, t]
    line = sum_line(at)
    check_sum_line(line, t, inputs, kernels, [t, t + 1], parts[:, t], output[t])
    if t == 0:  # d2l's first output, as the brief writes it
        assert line == "y[0] = (0×1 + 1×2) + (1×3 + 2×4) + (2×(−1) + 3×(−3)) = 2 + 11 + (−11) = **2**"


@pytest.mark.parametrize("channels", [2, 3])
def test_the_pages_own_sequence_over_channels_equals_torch(channels):
    at = open_page("conv1d")
    at.selectbox(key="c1_seq").select("sine")
    rerun(at)
    at.selectbox(key="c1_tc_src").select("own")
    rerun(at)
    at.number_input(key="c1_tc_c").set_value(channels)
    at.number_input(key="c1_tc_t").set_value(4)
    rerun(at)
    assert not at.error, [e.value for e in at.error]
    inputs, kernels, parts, output = textcnn_shown(at, channels)
    x = torch.tensor(shown(at, "c1_causal", "input")[2:], dtype=torch.float32)  # k = 3: two causal pad cells
    for c in range(channels):  # channel c: the sequence shifted left by c, the kernel times 1, -1, 2
        close(inputs[c], torch.roll(x, -c))
        close(kernels[c], torch.full((3,), 1 / 3) * (1.0, -1.0, 2.0)[c])
    X, K = torch.tensor(inputs, dtype=torch.float32), torch.tensor(kernels, dtype=torch.float32)
    close(output, F.conv1d(X[None], K[None])[0, 0])
    for c in range(channels):
        close(parts[c], F.conv1d(X[None, c : c + 1], K[None, c : c + 1])[0, 0])
    check_sum_line(sum_line(at), 4, inputs, kernels, [4, 5, 6], parts[:, 4], output[4])


@pytest.mark.parametrize(("key", "value", "select_own"), [("c1_tc_t", 99, False), ("c1_tc_t", -1, False),
                                                           ("c1_tc_c", 5, True), ("c1_tc_c", 1, True)])  # fmt: skip
def test_a_bad_t_or_channel_count_is_explained_not_raised(key, value, select_own):
    at = open_page("conv1d")
    if select_own:
        at.selectbox(key="c1_tc_src").select("own")
        rerun(at)
    at.number_input(key=key).set_value(value)
    rerun(at)
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert str(value) in message and "outside" in message, message
    # the section is still drawn, from the value in use
    assert component(at, "c1_tc_output")["grids"][0]["cols"] == (6 if not select_own else 10)


def test_own_channels_need_a_usable_sequence():
    at = open_page("conv1d")
    at.selectbox(key="c1_tc_src").select("own")
    at.selectbox(key="c1_seq").select("typed")
    rerun(at)
    set_typed(at, "c1_typed", "1, x")
    assert not at.exception
    assert any("cannot be used yet" in i.value for i in at.info), [i.value for i in at.info]
