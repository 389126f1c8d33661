"""convcore.steps: the walk the animation and the math panel read, checked against torch."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from convcore import conv2d, presets, sliding_window

MODES = ("zeros", "reflect", "replicate", "circular")


@settings(max_examples=120, deadline=None, database=None)
@given(
    height=st.integers(1, 9),
    width=st.integers(1, 9),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    dilation=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    mode=st.sampled_from(MODES),
    seed=st.integers(0, 10_000),
)
def test_walk_output_equals_torch_conv2d(height, width, kernel, stride, padding, dilation, mode, seed):
    # whatever the page animates must be what nn.Conv2d computes, or a ValueError the page can show
    generator = torch.Generator().manual_seed(seed)
    X, K = torch.randn(height, width, generator=generator), torch.randn(kernel, generator=generator)
    layer = torch.nn.Conv2d(1, 1, kernel, stride, padding, dilation, padding_mode=mode)
    try:
        with torch.no_grad():
            layer.weight.copy_(K[None, None])
            layer.bias.fill_(0.25)
            expected = layer(X[None, None])[0, 0]
    except RuntimeError:
        expected = None
    if expected is None or expected.numel() == 0:
        with pytest.raises(ValueError):
            sliding_window(X, K, 0.25, stride, padding, dilation, mode)
        return
    walk = sliding_window(X, K, 0.25, stride, padding, dilation, mode)
    torch.testing.assert_close(walk.output, expected, rtol=1e-5, atol=1e-5)
    i, j = walk.shape[0] - 1, walk.shape[1] - 1
    step = walk.cell(i, j)
    assert step.total + step.bias == pytest.approx(float(expected[i, j]), abs=1e-4)


def test_cell_reads_padding_values_in_the_chosen_mode():
    # reflect padding of the d2l matrix: cell (0, 0) of a 3x3 kernel reads the mirrored row 1 above row 0
    walk = sliding_window(presets.d2l_matrix(), torch.ones(3, 3), padding=1, padding_mode="reflect")
    step = walk.cell(0, 0)
    assert step.rows == (-1, 0, 1) and step.cols == (-1, 0, 1)
    assert step.window.tolist() == [[4, 3, 4], [1, 0, 1], [4, 3, 4]]
    assert step.padding_reads == 5
    assert step.value == 24.0


def test_padding_mask_marks_exactly_the_padding():
    walk = sliding_window(torch.ones(2, 3), torch.ones(1, 1), padding=(1, 2))
    mask = walk.is_padding()
    assert mask.shape == (4, 7)
    assert (~mask).sum() == 6 and not mask[1:3, 2:5].any()


def test_cell_outside_the_output_is_a_value_error():
    walk = sliding_window(presets.d2l_matrix(), presets.kernel("d2l_2x2"))
    with pytest.raises(ValueError, match="outside the output"):
        walk.cell(2, 0)


def test_matches_conv2d_on_a_generated_photo():
    # the explorer's full-resolution path (conv2d) and its animated path (the walk) agree
    gray = presets.to_gray(presets.scene())
    K = presets.kernel("sobel_y")
    walk = sliding_window(gray, K, 0.1, stride=2, padding=1, padding_mode="replicate")
    torch.testing.assert_close(walk.output, conv2d(gray, K, 0.1, 2, 1, padding_mode="replicate"))
