"""Argument normalisation shared by every convcore function.

Each public function accepts an int or an (h, w) pair wherever torch does, and
tensors, numpy arrays or nested lists wherever torch takes a tensor. The
helpers here turn those into one canonical form and raise a ``ConvError`` (a
``ValueError``) that names the parameter, its value and the valid range.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import torch

from convcore.errors import ConvError

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
MAX_INT = 2**31 - 1  # no size, stride, padding or dilation is larger (torch's kernels index with int32/int64)
MAX_CELLS = 2**26  # the most cells one call builds in a tensor or an index list (256 MB of float32)


def cells(count: int, what: str) -> None:
    """Refuse to build ``what`` when it would hold more than MAX_CELLS cells (a ValueError, not a MemoryError).

    ``what`` is an id of ``errors.WORDS["what"]`` ("padded_input"), spelled out in the message.
    """
    if count > MAX_CELLS:
        raise ConvError("too_many_cells", what=what, count=count, limit=MAX_CELLS)


def pair(value, name: str, minimum: int) -> tuple[int, int]:
    """``value`` as an (h, w) pair of ints, each at least ``minimum``.

    >>> pair(3, "stride", 1)
    (3, 3)
    """
    if isinstance(value, bool):
        raise ConvError("not_int_pair", name=name, value=value)
    if isinstance(value, numbers.Integral):
        items = (int(value), int(value))
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
            raise ConvError("not_int_pair", name=name, value=value)
        items = (int(value[0]), int(value[1]))
    else:
        raise ConvError("not_int_pair", name=name, value=value)
    for item in items:
        if item < minimum:
            raise ConvError("too_small", name=name, minimum=minimum, value=value)
        if item > MAX_INT:
            raise ConvError("too_large", name=name, maximum=MAX_INT, value=value)
    return items


def integer(value, name: str, minimum: int) -> int:
    """``value`` as one int of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ConvError("not_int", name=name, value=value)
    if value < minimum:
        raise ConvError("too_small", name=name, minimum=minimum, value=value)
    if value > MAX_INT:
        raise ConvError("too_large", name=name, maximum=MAX_INT, value=value)
    return int(value)


def one_of(name: str, choices: tuple[str, ...], value) -> ConvError:
    """The refusal of ``value`` for ``name``, which takes one of ``choices`` (raise it)."""
    return ConvError("one_of", name=name, choices=", ".join(map(repr, choices)), value=value)


def real(value, name: str) -> float:
    """``value`` as a float: any real number (int, float, numpy scalar), never a bool."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ConvError("not_real_number", name=name, value=value)
    return float(value)


def positive(value, name: str) -> float:
    """``value`` as a finite float > 0."""
    value = real(value, name)
    if not math.isfinite(value) or value <= 0:
        raise ConvError("finite_positive", name=name, value=value)
    return value


def groups_divide(groups: int, in_channels: int, out_channels: int) -> None:
    """Refuse ``groups`` unless it divides both channel counts (torch's rule for Conv2d and ConvTranspose2d)."""
    if in_channels % groups or out_channels % groups:
        raise ConvError("groups_divide", groups=groups, in_channels=in_channels, out_channels=out_channels)


def group_reads(in_channels: int, out_channels: int, groups: int) -> tuple[tuple[int, ...], ...]:
    """For each output channel, the input channels its group reads (groups must divide both counts)."""
    per_in, per_out = in_channels // groups, out_channels // groups
    return tuple(
        tuple(range((o // per_out) * per_in, (o // per_out + 1) * per_in)) for o in range(out_channels)
    )


def batched(
    input: torch.Tensor, weight: torch.Tensor, weight_key: str
) -> tuple[torch.Tensor, torch.Tensor, int]:
    """``input`` as (N, C, H, W), ``weight`` as a 4-D tensor, and the input's own rank (2, 3 or 4).

    A 2-D weight is one kernel for one channel in and out. ``weight_key`` is the refusal of any other
    weight rank (``conv_weight_shape`` or ``transpose_weight_shape``: their layouts differ).
    """
    if input.dim() not in (2, 3, 4):
        raise ConvError("conv_input_shape", shape=tuple(input.shape))
    rank = input.dim()
    X4 = input.reshape((1, 1) + tuple(input.shape)) if rank == 2 else (input[None] if rank == 3 else input)
    if weight.dim() == 2:
        weight = weight[None, None]
    elif weight.dim() != 4:
        raise ConvError(weight_key, shape=tuple(weight.shape))
    if X4.numel() == 0 or weight.numel() == 0:
        raise ConvError(
            "empty_input_or_weight", input_shape=tuple(input.shape), weight_shape=tuple(weight.shape)
        )
    return X4, weight, rank


def bias_vector(bias, out_channels: int) -> torch.Tensor | None:
    """``bias`` as one value per output channel (one value is shared by all), or None."""
    if bias is None:
        return None
    b = tensor(bias, "bias").reshape(-1)
    if b.numel() == 1 and out_channels > 1:
        b = b.expand(out_channels)
    if b.numel() != out_channels:
        raise ConvError("bias_per_channel", out_channels=out_channels, count=b.numel())
    return b


def unbatched(Y: torch.Tensor, rank: int) -> torch.Tensor:
    """A (N, O, H', W') result in the input's rank: (N, O, ...) for 4-D, (O, ...) for 3-D or several
    output channels, (H', W') for a 2-D input with one output channel."""
    if rank == 4:
        return Y
    if rank == 3 or Y.shape[1] > 1:
        return Y[0]
    return Y[0, 0]


def padding_mode(value: str) -> str:
    if value not in PADDING_MODES:
        raise ConvError("one_of", name="padding_mode", choices=", ".join(PADDING_MODES), value=value)
    return value


def tensor(value, name: str) -> torch.Tensor:
    """A float32 tensor from a tensor, a numpy array or nested lists."""
    if isinstance(value, torch.Tensor):
        result = value
    else:
        try:
            array = np.asarray(value, dtype=np.float32)
        except (TypeError, ValueError) as error:
            raise ConvError("not_numeric", name=name, detail=str(error)) from None
        result = torch.from_numpy(array)
    if result.is_complex() or result.dtype == torch.bool:
        raise ConvError("not_real", name=name, dtype=str(result.dtype))
    return result.to(torch.float32)


def matrix(value, name: str) -> torch.Tensor:
    """A non-empty 2-D float32 tensor."""
    result = tensor(value, name)
    if result.dim() != 2:
        raise ConvError("not_2d", name=name, shape=tuple(result.shape))
    if result.numel() == 0:
        raise ConvError("empty", name=name, shape=tuple(result.shape))
    return result
