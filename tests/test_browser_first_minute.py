"""The first minute, in a real server and Chromium: what each page's first screen shows, at 1400x900, at
1280x720 in projector mode and at 390x844, in both languages; and the rough edges a newcomer met.

Every first screen is screenshotted (artifacts/screenshots/first-<page>-<size>-<lang>.png) and must show its
picture (home's grid playing by itself, the explorer's grid and its play controls, the learning page's
training, the traced receptive-field maps, LeNet with no empty chart), cut no label short, and fetch nothing
from beyond loopback. Every wait is on a condition.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import exceptions, screenshot, wait_for_app, wait_until_still
from ui.pages.home import CARDS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"desk": (1400, 900, ""), "projector": (1280, 720, "projector=1"), "phone": (390, 844, "")}
PAGES = ("home", "explorer", "learn", "receptive-field", "lenet")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOST_MODULE = "dynamically imported module"


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("blob", "data", "about") or parts.hostname in LOOPBACK


def open_page(browser, server, path: str, size: str, lang: str = "en", query: str = ""):
    """A fresh context at ``size``; returns (context, page, every URL it requested)."""
    width, height, mode = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    params = "&".join(p for p in (mode, "lang=zh" if lang == "zh" else "", query) if p)
    page.goto(f"{server}/{'' if path == 'home' else path}" + (f"?{params}" if params else ""))
    wait_for_app(page)
    return context, page, requests


def box(locator) -> dict:
    locator.wait_for(timeout=60_000)
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def on_first_screen(page, locator, whole: bool = True) -> None:
    """The element is on the first screen: inside the viewport (``whole``), or at least begun in it."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    b = box(locator)
    assert b["x"] >= -1 and b["x"] + b["width"] <= width + 1, (locator, b)
    assert b["y"] >= -1 and b["y"] < height, (locator, b, height)
    if whole:
        assert b["y"] + b["height"] <= height + 1, (locator, b, height)


def above(page, first, second) -> None:
    assert box(first)["y"] < box(second)["y"], (first, second)


# every label the page draws in full: a widget's label, a select's value, each tab on screen
TRUNCATED = """() => {
    const out = [];
    const main = document.querySelector('[data-testid="stMain"]');
    for (const e of main.querySelectorAll('[data-testid="stWidgetLabel"] .stMarkdownEllipsis')) {
        if (e.scrollWidth > e.clientWidth + 1) out.push(['label', e.textContent, e.scrollWidth, e.clientWidth]);
    }
    for (const e of main.querySelectorAll('[data-testid="stSelectbox"] input')) {
        if (e.scrollWidth > e.clientWidth + 1) out.push(['select', e.value, e.scrollWidth, e.clientWidth]);
    }
    for (const e of main.querySelectorAll('[role="tab"]')) {
        const r = e.getBoundingClientRect();
        if (r.left < -1 || r.right > innerWidth + 1) out.push(['tab', e.innerText, r.left, r.right]);
    }
    return out;
}"""

CELL = """(host) => host.shadowRoot?.querySelector('[data-component="grid"]')?.dataset.cell ?? null"""


def grid_in(page, key: str):
    """The grid component mounted under widget key ``key`` (its element container's class)."""
    return page.locator(f".st-key-{key} [data-component='grid']")


def wait_moving(page, key: str) -> None:
    """The grid under ``key`` plays: its cell on show changes while data-playing is true."""
    host = page.locator(f".st-key-{key} [data-testid='stBidiComponentIsolated']").element_handle(
        timeout=60_000
    )
    page.wait_for_function(
        """(host) => {
            const root = host.shadowRoot?.querySelector('[data-component="grid"]');
            if (!root || root.dataset.playing !== 'true') return false;
            if (host.__firstCell === undefined) host.__firstCell = root.dataset.cell;
            return root.dataset.cell !== host.__firstCell;
        }""",
        arg=host,
        timeout=60_000,
    )


def check_home(page, size: str) -> None:
    wait_moving(page, "home_hero")  # playing by itself, nobody pressed anything
    on_first_screen(page, grid_in(page, "home_hero"))
    on_first_screen(page, page.locator(".st-key-home_hero_block [data-testid='stPageLink']"))
    # every card carries its picture, drawn by the grid component
    for card in CARDS:
        cells = grid_in(page, f"home_pic_{card.key}").locator(".cell")
        cells.first.wait_for(state="attached", timeout=60_000)
        assert cells.count() > 0, card.key


def check_explorer(page, size: str) -> None:
    grid = grid_in(page, "ex_anim")
    on_first_screen(page, grid.locator("button[data-control='play']"))
    on_first_screen(page, grid.locator("figure[data-grid='output']"))
    on_first_screen(page, grid.locator("figure[data-grid='input']"))
    if size == "phone":  # the picture first, the controls that change it after
        above(page, grid, page.locator(".st-key-ex_in_preset"))
    grid.locator("button[data-control='play']").click()
    wait_moving(page, "ex_anim")


def check_learn(page, size: str) -> None:
    on_first_screen(page, page.locator(".st-key-ln_play"))
    if size == "phone":
        above(page, page.locator(".st-key-ln_play"), page.locator(".st-key-ln_in_preset"))
        on_first_screen(page, page.locator(".js-plotly-plot").first, whole=False)
    else:  # the loss chart and the kernel beside it
        on_first_screen(page, page.locator(".js-plotly-plot").first, whole=False)
        on_first_screen(page, grid_in(page, "ln_kernel"))
    page.locator(".st-key-ln_kernel [data-grid] .cell").first.wait_for(timeout=60_000)


def check_receptive_field(page, size: str) -> None:
    maps = grid_in(page, "rf_maps")
    page.locator(".st-key-rf_maps .fcell").first.wait_for(timeout=60_000)
    on_first_screen(page, maps.locator("figure.field").first)  # the input's map, its traced box lit
    if size == "phone":
        above(page, maps, page.locator(".st-key-rf_preset"))


def check_lenet(page, size: str) -> None:
    page.locator(".st-key-lt_conv1 [data-grid] .cell").first.wait_for(timeout=60_000)
    height = page.viewport_size["height"]
    charts = page.locator(".js-plotly-plot")
    for k in range(charts.count()):  # no empty chart on the first screen (none is drawn before a step)
        assert box(charts.nth(k))["y"] >= height, "a chart on LeNet's first screen before any training"
    if size != "phone":
        on_first_screen(page, page.locator(".st-key-lt_play"))
        on_first_screen(page, grid_in(page, "lt_conv1"), whole=False)


CHECKS = {
    "home": check_home,
    "explorer": check_explorer,
    "learn": check_learn,
    "receptive-field": check_receptive_field,
    "lenet": check_lenet,
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path", PAGES)
def test_each_first_screen_shows_its_picture_in_full_words_from_loopback_only(
    server, browser, path, size, lang
):
    context, page, requests = open_page(browser, server, path, size, lang)
    try:
        CHECKS[path](page, size)
        assert page.evaluate(TRUNCATED) == []
        assert exceptions(page) == []
        lost = [text for text in page.locator("[data-testid='stAlertContentError']").all_inner_texts()
                if LOST_MODULE in text]  # fmt: skip
        assert lost == []
        screenshot(page, f"first-{path}-{size}-{lang}")
        outside = sorted({url for url in requests if not is_loopback(url)})
        assert outside == [], f"requests that leave loopback: {outside}"
    finally:
        context.close()


def test_the_pace_one_step_a_second_for_d2l_about_ten_seconds_for_any_walk(server, browser):
    # grid.js's own period(count, speed), imported in the page as the component is
    context, page, _ = open_page(browser, server, "home", "desk")
    try:
        source = (ROOT / "ui" / "grid" / "grid.js").read_text(encoding="utf-8")
        periods = page.evaluate(
            """async (source) => {
                const url = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
                const { period } = await import(url);
                return [period(4, '1'), period(9, '1'), period(400, '1') * 400, period(961, '1') * 961,
                        period(4, '2'), period(4, '0.5'), period(961, '10') * 961];
            }""",
            source,
        )
        assert periods[0] == 1000 and periods[1] == 1000  # d2l's examples: a step a second
        assert periods[2] == pytest.approx(10_000) and periods[3] == pytest.approx(10_000)  # long: ~10 s
        assert (
            periods[4] == 500 and periods[5] == 2000 and periods[6] == pytest.approx(1000)
        )  # speeds scale it
    finally:
        context.close()


def test_the_speed_is_carried_in_the_link(server, browser):
    context, page, _ = open_page(browser, server, "explorer", "desk", query="speed=2")
    try:
        speed = grid_in(page, "ex_anim").locator("select[data-control='speed']")
        page.wait_for_function(
            "(s) => s.value === '2'", arg=speed.element_handle(timeout=60_000), timeout=60_000
        )
        speed.select_option("4")
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('speed') === '4'", timeout=60_000
        )
        page.goto(page.url)  # the link opened again: the same speed
        wait_for_app(page)
        page.wait_for_function(
            "(s) => s.value === '4'",
            arg=grid_in(page, "ex_anim")
            .locator("select[data-control='speed']")
            .element_handle(timeout=60_000),
            timeout=60_000,
        )
    finally:
        context.close()


def test_the_svg_button_names_the_cell_stepped_to(server, browser):
    context, page, _ = open_page(browser, server, "explorer", "desk")
    try:
        button = page.locator(".st-key-ex_svg").get_by_role("button", name=re.compile("SVG"))
        assert "(0, 0)" in button.inner_text(timeout=60_000)
        grid_in(page, "ex_anim").locator("button[data-control='next']").click()
        page.wait_for_function(
            "(b) => b.innerText.includes('(0, 1)')", arg=button.element_handle(), timeout=60_000
        )
        assert grid_in(page, "ex_anim").get_attribute("data-cell") == "0,1"
    finally:
        context.close()


def test_a_click_on_the_title_draws_no_frame_around_the_page(server, browser):
    context, page, _ = open_page(browser, server, "explorer", "desk")
    try:
        page.locator("h1").first.click()
        page.keyboard.press("Shift")  # a key after the click: the browser's focus-visible ring would show
        frame = """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const style = getComputedStyle(main);
            const before = getComputedStyle(main, '::before');  // Streamlit draws its frame here
            return [document.activeElement === main, main.matches(':focus-visible'), style.outlineStyle,
                    before.boxShadow];
        }"""
        # no frame, settled (on a busy machine the page's style may land a frame after the key)
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(f"() => {{ const f = ({frame})(); return f[2] === 'none' && f[3] === 'none'; }}",
                                   timeout=20_000)  # fmt: skip
        shown = page.evaluate(frame)
        assert shown[2] == "none" and shown[3] == "none", shown
    finally:
        context.close()


@pytest.mark.parametrize("size", ["desk", "projector"])
def test_the_layer_editor_leaves_the_input_size_stepper_and_its_headers_in_view(server, browser, size):
    context, page, _ = open_page(browser, server, "receptive-field", size)
    try:
        editor = page.locator("[class*='st-key-rf_stack_'] [data-testid='stDataFrame']")
        wait_until_still(editor)
        editor.hover()
        toolbar = page.locator("[class*='st-key-rf_stack_'] [data-testid='stElementToolbar']")
        toolbar.wait_for(timeout=60_000)
        bar = box(toolbar)
        for stepper in page.locator(".st-key-rf_w [data-testid^='stNumberInputStep']").all():
            s = box(stepper)
            # clear of it, with room to spare (touching, it covers the stepper's edge as the pointer nears)
            apart = (bar["y"] >= s["y"] + s["height"] + 8 or bar["y"] + bar["height"] <= s["y"]
                     or bar["x"] >= s["x"] + s["width"] or bar["x"] + bar["width"] <= s["x"])  # fmt: skip
            assert apart, (bar, s)
        # every column of the editor and of the layer table fits (nothing scrolls sideways)
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
                .map((e) => [e.scrollWidth, e.clientWidth])"""
        )
        assert overflow and all(scroll <= client + 1 for scroll, client in overflow), overflow
        # the editor's headers in full: each name as the grid draws it fits its column
        fits = page.evaluate(
            """() => {
                const canvas = document.createElement('canvas').getContext('2d');
                canvas.font = '600 14px "Source Sans", sans-serif';
                return ['kind', 'kernel', 'stride', 'padding', 'dilation'].map((name) => canvas.measureText(name).width);
            }"""
        )
        from ui.pages.receptive_field.editor import COLUMN_WIDTH

        assert all(width + 30 <= COLUMN_WIDTH for width in fits), fits  # the edit mark and padding beside it
    finally:
        context.close()


def test_a_lost_widget_file_is_fetched_again_and_leaves_no_error_on_screen(server, browser):
    # Streamlit loads each kind of widget's code on first use; one failed request used to leave a red
    # "Failed to fetch dynamically imported module" box in place of every widget of that kind, for good
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    failed = []

    def once(route):
        if not failed:
            failed.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/static/js/NumberInput.*.js", once)
    try:
        page.goto(f"{server}/explorer")
        # the page's seven number inputs drawn, or the boxes that replace them
        page.wait_for_function(
            f"""() => document.querySelectorAll('[data-testid="stNumberInput"]').length >= 7
                || [...document.querySelectorAll('[data-testid="stAlertContentError"]')]
                    .some((box) => box.textContent.includes('{LOST_MODULE}'))""",
            timeout=60_000,
        )
        assert failed, "the widget file was never requested"
        # the page recovers by itself (ui/recover.js fetches the file again, reloading the page if it must):
        # every number input drawn and no such box left (a wait survives the reload; a read does not)
        page.wait_for_function(
            f"""() => document.querySelectorAll('[data-testid="stNumberInput"]').length >= 7
                && ![...document.querySelectorAll('[data-testid="stAlertContentError"]')]
                    .some((box) => box.textContent.includes('{LOST_MODULE}'))""",
            timeout=60_000,
        )
        wait_for_app(page)
        errors = page.locator("[data-testid='stAlertContentError']").all_inner_texts()
        assert not [text for text in errors if LOST_MODULE in text], errors
        assert exceptions(page) == []
    finally:
        context.close()
