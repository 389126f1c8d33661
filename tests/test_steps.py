"""convcore.steps: the walk the animation and the math panel read, checked against torch."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from convcore import conv2d, presets, sliding_window
from convcore.steps import channel_window, pool_window

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


@settings(max_examples=150, deadline=None, database=None)
@given(
    height=st.integers(1, 9),
    width=st.integers(1, 9),
    kernel=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    ceil_mode=st.booleans(),
    mode=st.sampled_from(["max", "avg"]),
    count_include_pad=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_pool_walk_equals_torch(
    height, width, kernel, stride, padding, dilation, ceil_mode, mode, count_include_pad, seed
):
    # the pooling animation's values, max positions and divisors must reproduce torch's pooling
    X = torch.randn(height, width, generator=torch.Generator().manual_seed(seed))
    if mode == "avg":
        dilation = (1, 1)
    args = dict(kernel_size=kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    try:
        if mode == "max":
            expected = F.max_pool2d(X[None, None], **args)[0, 0]
        else:
            args.pop("dilation")
            expected = F.avg_pool2d(X[None, None], **args, count_include_pad=count_include_pad)[0, 0]
            args["dilation"] = dilation
    except RuntimeError:
        expected = None
    if expected is None or expected.numel() == 0:
        with pytest.raises(ValueError):
            pool_window(X, mode=mode, count_include_pad=count_include_pad, **args)
        return
    walk = pool_window(X, mode=mode, count_include_pad=count_include_pad, **args)
    torch.testing.assert_close(walk.output, expected)
    if mode == "max":
        for i in range(walk.shape[0]):
            for j in range(walk.shape[1]):
                r, c = walk.cell(i, j).argmax
                if 0 <= r < height and 0 <= c < width:  # a max at -inf padding only happens off the input
                    assert X[r, c] == expected[i, j]


def test_average_pooling_divisors_by_hand():
    # 3x3 ones, 2x2 windows, stride 2, padding 1: every window holds 1 real cell (corner) or 2 (edge) or 4
    walk = pool_window(torch.ones(3, 3), 2, stride=2, padding=1, mode="avg", count_include_pad=True)
    assert walk.divisors.tolist() == [[4, 4], [4, 4]]
    assert walk.output.tolist() == [[0.25, 0.5], [0.5, 1.0]]
    walk = pool_window(torch.ones(3, 3), 2, stride=2, padding=1, mode="avg", count_include_pad=False)
    assert walk.divisors.tolist() == [[1, 2], [2, 4]]
    assert walk.output.tolist() == [[1.0, 1.0], [1.0, 1.0]]


@settings(max_examples=60, deadline=None, database=None)
@given(
    channels=st.integers(1, 3),
    out_channels=st.integers(1, 3),
    size=st.integers(3, 7),
    kernel=st.integers(1, 3),
    padding=st.integers(0, 2),
    stride=st.integers(1, 2),
    mode=st.sampled_from(MODES),
    seed=st.integers(0, 1000),
)
def test_channel_walk_equals_torch_conv2d(channels, out_channels, size, kernel, padding, stride, mode, seed):
    # the channels page's per-channel sums plus bias must be nn.Conv2d's output
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(channels, size, size, generator=generator)
    layer = torch.nn.Conv2d(channels, out_channels, kernel, stride, padding, padding_mode=mode)
    try:
        expected = layer(X[None])[0].detach()
    except RuntimeError:
        with pytest.raises(ValueError):
            channel_window(X, layer.weight.detach(), layer.bias.detach(), stride, padding, 1, mode)
        return
    walk = channel_window(X, layer.weight.detach(), layer.bias.detach(), stride, padding, 1, mode)
    torch.testing.assert_close(walk.output, expected, rtol=1e-4, atol=1e-5)
    steps = walk.cells(out_channels - 1, 0, 0)
    assert sum(s.total for s in steps) + float(layer.bias[-1].detach()) == pytest.approx(
        float(expected[-1, 0, 0]), abs=1e-4
    )


def test_channel_mismatch_is_a_value_error():
    with pytest.raises(ValueError, match="3 channels but the weight expects 2"):
        channel_window(torch.zeros(3, 4, 4), torch.zeros(1, 2, 3, 3))


def test_every_walk_carries_the_parameters_it_was_walked_with():
    from convcore import Spec, channel_window, pool_window, sliding_window

    walk = sliding_window(torch.ones(5, 6), torch.ones(2, 3), stride=(2, 1), padding=1, dilation=(1, 2),
                          padding_mode="reflect")  # fmt: skip
    assert walk.spec == Spec((2, 3), (2, 1), (1, 1), (1, 2), "reflect")
    assert walk.spec.span(1) == 5 and walk.spec == Spec.of((2, 3), (2, 1), 1, (1, 2), "reflect")
    pooled = pool_window(torch.ones(4, 4), 2)
    assert pooled.spec == Spec((2, 2), (2, 2), (0, 0), (1, 1))  # stride defaults to the window, as in torch
    channels = channel_window(torch.ones(2, 4, 4), torch.ones(3, 2, 3, 3), padding=1)
    assert channels.spec == Spec((3, 3), (1, 1), (1, 1), (1, 1))
    with pytest.raises(ValueError, match="stride must be >= 1"):
        Spec.of(3, stride=0)
