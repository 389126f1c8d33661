"""The receptive-field page in a real Streamlit server and headless Chromium: deep link, click, edit, errors."""

from __future__ import annotations

import pytest

from tests.browser import exceptions, pick, screenshot, wait_for_app

pytestmark = pytest.mark.browser

CHARTS = 2  # the traced maps and the effective receptive field


def shape(page, name: str) -> dict:
    """A named shape of the traced-maps chart as the browser drew it (x0, x1, y0, y1)."""
    return page.evaluate(
        """(name) => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            const s = gd.layout.shapes.find((s) => s.name === name);
            return {x0: s.x0, x1: s.x1, y0: s.y0, y1: s.y1};
        }""",
        name,
    )


def test_deep_link_draws_the_page(server, page):
    # first on a fresh server: the deep link must reach the router and draw both charts
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS)
    assert exceptions(page) == []
    assert "Receptive field" in page.locator('[data-testid="stSidebarNav"]').inner_text()
    page.get_by_text("Output cell (0, 0) of layer 2 sees a 3 × 3 box of the input: 9 cells").wait_for()
    assert shape(page, "box0") == {"x0": -0.5, "x1": 2.5, "y0": -0.5, "y1": 2.5}
    screenshot(page, "receptive-field")


def test_click_a_cell_of_the_last_map(server, page):
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS)
    pick(page, "Preset", "Three 3×3 convolutions (VGG's idea)")
    page.get_by_text("Output cell (1, 1) of layer 3").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS)
    assert shape(page, "box0")["x0"] == 0.5
    # the last map is panel 4: click its cell (row 0, column 2) where the invisible target sits
    point = page.evaluate(
        """() => {
            const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
            const box = gd.getBoundingClientRect(), L = gd._fullLayout;
            return [box.left + L.xaxis4._offset + L.xaxis4.d2p(2), box.top + L.yaxis4._offset + L.yaxis4.d2p(0)];
        }"""
    )
    page.mouse.click(*point)
    page.get_by_text("Output cell (0, 2) of layer 3").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS)
    assert exceptions(page) == []
    # the highlight follows in every map: the input box is now rows 0..6, columns 2..8
    assert shape(page, "box0") == {"x0": 1.5, "x1": 8.5, "y0": -0.5, "y1": 6.5}
    assert shape(page, "box3") == {"x0": 1.5, "x1": 2.5, "y0": -0.5, "y1": 0.5}
    screenshot(page, "receptive-field-clicked")


def test_typing_a_zero_stride_marks_the_layer_and_keeps_it(server, page):
    # a real edit in the grid: row 2's stride becomes 0; an error under the editor, the row kept as typed
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS)
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
    wait_for_app(page, charts=CHARTS)
    assert exceptions(page) == []
    page.get_by_text("Fix these layers; everything is drawn up to layer 1").wait_for()
    screenshot(page, "receptive-field-bad-row")


def test_an_input_too_small_for_the_stack_stops_the_drawing(server, page):
    page.goto(f"{server}/receptive-field")
    wait_for_app(page, charts=CHARTS)
    pick(page, "Preset", "LeNet-5 (d2l's version)")
    page.get_by_text("Output cell (2, 2) of layer 4").wait_for(timeout=20_000)
    size = page.get_by_role("spinbutton", name="Input height")
    size.fill("7")
    size.press("Enter")
    page.get_by_text("The drawing stops at layer 2").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS)
    assert exceptions(page) == []
    screenshot(page, "receptive-field-too-small")
