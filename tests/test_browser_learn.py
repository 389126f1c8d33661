"""The kernel-learning page in a real Streamlit server and headless Chromium: playing grows the loss plot live.

Prints (does not assert) how many updates a second the page shows while playing.
"""

from __future__ import annotations

import pytest

from tests.browser import PROGRESS, WATCH, exceptions, screenshot, wait_for_app
from tests.test_learn_page import d2l_records

pytestmark = pytest.mark.browser

CHARTS = 1  # the loss
GRIDS = 2  # the kernel; target Y, prediction and difference (grid components)

# the loss chart is the one with a log y axis; -1 until it is drawn
POINTS = """() => {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        if (gd.layout && gd.layout.yaxis && gd.layout.yaxis.type === 'log') return gd.data[0].x.length;
    }
    return -1;
}"""


def kernel_cells(page, name: str) -> list[str]:
    """The numbers a grid of the kernel component prints, row by row (its cells' data-value)."""
    cells = page.locator(f'.cell[data-grid="{name}"]')
    return cells.evaluate_all("(cells) => cells.map((c) => c.dataset.value)")


def button(page, name: str):
    return page.locator('[data-testid="stButton"] button', has_text=name).first


def progress(page) -> str:
    return page.evaluate(PROGRESS)


def steps_seen(page) -> list[int]:
    """The step numbers the progress bar showed since WATCH, in order (every DOM change is recorded)."""
    texts = [text for _, text in page.evaluate("window.__updates") if text and text.startswith("Step ")]
    return [int(text.split()[1]) for text in texts]


def wait_for_progress(page, prefix: str) -> None:
    page.wait_for_function(f"(prefix) => ({PROGRESS})().startsWith(prefix)", arg=prefix, timeout=30_000)


def set_steps(page, steps: int) -> None:
    box = page.get_by_label("Steps", exact=True)
    box.fill(str(steps))
    box.press("Enter")
    wait_for_progress(page, f"Step 0 of {steps}")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)


def test_playing_grows_the_loss_plot_live(server, page):
    # a deep link to a fresh server, straight onto the page
    page.goto(f"{server}/learn")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    # the charts can be drawn a moment before the fragment's progress bar: wait for it, then check it
    page.wait_for_function(f"() => ({PROGRESS})() !== ''", timeout=30_000)
    assert exceptions(page) == []
    assert progress(page).startswith("Step 0 of 10")
    assert page.evaluate(POINTS) == 1
    screenshot(page, "learn-before")

    # the d2l experiment played to its end: the plot grows to 11 points in steps, then the verdict appears
    page.evaluate(WATCH)
    button(page, "Play").click()
    button(page, "Play again").wait_for(timeout=60_000)
    page.get_by_text("After 10 steps the loss fell").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert page.evaluate(POINTS) == 11
    seen = steps_seen(page)
    # it grew in steps, not all at once, and only forward (the observer saw every text the bar showed)
    assert seen[-1] == 10 and len(set(seen)) > 2 and seen == sorted(seen), seen
    # the grids show the engine's numbers: the learned kernel beside the target [1, -1], and Y
    learned = [float(v) for v in kernel_cells(page, "kernel")]
    assert kernel_cells(page, "target_kernel") == ["1", "-1"]
    _, records = d2l_records()
    assert learned == pytest.approx(records[-1].weight.numpy().ravel().tolist(), rel=5e-3)
    assert page.locator('.cell[data-grid="target"]').count() == 6 * 7
    assert page.locator('.cell[data-grid="residual"]').count() == 6 * 7
    assert exceptions(page) == []
    screenshot(page, "learn-after")

    # A run that cannot end before it is paused, however fast the machine: 2000 steps, one step an update,
    # and the live timer fires at most every TICK (80 ms), so playing it through takes at least 160 s.
    set_steps(page, 2000)
    speed = page.locator('[data-testid="stSlider"]').filter(has_text="Steps per update").get_by_role("slider")
    speed.press("Home")
    speed.press("ArrowRight")  # auto -> 1
    page.wait_for_function(
        """() => document.querySelector('input[type="range"][aria-label="Steps per update"]')
                     ?.getAttribute('aria-valuetext') === '1'"""
    )
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    page.evaluate(WATCH)
    button(page, "Play").click()
    page.wait_for_function(f"() => ({POINTS})() >= 5", timeout=60_000)  # grown by 4 live updates
    screenshot(page, "learn-during")
    button(page, "Pause").click()
    button(page, "Play").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    held = int(progress(page).split()[1])
    seen = steps_seen(page)
    assert 4 <= held < 2000 and page.evaluate(POINTS) == held + 1, (held, seen)
    assert seen == sorted(seen) and len(set(seen)) > 3, seen  # one step an update, only forward
    playing = [u for u in page.evaluate("window.__updates") if u[1] and not u[1].startswith("Step 0 ")]
    if len(playing) > 1:
        seconds = (playing[-1][0] - playing[0][0]) / 1000
        print(f"\nlearn page while playing: {len(playing) - 1} updates in {seconds:.2f} s = "
              f"{(len(playing) - 1) / seconds:.1f} updates/s")  # fmt: skip
    # paused means paused: no timer is left, so one Step moves exactly one step and the page stays there
    page.evaluate(WATCH)
    button(page, "Step").click()
    wait_for_progress(page, f"Step {held + 1} of 2000")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert progress(page).startswith(f"Step {held + 1} of 2000") and page.evaluate(POINTS) == held + 2
    assert set(steps_seen(page)) <= {held, held + 1}, steps_seen(page)
    assert exceptions(page) == []

    # a setting changed mid-run: a new experiment, recomputed, back at step 0 and paused; no timer left
    button(page, "Play").click()
    page.wait_for_function(f"() => ({POINTS})() > {held + 6}", timeout=60_000)
    set_steps(page, 200)
    assert button(page, "Play").is_visible() and page.evaluate(POINTS) == 1
    page.evaluate(WATCH)
    button(page, "Step").click()
    wait_for_progress(page, "Step 1 of 200")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert progress(page).startswith("Step 1 of 200") and page.evaluate(POINTS) == 2
    assert set(steps_seen(page)) <= {0, 1}, steps_seen(page)
    assert exceptions(page) == []


def test_divergence_is_reported(server, page):
    page.goto(f"{server}/learn")
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    # the learning-rate slider to its top, 100: far past what the edge image tolerates
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate")
    slider.get_by_role("slider").press("End")
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stSlider"]')].some(
            s => s.innerText.includes('Learning rate') && s.innerText.includes('100'))""",
        timeout=30_000,
    )
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    button(page, "To the end").click()
    page.get_by_text("The loss blew up at step 1").wait_for(timeout=20_000)
    assert page.evaluate(PROGRESS).startswith("Step 1 of 10") and "stopped" in page.evaluate(PROGRESS)
    assert page.get_by_text("Try a 10x smaller learning rate: 10.").count() == 1
    wait_for_app(page, charts=CHARTS, grids=GRIDS)
    assert exceptions(page) == []
    screenshot(page, "learn-diverged")
