"""The sliding window, step by step: what every output cell reads, multiplies and adds.

``sliding_window`` walks the window once per parameter change and keeps, for
every output cell, the values under the window, their products with the kernel
and the sum. The animation, the click highlight and the math panel all read
this one walk, so what they show is what was computed::

    Y[i, j] = sum_a sum_b P[i*s_h + a*d_h, j*s_w + b*d_w] * K[a, b] + bias

where P is the input padded as ``padding_mode`` says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from convcore import _args
from convcore.conv import pad2d
from convcore.errors import ConvError
from convcore.shapes import index_map, window_map
from convcore.spec import Spec


@dataclass(frozen=True)
class CellStep:
    """One output cell: where the window sits and the arithmetic that fills the cell."""

    i: int
    j: int
    rows: tuple[int, ...]  # input rows read, unpadded coordinates (padding < 0 or >= H)
    cols: tuple[int, ...]
    window: torch.Tensor  # (kh, kw) values under the window, padding values included
    kernel: torch.Tensor  # (kh, kw)
    products: torch.Tensor  # window * kernel, elementwise
    total: float  # products.sum()
    bias: float
    value: float  # total + bias: the output cell
    padding_reads: int  # how many of the window's cells fall in padding


class _Walk:
    """What every walk shares: its output shape, cell checks, and where the padding is."""

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.output.shape)

    def _check(self, i: int, j: int) -> None:
        h_out, w_out = self.shape
        if not (0 <= i < h_out and 0 <= j < w_out):
            raise ConvError("cell_outside", i=i, j=j, h=h_out, w=w_out)

    def is_padding(self) -> np.ndarray:
        """A boolean mask over ``padded``: True where the cell is padding, not input."""
        mask = np.ones(tuple(self.padded.shape), dtype=bool)
        top, left = self.offset
        height, width = self.input.shape
        mask[top : top + height, left : left + width] = False
        return mask


@dataclass(frozen=True)
class SlidingWindow(_Walk):
    """Every output cell of a 2-D cross-correlation, with the values each one read."""

    input: torch.Tensor  # (H, W)
    kernel: torch.Tensor  # (kh, kw)
    bias: float
    padded: torch.Tensor  # (H + top + bottom, W + left + right), filled per padding_mode
    offset: tuple[int, int]  # (top, left): padded[r + top, c + left] is input cell (r, c)
    rows: np.ndarray  # (H_out, kh) input rows each output row reads
    cols: np.ndarray  # (W_out, kw)
    windows: torch.Tensor  # (H_out, W_out, kh, kw)
    products: torch.Tensor  # (H_out, W_out, kh, kw)
    output: torch.Tensor  # (H_out, W_out) = products summed + bias
    spec: Spec  # the kernel size, stride, padding, dilation and padding mode it was walked with

    def cell(self, i: int, j: int) -> CellStep:
        """The arithmetic of output cell (i, j)."""
        self._check(i, j)
        products = self.products[i, j]
        total = float(products.sum())
        height, width = self.input.shape
        rows, cols = self.rows[i], self.cols[j]
        inside = int(((rows >= 0) & (rows < height)).sum()) * int(((cols >= 0) & (cols < width)).sum())
        return CellStep(
            i=i,
            j=j,
            rows=tuple(int(r) for r in self.rows[i]),
            cols=tuple(int(c) for c in self.cols[j]),
            window=self.windows[i, j],
            kernel=self.kernel,
            products=products,
            total=total,
            bias=self.bias,
            value=float(self.output[i, j]),
            padding_reads=len(rows) * len(cols) - inside,
        )


def sliding_window(
    input, weight, bias=0.0, stride=1, padding=0, dilation=1, padding_mode="zeros"
) -> SlidingWindow:
    """Walk the window over a 2-D input: per output cell, the window, the products and the sum.

    The output equals ``conv2d`` with the same arguments (up to float rounding).

    >>> walk = sliding_window([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])
    >>> walk.output.tolist()
    [[19.0, 25.0], [37.0, 43.0]]
    >>> walk.cell(1, 1).window.tolist()
    [[4.0, 5.0], [7.0, 8.0]]
    """
    X, K = _args.matrix(input, "input"), _args.matrix(weight, "weight")
    kernel_size = tuple(K.shape)
    rows, cols = window_map(tuple(X.shape), kernel_size, stride, padding, dilation)  # clear errors first
    _args.cells(len(rows) * len(cols) * K.numel(), "windows")
    stride = _args.pair(stride, "stride", 1)
    dilation = _args.pair(dilation, "dilation", 1)
    top, left = _args.pair(padding, "padding", 0)
    b = 0.0 if bias is None else _args.tensor(bias, "bias").reshape(-1)
    if bias is not None and b.numel() != 1:
        raise ConvError("bias_one_value", count=b.numel())
    b = 0.0 if bias is None else float(b[0])
    padded = pad2d(X, (top, left), padding_mode)
    columns = F.unfold(padded[None, None], kernel_size, dilation=dilation, stride=stride)
    windows = columns[0].T.reshape(len(rows), len(cols), *kernel_size)
    products = windows * K
    return SlidingWindow(
        input=X,
        kernel=K,
        bias=b,
        padded=padded,
        offset=(top, left),
        rows=rows,
        cols=cols,
        windows=windows,
        products=products,
        output=products.sum(dim=(-2, -1)) + b,
        spec=Spec(kernel_size, stride, (top, left), dilation, padding_mode),
    )


@dataclass(frozen=True)
class PoolStep:
    """One pooled cell: the window's values and how they reduce to the output."""

    i: int
    j: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    window: torch.Tensor  # (kh, kw); -inf (max) or 0 (avg) where the window is off the input
    mode: str  # "max" or "avg"
    value: float
    argmax: tuple[int, int] | None  # input (row, col) of the max, for mode "max"
    divisor: int | None  # the count the sum is divided by, for mode "avg"


@dataclass(frozen=True)
class PoolWindow(_Walk):
    """Every output cell of max or average pooling over a 2-D input, with the values each one read."""

    input: torch.Tensor  # (H, W)
    mode: str
    padded: torch.Tensor  # padding cells hold -inf for max, 0 for avg (they never win / add nothing)
    offset: tuple[int, int]
    rows: np.ndarray  # (H_out, kh)
    cols: np.ndarray  # (W_out, kw)
    windows: torch.Tensor  # (H_out, W_out, kh, kw)
    output: torch.Tensor  # (H_out, W_out)
    argmax: np.ndarray | None  # (H_out, W_out, 2) input coordinates of each max
    divisors: np.ndarray | None  # (H_out, W_out) for avg
    spec: Spec  # kernel size, stride, padding and dilation (padding_mode "zeros": torch's pooling padding)

    def cell(self, i: int, j: int) -> PoolStep:
        self._check(i, j)
        return PoolStep(
            i=i,
            j=j,
            rows=tuple(int(r) for r in self.rows[i]),
            cols=tuple(int(c) for c in self.cols[j]),
            window=self.windows[i, j],
            mode=self.mode,
            value=float(self.output[i, j]),
            argmax=None if self.argmax is None else tuple(int(v) for v in self.argmax[i, j]),
            divisor=None if self.divisors is None else int(self.divisors[i, j]),
        )


def pool_window(
    input,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode=False,
    mode="max",
    count_include_pad=True,
) -> PoolWindow:
    """Walk the pooling window over a 2-D input; the output equals ``pool2d`` with the same arguments.

    Average pooling divides each window's sum as torch does: by the window's size
    clipped to the padded input (``count_include_pad``), or to the real input.

    >>> walk = pool_window([[0, 1, 2], [3, 4, 5], [6, 7, 8]], 2, stride=1)
    >>> walk.output.tolist(), walk.cell(0, 0).argmax
    ([[4.0, 5.0], [7.0, 8.0]], (1, 1))
    """
    from convcore.pool import pool_args

    X = _args.matrix(input, "input")
    kernel, strides, paddings, dilations, out = pool_args(X.shape, kernel_size, stride, padding, dilation,
                                                          ceil_mode, mode)  # fmt: skip
    # ceil_mode may let the last window run past the padded input: pad that far too
    extra = [
        max(0, (n - 1) * s + d * (k - 1) + 1 - (size + 2 * p))
        for n, s, d, k, size, p in zip(out, strides, dilations, kernel, X.shape, paddings)
    ]
    _args.cells(out[0] * out[1] * kernel[0] * kernel[1], "windows")
    _args.cells(
        (X.shape[0] + 2 * paddings[0] + extra[0]) * (X.shape[1] + 2 * paddings[1] + extra[1]), "padded_input"
    )
    (ph, pw), fill = paddings, (-math.inf if mode == "max" else 0.0)
    padded = F.pad(X[None, None], (pw, pw + extra[1], ph, ph + extra[0]), value=fill)[0, 0]
    rows, cols = (
        index_map(np.arange(n), k, s, p, d)
        for n, s, p, k, d in zip(out, strides, paddings, kernel, dilations)
    )
    # every window's cells, gathered through the index map (padded coordinates: shift by the padding)
    windows = padded[(rows + ph)[:, None, :, None], (cols + pw)[None, :, None, :]]
    argmax = divisors = None
    flat = windows.reshape(out[0], out[1], -1)
    if mode == "max":
        output = flat.amax(dim=-1)
        index = flat.argmax(dim=-1).numpy()
        a, b = np.divmod(index, kernel[1])
        argmax = np.stack([rows[np.arange(out[0])[:, None], a], cols[np.arange(out[1])[None, :], b]], axis=-1)
    else:
        spans = []
        for n, s, p, k, size in zip(out, strides, paddings, kernel, X.shape):
            start = index_map(np.arange(n), 1, s, p, 1)[:, 0]  # each window's first cell
            end = np.minimum(start + k, size + p)
            full = end - start
            clipped = np.minimum(end, size) - np.maximum(start, 0)
            spans.append(full if count_include_pad else clipped)
        divisors = spans[0][:, None] * spans[1][None, :]
        output = flat.sum(dim=-1) / torch.from_numpy(divisors).to(torch.float32)
    return PoolWindow(
        input=X,
        mode=mode,
        padded=padded[: X.shape[0] + 2 * ph, : X.shape[1] + 2 * pw] if not any(extra) else padded,
        offset=(ph, pw),
        rows=rows,
        cols=cols,
        windows=windows,
        output=output,
        argmax=argmax,
        divisors=divisors,
        spec=Spec(tuple(kernel), tuple(strides), tuple(paddings), tuple(dilations)),
    )


@dataclass(frozen=True)
class ChannelWindow:
    """A multi-channel convolution, walked: per output channel, one walk per input channel it reads."""

    walks: list[
        list[SlidingWindow]
    ]  # walks[o][n]: input channel reads[o][n] with kernel weight[o, n], no bias
    bias: torch.Tensor  # (O,)
    output: torch.Tensor  # (O, H', W') = sum over n of walks[o][n].output + bias[o]
    groups: int = 1
    reads: tuple[tuple[int, ...], ...] = ()  # reads[o]: the input channels output channel o sums over

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.output.shape[-2:])

    @property
    def spec(self) -> Spec:
        """The parameters every channel's walk shares."""
        return self.walks[0][0].spec

    def cells(self, o: int, i: int, j: int) -> list[CellStep]:
        """The arithmetic of output (o, i, j), one step per input channel it reads; add the totals and bias[o]."""
        return [walk.cell(i, j) for walk in self.walks[o]]


def channel_window(
    input, weight, bias=None, stride=1, padding=0, dilation=1, padding_mode="zeros", groups=1
) -> ChannelWindow:
    """Walk a (C, H, W) input with an (O, C / groups, kh, kw) weight: the output equals ``conv2d``.

    Each output channel is the sum, over the input channels of its group, of a 2-D cross-correlation,
    plus that channel's bias. With ``groups`` g, output channel o reads input channels
    ``(o // (O / g)) * (C / g)`` onwards, C / g of them (``groups = C``: depthwise).

    >>> X = torch.stack([torch.arange(9.0).reshape(3, 3), torch.arange(1.0, 10.0).reshape(3, 3)])
    >>> K = torch.tensor([[[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]])
    >>> channel_window(X, K).output.tolist()  # d2l's multi-input-channel example
    [[[56.0, 72.0], [104.0, 120.0]]]
    >>> channel_window(X, K.reshape(2, 1, 2, 2), groups=2).reads
    ((0,), (1,))
    """
    X, W = _args.tensor(input, "input"), _args.tensor(weight, "weight")
    groups = _args.integer(groups, "groups", 1)
    if X.dim() != 3 or W.dim() != 4:
        raise ConvError("channel_shapes", input_shape=tuple(X.shape), weight_shape=tuple(W.shape))
    if X.numel() == 0 or W.numel() == 0:
        raise ConvError("empty_input_or_weight", input_shape=tuple(X.shape), weight_shape=tuple(W.shape))
    channels, out_channels = X.shape[0], W.shape[0]
    _args.groups_divide(groups, channels, out_channels)
    if channels != W.shape[1] * groups:
        raise ConvError("channels_mismatch", channels=channels, expected=W.shape[1] * groups)
    b = torch.zeros(out_channels) if bias is None else _args.tensor(bias, "bias").reshape(-1)
    if b.numel() != out_channels:
        raise ConvError("bias_per_channel", out_channels=out_channels, count=b.numel())
    reads = _args.group_reads(channels, out_channels, groups)
    walks = [
        [
            sliding_window(X[c], W[o, n], 0.0, stride, padding, dilation, padding_mode)
            for n, c in enumerate(reads[o])
        ]
        for o in range(out_channels)
    ]
    output = torch.stack([sum(walk.output for walk in row) + b[o] for o, row in enumerate(walks)])
    return ChannelWindow(walks=walks, bias=b, output=output, groups=groups, reads=reads)
