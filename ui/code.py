"""'Show the code': the convcore source that ran, and the same computation as a torch call."""

from __future__ import annotations

import functools
import inspect

import torch


@functools.cache
def source(*functions) -> str:
    """The source of each function, read from the module that ran it (once per process: it cannot change)."""
    return "\n\n".join(inspect.getsource(function) for function in functions)


def _literal(values: torch.Tensor) -> str:
    rows = ",\n    ".join("[" + ", ".join(f"{v:.6g}" for v in row) + "]" for row in values.tolist())
    return f"[\n    {rows},\n]"


def torch_snippet(
    X: torch.Tensor, K: torch.Tensor, bias: float, stride, padding, dilation, padding_mode
) -> str:
    """A runnable script computing the explorer's output with ``torch.nn.Conv2d``, printed as Y."""
    kh, kw = K.shape
    h, w = X.shape
    return f"""import torch
from torch import nn

X = torch.tensor({_literal(X)}, dtype=torch.float32).reshape(1, 1, {h}, {w})
K = torch.tensor({_literal(K)}, dtype=torch.float32).reshape(1, 1, {kh}, {kw})

conv = nn.Conv2d(1, 1, kernel_size=({kh}, {kw}), stride={tuple(stride)}, padding={tuple(padding)},
                 dilation={tuple(dilation)}, padding_mode="{padding_mode}", bias=True)
with torch.no_grad():
    conv.weight.copy_(K)
    conv.bias.fill_({bias!r})
    Y = conv(X)[0, 0]
print(Y)
"""
