"""Receptive fields of a stack of convolutions and poolings: which input cells one output cell sees.

Follows Araujo, Norris and Sim, "Computing Receptive Fields of Convolutional
Neural Networks" (Distill, 2019), for a single path of layers l = 1..L, each
with kernel size k_l, stride s_l, padding p_l (top/left) and dilation d_l.
Dilation only spreads the kernel out, so every formula uses the effective
kernel ``dilation * (k_l - 1) + 1``. Along one axis, going from the input up::

    rf_size_l           = rf_size_{l-1} + (effective_kernel_l - 1) * effective_stride_{l-1}
    effective_padding_l = effective_padding_{l-1} + p_l * effective_stride_{l-1}
    effective_stride_l  = effective_stride_{l-1} * s_l

starting from rf_size_0 = effective_stride_0 = 1 and effective_padding_0 = 0.
These unroll to the article's closed forms
``r = 1 + sum_l (k_l - 1) * prod_{i<l} s_i``, ``S = prod_l s_l`` and
``P = sum_l p_l * prod_{i<l} s_i``. Output cell (i, j) of layer L then covers
the input rows (and, with j, the columns)::

    top    = i * S - P
    bottom = top + r - 1

inclusive, in unpadded input coordinates: a row < 0 or >= the input height is
padding. Every cell read lies inside this box; with dilation, or a stride
larger than what the layers below see, some cells inside it are never read.

Elementwise layers (ReLU, BatchNorm2d, Dropout, ...) pass the field through
unchanged. ``padding="same"`` follows torch: an even span pads one cell more on
the bottom/right, so its top/left padding is ``dilation * (k - 1) // 2``.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from convcore import _args
from convcore.shapes import conv_output_size, pool_output_size

CONV_KINDS = ("conv",)
POOL_KINDS = ("maxpool", "avgpool", "pool")
ELEMENTWISE_KINDS = ("relu", "batchnorm", "dropout", "identity")
DICT_KEYS = ("kind", "kernel_size", "stride", "padding", "dilation", "ceil_mode")

# Modules that act on each position separately (or only across channels): the field passes through.
ELEMENTWISE_MODULES = (
    nn.Identity,
    nn.ReLU,
    nn.ReLU6,
    nn.LeakyReLU,
    nn.PReLU,
    nn.ELU,
    nn.SELU,
    nn.CELU,
    nn.GELU,
    nn.SiLU,
    nn.Mish,
    nn.Sigmoid,
    nn.Tanh,
    nn.Hardtanh,
    nn.Hardswish,
    nn.Hardsigmoid,
    nn.Softplus,
    nn.BatchNorm2d,
    nn.InstanceNorm2d,
    nn.GroupNorm,
    nn.LocalResponseNorm,
    nn.Dropout,
    nn.Dropout2d,
    nn.AlphaDropout,
)

# Why the common layers that are not a sliding window have no receptive field here.
UNSUPPORTED_REASONS = {
    nn.Linear: "it connects every position to every output, so beyond it the field is the whole input",
    nn.Flatten: "it folds the spatial axes into one, so there are no (i, j) cells after it",
    nn.Upsample: "it enlarges the feature map (a fractional stride)",
    nn.ConvTranspose2d: "it enlarges the feature map (a fractional stride)",
    nn.AdaptiveAvgPool2d: "its window depends on the input size",
    nn.AdaptiveMaxPool2d: "its window depends on the input size",
}


@dataclass(frozen=True)
class Layer:
    """One layer as the receptive field sees it: its kind and its own hyperparameters as (h, w) pairs.

    ``padding`` is the top/left padding; ``same`` marks torch's ``padding="same"``,
    which for an even span pads one more cell on the bottom/right.

    >>> Layer("conv", "Conv2d", (3, 3), (1, 1), (1, 1), (1, 1)).kernel_size
    (3, 3)
    """

    kind: str
    name: str
    kernel_size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]
    ceil_mode: bool = False
    same: bool = False


@dataclass(frozen=True)
class ReceptiveField:
    """The field of one layer's output cells in the input: size, effective stride and padding, (h, w) each.

    ``layer`` is the layer that produced the feature map; ``output_size`` its
    (h, w) when ``receptive_field`` was given an ``input_size``, else None.

    >>> ReceptiveField((3, 3), (2, 2), (1, 1)).region(1, 0)
    ((1, -1), (3, 1))
    """

    size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    layer: Layer | None = None
    output_size: tuple[int, int] | None = None

    def region(self, i, j) -> tuple[tuple[int, int], tuple[int, int]]:
        """``((top, left), (bottom, right))``: the inclusive input box that output cell (i, j) covers.

        >>> ReceptiveField((7, 7), (1, 1), (3, 3)).region(0, 5)
        ((-3, 2), (3, 8))
        """
        cell = (_args.integer(i, "i", 0), _args.integer(j, "j", 0))
        if self.output_size is not None:
            for name, index, length in zip(("i", "j"), cell, self.output_size, strict=True):
                if index >= length:
                    raise ValueError(f"{name} must be < {length} (the output size), got {index}")
        start = tuple(c * s - p for c, s, p in zip(cell, self.stride, self.padding, strict=True))
        end = tuple(t + r - 1 for t, r in zip(start, self.size, strict=True))
        return start, end


def receptive_field(layers, input_size=None) -> list[ReceptiveField]:
    """The receptive field of every layer's output in the input, one entry per layer.

    >>> fields = receptive_field([{"kind": "conv", "kernel_size": 2}, {"kind": "conv", "kernel_size": 2}])
    >>> fields[-1].size, fields[-1].region(0, 0)
    ((3, 3), ((0, 0), (2, 2)))
    """
    if input_size is not None:
        input_size = _args.pair(input_size, "input_size", 1)
    rf_size, effective_stride, effective_padding = [1, 1], [1, 1], [0, 0]
    feature_size = input_size
    fields = []
    for index, item in enumerate(_flatten(layers)):
        layer = _layer(item, index)
        for axis in range(2):
            effective_kernel = layer.dilation[axis] * (layer.kernel_size[axis] - 1) + 1
            rf_size[axis] += (effective_kernel - 1) * effective_stride[axis]
            effective_padding[axis] += layer.padding[axis] * effective_stride[axis]
            effective_stride[axis] *= layer.stride[axis]
        if feature_size is not None:
            feature_size = _output_size(layer, feature_size, index)
        field = ReceptiveField(
            tuple(rf_size), tuple(effective_stride), tuple(effective_padding), layer, feature_size
        )
        fields.append(field)
    return fields


def _flatten(layers):
    """The layers as a flat list: nested ``nn.Sequential``s unrolled, a lone module or dict wrapped."""
    if isinstance(layers, (dict, nn.Module)) and not isinstance(layers, (nn.Sequential, nn.ModuleList)):
        return [layers]
    try:
        items = list(layers)
    except TypeError:
        raise ValueError(
            f"layers must be an nn.Sequential or an iterable of modules or dicts, got {type(layers).__name__}"
        ) from None
    flat = []
    for item in items:
        if isinstance(item, (nn.Sequential, nn.ModuleList)):
            flat.extend(_flatten(item))
        else:
            flat.append(item)
    return flat


def _layer(item, index: int) -> Layer:
    if isinstance(item, dict):
        return _dict_layer(item, index)
    if isinstance(item, nn.Module):
        return _module_layer(item, index)
    raise ValueError(f"layer {index}: expected a torch module or a dict, got {type(item).__name__}")


def _module_layer(module: nn.Module, index: int) -> Layer:
    name = type(module).__name__
    if isinstance(module, ELEMENTWISE_MODULES):
        return _passthrough("elementwise", name)
    if isinstance(module, nn.Conv2d):
        return _conv("conv", name, module.kernel_size, module.stride, module.padding, module.dilation, index)
    if isinstance(module, nn.MaxPool2d):
        kernel = module.kernel_size
        stride = module.stride if module.stride is not None else kernel
        return _pool(
            "maxpool", name, kernel, stride, module.padding, module.dilation, module.ceil_mode, index
        )
    if isinstance(module, nn.AvgPool2d):
        kernel = module.kernel_size
        stride = module.stride if module.stride is not None else kernel
        return _pool("avgpool", name, kernel, stride, module.padding, 1, module.ceil_mode, index)
    for kind, reason in UNSUPPORTED_REASONS.items():
        if isinstance(module, kind):
            raise ValueError(f"{name} is not supported: {reason} (layer {index})")
    raise ValueError(
        f"{name} is not supported (layer {index}): receptive_field handles Conv2d, MaxPool2d, AvgPool2d "
        f"and elementwise layers such as ReLU, BatchNorm2d and Dropout"
    )


def _dict_layer(item: dict, index: int) -> Layer:
    unknown = sorted(set(item) - set(DICT_KEYS), key=str)
    if unknown:
        raise ValueError(
            f"layer {index}: unknown key(s) {unknown}; a layer dict takes {', '.join(DICT_KEYS)}"
        )
    kind = item.get("kind")
    if kind in ELEMENTWISE_KINDS:
        return _passthrough("elementwise", kind)
    if kind not in CONV_KINDS + POOL_KINDS:
        raise ValueError(
            f"layer kind {kind!r} is not supported (layer {index}); "
            f"kind must be one of {', '.join(CONV_KINDS + POOL_KINDS + ELEMENTWISE_KINDS)}"
        )
    if "kernel_size" not in item:
        raise ValueError(f"layer {index} ({kind}): kernel_size is required")
    kernel = item["kernel_size"]
    padding = item.get("padding", 0)
    dilation = item.get("dilation", 1)
    if kind == "conv":
        if "ceil_mode" in item:
            raise ValueError(f"layer {index} (conv): ceil_mode only applies to pooling")
        return _conv(kind, kind, kernel, item.get("stride", 1), padding, dilation, index)
    stride = item.get("stride")
    stride = kernel if stride is None else stride
    if kind == "avgpool" and dilation != 1:
        raise ValueError(
            f"layer {index} (avgpool): torch's average pooling has no dilation, got {dilation!r}"
        )
    ceil_mode = item.get("ceil_mode", False)
    if not isinstance(ceil_mode, bool):
        raise ValueError(f"layer {index} ({kind}): ceil_mode must be True or False, got {ceil_mode!r}")
    return _pool(kind, kind, kernel, stride, padding, dilation, ceil_mode, index)


def _passthrough(kind: str, name: str) -> Layer:
    return Layer(kind, name, (1, 1), (1, 1), (0, 0), (1, 1))


def _conv(kind, name, kernel_size, stride, padding, dilation, index) -> Layer:
    try:
        kernel = _args.pair(kernel_size, "kernel_size", 1)
        strides = _args.pair(stride, "stride", 1)
        dilations = _args.pair(dilation, "dilation", 1)
        same = isinstance(padding, str) and padding == "same"
        if same:
            if strides != (1, 1):
                raise ValueError(f"padding='same' needs stride 1 (as in torch), got stride {stride!r}")
            paddings = tuple(d * (k - 1) // 2 for k, d in zip(kernel, dilations, strict=True))
        elif isinstance(padding, str) and padding == "valid":
            paddings = (0, 0)
        else:
            paddings = _args.pair(padding, "padding", 0)
    except ValueError as error:
        raise ValueError(f"layer {index} ({name}): {error}") from None
    return Layer(kind, name, kernel, strides, paddings, dilations, same=same)


def _pool(kind, name, kernel_size, stride, padding, dilation, ceil_mode, index) -> Layer:
    try:
        kernel = _args.pair(kernel_size, "kernel_size", 1)
        strides = _args.pair(stride, "stride", 1)
        paddings = _args.pair(padding, "padding", 0)
        dilations = _args.pair(dilation, "dilation", 1)
        for p, k in zip(paddings, kernel, strict=True):
            if p > k // 2:
                raise ValueError(
                    f"padding {padding!r} is more than half of kernel_size {kernel_size!r}; "
                    f"pooling padding must be <= kernel_size // 2 (as in torch)"
                )
    except ValueError as error:
        raise ValueError(f"layer {index} ({name}): {error}") from None
    return Layer(kind, name, kernel, strides, paddings, dilations, ceil_mode=bool(ceil_mode))


def _output_size(layer: Layer, size: tuple[int, int], index: int) -> tuple[int, int]:
    """The (h, w) feature map after ``layer``, or a ValueError naming the layer when it would be empty."""
    if layer.kind == "elementwise" or layer.same:
        return size
    axes = zip(size, layer.kernel_size, layer.stride, layer.padding, layer.dilation, strict=True)
    try:
        if layer.kind in CONV_KINDS:
            return tuple(conv_output_size(*axis) for axis in axes)
        return tuple(pool_output_size(*axis, ceil_mode=layer.ceil_mode) for axis in axes)
    except ValueError as error:
        raise ValueError(
            f"layer {index} ({layer.name}) leaves no output for a {size} input: {error}"
        ) from None
