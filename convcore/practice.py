"""Practice: seeded, deterministic sets of questions whose answers come from convcore.

A set is drawn from a difficulty level by a seed: the same (kind, seed, level, op, count) always gives
the same questions, so a teacher hands out one link and every student gets the same set.

Kinds:

- ``cell``: the next output cell of a walk. ``op="conv"`` and ``op="pool"`` ask output cells in raster
  order (the value, the max or the average); ``op="transposed"`` asks, after input cell (i, j) has
  scattered its copy of the kernel, the running sum of one output cell it wrote.
- ``size``: an output size (H_out, W_out) of a convolution, a pooling or a transposed convolution.
- ``field``: the receptive-field size (h, w) of a last-layer cell of a layer stack.

Levels: 1 is d2l's examples (stride 1, no padding, no dilation); 2 adds padding and stride; 3 adds
dilation, rectangular kernels, reflect/replicate padding, pooling and transposed convolution (a
level-3 ``size`` set mixes all three ops).

>>> chosen = practice_set("cell", seed=0, level=1)
>>> first = chosen.questions[0]
>>> setting = chosen.settings[first.setting]
>>> setting.input.tolist(), setting.weight.tolist(), first.cell, first.answer
([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]], [[0.0, 1.0], [2.0, 3.0]], (0, 0), (19.0,))
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import torch

from convcore import _args
from convcore.errors import ConvError
from convcore.receptive_field import receptive_field
from convcore.shapes import conv_output_shape
from convcore.steps import pool_window, sliding_window
from convcore.transpose import conv_transpose_output_shape, transposed_window

KINDS = ("cell", "size", "field")
OPS = ("conv", "pool", "transposed", "stack")
LEVELS = (1, 2, 3)
PER_SETTING = 4  # cell questions asked of one walk before the set moves to the next setting
MAX_COUNT = 50


@dataclass(frozen=True)
class Setting:
    """One drawn setting. ``op``: "conv", "max", "avg", "transposed" or "stack" (a layer stack).

    ``weight`` is None for pooling and stacks; ``layers`` (dicts for ``receptive_field``) only for stacks.
    Pairs are (rows, columns); ``input_size`` is ``tuple(input.shape)`` (a stack's input may be large and
    is then not built: ``input`` is None).
    """

    op: str
    input_size: tuple[int, int]
    kernel_size: tuple[int, int] = (1, 1)
    stride: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)
    padding_mode: str = "zeros"
    output_padding: tuple[int, int] = (0, 0)
    input: torch.Tensor | None = None
    weight: torch.Tensor | None = None
    layers: tuple[dict, ...] = ()

    def walk(self):
        """convcore's walk of this setting (``sliding_window``, ``pool_window`` or ``transposed_window``)."""
        if self.op == "conv":
            return sliding_window(self.input, self.weight, None, self.stride, self.padding, self.dilation,
                                  self.padding_mode)  # fmt: skip
        if self.op in ("max", "avg"):
            return pool_window(self.input, self.kernel_size, self.stride, self.padding, self.dilation,
                               mode=self.op)  # fmt: skip
        if self.op == "transposed":
            return transposed_window(self.input, self.weight, self.stride, self.padding, self.output_padding,
                                     self.dilation)  # fmt: skip
        raise ConvError("one_of", name="op", choices="conv, max, avg, transposed", value=self.op)

    def output_shape(self) -> tuple[int, int]:
        """(H_out, W_out) from convcore's size formulas (for a stack: the last layer's)."""
        if self.op == "conv":
            return conv_output_shape(
                self.input_size, self.kernel_size, self.stride, self.padding, self.dilation
            )
        if self.op in ("max", "avg"):
            from convcore.pool import pool_args

            return tuple(pool_args(self.input_size, self.kernel_size, self.stride, self.padding, self.dilation,
                                   False, self.op)[-1])  # fmt: skip
        if self.op == "transposed":
            return conv_transpose_output_shape(self.input_size, self.kernel_size, self.stride, self.padding,
                                               self.output_padding, self.dilation)  # fmt: skip
        return receptive_field(list(self.layers), self.input_size)[-1].output_size

    def size_steps(self, axis: int) -> dict:
        """The output-size formula along ``axis`` (0 rows, 1 columns) worked step by step, and what the common
        slips give instead (only those that give another number), for a page that explains a wrong answer.

        Convolution and pooling: ``out = floor((n + 2p - d(k - 1) - 1) / s) + 1``; transposed convolution:
        ``out = (n - 1)s - 2p + d(k - 1) + output_padding + 1``.

        >>> Setting("conv", (7, 7), (3, 3), (2, 2), (1, 1)).size_steps(0)["numerator"]
        6
        """
        n, k, s = self.input_size[axis], self.kernel_size[axis], self.stride[axis]
        p, d, o = self.padding[axis], self.dilation[axis], self.output_padding[axis]
        values = {"n": n, "k": k, "s": s, "p": p, "d": d, "o": o}
        if self.op == "transposed":
            out = (n - 1) * s - 2 * p + d * (k - 1) + o + 1
            slips = {
                "padding_once": out + p,
                "no_padding": out + 2 * p,
                "no_output_padding": out - o,
                "no_dilation": out - (d - 1) * (k - 1),
                "no_plus_one": out - 1,
                "conv_formula": (n + 2 * p - d * (k - 1) - 1) // s + 1,
            }
            steps = {"scaled": (n - 1) * s, "span": d * (k - 1)}
        else:
            numerator = n + 2 * p - d * (k - 1) - 1
            out = numerator // s + 1
            slips = {
                "padding_once": (numerator - p) // s + 1,
                "no_padding": (numerator - 2 * p) // s + 1,
                "no_dilation": (n + 2 * p - (k - 1) - 1) // s + 1,
                "no_plus_one": numerator // s,
                "no_stride": numerator + 1,
                "ceil": -(-numerator // s) + 1,
            }
            steps = {"numerator": numerator, "quotient": numerator // s}
        slips = {name: value for name, value in slips.items() if value != out}
        return {**values, **steps, "out": out, "slips": slips}


@dataclass(frozen=True)
class Question:
    """One question: which setting of the set it asks about, where, and the answer.

    ``cell``: the output cell asked (``cell`` kind, conv and pool), the input cell whose step was just
    taken (transposed), the last-layer cell traced (``field``), None for ``size``. ``target``: the output
    cell whose running sum is asked (transposed only). ``answer``: one value (``cell``) or a pair
    (``size``: H_out, W_out; ``field``: the field's height and width).
    """

    kind: str
    number: int
    setting: int
    cell: tuple[int, int] | None
    target: tuple[int, int] | None
    answer: tuple[float, ...]


@dataclass(frozen=True)
class PracticeSet:
    kind: str
    seed: int
    level: int
    op: str
    settings: tuple[Setting, ...]
    questions: tuple[Question, ...]


def _t(rows) -> torch.Tensor:
    return torch.tensor(rows, dtype=torch.float32)


def _d2l_input() -> torch.Tensor:
    return torch.arange(9.0).reshape(3, 3)


def _ints(rng: random.Random, shape, low: int, high: int) -> torch.Tensor:
    return _t([[rng.randint(low, high) for _ in range(shape[1])] for _ in range(shape[0])])


def _halves(rng: random.Random, shape) -> torch.Tensor:
    return _t(
        [[rng.choice((-1.0, -0.5, 0.5, 1.0, 1.5, 2.0)) for _ in range(shape[1])] for _ in range(shape[0])]
    )


def printable(value: float) -> bool:
    """Whether a cell prints ``value`` unambiguously: finite, below 1000, and not halfway between two numbers
    at the 3 significant digits a cell prints (a typed exact value then rounds to the printed text in any
    browser, whose rounding of halves differs from Python's)."""
    if not math.isfinite(value) or abs(value) >= 1000:
        return False
    if value == int(value):
        return True
    digits = 3 - (math.floor(math.log10(abs(value))) + 1)
    scaled = abs(value) * 10**digits
    return abs(scaled - math.floor(scaled) - 0.5) > 1e-6


def _conv_setting(rng: random.Random, level: int, first: bool) -> Setting:
    if level == 1:
        if first:  # d2l's own example
            X, K = _d2l_input(), _t([[0, 1], [2, 3]])
        else:
            n, m = rng.randint(3, 4), rng.randint(3, 4)
            k = rng.choice((2, 2, 3)) if min(n, m) > 3 else 2
            X, K = _ints(rng, (n, m), 0, 9), _ints(rng, (k, k), -1, 3)
        return Setting("conv", tuple(X.shape), tuple(K.shape), input=X, weight=K)
    if level == 2:
        n, m = rng.randint(3, 5), rng.randint(3, 5)
        k = rng.choice((2, 3))
        padding = rng.choice((1, 1, 2)) if k == 3 else rng.choice((0, 1))
        stride = rng.choice((1, 2, 2, 3))
        X, K = _ints(rng, (n, m), 0, 9), _ints(rng, (k, k), -1, 2)
        return Setting("conv", (n, m), (k, k), (stride, stride), (padding, padding), input=X, weight=K)
    n, m = rng.randint(4, 6), rng.randint(4, 6)
    kernel = rng.choice(((1, 2), (2, 1), (2, 3), (3, 2), (2, 2), (3, 3)))
    dilation = (rng.choice((1, 2)), rng.choice((1, 2)))
    mode = rng.choice(("zeros", "reflect", "reflect", "replicate"))
    padding = (rng.randint(0, 1), rng.randint(0, 2))
    stride = (rng.choice((1, 2)), rng.choice((1, 2)))
    X, K = _ints(rng, (n, m), -3, 6), _halves(rng, kernel)
    return Setting("conv", (n, m), kernel, stride, padding, dilation, mode, input=X, weight=K)


def _pool_setting(rng: random.Random, level: int, first: bool) -> Setting:
    if level == 1:
        if first:  # d2l: the 3x3 input, a 2x2 max window at stride 1
            return Setting("max", (3, 3), (2, 2), input=_d2l_input())
        n, m = rng.randint(3, 4), rng.randint(3, 4)
        mode = rng.choice(("max", "avg"))
        return Setting(mode, (n, m), (2, 2), input=_ints(rng, (n, m), 0, 9))
    if level == 2:
        n, m = rng.randint(3, 5), rng.randint(3, 5)
        k = rng.choice((2, 3))
        stride = rng.choice((1, 2, k))
        padding = rng.randint(0, k // 2)
        mode = rng.choice(("max", "avg"))
        X = _ints(rng, (n, m), 0, 9)
        return Setting(mode, (n, m), (k, k), (stride, stride), (padding, padding), input=X)
    n, m = rng.randint(4, 6), rng.randint(4, 6)
    mode = rng.choice(("max", "avg"))
    kernel = rng.choice(((2, 3), (3, 2), (1, 3), (3, 3), (2, 2)))
    padding = (rng.randint(0, kernel[0] // 2), rng.randint(0, kernel[1] // 2))
    stride = (rng.choice((1, 2)), rng.choice((1, 2)))
    dilation = (rng.choice((1, 2)), 1) if mode == "max" else (1, 1)  # torch's average pooling has no dilation
    X = _ints(rng, (n, m), -4, 9)
    return Setting(mode, (n, m), kernel, stride, padding, dilation, input=X)


def _transposed_setting(rng: random.Random, level: int, first: bool) -> Setting:
    if level == 1:
        if first:  # d2l's 2x2 input and kernel
            X, K = _t([[0, 1], [2, 3]]), _t([[0, 1], [2, 3]])
        else:
            n, m = rng.randint(2, 3), rng.randint(2, 3)
            X, K = _ints(rng, (n, m), 0, 4), _ints(rng, (2, 2), -1, 3)
        return Setting("transposed", tuple(X.shape), tuple(K.shape), input=X, weight=K)
    if level == 2:
        n, m = rng.randint(2, 3), rng.randint(2, 3)
        k = rng.choice((2, 3))
        stride = rng.choice((1, 2, 2))
        padding = rng.randint(0, 1)
        X, K = _ints(rng, (n, m), 0, 4), _ints(rng, (k, k), -1, 2)
        return Setting("transposed", (n, m), (k, k), (stride, stride), (padding, padding), input=X, weight=K)
    n, m = rng.randint(2, 3), rng.randint(2, 3)
    kernel = rng.choice(((1, 2), (2, 1), (2, 3), (3, 2), (2, 2)))
    stride = (rng.choice((1, 2)), rng.choice((1, 2)))
    dilation = (rng.choice((1, 2)), rng.choice((1, 2)))
    padding = (rng.randint(0, 1), rng.randint(0, 1))
    # output_padding must be smaller than stride or dilation along its axis (torch's rule)
    output_padding = tuple(rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation, strict=True))
    X, K = _ints(rng, (n, m), -2, 4), _halves(rng, kernel)
    return Setting("transposed", (n, m), kernel, stride, padding, dilation, output_padding=output_padding,
                   input=X, weight=K)  # fmt: skip


def _size_setting(rng: random.Random, level: int, op: str) -> Setting:
    """A setting for an output-size question: the sizes may be larger (no grid is drawn before the answer)."""
    if op == "conv" and level < 3:
        n, m = rng.randint(4, 14), rng.randint(4, 14)
        if level == 1:
            k = rng.choice((2, 3, 5))
            return Setting("conv", (n, m), (k, k))
        k = rng.choice((2, 3, 5))
        stride, padding = rng.choice((1, 2, 3)), rng.randint(0, k // 2 + 1)
        return Setting("conv", (n, m), (k, k), (stride, stride), (padding, padding))
    if op == "pool" and level < 3:
        n, m = rng.randint(4, 14), rng.randint(4, 14)
        k = rng.choice((2, 3))
        stride = k if level == 1 else rng.choice((1, 2, 3))
        padding = 0 if level == 1 else rng.randint(0, k // 2)
        return Setting("max", (n, m), (k, k), (stride, stride), (padding, padding))
    if op == "transposed" and level < 3:
        n, m = rng.randint(2, 8), rng.randint(2, 8)
        k = rng.choice((2, 3, 4))
        if level == 1:
            return Setting("transposed", (n, m), (k, k))
        stride, padding = rng.choice((1, 2, 3)), rng.randint(0, 1)
        return Setting("transposed", (n, m), (k, k), (stride, stride), (padding, padding))
    # level 3: rectangular kernels and dilation (and, on a conv set, pooling and transposed questions too)
    if op == "conv":
        op = rng.choice(("conv", "conv", "pool", "transposed"))
    n, m = rng.randint(5, 16), rng.randint(5, 16)
    kernel = (rng.choice((1, 2, 3, 5)), rng.choice((1, 2, 3, 5)))
    stride = (rng.choice((1, 2, 3)), rng.choice((1, 2)))
    dilation = (rng.choice((1, 2, 3)), rng.choice((1, 2)))
    if op == "pool":
        padding = (rng.randint(0, kernel[0] // 2), rng.randint(0, kernel[1] // 2))
        return Setting("max", (n, m), kernel, stride, padding, dilation)
    if op == "transposed":
        n, m = rng.randint(2, 9), rng.randint(2, 9)
        padding = (rng.randint(0, 2), rng.randint(0, 1))
        output_padding = tuple(rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation, strict=True))
        return Setting("transposed", (n, m), kernel, stride, padding, dilation, output_padding=output_padding)
    padding = (rng.randint(0, 2), rng.randint(0, 2))
    return Setting("conv", (n, m), kernel, stride, padding, dilation, rng.choice(("zeros", "reflect")))


def _field_setting(rng: random.Random, level: int, first: bool) -> Setting:
    if level == 1 and first:  # d2l: two 2x2 convolutions, one output cell sees all 9 inputs
        layers = ({"kind": "conv", "kernel_size": 2}, {"kind": "conv", "kernel_size": 2})
        return Setting("stack", (3, 3), layers=layers)
    layers = []
    for _ in range(rng.randint(2, 3 if level == 1 else 4)):
        if level == 1:
            layers.append({"kind": "conv", "kernel_size": rng.choice((2, 3))})
        elif level == 2:
            if rng.random() < 0.35:
                layers.append({"kind": "maxpool", "kernel_size": 2, "stride": 2})
            else:
                k = rng.choice((2, 3, 5))
                layers.append({"kind": "conv", "kernel_size": k, "stride": rng.choice((1, 1, 2)),
                               "padding": rng.randint(0, k // 2)})  # fmt: skip
        else:
            kernel = [rng.choice((1, 2, 3)), rng.choice((2, 3, 5))]
            if rng.random() < 0.3:
                layers.append({"kind": "avgpool", "kernel_size": kernel[1], "stride": 2})
            else:
                layers.append({"kind": "conv", "kernel_size": kernel, "stride": rng.choice((1, 2)),
                               "dilation": [rng.choice((1, 2)), rng.choice((1, 2, 3))]})  # fmt: skip
    # an input just large enough for a few last-layer cells: grow it until every layer keeps >= 2 cells
    size = 4
    while True:
        fields = receptive_field(layers, None)
        needed = max(field.size[0] for field in fields), max(field.size[1] for field in fields)
        size = max(size, *needed)
        try:
            out = receptive_field(layers, (size + 2, size + 2))[-1].output_size
        except ValueError:
            size += 2
            continue
        if min(out) >= 2:
            return Setting("stack", (size + 2, size + 2), layers=tuple(layers))
        size += 2


SETTINGS = {"conv": _conv_setting, "pool": _pool_setting, "transposed": _transposed_setting}


def _cell_questions(setting: Setting, walk) -> list[tuple[tuple[int, int], tuple[int, int] | None, float]]:
    """The questions one walk asks: the first output cells in raster order (conv, pool), or for a transposed
    walk the first steps that write an output cell, each with the cell it asks (one written before, if any)."""
    asked = []
    if setting.op != "transposed":
        output = walk.output
        for index in range(min(PER_SETTING, output.numel())):
            i, j = divmod(index, output.shape[1])
            asked.append(((i, j), None, float(output[i, j])))
        return asked
    h_out, w_out = walk.shape
    written = set()
    height, width = walk.input.shape
    for i in range(height):
        for j in range(width):
            inside = [(a, b) for a, r in enumerate(walk.rows[i]) for b, c in enumerate(walk.cols[j])
                      if 0 <= r < h_out and 0 <= c < w_out]  # fmt: skip
            if not inside or float(walk.input[i, j]) == 0:  # a zero scatters only zeros: nothing to ask
                written.update((int(walk.rows[i][a]), int(walk.cols[j][b])) for a, b in inside)
                continue
            # rather a cell written before (its sum adds up) that this step changes
            adds = [(a, b) for a, b in inside if float(walk.products[i, j, a, b]) != 0]
            again = [(a, b) for a, b in adds if (int(walk.rows[i][a]), int(walk.cols[j][b])) in written]
            a, b = (again or adds or inside)[0]
            target = (int(walk.rows[i][a]), int(walk.cols[j][b]))
            asked.append(((i, j), target, float(walk.running[i, j, a, b])))
            written.update((int(walk.rows[i][a]), int(walk.cols[j][b])) for a, b in inside)
            if len(asked) == PER_SETTING:
                return asked
    return asked


def practice_set(kind, seed=0, level=1, op=None, count=10) -> PracticeSet:
    """A set of ``count`` questions of ``kind`` drawn by ``seed`` at ``level``; the same arguments always
    give the same set. ``op``: "conv" (default for ``cell`` and ``size``), "pool" or "transposed"; a
    ``field`` set is always "stack".

    >>> s = practice_set("size", seed=3, level=1)
    >>> q = s.questions[0]
    >>> q.answer == s.settings[q.setting].output_shape()
    True
    """
    if kind not in KINDS:
        raise ConvError("one_of", name="kind", choices=", ".join(KINDS), value=kind)
    seed = _args.integer(seed, "seed", 0)
    if isinstance(level, bool) or level not in LEVELS:
        raise ConvError("one_of", name="level", choices="1, 2, 3", value=level)
    count = _args.integer(count, "count", 1)
    if count > MAX_COUNT:
        raise ConvError("too_large", name="count", maximum=MAX_COUNT, value=count)
    if kind == "field":
        op = "stack" if op is None else op
        if op != "stack":
            raise ConvError("one_of", name="op", choices="stack", value=op)
    else:
        op = "conv" if op is None else op
        if op not in OPS[:3]:
            raise ConvError("one_of", name="op", choices=", ".join(OPS[:3]), value=op)
    rng = random.Random(f"{kind}|{op}|{level}|{seed}")  # a string seed hashes the same in every process
    settings: list[Setting] = []
    questions: list[Question] = []
    while len(questions) < count:
        first = not settings
        if kind == "cell":
            setting = SETTINGS[op](rng, level, first)
            try:
                asked = _cell_questions(setting, setting.walk())
            except ValueError:  # a draw that does not fit (a window wider than the padded input): draw again
                continue
            if not asked or not all(printable(value) for _, _, value in asked):
                continue
            asked = asked[: count - len(questions)]
            for cell, target, value in asked:
                questions.append(Question(kind, len(questions), len(settings), cell, target, (value,)))
        elif kind == "size":
            setting = _size_setting(rng, level, op)
            try:
                shape = setting.output_shape()
            except ValueError:
                continue
            questions.append(
                Question(kind, len(questions), len(settings), None, None, tuple(map(float, shape)))
            )
        else:
            setting = _field_setting(rng, level, first)
            field = receptive_field(list(setting.layers), setting.input_size)[-1]
            h_out, w_out = field.output_size
            cell = (rng.randrange(h_out), rng.randrange(w_out))
            questions.append(
                Question(kind, len(questions), len(settings), cell, None, tuple(map(float, field.size)))
            )
        settings.append(setting)
    return PracticeSet(kind, seed, level, op, tuple(settings), tuple(questions))
