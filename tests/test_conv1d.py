"""1-D, causal and dilated-causal convolution: convcore's conv1d against ``torch.nn.functional.conv1d``.

Hypothesis sweeps conv1d (every input rank, channels, groups, stride, padding, dilation, "same"/"valid",
bias); causal padding is checked as torch computes it (a left pad, then conv1d) and by its defining
property: changing input t + 1 changes no output at or before t. The receptive field of a stack of 1-D
layers is checked against the field autograd finds, and WaveNet's 1,024.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convcore
from convcore import ConvError

SWEEP = settings(max_examples=80, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
WAVENET = [2**n for n in range(10)]  # one WaveNet block: kernel 2, dilations 1, 2, 4, ..., 512


def refused(call) -> ConvError:
    with pytest.raises(ConvError) as info:
        call()
    return info.value


def torch_or_none(call):
    """torch's result, or None where torch refuses or gives an empty output (convcore refuses both)."""
    try:
        result = call()
    except RuntimeError:
        return None
    return None if result.numel() == 0 else result


# --- conv1d against torch ------------------------------------------------------------------------------------


@SWEEP
@given(
    rank=st.sampled_from([1, 2, 3]),
    batch=st.integers(1, 2),
    groups=st.sampled_from([1, 2, 3]),
    per_in=st.integers(1, 2),
    per_out=st.integers(1, 2),
    length=st.integers(1, 9),
    k=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.one_of(st.integers(0, 3), st.sampled_from(["same", "valid"])),
    dilation=st.integers(1, 3),
    bias=st.booleans(),
    seed=st.integers(0, 1000),
)
def test_conv1d_equals_torch(rank, batch, groups, per_in, per_out, length, k, stride, padding, dilation, bias,
                             seed):  # fmt: skip
    if rank == 1:  # a bare sequence: one channel in and out
        groups, per_in, per_out, batch = 1, 1, 1, 1
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(batch, groups * per_in, length, generator=g)
    W = torch.randn(groups * per_out, per_in, k, generator=g)
    b = torch.randn(groups * per_out, generator=g) if bias else None
    expected = torch_or_none(lambda: F.conv1d(X, W, b, stride, padding, dilation, groups))
    shaped = {3: X, 2: X[0], 1: X[0, 0]}[rank]
    weight = W[0, 0] if rank == 1 else W
    call = lambda: convcore.conv1d(shaped, weight, b, stride, padding, dilation, groups)  # noqa: E731
    if expected is None:
        assert refused(call).key in (
            "window_too_big_1d",
            "window_too_big_undilated_1d",
            "same_needs_stride_1",
        )
        return
    result = call()
    expected = {3: expected, 2: expected[0], 1: expected[0, 0]}[rank]
    torch.testing.assert_close(result, expected, rtol=1e-4, atol=1e-5)


@SWEEP
@given(
    channels=st.integers(1, 3),
    out_channels=st.integers(1, 3),
    length=st.integers(1, 12),
    k=st.integers(1, 4),
    stride=st.integers(1, 3),
    dilation=st.integers(1, 4),
    seed=st.integers(0, 1000),
)
def test_causal_is_a_left_pad_of_dilation_times_k_minus_1(channels, out_channels, length, k, stride, dilation,
                                                          seed):  # fmt: skip
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(channels, length, generator=g)
    W = torch.randn(out_channels, channels, k, generator=g)
    left = dilation * (k - 1)
    assert convcore.causal_padding(k, dilation) == left
    expected = F.conv1d(F.pad(X[None], (left, 0)), W, None, stride, 0, dilation)[0]
    result = convcore.conv1d(X, W, stride=stride, dilation=dilation, causal=True)
    torch.testing.assert_close(result, expected, rtol=1e-4, atol=1e-5)
    if stride == 1:  # with stride 1 the output is as long as the input: every t has an output
        assert result.shape[-1] == length


@SWEEP
@given(
    length=st.integers(2, 14),
    k=st.integers(1, 4),
    dilation=st.integers(1, 4),
    t=st.integers(0, 12),
    seed=st.integers(0, 1000),
)
def test_changing_input_t_plus_1_changes_no_output_at_or_before_t(length, k, dilation, t, seed):
    # the causal property itself, measured: output t reads inputs <= t, so a later input cannot reach it
    t = t % (length - 1)
    g = torch.Generator().manual_seed(seed)
    X, W = torch.randn(2, length, generator=g), torch.randn(3, 2, k, generator=g)
    before = convcore.conv1d(X, W, dilation=dilation, causal=True)
    changed = X.clone()
    changed[:, t + 1] += 10.0
    after = convcore.conv1d(changed, W, dilation=dilation, causal=True)
    assert torch.equal(before[:, : t + 1], after[:, : t + 1])
    # ... and "same" padding is not causal: a centred window with k >= 2 does read input t + 1
    if k >= 2 and dilation == 1 and t + 1 < length:
        same_before = convcore.conv1d(X, torch.ones(3, 2, k), padding="same")
        same_after = convcore.conv1d(changed, torch.ones(3, 2, k), padding="same")
        assert not torch.equal(same_before[:, : t + 1], same_after[:, : t + 1])


def test_causal_stack_output_t_never_reads_the_future_autograd():
    # a WaveNet-like stack (kernel 2, dilations 1, 2, 4): the gradient of output t is zero at every input > t
    x = torch.randn(20, requires_grad=True)
    y = x
    for d in (1, 2, 4):
        y = convcore.conv1d(y, torch.tensor([0.5, 1.0]), dilation=d, causal=True)
    y[9].backward()
    reached = torch.nonzero(x.grad).flatten().tolist()
    assert reached == [2, 3, 4, 5, 6, 7, 8, 9]  # the 8 = 1 + 1 + 2 + 4 inputs up to t = 9, none after


def test_hand_computed_cases():
    # valid: a 2-tap sum of [1, 2, 3] has 2 outputs (d2l's corr in one dimension)
    assert convcore.conv1d([1.0, 2.0, 3.0], [1.0, 1.0]).tolist() == [3.0, 5.0]
    # causal: the first output sees one zero of padding and x[0]; the length is kept
    assert convcore.conv1d([1.0, 2.0, 3.0], [1.0, 1.0], causal=True).tolist() == [1.0, 3.0, 5.0]
    # "same" with an even kernel: torch puts the extra zero on the right, so output 2 reads x[2] and a zero
    assert convcore.conv1d([1.0, 2.0, 3.0], [1.0, 1.0], padding="same").tolist() == [3.0, 5.0, 3.0]
    # dilation 2, causal: output t = x[t - 2] + x[t] (two zeros of padding at the left)
    assert convcore.conv1d([1.0, 2.0, 3.0, 4.0], [1.0, 1.0], dilation=2, causal=True).tolist() == [1, 2, 4, 6]
    # kernel [1, -1] is a (backward) difference: a step is found where it happens, causally
    assert convcore.conv1d([0.0, 0.0, 1.0, 1.0], [-1.0, 1.0], causal=True).tolist() == [0, 0, 1, 0]
    # d2l 15.3.1 (TextCNN's multi-channel 1-D): each output sums the three channels' correlations
    X = torch.arange(7.0) + torch.arange(3.0)[:, None]  # rows 0..6, 1..7, 2..8
    K = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [-1.0, -3.0]]])
    assert convcore.conv1d(X, K).tolist() == [[2.0, 8.0, 14.0, 20.0, 26.0, 32.0]]
    # a bias is added once per output channel
    assert convcore.conv1d([1.0, 2.0], [1.0], bias=0.5).tolist() == [1.5, 2.5]


def test_groups_keep_the_channels_apart():
    # groups=2 with one kernel per channel (depthwise): output 0 reads channel 0 only, output 1 channel 1
    X = torch.tensor([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]])
    W = torch.tensor([[[1.0, 1.0]], [[1.0, -1.0]]])
    assert convcore.conv1d(X, W, groups=2).tolist() == [[3.0, 5.0], [-10.0, -10.0]]


def test_conv1d_refuses_bad_arguments_with_conv_errors():
    X, W = torch.ones(2, 5), torch.ones(3, 2, 2)
    assert refused(lambda: convcore.conv1d(torch.ones(1, 1, 1, 5), W)).key == "conv1d_input_shape"
    assert refused(lambda: convcore.conv1d(X, torch.ones(2, 2))).key == "conv1d_weight_shape"
    assert refused(lambda: convcore.conv1d(torch.ones(0), torch.ones(2))).key == "empty_input_or_weight"
    assert refused(lambda: convcore.conv1d(X, torch.ones(3, 1, 2), groups=2)).key == "groups_output"
    error = refused(lambda: convcore.conv1d(X, torch.ones(3, 3, 2)))
    assert (error.key, error.param) == ("channels_groups", "groups")
    assert refused(lambda: convcore.conv1d(X, W, stride=0)).param == "stride"
    assert refused(lambda: convcore.conv1d(X, W, dilation=0)).param == "dilation"
    assert refused(lambda: convcore.conv1d(X, W, padding=-1)).param == "padding"
    assert refused(lambda: convcore.conv1d(X, W, padding="full")).key == "bad_padding"
    assert refused(lambda: convcore.conv1d(X, W, stride=2, padding="same")).key == "same_needs_stride_1"
    error = refused(lambda: convcore.conv1d(X, W, padding=1, causal=True))
    assert (error.key, error.param) == ("causal_padding", "padding")
    assert refused(lambda: convcore.conv1d(X, W, causal="yes")).param == "causal"
    assert refused(lambda: convcore.conv1d(X, W, bias=[1.0, 2.0])).key == "bias_per_channel"
    error = refused(lambda: convcore.conv1d(X, torch.ones(3, 2, 6)))
    assert error.key == "window_too_big_undilated_1d" and error.values["span"] == 6  # dilation 1
    assert refused(lambda: convcore.causal_padding(0)).param == "kernel_size"


# --- receptive fields of 1-D stacks --------------------------------------------------------------------------


def test_a_wavenet_block_sees_1024_samples():
    # WaveNet (van den Oord et al. 2016), one block: kernel 2, dilations doubling from 1 to 512; each layer
    # doubles the field, so ten layers see 2^10 = 1,024 samples with only 10 x 2 weights per channel pair
    fields = convcore.receptive_field_1d(2, WAVENET)
    assert fields == [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    # three blocks stacked (as WaveNet does) add 1,023 each
    assert convcore.receptive_field_1d(2, WAVENET * 3)[-1] == 3 * 1023 + 1
    # without dilation the same ten layers see only 11 samples
    assert convcore.receptive_field_1d([2] * 10)[-1] == 11


@SWEEP
@given(
    layers=st.lists(
        st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 2)), min_size=1, max_size=4
    )
)
def test_the_1d_field_is_what_autograd_finds(layers):
    # the field of the last output is the span of inputs its gradient reaches (all-ones kernels: no zeros)
    kernels, dilations, strides = (list(column) for column in zip(*layers))
    field = convcore.receptive_field_1d(kernels, dilations, strides)[-1]
    x = torch.zeros(field + 8, requires_grad=True)
    y = x
    for k, d, s in layers:
        y = convcore.conv1d(y, torch.ones(k), stride=s, dilation=d)
    y[0].backward()
    reached = torch.nonzero(x.grad).flatten()
    assert int(reached[-1] - reached[0]) + 1 == field


def test_the_1d_field_refuses_bad_stacks():
    assert refused(lambda: convcore.receptive_field_1d([])).key == "no_layers"
    error = refused(lambda: convcore.receptive_field_1d([2, 2], [1, 2, 4]))
    assert (error.key, error.values) == ("layer_count", {"name": "dilations", "count": 3, "layers": 2})
    assert error.param == "dilations"
    error = refused(lambda: convcore.receptive_field_1d([2, 0]))
    assert (error.key, error.values["index"], error.param) == ("layer", 1, "kernel_size")
    assert error.values["error"].values["value"] == 0


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("dilation", [1, 2, 3])
def test_padding_1d_is_the_padding_conv1d_puts(k, dilation):
    # the conv1d page draws the padded input from these counts: they must be torch's "same" split and causal's
    from convcore.conv1d import padding_1d

    x, w = torch.randn(1, 1, 11), torch.randn(1, 1, k)
    left, right = padding_1d(k, padding="same", dilation=dilation)
    assert left + right == dilation * (k - 1) and right - left in (0, 1)
    same = F.conv1d(x, w, padding="same", dilation=dilation)
    torch.testing.assert_close(F.conv1d(F.pad(x, (left, right)), w, dilation=dilation), same)
    assert padding_1d(k, dilation=dilation, causal=True) == (convcore.causal_padding(k, dilation), 0)
    assert padding_1d(k, padding=2) == (2, 2) and padding_1d(k, padding="valid") == (0, 0)
    with pytest.raises(ConvError):
        padding_1d(k, stride=2, padding="same")


@pytest.mark.parametrize("channels", [1, 2, 3, 5])
@pytest.mark.parametrize(("k", "stride", "padding", "dilation", "causal"),
                         [(2, 1, 0, 1, False), (3, 2, 1, 1, False), (3, 1, "same", 2, False), (2, 1, 0, 3, True)])  # fmt: skip
def test_channel_sums_are_each_channel_alone_and_add_up_to_conv1d(
    channels, k, stride, padding, dilation, causal
):
    generator = torch.Generator().manual_seed(channels * 7 + k)
    X = torch.randn(channels, 11, generator=generator)
    W = torch.randn(1, channels, k, generator=generator)
    parts = convcore.channel_sums_1d(X, W, stride, padding, dilation, causal)
    left = dilation * (k - 1) if causal else None
    for c in range(channels):
        x = X[c][None, None]
        if causal:
            alone = F.conv1d(F.pad(x, (left, 0)), W[:, c : c + 1], stride=stride, dilation=dilation)
        else:
            alone = F.conv1d(x, W[:, c : c + 1], stride=stride, padding=padding, dilation=dilation)
        torch.testing.assert_close(parts[c], alone[0, 0])
    whole = convcore.conv1d(X, W, stride=stride, padding=padding, dilation=dilation, causal=causal)[0]
    torch.testing.assert_close(parts.sum(0), whole, rtol=1e-5, atol=1e-5)
    # (C, k) weights are the same as (1, C, k)
    torch.testing.assert_close(convcore.channel_sums_1d(X, W[0], stride, padding, dilation, causal), parts)


def test_channel_sums_of_d2l_textcnn_by_hand():
    # why: the page's sum line; channel 0 reads 0, 1 with [1, 2] -> 2, channel 1 reads 1, 2 with [3, 4] -> 11,
    # channel 2 reads 2, 3 with [-1, -3] -> -11: 2 + 11 - 11 = 2, d2l's first output
    from convcore.presets import d2l_textcnn

    X, K = d2l_textcnn()
    parts = convcore.channel_sums_1d(X, K)
    assert parts[:, 0].tolist() == [2, 11, -11]
    assert parts.sum(0).tolist() == [2, 8, 14, 20, 26, 32]


@pytest.mark.parametrize(
    ("input", "weight"),
    [(torch.ones(2, 3, 5), torch.ones(3, 2)), (torch.ones(3, 5), torch.ones(2, 3, 2)), (torch.ones(3, 5), torch.ones(2, 2)),
     (torch.ones(3, 5), torch.ones(3)), (torch.ones(3, 2), torch.ones(3, 4))],
)  # fmt: skip
def test_channel_sums_refuse_bad_shapes_with_conv_errors(input, weight):
    with pytest.raises(ConvError):
        convcore.channel_sums_1d(input, weight)


@pytest.mark.parametrize(
    ("k", "dilations", "length"),
    [(2, [1, 2, 4], 8), (2, [1, 2, 4, 8], 12), (3, [1, 2], 10), (2, [1, 1, 1], 5), (4, [3], 6), (1, [2], 3)],
)
def test_stack_reads_is_what_autograd_finds(k, dilations, length):
    # every node of the causal stack: the cells it reads in each layer below, against autograd through
    # torch's conv1d (a left pad of d(k - 1), then the dilated kernel)
    x = torch.randn(length, requires_grad=True)
    layers = [x]
    for d in dilations:
        padded = F.pad(layers[-1][None, None], (d * (k - 1), 0))
        layers.append(F.conv1d(padded, torch.rand(1, 1, k) + 0.5, dilation=d)[0, 0])
    for n in range(len(dilations) + 1):
        for t in range(length):
            grads = torch.autograd.grad(layers[n][t], layers[: n + 1], retain_graph=True, allow_unused=True)
            expected = [[t] if m == n else torch.nonzero(g).flatten().tolist() for m, g in enumerate(grads)]
            assert convcore.stack_reads(k, dilations, length, n, t) == expected, (n, t)


def test_stack_reads_of_wavenets_tree_and_its_refusals():
    # kernel 2, dilations 1, 2, 4: the last output reads layer 2 at 3 and 7, layer 1 at every odd cell and
    # all 8 inputs (its field, receptive_field_1d's 8); the first output reads only cell 0 (the rest is padding)
    assert convcore.stack_reads(2, [1, 2, 4], 8, 3, 7) == [list(range(8)), [1, 3, 5, 7], [3, 7], [7]]
    assert convcore.stack_reads(2, [1, 2, 4], 8, 3, 0) == [[0], [0], [0], [0]]
    assert convcore.stack_reads(2, [1, 2, 4], 8, 0, 5) == [[5]]
    assert refused(lambda: convcore.stack_reads(2, [1, 2], 8, 3, 0)).key == "cell_beyond_output"
    assert refused(lambda: convcore.stack_reads(2, [1, 2], 8, 1, 8)).key == "cell_beyond_output"
    assert refused(lambda: convcore.stack_reads(0, [1, 2], 8, 1, 0)).key == "too_small"
