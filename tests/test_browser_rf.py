"""The receptive-field page in a real Streamlit server and headless Chromium: deep link, click, edit, errors."""

from __future__ import annotations

import pytest

from tests.browser import exceptions, pick, screenshot, wait_for_app

pytestmark = pytest.mark.browser

CHARTS = 1  # the effective receptive field (the traced maps are the grid component)
GRIDS = 1


def lit_box(page, panel: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """The cells of a drawn map lit as the traced box: ((top, left), (bottom, right)), read from the DOM."""
    cells = page.locator(f'.fcell[data-grid="{panel}"][data-lit]')
    found = cells.evaluate_all("(cells) => cells.map((c) => [Number(c.dataset.row), Number(c.dataset.col)])")
    rows, cols = [r for r, _ in found], [c for _, c in found]
    return (min(rows), min(cols)), (max(rows), max(cols))


def test_deep_link_draws_the_page(server, page):
    # first on a fresh server: the deep link must reach the router and draw the maps and the chart
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert exceptions(page) == []
    assert "Receptive field" in page.locator('[data-testid="stSidebarNav"]').inner_text()
    page.get_by_text("Output cell (0, 0) of layer 2 sees a 3 × 3 box of the input: 9 cells").wait_for()
    # d2l's two 2x2 convolutions: three panels, every input cell in the box, each map's cells all drawn
    assert page.locator(".field").count() == 3
    assert page.locator('.fcell[data-grid="map0"]').count() == 9
    assert lit_box(page, "map0") == ((0, 0), (2, 2))
    assert page.locator('.fcell[data-grid="map0"][data-kind="read"]').count() == 9
    screenshot(page, "receptive-field")


def test_click_a_cell_of_the_last_map(server, page):
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    pick(page, "Preset", "Three 3×3 convolutions (VGG's idea)")
    page.get_by_text("Output cell (1, 1) of layer 3").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    page.locator('.fcell[data-grid="map3"]').nth(8).wait_for()
    assert lit_box(page, "map0") == ((1, 1), (7, 7))
    # the last map is panel 4 (map3): click its cell (row 0, column 2)
    page.locator('.fcell[data-grid="map3"][data-row="0"][data-col="2"]').click()
    page.get_by_text("Output cell (0, 2) of layer 3").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert exceptions(page) == []
    # the highlight follows in every map, updated in place: the input box is now rows 0..6, columns 2..8
    page.locator('[data-component="grid"][data-cell="0,2"]').wait_for()
    assert lit_box(page, "map0") == ((0, 2), (6, 8))
    assert lit_box(page, "map3") == ((0, 2), (0, 2))
    screenshot(page, "receptive-field-clicked")
    # typed elsewhere, then the same cell clicked again: the click pins it again
    row = page.get_by_role("spinbutton", name="Output row i")
    row.fill("2")
    row.press("Enter")
    page.get_by_text("Output cell (2, 2) of layer 3").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    page.locator('.fcell[data-grid="map3"][data-row="0"][data-col="2"]').click()
    page.get_by_text("Output cell (0, 2) of layer 3").wait_for(timeout=20_000)
    assert exceptions(page) == []


def test_typing_a_zero_stride_marks_the_layer_and_keeps_it(server, page):
    # a real edit in the grid: row 2's stride becomes 0; an error under the editor, the row kept as typed
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    # the grid is a canvas: select the first body cell (kind, row 1), then walk with the arrow keys
    grid = page.locator('[data-testid="stDataFrame"] canvas').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 80, box["y"] + 36 + 17)
    # the grid has taken the focus
    page.wait_for_function("""() => !!document.activeElement?.closest('[data-testid="stDataFrame"]')""")
    for key in ("ArrowRight", "ArrowRight", "ArrowDown"):  # -> stride, row 2
        page.keyboard.press(key)
    page.keyboard.type("0")
    # typing opened the cell's editor, with the 0 in it
    page.wait_for_function(
        """() => document.activeElement?.classList.contains('gdg-input') && document.activeElement.value === '0'"""
    )
    page.keyboard.press("Enter")
    error = page.locator('[data-testid="stAlert"]').filter(has_text="layer 2: stride must be at least 1")
    error.wait_for(timeout=20_000)
    assert "got 0" in error.inner_text()
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert exceptions(page) == []
    page.get_by_text("Fix these layers; everything is drawn up to layer 1").wait_for()
    screenshot(page, "receptive-field-bad-row")


def test_an_input_too_small_for_the_stack_stops_the_drawing(server, page):
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    pick(page, "Preset", "LeNet-5 (d2l's version)")
    page.get_by_text("Output cell (2, 2) of layer 4").wait_for(timeout=20_000)
    size = page.get_by_role("spinbutton", name="Input height")
    size.fill("7")
    size.press("Enter")
    page.get_by_text("The drawing stops at layer 2").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert exceptions(page) == []
    screenshot(page, "receptive-field-too-small")
