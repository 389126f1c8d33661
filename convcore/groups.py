"""Grouped and depthwise convolution: which input channels each output channel reads, and what it costs.

With ``groups`` g, Conv2d splits its C input and O output channels into g groups; output channel o reads
only the C / g input channels of its group, so the weight is (O, C / g, kh, kw). ``groups = C`` is a
depthwise convolution (each channel filtered on its own); followed by a 1x1 convolution it is the
depthwise-separable convolution of MobileNet-style networks.
"""

from __future__ import annotations

from dataclasses import dataclass

from convcore import _args
from convcore.shapes import conv_parameters


def group_divisors(in_channels, out_channels=None) -> list[int]:
    """The groups values Conv2d accepts: the divisors of in_channels (and of out_channels, if given).

    >>> group_divisors(6), group_divisors(6, 4)
    ([1, 2, 3, 6], [1, 2])
    """
    c = _args.integer(in_channels, "in_channels", 1)
    o = c if out_channels is None else _args.integer(out_channels, "out_channels", 1)
    return [g for g in range(1, c + 1) if c % g == 0 and o % g == 0]


@dataclass(frozen=True)
class Grouping:
    """A Conv2d's channel wiring for one groups value, its weight shape and its costs."""

    in_channels: int
    out_channels: int
    groups: int
    kernel_size: tuple[int, int]
    reads: tuple[tuple[int, ...], ...]  # reads[o]: the input channels output channel o sums over
    weight_shape: tuple[int, int, int, int]  # (O, C / groups, kh, kw)
    parameters: int  # weights plus one bias per output channel (if bias)
    multiply_adds: int  # per output map of output_size: O * (C / groups) * kh * kw * H' * W'

    def connections(self) -> list[list[bool]]:
        """(O, C): True where output channel o reads input channel c."""
        return [[c in self.reads[o] for c in range(self.in_channels)] for o in range(self.out_channels)]


def grouping(in_channels, out_channels, kernel_size, groups=1, output_size=(1, 1), bias=True) -> Grouping:
    """The wiring and costs of ``nn.Conv2d(in_channels, out_channels, kernel_size, groups=groups)``.

    >>> g = grouping(4, 4, 3, groups=2, output_size=(5, 5))
    >>> g.reads, g.weight_shape, g.parameters, g.multiply_adds
    (((0, 1), (0, 1), (2, 3), (2, 3)), (4, 2, 3, 3), 76, 1800)
    """
    groups = _args.integer(groups, "groups", 1)
    parameters = conv_parameters(
        in_channels, out_channels, kernel_size, bias, groups
    )  # checks groups divides
    c, o = int(in_channels), int(out_channels)
    kh, kw = _args.pair(kernel_size, "kernel_size", 1)
    h, w = _args.pair(output_size, "output_size", 1)
    per_in = c // groups
    reads = _args.group_reads(c, o, groups)
    return Grouping(
        c, o, groups, (kh, kw), reads, (o, per_in, kh, kw), parameters, o * per_in * kh * kw * h * w
    )


@dataclass(frozen=True)
class Separable:
    """A full convolution against depthwise (groups = C) followed by a 1x1 convolution: same output shape."""

    full: Grouping  # Conv2d(C, O, k)
    depthwise: Grouping  # Conv2d(C, C, k, groups=C)
    pointwise: Grouping  # Conv2d(C, O, 1)

    @property
    def parameters(self) -> int:
        return self.depthwise.parameters + self.pointwise.parameters

    @property
    def multiply_adds(self) -> int:
        return self.depthwise.multiply_adds + self.pointwise.multiply_adds


def separable(in_channels, out_channels, kernel_size, output_size=(1, 1), bias=True) -> Separable:
    """Depthwise-separable convolution against a full one with the same output shape.

    >>> s = separable(3, 3, 3, output_size=(4, 4))
    >>> s.full.parameters, s.parameters, s.full.multiply_adds, s.multiply_adds
    (84, 42, 1296, 576)
    """
    c = _args.integer(in_channels, "in_channels", 1)
    return Separable(
        full=grouping(c, out_channels, kernel_size, 1, output_size, bias),
        depthwise=grouping(c, c, kernel_size, c, output_size, bias),
        pointwise=grouping(c, out_channels, 1, 1, output_size, bias),
    )
