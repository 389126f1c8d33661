"""Fuzzing convcore's public functions: arbitrary ints (0, negative, huge) and shapes.

Every call either returns what torch computes (the oracle: ``torch.nn.functional``'s conv2d,
max_pool2d, avg_pool2d, pad, and autograd) or raises a ``ValueError`` with a message; any other
exception is a bug. Where convcore deliberately refuses what torch accepts (empty tensors, negative
padding, results too large for the pages) the test names the reason.

The functions fuzzed elsewhere (conv2d, corr2d, pad2d, pool2d, conv_output_size/shape, window,
window_map, pool_output_size: tests/test_conv.py, test_shapes.py, test_pool.py) are fuzzed here only
with the huge values those files leave out.
"""

from __future__ import annotations

import math
import os
import warnings
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convcore
from convcore import _args

# The test run replays the same 60 examples per function (derandomized: CI never fails on a new draw);
# FUZZ_EXAMPLES=2000 explores fresh random ones (how the empty-input case of conv1x1_as_matmul was found).
EXPLORE = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXPLORE or 60, derandomize=not EXPLORE, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
HUGE = (2**31, 2**40, 2**63, 10**30)
MODES = ("zeros", "reflect", "replicate", "circular")


def ints(lo: int, hi: int):
    """Small ints in [lo, hi], sometimes huge ones (positive or negative)."""
    return st.one_of(
        st.integers(lo, hi), st.sampled_from(HUGE), st.sampled_from(HUGE).map(lambda n: -n), st.just(0)
    )


def int_or_pair(lo: int, hi: int):
    return st.one_of(ints(lo, hi), st.tuples(ints(lo, hi), ints(lo, hi)))


def shapes(min_rank: int = 1, max_rank: int = 4, side: int = 5):
    return st.lists(st.integers(0, side), min_size=min_rank, max_size=max_rank).map(tuple)


def pair(value) -> tuple:
    return value if isinstance(value, tuple) else (value, value)


def small(*values, limit: int = 64) -> bool:
    """All of these ints (or pairs) are in the range the oracle can run without huge allocations."""
    flat = [v for value in values for v in pair(value)]
    return all(isinstance(v, int) and -limit <= v <= limit for v in flat)


def agree_with_torch(kind: str, result, expected) -> None:
    """convcore refuses exactly what torch rejects (``expected`` None), and otherwise gives torch's numbers."""
    if kind == "refused":
        assert expected is None, f"refuses what torch accepts: {result}"
        return
    assert expected is not None, "accepted what torch rejects"
    torch.testing.assert_close(result.reshape(-1), expected.reshape(-1), rtol=1e-4, atol=1e-4)


def outcome(call):
    """('ok', result) or ('refused', message); any exception but ValueError fails the test here."""
    try:
        return "ok", call()
    except ValueError as error:
        assert str(error), "ValueError without a message"
        return "refused", str(error)


def oracle(call):
    """torch's result, or None when torch refuses (any exception)."""
    try:
        return call()
    except Exception:  # noqa: BLE001 - any torch failure means "torch rejects"
        return None


def torch_conv2d(X, K, bias, stride, padding, dilation, mode):
    (ph, pw), padded = pair(padding), X[None, None]
    if min(ph, pw) < 0:
        raise RuntimeError("convcore refuses negative padding; no oracle needed")
    if mode == "zeros":
        padded = F.pad(padded, (pw, pw, ph, ph))
    else:
        padded = F.pad(padded, (pw, pw, ph, ph), mode=mode)
    b = None if bias is None else torch.tensor([float(bias)])
    Y = F.conv2d(padded, K[None, None], b, pair(stride), 0, pair(dilation))[0, 0]
    if Y.numel() == 0:
        raise RuntimeError("empty output")
    return Y


# --- the walks the pages animate -----------------------------------------------------------------------------


@FUZZ
@given(
    x_shape=shapes(1, 3),
    k_shape=shapes(1, 3, 4),
    bias=st.one_of(st.none(), st.floats(-5, 5), st.sampled_from(([], [0.5], [1.0, 2.0], [[1.0]]))),
    stride=int_or_pair(-1, 4),
    padding=int_or_pair(-2, 4),
    dilation=int_or_pair(-1, 3),
    mode=st.sampled_from(MODES + ("bogus",)),
    cell=st.tuples(ints(-1, 5), ints(-1, 5)),
    seed=st.integers(0, 1000),
)
def test_sliding_window(x_shape, k_shape, bias, stride, padding, dilation, mode, cell, seed):
    g = torch.Generator().manual_seed(seed)
    X, K = torch.randn(x_shape, generator=g), torch.randn(k_shape, generator=g)
    expected = None
    one_bias = bias if not isinstance(bias, list) else torch.tensor(bias).reshape(-1)
    one_channel = (
        bias is None or isinstance(bias, float) or one_bias.numel() == 1
    )  # torch: a bias per channel
    if X.dim() == 2 and K.dim() == 2 and small(stride, padding, dilation) and mode in MODES and one_channel:
        b = bias if not isinstance(bias, list) else float(one_bias[0])
        expected = oracle(lambda: torch_conv2d(X, K, b, stride, padding, dilation, mode))
    kind, walk = outcome(lambda: convcore.sliding_window(X, K, bias, stride, padding, dilation, mode))
    if kind == "refused":
        if expected is not None:
            assert X.numel() == 0 or K.numel() == 0, f"refuses what torch accepts: {walk}"
        return
    assert expected is not None, "accepted what torch rejects"
    torch.testing.assert_close(walk.output, expected, rtol=1e-4, atol=1e-4)
    kind, step = outcome(lambda: walk.cell(*cell))
    inside = all(0 <= c < n for c, n in zip(cell, walk.shape))
    assert (kind == "ok") == inside
    if inside:
        assert step.value == pytest.approx(float(expected[cell]), rel=1e-4, abs=1e-4)


@FUZZ
@given(
    x_shape=shapes(1, 3),
    kernel=int_or_pair(-1, 4),
    stride=st.one_of(st.none(), int_or_pair(-1, 3)),
    padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 3),
    ceil_mode=st.booleans(),
    mode=st.sampled_from(("max", "avg", "bogus")),
    include_pad=st.booleans(),
    cell=st.tuples(ints(-1, 5), ints(-1, 5)),
)
def test_pool_window(x_shape, kernel, stride, padding, dilation, ceil_mode, mode, include_pad, cell):
    X = torch.randn(x_shape)
    expected = None
    if X.dim() == 2 and small(kernel, stride if stride is not None else 1, padding, dilation):

        def torch_pool():
            s = None if stride is None else pair(stride)
            if mode == "max":
                Y = F.max_pool2d(
                    X[None, None], pair(kernel), s, pair(padding), pair(dilation), ceil_mode=ceil_mode
                )
            elif mode == "avg" and pair(dilation) == (1, 1):
                Y = F.avg_pool2d(X[None, None], pair(kernel), s, pair(padding), ceil_mode, include_pad)
            else:
                raise RuntimeError("no such pooling in torch")
            if Y.numel() == 0:
                raise RuntimeError("empty")
            return Y[0, 0]

        expected = oracle(torch_pool)
    kind, walk = outcome(
        lambda: convcore.pool_window(X, kernel, stride, padding, dilation, ceil_mode, mode, include_pad)
    )
    if kind == "refused":
        if expected is not None:
            assert X.numel() == 0, f"refuses what torch accepts: {walk}"
        return
    assert expected is not None, "accepted what torch rejects"
    torch.testing.assert_close(walk.output, expected, rtol=1e-5, atol=1e-5)
    kind, step = outcome(lambda: walk.cell(*cell))
    inside = all(0 <= c < n for c, n in zip(cell, walk.shape))
    assert (kind == "ok") == inside
    if inside:
        assert step.value == pytest.approx(float(expected[cell]), rel=1e-5, abs=1e-5)


@FUZZ
@given(
    x_shape=shapes(2, 4, 4),
    w_shape=shapes(3, 5, 3),
    bias=st.one_of(st.none(), st.integers(0, 3)),
    stride=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 2),
    mode=st.sampled_from(MODES),
    seed=st.integers(0, 1000),
)
def test_channel_window(x_shape, w_shape, bias, stride, padding, dilation, mode, seed):
    g = torch.Generator().manual_seed(seed)
    X, W = torch.randn(x_shape, generator=g), torch.randn(w_shape, generator=g)
    b = None if bias is None else torch.randn(bias, generator=g)
    expected = None
    if X.dim() == 3 and W.dim() == 4 and small(stride, padding, dilation) and min(pair(padding)) >= 0:

        def torch_conv():
            ph, pw = pair(padding)
            padded = X[None]
            padded = (
                F.pad(padded, (pw, pw, ph, ph))
                if mode == "zeros"
                else F.pad(padded, (pw, pw, ph, ph), mode=mode)
            )
            Y = F.conv2d(padded, W, b, pair(stride), 0, pair(dilation))[0]
            if Y.numel() == 0:
                raise RuntimeError("empty")
            return Y

        expected = oracle(torch_conv)
    kind, walk = outcome(lambda: convcore.channel_window(X, W, b, stride, padding, dilation, mode))
    if kind == "refused":
        if expected is not None:
            assert X.numel() == 0 or W.numel() == 0, f"refuses what torch accepts: {walk}"
        return
    assert expected is not None, "accepted what torch rejects"
    torch.testing.assert_close(walk.output, expected, rtol=1e-4, atol=1e-4)


# --- the other tensor functions ------------------------------------------------------------------------------


@FUZZ
@given(x_shape=shapes(1, 4), w_shape=shapes(1, 5), seed=st.integers(0, 1000))
def test_conv1x1_as_matmul(x_shape, w_shape, seed):
    g = torch.Generator().manual_seed(seed)
    X, W = torch.randn(x_shape, generator=g), torch.randn(w_shape, generator=g)

    def torch_1x1():
        W4 = W[..., None, None] if W.dim() == 2 else W
        if X.dim() != 3 or W4.dim() != 4 or W4.shape[-2:] != (1, 1):
            raise RuntimeError("not a 1x1 convolution of a (C, H, W) input")
        return F.conv2d(X[None], W4)[0]

    expected = oracle(torch_1x1)
    kind, result = outcome(lambda: convcore.conv1x1_as_matmul(X, W))
    agree_with_torch(kind, result, expected)


@FUZZ
@given(shape=shapes(0, 5), seed=st.integers(0, 100))
def test_flip_kernel(shape, seed):
    W = torch.randn(shape, generator=torch.Generator().manual_seed(seed))
    kind, result = outcome(lambda: convcore.flip_kernel(W))
    if W.dim() < 2:
        assert kind == "refused"
    else:
        assert kind == "ok" and torch.equal(result, torch.flip(W, (-2, -1)))


@FUZZ
@given(
    x_shape=shapes(1, 3, 4),
    k_shape=shapes(1, 3, 3),
    stride=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 2),
    mode=st.sampled_from(MODES),
)
def test_convolve2d(x_shape, k_shape, stride, padding, dilation, mode):
    X, K = torch.randn(x_shape), torch.randn(k_shape)
    expected = None
    if X.dim() == 2 and K.dim() == 2 and small(stride, padding, dilation):
        expected = oracle(
            lambda: torch_conv2d(X, torch.flip(K, (0, 1)), None, stride, padding, dilation, mode)
        )
    kind, result = outcome(lambda: convcore.convolve2d(X, K, None, stride, padding, dilation, 1, mode))
    if kind == "refused":
        if expected is not None:
            assert X.numel() == 0 or K.numel() == 0, f"refuses what torch accepts: {result}"
        return
    if X.dim() != 2 or K.dim() != 2:
        return  # other ranks are conv2d's, fuzzed in tests/test_conv.py
    assert expected is not None, "accepted what torch rejects"
    torch.testing.assert_close(result, expected, rtol=1e-4, atol=1e-4)


@FUZZ
@given(x_shape=shapes(1, 3), pool=int_or_pair(-1, 5), mode=st.sampled_from(("max", "avg", "min")))
def test_pool2d_loops(x_shape, pool, mode):
    X = torch.randn(x_shape)
    expected = None
    if X.dim() == 2 and small(pool) and X.numel() and mode != "min":
        pooling = F.max_pool2d if mode == "max" else F.avg_pool2d
        expected = oracle(lambda: pooling(X[None, None], pair(pool), 1)[0, 0])
    kind, result = outcome(lambda: convcore.pool2d_loops(X, pool, mode))
    if kind == "refused":
        assert expected is None or expected.numel() == 0, f"refuses what torch accepts: {result}"
        return
    assert expected is not None, "accepted what torch rejects"
    torch.testing.assert_close(result, expected, rtol=1e-5, atol=1e-5)


@FUZZ
@given(y_shape=shapes(1, 3, 6), shape=int_or_pair(-1, 7))
def test_crop_to(y_shape, shape):
    Y = torch.randn(y_shape)
    kind, result = outcome(lambda: convcore.crop_to(Y, shape))
    h, w = pair(shape)
    valid = Y.dim() == 2 and Y.numel() > 0 and small(shape) and 1 <= h <= Y.shape[0] and 1 <= w <= Y.shape[1]
    assert (kind == "ok") == valid, result
    if valid:  # the centre, as torchvision's center_crop rounds (the odd cell goes bottom / right)
        top, left = (Y.shape[0] - h) // 2, (Y.shape[1] - w) // 2
        assert torch.equal(result, Y[top : top + h, left : left + w])


@FUZZ
@given(
    x_shape=shapes(1, 3, 6),
    k_shape=shapes(1, 3, 3),
    bias=st.one_of(st.floats(allow_nan=True, allow_infinity=True), ints(-2, 2)),
    noise=st.one_of(st.floats(-1, 1), st.just(math.nan), st.just(math.inf)),
    seed=ints(-1, 100),
)
def test_make_target(x_shape, k_shape, bias, noise, seed):
    X, K = torch.randn(x_shape), torch.randn(k_shape)
    kind, result = outcome(lambda: convcore.make_target(X, K, bias, noise, seed))
    if kind == "refused":
        return
    assert X.dim() == 2 and K.dim() == 2 and math.isfinite(bias) and noise >= 0
    clean = F.conv2d(X[None, None], K[None, None])[0, 0] + float(bias)
    if noise == 0:
        torch.testing.assert_close(result, clean, rtol=1e-5, atol=1e-3 * max(1.0, abs(float(bias))))
    else:
        assert result.shape == clean.shape and bool(torch.isfinite(result).all())


@FUZZ
@given(
    x_shape=shapes(2, 2, 6),
    kernel=int_or_pair(-1, 4),
    lr=st.one_of(st.floats(-1, 100), st.just(math.nan), st.just(math.inf), ints(-1, 3)),
    steps=ints(-1, 5),
    optimizer=st.sampled_from(("sgd", "momentum", "adam", "rmsprop")),
    bias=st.booleans(),
    seed=ints(-1, 100),
)
def test_learn_kernel(x_shape, kernel, lr, steps, optimizer, bias, seed):
    X = torch.randn(x_shape)
    kh, kw = pair(kernel)
    fits = small(kernel) and 1 <= kh <= X.shape[0] and 1 <= kw <= X.shape[1]
    Y = torch.randn(X.shape[0] - kh + 1, X.shape[1] - kw + 1) if fits else torch.randn(2, 2)

    def first_steps():
        return [
            step
            for _, step in zip(
                range(3), convcore.learn_kernel(X, Y, kernel, lr, steps, optimizer, bias, seed)
            )
        ]

    kind, records = outcome(first_steps)
    if kind == "refused":
        return
    assert fits and steps >= 1 and lr > 0 and math.isfinite(lr) and optimizer != "rmsprop"
    assert 1 <= len(records) <= 3 and records[0].step == 1
    # the oracle: the first loss is torch's ((conv2d(X, W0) + b0 - Y) ** 2).sum() from the same start
    w0, b0 = convcore.learn.initial_kernel((kh, kw), bias, seed)
    expected = float(((F.conv2d(X[None, None], w0[None, None])[0, 0] + b0 - Y) ** 2).sum())
    assert records[0].loss == pytest.approx(expected, rel=1e-4, abs=1e-4)


@FUZZ
@given(
    x_shape=shapes(2, 2, 6),
    kernel=int_or_pair(-1, 4),
    lr=st.one_of(st.floats(-1, 100), st.just(math.nan), st.just(math.inf), ints(-1, 3)),
    steps=st.one_of(
        st.integers(-1, 6), st.sampled_from(HUGE).map(lambda n: -n)
    ),  # a huge run would take hours
    optimizer=st.sampled_from(("sgd", "momentum", "adam", "rmsprop")),
    bias=st.booleans(),
    seed=ints(-1, 100),
)
def test_learning_run(x_shape, kernel, lr, steps, optimizer, bias, seed):
    X = torch.randn(x_shape)
    kh, kw = pair(kernel)
    fits = small(kernel) and 1 <= kh <= X.shape[0] and 1 <= kw <= X.shape[1]
    Y = torch.randn(X.shape[0] - kh + 1, X.shape[1] - kw + 1) if fits else torch.randn(2, 2)
    kind, run = outcome(lambda: convcore.learning_run(X, Y, kernel, lr, steps, optimizer, bias, seed))
    if kind == "refused":
        return
    assert fits and steps >= 1 and lr > 0 and math.isfinite(lr) and optimizer != "rmsprop"
    assert run.last == steps if run.blew_up is None else run.blew_up[0] == run.last <= steps - 1
    assert len(run.weights) == len(run.biases) == len(run.losses) == run.last + 1
    # the oracle: record k's loss is torch's ((conv2d(X, weights[k]) + biases[k] - Y) ** 2).sum()
    for k in range(run.last + 1):
        if not math.isfinite(float(run.losses[k])):
            continue  # the blow-up itself may overflow
        Y_hat = F.conv2d(X.double()[None, None], run.weights[k].double()[None, None])[0, 0] + run.biases[k]
        expected = float(((Y_hat - Y.double()) ** 2).sum())
        assert float(run.losses[k]) == pytest.approx(expected, rel=1e-4, abs=1e-4)


# --- counting and index functions ----------------------------------------------------------------------------


@FUZZ
@given(
    in_channels=ints(-1, 8),
    out_channels=ints(-1, 8),
    kernel=int_or_pair(-1, 5),
    bias=st.booleans(),
    groups=ints(-1, 4),
)
def test_conv_parameters(in_channels, out_channels, kernel, bias, groups):
    def torch_count():
        if not small(in_channels, out_channels, kernel, groups, limit=10**6):
            raise RuntimeError("too large to build even on the meta device")
        with warnings.catch_warnings():  # "Initializing zero-element tensors is a no-op"
            warnings.simplefilter("ignore")
            layer = torch.nn.Conv2d(
                in_channels, out_channels, kernel, bias=bias, groups=groups, device="meta"
            )
        return sum(p.numel() for p in layer.parameters())

    expected = oracle(torch_count)
    kind, result = outcome(lambda: convcore.conv_parameters(in_channels, out_channels, kernel, bias, groups))
    if kind == "refused":
        if expected is not None:  # deliberate: torch builds 0-channel and 0-sized layers, convcore does not
            assert min(in_channels, out_channels, *pair(kernel)) <= 0, result
        return
    if expected is None:  # too large for torch to build: the formula still holds
        kh, kw = pair(kernel)
        assert result == out_channels * (in_channels // groups) * kh * kw + (out_channels if bias else 0)
        return
    assert result == expected


@FUZZ
@given(size=ints(-1, 12), kernel=ints(-1, 6), stride=ints(-1, 4), padding=ints(-1, 3), dilation=ints(-1, 3))
def test_unread(size, kernel, stride, padding, dilation):
    def torch_unread():
        if not small(size, kernel, stride, padding, dilation) or padding < 0:
            raise RuntimeError("no oracle")
        x = torch.zeros(1, 1, size + 2 * padding, requires_grad=True)
        F.conv1d(x, torch.ones(1, 1, kernel), stride=stride, dilation=dilation).sum().backward()
        read = torch.nonzero(x.grad[0, 0]).flatten()
        if read.numel() == 0:
            raise RuntimeError("empty")
        return size + 2 * padding - 1 - int(read.max())

    expected = oracle(torch_unread)
    kind, result = outcome(lambda: convcore.unread(size, kernel, stride, padding, dilation))
    if kind == "refused":
        assert expected is None or size < 1, f"refuses what torch accepts: {result}"
        return
    if expected is not None:
        assert result == expected
    else:  # huge but valid: the definition, in ints
        out = convcore.conv_output_size(size, kernel, stride, padding, dilation)
        assert 0 <= result == size + 2 * padding - 1 - ((out - 1) * stride + dilation * (kernel - 1))


@FUZZ
@given(
    size=int_or_pair(-1, 12),
    kernel=int_or_pair(-1, 6),
    stride=int_or_pair(-1, 4),
    padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 3),
    i=ints(-1, 4),
    j=ints(-1, 4),
)
def test_huge_values_in_the_shape_functions(size, kernel, stride, padding, dilation, i, j):
    # what tests/test_shapes.py fuzzes with small ints, here with huge ones: an answer or a ValueError
    outcome(lambda: convcore.conv_output_shape(size, kernel, stride, padding, dilation))
    outcome(lambda: convcore.window(i, j, kernel, stride, padding, dilation))
    outcome(lambda: convcore.window_map(size, kernel, stride, padding, dilation))
    for axis in (0, 1):
        args = [pair(v)[axis] for v in (size, kernel, stride, padding, dilation)]
        outcome(lambda args=args: convcore.conv_output_size(*args))
        outcome(lambda args=args: convcore.pool_output_size(*args))


@FUZZ
@given(
    x_shape=shapes(2, 3, 4),
    kernel=int_or_pair(-1, 4),
    stride=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 3),
)
def test_huge_values_in_the_tensor_functions(x_shape, kernel, stride, padding, dilation):
    # conv2d, pad2d and pool2d against torch are in tests/test_conv.py and test_pool.py; here only huge ints
    X = torch.randn(x_shape)
    K = torch.ones(pair(kernel)) if small(kernel, limit=6) and min(pair(kernel)) >= 0 else torch.ones(2, 2)
    outcome(lambda: convcore.conv2d(X, K, None, stride, padding, dilation))
    outcome(lambda: convcore.conv2d(X, K, None, stride, padding, dilation, 1, "circular"))
    outcome(lambda: convcore.pad2d(X, padding, "replicate"))
    outcome(lambda: convcore.pool2d(X, kernel, stride, padding, dilation))
    outcome(lambda: convcore.pool2d(X, kernel, stride, padding, 1, True, "avg"))
    outcome(lambda: convcore.corr2d(X, K))
    outcome(lambda: convcore.corr2d_loops(X, K))


# --- receptive fields ----------------------------------------------------------------------------------------

LAYER = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(("conv", "maxpool", "avgpool", "relu", "linear")),
        "kernel_size": int_or_pair(-1, 4),
        "stride": int_or_pair(-1, 3),
        "padding": int_or_pair(-1, 2),
        "dilation": int_or_pair(-1, 2),
    }
)


def torch_stack(layers):
    modules = []
    for layer in layers:
        if layer["kind"] == "relu":
            modules.append(torch.nn.ReLU())
            continue
        if not small(layer["kernel_size"], layer["stride"], layer["padding"], layer["dilation"]):
            raise RuntimeError("no oracle")
        k, s, p, d = (layer[key] for key in ("kernel_size", "stride", "padding", "dilation"))
        if layer["kind"] == "conv":
            modules.append(torch.nn.Conv2d(1, 1, k, s, p, d, bias=False))
        elif layer["kind"] == "maxpool":
            modules.append(torch.nn.MaxPool2d(k, s, p, d))
        elif layer["kind"] == "avgpool" and pair(d) == (1, 1):
            modules.append(torch.nn.AvgPool2d(k, s, p))
        else:
            raise RuntimeError("torch has no such layer")
    return torch.nn.Sequential(*modules)


@FUZZ
@given(
    layers=st.lists(LAYER, min_size=0, max_size=4),
    size=int_or_pair(-1, 12),
    cell=st.tuples(ints(-1, 3), ints(-1, 3)),
)
def test_receptive_field_trace_and_effective_field(layers, size, cell):
    def torch_sizes():
        if not small(size) or min(pair(size)) < 1 or not layers:
            raise RuntimeError("no oracle")
        stack, x = torch_stack(layers), torch.zeros(1, 1, *pair(size))
        sizes = []
        for module in stack:
            x = module(x)
            if x.numel() == 0:
                raise RuntimeError("empty map")
            sizes.append(tuple(x.shape[-2:]))
        return sizes

    expected = oracle(torch_sizes)
    kind, fields = outcome(lambda: convcore.receptive_field(layers, size))
    if kind == "refused":
        if expected is not None:  # deliberate: layers whose output torch computes but convcore refuses
            assert any(min(pair(layer["padding"])) < 0 for layer in layers if layer["kind"] != "relu"), fields
        return
    if expected is not None:
        assert [field.output_size for field in fields] == expected
    # the same stack as checked Layers (what the receptive-field page passes) gives the same fields
    parsed = [convcore.to_layer(layer, index) for index, layer in enumerate(layers)]
    assert convcore.receptive_field(parsed, size) == fields
    kind, maps = outcome(lambda: convcore.trace_cell(layers, size, *cell))
    kind_erf, grad = outcome(lambda: convcore.effective_receptive_field(layers, size, cell))
    assert kind == kind_erf, (maps, grad)
    if kind == "refused" or expected is None:
        return
    # the oracle: autograd through torch's own layers (weights 1) reaches only cells inside the traced box
    stack = torch_stack(layers)
    for module in stack:
        if isinstance(module, torch.nn.Conv2d):
            torch.nn.init.ones_(module.weight)
    x = torch.rand(1, 1, *pair(size), requires_grad=True)
    stack(x)[0, 0][cell].backward()
    (top, left), (bottom, right) = maps[0].box
    reached = torch.nonzero(x.grad[0, 0])
    assert all(top <= r <= bottom and left <= c <= right for r, c in reached.tolist())
    outside = torch.ones_like(grad, dtype=torch.bool)
    outside[max(top, 0) : bottom + 1, max(left, 0) : right + 1] = False
    assert not bool(grad[outside].any()), "the effective field reaches outside the traced box"


# --- transposed and grouped convolution (issue 19; swept with small values in tests/test_transposed.py) ------


@FUZZ
@given(
    x_shape=shapes(1, 5),
    w_shape=shapes(1, 5),
    stride=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    output_padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 3),
    groups=ints(-1, 3),
    seed=st.integers(0, 1000),
)
def test_conv_transpose2d(x_shape, w_shape, stride, padding, output_padding, dilation, groups, seed):
    g = torch.Generator().manual_seed(seed)
    X, W = torch.randn(x_shape, generator=g), torch.randn(w_shape, generator=g)
    expected = None
    if small(stride, padding, output_padding, dilation, groups) and X.dim() in (2, 3, 4):

        def torch_transpose():
            X4 = X.reshape((1, 1, *X.shape)) if X.dim() == 2 else (X[None] if X.dim() == 3 else X)
            W4 = W[None, None] if W.dim() == 2 else W
            Y = F.conv_transpose2d(X4, W4, None, stride, padding, output_padding, groups, dilation)
            if Y.numel() == 0 or X.numel() == 0 or W.numel() == 0:
                raise RuntimeError("empty")
            return Y.reshape(-1)

        expected = oracle(torch_transpose)
    kind, result = outcome(
        lambda: convcore.conv_transpose2d(X, W, None, stride, padding, output_padding, groups, dilation)
    )
    agree_with_torch(kind, result, expected)


@FUZZ
@given(
    x_shape=shapes(1, 3),
    w_shape=shapes(1, 3),
    stride=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    output_padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 3),
)
def test_transposed_window(x_shape, w_shape, stride, padding, output_padding, dilation):
    X, W = torch.ones(x_shape), torch.ones(w_shape)
    expected = None
    if small(stride, padding, output_padding, dilation) and X.dim() == 2 and W.dim() == 2:
        expected = oracle(
            lambda: F.conv_transpose2d(
                X[None, None], W[None, None], None, stride, padding, output_padding, 1, dilation
            )[0, 0]  # fmt: skip
        )
        expected = None if expected is not None and expected.numel() == 0 else expected
    kind, walk = outcome(lambda: convcore.transposed_window(X, W, stride, padding, output_padding, dilation))
    if kind == "refused":
        assert expected is None or X.numel() == 0 or W.numel() == 0, f"refuses what torch accepts: {walk}"
        return
    assert expected is not None
    torch.testing.assert_close(walk.output, expected)
    torch.testing.assert_close(walk.direct, expected)


@FUZZ
@given(
    size=ints(0, 9),
    kernel=ints(0, 4),
    stride=ints(0, 3),
    padding=ints(-1, 3),
    output_padding=ints(-1, 3),
    dilation=ints(0, 3),
)
def test_conv_transpose_output_size_and_round_trip(size, kernel, stride, padding, output_padding, dilation):
    expected = None
    if (
        small(size, kernel, stride, padding, output_padding, dilation)
        and min(size, kernel, stride, dilation) >= 1
    ):
        layer = oracle(lambda: torch.nn.ConvTranspose2d(1, 1, kernel, stride, padding, output_padding,
                                                        dilation=dilation, bias=False))  # fmt: skip
        shape = layer and oracle(lambda: layer(torch.zeros(1, 1, size, size)).shape[-1])
        expected = shape or None
    args = (size, kernel, stride, padding, output_padding, dilation)
    kind, result = outcome(lambda: convcore.conv_transpose_output_size(*args))
    assert (kind == "ok") == (expected is not None), result
    if kind == "ok":
        assert result == expected
        assert convcore.conv_transpose_output_shape((size, size), kernel, stride, padding, output_padding,
                                                    dilation) == (expected, expected)  # fmt: skip
    kind, result = outcome(
        lambda: convcore.round_trip_output_padding(size, kernel, stride, padding, dilation)
    )
    if kind == "ok":
        assert 0 <= result < stride


@FUZZ
@given(c=ints(0, 8), o=ints(0, 8), kernel=int_or_pair(0, 3), groups=ints(0, 8))
def test_grouping(c, o, kernel, groups):
    kind, wiring = outcome(lambda: convcore.grouping(c, o, kernel, groups, (2, 2)))
    layer = None
    if small(c, o, kernel, groups):
        layer = oracle(lambda: torch.nn.Conv2d(c, o, kernel, groups=groups))
    if kind == "refused":
        assert layer is None
        return
    assert layer is not None
    assert wiring.weight_shape == tuple(layer.weight.shape)
    assert wiring.parameters == sum(p.numel() for p in layer.parameters())
    assert convcore.group_divisors(c, o).count(groups) == 1
    kind, both = outcome(lambda: convcore.separable(c, o, kernel, (2, 2)))
    assert kind == "ok" and both.depthwise.groups == c


# --- convolution as a matrix multiply and 1-D convolution (issue 30; swept in test_matmul.py, test_conv1d.py) --


@FUZZ
@given(
    x_shape=shapes(1, 5),
    kernel=int_or_pair(-1, 4),
    dilation=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    stride=int_or_pair(-1, 3),
)
def test_unfold(x_shape, kernel, dilation, padding, stride):
    X = torch.randn(x_shape, generator=torch.Generator().manual_seed(len(x_shape)))
    expected = None
    if small(kernel, dilation, padding, stride) and X.dim() in (2, 3, 4) and X.numel():
        X4 = X.reshape((1, 1, *X.shape)) if X.dim() == 2 else X
        expected = oracle(lambda: F.unfold(X4, kernel, dilation, padding, stride))
        expected = None if expected is not None and expected.numel() == 0 else expected
    kind, result = outcome(lambda: convcore.unfold(X, kernel, dilation, padding, stride))
    agree_with_torch(kind, result, expected)


@FUZZ
@given(
    size=st.one_of(
        st.tuples(ints(0, 5), ints(0, 5)), st.tuples(ints(0, 3), ints(0, 5), ints(0, 5)), ints(0, 5)
    ),
    w_shape=shapes(1, 5, side=3),
    stride=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 3),
)
def test_conv_matrix(size, w_shape, stride, padding, dilation):
    W = torch.randn(w_shape, generator=torch.Generator().manual_seed(3))
    kind, C = outcome(lambda: convcore.conv_matrix(size, W, stride, padding, dilation))
    if kind == "refused":
        return
    channels, h, w = size if len(size) == 3 else (1, *size)
    X = torch.randn(1, channels, h, w)
    W4 = W if W.dim() == 4 else W[None, None]
    expected = F.conv2d(X, W4, None, stride, padding, dilation)
    torch.testing.assert_close(C @ X.reshape(-1), expected.reshape(-1), rtol=1e-4, atol=1e-4)


@FUZZ
@given(
    x_shape=shapes(1, 3, side=6),
    k_shape=shapes(1, 3, side=3),
    bias=st.one_of(st.floats(-2, 2), st.just(True)),
    stride=int_or_pair(-1, 3),
    padding=int_or_pair(-1, 3),
    dilation=int_or_pair(-1, 3),
)
def test_matmul_view(x_shape, k_shape, bias, stride, padding, dilation):
    X, K = torch.ones(x_shape), torch.ones(k_shape)
    kind, view = outcome(lambda: convcore.matmul_view(X, K, bias, stride, padding, dilation))
    if kind == "refused":
        return
    expected = F.conv2d(X[None, None], K[None, None], torch.tensor([bias]), stride, padding, dilation)[0, 0]
    torch.testing.assert_close(view.output, expected)
    back, scattered = view.transpose(view.output)
    torch.testing.assert_close(back, scattered, rtol=1e-4, atol=1e-4)


@FUZZ
@given(
    x_shape=shapes(1, 4, side=6),
    w_shape=shapes(1, 4, side=3),
    stride=ints(-1, 3),
    padding=st.one_of(ints(-1, 3), st.sampled_from(["same", "valid", "full"])),
    dilation=ints(-1, 3),
    groups=ints(-1, 3),
    causal=st.one_of(st.booleans(), st.just(1)),
)
def test_conv1d(x_shape, w_shape, stride, padding, dilation, groups, causal):
    g = torch.Generator().manual_seed(7)
    X, W = torch.randn(x_shape, generator=g), torch.randn(w_shape, generator=g)
    expected = None
    valid_args = small(stride, dilation, groups) and (isinstance(padding, str) or small(padding))
    valid_shapes = X.dim() in (1, 2, 3) and W.dim() in (1, 3)
    if valid_args and valid_shapes and isinstance(causal, bool) and not (causal and padding != 0):

        def torch_conv1d():
            X3 = X.reshape(1, 1, -1) if X.dim() == 1 else X
            W3 = W.reshape(1, 1, -1) if W.dim() == 1 else W
            if causal:
                X3 = F.pad(X3, (dilation * (W3.shape[-1] - 1), 0))
            Y = F.conv1d(X3, W3, None, stride, 0 if causal else padding, dilation, groups)
            if Y.numel() == 0 or X.numel() == 0 or W.numel() == 0:
                raise RuntimeError("empty")
            return Y.reshape(-1)

        expected = oracle(torch_conv1d)
    kind, result = outcome(lambda: convcore.conv1d(X, W, None, stride, padding, dilation, groups, causal))
    agree_with_torch(kind, result, expected)


@FUZZ
@given(
    x_shape=shapes(1, 3, side=6),
    w_shape=shapes(1, 3, side=3),
    stride=ints(-1, 3),
    dilation=ints(-1, 3),
    causal=st.booleans(),
)
def test_channel_sums_1d(x_shape, w_shape, stride, dilation, causal):
    g = torch.Generator().manual_seed(11)
    X, W = torch.randn(x_shape, generator=g), torch.randn(w_shape, generator=g)
    kind, parts = outcome(lambda: convcore.channel_sums_1d(X, W, stride, 0, dilation, causal))
    if kind == "refused":
        return
    # the channels' parts add up to the one-output convolution of all of them
    W3 = W[None] if W.dim() == 2 else W
    whole = convcore.conv1d(X, W3, None, stride, 0, dilation, 1, causal)
    torch.testing.assert_close(parts.sum(0), whole.reshape(-1), rtol=1e-4, atol=1e-4)


@FUZZ
@given(
    kernels=st.one_of(ints(-1, 4), st.lists(ints(-1, 4), max_size=4)),
    dilations=st.one_of(ints(-1, 4), st.lists(ints(-1, 4), max_size=4)),
    strides=st.one_of(ints(-1, 3), st.lists(ints(-1, 3), max_size=4)),
)
def test_receptive_field_1d_and_causal_padding(kernels, dilations, strides):
    kind, fields = outcome(lambda: convcore.receptive_field_1d(kernels, dilations, strides))
    if kind == "ok":
        assert all(a <= b for a, b in zip(fields, fields[1:]))  # a field never shrinks going up
        assert fields[0] >= 1
    kind, padding = outcome(lambda: convcore.causal_padding(kernels if isinstance(kernels, int) else 2, 2))
    if kind == "ok":
        assert padding == 2 * ((kernels if isinstance(kernels, int) else 2) - 1)


@FUZZ
@given(kernel=ints(-1, 5), dilations=st.one_of(ints(-1, 4), st.lists(ints(-1, 4), max_size=4)),
       length=ints(-1, 40), layer=ints(-1, 5), t=ints(-1, 40))  # fmt: skip
def test_stack_reads_reads_inside_the_causal_field(kernel, dilations, length, layer, t):
    kind, reads = outcome(lambda: convcore.stack_reads(kernel, dilations, length, layer, t))
    if kind != "ok":
        return
    assert len(reads) == layer + 1 and reads[-1] == [t]
    lists = dilations if isinstance(dilations, list) else [dilations]
    fields = [1] + convcore.receptive_field_1d(kernel, lists[:layer]) if layer else [1]
    for m, cells in enumerate(reads):  # sorted, causal (never past t) and within the field
        assert cells == sorted(set(cells)) and all(t - fields[layer] + 1 <= c <= t for c in cells), (m, cells)


# --- LeNet (convcore/lenet.py) ----------------------------------------------------------------------------

LENET = {}  # one net per kind, built once (a net is a few hundred kB; hypothesis calls often)


@FUZZ
@given(kind=st.one_of(st.sampled_from(["d2l", "modern"]), st.text(max_size=8)),
       init=st.one_of(st.sampled_from(["default", "xavier"]), st.text(max_size=8)), seed=ints(-2, 2**31))  # fmt: skip
def test_lenet_builds_or_refuses_with_a_message(kind, init, seed):
    kind_, net = outcome(lambda: convcore.lenet(kind, init, seed))
    if kind in ("d2l", "modern") and init in ("default", "xavier") and 0 <= seed <= _args.MAX_INT:
        assert kind_ == "ok" and net(torch.zeros(1, 1, 28, 28)).shape == (1, 10)
    elif kind not in ("d2l", "modern") or init not in ("default", "xavier"):
        assert kind_ == "refused"
    kind_, _ = (
        outcome(lambda: convcore.default_model(kind)) if kind not in ("d2l", "modern") else ("refused", "")
    )
    assert kind_ == "refused"  # a valid kind would train the shared model: not here


@FUZZ
@given(rows=st.integers(0, 40), cols=st.integers(0, 40), kind=st.sampled_from(["d2l", "modern"]))
def test_activations_equal_the_forward_pass_or_refuse(rows, cols, kind):
    net = LENET.setdefault(kind, convcore.lenet(kind))
    x = torch.rand(rows, cols, generator=torch.Generator().manual_seed(rows * 41 + cols))
    expected = oracle(lambda: net(x[None, None])[0])
    result, layers = outcome(lambda: convcore.activations(net, x))
    if result == "refused":
        return
    assert expected is not None, "accepts what the network cannot run"
    torch.testing.assert_close(layers[-1][1], expected)


@FUZZ
@given(rows=st.integers(0, 60), cols=st.integers(0, 60), low=st.floats(-2, 2), high=st.floats(-2, 2),
       seed=st.integers(0, 99))  # fmt: skip
def test_digit_image_is_a_28x28_digit_or_a_refusal(rows, cols, low, high, seed):
    picture = low + (high - low) * torch.rand(rows, cols, generator=torch.Generator().manual_seed(seed))
    result, image = outcome(lambda: convcore.digit_image(picture))
    if result == "ok":
        assert tuple(image.shape[-2:]) == (28, 28) and torch.isfinite(image).all()


def test_digits_are_the_fixed_split():
    data = convcore.digits()
    assert data.train_images.shape[0] + data.test_images.shape[0] == 5000


@FUZZ
@given(kind=st.one_of(st.sampled_from(["cell", "size", "field"]), st.text(max_size=6)),
       seed=ints(0, 10**6), level=st.one_of(st.sampled_from([1, 2, 3]), ints(-2, 5), st.booleans()),
       op=st.sampled_from([None, "conv", "pool", "transposed", "stack", "x"]), count=ints(0, 60))  # fmt: skip
def test_practice_sets_answer_as_torch_or_refuse(kind, seed, level, op, count):
    result, value = outcome(lambda: convcore.practice_set(kind, seed, level, op, count))
    if result == "refused":
        return
    assert len(value.questions) == count
    again = convcore.practice_set(kind, seed, level, op, count)  # seeded: the same set again
    assert [q.answer for q in again.questions] == [q.answer for q in value.questions]
    for q in value.questions:
        setting = value.settings[q.setting]
        if kind == "size":
            X, K = torch.zeros(1, 1, *setting.input_size), torch.zeros(1, 1, *setting.kernel_size)
            if setting.op == "max":
                Y = F.max_pool2d(X, setting.kernel_size, setting.stride, setting.padding, setting.dilation)
            elif setting.op == "transposed":
                Y = F.conv_transpose2d(X, K, None, setting.stride, setting.padding, setting.output_padding, 1,
                                       setting.dilation)  # fmt: skip
            else:
                Y = F.conv2d(X, K, None, setting.stride, setting.padding, setting.dilation)
            assert tuple(Y.shape[-2:]) == q.answer
        elif kind == "cell" and setting.op == "conv":
            X, K = setting.input[None, None], setting.weight[None, None]
            (ph, pw), mode = setting.padding, setting.padding_mode
            padded = F.pad(X, (pw, pw, ph, ph), mode="constant" if mode == "zeros" else mode)
            Y = F.conv2d(padded, K, None, setting.stride, 0, setting.dilation)[0, 0]
            assert Y[q.cell].item() == pytest.approx(q.answer[0], abs=1e-5)
        elif kind == "cell" and setting.op in ("max", "avg"):
            pool = F.max_pool2d if setting.op == "max" else F.avg_pool2d
            extra = (setting.dilation,) if setting.op == "max" else ()
            Y = pool(setting.input[None, None], setting.kernel_size, setting.stride, setting.padding, *extra)
            assert Y[0, 0][q.cell].item() == pytest.approx(q.answer[0], abs=1e-5)
        elif kind == "field":
            assert (
                convcore.trace_cell(list(setting.layers), setting.input_size, *q.cell)[0].box_shape
                == q.answer
            )


def test_the_public_api_is_fuzzed():
    # every function in convcore.__all__ is called above (classes are built by them)
    source = Path(__file__).read_text(encoding="utf-8")
    functions = [name for name in convcore.__all__ if name[0].islower()]
    missing = [name for name in functions if f"convcore.{name}(" not in source]
    assert missing == [], missing
    assert _args.pair(3, "x", 1) == (3, 3)


@pytest.mark.parametrize("bias", [[], [1.0, 2.0], [[1.0, 2.0], [3.0, 4.0]]])
def test_sliding_window_bias_is_one_value(bias):
    # found by fuzzing: an empty bias raised IndexError, and a longer one was silently cut to its first value
    with pytest.raises(ValueError, match="bias must be one value"):
        convcore.sliding_window([[1, 2], [3, 4]], [[1]], bias)
    assert convcore.sliding_window([[1, 2], [3, 4]], [[1]], [0.5]).output.tolist() == [[1.5, 2.5], [3.5, 4.5]]


def test_cases_found_by_exploring_more_examples():
    # FUZZ_EXAMPLES=1500 found these: empty tensors were accepted (torch refuses them), and a stack of only
    # elementwise layers crashed the effective field with an IndexError
    with pytest.raises(ValueError, match="empty"):
        convcore.conv1x1_as_matmul(torch.zeros(0, 0, 0), torch.zeros(0, 0))
    with pytest.raises(ValueError, match="empty"):
        convcore.channel_window(torch.zeros(0, 0, 0), torch.zeros(1, 0, 0, 0))
    relu = [{"kind": "relu", "kernel_size": 0, "stride": 0, "padding": 0, "dilation": 0}]
    grad = convcore.effective_receptive_field(relu, (2, 3), (1, 2))
    assert grad.tolist() == [[0, 0, 0], [0, 0, 1]]  # each cell is its own input cell
