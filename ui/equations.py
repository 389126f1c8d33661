"""Every step's equation, written once, on the server: the page's arithmetic lines and the exports' captions.

The grid component prints these strings as they are (``textContent``), and the GIF and SVG exports draw the
same strings, so the page and a slide can never disagree on what a cell's sum says::

    Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 = 19                  no bias
    Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 = 19 + 1 = 20         bias 1: the sum of products, then the bias
    Y[0, 0] = max(0, 1, 3, 4) = 4                          max pooling
    Y[0, 0] = (0 + 1 + 3 + 4) / 4 = 2                      average pooling, torch's divisor

Past ``MAX_TERMS`` terms a line keeps the first ``SHOWN_TERMS`` and says how many there are (``more``, the
page language's "… ({n} terms)"). Every number is the text its cell prints (``ui.grid.fmt``).
"""

from __future__ import annotations

import numpy as np

MAX_TERMS = 9  # a line lists every term up to this many (a 3x3 kernel's window)
SHOWN_TERMS = 6  # and past it, the first six and the count


def paren(text: str) -> str:
    """A negative number in brackets, so ``2×(−1)`` reads as a product."""
    return f"({text})" if text.startswith(("-", "−")) else text


def shorten(items: list[str], more: str) -> list[str]:
    """``items``, or past MAX_TERMS the first SHOWN_TERMS and ``more`` with the count (the one cut-off rule)."""
    if len(items) <= MAX_TERMS:
        return items
    return [*items[:SHOWN_TERMS], more.format(n=len(items))]


def products(label: str, values: list[str], weights: list[str], more: str, total: str,
             bias: str | None = None, out: str | None = None, sep: str = " = ") -> str:  # fmt: skip
    """``label = v×w + ... = total``, and with a bias ``= total + bias = out`` (``sep`` after the label)."""
    terms = shorten([f"{paren(v)}×{paren(w)}" for v, w in zip(values, weights, strict=True)], more)
    text = f"{label}{sep}{' + '.join(terms)} = {total}"
    return f"{text} + {paren(bias)} = {out}" if bias is not None else text


def maximum(label: str, values: list[str], more: str, out: str) -> str:
    return f"{label} = max({', '.join(shorten(values, more))}) = {out}"


def average(label: str, values: list[str], more: str, divisor: str, out: str) -> str:
    return f"{label} = ({' + '.join(paren(v) for v in shorten(values, more))}) / {divisor} = {out}"


def cell_label(i: int, j: int) -> str:
    return f"Y[{i}, {j}]"


def windows(padded: list[str], width: int, top: int, left: int, rows: np.ndarray, cols: np.ndarray):
    """For each output cell in row-major order, the printed values its window reads (padding included).

    ``padded`` is the padded input's printed texts, row-major, ``width`` cells a row; ``rows``/``cols`` are
    the walk's index map (unpadded coordinates, so shifted by ``top``/``left``)."""
    for r in rows + top:
        for c in cols + left:
            yield [padded[y * width + x] for y in r for x in c]
