"""convcore.conv against torch: corr2d, conv2d, convolve2d, flip_kernel and pad2d.

torch is the oracle everywhere: ``torch.nn.Conv2d`` modules with the weights
copied in, ``torch.nn.functional`` for padding and transposed convolution. The
expected numbers are never computed with convcore itself.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from convcore import conv2d, convolve2d, corr2d, corr2d_loops, flip_kernel, pad2d

MODES = ("zeros", "reflect", "replicate", "circular")
SWEEP = settings(max_examples=60, deadline=None, database=None)
FUZZ = settings(max_examples=120, deadline=None, database=None)


# --------------------------------------------------------------------------- the oracle


def _as_tensor(value) -> torch.Tensor:
    return (
        torch.as_tensor(np.asarray(value, dtype=np.float32)) if not torch.is_tensor(value) else value.float()
    )


def torch_conv(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    """``torch.nn.Conv2d`` with ``weight`` (and ``bias``) copied in, shaped to convcore's rank contract.

    A 2-D input is run as (1, 1, H, W), a 2-D kernel as (1, 1, kh, kw); a (C, H, W)
    input is torch's own unbatched form. A one-element bias is used for every output
    channel (convcore's documented ``bias=1.0``). Raises whatever torch raises.
    """
    x, w = _as_tensor(input), _as_tensor(weight)
    x4 = x[None, None] if x.dim() == 2 else x
    w4 = w[None, None] if w.dim() == 2 else w
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero-element weights warn on init
        module = nn.Conv2d(
            w4.shape[1] * groups,
            w4.shape[0],
            tuple(w4.shape[-2:]),
            stride=stride,
            padding=padding,
            dilation=dilation,
            groups=groups,
            bias=bias is not None,
            padding_mode=padding_mode,
        )
    with torch.no_grad():
        module.weight.copy_(w4)
        if bias is not None:
            b = _as_tensor(bias).reshape(-1)
            module.bias.copy_(b.expand(w4.shape[0]) if b.numel() == 1 else b)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's note that even 'same' kernels copy the input
            y = module(x4)
    if x.dim() == 2:
        return y[0, 0] if w4.shape[0] == 1 else y[0]
    return y


def assert_conv_matches_torch(case: dict) -> torch.Tensor:
    """THE helper: convcore.conv2d(**case) gives torch.nn.Conv2d's numbers, shape and dtype."""
    expected = torch_conv(**case)
    actual = conv2d(**case)
    torch.testing.assert_close(actual, expected, rtol=1e-5, atol=1e-5)
    return actual


def make_conv_case(ints) -> dict:
    """A random valid conv2d case; ``ints(lo, hi)`` draws an int in [lo, hi] (numpy rng or hypothesis).

    Covers 2/3/4-D inputs, 2-D and 4-D kernels, groups, bias, int and pair
    stride/padding/dilation, "valid"/"same", all four padding modes, and
    tensor / numpy / nested-list inputs.
    """
    rank = ints(2, 4)
    kernel_2d = ints(0, 3) == 0
    if kernel_2d:
        groups, c_in, c_out = 1, 1, 1
    elif rank == 2:
        groups, c_in, c_out = 1, 1, ints(1, 3)
    else:
        groups = ints(1, 3)
        c_in, c_out = groups * ints(1, 2), groups * ints(1, 2)
    kernel = (ints(1, 4), ints(1, 4))

    def int_or_pair(lo, hi):
        return ints(lo, hi) if ints(0, 1) else (ints(lo, hi), ints(lo, hi))

    stride, dilation = int_or_pair(1, 3), int_or_pair(1, 3)
    padding_mode = MODES[ints(0, 3)]
    choice = ints(0, 5)
    if choice <= 2:
        padding = ints(0, 3)
    elif choice == 3:
        padding = (ints(0, 3), ints(0, 3))
    elif choice == 4:
        padding = "valid"
    else:
        padding, stride = "same", 1
    dilations = dilation if isinstance(dilation, tuple) else (dilation, dilation)
    sizes = []
    for axis in range(2):
        span = dilations[axis] * (kernel[axis] - 1) + 1
        if padding == "same":
            before = (span - 1) // 2
            after = span - 1 - before
        elif padding == "valid":
            before = after = 0
        else:
            before = after = padding[axis] if isinstance(padding, tuple) else padding
        low = max(1, span - before - after)
        if padding_mode == "reflect":
            low = max(low, before + 1, after + 1)
        elif padding_mode == "circular":
            low = max(low, before, after)
        sizes.append(low + ints(0, 4))
    generator = torch.Generator().manual_seed(ints(0, 2**31 - 1))
    shape = {2: (), 3: (c_in,), 4: (ints(1, 3), c_in)}[rank] + tuple(sizes)
    x = torch.randn(shape, generator=generator)
    w_shape = kernel if kernel_2d else (c_out, c_in // groups) + kernel
    w = torch.randn(w_shape, generator=generator)
    bias = torch.randn(c_out, generator=generator) if ints(0, 1) else None
    form = ints(0, 5)
    if form == 0:
        x = x.numpy()
    elif form == 1:
        x = x.tolist()
    return dict(
        input=x,
        weight=w,
        bias=bias,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        padding_mode=padding_mode,
    )


@st.composite
def conv_cases(draw):
    return make_conv_case(lambda lo, hi: draw(st.integers(lo, hi)))


# --------------------------------------------------------------------------- sweeps against torch


@pytest.mark.parametrize("seed", range(30))
def test_conv2d_matches_torch_seeded(seed):
    rng = np.random.default_rng(seed)
    assert_conv_matches_torch(make_conv_case(lambda lo, hi: int(rng.integers(lo, hi + 1))))


@SWEEP
@given(conv_cases())
def test_conv2d_matches_torch_hypothesis(case):
    assert_conv_matches_torch(case)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("rank", [2, 3, 4])
def test_conv2d_every_mode_and_rank(mode, rank):
    # each padding mode and input rank at least once, with pair stride/padding/dilation and bias
    g = torch.Generator().manual_seed(rank * 10 + MODES.index(mode))
    shape = {2: (7, 6), 3: (2, 7, 6), 4: (2, 2, 7, 6)}[rank]
    weight = torch.randn((3, 2 if rank > 2 else 1, 3, 2), generator=g)
    case = dict(
        input=torch.randn(shape, generator=g),
        weight=weight,
        bias=torch.randn(3, generator=g),
        stride=(2, 1),
        padding=(2, 1),
        dilation=(1, 2),
        padding_mode=mode,
    )
    out = assert_conv_matches_torch(case)
    assert out.dim() == rank if rank > 2 else out.dim() == 3


@pytest.mark.parametrize("mode", MODES)
def test_conv2d_same_with_even_kernel_matches_torch(mode):
    # 'same' with an even span pads one more cell at the bottom/right, as torch does
    g = torch.Generator().manual_seed(7)
    case = dict(
        input=torch.randn(1, 2, 6, 5, generator=g),
        weight=torch.randn(4, 1, 2, 4, generator=g),
        padding="same",
        groups=2,
        dilation=(3, 1),
        padding_mode=mode,
    )
    assert assert_conv_matches_torch(case).shape == (1, 4, 6, 5)


def test_conv2d_matches_functional_conv2d():
    # the functional form too, for the zeros mode that the pages use most
    g = torch.Generator().manual_seed(3)
    x, w, b = (
        torch.randn(2, 4, 9, 8, generator=g),
        torch.randn(6, 2, 3, 3, generator=g),
        torch.randn(6, generator=g),
    )
    expected = F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)
    actual = conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)
    torch.testing.assert_close(actual, expected)


@SWEEP
@given(st.integers(1, 8), st.integers(1, 8), st.data())
def test_corr2d_matches_torch(h, w, data):
    kh, kw = data.draw(st.integers(1, h)), data.draw(st.integers(1, w))
    g = torch.Generator().manual_seed(data.draw(st.integers(0, 2**31 - 1)))
    X, K = torch.randn(h, w, generator=g), torch.randn(kh, kw, generator=g)
    expected = F.conv2d(X[None, None], K[None, None])[0, 0]
    torch.testing.assert_close(corr2d(X, K), expected)
    torch.testing.assert_close(corr2d_loops(X, K), expected, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(corr2d(X.numpy(), K.tolist()), expected)


@SWEEP
@given(conv_cases())
def test_convolve2d_is_conv_with_rotated_kernel(case):
    # true convolution = torch's cross-correlation with the kernel flipped on both spatial axes
    flipped = _as_tensor(case["weight"]).flip(-1).flip(-2)
    expected = torch_conv(**{**case, "weight": flipped})
    torch.testing.assert_close(convolve2d(**case), expected, rtol=1e-5, atol=1e-5)


@SWEEP
@given(st.integers(1, 7), st.integers(1, 7), st.data())
def test_convolve2d_matches_transposed_convolution(h, w, data):
    # conv_transpose2d scatters X[i, j] * K[a, b] into (i + a, j + b): the full true convolution,
    # an oracle that never flips anything; padding p keeps the rows k-1-p .. H+p of it
    kh, kw = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    ph, pw = data.draw(st.integers(max(0, kh - h), kh - 1)), data.draw(st.integers(max(0, kw - w), kw - 1))
    g = torch.Generator().manual_seed(data.draw(st.integers(0, 2**31 - 1)))
    X, K = torch.randn(h, w, generator=g), torch.randn(kh, kw, generator=g)
    full = F.conv_transpose2d(X[None, None], K[None, None])[0, 0]
    expected = full[kh - 1 - ph : h + ph, kw - 1 - pw : w + pw]
    torch.testing.assert_close(convolve2d(X, K, padding=(ph, pw)), expected, rtol=1e-5, atol=1e-5)


@SWEEP
@given(st.integers(2, 4), st.integers(1, 6), st.integers(1, 6), st.sampled_from(MODES), st.data())
def test_pad2d_matches_functional_pad(rank, h, w, mode, data):
    limit_h = {"zeros": 4, "replicate": 4, "reflect": h - 1, "circular": h}[mode]
    limit_w = {"zeros": 4, "replicate": 4, "reflect": w - 1, "circular": w}[mode]
    ph, pw = data.draw(st.integers(0, limit_h)), data.draw(st.integers(0, limit_w))
    # an int pads both axes alike, so it must suit the narrower limit
    padding = (ph, pw) if data.draw(st.booleans()) or ph > limit_w else ph
    g = torch.Generator().manual_seed(data.draw(st.integers(0, 2**31 - 1)))
    shape = {2: (h, w), 3: (2, h, w), 4: (2, 3, h, w)}[rank]
    x = torch.randn(shape, generator=g)
    p = padding if isinstance(padding, tuple) else (padding, padding)
    x4 = x.reshape((1,) * (4 - rank) + tuple(x.shape))
    expected = F.pad(x4, (p[1], p[1], p[0], p[0]), mode="constant" if mode == "zeros" else mode)
    expected = expected.reshape(x.shape[:-2] + expected.shape[-2:])
    torch.testing.assert_close(pad2d(x, padding, mode), expected)


# --------------------------------------------------------------------------- hand-computed values


def test_d2l_corr2d_example():
    # d2l 6.2's worked example: the first number a reader checks by hand (0*0+1*1+3*2+4*3 = 19)
    X = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    K = [[0, 1], [2, 3]]
    expected = torch.tensor([[19.0, 25.0], [37.0, 43.0]])
    torch.testing.assert_close(corr2d(X, K), expected, rtol=0, atol=0)
    torch.testing.assert_close(corr2d_loops(X, K), expected, rtol=0, atol=0)
    torch.testing.assert_close(conv2d(torch.tensor(X, dtype=torch.float32), K), expected, rtol=0, atol=0)


def test_d2l_conv2d_docstring_bias():
    # a scalar bias is added to every output cell (the example in conv2d's docstring)
    got = conv2d(torch.arange(9.0).reshape(3, 3), [[0.0, 1.0], [2.0, 3.0]], bias=1.0)
    torch.testing.assert_close(got, torch.tensor([[20.0, 26.0], [38.0, 44.0]]), rtol=0, atol=0)


def _edge_image() -> torch.Tensor:
    X = torch.ones(6, 8)
    X[:, 2:6] = 0
    return X


def test_d2l_vertical_edge_detector():
    # d2l 6.2.3: K = [1, -1] marks white->black edges with 1 and black->white edges with -1
    Y = corr2d(_edge_image(), torch.tensor([[1.0, -1.0]]))
    expected = torch.tensor([[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0]] * 6)
    assert Y.shape == (6, 7)
    torch.testing.assert_close(Y, expected, rtol=0, atol=0)
    torch.testing.assert_close(corr2d_loops(_edge_image(), [[1.0, -1.0]]), expected, rtol=0, atol=0)


def test_d2l_edge_detector_misses_horizontal_edges():
    # d2l: on the transposed image the same K sees only horizontal edges, so it finds nothing
    Y = corr2d(_edge_image().t(), torch.tensor([[1.0, -1.0]]))
    assert Y.shape == (8, 5)
    torch.testing.assert_close(Y, torch.zeros(8, 5), rtol=0, atol=0)


def test_ramp_with_horizontal_difference_kernel_is_constant():
    # every row of the ramp rises by 1 per column, so each row's x[c] - x[c+2] is -2 and three rows
    # give -6 everywhere. A source blog printed [[-6,-6,-6],[-18,...],[-30,...]]: that is WRONG.
    X = torch.arange(1.0, 26.0).reshape(5, 5)
    K = torch.tensor([[1.0, 0.0, -1.0]] * 3)
    expected = torch.full((3, 3), -6.0)
    torch.testing.assert_close(corr2d(X, K), expected, rtol=0, atol=0)
    torch.testing.assert_close(conv2d(X, K), expected, rtol=0, atol=0)


def test_stride_hand_computed():
    # stride 2 with a 2x2 box: non-overlapping block sums (0+1+4+5 = 10, ...)
    got = conv2d(torch.arange(16.0).reshape(4, 4), torch.ones(2, 2), stride=2)
    torch.testing.assert_close(got, torch.tensor([[10.0, 18.0], [42.0, 50.0]]), rtol=0, atol=0)


def test_dilation_hand_computed():
    # dilation 2 reads taps two cells apart: (0,0) sums x00 + x02 + x20 + x22 = 0 + 2 + 10 + 12 = 24
    got = conv2d(torch.arange(25.0).reshape(5, 5), torch.ones(2, 2), dilation=2)
    expected = torch.tensor([[24.0, 28.0, 32.0], [44.0, 48.0, 52.0], [64.0, 68.0, 72.0]])
    torch.testing.assert_close(got, expected, rtol=0, atol=0)


@pytest.mark.parametrize(
    ("mode", "row"),
    [
        ("zeros", [0.0, 1.0, 2.0, 3.0, 0.0]),  # zeros: a 0 on each side
        ("reflect", [2.0, 1.0, 2.0, 3.0, 2.0]),  # reflect mirrors without repeating the edge
        ("replicate", [1.0, 1.0, 2.0, 3.0, 3.0]),  # replicate repeats the edge value
        ("circular", [3.0, 1.0, 2.0, 3.0, 1.0]),  # circular wraps around to the other end
    ],
)
def test_padding_modes_hand_computed(mode, row):
    expected = torch.tensor([row])
    torch.testing.assert_close(pad2d([[1, 2, 3]], (0, 1), mode), expected, rtol=0, atol=0)
    # a 1x1 identity kernel makes conv2d show its padded input
    torch.testing.assert_close(conv2d([[1, 2, 3]], [[1.0]], padding=(0, 1), padding_mode=mode), expected)


def test_flip_kernel_hand_computed():
    # rotating 180 degrees = flipping rows and columns
    expected = torch.tensor([[3.0, 2.0], [1.0, 0.0]])
    torch.testing.assert_close(flip_kernel([[0, 1], [2, 3]]), expected, rtol=0, atol=0)
    assert flip_kernel(torch.zeros(2, 3, 4, 5)).shape == (2, 3, 4, 5)


def test_impulse_response_correlation_vs_convolution():
    # an impulse reveals the kernel: cross-correlation echoes it rotated 180 degrees,
    # true convolution echoes it unchanged (worked by hand: output (0,0) sees the 1 at tap (2,2))
    X = torch.zeros(5, 5)
    X[2, 2] = 1.0
    K = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    rotated = torch.tensor([[9.0, 8.0, 7.0], [6.0, 5.0, 4.0], [3.0, 2.0, 1.0]])
    torch.testing.assert_close(corr2d(X, K), rotated, rtol=0, atol=0)
    torch.testing.assert_close(conv2d(X, K), rotated, rtol=0, atol=0)
    torch.testing.assert_close(convolve2d(X, K), K, rtol=0, atol=0)


def test_convolve2d_docstring_and_symmetric_kernel():
    # [1, -1] flips sign under true convolution; a symmetric kernel gives the same numbers either way
    torch.testing.assert_close(convolve2d([[0, 1, 2]], [[1, -1]]), torch.tensor([[1.0, 1.0]]), rtol=0, atol=0)
    X = torch.arange(20.0).reshape(4, 5)
    box = torch.tensor([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]])
    torch.testing.assert_close(convolve2d(X, box, padding=1), conv2d(X, box, padding=1), rtol=0, atol=0)


# --------------------------------------------------------------------------- errors


def test_corr2d_ragged_list_is_value_error():
    # a ragged nested list is not a matrix: say so instead of a numpy traceback
    with pytest.raises(ValueError, match="X"):
        corr2d([[1, 2], [3]], [[1]])
    with pytest.raises(ValueError, match="K"):
        corr2d([[1, 2], [3, 4]], [[1, 2], [3]])


@pytest.mark.parametrize("func", [corr2d, corr2d_loops])
@pytest.mark.parametrize(
    ("X", "K"),
    [
        ([[1.0, 2.0]], [[1.0], [2.0]]),  # kernel taller than the input
        (torch.ones(3, 3), torch.ones(3, 4)),  # kernel wider than the input
        (torch.ones(2, 2), torch.ones(4, 4)),  # far larger: must not become a negative-size tensor
        ([1.0, 2.0, 3.0], [[1.0]]),  # 1-D input
        (torch.ones(0, 3), [[1.0]]),  # empty input
        (torch.ones(2, 2, 2), [[1.0]]),  # 3-D input
    ],
)
def test_corr2d_bad_shapes_are_value_errors(func, X, K):
    with pytest.raises(ValueError, match=r"\S"):
        func(X, K)


def test_conv2d_channel_mismatch():
    # 3 channels in, a weight that expects 2: the message gives both counts
    with pytest.raises(ValueError, match="3 channels"):
        conv2d(torch.ones(3, 5, 5), torch.ones(1, 2, 3, 3))
    with pytest.raises(ValueError, match="groups"):
        conv2d(torch.ones(1, 4, 5, 5), torch.ones(3, 2, 3, 3), groups=2)


def test_reflect_padding_must_be_smaller_than_input():
    # reflect cannot mirror more cells than the edge has neighbours (padding 3 on a 3-wide input)
    with pytest.raises(ValueError, match="reflect"):
        conv2d(torch.ones(3, 3), torch.ones(2, 2), padding=3, padding_mode="reflect")
    with pytest.raises(ValueError, match="reflect"):
        pad2d(torch.ones(4, 2), (1, 2), "reflect")
    assert pad2d(torch.ones(4, 2), (1, 1), "reflect").shape == (6, 4)  # one less is fine


def test_circular_padding_cannot_wrap_twice():
    with pytest.raises(ValueError, match="circular"):
        pad2d(torch.ones(2, 2), 3, "circular")


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(stride=True),
        dict(stride=2.0),
        dict(stride=(1, True)),
        dict(stride=(1.0, 1)),
        dict(padding=1.0),
        dict(padding=False),
        dict(dilation=True),
        dict(groups=1.0),
        dict(groups=True),
        dict(stride=(1, 1, 1)),
        dict(padding="full"),
        dict(padding="same", stride=2),
        dict(padding_mode="mirror"),
        dict(stride=0),
        dict(dilation=0),
        dict(padding=-1),
        dict(groups=0),
        dict(bias=[1.0, 2.0]),
    ],
)
def test_conv2d_bad_arguments_are_value_errors(kwargs):
    # bool and float are not ints, even where Python would let them pass as 1 or 2
    with pytest.raises(ValueError, match=r"\S"):
        conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 2, 2), **kwargs)


# --------------------------------------------------------------------------- fuzz against torch


def deliberately_rejected(x, w, padding) -> str | None:
    """Why convcore refuses arguments that torch accepts, or None. Each reason is reported upstream."""
    if x.numel() == 0 or w.numel() == 0:
        return "empty input or weight (torch returns an empty result for a 0 batch or 0 channels)"
    pads = padding if isinstance(padding, tuple) else (padding,)
    if any(isinstance(p, int) and p < 0 for p in pads):
        return "negative padding (torch's non-zeros padding modes crop with it)"
    return None


def _int_or_pair(lo, hi):
    return st.one_of(st.integers(lo, hi), st.tuples(st.integers(lo, hi), st.integers(lo, hi)))


def _shape(min_rank, max_rank):
    return st.lists(st.integers(0, 4), min_size=min_rank, max_size=max_rank).map(tuple)


@FUZZ
@given(
    x_shape=st.one_of(_shape(2, 4), _shape(1, 5)),
    w_shape=st.one_of(_shape(4, 4), _shape(2, 2), _shape(1, 5)),
    bias=st.one_of(st.none(), st.integers(0, 4)),
    stride=_int_or_pair(-1, 4),
    padding=st.one_of(_int_or_pair(-2, 4), st.sampled_from(["same", "valid"])),
    dilation=_int_or_pair(-1, 4),
    groups=st.integers(-1, 4),
    padding_mode=st.sampled_from(MODES + ("bogus",)),
    seed=st.integers(0, 1000),
)
def test_conv2d_fuzz_against_torch(
    x_shape, w_shape, bias, stride, padding, dilation, groups, padding_mode, seed
):
    g = torch.Generator().manual_seed(seed)
    x, w = torch.randn(x_shape, generator=g), torch.randn(w_shape, generator=g)
    b = None if bias is None else torch.randn(bias, generator=g)
    kwargs = dict(
        bias=b, stride=stride, padding=padding, dilation=dilation, groups=groups, padding_mode=padding_mode
    )
    try:
        expected = torch_conv(x, w, **kwargs)
    except Exception:  # noqa: BLE001 - any torch failure means "torch rejects"
        expected = None
    try:
        actual = conv2d(x, w, **kwargs)
    except ValueError as error:
        assert str(error), "ValueError without a message"
        if expected is not None:
            reason = deliberately_rejected(x, w, padding)
            assert reason is not None, f"convcore rejects what torch accepts: {error}"
        return
    assert expected is not None, "convcore accepted arguments that torch rejects"
    torch.testing.assert_close(actual, expected, rtol=1e-5, atol=1e-5)


@FUZZ
@given(
    x_shape=st.one_of(_shape(2, 2), _shape(0, 3)),
    k_shape=st.one_of(_shape(2, 2), _shape(0, 3)),
    seed=st.integers(0, 1000),
)
def test_corr2d_fuzz_against_torch(x_shape, k_shape, seed):
    g = torch.Generator().manual_seed(seed)
    X, K = torch.randn(x_shape, generator=g), torch.randn(k_shape, generator=g)
    try:
        if X.dim() != 2 or K.dim() != 2:
            raise TypeError("not 2-D")  # corr2d is the 2-D function; torch has no 2-D-only form
        expected = F.conv2d(X[None, None], K[None, None])[0, 0]
        if expected.numel() == 0:
            raise RuntimeError(
                "empty result"
            )  # torch allows an empty input; an empty map is meaningless here
    except Exception:  # noqa: BLE001
        expected = None
    for func in (corr2d, corr2d_loops):
        try:
            actual = func(X, K)
        except ValueError as error:
            assert str(error)
            assert expected is None, f"{func.__name__} rejects what torch accepts: {error}"
            continue
        assert expected is not None, f"{func.__name__} accepted {x_shape} with {k_shape}"
        torch.testing.assert_close(actual, expected, rtol=1e-5, atol=1e-5)


@FUZZ
@given(
    x_shape=st.one_of(_shape(2, 4), _shape(1, 5)),
    padding=_int_or_pair(-2, 5),
    mode=st.sampled_from(MODES + ("bogus",)),
)
def test_pad2d_fuzz_against_torch(x_shape, padding, mode):
    x = torch.randn(x_shape)
    p = padding if isinstance(padding, tuple) else (padding, padding)
    try:
        if x.dim() not in (2, 3, 4):
            raise TypeError("pad2d works on (H, W), (C, H, W), (N, C, H, W)")
        x4 = x.reshape((1,) * (4 - x.dim()) + tuple(x.shape))
        expected = F.pad(x4, (p[1], p[1], p[0], p[0]), mode="constant" if mode == "zeros" else mode)
        expected = expected.reshape(x.shape[:-2] + expected.shape[-2:])
    except Exception:  # noqa: BLE001
        expected = None
    try:
        actual = pad2d(x, padding, mode)
    except ValueError as error:
        assert str(error)
        if expected is not None:
            # deliberate: negative padding (torch crops with it) and empty inputs, as conv2d and pool2d
            assert min(p) < 0 or x.numel() == 0, f"pad2d rejects what torch accepts: {error}"
        return
    assert expected is not None, "pad2d accepted arguments that torch rejects"
    torch.testing.assert_close(actual, expected)
