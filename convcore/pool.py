"""Max and average pooling: the textbook loop and the fast path (torch's numbers).

Pooling slides a window like cross-correlation but has no kernel: each output
cell is the max or the mean of the cells under the window. It works on each
channel separately, so the channel count is kept.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from convcore import _args
from convcore.errors import ConvError
from convcore.shapes import _pool_output_size

POOL_MODES = ("max", "avg")


def pool2d_loops(X, pool_size, mode="max") -> torch.Tensor:
    """Pooling with the textbook's double loop (d2l 6.5): stride 1, no padding.

    >>> pool2d_loops([[0, 1, 2], [3, 4, 5], [6, 7, 8]], (2, 2))
    tensor([[4., 5.],
            [7., 8.]])
    """
    X = _args.matrix(X, "X")
    p_h, p_w = _args.pair(pool_size, "pool_size", 1)
    if mode not in POOL_MODES:
        raise ConvError("pool_mode", value=mode)
    if p_h > X.shape[0] or p_w > X.shape[1]:
        raise ConvError("pool_larger_than_input", pool_size=(p_h, p_w), shape=tuple(X.shape))
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            patch = X[i : i + p_h, j : j + p_w]
            Y[i, j] = patch.max() if mode == "max" else patch.mean()
    return Y


def pool_args(size, kernel_size, stride, padding, dilation, ceil_mode, mode):
    """Pooling arguments as (h, w) pairs plus the output size, or a ConvError saying what is wrong.

    Shared by ``pool2d`` and ``steps.pool_window`` so both accept and refuse exactly the same things.
    """
    if mode not in POOL_MODES:
        raise ConvError("pool_mode", value=mode)
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    strides = kernel if stride is None else _args.pair(stride, "stride", 1)
    paddings = _args.pair(padding, "padding", 0)
    dilations = _args.pair(dilation, "dilation", 1)
    if mode == "avg" and dilations != (1, 1):
        raise ConvError("avg_pool_dilation", dilation=dilation)
    axes = enumerate(zip(size, kernel, strides, paddings, dilations))
    out = tuple(_pool_output_size(*values, ceil_mode, axis) for axis, values in axes)
    _args.cells(kernel[0] * kernel[1], "pooling_window")
    _args.cells((size[0] + 2 * paddings[0]) * (size[1] + 2 * paddings[1]), "padded_input")
    return kernel, strides, paddings, dilations, out


def pool2d(
    input,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode=False,
    mode="max",
    count_include_pad=True,
) -> torch.Tensor:
    """The same numbers as ``F.max_pool2d`` (mode="max") or ``F.avg_pool2d`` (mode="avg").

    ``input`` is (N, C, H, W), (C, H, W) or (H, W); the output keeps its rank.
    ``stride`` defaults to ``kernel_size``. Max pooling pads with -inf, so
    padding never wins; average pooling counts padding cells as 0s in the
    mean when ``count_include_pad`` (torch's default), else divides by the
    real cells only. torch's average pooling has no dilation.

    >>> pool2d(torch.arange(16.0).reshape(4, 4), 3, stride=2, padding=1)
    tensor([[ 5.,  7.],
            [13., 15.]])
    """
    X = _args.tensor(input, "input")
    if X.dim() not in (2, 3, 4) or X.numel() == 0:
        raise ConvError("pool_input_shape", shape=tuple(X.shape))
    kernel, strides, paddings, dilations, out = pool_args(X.shape[-2:], kernel_size, stride, padding, dilation,
                                                           ceil_mode, mode)  # fmt: skip
    _args.cells(X[..., 0, 0].numel() * out[0] * out[1], "output")

    rank = X.dim()
    X4 = X.reshape((1, 1) + tuple(X.shape)) if rank == 2 else (X[None] if rank == 3 else X)
    if mode == "max":
        Y = F.max_pool2d(X4, kernel, strides, paddings, dilations, ceil_mode=bool(ceil_mode))
    else:
        Y = F.avg_pool2d(
            X4, kernel, strides, paddings, ceil_mode=bool(ceil_mode), count_include_pad=count_include_pad
        )
    return Y.reshape(X.shape[:-2] + Y.shape[-2:])
