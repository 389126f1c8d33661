"""convcore.shapes against torch: output sizes, unread cells and the index map.

Output sizes are checked against the shapes torch's own convolutions return;
``window`` / ``window_map`` against ``F.unfold`` run on an input whose cells
hold their own ids, so every tap torch reads can be decoded back to (row, col).
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import convcore
from convcore import conv2d, conv_output_shape, conv_output_size, unread, window, window_map

MODES = ("zeros", "reflect", "replicate", "circular")
SWEEP = settings(max_examples=60, deadline=None, database=None)
FUZZ = settings(max_examples=150, deadline=None, database=None)


def _pair(value):
    return value if isinstance(value, tuple) else (value, value)


def torch_out_shape(input_size, kernel_size, stride=1, padding=0, dilation=1) -> tuple[int, int]:
    """The (H', W') that ``F.conv2d`` actually returns. Raises whatever torch raises."""
    x = torch.zeros((1, 1) + _pair(input_size))
    w = torch.zeros((1, 1) + _pair(kernel_size))
    return tuple(F.conv2d(x, w, stride=stride, padding=padding, dilation=dilation).shape[-2:])


def _int_or_pair(lo, hi):
    return st.one_of(st.integers(lo, hi), st.tuples(st.integers(lo, hi), st.integers(lo, hi)))


@st.composite
def window_params(draw):
    """Valid (input_size, kernel, stride, padding, dilation) with a non-empty output; ints or pairs."""
    kernel, stride = draw(_int_or_pair(1, 4)), draw(_int_or_pair(1, 3))
    padding, dilation = draw(_int_or_pair(0, 3)), draw(_int_or_pair(1, 3))
    sizes = []
    for k, p, d in zip(_pair(kernel), _pair(padding), _pair(dilation)):
        span = d * (k - 1) + 1
        sizes.append(max(1, span - 2 * p) + draw(st.integers(0, 5)))
    return tuple(sizes), kernel, stride, padding, dilation


# --------------------------------------------------------------------------- output sizes


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(kernel_size=3, padding=1), (8, 8)),  # d2l 6.3.1: padding k//2 on an odd kernel keeps the size
        (dict(kernel_size=(5, 3), padding=(2, 1)), (8, 8)),  # d2l: per-axis padding keeps it for a 5x3 kernel
        (dict(kernel_size=3, padding=1, stride=2), (4, 4)),  # d2l 6.3.2: stride 2 halves the size
        (dict(kernel_size=(3, 5), padding=(0, 1), stride=(3, 4)), (2, 2)),  # d2l: the uneven-stride example
    ],
)
def test_d2l_output_sizes(kwargs, expected):
    assert conv_output_shape((8, 8), **kwargs) == expected
    assert torch_out_shape((8, 8), **kwargs) == expected  # the hand numbers are torch's too
    weight = torch.ones(_pair(kwargs["kernel_size"]))
    rest = {k: v for k, v in kwargs.items() if k != "kernel_size"}
    assert conv2d(torch.ones(8, 8), weight, **rest).shape == expected


def test_conv_output_size_hand_cases():
    # the docstring case, and the bare formula at its edges
    assert conv_output_size(8, 3, stride=2, padding=1) == 4
    assert conv_output_size(5, 5) == 1  # kernel exactly fills the input: one output
    assert conv_output_size(1, 3, padding=1) == 1  # a 1-cell input survives a 3-kernel with padding 1
    assert conv_output_size(7, 3, dilation=3) == 1  # dilation 3 spans 7 cells
    assert conv_output_size(10, 1, stride=3) == 4  # rows 0, 3, 6, 9
    assert conv_output_size(9, 1, stride=3) == 3  # rows 0, 3, 6: floor, not ceil


@SWEEP
@given(window_params())
def test_conv_output_shape_matches_torch(params):
    size, kernel, stride, padding, dilation = params
    expected = torch_out_shape(size, kernel, stride, padding, dilation)
    assert conv_output_shape(size, kernel, stride, padding, dilation) == expected
    for axis in range(2):
        args = (
            size[axis],
            _pair(kernel)[axis],
            _pair(stride)[axis],
            _pair(padding)[axis],
            _pair(dilation)[axis],
        )
        assert conv_output_size(*args) == expected[axis]


@FUZZ
@given(
    size=st.integers(-2, 12),
    kernel=st.integers(-1, 6),
    stride=st.integers(-1, 4),
    padding=st.integers(-2, 4),
    dilation=st.integers(-1, 4),
)
def test_conv_output_size_fuzz_against_torch(size, kernel, stride, padding, dilation):
    # torch is asked about one axis (the other is 1 x 1): it either returns a size or raises
    try:
        x = torch.zeros(1, 1, size, 1)
        w = torch.zeros(1, 1, kernel, 1)
        expected = F.conv2d(x, w, stride=(stride, 1), padding=(padding, 0), dilation=(dilation, 1)).shape[2]
        if expected < 1:
            raise RuntimeError("empty output")
    except Exception:  # noqa: BLE001 - any torch failure means "torch rejects"
        expected = None
    try:
        actual = conv_output_size(size, kernel, stride, padding, dilation)
    except ValueError as error:
        assert str(error)
        assert expected is None, f"convcore rejects what torch accepts: {error}"
        return
    assert expected is not None, "conv_output_size accepted what torch rejects"
    assert actual == expected


@FUZZ
@given(
    size=_int_or_pair(-1, 9),
    kernel=_int_or_pair(-1, 5),
    stride=_int_or_pair(-1, 3),
    padding=_int_or_pair(-1, 3),
    dilation=_int_or_pair(-1, 3),
)
def test_conv_output_shape_and_window_map_fuzz_against_torch(size, kernel, stride, padding, dilation):
    try:
        expected = torch_out_shape(size, kernel, stride, padding, dilation)
        if min(expected) < 1:
            raise RuntimeError("empty output")
    except Exception:  # noqa: BLE001
        expected = None
    for func in (conv_output_shape, window_map):
        try:
            actual = func(size, kernel, stride, padding, dilation)
        except ValueError as error:
            assert str(error)
            assert expected is None, f"{func.__name__} rejects what torch accepts: {error}"
            continue
        assert expected is not None, f"{func.__name__} accepted what torch rejects"
        if func is conv_output_shape:
            assert actual == expected
        else:
            assert actual[0].shape == (expected[0], _pair(kernel)[0])
            assert actual[1].shape == (expected[1], _pair(kernel)[1])


def _error(func, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as info:
        func(*args, **kwargs)
    return str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "fragments"),
    [
        (dict(size=8, kernel_size=3, stride=0), ("stride", "0", ">= 1")),  # a zero step never moves
        (dict(size=8, kernel_size=3, dilation=0), ("dilation", "0", ">= 1")),  # taps on top of each other
        (dict(size=8, kernel_size=3, padding=-1), ("padding", "-1", ">= 0")),  # torch's conv has no cropping
        (dict(size=8, kernel_size=0), ("kernel_size", "0", ">= 1")),  # no kernel at all
        (dict(size=0, kernel_size=1), ("size", "0", ">= 1")),  # no input at all
        (dict(size=3, kernel_size=5), ("kernel_size", "5", "<= 3")),  # kernel overhangs the input
        (dict(size=3, kernel_size=3, dilation=2), ("kernel_size", "dilation", "<= 2")),  # dilated span 5 > 3
    ],
)
def test_conv_output_size_errors_name_parameter_value_and_range(kwargs, fragments):
    message = _error(conv_output_size, **kwargs)
    for fragment in fragments:
        assert fragment in message, (fragment, message)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(stride=True),  # bool is an int subclass: still not a stride
        dict(stride=2.0),  # a float, even a whole one, is not an int
        dict(padding=False),
        dict(dilation=1.0),
        dict(kernel_size=3.0),
        dict(kernel_size="3"),
        dict(kernel_size=None),
    ],
)
def test_conv_output_size_rejects_bool_and_float(kwargs):
    args = dict(size=8, kernel_size=3) | kwargs
    name = next(iter(kwargs))
    assert name in _error(conv_output_size, **args)


@pytest.mark.parametrize(
    "kwargs",
    [dict(stride=(1, True)), dict(padding=(1.0, 1)), dict(kernel_size=(3, 3, 3)), dict(input_size=(8,))],
)
def test_conv_output_shape_rejects_bad_pairs(kwargs):
    args = dict(input_size=(8, 8), kernel_size=3) | kwargs
    assert next(iter(kwargs)) in _error(conv_output_shape, **args)


# --------------------------------------------------------------------------- unread cells


def test_unread_hand_cases():
    assert unread(7, 2, stride=2) == 1  # windows at 0-1, 2-3, 4-5: the 7th cell is never read
    assert unread(6, 2, stride=2) == 0  # stride divides the travel: every cell read
    assert unread(8, 3, stride=2, padding=1) == 1  # the right padding cell is skipped, not a real one
    assert unread(9, 3, stride=3, dilation=2) == 1  # taps 0, 2, 4 and 3, 5, 7: the last cell, 8, is skipped


@SWEEP
@given(
    size=st.integers(1, 12),
    kernel=st.integers(1, 4),
    stride=st.integers(1, 4),
    padding=st.integers(0, 3),
    dilation=st.integers(1, 3),
)
def test_unread_matches_torch_gradient(size, kernel, stride, padding, dilation):
    # a cell torch never reads gets no gradient: count the trailing zero-gradient cells of the padded axis
    if dilation * (kernel - 1) + 1 > size + 2 * padding:
        return
    padded = torch.zeros(1, 1, size + 2 * padding, 1, requires_grad=True)
    F.conv2d(padded, torch.ones(1, 1, kernel, 1), stride=(stride, 1), dilation=(dilation, 1)).sum().backward()
    read = padded.grad[0, 0, :, 0].nonzero().flatten()
    expected = size + 2 * padding - 1 - int(read.max())
    assert unread(size, kernel, stride, padding, dilation) == expected


# --------------------------------------------------------------------------- window / window_map


def test_window_hand_cases():
    # the docstring: output row 1 with stride 2 starts at input row 1; column 0 starts in the padding
    assert window(1, 0, 2, stride=2, padding=1) == ((1, 2), (-1, 0))
    # padding cells are negative on the top/left: with padding 2 the first window is mostly padding
    assert window(0, 0, 3, padding=2) == ((-2, -1, 0), (-2, -1, 0))
    # dilation 2 spaces the taps two cells apart
    assert window(0, 1, 3, dilation=2) == ((0, 2, 4), (1, 3, 5))
    # per-axis stride and kernel: rows move 3 per output, columns 1
    assert window(2, 1, (2, 3), stride=(3, 1)) == ((6, 7), (1, 2, 3))
    # all together: row taps 1*2 - 1 + {0, 2}, column taps 3*1 - 0 + {0, 1, 2}
    assert window(1, 3, (2, 3), stride=(2, 1), padding=(1, 0), dilation=(2, 1)) == ((1, 3), (3, 4, 5))


def test_window_map_hand_cases():
    # the docstring case: a 2x2 kernel on a 3x3 input
    rows, cols = window_map((3, 3), 2)
    assert rows.tolist() == [[0, 1], [1, 2]]
    assert cols.tolist() == [[0, 1], [1, 2]]
    # d2l's 3x5 kernel with stride (3, 4) and padding (0, 1) on 8x8: two outputs per axis
    rows, cols = window_map((8, 8), (3, 5), stride=(3, 4), padding=(0, 1))
    assert rows.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert cols.tolist() == [[-1, 0, 1, 2, 3], [3, 4, 5, 6, 7]]


@SWEEP
@given(window_params())
def test_window_matches_torch_unfold(params):
    # ids 1..H*W go in, F.unfold says which id every tap of every output cell reads (0 = padding)
    size, kernel, stride, padding, dilation = params
    h, w = size
    kh, kw = _pair(kernel)
    ids = torch.arange(1, h * w + 1, dtype=torch.float64).reshape(1, 1, h, w)
    taps = F.unfold(ids, _pair(kernel), dilation=dilation, padding=padding, stride=stride)[0]
    out_h, out_w = torch_out_shape(size, kernel, stride, padding, dilation)
    assert taps.shape[1] == out_h * out_w
    rows_map, cols_map = window_map(size, kernel, stride, padding, dilation)
    assert rows_map.shape == (out_h, kh) and cols_map.shape == (out_w, kw)
    for i in range(out_h):
        for j in range(out_w):
            rows, cols = window(i, j, kernel, stride, padding, dilation)
            assert len(rows) == kh and len(cols) == kw
            assert list(rows) == rows_map[i].tolist() and list(cols) == cols_map[j].tolist()
            read = taps[:, i * out_w + j].reshape(kh, kw)
            for a, r in enumerate(rows):
                for b, c in enumerate(cols):
                    inside = 0 <= r < h and 0 <= c < w
                    assert int(read[a, b]) == (r * w + c + 1 if inside else 0), (i, j, a, b, r, c)


@SWEEP
@given(window_params(), st.sampled_from(MODES), st.integers(0, 2**31 - 1))
def test_window_times_kernel_is_the_output_cell(params, mode, seed):
    # the math panel's invariant: the cells window(i, j) names, read from the padded input,
    # times the kernel and summed, are conv2d's output cell (i, j) -- for every padding mode
    size, kernel, stride, padding, dilation = params
    (h, w), (kh, kw), (ph, pw) = size, _pair(kernel), _pair(padding)
    if mode == "reflect" and (ph >= h or pw >= w) or mode == "circular" and (ph > h or pw > w):
        return  # torch cannot pad that way; the error cases are tested elsewhere
    g = torch.Generator().manual_seed(seed)
    x, K = torch.randn(h, w, generator=g), torch.randn(kh, kw, generator=g)
    padded = F.pad(x[None, None], (pw, pw, ph, ph), mode="constant" if mode == "zeros" else mode)
    y = conv2d(x, K, stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
    expected = F.conv2d(padded, K[None, None], stride=stride, dilation=dilation)[0, 0]
    assert y.shape == expected.shape
    padded = padded[0, 0].double()
    for i in range(y.shape[0]):
        for j in range(y.shape[1]):
            rows, cols = window(i, j, kernel, stride, padding, dilation)
            patch = padded[[r + ph for r in rows]][:, [c + pw for c in cols]]
            cell = (patch * K.double()).sum()
            torch.testing.assert_close(y[i, j].double(), cell, rtol=1e-5, atol=1e-5)
            torch.testing.assert_close(expected[i, j].double(), cell, rtol=1e-5, atol=1e-5)


@FUZZ
@given(
    i=st.integers(-2, 6),
    j=st.integers(-2, 6),
    kernel=_int_or_pair(-1, 4),
    stride=_int_or_pair(-1, 3),
    padding=_int_or_pair(-2, 3),
    dilation=_int_or_pair(-1, 3),
)
def test_window_fuzz(i, j, kernel, stride, padding, dilation):
    # any ints: a (rows, cols) pair of int tuples when every argument is in range, else a ValueError
    valid = (
        i >= 0
        and j >= 0
        and min(_pair(kernel)) >= 1
        and min(_pair(stride)) >= 1
        and min(_pair(padding)) >= 0
        and min(_pair(dilation)) >= 1
    )
    try:
        rows, cols = window(i, j, kernel, stride, padding, dilation)
    except ValueError as error:
        assert str(error)
        assert not valid, f"window rejected valid arguments: {error}"
        return
    assert valid, "window accepted out-of-range arguments"
    assert (len(rows), len(cols)) == _pair(kernel)
    assert all(type(v) is int for v in rows + cols)


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ((-1, 0, 3), {}, "i"),
        ((0, -1, 3), {}, "j"),
        ((0, 0, 0), {}, "kernel_size"),
        ((0, 0, 3), dict(stride=0), "stride"),
        ((0, 0, 3), dict(stride=True), "stride"),
        ((0, 0, 3), dict(padding=-1), "padding"),
        ((0, 0, 3), dict(dilation=(1, 0)), "dilation"),
        ((0.0, 0, 3), {}, "i"),
    ],
)
def test_window_errors_name_the_parameter(args, kwargs, name):
    assert name in _error(window, *args, **kwargs)


def test_one_index_map_drives_every_walk():
    """Conv windows, pooling windows, transposed writes and field boxes are all read off ``index_map``."""
    from convcore.shapes import index_map

    X = torch.arange(30.0).reshape(5, 6)
    K = torch.ones(2, 3)
    conv = convcore.sliding_window(X, K, stride=(2, 1), padding=(1, 2), dilation=(2, 1))
    assert conv.rows.tolist() == index_map(range(conv.shape[0]), 2, 2, 1, 2).tolist()
    assert conv.cols.tolist() == index_map(range(conv.shape[1]), 3, 1, 2, 1).tolist()
    pool = convcore.pool_window(X, 2, stride=2, padding=1)
    assert pool.rows.tolist() == index_map(range(pool.output.shape[0]), 2, 2, 1, 1).tolist()
    walk = convcore.transposed_window(X[:2, :2], K, stride=2, padding=1)
    assert walk.rows.tolist() == index_map(range(2), 2, 2, 1, 1).tolist()  # input cell i writes these rows
    field = convcore.receptive_field([{"kind": "conv", "kernel_size": 3, "stride": 2, "padding": 1}] * 2)[-1]
    (top, left), (bottom, right) = field.region(1, 2)
    reads = index_map([1], field.size[0], field.stride[0], field.padding[0], 1)[0]
    assert (top, bottom) == (reads[0], reads[-1])
    # and torch agrees with the map: the conv reads exactly the unfolded columns
    padded = torch.nn.functional.pad(X, (2, 2, 1, 1))
    columns = torch.nn.functional.unfold(padded[None, None], (2, 3), dilation=(2, 1), stride=(2, 1))[0]
    first = columns[:, 0].reshape(2, 3)
    expected = padded[conv.rows[0][:, None] + 1, conv.cols[0][None, :] + 2]
    assert torch.equal(first, expected)
