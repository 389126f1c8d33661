"""convcore.pool against torch: pool2d, pool2d_loops and pool_output_size.

The oracle is ``F.max_pool2d`` / ``F.avg_pool2d`` (and ``nn.MaxPool2d`` for the
d2l examples); expected numbers are never computed with convcore itself.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from convcore import pool2d, pool2d_loops, pool_output_size, window

SWEEP = settings(max_examples=60, deadline=None, database=None)
FUZZ = settings(max_examples=150, deadline=None, database=None)


def _pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def torch_pool(
    input,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode=False,
    mode="max",
    count_include_pad=True,
):
    """F.max_pool2d / F.avg_pool2d in convcore's rank contract (a 2-D input runs as (1, 1, H, W)).

    Raises whatever torch raises, and NotImplementedError for what torch cannot express
    (dilated average pooling, an unknown mode).
    """
    x = input if torch.is_tensor(input) else torch.as_tensor(np.asarray(input, dtype=np.float32))
    x4 = x[None, None] if x.dim() == 2 else x
    if mode == "max":
        y = F.max_pool2d(x4, kernel_size, stride, padding, dilation, ceil_mode=ceil_mode)
    elif mode == "avg" and _pair(dilation) == (1, 1):
        y = F.avg_pool2d(
            x4, kernel_size, stride, padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad
        )
    else:
        raise NotImplementedError(f"torch has no {mode} pooling with dilation {dilation}")
    return y[0, 0] if x.dim() == 2 else y


def make_pool_case(ints) -> dict:
    """A random valid pool2d case; ``ints(lo, hi)`` draws from [lo, hi] (numpy rng or hypothesis)."""
    mode = ("max", "avg")[ints(0, 1)]
    kernel = (ints(1, 4), ints(1, 4))
    if ints(0, 1):
        kernel = (kernel[0], kernel[0])
    padding = (ints(0, kernel[0] // 2), ints(0, kernel[1] // 2))
    stride = None if ints(0, 2) == 0 else (ints(1, 3), ints(1, 3))
    dilation = (1, 1) if mode == "avg" else (ints(1, 3), ints(1, 3))
    ceil_mode = bool(ints(0, 1))
    strides = kernel if stride is None else stride
    sizes = []
    for k, s, p, d in zip(kernel, strides, padding, dilation):
        span = d * (k - 1) + 1
        # ceil_mode lets the last window hang up to stride - 1 cells past the padded input
        sizes.append(max(1, span - 2 * p - (s - 1 if ceil_mode else 0)) + ints(0, 4))

    def maybe_int(value):
        return value[0] if value[0] == value[1] and ints(0, 1) else value

    rank = ints(2, 4)
    shape = {2: (), 3: (ints(1, 3),), 4: (ints(1, 2), ints(1, 3))}[rank] + tuple(sizes)
    x = torch.randn(shape, generator=torch.Generator().manual_seed(ints(0, 2**31 - 1)))
    return dict(
        input=x.tolist() if ints(0, 4) == 0 else x,
        kernel_size=maybe_int(kernel),
        stride=stride if stride is None else maybe_int(stride),
        padding=maybe_int(padding),
        dilation=maybe_int(dilation),
        ceil_mode=ceil_mode,
        mode=mode,
        count_include_pad=bool(ints(0, 1)),
    )


def assert_pool_matches_torch(case: dict) -> torch.Tensor:
    actual = pool2d(**case)
    torch.testing.assert_close(actual, torch_pool(**case), rtol=1e-6, atol=1e-6)
    return actual


# --------------------------------------------------------------------------- sweeps against torch


@pytest.mark.parametrize("seed", range(30))
def test_pool2d_matches_torch_seeded(seed):
    rng = np.random.default_rng(seed)
    assert_pool_matches_torch(make_pool_case(lambda lo, hi: int(rng.integers(lo, hi + 1))))


@SWEEP
@given(st.data())
def test_pool2d_matches_torch_hypothesis(data):
    assert_pool_matches_torch(make_pool_case(lambda lo, hi: data.draw(st.integers(lo, hi))))


@SWEEP
@given(st.integers(1, 7), st.integers(1, 7), st.sampled_from(["max", "avg"]), st.data())
def test_pool2d_loops_matches_torch(h, w, mode, data):
    # the textbook loop is stride 1, no padding
    ph, pw = data.draw(st.integers(1, h)), data.draw(st.integers(1, w))
    X = torch.randn(h, w, generator=torch.Generator().manual_seed(data.draw(st.integers(0, 2**31 - 1))))
    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    expected = pool(X[None, None], (ph, pw), stride=1)[0, 0]
    torch.testing.assert_close(pool2d_loops(X, (ph, pw), mode), expected, rtol=1e-6, atol=1e-6)


@SWEEP
@given(
    size=st.integers(1, 10),
    kernel=st.integers(1, 5),
    stride=st.one_of(st.none(), st.integers(1, 4)),
    dilation=st.integers(1, 3),
    ceil_mode=st.booleans(),
    data=st.data(),
)
def test_pool_output_size_matches_torch(size, kernel, stride, dilation, ceil_mode, data):
    # torch's actual output length, ceil_mode included; where torch refuses, a ValueError
    padding = data.draw(st.integers(0, kernel // 2))
    try:
        x = torch.zeros(1, 1, size, 1)
        s = kernel if stride is None else stride
        expected = F.max_pool2d(
            x, (kernel, 1), (s, 1), (padding, 0), (dilation, 1), ceil_mode=ceil_mode
        ).shape[2]
    except RuntimeError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError, match="kernel_size"):
            pool_output_size(size, kernel, stride, padding, dilation, ceil_mode)
    else:
        assert pool_output_size(size, kernel, stride, padding, dilation, ceil_mode) == expected


# --------------------------------------------------------------------------- hand-computed values


D2L_X = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]


def test_d2l_pool2d_loops():
    # d2l 7.5.1 (zh 6.5.1): 2x2 max and average pooling of 0..8, stride 1
    torch.testing.assert_close(
        pool2d_loops(D2L_X, (2, 2)), torch.tensor([[4.0, 5.0], [7.0, 8.0]]), rtol=0, atol=0
    )
    torch.testing.assert_close(
        pool2d_loops(D2L_X, (2, 2), "avg"), torch.tensor([[2.0, 3.0], [5.0, 6.0]]), rtol=0, atol=0
    )
    # the fast path gives the same with stride 1
    torch.testing.assert_close(
        pool2d(D2L_X, 2, stride=1), torch.tensor([[4.0, 5.0], [7.0, 8.0]]), rtol=0, atol=0
    )
    torch.testing.assert_close(
        pool2d(D2L_X, 2, stride=1, mode="avg"), torch.tensor([[2.0, 3.0], [5.0, 6.0]]), rtol=0, atol=0
    )


X16 = torch.arange(16.0).reshape(1, 1, 4, 4)


@pytest.mark.parametrize(
    ("module", "kwargs", "expected"),
    [
        # d2l 7.5.2 (zh 6.5.2): the stride defaults to the kernel, so a 3x3 pool fits once in 4x4
        (nn.MaxPool2d(3), dict(kernel_size=3), [[10.0]]),
        # padding 1 and stride 2: the windows' maxima are the bottom-right real cells
        (
            nn.MaxPool2d(3, padding=1, stride=2),
            dict(kernel_size=3, padding=1, stride=2),
            [[5.0, 7.0], [13.0, 15.0]],
        ),
        # d2l: a 2x3 window with per-axis padding and stride lands on the same cells
        (
            nn.MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1)),
            dict(kernel_size=(2, 3), stride=(2, 3), padding=(0, 1)),
            [[5.0, 7.0], [13.0, 15.0]],
        ),
    ],
)
def test_d2l_max_pool_examples(module, kwargs, expected):
    expected = torch.tensor([[expected]])
    torch.testing.assert_close(module(X16), expected, rtol=0, atol=0)  # the hand value is torch's too
    torch.testing.assert_close(pool2d(X16, **kwargs), expected, rtol=0, atol=0)
    torch.testing.assert_close(pool2d(X16[0, 0], **kwargs), expected[0, 0], rtol=0, atol=0)  # 2-D in, 2-D out


def test_d2l_pooling_keeps_channels():
    # d2l 7.5.3 (zh 6.5.3): stacking X and X + 1 gives two channels out, pooled separately
    X = torch.cat((X16, X16 + 1), dim=1)
    expected = torch.tensor([[[[5.0, 7.0], [13.0, 15.0]], [[6.0, 8.0], [14.0, 16.0]]]])
    torch.testing.assert_close(pool2d(X, 3, padding=1, stride=2), expected, rtol=0, atol=0)
    torch.testing.assert_close(pool2d(X[0], 3, padding=1, stride=2), expected[0], rtol=0, atol=0)


def test_max_pool_padding_never_wins():
    # max pooling pads with -inf: an all-negative input's corner window returns -1, not a padded 0
    X = -1.0 - torch.arange(16.0).reshape(4, 4)
    got = pool2d(X, 3, stride=2, padding=1)
    torch.testing.assert_close(got, torch.tensor([[-1.0, -2.0], [-5.0, -6.0]]), rtol=0, atol=0)


def test_avg_pool_count_include_pad():
    # the corner window holds 0 + 1 + 4 + 5 = 10 over 4 real cells and 5 padding cells
    got = pool2d(X16[0, 0], 3, stride=2, padding=1, mode="avg")
    assert got[0, 0].item() == pytest.approx(10 / 9)  # torch's default: padding counts as 0s in the mean
    got = pool2d(X16[0, 0], 3, stride=2, padding=1, mode="avg", count_include_pad=False)
    assert got[0, 0].item() == pytest.approx(10 / 4)  # only the real cells


def test_ceil_mode_hand_computed():
    # ceil_mode keeps a last, partial window: 5 cells with a 2x2 pool give 3 outputs instead of 2
    assert pool_output_size(5, 2) == 2
    assert pool_output_size(5, 2, ceil_mode=True) == 3
    X = torch.arange(25.0).reshape(5, 5)
    expected = torch.tensor([[6.0, 8.0, 9.0], [16.0, 18.0, 19.0], [21.0, 23.0, 24.0]])
    torch.testing.assert_close(pool2d(X, 2, ceil_mode=True), expected, rtol=0, atol=0)


def test_ceil_mode_window_may_overhang_but_not_start_in_padding():
    # torch keeps a last window that starts inside the input even if it overhangs it...
    assert pool_output_size(2, 3, stride=2, ceil_mode=True) == 1
    torch.testing.assert_close(
        pool2d([[0.0, 1.0], [2.0, 3.0]], 3, stride=2, ceil_mode=True), torch.tensor([[3.0]])
    )
    # ...but drops one that would start in the right padding: 4 + pad 1 with k 2, s 3 keeps 2, not 3
    assert pool_output_size(4, 2, stride=3, padding=1, ceil_mode=True) == 2


# --------------------------------------------------------------------------- windows and errors


@SWEEP
@given(st.data())
def test_pool_cell_is_max_or_mean_over_its_window(data):
    # the app highlights window(i, j) for pooling too: the max (or the mean of the real cells) there
    case = make_pool_case(lambda lo, hi: data.draw(st.integers(lo, hi)))
    x = torch.as_tensor(np.asarray(case["input"], dtype=np.float32))
    x2 = x.reshape(-1, *x.shape[-2:])[0]
    h, w = x2.shape
    kernel, padding, dilation = case["kernel_size"], case["padding"], case["dilation"]
    stride = kernel if case["stride"] is None else case["stride"]
    y = torch_pool(**{**case, "input": x2})
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            rows, cols = window(i, j, kernel, stride, padding, dilation)
            rows, cols = [r for r in rows if 0 <= r < h], [c for c in cols if 0 <= c < w]
            cells = x2[rows][:, cols]
            if case["mode"] == "max":
                # a dilated window can hold padding cells only: torch's max of nothing is -inf
                assert y[i, j] == (cells.max() if cells.numel() else -torch.inf)
            elif not case["count_include_pad"]:
                torch.testing.assert_close(y[i, j], cells.mean())


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (dict(kernel_size=3, padding=2), "padding"),  # torch: padding at most half the kernel
        (dict(kernel_size=(2, 4), padding=(1, 3)), "padding"),
        (dict(kernel_size=2, mode="avg", dilation=2), "dilation"),  # torch's avg_pool2d has no dilation
        (dict(kernel_size=2, mode="median"), "mode"),
        (dict(kernel_size=2, stride=0), "stride"),
        (dict(kernel_size=2, stride=2.0), "stride"),  # a float stride
        (dict(kernel_size=2, stride=True), "stride"),  # a bool stride
        (dict(kernel_size=0), "kernel_size"),
        (dict(kernel_size=2.0), "kernel_size"),
        (dict(kernel_size=2, dilation=0), "dilation"),
        (dict(kernel_size=2, padding=-1), "padding"),
        (dict(kernel_size=6), "kernel_size"),  # larger than the 4x4 input
    ],
)
def test_pool2d_errors_name_the_parameter(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        pool2d(X16, **kwargs)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (([[1.0, 2.0]], (2, 1)), "pool_size"),  # larger than X
        (([[1.0, 2.0]], 0), "pool_size"),
        (([[1.0, 2.0]], True), "pool_size"),
        (([[1.0, 2.0], [3.0]], 1), "X"),  # ragged
        (([[1.0, 2.0]], 1, "min"), "mode"),
    ],
)
def test_pool2d_loops_errors(args, fragment):
    with pytest.raises(ValueError, match=fragment):
        pool2d_loops(*args)


def test_pool_output_size_padding_error_names_the_rule():
    with pytest.raises(ValueError, match=r"padding 2 .*kernel_size 3.*<= 1"):
        pool_output_size(8, 3, padding=2)


# --------------------------------------------------------------------------- fuzz against torch


def _int_or_pair(lo, hi):
    return st.one_of(st.integers(lo, hi), st.tuples(st.integers(lo, hi), st.integers(lo, hi)))


@FUZZ
@given(
    x_shape=st.one_of(
        st.lists(st.integers(0, 5), min_size=2, max_size=4).map(tuple),
        st.lists(st.integers(0, 3), min_size=1, max_size=5).map(tuple),
    ),
    kernel=_int_or_pair(-1, 4),
    stride=st.one_of(st.none(), _int_or_pair(-1, 3)),
    padding=_int_or_pair(-1, 3),
    dilation=_int_or_pair(-1, 3),
    ceil_mode=st.booleans(),
    mode=st.sampled_from(["max", "avg", "bogus"]),
    count_include_pad=st.booleans(),
)
def test_pool2d_fuzz_against_torch(
    x_shape, kernel, stride, padding, dilation, ceil_mode, mode, count_include_pad
):
    x = torch.randn(x_shape)
    kwargs = dict(
        kernel_size=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        ceil_mode=ceil_mode,
        mode=mode,
        count_include_pad=count_include_pad,
    )
    try:
        if x.dim() not in (2, 3, 4):
            raise TypeError("pool2d takes (H, W), (C, H, W) or (N, C, H, W)")  # F.max_pool2d takes 3-D/4-D
        expected = torch_pool(x, **kwargs)
    except Exception:  # noqa: BLE001 - any torch failure means "torch rejects"
        expected = None
    try:
        actual = pool2d(x, **kwargs)
    except ValueError as error:
        assert str(error)
        if expected is not None:
            # deliberate: convcore refuses empty inputs (torch returns an empty result for a 0 batch)
            assert x.numel() == 0, f"pool2d rejects what torch accepts: {error}"
        return
    assert expected is not None, "pool2d accepted what torch rejects"
    torch.testing.assert_close(actual, expected)


@FUZZ
@given(
    size=st.integers(-1, 10),
    kernel=st.integers(-1, 6),
    stride=st.one_of(st.none(), st.integers(-1, 4)),
    padding=st.integers(-1, 3),
    dilation=st.integers(-1, 3),
    ceil_mode=st.booleans(),
)
def test_pool_output_size_fuzz_against_torch(size, kernel, stride, padding, dilation, ceil_mode):
    try:
        s = None if stride is None else (stride, 1)
        x = torch.zeros(1, 1, size, 1)
        expected = F.max_pool2d(x, (kernel, 1), s, (padding, 0), (dilation, 1), ceil_mode=ceil_mode).shape[2]
        if expected < 1:
            raise RuntimeError("empty output")
    except Exception:  # noqa: BLE001
        expected = None
    try:
        actual = pool_output_size(size, kernel, stride, padding, dilation, ceil_mode)
    except ValueError as error:
        assert str(error)
        assert expected is None, f"pool_output_size rejects what torch accepts: {error}"
        return
    assert expected is not None, "pool_output_size accepted what torch rejects"
    assert actual == expected
