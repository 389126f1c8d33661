"""Every page in a real Streamlit server and a real headless Chromium: drawn, clickable, no exception box."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.browser import (
    exceptions,
    pick,
    screenshot,
    wait_for_app,
    wait_for_layout,
)

pytestmark = pytest.mark.browser

PAGES = {
    "explorer": (0, 2),
    "channels": (0, 2),
    "transposed": (0, 4),
    "receptive-field": (1, 1),
    "matmul": (0, 2),  # the unfolded input with the product (one linked component), C
    # same and causal (each one linked component), TextCNN (3 channels, the sum), the tree (one component)
    "conv1d": (0, 7),
    "home": (0, 9),  # the playing grid and each card's picture
}  # url path -> (Plotly charts, grid components) drawn at its defaults


def test_every_page_renders_without_exception(server, page):
    # the explorer first: a deep link must reach the router even on a server no one has visited yet
    for path, (charts, grids) in PAGES.items():
        page.goto(f"{server}/{path}")
        wait_for_app(page, charts=charts, grids=grids)
        assert page.locator('[data-testid="stPlotlyChart"]').count() == charts
        assert page.locator(HOSTS).count() == grids
        assert exceptions(page) == []
        assert page.get_by_text("Page not found").count() == 0  # /home is a page too, not only /
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert all(
            name in nav
            for name in ("Home", "Explorer", "Channels", "Transposed convolution", "Receptive field")
        )  # titles, not files
        screenshot(page, path)


# Each chart's margins as drawn, against the margins its figure asked for: a margin Plotly had to grow
# (for the play buttons and slider, row numbers, a colour bar) means it laid the chart out a second time.
GROWN_MARGINS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map((gd) => {
    const L = gd._fullLayout;
    return ['l', 'r', 't', 'b'].filter((side) => L._size[side] > L.margin[side])
        .map((side) => `${side} ${L.margin[side]} -> ${L._size[side]}`).join(', ');
})"""


@pytest.mark.parametrize(
    "path, charts",
    [
        ("receptive-field", 1),  # the effective receptive field (the traced maps are the grid component)
        ("receptive-field?projector=1", 1),
    ],
)
def test_charts_leave_room_for_their_controls(server, page, path, charts):
    page.goto(f"{server}/{path}")
    wait_for_app(page, charts=charts)
    wait_for_layout(page)  # Plotly's margin pass, if any, runs after the first draw
    assert page.evaluate(GROWN_MARGINS) == [""] * charts
    assert exceptions(page) == []


HOSTS = '[data-testid="stBidiComponentIsolated"]'  # grid components


def test_explorer_tabs_build_when_opened(server, page):
    # only the open results tab is built; a click on another asks the server for it
    page.goto(f"{server}/explorer")
    wait_for_app(page, grids=2)
    grids = page.locator(HOSTS)
    assert grids.count() == 2  # the sliding window and the feature map
    assert page.locator('.st-key-ex_map [data-component="grid"]').count() == 1
    assert page.locator('[data-testid="stCode"]').count() == 0
    page.get_by_role("tab", name="Show the code").click()
    page.locator('[data-testid="stCode"]', has_text="def sliding_window").first.wait_for(timeout=20_000)
    wait_for_app(page)
    assert grids.count() == 1  # the feature map's tab is closed now
    page.get_by_role("tab", name="Cross-correlation vs convolution").click()
    page.get_by_text("Cross-correlation (K as is)").first.wait_for(timeout=20_000)
    wait_for_app(page, grids=2)
    assert page.locator('[data-testid="stCode"]').count() == 0
    # switching the language keeps the same tab open (its label is translated)
    page.locator('[data-testid="stSidebar"] button', has_text="中文").click()
    page.get_by_role("tab", name="互相关运算与卷积", selected=True).wait_for(timeout=20_000)
    wait_for_app(page, grids=2)
    flip = page.locator(".st-key-ex_flip")
    assert flip.locator('figure[data-grid="corr"]').count() == 1
    assert flip.locator('figure[data-grid="conv"] .grid-title').inner_text() == "卷积（K 旋转 180°）"
    assert exceptions(page) == []


def test_channels_page_sections_render(server, page):
    page.goto(f"{server}/channels")
    wait_for_app(page, grids=2)
    # d2l's two-channel example: output (0, 0) is 19 from X0 plus 37 from X1
    line = page.locator('[data-component="grid"] .lines .line').last
    assert line.inner_text() == "Y[0][0, 0] = X0: 19 + X1: 37 + bias: 0 = 56"
    # what each section must show: pooling's grid (d2l's 3x3 input, 2x2 windows at the book's stride 1:
    # four output cells), 1x1's mixed channel, the photo through three real layers as images
    sections = (
        ("Pooling", "pooling", 0, '[data-component="grid"] [data-grid="output"] .cell', 4),
        ("1x1 convolution", "one_by_one", 0, '[data-component="grid"] figure[data-grid^="out"]', 1),
        ("A photo through real layers", "real", 0, '[data-testid="stImage"] img', 6),
    )
    for label, key, charts, shown, count in sections:
        page.locator("button", has_text=label).first.click()
        page.wait_for_function("(key) => location.search.includes('ch_section=' + key)", arg=key)
        page.locator(shown).nth(count - 1).wait_for(timeout=30_000)  # drawn, whatever the order
        wait_for_app(page, charts=charts)
        assert page.locator(shown).count() == count, (label, page.locator(shown).count())
        assert exceptions(page) == []
        screenshot(page, "channels-" + label.split()[0].lower())


def test_explorer_convolves_an_uploaded_photo(server, page, tmp_path):
    # a 1024x720 colour PNG: converted to grey, animated on a 32x32 copy, convolved at full size
    ramp = np.linspace(0, 255, 1024)[None, :, None]
    noise = np.random.default_rng(0).integers(0, 256, (720, 1024, 3))
    path = tmp_path / "photo.png"
    Image.fromarray((0.7 * ramp + 0.3 * noise).astype(np.uint8), "RGB").save(path)
    page.goto(f"{server}/explorer")
    wait_for_app(page, grids=2)
    pick(page, "Input", "Upload an image")
    page.get_by_text("Upload an image to convolve it.").wait_for(timeout=20_000)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("Output (719 x 1023)").wait_for(timeout=60_000)  # the default 2x2 kernel, no padding
    wait_for_app(page, grids=2)
    # the grid animates a copy 32 cells wide (22 x 32), and draws every cell of its 21 x 31 output
    cells = page.locator('.st-key-ex_anim figure[data-grid="output"] .cell')
    cells.nth(21 * 31 - 1).wait_for()
    assert cells.count() == 21 * 31
    assert page.locator('.st-key-ex_anim figure[data-grid="input"] .cell').count() == 22 * 32
    shown = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stImage"] img')].map((img) =>
            [img.complete, img.naturalWidth, img.naturalHeight, img.currentSrc.split('.').pop()])"""
    )
    # input and output at full size, decoded by the browser
    assert shown == [[True, 1024, 720, "jpg"], [True, 1023, 719, "jpg"]]
    assert exceptions(page) == []
    screenshot(page, "explorer-upload")


SELECTS = """() => [...document.querySelectorAll('[data-testid="stSelectbox"] input')].map((e) => e.value)"""


def test_a_language_switch_relabels_every_widget_at_once(server, page):
    # a student switches to Chinese mid-session: the chosen options show in Chinese at once, as a fresh
    # page in Chinese shows them (Streamlit's selectbox kept the old language's text before)
    from ui.strings_en import EN
    from ui.strings_zh import ZH

    page.goto(f"{server}/explorer")
    wait_for_app(page, grids=2)
    assert page.evaluate(SELECTS)[0] == EN["input.d2l"]
    page.locator('[data-testid="stSidebar"] button', has_text="中文").click()
    page.wait_for_function(f"() => ({SELECTS})()[0] === {ZH['input.d2l']!r}", timeout=20_000)
    wait_for_app(page, grids=2)
    switched = page.evaluate(SELECTS)
    page.goto(f"{server}/explorer?lang=zh")
    wait_for_app(page, grids=2)
    assert switched == page.evaluate(SELECTS)  # the same as a page opened in Chinese
    assert exceptions(page) == []
