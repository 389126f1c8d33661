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

For a page that follows one cell: ``check_layers`` says what is wrong with each
layer, ``fields_until_empty`` stops where a feature map would vanish,
``trace_cell`` gives the cell's box and the cells it really reads in every
feature map, and ``effective_receptive_field`` the autograd gradient map of Luo
et al. (2016), summarised by ``mass_share``, ``central_box`` and ``central_part``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from convcore import _args
from convcore.errors import ConvError
from convcore.shapes import _conv_output_size, _pool_output_size, index_map, same_padding

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

# Why the common layers that are not a sliding window have no receptive field here (a ConvError key).
UNSUPPORTED_REASONS = {
    nn.Linear: "unsupported_dense",  # it connects every position to every output
    nn.Flatten: "unsupported_flatten",  # it folds the spatial axes into one
    nn.Upsample: "unsupported_upsampling",  # it enlarges the feature map
    nn.ConvTranspose2d: "unsupported_upsampling",
    nn.AdaptiveAvgPool2d: "unsupported_adaptive",  # its window depends on the input size
    nn.AdaptiveMaxPool2d: "unsupported_adaptive",
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
                    raise ConvError("cell_beyond_output", name=name, length=length, index=index)
        # the field is a window of its size, read at the effective stride and padding: the same index map
        reads = [
            index_map([c], r, s, p, 1)[0] for c, r, s, p in zip(cell, self.size, self.stride, self.padding)
        ]
        return (int(reads[0][0]), int(reads[1][0])), (int(reads[0][-1]), int(reads[1][-1]))


def receptive_field(layers, input_size=None) -> list[ReceptiveField]:
    """The receptive field of every layer's output in the input, one entry per layer.

    >>> fields = receptive_field([{"kind": "conv", "kernel_size": 2}, {"kind": "conv", "kernel_size": 2}])
    >>> fields[-1].size, fields[-1].region(0, 0)
    ((3, 3), ((0, 0), (2, 2)))
    """
    if input_size is not None:
        input_size = _args.pair(input_size, "input_size", 1)
    parsed = (_layer(item, index) for index, item in enumerate(_flatten(layers)))
    return list(_walk(parsed, input_size))


def _walk(parsed, input_size, start: int = 0):
    """Yield the field of each parsed layer in turn, going up; a layer left with no output raises there."""
    rf_size, effective_stride, effective_padding = [1, 1], [1, 1], [0, 0]
    feature_size = input_size
    for index, layer in enumerate(parsed, start):
        for axis in range(2):
            effective_kernel = layer.dilation[axis] * (layer.kernel_size[axis] - 1) + 1
            rf_size[axis] += (effective_kernel - 1) * effective_stride[axis]
            effective_padding[axis] += layer.padding[axis] * effective_stride[axis]
            effective_stride[axis] *= layer.stride[axis]
        if feature_size is not None:
            feature_size = _output_size(layer, feature_size, index)
        yield ReceptiveField(
            tuple(rf_size), tuple(effective_stride), tuple(effective_padding), layer, feature_size
        )


def _flatten(layers):
    """The layers as a flat list: nested ``nn.Sequential``s unrolled, a lone module or dict wrapped."""
    if isinstance(layers, (dict, nn.Module)) and not isinstance(layers, (nn.Sequential, nn.ModuleList)):
        return [layers]
    try:
        items = list(layers)
    except TypeError:
        raise ConvError("bad_layers", type=type(layers).__name__) from None
    flat = []
    for item in items:
        if isinstance(item, (nn.Sequential, nn.ModuleList)):
            flat.extend(_flatten(item))
        else:
            flat.append(item)
    return flat


def to_layer(item, index: int = 1) -> Layer:
    """One layer as the receptive field sees it, checked: a ``Layer`` as it is, a layer dict
    (``kind``, ``kernel_size``, ``stride``, ``padding``, ``dilation``, ``ceil_mode``) or a torch module.
    ``index`` numbers the layer in error messages.

    >>> to_layer({"kind": "maxpool", "kernel_size": 2}).stride  # pooling strides by its window, as torch
    (2, 2)
    """
    return _layer(item, index)


def _layer(item, index: int) -> Layer:
    if isinstance(item, Layer):
        return item
    if isinstance(item, dict):
        return _dict_layer(item, index)
    if isinstance(item, nn.Module):
        return _module_layer(item, index)
    raise ConvError("bad_layer_item", index=index, type=type(item).__name__)


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
            raise ConvError(reason, name=name, index=index)
    raise ConvError("unsupported_module", name=name, index=index)


def _dict_layer(item: dict, index: int) -> Layer:
    unknown = sorted(set(item) - set(DICT_KEYS), key=str)
    if unknown:
        raise ConvError("unknown_layer_keys", index=index, unknown=unknown, keys=", ".join(DICT_KEYS))
    kind = item.get("kind")
    if kind in ELEMENTWISE_KINDS:
        return _passthrough("elementwise", kind)
    if kind not in CONV_KINDS + POOL_KINDS:
        kinds = ", ".join(CONV_KINDS + POOL_KINDS + ELEMENTWISE_KINDS)
        raise ConvError("unsupported_kind", kind=kind, index=index, kinds=kinds)
    if "kernel_size" not in item:
        raise ConvError("layer", index=index, name=kind, error=ConvError("kernel_size_required"))
    kernel = item["kernel_size"]
    padding = item.get("padding", 0)
    dilation = item.get("dilation", 1)
    if kind == "conv":
        if "ceil_mode" in item:
            raise ConvError("layer", index=index, name=kind, error=ConvError("ceil_mode_pooling_only"))
        return _conv(kind, kind, kernel, item.get("stride", 1), padding, dilation, index)
    stride = item.get("stride")
    stride = kernel if stride is None else stride
    ceil_mode = item.get("ceil_mode", False)
    if not isinstance(ceil_mode, bool):
        error = ConvError("not_bool", name="ceil_mode", value=ceil_mode)
        raise ConvError("layer", index=index, name=kind, error=error)
    return _pool(kind, kind, kernel, stride, padding, dilation, ceil_mode, index)


def _passthrough(kind: str, name: str) -> Layer:
    return Layer(kind, name, (1, 1), (1, 1), (0, 0), (1, 1))


def _conv(kind, name, kernel_size, stride, padding, dilation, index) -> Layer:
    # the hyperparameters are checked in the order a layer table shows them: kernel, stride, padding, dilation
    try:
        kernel = _args.pair(kernel_size, "kernel_size", 1)
        strides = _args.pair(stride, "stride", 1)
        same = isinstance(padding, str) and padding == "same"
        if isinstance(padding, str) and padding in ("same", "valid"):
            paddings = (0, 0)  # "same" is worked out below, once the dilation is known
        else:
            paddings = _args.pair(padding, "padding", 0)
        dilations = _args.pair(dilation, "dilation", 1)
        if same:
            if strides != (1, 1):
                raise ConvError("same_needs_stride_1_layer", stride=stride)
            paddings = tuple(top for top, _ in same_padding(kernel, dilations))
    except ConvError as error:
        raise ConvError("layer", index=index, name=name, error=error) from None
    return Layer(kind, name, kernel, strides, paddings, dilations, same=same)


def _pool(kind, name, kernel_size, stride, padding, dilation, ceil_mode, index) -> Layer:
    try:
        kernel = _args.pair(kernel_size, "kernel_size", 1)
        strides = _args.pair(stride, "stride", 1)
        paddings = _args.pair(padding, "padding", 0)
        dilations = _args.pair(dilation, "dilation", 1)
        if kind == "avgpool" and dilation != 1:
            raise ConvError("avgpool_no_dilation", dilation=dilation)
        for p, k in zip(paddings, kernel, strict=True):
            if p > k // 2:
                raise ConvError("pool_padding_layer", padding=padding, kernel_size=kernel_size, p=p, k=k,
                                half=k // 2)  # fmt: skip
    except ConvError as error:
        raise ConvError("layer", index=index, name=name, error=error) from None
    return Layer(kind, name, kernel, strides, paddings, dilations, ceil_mode=bool(ceil_mode))


def _output_size(layer: Layer, size: tuple[int, int], index: int) -> tuple[int, int]:
    """The (h, w) feature map after ``layer``, or a ConvError naming the layer when it would be empty."""
    if layer.kind == "elementwise" or layer.same:
        return size
    axes = enumerate(zip(size, layer.kernel_size, layer.stride, layer.padding, layer.dilation, strict=True))
    try:
        if layer.kind in CONV_KINDS:
            return tuple(_conv_output_size(*values, axis) for axis, values in axes)
        return tuple(_pool_output_size(*values, layer.ceil_mode, axis) for axis, values in axes)
    except ConvError as error:
        raise ConvError("layer_no_output", index=index, name=layer.name, size=size,
                        kernel_size=layer.kernel_size, error=error) from None  # fmt: skip


# --- one cell through the whole stack: per-layer checks, regions in every map, the effective field ---------

Region = tuple[tuple[int, int], tuple[int, int]]  # ((top, left), (bottom, right)), inclusive
ERF_WEIGHTS = ("uniform", "random")


def check_layers(layers, start: int = 0) -> list[ConvError | None]:
    """Per layer, why it is not a valid layer (the ``ConvError`` ``receptive_field`` raises for it), or None.

    Every layer is checked, not only the first bad one, so a table can mark each.
    Errors number the layers from ``start`` (1 for a page that calls the input layer 0).

    >>> problems = check_layers([{"kind": "conv", "kernel_size": 3}, {"kind": "conv", "kernel_size": 3, "stride": 0}], 1)
    >>> problems[0], str(problems[1]), problems[1].key, problems[1].values["error"].key
    (None, 'layer 2 (conv): stride must be >= 1, got 0', 'layer', 'too_small')
    """
    problems = []
    for index, item in enumerate(_flatten(layers), start):
        try:
            _layer(item, index)
        except ConvError as error:
            problems.append(error)
        else:
            problems.append(None)
    return problems


def fields_until_empty(layers, input_size, start: int = 0) -> tuple[list[ReceptiveField], ConvError | None]:
    """``receptive_field(layers, input_size)`` up to the first layer whose feature map would be empty.

    Returns the fields of the layers below that one and why it has no output (the
    ``ConvError`` ``receptive_field`` raises there), or every field and None. Every layer
    is parsed first, so an invalid layer anywhere raises as in ``receptive_field``;
    errors number layers from ``start``.

    >>> fields, why = fields_until_empty([{"kind": "conv", "kernel_size": 3}] * 3, 6, start=1)
    >>> [f.output_size for f in fields], str(why)
    ([(4, 4), (2, 2)], 'layer 3 (conv) leaves no output for a (2, 2) input: kernel_size 3 is more than the padded input (2 + 2*0 = 2); kernel_size must be <= 2 here, or raise padding')
    """
    input_size = _args.pair(input_size, "input_size", 1)
    parsed = [_layer(item, index) for index, item in enumerate(_flatten(layers), start)]
    fields = []
    try:
        for field in _walk(parsed, input_size, start):
            fields.append(field)
    except ConvError as error:
        return fields, error
    return fields, None


@dataclass(frozen=True)
class MapRegion:
    """Where one output cell of the last layer reaches in one feature map (the input is map 0).

    ``box`` is the theoretical region, ``ReceptiveField.region`` of the layers above
    this map, in the map's own unpadded coordinates: a row < 0 or >= ``size[0]`` is
    padding (or lies beyond it). ``rows`` and ``cols`` are the cells the output cell
    really depends on, padding included: the cells read are rows x cols. Inside the
    box they leave gaps when a stride or a dilation skips cells, and they stop at
    padding (a padding cell is a constant: nothing below it is read for it).

    >>> region = MapRegion((3, 3), ((-1, -1), (1, 1)), (-1, 0, 1), (-1, 0, 1))
    >>> region.box_shape, region.box_cells, region.box_padding_cells, region.read_cells
    ((3, 3), 9, 5, 4)
    """

    size: tuple[int, int]
    box: Region
    rows: tuple[int, ...]
    cols: tuple[int, ...]

    @property
    def box_shape(self) -> tuple[int, int]:
        (top, left), (bottom, right) = self.box
        return bottom - top + 1, right - left + 1

    @property
    def box_cells(self) -> int:
        return self.box_shape[0] * self.box_shape[1]

    @property
    def box_padding_cells(self) -> int:
        """Cells of the box outside the map: padding."""
        return self.box_cells - self._inside(self.box)

    @property
    def read_cells(self) -> int:
        """Cells of the map itself (not padding) that the output cell depends on."""
        rows = sum(0 <= r < self.size[0] for r in self.rows)
        cols = sum(0 <= c < self.size[1] for c in self.cols)
        return rows * cols

    @property
    def read_padding_cells(self) -> int:
        """Padding cells that windows on the way to the output cell read."""
        return len(self.rows) * len(self.cols) - self.read_cells

    def _inside(self, box: Region) -> int:
        (top, left), (bottom, right) = box
        rows = max(0, min(bottom, self.size[0] - 1) - max(top, 0) + 1)
        cols = max(0, min(right, self.size[1] - 1) - max(left, 0) + 1)
        return rows * cols


def trace_cell(layers, input_size, i, j) -> list[MapRegion]:
    """Output cell (i, j) of the last layer traced down through every feature map, the input first.

    Entry ``m`` is the map after layer ``m`` (entry 0 the input, the last entry the
    cell itself). Each box is ``receptive_field(layers[m:])[-1].region(i, j)``, got
    by running the recurrence down one layer at a time::

        top_{m-1} = top_m * s_m - p_m        bottom_{m-1} = bottom_m * s_m - p_m + d_m * (k_m - 1)

    >>> maps = trace_cell([{"kind": "conv", "kernel_size": 2}] * 2, 3, 0, 0)
    >>> [(m.size, m.box, m.read_cells) for m in maps]
    [((3, 3), ((0, 0), (2, 2)), 9), ((2, 2), ((0, 0), (1, 1)), 4), ((1, 1), ((0, 0), (0, 0)), 1)]
    """
    fields = receptive_field(layers, input_size)
    if not fields:
        raise ConvError("no_layers")
    fields[-1].region(i, j)  # checks the cell against the last output size
    _check_traceable(fields)
    return _trace(fields, _args.pair(input_size, "input_size", 1), int(i), int(j))


def _check_traceable(fields: list[ReceptiveField]) -> None:
    """Tracing lists the rows and columns of every box, reading k of them per row above: cap both."""
    for field in fields:
        _args.cells(field.size[0] + field.size[1], "traced_lines")
        k = field.layer.kernel_size
        _args.cells(field.size[0] * k[0] + field.size[1] * k[1], "traced_reads")


def _trace(fields: list[ReceptiveField], input_size, i: int, j: int) -> list[MapRegion]:
    sizes = [input_size] + [f.output_size for f in fields]
    box = [[i, i], [j, j]]  # per axis: [first, last]
    reads = [[i], [j]]
    maps = [MapRegion(sizes[-1], _box(box), tuple(reads[0]), tuple(reads[1]))]
    for field, size in zip(reversed(fields), reversed(sizes[:-1])):
        layer, above = field.layer, field.output_size
        for axis in range(2):
            k, s, p, d = (v[axis] for v in (layer.kernel_size, layer.stride, layer.padding, layer.dilation))
            ends = index_map(box[axis], k, s, p, d)  # the first box cell's first read, the last one's last
            box[axis] = [int(ends[0, 0]), int(ends[1, -1])]
            real = [r for r in reads[axis] if 0 <= r < above[axis]]
            reads[axis] = sorted(set(index_map(real, k, s, p, d).ravel().tolist()))
        maps.append(MapRegion(size, _box(box), tuple(reads[0]), tuple(reads[1])))
    return maps[::-1]


def _box(box) -> Region:
    return (box[0][0], box[1][0]), (box[0][1], box[1][1])


def effective_receptive_field(layers, input_size, cell, weights="uniform", relu=False, seed=0):
    """|d y[i, j] / d x|: how strongly each input cell moves output cell ``cell`` of the last layer.

    Luo, Li, Urtasun and Zemel, "Understanding the Effective Receptive Field in
    Deep Convolutional Neural Networks" (NeurIPS 2016). The stack is built on one
    channel with no bias: each convolution's weights are all ``1 / (kh * kw)``
    (``weights="uniform"``) or seeded standard normals scaled by the same
    factor (``"random"``), with a ReLU after each convolution if ``relu``; pools
    are torch's. The input is seeded standard normal noise (it only matters to
    ReLU and max pooling), and autograd carries the gradient down from the cell.
    Returns an (H, W) float32 tensor; it is zero outside ``trace_cell``'s box.

    Only the cell's box in every feature map is computed (the rest cannot reach
    it), so the cost follows the receptive field, not the feature maps: the same
    numbers as running the whole stack, for any input size.

    >>> effective_receptive_field([{"kind": "conv", "kernel_size": 2}] * 2, 3, (0, 0)) * 16
    tensor([[1., 2., 1.],
            [2., 4., 2.],
            [1., 2., 1.]])
    """
    if weights not in ERF_WEIGHTS:
        raise ConvError("erf_weights", choices=", ".join(ERF_WEIGHTS), value=weights)
    if not isinstance(relu, bool):
        raise ConvError("not_bool", name="relu", value=relu)
    seed = _args.integer(seed, "seed", 0)
    size = _args.pair(input_size, "input_size", 1)
    fields = receptive_field(layers, size)
    if not fields:
        raise ConvError("no_layers")
    if not isinstance(cell, (tuple, list)) or len(cell) != 2:
        raise ConvError("cell_not_pair", value=cell)
    fields[-1].region(*cell)
    _check_traceable(fields)
    _args.cells(size[0] * size[1], "input")
    for field in fields:  # each box is computed as one tensor, each kernel too
        _args.cells(field.size[0] * field.size[1], "field_box")
        _args.cells(field.layer.kernel_size[0] * field.layer.kernel_size[1], "kernel")
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(1, 1, *size, generator=generator)
    kernels = {}  # drawn in layer order, so a seed gives the same weights however the stack is run
    for index, field in enumerate(fields):
        if field.layer.kind in CONV_KINDS:
            kh, kw = field.layer.kernel_size
            kernels[index] = torch.full((1, 1, kh, kw), 1.0 / (kh * kw))
            if weights == "random":
                kernels[index] = torch.randn(1, 1, kh, kw, generator=generator) / (kh * kw)
    overhang = any(
        f.layer.kind not in CONV_KINDS + ("maxpool", "elementwise") and f.layer.ceil_mode for f in fields
    )
    if overhang:  # an average over a window hanging past the padding divides by fewer cells: run it all
        return _erf_whole(fields, x, kernels, tuple(cell), relu)
    return _erf_boxes(fields, x, kernels, tuple(cell), relu)


def _erf_whole(fields, x, kernels, cell, relu):
    """The stack on the whole input, as torch runs it."""
    x = x.requires_grad_(True)
    y = x
    for index, field in enumerate(fields):
        layer = field.layer
        if layer.kind in CONV_KINDS:
            if layer.same:
                (top, bottom), (left, right) = same_padding(layer.kernel_size, layer.dilation)
                y = F.conv2d(F.pad(y, (left, right, top, bottom)), kernels[index], dilation=layer.dilation)
            else:
                y = F.conv2d(
                    y, kernels[index], stride=layer.stride, padding=layer.padding, dilation=layer.dilation
                )
            if relu:
                y = F.relu(y)
        elif layer.kind == "maxpool":
            y = F.max_pool2d(
                y, layer.kernel_size, layer.stride, layer.padding, layer.dilation, layer.ceil_mode
            )
        elif (
            layer.kind != "elementwise"
        ):  # avgpool and the generic "pool": padding counted as zeros, as torch
            y = F.avg_pool2d(y, layer.kernel_size, layer.stride, layer.padding, layer.ceil_mode)
    (grad,) = torch.autograd.grad(y[0, 0, cell[0], cell[1]], x)
    return grad[0, 0].abs()


def _erf_boxes(fields, x, kernels, cell, relu):
    """The stack on the cell's box in every map: cells of a box outside its map hold the padding value of
    the layer that reads them (0, or -inf before a max pool), and every layer runs with no padding of
    its own; each layer then yields exactly the box above it, and the cell is what torch computes."""
    regions = _trace(fields, tuple(x.shape[-2:]), *cell)
    steps = [(index, field.layer) for index, field in enumerate(fields) if field.layer.kind != "elementwise"]
    if not steps:  # only elementwise layers: each output cell is its own input cell (identity, as _erf_whole)
        full = torch.zeros(tuple(x.shape[-2:]))
        full[cell] = 1.0
        return full
    maps = [regions[0]] + [regions[index + 1] for index, _ in steps]  # elementwise layers keep the box
    (top, left), (bottom, right) = maps[0].box
    h, w = maps[0].size
    rows, cols = (max(top, 0), min(bottom, h - 1)), (max(left, 0), min(right, w - 1))
    if rows[0] > rows[1] or cols[0] > cols[1]:
        return torch.zeros(h, w)  # the box lies in the padding: the cell is a constant
    real = x[:, :, rows[0] : rows[1] + 1, cols[0] : cols[1] + 1].clone().requires_grad_(True)
    pads = (cols[0] - left, right - cols[1], rows[0] - top, bottom - rows[1])
    y = F.pad(real, pads, value=_pad_value(steps[0][1]))
    for step, (index, layer) in enumerate(steps):
        if layer.kind in CONV_KINDS:
            y = F.conv2d(y, kernels[index], stride=layer.stride, dilation=layer.dilation)
            if relu:
                y = F.relu(y)
        elif layer.kind == "maxpool":
            y = F.max_pool2d(y, layer.kernel_size, layer.stride, 0, layer.dilation)
        else:
            y = F.avg_pool2d(y, layer.kernel_size, layer.stride, 0)
        if step + 1 < len(steps):  # cells of this box outside the map: the next layer's padding
            region = maps[step + 1]
            (top, left), _ = region.box
            r = torch.arange(y.shape[-2]) + top
            c = torch.arange(y.shape[-1]) + left
            inside = ((r >= 0) & (r < region.size[0]))[:, None] & ((c >= 0) & (c < region.size[1]))[None, :]
            y = torch.where(inside, y, torch.tensor(_pad_value(steps[step + 1][1])))
    (grad,) = torch.autograd.grad(y[0, 0, 0, 0], real)
    full = torch.zeros(h, w)
    full[rows[0] : rows[1] + 1, cols[0] : cols[1] + 1] = grad[0, 0].abs()
    return full


def _pad_value(layer) -> float:
    return float("-inf") if layer.kind == "maxpool" else 0.0


def mass_share(grad, box: Region) -> float:
    """The share of ``grad.sum()`` inside the inclusive ``box`` (clipped to the map); NaN when all is zero.

    >>> mass_share([[1, 1], [2, 0]], ((0, 0), (0, 1)))
    0.5
    """
    values = np.abs(np.asarray(grad, dtype=np.float64))
    total = values.sum()
    if total == 0:
        return float("nan")
    (top, left), (bottom, right) = box
    inside = values[max(top, 0) : max(bottom + 1, 0), max(left, 0) : max(right + 1, 0)].sum()
    return float(inside / total)


def central_box(grad, box: Region, share: float = 0.95) -> Region | None:
    """``box`` shrunk by the same number of cells on every side while it still holds ``share`` of the mass.

    The effective field's extent in the theoretical field's terms; None when the gradient is zero.

    >>> central_box([[0, 1, 0], [1, 8, 1], [0, 1, 0]], ((0, 0), (2, 2)), 0.6)
    ((1, 1), (1, 1))
    """
    if not 0 < share <= 1:
        raise ConvError("unit_interval", name="share", value=share)
    values = np.abs(np.asarray(grad, dtype=np.float64))
    total = values.sum()
    if total == 0:
        return None
    (top, left), (bottom, right) = box
    best = box
    for t in range(1, (min(bottom - top, right - left)) // 2 + 1):
        inner = (top + t, left + t), (bottom - t, right - t)
        if mass_share(values, inner) < share - 1e-9:
            break
        best = inner
    return best


def central_part(box: Region, fraction: float = 0.5) -> Region:
    """The centred sub-box whose sides are at most ``fraction`` of ``box``'s (same parity, so truly centred).

    >>> central_part(((0, 0), (6, 6))), central_part(((-3, 0), (208, 3)))
    (((2, 2), (4, 4)), ((50, 1), (155, 2)))
    """
    if not 0 < fraction <= 1:
        raise ConvError("unit_interval", name="fraction", value=fraction)
    (top, left), (bottom, right) = box
    start, end = [top, left], [bottom, right]
    for axis in range(2):
        side = end[axis] - start[axis] + 1
        inner = int(side * fraction)
        if (side - inner) % 2:
            inner -= 1
        inner = max(inner, 2 - side % 2)
        cut = (side - inner) // 2
        start[axis], end[axis] = start[axis] + cut, end[axis] - cut
    return (start[0], start[1]), (end[0], end[1])
