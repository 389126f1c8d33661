"""The sliding window, step by step: what every output cell reads, multiplies and adds.

``sliding_window`` walks the window once per parameter change and keeps, for
every output cell, the values under the window, their products with the kernel
and the sum. The animation, the click highlight and the math panel all read
this one walk, so what they show is what was computed::

    Y[i, j] = sum_a sum_b P[i*s_h + a*d_h, j*s_w + b*d_w] * K[a, b] + bias

where P is the input padded as ``padding_mode`` says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from convcore import _args
from convcore.conv import pad2d
from convcore.shapes import window_map


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


@dataclass(frozen=True)
class SlidingWindow:
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

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.output.shape)

    def cell(self, i: int, j: int) -> CellStep:
        """The arithmetic of output cell (i, j)."""
        h_out, w_out = self.shape
        if not (0 <= i < h_out and 0 <= j < w_out):
            raise ValueError(f"cell ({i}, {j}) is outside the output, whose shape is {h_out} x {w_out}")
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

    def is_padding(self) -> np.ndarray:
        """A boolean mask over ``padded``: True where the cell is padding, not input."""
        mask = np.ones(tuple(self.padded.shape), dtype=bool)
        top, left = self.offset
        height, width = self.input.shape
        mask[top : top + height, left : left + width] = False
        return mask


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
    stride = _args.pair(stride, "stride", 1)
    dilation = _args.pair(dilation, "dilation", 1)
    top, left = _args.pair(padding, "padding", 0)
    b = 0.0 if bias is None else float(_args.tensor(bias, "bias").reshape(-1)[0])
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
    )
