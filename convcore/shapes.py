"""Output sizes and the index map: which input cells each output cell reads.

The one formula behind every size on the pages (torch's, for one axis)::

    out = floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1

and the one index map behind every highlight::

    h_in = h_out * stride - padding + h_kern * dilation
"""

from __future__ import annotations

import math

import numpy as np

from convcore import _args
from convcore.errors import AXES, ConvError


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1) -> int:
    """Output length along one axis of a convolution, torch's floor formula.

    >>> conv_output_size(8, 3, stride=2, padding=1)
    4
    """
    return _conv_output_size(size, kernel_size, stride, padding, dilation, None)


def _conv_output_size(size, kernel_size, stride, padding, dilation, axis: int | None) -> int:
    """``conv_output_size``; a window that does not fit names ``axis`` (0 or 1) of a 2-D input, if given."""
    size = _args.integer(size, "size", 1)
    kernel_size = _args.integer(kernel_size, "kernel_size", 1)
    stride = _args.integer(stride, "stride", 1)
    padding = _args.integer(padding, "padding", 0)
    dilation = _args.integer(dilation, "dilation", 1)
    span = dilation * (kernel_size - 1) + 1
    padded = size + 2 * padding
    if span > padded:
        largest = (padded - 1) // dilation + 1
        values = {"k": kernel_size, "d": dilation, "span": span, "n": size, "p": padding, "padded": padded,
                  "largest": largest}  # fmt: skip
        if dilation > 1:
            raise _along(axis, "window_too_big", **values)
        raise _along(axis, "window_too_big_undilated", **values)  # no dilation to lower
    return (padded - span) // stride + 1


def _along(axis: int | None, key: str, **values) -> ConvError:
    """The error ``key`` along ``axis`` of a 2-D input, or ``key``'s one-axis form when there is no axis."""
    if axis is None:
        return ConvError(f"{key}_1d", **values)
    return ConvError(key, axis=AXES[axis], **values)


def conv_output_shape(input_size, kernel_size, stride=1, padding=0, dilation=1) -> tuple[int, int]:
    """(h_out, w_out) for an (h, w) input: ``conv_output_size`` on each axis."""
    sizes = _args.pair(input_size, "input_size", 1)
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    strides = _args.pair(stride, "stride", 1)
    paddings = _args.pair(padding, "padding", 0)
    dilations = _args.pair(dilation, "dilation", 1)
    axes = enumerate(zip(sizes, kernel, strides, paddings, dilations))
    return tuple(_conv_output_size(*values, axis) for axis, values in axes)


def unread(size, kernel_size, stride=1, padding=0, dilation=1) -> int:
    """How many cells at the far end of one padded axis no window reaches.

    Non-zero when the stride does not divide the distance the window travels;
    those input rows or columns never influence the output.

    >>> unread(7, 2, stride=2)
    1
    """
    out = conv_output_size(size, kernel_size, stride, padding, dilation)
    last = (
        int(index_map([out - 1], kernel_size, stride, padding, dilation)[0, -1]) + padding
    )  # padded coordinate
    return size + 2 * padding - 1 - last


def pool_output_size(size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) -> int:
    """Output length along one axis of max or average pooling, as torch computes it.

    Like ``conv_output_size``, with ``ceil_mode`` rounding up instead of down, a
    last window that would start in the right padding dropped, and torch's rule
    that padding be at most half the kernel size.

    >>> pool_output_size(5, 2, ceil_mode=True)
    3
    """
    return _pool_output_size(size, kernel_size, stride, padding, dilation, ceil_mode, None)


def _pool_output_size(size, kernel_size, stride, padding, dilation, ceil_mode, axis: int | None) -> int:
    """``pool_output_size``; a window that does not fit names ``axis`` (0 or 1) of a 2-D input, if given."""
    kernel_size = _args.integer(kernel_size, "kernel_size", 1)
    stride = kernel_size if stride is None else _args.integer(stride, "stride", 1)
    padding = _args.integer(padding, "padding", 0)
    if padding > kernel_size // 2:
        raise ConvError("pool_padding", p=padding, k=kernel_size, half=kernel_size // 2)
    if not ceil_mode:
        return _conv_output_size(size, kernel_size, stride, padding, dilation, axis)
    size = _args.integer(size, "size", 1)
    dilation = _args.integer(dilation, "dilation", 1)
    span = dilation * (kernel_size - 1) + 1
    padded = size + 2 * padding
    # in ceil_mode torch lets the last window overhang the padded input by up to stride - 1 cells
    if span > padded + stride - 1:
        largest = (padded + stride - 2) // dilation + 1
        raise _along(axis, "window_too_big_ceil", k=kernel_size, d=dilation, span=span, n=size, p=padding,
                     padded=padded, over=stride - 1, largest=largest)  # fmt: skip
    out = math.ceil((padded - span) / stride) + 1
    if (out - 1) * stride >= size + padding:
        out -= 1
    return out


def window(i, j, kernel_size, stride=1, padding=0, dilation=1) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The input rows and columns that output cell (i, j) reads.

    Coordinates are in the unpadded input: a row < 0 or >= the input height
    is a padding cell. The cells read are the product rows x cols.

    >>> window(1, 0, 2, stride=2, padding=1)
    ((1, 2), (-1, 0))
    """
    i = _args.integer(i, "i", 0)
    j = _args.integer(j, "j", 0)
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    strides = _args.pair(stride, "stride", 1)
    paddings = _args.pair(padding, "padding", 0)
    dilations = _args.pair(dilation, "dilation", 1)
    _args.cells(kernel[0] + kernel[1], "window_lines")
    rows, cols = (
        tuple(index_map([out], n, s, p, d)[0].tolist())
        for out, n, s, p, d in zip((i, j), kernel, strides, paddings, dilations)
    )
    return rows, cols


def index_map(outputs, kernel_size: int, stride: int, padding: int, dilation: int) -> np.ndarray:
    """The one index map, along one axis: ``reads[o, k] = o * stride - padding + k * dilation``.

    Row ``o`` holds the input cells (unpadded coordinates) that output cell ``outputs[o]`` reads with kernel
    tap ``k``. Convolution and pooling read through it (``window``, ``window_map``, ``unread``,
    ``pool_window``); a transposed convolution writes through it (input cell ``o`` scatters onto these
    output cells); a receptive field is its window with the field's size, effective stride and padding.
    Its arguments are checked ints (callers normalise them once).

    >>> index_map(range(2), 2, stride=2, padding=1, dilation=1).tolist()
    [[-1, 0], [1, 2]]
    """
    outputs = list(outputs)
    largest = max((abs(int(o)) for o in outputs), default=0) * stride + padding + kernel_size * dilation
    dtype = np.int64 if largest < 2**62 else object  # a deep stack's traced box can outgrow int64: exact ints
    taps = np.arange(kernel_size, dtype=np.int64).astype(dtype)
    return np.asarray(outputs, dtype=dtype).reshape(-1, 1) * stride - padding + taps[None, :] * dilation


def window_map(input_size, kernel_size, stride=1, padding=0, dilation=1) -> tuple[np.ndarray, np.ndarray]:
    """``window`` for every output cell at once: ``rows[h_out, h_kern]`` and ``cols[w_out, w_kern]``.

    Built once per parameter change; the animation, the highlights and the
    math panel all look cells up here.

    >>> rows, cols = window_map((3, 3), 2)
    >>> rows.tolist(), cols.tolist()
    ([[0, 1], [1, 2]], [[0, 1], [1, 2]])
    """
    out = conv_output_shape(input_size, kernel_size, stride, padding, dilation)
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    strides = _args.pair(stride, "stride", 1)
    paddings = _args.pair(padding, "padding", 0)
    dilations = _args.pair(dilation, "dilation", 1)
    _args.cells(out[0] * kernel[0] + out[1] * kernel[1], "window_map")
    return tuple(
        index_map(np.arange(n_out), k, s, p, d)
        for n_out, k, s, p, d in zip(out, kernel, strides, paddings, dilations)
    )


def conv_parameters(in_channels, out_channels, kernel_size, bias=True, groups=1) -> int:
    """Learnable parameters of a Conv2d: out * (in / groups) * kh * kw weights, plus out biases.

    >>> conv_parameters(3, 64, 3)
    1792
    """
    in_channels = _args.integer(in_channels, "in_channels", 1)
    out_channels = _args.integer(out_channels, "out_channels", 1)
    groups = _args.integer(groups, "groups", 1)
    kh, kw = _args.pair(kernel_size, "kernel_size", 1)
    _args.groups_divide(groups, in_channels, out_channels)
    return out_channels * (in_channels // groups) * kh * kw + (out_channels if bias else 0)


def same_padding(kernel_size, dilation=1) -> tuple[tuple[int, int], tuple[int, int]]:
    """torch's ``padding="same"`` (stride 1): ((top, bottom), (left, right)) that keep the input's size.

    Each axis pads ``dilation * (k - 1)`` cells in all; when that is odd, torch puts the extra cell at the
    bottom / right.

    >>> same_padding(3), same_padding((2, 4), dilation=(1, 2))
    (((1, 1), (1, 1)), ((0, 1), (3, 3)))
    """
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    dilations = _args.pair(dilation, "dilation", 1)
    totals = [d * (k - 1) for k, d in zip(kernel, dilations)]
    return tuple((total // 2, total - total // 2) for total in totals)
