"""Transposed convolution: every input cell scatters a scaled copy of the kernel; overlaps are summed.

torch's ``conv_transpose2d`` (``nn.ConvTranspose2d``), one axis at a time::

    out = (size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1

Input cell ``i`` writes output cells ``i * stride + a * dilation - padding`` (``a`` over the kernel);
cells that land outside ``0 .. out - 1`` (the padding) are dropped. The same numbers come from a direct
convolution: ``stride - 1`` zeros inserted between input cells, ``dilation * (k - 1) - padding`` cells of
zeros around (``output_padding`` more at the bottom and right), and the kernel rotated 180 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from convcore import _args
from convcore.errors import ConvError
from convcore.shapes import _along, conv_output_size, index_map


def conv_transpose_output_size(size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1) -> int:
    """Output length along one axis of a transposed convolution, as torch computes it.

    >>> conv_transpose_output_size(2, 2), conv_transpose_output_size(4, 3, stride=2, padding=1, output_padding=1)
    (3, 8)
    """
    return _transpose_size(size, kernel_size, stride, padding, output_padding, dilation, None)


def _transpose_size(size, kernel_size, stride, padding, output_padding, dilation, axis: int | None) -> int:
    size = _args.integer(size, "size", 1)
    kernel_size = _args.integer(kernel_size, "kernel_size", 1)
    stride = _args.integer(stride, "stride", 1)
    padding = _args.integer(padding, "padding", 0)
    output_padding = _args.integer(output_padding, "output_padding", 0)
    dilation = _args.integer(dilation, "dilation", 1)
    if output_padding >= max(stride, dilation):
        raise ConvError(
            "output_padding_too_big", output_padding=output_padding, largest=max(stride, dilation)
        )
    out = (size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1
    if out < 1:
        raise _along(axis, "transpose_empty", out=out, padding=padding, full=out + 2 * padding)
    return out


def conv_transpose_output_shape(input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    """(h_out, w_out) for an (h, w) input: ``conv_transpose_output_size`` on each axis."""
    values = zip(
        _args.pair(input_size, "input_size", 1),
        _args.pair(kernel_size, "kernel_size", 1),
        _args.pair(stride, "stride", 1),
        _args.pair(padding, "padding", 0),
        _args.pair(output_padding, "output_padding", 0),
        _args.pair(dilation, "dilation", 1),
    )
    return tuple(_transpose_size(*args, axis) for axis, args in enumerate(values))


def round_trip_output_padding(size, kernel_size, stride=1, padding=0, dilation=1) -> int:
    """The output_padding with which ConvTranspose2d, after a Conv2d of the same parameters, gives back ``size``.

    Conv2d's floor drops ``(size + 2p - d(k - 1) - 1) mod stride`` cells; output_padding puts them back.

    >>> round_trip_output_padding(5, 3, stride=2, padding=1), round_trip_output_padding(6, 3, stride=2, padding=1)
    (0, 1)
    """
    size = _args.integer(size, "size", 1)
    stride = _args.integer(stride, "stride", 1)
    out = conv_output_size(size, kernel_size, stride, padding, dilation)
    return size - ((out - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + 1)


def conv_transpose2d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> torch.Tensor:
    """The same numbers as ``torch.nn.functional.conv_transpose2d`` (``nn.ConvTranspose2d``).

    ``input`` is (N, C, H, W), (C, H, W) or (H, W); ``weight`` is (C, O / groups, kh, kw), or a 2-D (kh, kw)
    kernel for one channel in and out. The output keeps the input's rank, as ``conv2d``'s does.

    >>> conv_transpose2d([[0.0, 1.0], [2.0, 3.0]], [[0.0, 1.0], [2.0, 3.0]])  # d2l 14.10
    tensor([[ 0.,  0.,  1.],
            [ 0.,  4.,  6.],
            [ 4., 12.,  9.]])
    """
    X = _args.tensor(input, "input")
    W = _args.tensor(weight, "weight")
    groups = _args.integer(groups, "groups", 1)
    X4, W, rank = _args.batched(X, W, "transpose_weight_shape")
    channels = X4.shape[1]
    # the weight is (C, O/groups, kh, kw): groups must divide its input channels and the input's
    _args.groups_divide(groups, channels if W.shape[0] % groups == 0 else W.shape[0], W.shape[1] * groups)
    if W.shape[0] != channels:
        raise ConvError("transpose_channels", channels=channels, expected=W.shape[0])
    out_channels = W.shape[1] * groups
    out = conv_transpose_output_shape(tuple(X4.shape[-2:]), tuple(W.shape[-2:]), stride, padding, output_padding,
                                      dilation)  # fmt: skip
    _args.cells(X4.shape[0] * out_channels * out[0] * out[1], "output")
    b = _args.bias_vector(bias, out_channels)
    Y = F.conv_transpose2d(X4, W, b, _args.pair(stride, "stride", 1), _args.pair(padding, "padding", 0),
                           _args.pair(output_padding, "output_padding", 0), groups,
                           _args.pair(dilation, "dilation", 1))  # fmt: skip
    return _args.unbatched(Y, rank)


@dataclass(frozen=True)
class ScatterStep:
    """One input cell's turn: the output cells it writes, the weight on each and what it adds."""

    i: int
    j: int
    value: float  # the input cell
    rows: tuple[int, ...]  # output rows written (kernel row a writes rows[a]); < 0 or >= H_out is dropped
    cols: tuple[int, ...]
    products: torch.Tensor  # (kh, kw) value * kernel


@dataclass(frozen=True)
class TransposedWalk:
    """A 2-D transposed convolution, walked input cell by input cell, and the direct convolution equal to it."""

    input: torch.Tensor  # (H, W)
    kernel: torch.Tensor  # (kh, kw)
    stride: tuple[int, int]
    padding: tuple[int, int]
    output_padding: tuple[int, int]
    dilation: tuple[int, int]
    rows: np.ndarray  # (H, kh): output row that input row i writes with kernel row a (unpadded coordinates)
    cols: np.ndarray  # (W, kw)
    products: torch.Tensor  # (H, W, kh, kw): input[i, j] * kernel
    canvas: torch.Tensor  # every cell any input cell writes, summed, before padding crops it
    offset: tuple[int, int]  # (top, left): canvas[r + top, c + left] is output cell (r, c)
    running: torch.Tensor  # (H, W, kh, kw): the canvas cell's sum right after input cell (i, j) wrote it
    output: torch.Tensor  # (H_out, W_out): equals conv_transpose2d
    zero_inserted: torch.Tensor  # the input with stride - 1 zeros between cells, padded for the direct conv
    original: np.ndarray  # (H, W, 2): where each input cell sits in ``zero_inserted``
    border: tuple[int, int, int, int]  # (top, bottom, left, right) zeros around; < 0 crops
    rotated: torch.Tensor  # the kernel rotated 180 degrees
    direct: torch.Tensor  # conv2d(zero_inserted, rotated, dilation=dilation): equals ``output``

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.output.shape)

    def step(self, i: int, j: int) -> ScatterStep:
        height, width = self.input.shape
        if not (0 <= i < height and 0 <= j < width):
            raise ConvError("cell_outside", i=i, j=j, h=height, w=width)
        return ScatterStep(i=i, j=j, value=float(self.input[i, j]), rows=tuple(int(r) for r in self.rows[i]),
                           cols=tuple(int(c) for c in self.cols[j]), products=self.products[i, j])  # fmt: skip

    def contributions(self, r: int, c: int) -> list[tuple[int, int, int, int]]:
        """Every (i, j, a, b) with input[i, j] * kernel[a, b] added into output cell (r, c)."""
        h_out, w_out = self.shape
        if not (0 <= r < h_out and 0 <= c < w_out):
            raise ConvError("cell_outside", i=r, j=c, h=h_out, w=w_out)
        found_rows = np.argwhere(self.rows == r)
        found_cols = np.argwhere(self.cols == c)
        return sorted((int(i), int(j), int(a), int(b)) for i, a in found_rows for j, b in found_cols)

    def direct_walk(self):
        """The direct convolution walked (``sliding_window`` on ``zero_inserted`` with ``rotated``)."""
        from convcore.steps import sliding_window

        return sliding_window(self.zero_inserted, self.rotated, 0.0, 1, 0, self.dilation)

    def largest_difference(self) -> float:
        """The largest difference between the scattered output and the direct convolution's (float rounding)."""
        return float((self.output - self.direct).abs().max())

    def overlaps(self) -> np.ndarray:
        """(H_out, W_out): how many input-cell-times-weight terms each output cell sums."""
        h_out, w_out = self.shape
        per_row = np.bincount(self.rows[(self.rows >= 0) & (self.rows < h_out)], minlength=h_out)
        per_col = np.bincount(self.cols[(self.cols >= 0) & (self.cols < w_out)], minlength=w_out)
        return per_row[:, None] * per_col[None, :]


def transposed_window(input, weight, stride=1, padding=0, output_padding=0, dilation=1) -> TransposedWalk:
    """Walk a transposed convolution of a 2-D input with a 2-D kernel: per input cell the scattered copy.

    >>> walk = transposed_window([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    >>> walk.output.tolist(), walk.step(1, 1).rows, walk.contributions(1, 1)
    ([[0.0, 0.0, 1.0], [0.0, 4.0, 6.0], [4.0, 12.0, 9.0]], (1, 2), [(0, 0, 1, 1), (0, 1, 1, 0), (1, 0, 0, 1), (1, 1, 0, 0)])
    """
    X, K = _args.matrix(input, "input"), _args.matrix(weight, "weight")
    stride = _args.pair(stride, "stride", 1)
    padding = _args.pair(padding, "padding", 0)
    output_padding = _args.pair(output_padding, "output_padding", 0)
    dilation = _args.pair(dilation, "dilation", 1)
    out = conv_transpose_output_shape(
        tuple(X.shape), tuple(K.shape), stride, padding, output_padding, dilation
    )
    _args.cells(X.numel() * K.numel() + out[0] * out[1], "windows")
    # input cell i writes where output cell i of the convolution would read: the same index map
    rows, cols = (
        index_map(np.arange(n), k, s, p, d)
        for n, k, s, d, p in zip(X.shape, K.shape, stride, dilation, padding)
    )
    # the canvas: every cell some input cell writes (padding included), and the output's own extent
    top, left = padding
    full = [(n - 1) * s + d * (k - 1) + 1 for n, k, s, d in zip(X.shape, K.shape, stride, dilation)]
    size = [max(f, p + o) for f, p, o in zip(full, padding, out)]
    _args.cells(size[0] * size[1], "output")
    products = X[:, :, None, None] * K
    # every write in step order (input cell by input cell, then kernel cell), and the canvas cell it lands on
    cell = ((rows + top)[:, None, :, None] * size[1] + (cols + left)[None, :, None, :]).ravel()
    values = products.numpy().ravel()
    order = np.argsort(cell, kind="stable")  # each canvas cell's writes together, still in step order
    sums = np.cumsum(values[order], dtype=np.float64)
    starts = np.r_[0, np.flatnonzero(np.diff(cell[order])) + 1]
    before = np.repeat(sums[starts] - values[order][starts], np.diff(np.r_[starts, len(order)]))
    running_flat = np.empty_like(values)
    running_flat[order] = sums - before  # the cell's sum right after this write
    running = torch.from_numpy(running_flat.reshape(tuple(products.shape)))
    canvas = torch.from_numpy(
        np.bincount(cell, weights=values, minlength=size[0] * size[1]).astype(np.float32)
    )
    canvas = canvas.reshape(size)
    output = F.conv_transpose2d(X[None, None], K[None, None], None, stride, padding, output_padding, 1,
                                dilation)[0, 0]  # fmt: skip
    # the direct convolution: zeros inserted, a border of d(k - 1) - p zeros (output_padding more after)
    border = []
    for k, d, p, op in zip(K.shape, dilation, padding, output_padding):
        before = d * (k - 1) - p
        border += [before, before + op]
    inserted = [(n - 1) * s + 1 for n, s in zip(X.shape, stride)]
    _args.cells((inserted[0] + max(0, border[0]) + max(0, border[1]))
                * (inserted[1] + max(0, border[2]) + max(0, border[3])), "padded_input")  # fmt: skip
    spread = torch.zeros(inserted)
    spread[:: stride[0], :: stride[1]] = X
    zero_inserted = F.pad(spread, (border[2], border[3], border[0], border[1]))
    original = np.stack(np.meshgrid(np.arange(X.shape[0]) * stride[0] + border[0],
                                    np.arange(X.shape[1]) * stride[1] + border[2], indexing="ij"), axis=-1)  # fmt: skip
    rotated = torch.flip(K, dims=(0, 1))
    direct = F.conv2d(zero_inserted[None, None], rotated[None, None], dilation=dilation)[0, 0]
    return TransposedWalk(
        input=X,
        kernel=K,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
        rows=rows,
        cols=cols,
        products=products,
        canvas=canvas,
        offset=(top, left),
        running=running,
        output=output,
        zero_inserted=zero_inserted,
        original=original,
        border=tuple(border),
        rotated=rotated,
        direct=direct,
    )
