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
    wait_for_app(page, grids=3)
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
        wait_for_app(page, grids=3)
        columns = page.locator(".st-key-mm_unfold [data-grid='columns']").first
        columns.wait_for()
        box = columns.bounding_box()
        assert box is not None and box["y"] < height, box
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        screenshot(page, f"matmul-{width}")
        assert exceptions(page) == []
    finally:
        context.close()
