"""The grid component in a real Streamlit server and headless Chromium: what a student sees, cell by cell.

Every drawn cell carries data-grid, data-row, data-col and data-value (the number printed) and data-lit
when highlighted, so these tests read the page as a person would and compare it with convcore and torch.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

import convcore
from convcore import presets
from tests.browser import exceptions, screenshot, wait_for_app
from ui.grid import fmt

pytestmark = pytest.mark.browser

GRID = '[data-component="grid"]:not(.maps)'  # the sliding window (static maps have .maps)
# ramp 1..25, Sobel x, padding 1, stride 2: padding on all four sides, a window reading padding
LINK = "explorer?ex_in_preset=ramp&ex_k_preset=sobel_x&ex_hp_padding_h=1&ex_hp_padding_w=1&ex_hp_stride_h=2&ex_hp_stride_w=2"
X, K = presets.ramp(5), presets.kernel("sobel_x")
STRIDE, PADDING = 2, 1

CELLS = """(name) => [...document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
    .querySelectorAll(`.grid[data-grid="${name}"]:not([data-channel]) .cell, .grid[data-grid="${name}"][data-channel="0"] .cell`)]
    .map((c) => [Number(c.dataset.row), Number(c.dataset.col), c.dataset.value, c.dataset.lit || null,
                 c.querySelector('.v').textContent])"""


def cells(page, name: str) -> list:
    return page.evaluate(CELLS, name)


def values(page, name: str) -> dict:
    """{(row, col): printed value} of one grid, checking each cell prints what it says it holds."""
    out = {}
    for row, col, value, _, printed in cells(page, name):
        assert printed == value, (name, row, col, printed, value)
        out[(row, col)] = value
    return out


def lit(page, name: str, how: str | None = None) -> set:
    return {(r, c) for r, c, _, state, _ in cells(page, name) if state and (how is None or state == how)}


def shown_cell(page) -> tuple[int, int]:
    text = page.locator(GRID).get_attribute("data-cell")
    i, j = text.split(",")
    return int(i), int(j)


def expected_input() -> dict:
    padded = convcore.pad2d(X, (PADDING, PADDING)).numpy()
    return {
        (r - PADDING, c - PADDING): fmt(float(padded[r, c]))
        for r in range(padded.shape[0])
        for c in range(padded.shape[1])
    }


def expected_output() -> dict:
    Y = torch.nn.functional.conv2d(X[None, None], K[None, None], stride=STRIDE, padding=PADDING)[0, 0].numpy()
    return {(i, j): fmt(float(Y[i, j])) for i in range(Y.shape[0]) for j in range(Y.shape[1])}


def assert_whole_truth(page) -> None:
    """Every cell of every grid is drawn and shows convcore's value (torch's, for the output)."""
    assert values(page, "input") == expected_input()
    assert values(page, "output") == expected_output()
    assert values(page, "kernel") == {(a, b): fmt(float(K[a, b])) for a in range(3) for b in range(3)}


def open_grid(page, server, link: str = LINK) -> None:
    page.goto(f"{server}/{link}")
    wait_for_app(page)
    page.locator(GRID).wait_for(timeout=60_000)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stBidiComponentIsolated"]')?.shadowRoot
                 ?.querySelector('[data-grid="output"] .cell') !== null""",
        timeout=60_000,
    )


def record_messages(page) -> list:
    """Every websocket message the page sends from now on."""
    sent: list = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    return sent


def test_the_grid_draws_every_cell_and_plays_in_the_browser(server, page):
    sent = record_messages(page)
    open_grid(page, server)
    assert exceptions(page) == []
    # padding on all four sides: rows and columns -1 and 5 of a 5x5 input, drawn as padding
    assert_whole_truth(page)
    pads = page.locator(f"{GRID} .grid[data-grid='input'] .cell.pad")
    assert pads.count() == 7 * 7 - 25
    assert shown_cell(page) == (0, 0)

    # play at the fastest speed (the link keeps a speed: that one change reaches the server);
    # in the middle of playing, nothing has gone
    page.locator(f"{GRID} select[data-control='speed']").select_option("10")
    page.wait_for_function("() => new URLSearchParams(location.search).get('speed') === '10'")
    before = len(sent)
    page.locator(f"{GRID} button[data-control='play']").click()
    page.wait_for_function(
        """() => { const g = document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
                   .querySelector('[data-component="grid"]');
                   return g.dataset.playing === 'true' && g.dataset.cell !== '0,0'; }"""
    )
    assert sent[before:] == []  # frames are drawn in the browser: no message while it plays
    assert_whole_truth(page)
    page.wait_for_function(
        """() => { const g = document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
                   .querySelector('[data-component="grid"]');
                   return g.dataset.playing === 'false' && g.dataset.cell === '2,2'; }"""
    )
    assert_whole_truth(page)
    path = screenshot(page, "explorer-played")
    assert_not_blank(page, path)
    # the arithmetic follows the frame on show: the last cell
    title = page.locator(f"{GRID} .math-title")
    assert title.inner_text() == "The arithmetic of output cell (2, 2)"
    assert page.locator(f"{GRID} .lines .line").first.inner_text().endswith(f"= {expected_output()[(2, 2)]}")

    # scrub back to cell 4 = (1, 1): the window moves, every cell stays
    page.locator(f"{GRID} input[data-control='scrub']").evaluate(
        "(range) => { range.value = '4'; range.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    assert shown_cell(page) == (1, 1)
    assert_whole_truth(page)
    rows, cols = convcore.window(1, 1, 3, STRIDE, PADDING)
    assert lit(page, "input", "window") == {(r, c) for r in rows for c in cols}

    # the keyboard: arrows step, space plays
    page.locator(GRID).focus()
    page.keyboard.press("ArrowRight")
    assert shown_cell(page) == (1, 2)
    page.keyboard.press("ArrowDown")
    assert shown_cell(page) == (2, 2)
    page.keyboard.press("PageUp")
    assert shown_cell(page) == (2, 1)
    assert exceptions(page) == []
    # the cell the keys stopped on is pinned once they rest (the link, and the SVG's label, follow it)
    page.wait_for_function("() => new URLSearchParams(location.search).get('ex_cell') === '2,1'")
    assert shown_cell(page) == (2, 1)


def assert_not_blank(page, path) -> None:
    """The component's area of the screenshot holds many colours: cells, padding stripes, the window."""
    box = page.locator(GRID).bounding_box()
    image = Image.open(path).convert("RGB")
    crop = np.asarray(image.crop((box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])))
    assert crop.size > 0
    colours = {tuple(p) for p in crop.reshape(-1, 3)[::7].tolist()}
    not_white = (crop.reshape(-1, 3).min(axis=1) < 230).mean()
    assert len(colours) > 50 and not_white > 0.15, (len(colours), not_white)


@pytest.mark.parametrize("cell", [(0, 0), (1, 2), (2, 1)])
def test_hovering_an_output_cell_lights_exactly_its_window(server, page, cell):
    sent = record_messages(page)
    open_grid(page, server)
    before = len(sent)
    i, j = cell
    page.locator(f"{GRID} .grid[data-grid='output'] .cell[data-row='{i}'][data-col='{j}']").hover()
    assert shown_cell(page) == cell
    rows, cols = convcore.window(i, j, 3, STRIDE, PADDING)
    assert lit(page, "input", "window") == {(r, c) for r in rows for c in cols}
    assert lit(page, "output", "output") == {cell}
    # the products are the window times the kernel, as convcore computed them
    padded = convcore.pad2d(X, (PADDING, PADDING))
    window = padded[rows[0] + PADDING : rows[-1] + PADDING + 1, cols[0] + PADDING : cols[-1] + PADDING + 1]
    products = (window * K).numpy()
    assert values(page, "product") == {(a, b): fmt(float(products[a, b])) for a in range(3) for b in range(3)}
    assert values(page, "window") == {(a, b): fmt(float(window[a, b])) for a in range(3) for b in range(3)}
    assert page.locator(f"{GRID} .math-title").inner_text() == f"The arithmetic of output cell ({i}, {j})"
    assert sent[before:] == []


def test_hovering_a_weight_or_an_input_cell_lights_what_it_touches(server, page):
    open_grid(page, server)
    rows, cols = convcore.window_map((5, 5), (3, 3), STRIDE, PADDING)
    # kernel weight (0, 2) multiplies input cell (rows[i, 0], cols[j, 2]) of every output cell
    page.locator(f"{GRID} .grid[data-grid='kernel'] .cell[data-row='0'][data-col='2']").hover()
    assert lit(page, "input", "kernel") == {(int(r), int(c)) for r in rows[:, 0] for c in cols[:, 2]}
    # input cell (1, 2) is read by every output cell whose window covers it
    page.locator(f"{GRID} .grid[data-grid='input'] .cell[data-row='1'][data-col='2']").hover()
    readers = {(i, j) for i in range(3) for j in range(3) if 1 in rows[i] and 2 in cols[j]}
    assert readers and lit(page, "output", "reader") == readers
    assert exceptions(page) == []


def test_a_click_pins_the_cell_in_the_link_and_a_change_updates_in_place(server, page):
    open_grid(page, server)
    page.evaluate(
        """() => { document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
                   .querySelector('[data-component="grid"]').__mounted = 'first'; }"""
    )
    page.locator(f"{GRID} .grid[data-grid='output'] .cell[data-row='1'][data-col='2']").click()
    page.wait_for_function("() => location.search.includes('ex_cell=1%2C2')")
    wait_for_app(page)
    page.mouse.move(0, 0)
    assert shown_cell(page) == (1, 2)
    assert_whole_truth(page)  # after the click and its rerun, every cell is still there
    # a parameter change: stride (rows) 2 -> 3; the same element redraws (no remount), the pin is kept
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text="Stride (rows)")
    box.locator('[data-testid="stNumberInputStepUp"]').click()
    page.wait_for_function("() => location.search.includes('ex_hp_stride_h=3')")
    wait_for_app(page)
    Y = torch.nn.functional.conv2d(X[None, None], K[None, None], stride=(3, 2), padding=1)[0, 0].numpy()
    page.wait_for_function(
        f"""() => document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
                  .querySelectorAll('[data-grid="output"] .cell').length === {Y.size}"""
    )
    assert values(page, "output") == {
        (i, j): fmt(float(Y[i, j])) for i in range(Y.shape[0]) for j in range(3)
    }
    assert (
        page.evaluate(
            """() => document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
                 .querySelector('[data-component="grid"]').__mounted"""
        )
        == "first"
    )
    assert shown_cell(page) == (1, 2)
    page.reload()
    open_grid(page, server, page.url.split("/", 3)[3])
    assert shown_cell(page) == (1, 2)
    assert exceptions(page) == []
    screenshot(page, "explorer-pinned")


def test_pooling_draws_the_books_input_whole(server, page):
    # d2l's 3x3 input, 2x2 max pooling, stride 1: every input cell drawn, the max starred
    open_grid(page, server, "channels?ch_section=pooling&pl_stride_default=0&pl_sh=1&pl_sw=1")
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
                 .querySelectorAll('[data-grid="output"] .cell').length === 4"""
    )
    assert values(page, "input") == {(r, c): str(3 * r + c) for r in range(3) for c in range(3)}
    assert values(page, "output") == {(0, 0): "4", (0, 1): "5", (1, 0): "7", (1, 1): "8"}
    page.locator(f"{GRID} .grid[data-grid='output'] .cell[data-row='1'][data-col='0']").hover()
    assert page.locator(f"{GRID} .grid[data-grid='input'] .cell.mark").get_attribute("data-row") == "2"
    assert page.locator(f"{GRID} .lines .line").first.inner_text() == "Y[1, 0] = max(3, 4, 6, 7) = 7"
    assert exceptions(page) == []
    screenshot(page, "pooling-grid")


def test_the_pages_equation_is_the_exports_caption_to_the_letter(server, page):
    """With a bias, the page's arithmetic line and the GIF/SVG caption are one string built on the server
    (they drifted: the page put the bias on a second line, the exports after the terms)."""
    from ui import exports

    open_grid(page, server, "explorer?ex_k_bias=-1.5")
    walk = convcore.sliding_window(presets.d2l_matrix(), presets.kernel("d2l_2x2"), bias=-1.5)
    for i, j in [(0, 0), (1, 1), (0, 1)]:
        page.locator(f"{GRID} .grid[data-grid='output'] .cell[data-row='{i}'][data-col='{j}']").hover()
        page.wait_for_function(
            """(cell) => document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot
                     .querySelector('.math-title').dataset.cell === cell""",
            arg=f"{i},{j}",
        )
        line = page.locator(f"{GRID} .lines .line").first.inner_text()
        assert line == exports.caption(walk, i, j), (i, j)
        assert line.endswith(f"+ (−1.5) = {fmt(float(walk.output[i, j]))}") or line.endswith(
            f"+ (-1.5) = {fmt(float(walk.output[i, j]))}"
        )
    assert page.locator(f"{GRID} .lines .line").count() == 1  # one line, not a second one for the bias
    assert exceptions(page) == []


def test_channels_sum_every_channel_in_the_arithmetic(server, page):
    open_grid(page, server, "channels")
    line = page.locator(f"{GRID} .lines .line").last
    assert line.inner_text().endswith("= 56")  # d2l's two channels: 19 + 37
    assert page.locator(f"{GRID} .grid[data-grid='input']").count() == 2
    assert exceptions(page) == []


def test_a_phone_stacks_the_grids_and_never_scrolls_sideways(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 1600})
    phone = context.new_page()
    try:
        open_grid(phone, server, LINK.replace("ex_in_preset=ramp", "ex_in_preset=random&ex_in_size=32"))
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        box = phone.locator(GRID).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        cell = phone.locator(f"{GRID} .grid[data-grid='input'] .cell").first.bounding_box()
        output = phone.locator(f"{GRID} .grid[data-grid='output']").bounding_box()
        inputs = phone.locator(f"{GRID} .grid[data-grid='input']").bounding_box()
        assert output["y"] >= inputs["y"] + inputs["height"] - 1  # stacked
        assert cell["width"] >= 6
        phone.locator(GRID).scroll_into_view_if_needed()
        screenshot(phone, "explorer-phone-grid")
    finally:
        context.close()


FIRST_SCREEN = [
    ("explorer", (1400, 900)),
    ("channels", (1400, 900)),
    ("channels?ch_section=pooling", (1400, 900)),
    ("explorer?projector=1", (1280, 720)),
    ("channels?projector=1", (1280, 720)),
    ("channels?ch_section=pooling&projector=1", (1280, 720)),
]


# the contrast ratio of an element's text colour against white (WCAG 2's formula)
CONTRAST = """(element) => {
  const [r, g, b] = getComputedStyle(element).color.match(/[0-9.]+/g).map(Number);
  const linear = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  return 1.05 / (luminance + 0.05);
}"""


@pytest.mark.parametrize("path, size", FIRST_SCREEN)
def test_the_moving_grid_is_on_the_first_screen(server, browser, path, size):
    # a student at 1400x900, a teacher at a 1280x720 projector: the grid starts on the screen that opens,
    # above the fold, with its controls; at the projector its numbers read from the back (>= 24 px) and
    # the sidebar starts collapsed
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(f"{server}/{path}")
        wait_for_app(page, grids=1)
        grid = page.locator(GRID).first
        first = grid.locator('.cell[data-grid="input"]').first
        play = grid.locator('button[data-control="play"]')
        for element in (play, first):
            box = element.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, (path, box)
        sizes = grid.locator(".cell").evaluate_all(
            "(cells) => cells.map((c) => parseFloat(getComputedStyle(c).fontSize))"
        )
        assert sizes and page.evaluate("document.documentElement.scrollWidth") <= width
        sidebar = page.locator('[data-testid="stSidebar"]')
        if "projector=1" in path:
            assert min(sizes) >= 24, (path, min(sizes))
            assert sidebar.get_attribute("data-collapsed") == "true"
            # captions and the arithmetic in full contrast on the white page (WCAG AAA: at least 7:1)
            texts = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"] p')
            texts = [texts.nth(k) for k in range(texts.count())] + [grid.locator(".lines .line").first]
            for text in texts:
                assert text.evaluate(CONTRAST) >= 7, (path, text.inner_text()[:40])
        else:
            assert sidebar.get_attribute("data-collapsed") == "false"
        assert exceptions(page) == []
        screenshot(page, "first-screen-" + path.replace("?", "-").replace("&", "-").replace("=", ""))
    finally:
        context.close()


def test_a_presenters_clicker_steps_the_window_from_anywhere_on_the_page(server, page):
    # a clicker sends PageDown / PageUp; the focus is wherever the teacher last clicked (here the title)
    sent = record_messages(page)
    open_grid(page, server)
    assert shown_cell(page) == (0, 0)
    page.locator('[data-testid="stMain"] h1').first.click()
    before = len(sent)
    page.keyboard.press("PageDown")
    page.locator(f'{GRID}[data-cell="0,1"]').wait_for()
    page.keyboard.press("PageDown")
    page.locator(f'{GRID}[data-cell="0,2"]').wait_for()
    page.keyboard.press("PageUp")
    page.locator(f'{GRID}[data-cell="0,1"]').wait_for()
    assert len(sent) == before  # no round trip
    # typing in a field keeps its keys: PageDown in the stride box does not step the window
    page.get_by_label("Stride (rows)").focus()
    page.keyboard.press("PageDown")
    page.locator('[data-testid="stMain"] h1').first.click()
    page.keyboard.press("PageDown")
    page.locator(f'{GRID}[data-cell="0,2"]').wait_for()  # one step from (0, 1): the field's keys did nothing
    assert exceptions(page) == []
