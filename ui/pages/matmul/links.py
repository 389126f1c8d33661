"""The matrix-multiply page's hover links, from convcore's ``MatmulView`` (``sources``, ``window_reads``,
``readers``): for each cell, row or column of a grid, the cells of the other grids it lights, and a caption.

The grids' names are the page's: ``input``, ``columns``, ``row``, ``product``, ``output`` (im2col and the
GEMM), ``matrix``, ``x``, ``y`` (C), ``matrix_t``, ``grads`` (C^T). Flat indices are row-major.
"""

from __future__ import annotations

from convcore import MatmulView
from ui.i18n import t


def _cells(view: MatmulView, cells: list[int]) -> str:
    width = view.input.shape[1]
    return ", ".join(f"({c // width}, {c % width})" for c in cells) or "—"


def unfold_links(view: MatmulView) -> list[dict]:
    """input, columns, row, product, output: a column (window) lights its column, the input cells it copies,
    its product and its output cell (and each of those lights the same); an input cell lights every column
    cell that holds it and those windows' outputs; a kernel weight lights its row of the columns and the
    input cells in it."""
    sources = view.sources()
    taps, windows = sources.shape
    width = view.input.shape[1]
    window, captions = [], []
    for index in range(windows):
        reads = view.window_reads(index)
        window.append(
            [("columns", a * windows + index) for a in range(taps)]
            + [("input", c) for c in reads]
            + [("product", index), ("output", index)]
        )
        i, j = view.window(index)
        captions.append(t("mm.link_window", l=index, i=i, j=j, cells=_cells(view, reads)))
    holders, held_captions = [], []
    for cell in range(view.input.numel()):
        held = (sources == cell).nonzero().tolist()  # (tap, window) pairs
        readers = view.readers(cell)
        holders.append(
            [("columns", a * windows + index) for a, index in held]
            + [("product", index) for index in readers]
            + [("output", index) for index in readers]
        )
        held_captions.append(t("mm.link_input", r=cell // width, c=cell % width, count=len(readers),
                               columns=", ".join(map(str, readers)) or "—"))  # fmt: skip
    row, row_captions = [], []
    for a in range(taps):
        cells = [c for c in sources[a].tolist() if c >= 0]
        row.append(
            [("columns", a * windows + index) for index in range(windows)] + [("input", c) for c in cells]
        )
        row_captions.append(t("mm.link_tap", a=a, cells=_cells(view, sorted(set(cells)))))
    return [
        {"grid": "columns", "on": "col", "lists": window, "captions": captions},
        {"grid": "product", "on": "cell", "lists": window, "captions": captions},
        {"grid": "output", "on": "cell", "lists": window, "captions": captions},
        {"grid": "input", "on": "cell", "lists": holders, "captions": held_captions},
        {"grid": "row", "on": "cell", "lists": row, "captions": row_captions},
    ]


def _reads_and_feeds(view: MatmulView, matrix: str, vector_in: str | None, vector_out: str, transposed: bool):
    """C's rows (C^T's columns) and C's columns (C^T's rows) as link lists, with their captions."""
    windows, inputs = view.reads.shape
    width = view.input.shape[1]

    def at(row: int, col: int) -> tuple[str, int]:  # cell (row, col) of C, wherever it is drawn
        return (matrix, col * windows + row) if transposed else (matrix, row * inputs + col)

    reads, read_captions = [], []
    for index in range(windows):
        cells = view.window_reads(index)
        links = [at(index, c) for c in cells] + [(vector_out, index)]
        if vector_in:
            links += [(vector_in, c) for c in cells]
        reads.append(links)
        i, j = view.window(index)
        read_captions.append(t("mm.link_row", l=index, i=i, j=j, cells=", ".join(map(str, cells)) or "—"))
    feeds, feed_captions = [], []
    for cell in range(inputs):
        readers = view.readers(cell)
        links = [at(index, cell) for index in readers] + [(vector_out, index) for index in readers]
        if vector_in:
            links.append((vector_in, cell))
        feeds.append(links)
        feed_captions.append(t("mm.link_col", k=cell, r=cell // width, c=cell % width,
                               rows=", ".join(map(str, readers)) or "—"))  # fmt: skip
    return (reads, read_captions), (feeds, feed_captions)


def matrix_links(view: MatmulView) -> list[dict]:
    """matrix, x, y: a row of C (or a cell of it, or y's cell) lights the taps of that row, the x cells it
    reads and its y; a column of C (or x's cell) lights that column's taps, x's cell and the y cells it feeds."""
    (reads, read_captions), (feeds, feed_captions) = _reads_and_feeds(view, "matrix", "x", "y", False)
    return [
        {"grid": "matrix", "on": "row", "lists": reads, "captions": read_captions},
        {"grid": "matrix", "on": "col", "lists": feeds, "captions": feed_captions},
        {"grid": "y", "on": "cell", "lists": reads, "captions": read_captions},
        {"grid": "x", "on": "cell", "lists": feeds, "captions": feed_captions},
    ]


def transpose_links(view: MatmulView) -> list[dict]:
    """matrix_t, grads: the same transposed. A row of C^T (an input cell) lights its taps and the output
    cells (grads) it gathers from; a column of C^T (or a grads cell) lights that column's taps and its cell."""
    (reads, read_captions), (feeds, feed_captions) = _reads_and_feeds(view, "matrix_t", None, "grads", True)
    return [
        {"grid": "matrix_t", "on": "row", "lists": feeds, "captions": feed_captions},
        {"grid": "matrix_t", "on": "col", "lists": reads, "captions": read_captions},
        {"grid": "grads", "on": "cell", "lists": reads, "captions": read_captions},
    ]
