"""1-D convolution, causal padding, and the receptive field of a stack of 1-D layers.

Sequence models slide a kernel along one axis: d2l's TextCNN (``nn.Conv1d`` over word vectors), WaveNet and
temporal convolutional networks (causal, dilated stacks). Along the sequence the one output-size formula
holds, ``out = floor((L + 2p - d(k - 1) - 1) / s) + 1``; causal padding puts all ``d(k - 1)`` padding cells
on the left, so output t reads inputs t - d(k - 1) .. t and never a later one.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from convcore import _args
from convcore.errors import ConvError
from convcore.receptive_field import receptive_field
from convcore.shapes import _conv_output_size


def causal_padding(kernel_size, dilation=1) -> int:
    """The left padding of a causal 1-D convolution: ``dilation * (kernel_size - 1)`` cells.

    >>> causal_padding(2, dilation=4)
    4
    """
    kernel_size = _args.integer(kernel_size, "kernel_size", 1)
    dilation = _args.integer(dilation, "dilation", 1)
    return dilation * (kernel_size - 1)


def _left_right(padding, kernel_size: int, stride: int, dilation: int, causal: bool) -> tuple[int, int]:
    """(left, right) padding for an int, "valid", "same", or ``causal``."""
    if causal:
        if not (isinstance(padding, int) and not isinstance(padding, bool) and padding == 0):
            raise ConvError("causal_padding", value=padding)
        return causal_padding(kernel_size, dilation), 0
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0
        if padding == "same":
            if stride != 1:
                raise ConvError("same_needs_stride_1", stride=stride)
            total = dilation * (kernel_size - 1)  # torch puts the odd cell on the right
            return total // 2, total - total // 2
        raise ConvError("bad_padding", value=padding)
    padding = _args.integer(padding, "padding", 0)
    return padding, padding


def padding_1d(kernel_size, stride=1, padding=0, dilation=1, causal=False) -> tuple[int, int]:
    """The (left, right) padding ``conv1d`` puts around a sequence, for an int, "valid", "same" or ``causal``.

    torch's "same" puts the odd cell on the right; causal puts all ``dilation * (k - 1)`` on the left:

    >>> padding_1d(4, padding="same"), padding_1d(3, dilation=2, causal=True)
    ((1, 2), (4, 0))
    """
    kernel_size = _args.integer(kernel_size, "kernel_size", 1)
    stride = _args.integer(stride, "stride", 1)
    dilation = _args.integer(dilation, "dilation", 1)
    if not isinstance(causal, bool):
        raise ConvError("not_bool", name="causal", value=causal)
    return _left_right(padding, kernel_size, stride, dilation, causal)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, causal=False) -> torch.Tensor:
    """The same numbers as ``torch.nn.functional.conv1d``; ``causal=True`` pads d(k - 1) on the left only.

    ``input`` is (N, C, L), (C, L) or a 1-D (L,) sequence; ``weight`` is (O, C / groups, k), or a 1-D (k,)
    kernel for one channel in and out. ``padding`` is an int, "valid" or "same" (torch's), and must be 0 with
    ``causal`` (which sets it). The output keeps the input's rank: (N, O, L'), (O, L'), or (L',) for a 1-D
    input and one output channel.

    >>> conv1d([1.0, 2.0, 3.0], [1.0, 1.0]), conv1d([1.0, 2.0, 3.0], [1.0, 1.0], causal=True)
    (tensor([3., 5.]), tensor([1., 3., 5.]))
    """
    X = _args.tensor(input, "input")
    W = _args.tensor(weight, "weight")
    if not isinstance(causal, bool):
        raise ConvError("not_bool", name="causal", value=causal)
    groups = _args.integer(groups, "groups", 1)
    stride = _args.integer(stride, "stride", 1)
    dilation = _args.integer(dilation, "dilation", 1)
    if X.dim() not in (1, 2, 3):
        raise ConvError("conv1d_input_shape", shape=tuple(X.shape))
    rank = X.dim()
    X3 = X.reshape(1, 1, -1) if rank == 1 else (X[None] if rank == 2 else X)
    if W.dim() == 1:
        W = W.reshape(1, 1, -1)
    elif W.dim() != 3:
        raise ConvError("conv1d_weight_shape", shape=tuple(W.shape))
    if X3.numel() == 0 or W.numel() == 0:
        raise ConvError("empty_input_or_weight", input_shape=tuple(X.shape), weight_shape=tuple(W.shape))
    channels, out_channels, kernel_size = X3.shape[1], W.shape[0], W.shape[2]
    if out_channels % groups:
        raise ConvError("groups_output", groups=groups, out_channels=out_channels)
    if channels != W.shape[1] * groups:
        raise ConvError("channels_groups", channels=channels, expected=W.shape[1] * groups, per_group=W.shape[1],
                        groups=groups)  # fmt: skip
    left, right = _left_right(padding, kernel_size, stride, dilation, causal)
    length = X3.shape[2]
    _args.cells(X3.shape[0] * max(channels, out_channels) * (length + left + right), "padded_input_or_output")
    if left == right:
        _conv_output_size(length, kernel_size, stride, left, dilation, None)  # the window must fit
    b = _args.bias_vector(bias, out_channels)
    padded = F.pad(X3, (left, right))
    Y = F.conv1d(padded, W, b, stride, 0, dilation, groups)
    if rank == 3:
        return Y
    if rank == 2 or Y.shape[1] > 1:
        return Y[0]
    return Y[0, 0]


def channel_sums_1d(input, weight, stride=1, padding=0, dilation=1, causal=False) -> torch.Tensor:
    """Each input channel's own part of a one-output-channel ``conv1d``: row c is channel c convolved with
    kernel c alone, and the rows add up to the output (as TextCNN sums its embedding channels).

    ``input`` is (C, L) (or a 1-D sequence, one channel); ``weight`` is (C, k) or (1, C, k). Computed as
    ``conv1d`` with ``groups=C`` (one kernel a channel), with the same padding, stride and dilation:

    >>> X = [[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]]
    >>> channel_sums_1d(X, [[1.0, 2.0], [3.0, 4.0]])
    tensor([[ 2.,  5.],
            [11., 18.]])
    """
    X = _args.tensor(input, "input")
    W = _args.tensor(weight, "weight")
    if X.dim() == 1:
        X = X[None]
    if X.dim() != 2:
        raise ConvError("conv1d_input_shape", shape=tuple(X.shape))
    if W.dim() == 3 and W.shape[0] == 1:
        W = W[0]
    if W.dim() != 2:
        raise ConvError("conv1d_weight_shape", shape=tuple(W.shape))
    return conv1d(X, W[:, None], stride=stride, padding=padding, dilation=dilation, groups=W.shape[0],
                  causal=causal)  # fmt: skip


def _per_layer(values, name: str, count: int | None) -> list:
    """``values`` as one value per layer: an int is shared by all layers."""
    if isinstance(values, (list, tuple)):
        if count is not None and len(values) != count:
            raise ConvError("layer_count", name=name, count=len(values), layers=count)
        return list(values)
    return [values] * (count or 1)


def receptive_field_1d(kernel_sizes, dilations=1, strides=1) -> list[int]:
    """The receptive field of every layer of a stack of 1-D convolutions, in input samples, going up.

    ``kernel_sizes``, ``dilations`` and ``strides`` each hold one int per layer, or one int for every
    layer. The field grows by ``d_l (k_l - 1)`` times the stride below it (``convcore.receptive_field``'s
    formula, along one axis). A WaveNet block (kernel 2, dilations 1, 2, 4, ..., 512) sees 1,024 samples:

    >>> receptive_field_1d(2, [2**n for n in range(10)])[-1]
    1024
    """
    lists = [isinstance(v, (list, tuple)) for v in (kernel_sizes, dilations, strides)]
    count = next((len(v) for v, is_list in zip((kernel_sizes, dilations, strides), lists) if is_list), None)
    if count == 0:
        raise ConvError("no_layers")
    stack = zip(_per_layer(kernel_sizes, "kernel_sizes", count), _per_layer(dilations, "dilations", count),
                _per_layer(strides, "strides", count))  # fmt: skip
    layers = []
    for index, (k, d, s) in enumerate(stack):
        try:
            k, d, s = (
                _args.integer(k, "kernel_size", 1),
                _args.integer(d, "dilation", 1),
                _args.integer(s, "stride", 1),
            )
        except ConvError as error:
            raise ConvError("layer", index=index, name="conv1d", error=error) from None
        layers.append({"kind": "conv", "kernel_size": (1, k), "dilation": (1, d), "stride": (1, s)})
    return [field.size[1] for field in receptive_field(layers)]


def stack_reads(kernel_size, dilations, length, layer, t) -> list[list[int]]:
    """The cells cell ``t`` of layer ``layer`` reads in every layer below, in a stack of causal 1-D layers.

    Layer 0 is the input (``length`` samples); layer n (1 .. len(dilations)) is a causal convolution of
    kernel ``kernel_size`` and dilation ``dilations[n - 1]`` over layer n - 1, so every layer keeps the length.
    Cell u of layer n reads cells u - d(k - 1), u - d(k - 2), ..., u of layer n - 1; the ones before 0 are
    the left padding, which no layer below holds. Returns a list per layer 0 .. ``layer``, each sorted: the
    last is [t]. WaveNet's tree: the last output of kernel 2, dilations 1, 2 reads layer 1 at 1, 3 and
    every input cell:

    >>> stack_reads(2, [1, 2], 4, 2, 3)
    [[0, 1, 2, 3], [1, 3], [3]]
    """
    kernel_size = _args.integer(kernel_size, "kernel_size", 1)
    dilations = [_args.integer(d, "dilation", 1) for d in _per_layer(dilations, "dilations", None)]
    length = _args.integer(length, "length", 1)
    layer = _args.integer(layer, "layer", 0)
    if layer > len(dilations):
        raise ConvError("cell_beyond_output", name="layer", length=len(dilations) + 1, index=layer)
    t = _args.integer(t, "t", 0)
    if t >= length:
        raise ConvError("cell_beyond_output", name="t", length=length, index=t)
    _args.cells(length * (len(dilations) + 1), "input")  # every layer keeps the input's length
    mask = np.zeros(length, dtype=bool)
    mask[t] = True
    reads = [[t]]
    for n in range(layer, 0, -1):
        d = dilations[n - 1]
        # cell p below is read when some u = p + d*j (0 <= j < k) above is: suffix sums along stride d
        rows = -(-length // d)
        span = min(kernel_size, rows + 1)  # taps past the sequence's end read nothing
        counts = np.zeros(rows * d + d * span, dtype=np.int64)
        counts[:length] = mask
        grid = counts.reshape(-1, d)
        suffix = np.flip(np.cumsum(np.flip(grid, 0), 0), 0).reshape(-1)  # suffix[p] = sum of counts[p + d*j]
        mask = (suffix[:length] - suffix[d * span : d * span + length]) > 0
        reads.append(np.nonzero(mask)[0].tolist())
    return reads[::-1]
