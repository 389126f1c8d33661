"""Convolution as a matrix multiply: im2col (``unfold``) and the dense matrix C of a convolution.

Libraries compute a convolution as a GEMM: ``unfold`` copies every window of the input into one column
(im2col), and the kernel, flattened into a row, multiplies them all at once::

    Y.flatten() = weight.reshape(C_out, C_in * kh * kw) @ unfold(X)

The same linear map, written out over the whole input, is the sparse matrix C of Dumoulin & Visin, "A guide
to convolution arithmetic" (2016), section 4.1: row ``(o, i, j)`` of C holds the kernel's weights at the
input cells output cell (i, j) of channel o reads, zeros elsewhere. ``C @ x.flatten()`` is the convolution;
``C.T @ y.flatten()`` is the transposed convolution, which gives back the input's shape. Both read the
input through the one index map (``convcore.shapes.index_map``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from convcore import _args
from convcore.errors import ConvError
from convcore.shapes import conv_output_shape, index_map
from convcore.transpose import conv_transpose2d, round_trip_output_padding

MAX_MATRIX_CELLS = 2**16  # the most cells of C that conv_matrix builds: a matrix a page can still draw


def unfold(input, kernel_size, dilation=1, padding=0, stride=1) -> torch.Tensor:
    """im2col: every window of the input as one column, the same numbers as ``torch.nn.functional.unfold``.

    ``input`` is (N, C, H, W), (C, H, W) or (H, W). The result is (N, C * kh * kw, L), (C * kh * kw, L) or
    (kh * kw, L), where L = H_out * W_out windows in row-major order; a column lists its window channel by
    channel, each channel row by row. Padding cells are zeros.

    >>> unfold([[0, 1, 2], [3, 4, 5], [6, 7, 8]], 2)
    tensor([[0., 1., 3., 4.],
            [1., 2., 4., 5.],
            [3., 4., 6., 7.],
            [4., 5., 7., 8.]])
    """
    X = _args.tensor(input, "input")
    if X.dim() not in (2, 3, 4):
        raise ConvError("conv_input_shape", shape=tuple(X.shape))
    if X.numel() == 0:
        raise ConvError("empty", name="input", shape=tuple(X.shape))
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    dilations = _args.pair(dilation, "dilation", 1)
    paddings = _args.pair(padding, "padding", 0)
    strides = _args.pair(stride, "stride", 1)
    X4 = X.reshape((1, 1) + tuple(X.shape)) if X.dim() == 2 else (X[None] if X.dim() == 3 else X)
    batch, channels, height, width = X4.shape
    out = conv_output_shape((height, width), kernel, strides, paddings, dilations)
    _args.cells(batch * channels * (height + 2 * paddings[0]) * (width + 2 * paddings[1]), "padded_input")
    _args.cells(batch * channels * kernel[0] * kernel[1] * out[0] * out[1], "windows")
    rows, cols = (
        index_map(np.arange(n), k, s, p, d) + p  # padded coordinates
        for n, k, s, p, d in zip(out, kernel, strides, paddings, dilations)
    )
    padded = F.pad(X4, (paddings[1], paddings[1], paddings[0], paddings[0]))
    r = torch.from_numpy(rows)[:, :, None, None]  # (H_out, kh, 1, 1)
    c = torch.from_numpy(cols)[None, None, :, :]  # (1, 1, W_out, kw)
    windows = padded[:, :, r, c]  # (N, C, H_out, kh, W_out, kw)
    columns = windows.permute(0, 1, 3, 5, 2, 4).reshape(batch, channels * kernel[0] * kernel[1], -1)
    if X.dim() == 4:
        return columns
    return columns[0]


def _input_size(input_size) -> tuple[int, int, int]:
    """``input_size`` as (C_in, H, W): a (C_in, H, W) or an (H, W) of ints >= 1."""
    if not isinstance(input_size, (tuple, list)) or len(input_size) not in (2, 3):
        raise ConvError("input_size_shape", value=input_size)
    sizes = tuple(_args.integer(v, "input_size", 1) for v in input_size)
    return sizes if len(sizes) == 3 else (1,) + sizes


def conv_matrix(input_size, weight, stride=1, padding=0, dilation=1) -> torch.Tensor:
    """The dense matrix C of a convolution (zero padding): (C_out * H_out * W_out, C_in * H * W).

    ``input_size`` is (C_in, H, W), or (H, W) for one channel; ``weight`` is (C_out, C_in, kh, kw), or (kh, kw)
    for one channel in and out. ``C @ x.flatten()`` equals ``conv2d(x, weight, stride=stride, padding=padding,
    dilation=dilation).flatten()``, and ``C.T @ y.flatten()`` equals ``conv_transpose2d(y, weight, stride,
    padding, output_padding, dilation=dilation).flatten()`` for the output_padding of
    ``round_trip_output_padding`` on each axis. Refused past MAX_MATRIX_CELLS cells (a page draws C).

    >>> conv_matrix((2, 3), [[1.0, -1.0]])
    tensor([[ 1., -1.,  0.,  0.,  0.,  0.],
            [ 0.,  1., -1.,  0.,  0.,  0.],
            [ 0.,  0.,  0.,  1., -1.,  0.],
            [ 0.,  0.,  0.,  0.,  1., -1.]])
    """
    channels, height, width = _input_size(input_size)
    W = _args.tensor(weight, "weight")
    if W.dim() == 2:
        W = W[None, None]
    elif W.dim() != 4:
        raise ConvError("matrix_weight_shape", shape=tuple(W.shape))
    if W.numel() == 0:
        raise ConvError("empty", name="weight", shape=tuple(W.shape))
    if W.shape[1] != channels:
        raise ConvError("channels_mismatch", channels=channels, expected=W.shape[1])
    strides = _args.pair(stride, "stride", 1)
    paddings = _args.pair(padding, "padding", 0)
    dilations = _args.pair(dilation, "dilation", 1)
    out_channels, _, kh, kw = W.shape
    out = conv_output_shape((height, width), (kh, kw), strides, paddings, dilations)
    shape = (out_channels * out[0] * out[1], channels * height * width)
    if shape[0] * shape[1] > MAX_MATRIX_CELLS:
        raise ConvError("matrix_too_big", rows=shape[0], columns=shape[1], count=shape[0] * shape[1],
                        limit=MAX_MATRIX_CELLS)  # fmt: skip
    _args.cells(W.numel() * out[0] * out[1], "windows")
    rows, cols = (
        torch.from_numpy(index_map(np.arange(n), k, s, p, d))
        for n, k, s, p, d in zip(out, (kh, kw), strides, paddings, dilations)
    )
    # every (o, i, j, c, a, b): output cell (o, i, j) reads input cell (c, rows[i, a], cols[j, b]) with W[o, c, a, b]
    o = torch.arange(out_channels).reshape(-1, 1, 1, 1, 1, 1)
    i = torch.arange(out[0]).reshape(1, -1, 1, 1, 1, 1)
    j = torch.arange(out[1]).reshape(1, 1, -1, 1, 1, 1)
    c = torch.arange(channels).reshape(1, 1, 1, -1, 1, 1)
    r = rows.reshape(1, out[0], 1, 1, kh, 1)
    s = cols.reshape(1, 1, out[1], 1, 1, kw)
    full = (out_channels, out[0], out[1], channels, kh, kw)
    inside = ((r >= 0) & (r < height) & (s >= 0) & (s < width)).expand(full)  # padding cells read zeros
    row = ((o * out[0] + i) * out[1] + j).expand(full)[inside]
    column = ((c * height + r) * width + s).expand(full)[inside]
    values = W[:, None, None, :, :, :].expand(full)[inside]
    matrix = torch.zeros(shape)
    matrix.index_put_((row, column), values, accumulate=True)
    return matrix


@dataclass(frozen=True)
class MatmulView:
    """One 2-D convolution computed three ways: im2col then a GEMM, the dense matrix C, and its transpose.

    Every number the matrix-multiply page draws: the unfolded input (one column per window), the kernel as
    a row, their product and the feature map it reshapes into, C, and what C^T gives back.
    """

    input: torch.Tensor  # (H, W)
    kernel: torch.Tensor  # (kh, kw)
    bias: float
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]
    columns: torch.Tensor  # (kh * kw, L): unfold(input)
    row: torch.Tensor  # (1, kh * kw): the kernel flattened
    product: torch.Tensor  # (1, L): row @ columns + bias
    output: torch.Tensor  # (H_out, W_out): the product reshaped; equals conv2d
    matrix: torch.Tensor  # (H_out * W_out, H * W): C
    reads: torch.Tensor  # (H_out * W_out, H * W): True where C has a kernel tap (even a zero weight)
    output_padding: tuple[int, int]  # what ConvTranspose2d needs to give (H, W) back after C^T

    @property
    def windows(self) -> int:
        return int(self.columns.shape[1])

    def window(self, index: int) -> tuple[int, int]:
        """Output cell (i, j) of window (column) ``index``."""
        width = self.output.shape[1]
        if not 0 <= index < self.windows:
            raise ConvError(
                "cell_outside", i=index // width, j=index % width, h=self.output.shape[0], w=width
            )
        return index // width, index % width

    def costs(self) -> dict[str, int]:
        """Multiply-adds of the GEMM (the same as the direct loop's) and of the dense C, and im2col's memory."""
        taps, windows = self.columns.shape
        return {
            "gemm": taps * windows,
            "direct": self.output.numel() * self.kernel.numel(),
            "dense": self.matrix.numel(),
            "nonzero": int(self.reads.sum()),
            "columns": self.columns.numel(),
            "input": self.input.numel(),
        }

    def transpose(self, grads) -> tuple[torch.Tensor, torch.Tensor]:
        """(C^T @ grads.flatten() reshaped to (H, W), conv_transpose2d of ``grads``): the same numbers."""
        Y = _args.tensor(grads, "grads")
        if tuple(Y.shape) != tuple(self.output.shape):
            raise ConvError("grads_shape", expected=tuple(self.output.shape), shape=tuple(Y.shape))
        back = (self.matrix.T @ Y.reshape(-1)).reshape(self.input.shape)
        scattered = conv_transpose2d(Y, self.kernel, None, self.stride, self.padding, self.output_padding, 1,
                                     self.dilation)  # fmt: skip
        return back, scattered

    def sources(self) -> torch.Tensor:
        """(kh * kw, L): the flat input cell (row-major) each cell of the unfolded input copies, -1 for padding.

        ``unfold`` of the cells' own indices: the same index map that unfolds the values.
        """
        height, width = self.input.shape
        labels = torch.arange(1, height * width + 1, dtype=torch.float64).reshape(height, width)
        columns = unfold(labels, tuple(self.kernel.shape), self.dilation, self.padding, self.stride)
        return columns.round().to(torch.long) - 1  # padding unfolds as 0, so -1

    def window_reads(self, index: int) -> list[int]:
        """The flat input cells window (row of C) ``index`` reads, in order; padding cells are left out."""
        self.window(index)  # refuses an index past the last window
        return torch.nonzero(self.reads[index]).flatten().tolist()

    def readers(self, cell: int) -> list[int]:
        """The windows (rows of C, output cells row-major) that read flat input cell ``cell``, in order."""
        height, width = self.input.shape
        if not 0 <= cell < height * width:
            raise ConvError("cell_outside", i=cell // width, j=cell % width, h=height, w=width)
        return torch.nonzero(self.reads[:, cell]).flatten().tolist()


def matmul_view(input, weight, bias=0.0, stride=1, padding=0, dilation=1) -> MatmulView:
    """A 2-D input and a 2-D kernel as a matrix multiply: ``unfold``, the kernel row, C and its transpose.

    >>> view = matmul_view([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])
    >>> view.product.tolist(), view.costs()["dense"]
    ([[19.0, 25.0, 37.0, 43.0]], 36)
    """
    X, K = _args.matrix(input, "input"), _args.matrix(weight, "weight")
    b = _args.real(bias, "bias")
    strides = _args.pair(stride, "stride", 1)
    paddings = _args.pair(padding, "padding", 0)
    dilations = _args.pair(dilation, "dilation", 1)
    matrix = conv_matrix(tuple(X.shape), K, strides, paddings, dilations)  # refuses what is too big to draw
    columns = unfold(X, tuple(K.shape), dilations, paddings, strides)
    row = K.reshape(1, -1)
    product = row @ columns + b
    out = conv_output_shape(tuple(X.shape), tuple(K.shape), strides, paddings, dilations)
    reads = conv_matrix(tuple(X.shape), torch.ones_like(K), strides, paddings, dilations) != 0
    output_padding = tuple(
        round_trip_output_padding(n, k, s, p, d)
        for n, k, s, p, d in zip(X.shape, K.shape, strides, paddings, dilations)
    )
    return MatmulView(input=X, kernel=K, bias=b, stride=strides, padding=paddings, dilation=dilations,
                      columns=columns, row=row, product=product, output=product.reshape(out), matrix=matrix,
                      reads=reads, output_padding=output_padding)  # fmt: skip
