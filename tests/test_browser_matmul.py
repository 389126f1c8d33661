"""The matrix-multiply page in a real server and Chromium: every cell on screen is convcore's matmul_view.

The unfolded input, the kernel row, their product, the feature map, C, x and C x (and with C^T on, C^T,
the feature map it multiplies, C^T y and the ConvTranspose2d output) are read off the grid component's
cells (``data-value``, row by row) and compared with convcore, formatted as the cells print numbers.
The page is screenshotted at 1400x900 and at 390 px, and each shows the unfolded input on its first screen.
"""

from __future__ import annotations

import pytest
import torch

import convcore
from convcore import presets
from tests.browser import exceptions, screenshot, wait_for_app
from ui.grid import fmt

pytestmark = pytest.mark.browser

# every grid's cells, by the grid's name, in the order they are drawn (row by row)
CELLS = """(key) => {
    const host = document.querySelector(`.st-key-${key} [data-testid="stBidiComponentIsolated"]`);
    const out = {};
    for (const cell of host?.shadowRoot?.querySelectorAll('.cell[data-grid]') ?? []) {
        (out[cell.dataset.grid] ??= []).push(cell.dataset.value);
    }
    return out;
}"""


# every lit cell of component `key`: "grid,row,col" -> its data-lit
LIT = """(key) => {
    const host = document.querySelector(`.st-key-${key} [data-testid="stBidiComponentIsolated"]`);
    const out = {};
    for (const cell of host?.shadowRoot?.querySelectorAll('.cell[data-lit]') ?? []) {
        out[`${cell.dataset.grid},${cell.dataset.row},${cell.dataset.col}`] = cell.dataset.lit;
    }
    return out;
}"""


def lit_after(page, key: str, target: str, hover: str) -> dict[str, str]:
    """Hover ``target`` (a selector inside component ``key``), wait until the component says it lit
    ``hover`` ("grid,on,index"), and return every lit cell."""
    page.locator(f".st-key-{key} {target}").first.hover()
    page.locator(f'.st-key-{key} [data-component="grid"][data-hover="{hover}"]').wait_for()
    return page.evaluate(LIT, key)


def cells(grid: str, flat, width: int, how: str = "link") -> dict[str, str]:
    return {f"{grid},{k // width},{k % width}": how for k in flat}


def printed(values: torch.Tensor) -> list[str]:
    return [fmt(float(v)) for v in values.reshape(-1)]


def read(page, key: str) -> dict[str, list[str]]:
    page.wait_for_function(f"() => ({CELLS})('{key}') && Object.keys(({CELLS})('{key}')).length > 0")
    return page.evaluate(CELLS, key)


@pytest.mark.parametrize(
    ("query", "size", "stride", "padding", "dilation"),
    [
        ("", (3, 3), 1, 0, 1),  # d2l's example: 4 windows, [19, 25, 37, 43]
        ("mm_h=5&mm_w=6&mm_s=2&mm_p=1&mm_transpose=1", (5, 6), 2, 1, 1),  # C^T needs an output_padding
        ("mm_h=6&mm_w=6&mm_d=2&mm_p=1&mm_transpose=1", (6, 6), 1, 1, 2),  # dilation's gaps in every row of C
    ],
)
def test_every_cell_on_screen_is_convcores(server, page, query, size, stride, padding, dilation):
    page.goto(f"{server}/matmul" + (f"?{query}" if query else ""))
    wait_for_app(page, grids=2)
    X = torch.arange(size[0] * size[1], dtype=torch.float32).reshape(size)
    view = convcore.matmul_view(X, presets.kernel("d2l_2x2"), 0.0, stride, padding, dilation)

    unfold = read(page, "mm_unfold")
    assert unfold["input"] == printed(view.input)
    assert unfold["columns"] == printed(view.columns)
    product = read(page, "mm_unfold")
    assert product["row"] == printed(view.row)
    assert product["product"] == printed(view.product)
    assert product["output"] == printed(view.output)
    torch_out = torch.nn.functional.conv2d(
        X[None, None],
        presets.kernel("d2l_2x2")[None, None],
        stride=stride,
        padding=padding,
        dilation=dilation,
    )[0, 0]
    assert product["output"] == printed(torch_out)  # the oracle, not only convcore
    if "mm_transpose=1" not in query:
        matrix = read(page, "mm_matrix")
        assert matrix["matrix"] == printed(view.matrix)
        assert matrix["x"] == printed(X)
        assert matrix["y"] == printed(view.matrix @ X.reshape(-1))
    else:  # the switch shows C^T, the feature map it multiplies, C^T y and ConvTranspose2d's output
        transposed = read(page, "mm_matrix_t")
        assert transposed["matrix_t"] == printed(view.matrix.T)
        assert transposed["grads"] == printed(view.output)
        back = read(page, "mm_back")
        assert back["back"] == printed(view.matrix.T @ view.output.reshape(-1))
        scatter = torch.nn.functional.conv_transpose2d(
            view.output[None, None], presets.kernel("d2l_2x2")[None, None], stride=stride, padding=padding,
            output_padding=view.output_padding, dilation=dilation,
        )[0, 0]  # fmt: skip
        assert tuple(scatter.shape) == size  # C^T gives the input's shape back
        assert back["scatter"] == printed(scatter)
    assert exceptions(page) == []


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_the_unfolded_input_is_on_the_first_screen(server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{server}/matmul")
        wait_for_app(page, grids=2)
        columns = page.locator(".st-key-mm_unfold [data-grid='columns']").first
        columns.wait_for()
        box = columns.bounding_box()
        assert box is not None and box["y"] < height, box
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        screenshot(page, f"matmul-{width}")
        assert exceptions(page) == []
    finally:
        context.close()


def test_hovering_links_the_columns_the_window_and_the_output(server, page):
    # d2l's 3x3 input 0..8 (each cell's value is its flat index) and 2x2 kernel: torch's unfold is the
    # oracle for which input cells a column copies, and for which columns hold an input cell
    page.goto(f"{server}/matmul")
    wait_for_app(page, grids=2)
    read(page, "mm_unfold")
    X = torch.arange(9.0).reshape(1, 1, 3, 3)
    columns = torch.nn.functional.unfold(X, 2)[
        0
    ].long()  # (4 taps, 4 windows): the flat input cell each holds
    view = convcore.matmul_view(X[0, 0], presets.kernel("d2l_2x2"))
    # a column (window 1): its 4 cells, the input cells it copies, its product and output cell (0, 1)
    lit = lit_after(
        page, "mm_unfold", ".cell[data-grid='columns'][data-row='2'][data-col='1']", "columns,col,1"
    )
    expected = {**cells("columns", [a * 4 + 1 for a in range(4)], 4), **cells("input", columns[:, 1].tolist(), 3),
                "product,0,1": "link", "output,0,1": "link", "columns,2,1": "source"}  # fmt: skip
    assert lit == expected
    assert sorted(columns[:, 1].tolist()) == view.window_reads(1)
    caption = page.locator(".st-key-mm_unfold [data-caption]")
    assert "(0, 1)" in caption.inner_text()
    screenshot(page, "matmul-hover-column")
    # the other way round: output cell (1, 0) lights window 2's column, its input cells and its product
    lit = lit_after(
        page, "mm_unfold", ".cell[data-grid='output'][data-row='1'][data-col='0']", "output,cell,2"
    )
    expected = {**cells("columns", [a * 4 + 2 for a in range(4)], 4), **cells("input", columns[:, 2].tolist(), 3),
                "product,0,2": "link", "output,1,0": "source"}  # fmt: skip
    assert lit == expected
    # an input cell: every column cell that holds it, and those windows' products and outputs
    lit = lit_after(page, "mm_unfold", ".cell[data-grid='input'][data-row='1'][data-col='1']", "input,cell,4")
    holders = (columns == 4).nonzero().tolist()
    windows = sorted({w for _, w in holders})
    assert windows == [0, 1, 2, 3] == view.readers(4)  # the centre sits in every window
    expected = {**cells("columns", [a * 4 + w for a, w in holders], 4), **cells("product", windows, 4),
                **cells("output", windows, 2), "input,1,1": "source"}  # fmt: skip
    assert lit == expected
    assert exceptions(page) == []


def test_hovering_c_lights_the_window_a_row_reads_and_the_outputs_a_column_feeds(server, page):
    # stride 2, padding 1 on a 5x6 input: C is 9 x 30; autograd through torch's conv2d is the oracle
    page.goto(f"{server}/matmul?mm_h=5&mm_w=6&mm_s=2&mm_p=1")
    wait_for_app(page, grids=2)
    read(page, "mm_matrix")
    X = torch.arange(30.0).reshape(1, 1, 5, 6).requires_grad_(True)
    Y = torch.nn.functional.conv2d(X, torch.ones(1, 1, 2, 2), stride=2, padding=1).flatten()
    reads = [torch.nonzero(torch.autograd.grad(Y[r], X, retain_graph=True)[0].flatten()).flatten().tolist()
             for r in range(Y.numel())]  # fmt: skip
    # a row of C (hovered on one of its cells): that row's taps, the x cells it reads and its y
    lit = lit_after(
        page, "mm_matrix", ".cell[data-grid='matrix'][data-row='4'][data-col='0']", "matrix,row,4"
    )
    expected = {**{f"matrix,4,{c}": "link" for c in reads[4]}, **cells("x", reads[4], 1), "y,4,0": "link"}
    expected["matrix,4,0"] = "source"
    assert lit == expected
    screenshot(page, "matmul-hover-c-row")
    # a column of C (its label): the taps in it, x's cell and every y it feeds
    feeds = [r for r in range(Y.numel()) if 14 in reads[r]]
    assert feeds  # input cell (2, 2) is read
    lit = lit_after(page, "mm_matrix", ".col-label[data-link-col='14']", "matrix,col,14")
    expected = {**{f"matrix,{r},14": "link" for r in feeds}, "x,14,0": "link", **cells("y", feeds, 1)}
    assert lit == expected
    # x's cell lights the same column
    assert lit_after(page, "mm_matrix", ".cell[data-grid='x'][data-row='14']", "x,cell,14") == {
        **expected, "x,14,0": "source"}  # fmt: skip
    assert exceptions(page) == []


def test_hovering_c_transposed_lights_the_same_transposed(server, page):
    page.goto(f"{server}/matmul?mm_transpose=1")
    wait_for_app(page, grids=2)
    read(page, "mm_matrix_t")
    view = convcore.matmul_view(torch.arange(9.0).reshape(3, 3), presets.kernel("d2l_2x2"))
    # row 4 of C^T is input cell (1, 1): every output (grads) cell it gathers from, and those taps
    lit = lit_after(page, "mm_matrix_t", ".row-label[data-link-row='4']", "matrix_t,row,4")
    assert lit == {**{f"matrix_t,4,{r}": "link" for r in range(4)}, **cells("grads", range(4), 2)}
    # a grads cell is a column of C^T: its taps (the cells its window reads) and itself
    lit = lit_after(
        page, "mm_matrix_t", ".cell[data-grid='grads'][data-row='1'][data-col='1']", "grads,cell,3"
    )
    assert lit == {**{f"matrix_t,{c},3": "link" for c in view.window_reads(3)}, "grads,1,1": "source"}
    assert exceptions(page) == []
