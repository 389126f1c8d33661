"""The transposed page in a real Streamlit server and headless Chromium: the scatter animation on the DOM.

Stepping to input cell (i, j) must light exactly the output cells convcore says it writes; at the last step
every output cell holds torch's number; hovering an output cell lists every contribution to it.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

import convcore
from tests.browser import exceptions, screenshot, wait_for_app
from ui.grid import fmt

pytestmark = pytest.mark.browser

# the checkerboard preset: a 4x4 input of ones, a 3x3 kernel of ones, stride 2 (here with padding 1 too)
LINK = "transposed?tr_preset=checker&tr_x_base=1,2,3;4,5,6;7,8,9&tr_k_base=1,0,1;2,1,0;0,1,2&tr_s=2&tr_p=1&tr_op=1"
X = torch.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]])
K = torch.tensor([[1.0, 0, 1], [2, 1, 0], [0, 1, 2]])
STRIDE, PADDING, OUTPUT_PADDING = 2, 1, 1
SCATTER = '[data-component="grid"][data-kind="scatter"]'

CELLS = """(name) => {
    const host = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
        .find((h) => h.shadowRoot?.querySelector('[data-component="grid"][data-kind="scatter"]'));
    return [...host.shadowRoot.querySelectorAll(`.grid[data-grid="${name}"] .cell`)]
        .map((c) => [Number(c.dataset.row), Number(c.dataset.col), c.dataset.value, c.dataset.lit || null,
                     c.querySelector('.v').textContent, c.classList.contains('pad')]);
}"""


def cells(page, name: str) -> list:
    return page.evaluate(CELLS, name)


def lit(page, name: str, how: str) -> set:
    return {(r, c) for r, c, _, state, _, _ in cells(page, name) if state == how}


def kept_values(page) -> dict:
    """{(row, col): printed value} of the output cells the padding does not crop."""
    out = {}
    for r, c, value, _, printed, pad in cells(page, "output"):
        assert printed == value
        if not pad:
            out[(r, c)] = value
    return out


def expected() -> torch.Tensor:
    return F.conv_transpose2d(X[None, None], K[None, None], None, STRIDE, PADDING, OUTPUT_PADDING)[0, 0]


def scatter(page):
    return page.locator(SCATTER).first


def shown(page) -> str:
    return scatter(page).get_attribute("data-cell")


def open_scatter(page, server) -> None:
    page.goto(f"{server}/{LINK}")
    wait_for_app(page, grids=4)
    scatter(page).wait_for(timeout=60_000)


def test_stepping_lights_exactly_the_cells_each_input_cell_writes(server, page):
    open_scatter(page, server)
    assert exceptions(page) == []
    walk = convcore.transposed_window(X, K, STRIDE, PADDING, OUTPUT_PADDING)
    Y = expected()
    h_out, w_out = Y.shape
    # the output grid draws the kept cells and the cropped padding around them
    assert {(r, c) for r, c, *_ in cells(page, "output") if not _[-1]} == {
        (r, c) for r in range(h_out) for c in range(w_out)
    }
    assert shown(page) == "0,0"
    bar = scatter(page)
    for i in range(3):
        for j in range(3):
            if (i, j) != (0, 0):
                bar.locator("button[data-control='next']").click()
            assert shown(page) == f"{i},{j}"
            step = walk.step(i, j)
            assert lit(page, "output", "write") == {(r, c) for r in step.rows for c in step.cols}
            assert lit(page, "input", "input") == {(i, j)}
            # the products panel: this input value times the kernel, as convcore computed it
            products = {(r, c): v for r, c, v, *_ in cells(page, "product")}
            assert products == {(a, b): fmt(float(step.products[a, b])) for a in range(3) for b in range(3)}
    # after the last input cell every kept output cell holds torch's number
    assert kept_values(page) == {(r, c): fmt(float(Y[r, c])) for r in range(h_out) for c in range(w_out)}
    # scrub back to the first input cell: only its copy has been written, the rest shows 0 and is faded
    bar.locator("input[data-control='scrub']").evaluate(
        "(range) => { range.value = '0'; range.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    step = walk.step(0, 0)
    first = {(r, c): fmt(float(step.products[a, b])) for a, r in enumerate(step.rows)
             for b, c in enumerate(step.cols) if 0 <= r < h_out and 0 <= c < w_out}  # fmt: skip
    values = kept_values(page)
    assert all(values[cell] == text for cell, text in first.items())
    assert all(text == "0" for cell, text in values.items() if cell not in first)
    path = screenshot(page, "transposed-scatter")
    assert path.stat().st_size > 0
    assert exceptions(page) == []


def test_hovering_an_output_cell_lists_every_contribution(server, page):
    open_scatter(page, server)
    walk = convcore.transposed_window(X, K, STRIDE, PADDING, OUTPUT_PADDING)
    Y = expected()
    r, c = 1, 1  # canvas cell (2, 2): padding 1 crops one row and column
    terms = walk.contributions(r, c)
    assert len(terms) == 4  # the checkerboard: a cell where four copies overlap
    scatter(page).locator(f".grid[data-grid='output'] .cell[data-row='{r}'][data-col='{c}']").hover()
    assert lit(page, "input", "input") == {(i, j) for i, j, _, _ in terms}
    lines = scatter(page).locator(".lines .contribution").all_inner_texts()
    assert lines[: len(terms)] == [
        f"X[{i}, {j}] × K[{a}, {b}] = {fmt(float(X[i, j]))}×{fmt(float(K[a, b]))} = {fmt(float(X[i, j] * K[a, b]))}"
        for i, j, a, b in terms
    ]
    assert lines[-1].endswith(f"= {fmt(float(Y[r, c]))}")
    assert scatter(page).locator(".math-title").inner_text() == f"Output cell ({r}, {c}): 4 contributions"
    assert exceptions(page) == []


def test_a_click_on_an_input_cell_pins_it_in_the_link_and_the_keys_step(server, page):
    open_scatter(page, server)
    scatter(page).locator(".grid[data-grid='input'] .cell[data-row='1'][data-col='2']").click()
    assert shown(page) == "1,2"
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('tr_cell') === '1,2'", timeout=60_000
    )
    # the keys move input cell by input cell: up is one input row (3 cells) back
    scatter(page).focus()
    page.keyboard.press("ArrowUp")
    assert shown(page) == "0,2"
    page.keyboard.press("Home")
    assert shown(page) == "0,0"
    page.keyboard.press("End")
    assert shown(page) == "2,2"
    # a link with the cell opens on it
    page.goto(f"{server}/{LINK}&tr_cell=2,0")
    wait_for_app(page, grids=4)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')].some((h) =>
               h.shadowRoot?.querySelector('[data-kind="scatter"]')?.dataset.cell === '2,0')""",
        timeout=60_000,
    )
    assert exceptions(page) == []
