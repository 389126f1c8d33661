"""Convolution as a matrix multiply: convcore's unfold and conv_matrix against torch (the oracle).

Hypothesis sweeps unfold against ``F.unfold`` (every input rank, kernel, stride, padding, dilation) and
checks that the dense matrix C computes ``F.conv2d`` and its transpose ``F.conv_transpose2d`` with the
output_padding that gives the input's shape back. Hand-computed cases say why each matters.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convcore
from convcore import ConvError
from convcore.matmul import MAX_MATRIX_CELLS

SWEEP = settings(max_examples=80, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
PAIR = st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3)))
PADDING = st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2)))

# a window wider than the padded input: with a dilation to lower, or without one (dilation 1)
WINDOW_TOO_BIG = ("window_too_big", "window_too_big_undilated")


def pair(value) -> tuple[int, int]:
    return value if isinstance(value, tuple) else (value, value)


def fits(size, kernel, stride, padding, dilation) -> bool:
    """The window fits the padded input along both axes (torch and convcore both refuse otherwise)."""
    return all(
        d * (k - 1) + 1 <= n + 2 * p for n, k, p, d in zip(size, pair(kernel), pair(padding), pair(dilation))
    )


def refused(call) -> ConvError:
    with pytest.raises(ConvError) as info:
        call()
    return info.value


# --- unfold (im2col) -----------------------------------------------------------------------------------------


@SWEEP
@given(
    rank=st.sampled_from([2, 3, 4]),
    n=st.integers(1, 2),
    c=st.integers(1, 3),
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    kernel=PAIR,
    stride=PAIR,
    padding=PADDING,
    dilation=PAIR,
    seed=st.integers(0, 1000),
)
def test_unfold_equals_torch_for_every_rank(rank, n, c, h, w, kernel, stride, padding, dilation, seed):
    X = torch.randn(n, c, h, w, generator=torch.Generator().manual_seed(seed))
    if not fits((h, w), kernel, stride, padding, dilation):
        error = refused(lambda: convcore.unfold(X, kernel, dilation, padding, stride))
        assert error.key in WINDOW_TOO_BIG
        return
    expected = F.unfold(X, kernel, dilation, padding, stride)
    shaped = {4: X, 3: X[0], 2: X[0, 0]}[rank]
    result = convcore.unfold(shaped, kernel, dilation, padding, stride)
    if rank == 4:
        assert torch.equal(result, expected)
    elif rank == 3:
        assert torch.equal(result, expected[0])
        assert torch.equal(
            result, F.unfold(X[0], kernel, dilation, padding, stride)
        )  # torch's unbatched form
    else:
        assert torch.equal(result, F.unfold(X[:1, :1], kernel, dilation, padding, stride)[0])


def test_unfold_of_d2l_3x3_input_is_one_column_per_window():
    # d2l 7.2's 3x3 input and 2x2 kernel: four windows, each a column read row by row; the kernel as a row
    # times these columns is the 2x2 output [[19, 25], [37, 43]]: the GEMM libraries run instead of the loop
    X = torch.arange(9.0).reshape(3, 3)
    columns = convcore.unfold(X, 2)
    assert columns.tolist() == [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    assert (K.reshape(1, -1) @ columns).reshape(2, 2).tolist() == [[19, 25], [37, 43]]


def test_unfold_pads_with_zeros_and_dilation_skips_cells():
    # padding 1 on a 2x2 input: the first window is mostly padding (zeros), so the corner reads only X[0, 0]
    X = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert convcore.unfold(X, 2, padding=1)[:, 0].tolist() == [0, 0, 0, 1]
    # dilation 2 on a 1x5 row: a 2-tap window reads cells 0 and 2, 1 and 3, 2 and 4 (it skips one between)
    assert convcore.unfold(torch.arange(5.0)[None], (1, 2), dilation=(1, 2)).tolist() == [
        [0, 1, 2],
        [2, 3, 4],
    ]


def test_unfold_times_the_kernel_row_is_conv2d_with_channels():
    # the whole point of im2col: one matrix product computes every output channel at every window
    g = torch.Generator().manual_seed(0)
    X, W = torch.randn(3, 6, 5, generator=g), torch.randn(4, 3, 3, 2, generator=g)
    columns = convcore.unfold(X, (3, 2), dilation=(1, 2), padding=1, stride=2)
    out = convcore.conv2d(X, W, stride=2, padding=1, dilation=(1, 2))
    torch.testing.assert_close((W.reshape(4, -1) @ columns).reshape(out.shape), out)


def test_unfold_refuses_bad_arguments_with_conv_errors():
    X = torch.ones(3, 3)
    assert refused(lambda: convcore.unfold(torch.ones(3), 2)).key == "conv_input_shape"
    assert refused(lambda: convcore.unfold(torch.ones(1, 1, 1, 3, 3), 2)).key == "conv_input_shape"
    assert refused(lambda: convcore.unfold(torch.ones(0, 3), 1)).key == "empty"
    error = refused(lambda: convcore.unfold(X, 0))
    assert (error.key, error.param) == ("too_small", "kernel_size")
    assert refused(lambda: convcore.unfold(X, 2, stride=0)).param == "stride"
    assert refused(lambda: convcore.unfold(X, 2, padding=-1)).param == "padding"
    assert refused(lambda: convcore.unfold(X, 2, dilation=(1, 0))).param == "dilation"
    error = refused(lambda: convcore.unfold(X, 4))
    assert (error.key, error.values["axis"]) == ("window_too_big_undilated", "height")  # no dilation to lower
    assert refused(lambda: convcore.unfold([["a"]], 1)).key == "not_numeric"


# --- the matrix C and its transpose --------------------------------------------------------------------------


@SWEEP
@given(
    channels=st.integers(1, 3),
    out_channels=st.integers(1, 3),
    two_d=st.booleans(),
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    kernel=PAIR,
    stride=PAIR,
    padding=PADDING,
    dilation=PAIR,
    seed=st.integers(0, 1000),
)
def test_conv_matrix_is_conv2d_and_its_transpose_is_conv_transpose2d(
    channels, out_channels, two_d, h, w, kernel, stride, padding, dilation, seed
):
    g = torch.Generator().manual_seed(seed)
    kh, kw = pair(kernel)
    if two_d:  # one channel: (H, W) and a (kh, kw) kernel
        channels = out_channels = 1
        size, W = (h, w), torch.randn(kh, kw, generator=g)
    else:
        size, W = (channels, h, w), torch.randn(out_channels, channels, kh, kw, generator=g)
    W4 = W.reshape(out_channels, channels, kh, kw)
    if not fits((h, w), kernel, stride, padding, dilation):
        assert refused(lambda: convcore.conv_matrix(size, W, stride, padding, dilation)).key in WINDOW_TOO_BIG
        return
    C = convcore.conv_matrix(size, W, stride, padding, dilation)
    X = torch.randn(1, channels, h, w, generator=g)
    Y = F.conv2d(X, W4, None, stride, padding, dilation)
    assert C.shape == (Y.numel(), X.numel())
    torch.testing.assert_close(C @ X.flatten(), Y.flatten(), rtol=1e-4, atol=1e-5)
    # C^T: the transposed convolution with the output_padding that gives (h, w) back
    a = tuple(
        convcore.round_trip_output_padding(n, k, s, p, d)
        for n, k, s, p, d in zip((h, w), (kh, kw), pair(stride), pair(padding), pair(dilation))
    )
    Z = torch.randn(Y.shape, generator=g)
    back = F.conv_transpose2d(Z, W4, None, stride, padding, a, 1, dilation)
    assert back.shape == X.shape
    torch.testing.assert_close(C.T @ Z.flatten(), back.flatten(), rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(
        (C.T @ Z.flatten()).reshape(back.shape),
        convcore.conv_transpose2d(Z, W4, None, stride, padding, a, 1, dilation),
        rtol=1e-4,
        atol=1e-5,
    )


def test_the_matrix_of_d2l_example_is_banded_and_mostly_zeros():
    # Dumoulin & Visin 4.1's picture: a 3x3 input, a 2x2 kernel, no padding. Each of the 4 rows holds the
    # 4 weights where its window sits and 5 zeros; the band shifts one cell per step and jumps a row's width
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    C = convcore.conv_matrix((3, 3), K)
    assert C.tolist() == [
        [0, 1, 0, 2, 3, 0, 0, 0, 0],
        [0, 0, 1, 0, 2, 3, 0, 0, 0],
        [0, 0, 0, 0, 1, 0, 2, 3, 0],
        [0, 0, 0, 0, 0, 1, 0, 2, 3],
    ]
    assert int((C != 0).sum()) == 12  # 4 windows x 3 non-zero weights (K[0, 0] is 0)
    # the transpose scatters each output back: d2l 14.10's transposed convolution of [[0, 1], [2, 3]]
    assert (C.T @ torch.tensor([0.0, 1.0, 2.0, 3.0])).reshape(3, 3).tolist() == [
        [0, 0, 1],
        [0, 4, 6],
        [4, 12, 9],
    ]


def test_padding_cells_drop_out_of_the_matrix():
    # padding adds no columns: C has one column per real input cell; a window over the padding just has
    # fewer weights. A 1x1 input, 3x3 kernel, padding 1: the one output reads only the centre weight
    K = torch.arange(1.0, 10.0).reshape(3, 3)
    assert convcore.conv_matrix((1, 1), K, padding=1).tolist() == [[5.0]]


def test_stride_with_unread_cells_needs_output_padding_to_go_back():
    # a 4x4 input, kernel 2, stride 3: one window (a second would need row 4), so rows and columns 2-3 are
    # never read and their columns of C are all zeros; C^T still gives a 4x4 map because output_padding 2
    # (round_trip_output_padding) puts the cells the floor dropped back
    C = convcore.conv_matrix((4, 4), torch.ones(2, 2), stride=3)
    assert C.shape == (1, 16)
    assert C.reshape(4, 4).tolist() == [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert convcore.round_trip_output_padding(4, 2, stride=3) == 2


def test_conv_matrix_with_channels_stacks_one_block_per_channel_pair():
    # two input channels, one output: the row reads both channels' windows, so C is [C_0 | C_1]
    W = torch.stack([torch.ones(2, 2), -torch.ones(2, 2)])[None]  # (1, 2, 2, 2)
    C = convcore.conv_matrix((2, 2, 2), W)
    assert C.tolist() == [[1, 1, 1, 1, -1, -1, -1, -1]]


def test_conv_matrix_refuses_bad_arguments_with_conv_errors():
    K = torch.ones(2, 2)
    for size in ((3,), (1, 2, 3, 4), 3, "3x3"):
        error = refused(lambda size=size: convcore.conv_matrix(size, K))
        assert (error.key, error.param) == ("input_size_shape", "input_size")
    assert refused(lambda: convcore.conv_matrix((0, 3), K)).param == "input_size"
    assert refused(lambda: convcore.conv_matrix((2.5, 3), K)).key == "not_int"
    error = refused(lambda: convcore.conv_matrix((3, 3), torch.ones(2)))
    assert (error.key, error.param) == ("matrix_weight_shape", "weight")
    assert refused(lambda: convcore.conv_matrix((3, 3), torch.ones(0, 2))).key == "empty"
    error = refused(lambda: convcore.conv_matrix((2, 3, 3), torch.ones(1, 3, 2, 2)))
    assert (error.key, error.values) == ("channels_mismatch", {"channels": 2, "expected": 3})
    assert refused(lambda: convcore.conv_matrix((3, 3), K, stride=0)).param == "stride"
    assert refused(lambda: convcore.conv_matrix((3, 3), K, padding=-1)).param == "padding"
    assert refused(lambda: convcore.conv_matrix((3, 3), K, dilation=0)).param == "dilation"
    assert refused(lambda: convcore.conv_matrix((3, 3), torch.ones(4, 4))).key == "window_too_big_undilated"


def test_a_matrix_too_large_to_draw_is_refused_with_its_size():
    # 16x16 with padding 1 keeps the size: 256 x 256 = 65,536 cells, the most C holds; 17x17 is past it
    assert convcore.conv_matrix((16, 16), torch.ones(3, 3), padding=1).shape == (256, 256)
    error = refused(lambda: convcore.conv_matrix((17, 17), torch.ones(3, 3), padding=1))
    assert error.key == "matrix_too_big" and error.param == "input_size"
    assert error.values == {"rows": 289, "columns": 289, "count": 289 * 289, "limit": MAX_MATRIX_CELLS}
    assert "289 x 289" in str(error)


# --- the page's view: im2col, C and C^T together --------------------------------------------------------------


@SWEEP
@given(
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    kernel=PAIR,
    stride=PAIR,
    padding=PADDING,
    dilation=PAIR,
    bias=st.sampled_from([0.0, 1.5]),
    seed=st.integers(0, 1000),
)
def test_matmul_view_agrees_with_torch_three_ways(h, w, kernel, stride, padding, dilation, bias, seed):
    g = torch.Generator().manual_seed(seed)
    X, K = torch.randn(h, w, generator=g), torch.randn(*pair(kernel), generator=g)
    if not fits((h, w), kernel, stride, padding, dilation):
        assert (
            refused(lambda: convcore.matmul_view(X, K, bias, stride, padding, dilation)).key in WINDOW_TOO_BIG
        )
        return
    view = convcore.matmul_view(X, K, bias, stride, padding, dilation)
    expected = F.conv2d(X[None, None], K[None, None], torch.tensor([bias]), stride, padding, dilation)[0, 0]
    torch.testing.assert_close(view.output, expected, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(view.matrix @ X.flatten() + bias, expected.flatten(), rtol=1e-4, atol=1e-5)
    assert torch.equal(view.columns, F.unfold(X[None, None], pair(kernel), dilation, padding, stride)[0])
    back, scattered = view.transpose(expected)
    torch.testing.assert_close(back, scattered, rtol=1e-4, atol=1e-4)
    assert back.shape == X.shape
    costs = view.costs()
    assert costs["gemm"] == costs["direct"] == expected.numel() * K.numel()
    assert costs["nonzero"] <= costs["gemm"]  # taps over padding are not in C
    assert view.window(view.windows - 1) == (expected.shape[0] - 1, expected.shape[1] - 1)


def test_matmul_view_costs_of_d2l_example():
    # 3x3 input, 2x2 kernel: 4 windows x 4 taps = 16 multiply-adds by GEMM or loop, 36 if C were dense, and
    # im2col stores 16 cells for a 9-cell input (each inner cell copied into up to 4 columns)
    view = convcore.matmul_view(torch.arange(9.0).reshape(3, 3), [[0.0, 1.0], [2.0, 3.0]])
    assert view.costs() == {"gemm": 16, "direct": 16, "dense": 36, "nonzero": 16, "columns": 16, "input": 9}
    assert view.output.tolist() == [[19, 25], [37, 43]]
    assert view.window(2) == (1, 0)


def test_matmul_view_refuses_bad_arguments():
    view = convcore.matmul_view(torch.ones(3, 3), torch.ones(2, 2))
    assert refused(lambda: view.window(4)).key == "cell_outside"
    error = refused(lambda: view.transpose(torch.ones(3, 3)))
    assert (error.key, error.param) == ("grads_shape", "grads")
    assert refused(lambda: convcore.matmul_view(torch.ones(3, 3), torch.ones(2, 2), bias="x")).param == "bias"
    assert refused(lambda: convcore.matmul_view(torch.ones(2, 2, 2), torch.ones(2, 2))).key == "not_2d"
    assert refused(lambda: convcore.matmul_view(torch.ones(20, 20), torch.ones(1, 1))).key == "matrix_too_big"


@settings(max_examples=40, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(h=st.integers(1, 5), w=st.integers(1, 5), kernel=PAIR, stride=PAIR, padding=PADDING, dilation=PAIR)
def test_the_hover_links_are_torchs_unfold_and_autograd(h, w, kernel, stride, padding, dilation):
    # the page's hover links: the input cell each column cell copies (torch's unfold of each one-hot input
    # is the oracle), the cells a window reads (autograd through torch's conv2d) and the windows a cell feeds
    if not fits((h, w), kernel, stride, padding, dilation):
        return
    view = convcore.matmul_view(torch.ones(h, w), torch.ones(*pair(kernel)), 0.0, stride, padding, dilation)
    sources = view.sources()
    for cell in range(h * w):
        onehot = torch.zeros(1, 1, h, w)
        onehot.view(-1)[cell] = 1
        held = F.unfold(onehot, pair(kernel), dilation, padding, stride)[0] != 0
        assert torch.equal(sources == cell, held)
    assert bool(((sources >= -1) & (sources < h * w)).all())
    X = torch.ones(1, 1, h, w, requires_grad=True)
    Y = F.conv2d(X, torch.ones(1, 1, *pair(kernel)), None, stride, padding, dilation).flatten()
    readers = {cell: [] for cell in range(h * w)}
    for index in range(view.windows):
        (grad,) = torch.autograd.grad(Y[index], X, retain_graph=True)
        reads = torch.nonzero(grad.flatten()).flatten().tolist()
        assert view.window_reads(index) == reads
        assert sorted(set(sources[:, index].tolist()) - {-1}) == reads
        for cell in reads:
            readers[cell].append(index)
    assert all(view.readers(cell) == readers[cell] for cell in readers)


def test_the_hover_links_of_d2l_example():
    # 3x3 input, 2x2 kernel: the centre cell 4 sits in every column (the last tap of window 0, the first
    # of window 3), a corner in one; padding 1 puts -1 (padding) into the corner window's first three taps
    view = convcore.matmul_view(torch.arange(9.0).reshape(3, 3), [[0.0, 1.0], [2.0, 3.0]])
    assert view.sources().tolist() == [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]
    assert view.readers(4) == [0, 1, 2, 3] and view.readers(0) == [0] and view.window_reads(3) == [4, 5, 7, 8]
    padded = convcore.matmul_view(torch.ones(3, 3), torch.ones(2, 2), padding=1)
    assert padded.sources()[:, 0].tolist() == [-1, -1, -1, 0]
    assert refused(lambda: view.readers(9)).key == "cell_outside"
    assert refused(lambda: view.window_reads(4)).key == "cell_outside"
