"""The channels-and-pooling page through AppTest, on d2l's examples; its engine pieces against torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import convcore
from tests.apptest import component, grid_output, grid_values, open_page, rerun
from ui import grid, i18n


@pytest.fixture
def at():
    return open_page("channels")


def section(at, name: str):
    at.segmented_control(key="ch_section").set_value(name)
    return rerun(at)


def test_two_input_channels_add_up_as_in_the_textbook(at):
    # d2l 6.4.1: X = (0..8, 1..9), K = ([[0, 1], [2, 3]], [[1, 2], [3, 4]]) -> [[56, 72], [104, 120]]
    np.testing.assert_array_equal(grid_output(at, "ch_anim"), [[56, 72], [104, 120]])
    assert any(
        "(2, 3, 3)" in text and "(1, 2, 2)" in text and "**9** learnable" in text for text in texts(at)
    )
    # the arithmetic spans both channels: each channel's sum of products (19 from X0, 37 from X1) and the bias
    payload = component(at, "ch_anim")
    assert [panel["totals"][0] for panel in payload["panels"]] == ["19", "37"]
    assert [panel["input"]["title"] for panel in payload["panels"]] == ["X0", "X1"]
    assert payload["bias"] == "0" and payload["output"]["values"][0] == "56"


def texts(at) -> list[str]:
    return [element.value for element in at.markdown]


def test_three_output_channels_are_the_textbook_stack(at):
    # d2l 6.4.2: K, K + 1, K + 2 stacked give three output channels
    at.number_input(key="ch_out").set_value(3)
    rerun(at)
    maps = [grid_values(spec) for spec in component(at, "ch_outputs")["grids"]]
    np.testing.assert_array_equal(
        maps, [[[56, 72], [104, 120]], [[76, 100], [148, 172]], [[96, 128], [192, 224]]]
    )
    at.radio(key="ch_o").set_value(2)
    rerun(at)
    assert component(at, "ch_anim")["output"]["values"][0] == "96"
    assert any("**27** learnable" in text for text in texts(at))  # 3 x 2 x 2 x 2 weights + 3 biases


def test_mismatched_kernel_sizes_are_explained(at):
    at.selectbox(key="ch_d2l2_k01").select("sobel_x")
    rerun(at)
    assert any("must share a size" in error.value for error in at.error)
    assert at.selectbox(key="ch_d2l2_k01").value == "sobel_x"  # the choice stays


def test_rgb_photo_channels_and_bias(at):
    at.selectbox(key="ch_src").select("scene")
    rerun(at)
    at.number_input(key="ch_b0").set_value(0.5)
    rerun(at)
    payload = component(at, "ch_anim")
    assert [panel["input"]["title"] for panel in payload["panels"]] == ["R", "G", "B"]
    X = convcore.presets.scene()
    from ui.images import fit

    small = fit(X, 16)
    kernels = torch.stack([convcore.presets.kernel("sobel_x")] * 3)[None]
    expected = convcore.conv2d(small, kernels, torch.tensor([0.5]))[0]
    assert payload["output"]["values"] == grid.texts(expected.numpy())


def test_one_by_one_equals_a_matrix_multiply(at):
    section(at, "one_by_one")
    assert any("largest difference from the 1x1 convolution: **0**" in text for text in texts(at))
    at.text_area(key="p1_mix2_paste").input("1 1\n2 -1\n0 3")
    at.button(key="p1_mix2_apply").click()
    rerun(at)
    grids = component(at, "p1_grids")["grids"]
    assert len(grids) == 4  # the matrix and three output channels
    X = convcore.presets.d2l_two_channels()
    np.testing.assert_array_equal(grid_values(grids[2]), (2 * X[0] - X[1]).numpy())


def test_one_by_one_with_the_wrong_column_count(at):
    section(at, "one_by_one")
    at.text_area(key="p1_mix2_paste").input("1 2 3")
    at.button(key="p1_mix2_apply").click()
    rerun(at)
    assert any("3 columns but the input has 2 channels" in error.value for error in at.error)


def test_max_pooling_the_textbook_matrix(at):
    # the section opens on the book's example as printed, no click needed
    section(at, "pooling")
    assert at.checkbox(key="pl_stride_default").value is False
    # d2l 7.5 (zh 6.5): 2x2 max pooling with stride 1 on 0..8 gives [[4, 5], [7, 8]], and the max of (0, 0) is at (1, 1)
    payload = component(at, "pl_anim")
    np.testing.assert_array_equal(grid_values(payload["output"]), [[4, 5], [7, 8]])
    assert payload["marks"][0] == [1, 1]  # the starred max of output (0, 0)
    # the whole 3x3 input is drawn, and every cell of it is read
    assert payload["panels"][0]["input"]["values"] == [str(n) for n in range(9)]
    assert payload["panels"][0]["input"]["roles"] == "0" * 9
    at.radio(key="pl_mode").set_value("avg")
    rerun(at)
    np.testing.assert_array_equal(grid_output(at, "pl_anim"), [[2, 3], [5, 6]])
    # torch's default, one click away: the stride becomes the window, one 2x2 window fits
    at.checkbox(key="pl_stride_default").check()
    rerun(at)
    np.testing.assert_array_equal(grid_output(at, "pl_anim"), [[2]])
    assert "pl_stride_default" in at.query_params  # the link says so


def test_average_pooling_padding_counts(at):
    section(at, "pooling")
    at.checkbox(key="pl_stride_default").check()  # torch's default stride (the window), as pool2d's below
    at.radio(key="pl_mode").set_value("avg")
    at.number_input(key="pl_ph").set_value(1)
    at.number_input(key="pl_pw").set_value(1)
    rerun(at)
    with_pad = grid_output(at, "pl_anim")
    at.toggle(key="pl_include_pad").set_value(False)
    rerun(at)
    without = grid_output(at, "pl_anim")
    expected = convcore.pool2d(
        convcore.presets.d2l_matrix(), 2, padding=1, mode="avg", count_include_pad=False
    )
    np.testing.assert_allclose(without, expected.numpy())
    assert with_pad[0, 0] == 0 and without[0, 0] == 0  # the corner window holds only the 0
    assert with_pad[0, 1] == pytest.approx((1 + 2) / 4) and without[0, 1] == pytest.approx(1.5)


def test_pooling_padding_over_half_the_window_is_explained(at):
    section(at, "pooling")
    at.number_input(key="pl_ph").set_value(2)
    rerun(at)
    assert any("more than half of kernel_size" in error.value for error in at.error)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pooling_window_too_big_names_only_controls_pooling_has(lang, monkeypatch):
    # an 8-row window on d2l's 3x3 input: the refusal said "...or lower dilation", and pooling has no
    # dilation control (convcore's window_too_big_undilated: dilation 1 has nothing to lower)
    monkeypatch.setattr(i18n, "language", lambda: lang)
    at = open_page("channels")
    section(at, "pooling")
    at.number_input(key="pl_kh").set_value(8)
    rerun(at)
    shown = " ".join(error.value for error in at.error)
    assert (
        "kernel_size 8 is more than the padded input" if lang == "en" else "kernel_size 8 超过了"
    ) in shown, shown
    assert ("or raise padding" if lang == "en" else "增大填充") in shown
    assert "dilation" not in shown and "膨胀" not in shown
    assert not at.exception


def test_real_layers_match_convcore(at):
    section(at, "real")
    lines = [text for text in texts(at) if "nn.Conv2d" in text]
    assert len(lines) == 2 and all("matches the layer to 0" in line for line in lines)
    assert (
        sum(len(element.value) for element in at.main if element.type == "image") == 6
    )  # 2 inputs + 1 + 3 outputs
    at.radio(key="rl_weights").set_value("random")
    rerun(at)
    assert all("matches the layer to 0" in text for text in texts(at) if "nn.Conv2d" in text)


def test_conv_parameters_and_one_by_one_against_torch():
    layer = torch.nn.Conv2d(3, 64, 3)
    assert convcore.conv_parameters(3, 64, 3) == sum(p.numel() for p in layer.parameters())
    grouped = torch.nn.Conv2d(4, 8, (3, 5), groups=2, bias=False)
    assert convcore.conv_parameters(4, 8, (3, 5), bias=False, groups=2) == grouped.weight.numel()
    X, W = torch.randn(3, 5, 7), torch.randn(4, 3)
    torch.testing.assert_close(
        convcore.conv1x1_as_matmul(X, W), torch.nn.functional.conv2d(X[None], W[..., None, None])[0]
    )
    with pytest.raises(ValueError, match="3 channels but the weight matrix has 2"):
        convcore.conv1x1_as_matmul(X, torch.zeros(1, 2))
