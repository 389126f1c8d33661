"""The kernel-learning page in a real Streamlit server and headless Chromium: playing grows the loss plot live.

Prints (does not assert) how many updates a second the page shows while playing.
"""

from __future__ import annotations

import time

import pytest

from tests.browser import exceptions, screenshot, wait_for_app

pytestmark = pytest.mark.browser

CHARTS = 4  # loss, kernel, target Y, prediction and difference

# the loss chart is the one with a log y axis; -1 until it is drawn
POINTS = """() => {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        if (gd.layout && gd.layout.yaxis && gd.layout.yaxis.type === 'log') return gd.data[0].x.length;
    }
    return -1;
}"""
PROGRESS = """() => document.querySelector('[data-testid="stProgress"]')?.innerText ?? ''"""
# every distinct progress text the page shows, with the time it appeared
WATCH = """() => {
    window.__updates = [];
    let last = null;
    const check = () => {
        const text = document.querySelector('[data-testid="stProgress"]')?.innerText ?? null;
        if (text !== last) { last = text; window.__updates.push([performance.now(), text]); }
    };
    new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def button(page, name: str):
    return page.locator('[data-testid="stButton"] button', has_text=name).first


def test_playing_grows_the_loss_plot_live(server, page):
    # a deep link to a fresh server, straight onto the page
    page.goto(f"{server}/learn")
    wait_for_app(page, charts=CHARTS)
    # the charts can be drawn a moment before the fragment's progress bar: wait for it, then check it
    page.wait_for_function(f"() => ({PROGRESS})() !== ''", timeout=30_000)
    assert exceptions(page) == []
    assert page.evaluate(PROGRESS).startswith("Step 0 of 10")
    assert page.evaluate(POINTS) == 1
    screenshot(page, "learn-before")

    # the d2l experiment played to its end: the plot grows to 11 points, then the verdict appears
    page.evaluate(WATCH)
    button(page, "Play").click()
    seen = [page.evaluate(POINTS)]
    deadline = time.monotonic() + 60
    while seen[-1] < 11 and time.monotonic() < deadline:
        time.sleep(0.05)
        seen.append(page.evaluate(POINTS))
    assert seen[-1] == 11, seen
    assert max(seen) == seen[-1] and len(set(seen)) > 2  # it grew in steps, not all at once
    button(page, "Play again").wait_for(timeout=20_000)
    page.get_by_text("After 10 steps the loss fell").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS)
    assert exceptions(page) == []
    screenshot(page, "learn-after")

    # a longer run to watch the rate: 300 steps, "auto" speed (6 steps an update)
    steps = page.get_by_label("Steps", exact=True)
    steps.fill("300")
    steps.press("Enter")
    page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of 300')", timeout=30_000)
    wait_for_app(page, charts=CHARTS)
    page.evaluate(WATCH)
    button(page, "Play").click()
    samples = []
    start = time.monotonic()
    while time.monotonic() - start < 4:
        samples.append(page.evaluate(POINTS))
        time.sleep(0.1)
    screenshot(page, "learn-during")
    updates = page.evaluate("window.__updates")
    button(page, "Pause").click()
    button(page, "Play").wait_for(timeout=20_000)
    wait_for_app(page, charts=CHARTS)
    assert samples[-1] > samples[0] > 0, samples
    assert all(b >= a for a, b in zip(samples, samples[1:])), samples  # the curve only grows
    playing = [u for u in updates if not u[1].startswith("Step 0 ")]
    if len(playing) > 1:
        seconds = (playing[-1][0] - playing[0][0]) / 1000
        print(f"\nlearn page while playing: {len(playing) - 1} updates in {seconds:.2f} s = "
              f"{(len(playing) - 1) / seconds:.1f} updates/s (points {samples[0]} -> {samples[-1]})")  # fmt: skip
    held = page.evaluate(PROGRESS)
    time.sleep(0.6)
    assert page.evaluate(PROGRESS) == held  # paused means paused
    assert exceptions(page) == []

    # a setting changed mid-run: a new experiment, recomputed, back at step 0 and paused; no timer left
    button(page, "Play").click()
    page.wait_for_function(f"() => ({POINTS})() > {samples[-1] + 6}", timeout=30_000)
    steps.fill("200")
    steps.press("Enter")
    page.wait_for_function(f"() => ({PROGRESS})().startsWith('Step 0 of 200')", timeout=30_000)
    wait_for_app(page, charts=CHARTS)
    time.sleep(0.6)
    assert page.evaluate(PROGRESS).startswith("Step 0 of 200")
    assert page.evaluate(POINTS) == 1
    assert button(page, "Play").is_visible()
    assert exceptions(page) == []


def test_divergence_is_reported(server, page):
    page.goto(f"{server}/learn")
    wait_for_app(page, charts=CHARTS)
    # the learning-rate slider to its top, 100: far past what the edge image tolerates
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate")
    slider.get_by_role("slider").press("End")
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stSlider"]')].some(
            s => s.innerText.includes('Learning rate') && s.innerText.includes('100'))""",
        timeout=30_000,
    )
    wait_for_app(page, charts=CHARTS)
    button(page, "To the end").click()
    page.get_by_text("The loss blew up at step 1").wait_for(timeout=20_000)
    assert page.evaluate(PROGRESS).startswith("Step 1 of 10") and "stopped" in page.evaluate(PROGRESS)
    assert page.get_by_text("Try a 10x smaller learning rate: 10.").count() == 1
    wait_for_app(page, charts=CHARTS)
    assert exceptions(page) == []
    screenshot(page, "learn-diverged")
