"""Classroom use in a real browser: a shared link opens that view, the language switches, exports download."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import convcore
from convcore import presets
from tests.browser import ARTIFACTS, exceptions, screenshot, wait_for_app, wait_until_still

pytestmark = pytest.mark.browser

TITLE = "document.querySelector('h1')?.innerText"


def test_a_shared_link_opens_that_view_in_chinese_and_switches_back(server, page):
    page.goto(f"{server}/explorer?lang=zh&ex_in_preset=ramp&ex_k_preset=sobel_x&ex_hp_stride_w=2&ex_cell=1,1")
    wait_for_app(page, grids=2)
    assert page.evaluate(TITLE).startswith("探索")
    grid = page.locator('[data-component="grid"]:not(.maps)')
    assert grid.get_attribute("data-cell") == "1,1"  # the linked cell
    line = grid.locator(".lines .line").first.inner_text()
    assert line.startswith("Y[1, 1] =") and line.endswith("= 8")  # ramp, Sobel x, stride (1, 2)
    assert grid.locator(".math-title").inner_text() == "输出元素 (1, 1) 的计算过程"
    screenshot(page, "classroom-zh-link")
    page.locator('[data-testid="stSidebar"] button', has_text="English").click()
    page.wait_for_function(f"() => ({TITLE} || '').startsWith('Explorer')")
    wait_for_app(page, grids=2)
    assert "lang=" not in page.url and "ex_k_preset=sobel_x" in page.url  # the view stays, in English
    assert exceptions(page) == []


def test_a_tampered_link_falls_back_with_a_notice(server, page):
    page.goto(f"{server}/explorer?ex_hp_stride_h=-3&ex_k_preset=%3Cscript%3E")
    wait_for_app(page, grids=2)
    notice = page.locator('[data-testid="stAlert"]', has_text="could not be used").first.inner_text()
    assert "ex_hp_stride_h=-3" in notice and "ex_k_preset=<script>" in notice
    assert page.locator("script", has_text="alert").count() == 0
    assert exceptions(page) == []


def test_the_feature_map_downloads_as_csv(server, page):
    page.goto(
        f"{server}/explorer?ex_in_preset=ramp&ex_k_preset=laplacian&ex_hp_padding_h=1&ex_hp_padding_w=1"
    )
    wait_for_app(page, grids=2)
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button', has_text="Download CSV").click()
    values = np.loadtxt(download.value.path(), delimiter=",")
    expected = convcore.conv2d(presets.ramp(5), presets.kernel("laplacian"), padding=1).numpy()
    np.testing.assert_allclose(values, expected)
    assert exceptions(page) == []


def test_a_phone_screen_does_not_scroll_sideways(server, browser):
    # 390 px wide: the page never scrolls sideways, every formula fits whole (the output size's "= 2" was cut
    # off), and no Plotly toolbar covers anything (it covered the arithmetic line)
    context = browser.new_context(viewport={"width": 390, "height": 1400}, has_touch=True, is_mobile=True)
    phone = context.new_page()
    fits = (
        """() => [...document.querySelectorAll('.katex-display')].map(e => e.scrollWidth - e.clientWidth)"""
    )
    try:
        for path, grids in (("explorer", 2), ("channels?ch_section=one_by_one", 1), ("receptive-field", 1)):
            phone.goto(f"{server}/{path}")
            wait_for_app(phone, grids=grids)
            phone.wait_for_selector(".katex-display")
            wait_for_app(phone, grids=grids)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
            overflow = phone.evaluate(fits)
            assert overflow and max(overflow) <= 3, (path, overflow)  # whole: nothing to scroll to
            text = phone.locator(".katex-display").first.inner_text()
            assert "=" in text.split("\n")[-1] or "=" in text, text
            screenshot(phone, f"phone-{path.split('?')[0]}")
        # the receptive-field page's chart: tapped, it shows no toolbar
        chart = phone.locator(".js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        chart.tap()
        assert phone.locator(".modebar-container").evaluate_all(
            "(bars) => bars.every((bar) => getComputedStyle(bar).display === 'none')"
        )
        assert exceptions(phone) == []
    finally:
        context.close()


def test_a_shared_layer_stack_link_opens_that_stack(server, page):
    from convcore.receptive_field import trace_cell
    from ui.pages.receptive_field import editor, link

    stack = "c5s1p2d1,a2s2p0d1,c3s1p0d2"
    page.goto(f"{server}/receptive-field?lang=zh&rf_layers={stack}&rf_h=20&rf_w=16&rf_cell=1,2")
    wait_for_app(page, charts=1, grids=1)
    layers, _ = editor.to_layers(link.parse_rows(stack))
    source = trace_cell(layers, (20, 16), 1, 2)[0]
    h, w = source.box_shape
    readout = page.get_by_text("第 3 层的输出元素").inner_text()
    assert "(1, 2)" in readout and f"{h} × {w}" in readout, readout
    assert page.get_by_label("输出行 i").input_value() == "1"
    assert "rf_layers=c5s1p2d1" in page.url.replace("%2C", ",")  # the address bar still holds the stack
    assert exceptions(page) == []
    screenshot(page, "classroom-rf-link")


def test_a_shared_learning_link_opens_those_settings(server, page):
    page.goto(f"{server}/learn?ln_opt=adam&ln_lr=0.1&ln_steps=40&ln_bias=1")
    wait_for_app(page, charts=1, grids=2)
    page.wait_for_function(
        """() => (document.querySelector('[data-testid="stProgress"]')?.innerText ?? '').startsWith('Step 0 of 40')"""
    )
    assert "0.1" in page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate").inner_text()
    assert exceptions(page) == []


def test_the_slides_exports_download_with_numbers(server, page):
    # d2l's example: the PNG with a colour scale, the SVG of the pinned cell, and a 960 px GIF of every step
    import io
    import xml.etree.ElementTree as ET

    from PIL import Image

    from ui import exports

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/explorer")
    wait_for_app(page, grids=2)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PNG", exact=True).click()
    image = Image.open(download.value.path()).convert("RGB")
    assert image.size[0] >= 300  # cells with numbers and a scale, not 2 x 2 raw pixels
    # each cell in the colour the page's feature map shows it in
    lay = exports.png_layout((2, 2), None, "Feature map")
    maps = page.locator('[data-component="grid"].maps')
    for i, j in np.ndindex(2, 2):
        shown = maps.locator(f".cell[data-row='{i}'][data-col='{j}']").first.evaluate(
            "(cell) => getComputedStyle(cell).backgroundColor"
        )
        x, y = lay.origin[0] + j * lay.cell + 4, lay.origin[1] + i * lay.cell + 4
        assert shown == "rgb({}, {}, {})".format(*image.getpixel((x, y)))
    # pin output cell (1, 0); the SVG follows the pin
    grid = page.locator('[data-component="grid"]:not(.maps)')
    grid.locator(".grid[data-grid='output'] .cell[data-row='1'][data-col='0']").click()
    page.wait_for_function("() => location.search.includes('ex_cell=1%2C0')")
    wait_for_app(page, grids=2)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download SVG of cell (1, 0)", exact=True).click()
    root = ET.parse(download.value.path()).getroot()
    texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text") if e.get("class") == "caption"]
    assert texts == ["Y[1, 0] = 3×0 + 4×1 + 6×2 + 7×3 = 37"]
    # the GIF: settings in their expander, made on request, then downloaded
    page.locator('[data-testid="stExpander"] summary', has_text="A GIF for slides").click()
    wait_until_still(
        page.locator('[data-testid="stExpander"]', has_text="A GIF for slides")
    )  # it opens animated
    page.locator('[data-testid="stButton"] button', has_text="Make a GIF for slides").click()
    done = page.get_by_role("button", name="Download the GIF", exact=True)
    done.wait_for()
    assert page.get_by_text("4 frames, 960 px wide").is_visible()
    screenshot(page, "explorer-gif-settings")
    with page.expect_download() as download:
        done.click()
    gif = Image.open(io.BytesIO(download.value.path().read_bytes()))
    assert gif.size[0] == 960 and gif.n_frames == 4
    gif.seek(3)
    last = gif.convert("RGB")
    walk = convcore.sliding_window(presets.d2l_matrix(), presets.kernel("d2l_2x2"))
    lay = exports.layout(walk, 960, [exports.caption(walk, 0, 0)])
    x, y = lay.output_xy[0] + lay.cell, lay.output_xy[1] + lay.cell  # output (1, 1): 43, written last
    pixel = last.getpixel((x + lay.cell // 2, y + lay.cell - 6 - lay.cell // 10))  # under its number
    assert np.abs(np.subtract(pixel, exports.colours(walk.output.numpy())[1, 1])).sum() < 30
    last.save(ARTIFACTS / "explorer-gif-last-frame.png")  # looked at: the d2l example, all four written
    assert exceptions(page) == []


STEPPERS = """() => [...document.querySelectorAll('[data-testid="stNumberInput"]')].map((box) => {
  const up = box.querySelector('[data-testid="stNumberInputStepUp"]');
  const rect = up && up.getBoundingClientRect();
  return [box.querySelector('label')?.innerText, Math.round(box.getBoundingClientRect().width),
          !!rect && rect.width > 0 && rect.height > 0];
})"""


@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_every_number_input_keeps_its_steppers(server, browser, width):
    # Streamlit drops the +/- of an input narrower than 7.5rem; between 641 and 1279 px the paired inputs
    # (padding, stride, dilation, window, row and column) were 57-121 px wide and had none
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path, count in (("explorer", 9), ("channels?ch_section=pooling", 6), ("receptive-field", 5),
                            ("explorer?projector=1", 9)):  # fmt: skip
            page.goto(f"{server}/{path}")
            page.wait_for_function(
                f"() => document.querySelectorAll('[data-testid=\"stNumberInput\"]').length >= {count}"
            )
            wait_for_app(page)
            # Streamlit decides on the +/- from a ResizeObserver debounced by 100 ms: a box laid out at its
            # final width shows them once that fires (on a busy machine, later than the page settles)
            with contextlib.suppress(PlaywrightTimeout):  # the assertion below says which boxes have none
                page.wait_for_function(f"() => ({STEPPERS})().every((box) => box[2])", timeout=20_000)
            boxes = page.evaluate(STEPPERS)
            assert len(boxes) >= count
            assert [box for box in boxes if not box[2]] == [], (path, boxes)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
        screenshot(page, f"steppers-{width}")
        assert exceptions(page) == []
    finally:
        context.close()


def test_a_typed_out_of_range_value_is_refused_in_words_beside_it(server, page):
    page.goto(f"{server}/explorer")
    wait_for_app(page, grids=2)
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text="Padding (rows)")
    field = box.locator("input")
    field.fill("9999")
    field.press("Enter")
    column = page.locator('[data-testid="stColumn"]').filter(has=box).last
    alert = column.locator('[data-testid="stAlert"]', has_text="9999 is outside 0 to 16")
    alert.wait_for()
    assert alert.inner_text().strip().endswith("Using 0.")
    # right under the box it was typed in, and the box keeps what was typed
    assert 0 <= alert.bounding_box()["y"] - (box.bounding_box()["y"] + box.bounding_box()["height"]) < 40
    assert field.input_value() == "9999"
    outputs = page.locator('[data-component="grid"]:not(.maps) .grid[data-grid="output"] .cell')
    assert outputs.count() == 4  # the page goes on with padding 0: d2l's 2 x 2 output
    screenshot(page, "explorer-padding-refused")
    field.fill("1")
    field.press("Enter")
    page.wait_for_function("() => location.search.includes('ex_hp_padding_h=1')")
    alert.wait_for(state="detached")
    assert exceptions(page) == []
