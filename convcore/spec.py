"""The parameters of one window walk, as one value: kernel size, stride, padding, dilation, padding mode.

Every walk (``sliding_window``, ``pool_window``, ``channel_window``) carries the ``Spec`` it was walked
with, so whoever draws or explains a walk reads its parameters from it instead of being handed them again.
"""

from __future__ import annotations

from dataclasses import dataclass

from convcore import _args


@dataclass(frozen=True)
class Spec:
    """Normalised pairs (rows, columns); ``padding`` is the top/left padding (symmetric walks).

    >>> Spec.of((2, 2), stride=2, padding=1)
    Spec(kernel_size=(2, 2), stride=(2, 2), padding=(1, 1), dilation=(1, 1), padding_mode='zeros')
    """

    kernel_size: tuple[int, int]
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)
    padding_mode: str = "zeros"

    @classmethod
    def of(cls, kernel_size, stride=1, padding=0, dilation=1, padding_mode="zeros") -> Spec:
        """A spec from torch-style arguments (an int or a pair each), checked as the walks check them."""
        return cls(
            kernel_size=_args.pair(kernel_size, "kernel_size", 1),
            stride=_args.pair(stride, "stride", 1),
            padding=_args.pair(padding, "padding", 0),
            dilation=_args.pair(dilation, "dilation", 1),
            padding_mode=_args.padding_mode(padding_mode),
        )

    def span(self, axis: int) -> int:
        """How many input cells (padding included) one window covers along ``axis``: d * (k - 1) + 1."""
        return self.dilation[axis] * (self.kernel_size[axis] - 1) + 1
