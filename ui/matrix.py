"""Matrices typed by people: parse, validate, and say exactly what is wrong.

Text is only ever split and passed to ``float()``; nothing typed is evaluated.
"""

from __future__ import annotations

import math
import re

import torch

MAX_ABS = 1e6
MAX_SIDE = 64


class MatrixError(ValueError):
    """What is wrong with a typed matrix, as a catalogue key and values."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


def _number(cell, row: int, col: int) -> float:
    text = "" if cell is None else str(cell).strip()
    if text == "":
        raise MatrixError("matrix.empty_cell", row=row, col=col)
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        lowered = text.lower().lstrip("+-")
        if lowered in ("nan", "inf", "infinity"):
            raise MatrixError("matrix.not_finite", row=row, col=col, text=text)
        raise MatrixError("matrix.not_a_number", row=row, col=col, text=text[:20])
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise MatrixError("matrix.too_large", row=row, col=col, text=text[:20], limit=f"{MAX_ABS:g}")
    return value


def from_cells(rows) -> torch.Tensor:
    """A float32 matrix from rows of cells (strings or numbers), or ``MatrixError``."""
    rows = [list(row) for row in rows]
    if not rows or not rows[0]:
        raise MatrixError("matrix.no_rows")
    widths = {len(row) for row in rows}
    if len(widths) > 1:
        short = next(i for i, row in enumerate(rows) if len(row) != len(rows[0]))
        raise MatrixError("matrix.ragged", row=short, got=len(rows[short]), expected=len(rows[0]))
    if len(rows) > MAX_SIDE or len(rows[0]) > MAX_SIDE:
        raise MatrixError("matrix.too_big", rows=len(rows), cols=len(rows[0]), limit=MAX_SIDE)
    values = [[_number(cell, i, j) for j, cell in enumerate(row)] for i, row in enumerate(rows)]
    return torch.tensor(values, dtype=torch.float32)


def from_text(text: str) -> torch.Tensor:
    """Parse rows on lines, values separated by spaces, commas or semicolons.

    >>> from_text("1 2\\n3, 4").tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    """
    lines = [line.strip().strip("[]").strip() for line in str(text).strip().splitlines()]
    lines = [line for line in lines if line]
    return from_cells([[cell for cell in re.split(r"[\s,;]+", line) if cell] for line in lines])


def to_text(matrix: torch.Tensor) -> str:
    """The inverse of ``from_text``: one row per line, shortest exact-looking numbers."""
    return "\n".join(" ".join(f"{value:g}" for value in row) for row in matrix.tolist())
