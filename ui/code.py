"""'Show the code': the convcore source that ran, and the same computation as a torch call."""

from __future__ import annotations

import functools
import inspect

import torch


@functools.lru_cache(maxsize=16)  # keyed by functions, not input: a few entries ever
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


def _arg(pair: tuple[int, int]) -> str:
    """A pair as torch takes it: one number when both sides agree."""
    return str(pair[0]) if pair[0] == pair[1] else str(tuple(pair))


def sequential_snippet(layers: list, input_size: tuple[int, int]) -> str:
    """The layer stack (convcore ``Layer``s) as a runnable nn.Sequential (one channel throughout: fields do
    not depend on channels)."""
    lines = []
    for layer in layers:
        k, s, p, d = (_arg(v) for v in (layer.kernel_size, layer.stride, layer.padding, layer.dilation))
        if layer.kind == "conv":
            lines.append(f"nn.Conv2d(1, 1, kernel_size={k}, stride={s}, padding={p}, dilation={d})")
        elif layer.kind == "maxpool":
            lines.append(f"nn.MaxPool2d(kernel_size={k}, stride={s}, padding={p}, dilation={d})")
        else:
            lines.append(f"nn.AvgPool2d(kernel_size={k}, stride={s}, padding={p})")
    body = "".join(f"    {line},\n" for line in lines)
    h, w = input_size
    return f"""import torch
from torch import nn

net = nn.Sequential(
{body})
X = torch.rand(1, 1, {h}, {w})
Y = net(X)
print(Y.shape)  # the last feature map
"""
