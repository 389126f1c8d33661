"""Cross-correlation and convolution: the textbook loop, the fast path, and torch's Conv2d.

Deep-learning "convolution" layers compute a cross-correlation::

    Y[i, j] = sum_a sum_b X[i + a, j + b] * K[a, b] (+ bias)

True (mathematical) convolution is the same sum with the kernel rotated 180
degrees; ``convolve2d`` computes it.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from convcore import _args
from convcore.errors import AXES, ConvError
from convcore.shapes import _conv_output_size, same_padding


def corr2d_loops(X, K) -> torch.Tensor:
    """2-D cross-correlation with the textbook's double loop (d2l 6.2), for reading and timing.

    >>> corr2d_loops([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])
    tensor([[19., 25.],
            [37., 43.]])
    """
    X, K = _args.matrix(X, "X"), _args.matrix(K, "K")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ConvError("kernel_larger_than_input", kernel_shape=tuple(K.shape), input_shape=tuple(X.shape))
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y


def corr2d(X, K) -> torch.Tensor:
    """2-D cross-correlation (no padding, stride 1) of a 2-D input with a 2-D kernel.

    The same numbers as ``corr2d_loops``, computed in one vectorised call.
    Output shape: (X_h - K_h + 1, X_w - K_w + 1).

    >>> corr2d(torch.ones(6, 8), [[1.0, -1.0]]).shape
    torch.Size([6, 7])
    """
    X, K = _args.matrix(X, "X"), _args.matrix(K, "K")
    for axis in (0, 1):
        if K.shape[axis] > X.shape[axis]:
            raise ConvError("kernel_larger_along", axis=AXES[axis], k=K.shape[axis], n=X.shape[axis])
    return F.conv2d(X[None, None], K[None, None])[0, 0]


def _padding_amounts(padding, kernel, dilation, stride) -> tuple[tuple[int, int], tuple[int, int]]:
    """((top, bottom), (left, right)) for an int, a pair, "valid" or "same"."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            if stride != (1, 1):
                raise ConvError("same_needs_stride_1", stride=stride)
            return same_padding(kernel, dilation)
        raise ConvError("bad_padding", value=padding)
    ph, pw = _args.pair(padding, "padding", 0)
    return (ph, ph), (pw, pw)


def pad2d(input, padding, padding_mode="zeros") -> torch.Tensor:
    """The input with ``padding`` cells added on each side, filled as ``padding_mode`` says.

    "zeros" adds 0s, "reflect" mirrors without repeating the edge, "replicate"
    repeats the edge, "circular" wraps around. Works on the last two axes.

    >>> pad2d([[1, 2, 3]], (0, 1), "reflect")
    tensor([[2., 1., 2., 3., 2.]])
    """
    X = _args.tensor(input, "input")
    if X.dim() < 2 or X.dim() > 4 or X.numel() == 0:
        raise ConvError("pad_input_shape", shape=tuple(X.shape))
    mode = _args.padding_mode(padding_mode)
    if isinstance(padding, tuple) and len(padding) == 2 and all(isinstance(p, tuple) for p in padding):
        (top, bottom), (left, right) = padding
    else:
        (top, bottom), (left, right) = _padding_amounts(padding, (1, 1), (1, 1), (1, 1))
    size = X.shape[-2:]
    _args.cells(X[..., 0, 0].numel() * (size[0] + top + bottom) * (size[1] + left + right), "padded_input")
    for axis, amount in ((0, max(top, bottom)), (1, max(left, right))):
        if mode == "reflect" and amount >= size[axis]:
            raise ConvError("reflect_too_wide", axis=AXES[axis], n=size[axis], p=amount)
        if mode == "circular" and amount > size[axis]:
            raise ConvError("circular_too_wide", axis=AXES[axis], n=size[axis], p=amount)
    batched = X.reshape((-1, 1) + tuple(size)) if X.dim() == 2 else X
    if X.dim() == 3:
        batched = X[None]
    if mode == "zeros":
        result = F.pad(batched, (left, right, top, bottom))
    else:
        result = F.pad(batched, (left, right, top, bottom), mode=mode)
    return result.reshape(X.shape[:-2] + result.shape[-2:])


def conv2d(
    input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"
) -> torch.Tensor:
    """The same numbers as ``torch.nn.Conv2d`` with that ``padding_mode``.

    ``input`` is (N, C, H, W), (C, H, W) or (H, W); ``weight`` is
    (O, C / groups, kh, kw) or a 2-D (kh, kw) kernel for one channel in and out.
    The output keeps the input's rank: (N, O, H', W'), (O, H', W'), or (H', W')
    for a 2-D input and a single output channel, where per axis::

        H' = floor((H + 2 * padding - dilation * (kh - 1) - 1) / stride) + 1

    >>> conv2d(torch.arange(9.0).reshape(3, 3), [[0.0, 1.0], [2.0, 3.0]], bias=1.0)
    tensor([[20., 26.],
            [38., 44.]])
    """
    X = _args.tensor(input, "input")
    W = _args.tensor(weight, "weight")
    mode = _args.padding_mode(padding_mode)
    groups = _args.integer(groups, "groups", 1)
    stride = _args.pair(stride, "stride", 1)
    dilation = _args.pair(dilation, "dilation", 1)

    X4, W, rank = _args.batched(X, W, "conv_weight_shape")

    channels, out_channels = X4.shape[1], W.shape[0]
    if out_channels % groups:
        raise ConvError("groups_output", groups=groups, out_channels=out_channels)
    if channels != W.shape[1] * groups:
        raise ConvError("channels_groups", channels=channels, expected=W.shape[1] * groups, per_group=W.shape[1],
                        groups=groups)  # fmt: skip

    kernel = tuple(W.shape[-2:])
    (top, bottom), (left, right) = _padding_amounts(padding, kernel, dilation, stride)
    padded_cells = (X4.shape[-2] + top + bottom) * (X4.shape[-1] + left + right)
    _args.cells(X4.shape[0] * max(channels, out_channels) * padded_cells, "padded_input_or_output")
    axes = enumerate(zip(X4.shape[-2:], kernel, stride, (top + bottom, left + right), dilation))
    for axis, (size, k, s, pad, d) in axes:
        # symmetric padding checks through the one output-size formula; 'same' is always non-empty
        if pad % 2 == 0:
            _conv_output_size(size, k, s, pad // 2, d, axis)

    b = _args.bias_vector(bias, out_channels)

    if mode == "zeros" and top == bottom and left == right:
        Y = F.conv2d(X4, W, b, stride, (top, left), dilation, groups)
    else:
        padded = pad2d(X4, ((top, bottom), (left, right)), mode)
        Y = F.conv2d(padded, W, b, stride, 0, dilation, groups)
    return _args.unbatched(Y, rank)


def flip_kernel(weight) -> torch.Tensor:
    """The kernel rotated 180 degrees (flipped along both spatial axes).

    >>> flip_kernel([[0, 1], [2, 3]])
    tensor([[3., 2.],
            [1., 0.]])
    """
    W = _args.tensor(weight, "weight")
    if W.dim() < 2:
        raise ConvError("weight_rank", shape=tuple(W.shape))
    return torch.flip(W, dims=(-2, -1))


def convolve2d(
    input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"
) -> torch.Tensor:
    """True convolution: ``conv2d`` with the kernel rotated 180 degrees.

    For a symmetric kernel (box blur, Gaussian, Laplacian) it equals ``conv2d``;
    for an asymmetric one (Sobel, [1, -1]) the sign or direction changes.

    >>> convolve2d([[0, 1, 2]], [[1, -1]])
    tensor([[1., 1.]])
    """
    return conv2d(input, flip_kernel(weight), bias, stride, padding, dilation, groups, padding_mode)


def conv1x1_as_matmul(input, weight) -> torch.Tensor:
    """A 1x1 convolution computed as a matrix multiply over the channel axis (d2l 6.4.3).

    ``input`` (C, H, W), ``weight`` (O, C) or (O, C, 1, 1): every pixel's channel
    vector is multiplied by the O x C matrix, so Y = (W @ X.reshape(C, H * W)).reshape(O, H, W).
    The same numbers as ``conv2d(input, weight.reshape(O, C, 1, 1))``.

    >>> conv1x1_as_matmul(torch.ones(2, 1, 3), [[1.0, 2.0]])
    tensor([[[3., 3., 3.]]])
    """
    X, W = _args.tensor(input, "input"), _args.tensor(weight, "weight")
    if W.dim() == 4:
        if W.shape[-2:] != (1, 1):
            raise ConvError("one_by_one_weight", shape=tuple(W.shape))
        W = W[:, :, 0, 0]
    if X.dim() != 3 or W.dim() != 2:
        raise ConvError("one_by_one_shapes", input_shape=tuple(X.shape), weight_shape=tuple(W.shape))
    if X.numel() == 0 or W.numel() == 0:
        raise ConvError("empty_input_or_weight", input_shape=tuple(X.shape), weight_shape=tuple(W.shape))
    channels, height, width = X.shape
    if W.shape[1] != channels:
        raise ConvError("one_by_one_channels", channels=channels, columns=W.shape[1])
    return (W @ X.reshape(channels, height * width)).reshape(W.shape[0], height, width)
