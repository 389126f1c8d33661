"""The LeNet page in a real Streamlit server and headless Chromium: it trains live, looks inside the
shared default model, lights up a clicked activation's receptive field, reads a drawn digit, and explains
a blank drawing and an upload that is not a digit.

Prints (does not assert) how many updates a second the page shows while training.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.browser import PROGRESS, WATCH, exceptions, screenshot, wait_for_app
from ui.strings_en import EN

pytestmark = pytest.mark.browser

DEFAULT_MODEL_MS = (
    300_000  # the first visit to "Look inside" trains the shared model (seconds; minutes on a busy machine)
)


def button(page, name: str):
    return page.locator('[data-testid="stButton"] button', has_text=name).first


def step_shown(page) -> int:
    text = page.evaluate(PROGRESS)
    return int(text.split()[1]) if text.startswith("Step ") else -1


def cells(page, name: str) -> list[str]:
    return page.locator(f'.cell[data-grid="{name}"]').evaluate_all(
        "(cells) => cells.map((c) => c.dataset.value)"
    )


def test_training_runs_live_and_pauses(server, page):
    page.goto(f"{server}/lenet?lt_epochs=2")
    wait_for_app(page, grids=2)  # no chart before the first step: no empty axes on the first screen
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.get_by_text(EN["lenet.curves_wait"]).is_visible()
    page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of 126')", timeout=30_000)
    assert exceptions(page) == []
    before = cells(page, "conv1_0")
    assert len(before) == 25 and page.locator('.cell[data-grid="conv2"]').count() == 35 * 95
    page.evaluate(WATCH)
    button(page, "Play").click()
    page.wait_for_function(f"() => parseInt(({PROGRESS})().split(' ')[1]) >= 20", timeout=120_000)
    screenshot(page, "lenet-training")
    button(page, "Pause").click()
    button(page, "Play").wait_for(timeout=30_000)
    wait_for_app(page, charts=1, grids=2)
    held = step_shown(page)
    assert 20 <= held <= 126
    updates = [u for u in page.evaluate("window.__updates") if u[1] and not u[1].startswith("Step 0 ")]
    steps = [int(u[1].split()[1]) for u in updates]
    assert steps == sorted(steps) and len(set(steps)) > 2, steps  # it grew live, only forward
    if len(updates) > 1:
        seconds = (updates[-1][0] - updates[0][0]) / 1000
        print(f"\nLeNet page while training: {len(updates) - 1} updates in {seconds:.2f} s = "
              f"{(len(updates) - 1) / seconds:.1f} updates/s")  # fmt: skip
    assert cells(page, "conv1_0") != before  # the kernels changed as it trained
    # paused means paused: the step holds (at least the one the pause's rerun drew last)
    wait_for_app(page, charts=1, grids=2)
    assert step_shown(page) >= held
    # Step adds exactly one, from a known place: after a reset (right after a pause, the pause's rerun may
    # still be about to draw the step its last tick trained, so "held + 1" would race it)
    button(page, "Reset").click()
    page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of 126')", timeout=60_000)
    for step in (1, 2):
        button(page, "Step").click()
        page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step {step} of 126')", timeout=60_000)
    assert exceptions(page) == []


def test_conv2_changes_while_it_trains(server, page):
    # conv2's 3,325 cells are redrawn about once a second while playing (not only on pause); 20 epochs
    # (1,260 steps) cannot end before that on any machine this runs on
    page.goto(f"{server}/lenet?lt_epochs=20")
    wait_for_app(page, grids=2)
    page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of 1260')", timeout=30_000)
    before = cells(page, "conv2")
    assert len(before) == 35 * 95
    button(page, "Play").click()
    page.wait_for_function(
        """(before) => {
            const cells = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')]
                .flatMap((host) => [...(host.shadowRoot?.querySelectorAll('.cell[data-grid="conv2"]') ?? [])]);
            return cells.length === before.length && cells.some((cell, k) => cell.dataset.value !== before[k]);
        }""",
        arg=before,
        timeout=120_000,
    )
    assert button(page, "Pause").is_visible()  # changed while playing, not because it stopped
    assert 0 < step_shown(page) < 1260
    assert page.get_by_text("redrawn once a second while it trains").is_visible()
    button(page, "Pause").click()
    button(page, "Play").wait_for(timeout=30_000)
    wait_for_app(page, charts=1, grids=2)
    screenshot(page, "lenet-conv2-paused")  # (while playing, a screenshot may catch the curves remounting)
    # the accuracy axis counts in whole 20s (synced to the loss axis's ticks it read 18.3, 36.6, ... 91.5)
    assert page.locator(".y2tick text").evaluate_all("(ts) => ts.map((t) => t.textContent)") == [
        "0",
        "20",
        "40",
        "60",
        "80",
        "100",
    ]
    assert exceptions(page) == []


def test_look_inside_click_an_activation_draw_and_bad_pictures(server, page, tmp_path):
    page.goto(f"{server}/lenet?lt_tab=inside&lt_digit=0")
    page.get_by_text("The network says").wait_for(timeout=DEFAULT_MODEL_MS)
    wait_for_app(page, grids=9)
    assert exceptions(page) == []
    assert page.locator('.cell[data-grid="conv1_0"]').count() == 28 * 28
    assert page.locator('.cell[data-grid="pool2_15"]').count() == 5 * 5
    assert page.get_by_text("Trained once for everyone").count() == 1
    # click activation (1, 2) of pool2 (the last traced map): its 16x16 box on the digit
    page.locator('.fcell[data-grid="map4"][data-row="1"][data-col="2"]').click()
    page.get_by_text("activation (1, 2)").wait_for(timeout=30_000)
    wait_for_app(page, grids=9)
    assert page.get_by_text("16 × 16").count() >= 1
    assert page.locator('.fcell[data-grid="map0"][data-lit]').count() == 16 * 16
    screenshot(page, "lenet-inside")

    # draw a "1" with the mouse
    page.locator('[data-testid="stButtonGroup"] button', has_text="draw one").click()
    pad = page.locator("canvas.pad-canvas")
    pad.wait_for(timeout=30_000)
    box = pad.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.15)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * (0.15 + 0.07 * k))
    page.mouse.up()
    page.get_by_text("The network says").wait_for(timeout=30_000)
    wait_for_app(page)
    screenshot(page, "lenet-drawn")
    # Clear: a blank picture, explained
    page.locator("button.pad-clear").click()
    page.get_by_text("the picture is blank").wait_for(timeout=30_000)
    assert exceptions(page) == []

    # an upload that is not a digit: noise everywhere
    noise = (np.random.default_rng(0).random((64, 64)) * 255).astype(np.uint8)
    path = tmp_path / "noise.png"
    Image.fromarray(noise).save(path)
    page.locator('[data-testid="stButtonGroup"] button', has_text="upload one").click()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.get_by_text("does not look like a digit").wait_for(timeout=30_000)
    assert exceptions(page) == []
    screenshot(page, "lenet-not-a-digit")
