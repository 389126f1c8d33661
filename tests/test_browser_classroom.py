"""Classroom use in a real browser: a shared link opens that view, the language switches, exports download."""

from __future__ import annotations

import numpy as np
import pytest

import convcore
from convcore import presets
from tests.browser import exceptions, screenshot, wait_for_app

pytestmark = pytest.mark.browser

TITLE = "document.querySelector('h1')?.innerText"


def test_a_shared_link_opens_that_view_in_chinese_and_switches_back(server, page):
    page.goto(f"{server}/explorer?lang=zh&ex_in_preset=ramp&ex_k_preset=sobel_x&ex_hp_stride_w=2&ex_cell=1,1")
    wait_for_app(page, charts=4)
    assert page.evaluate(TITLE).startswith("探索")
    caption = page.locator('[data-testid="stPlotlyChart"] .gtitle').first.text_content()
    assert caption.startswith("Y[1, 1] =") and caption.endswith("= 8")  # ramp, Sobel x, stride (1, 2)
    screenshot(page, "classroom-zh-link")
    page.locator('[data-testid="stSidebar"] button', has_text="English").click()
    page.wait_for_function(f"() => ({TITLE} || '').startsWith('Explorer')")
    wait_for_app(page, charts=4)
    assert "lang=" not in page.url and "ex_k_preset=sobel_x" in page.url  # the view stays, in English
    assert exceptions(page) == []


def test_a_tampered_link_falls_back_with_a_notice(server, page):
    page.goto(f"{server}/explorer?ex_hp_stride_h=-3&ex_k_preset=%3Cscript%3E")
    wait_for_app(page, charts=4)
    notice = page.locator('[data-testid="stAlert"]', has_text="could not be used").first.inner_text()
    assert "ex_hp_stride_h=-3" in notice and "ex_k_preset=<script>" in notice
    assert page.locator("script", has_text="alert").count() == 0
    assert exceptions(page) == []


def test_the_feature_map_downloads_as_csv(server, page):
    page.goto(
        f"{server}/explorer?ex_in_preset=ramp&ex_k_preset=laplacian&ex_hp_padding_h=1&ex_hp_padding_w=1"
    )
    wait_for_app(page, charts=4)
    with page.expect_download() as download:
        page.locator('[data-testid="stDownloadButton"] button', has_text="Download CSV").click()
    values = np.loadtxt(download.value.path(), delimiter=",")
    expected = convcore.conv2d(presets.ramp(5), presets.kernel("laplacian"), padding=1).numpy()
    np.testing.assert_allclose(values, expected)
    assert exceptions(page) == []


def test_a_phone_screen_does_not_scroll_sideways(server, browser):
    # 390 px wide: the page itself never scrolls sideways; a wide formula scrolls inside its own box
    context = browser.new_context(viewport={"width": 390, "height": 1400})
    phone = context.new_page()
    try:
        phone.goto(f"{server}/explorer")
        wait_for_app(phone, charts=4)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        widths = phone.evaluate("[...document.querySelectorAll('.katex-display')].map(e => e.clientWidth)")
        assert widths and max(widths) <= 390
        assert exceptions(phone) == []
        screenshot(phone, "explorer-phone")
    finally:
        context.close()
