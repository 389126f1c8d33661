"""The kernel-learning page through AppTest: it opens on d2l's experiment, steps, plays, diverges and resets.

AppTest does not run ``run_every`` timers, so playing is driven the way a full
rerun drives it (each run while playing is one update); every other state
change is a button. The numbers shown are checked against convcore directly.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from convcore import presets
from convcore.learn import initial_kernel, learn_kernel, make_target
from tests.apptest import array, chart, component, grid_values, open_page, rerun, texts
from ui.pages.learn import player
from ui.pages.learn.settings import LR_OPTIONS
from ui.pages.learn.verdict import suggested_lr

EDGE = [[1.0, -1.0]]


@pytest.fixture
def at():
    return open_page("learn")


def progress(at) -> str:
    return at.get("progress")[0].proto.text


def losses(at) -> np.ndarray:
    return array(chart(at, "ln_loss")["data"][0]["y"])


def kernel_panels(at) -> list[np.ndarray]:
    """The kernel grids as the page prints them (3 significant digits)."""
    return [grid_values(spec) for spec in component(at, "ln_kernel")["grids"]]


def outputs(at) -> dict[str, dict]:
    """Y, the prediction and their difference: the grid component's specs by name."""
    return {spec["name"]: spec for spec in component(at, "ln_outputs")["grids"]}


PRINTED = {"rtol": 5e-3, "atol": 1e-6}  # 3 significant digits


def click(at, key: str):
    at.button(key=key).click()
    return rerun(at)


def d2l_records(steps: int = 10, lr: float = 3e-2):
    """The d2l run as the engine computes it, from the same start the page draws (seed 0)."""
    X = presets.edge_image()
    w0, _ = initial_kernel((1, 2), seed=0)
    return w0, list(learn_kernel(X, make_target(X, EDGE), (1, 2), lr, steps, weight_init=w0))


def verdict(at) -> str:
    return "\n".join(box.value for kind in ("success", "info") for box in getattr(at, kind))


# --------------------------------------------------------------------------- the d2l experiment


def test_opens_paused_on_the_d2l_experiment(at):
    # the book's setup: 6x8 edge image, target from [1, -1], a 1x2 kernel, no bias, lr 0.03, 10 steps
    assert at.selectbox(key="ln_in_preset").value == "edge"
    assert at.selectbox(key="ln_k_preset").value == "d2l_edge"
    assert at.toggle(key="ln_same").value and not at.toggle(key="ln_bias").value
    assert at.selectbox(key="ln_opt").value == "sgd"
    assert at.select_slider(key="ln_lr").value == pytest.approx(0.03)
    assert at.number_input(key="ln_steps").value == 10
    assert progress(at).startswith("Step 0 of 10")
    w0, records = d2l_records()
    np.testing.assert_allclose(losses(at), [records[0].loss], rtol=1e-6)
    np.testing.assert_allclose(kernel_panels(at)[0], w0.numpy(), **PRINTED)
    target = grid_values(outputs(at)["target"])
    np.testing.assert_array_equal(target, make_target(presets.edge_image(), EDGE).numpy())
    assert at.button(key="ln_play").label == "Play"
    assert at.button(key="ln_step").disabled is False
    assert not at.error and not at.success  # no verdict before the end


def test_step_reveals_one_update_at_a_time(at):
    w0, records = d2l_records()
    for n in (1, 2, 3):
        click(at, "ln_step")
        assert progress(at).startswith(f"Step {n} of 10")
        shown = losses(at)
        assert len(shown) == n + 1
        # point k is the loss of the kernel after k updates: the engine's record k + 1
        np.testing.assert_allclose(shown, [r.loss for r in records[: n + 1]], rtol=1e-6)
        np.testing.assert_allclose(kernel_panels(at)[0], records[n - 1].weight.numpy(), **PRINTED)
    assert component(at, "ln_kernel")["grids"][0]["title"] == "Kernel after step 3"
    # the prediction drawn is corr2d(X, W) with that kernel
    prediction = grid_values(outputs(at)["prediction"])
    X = presets.edge_image()
    expected = torch.nn.functional.conv2d(X[None, None], records[2].weight[None, None])[0, 0]
    np.testing.assert_allclose(prediction, expected.numpy(), rtol=5e-3, atol=1e-3)
    # the difference is colour only: its numbers are in the cells' data, not printed
    assert outputs(at)["residual"].get("quiet") and not outputs(at)["prediction"].get("quiet")


def test_d2l_loss_falls_at_least_tenfold_in_ten_steps(at):
    click(at, "ln_end")
    assert progress(at).startswith("Step 10 of 10")
    shown = losses(at)
    assert len(shown) == 11
    assert shown[0] / shown[10] >= 10
    assert shown[0] / shown[1:].max() >= 1  # falls from the start
    assert "After 10 steps the loss fell" in verdict(at)
    assert "can reproduce this 1 x 2 target exactly" in verdict(at)
    # at the end the learned kernel stands beside the target
    learned, target = kernel_panels(at)
    np.testing.assert_array_equal(target, EDGE)
    assert np.abs(learned - target).max() < 0.1
    assert at.button(key="ln_play").label == "Play again"
    assert at.button(key="ln_step").disabled and at.button(key="ln_end").disabled


def test_enough_steps_learn_the_edge_kernel(at):
    at.number_input(key="ln_steps").set_value(300)
    rerun(at)
    click(at, "ln_end")
    learned, target = kernel_panels(at)
    np.testing.assert_allclose(learned, [[1.0, -1.0]], atol=1e-3)
    assert losses(at)[-1] < 1e-6
    assert at.success, "a converged, exactly learnable run ends on a success box"


def test_reset_goes_back_to_the_start(at):
    click(at, "ln_step")
    click(at, "ln_step")
    click(at, "ln_reset")
    assert progress(at).startswith("Step 0 of 10")
    assert len(losses(at)) == 1
    assert at.button(key="ln_reset").disabled


# --------------------------------------------------------------------------- playing


def test_play_advances_each_update_and_stops_at_the_end(at):
    at.number_input(key="ln_steps").set_value(20)
    rerun(at)
    click(at, "ln_play")  # the run after the click is the first update
    assert at.session_state[player.PLAYING]
    assert at.button(key="ln_pause").label == "Pause"
    assert progress(at).startswith("Step 1 of 20")
    # while playing every grid keeps its numbers (the component updates them in place)
    assert not outputs(at)["prediction"].get("quiet") and len(kernel_panels(at)) == 1
    at.select_slider(key="ln_speed").set_value(5)
    rerun(at)  # changing the speed is not a new experiment: playing goes on, 5 steps per update
    assert progress(at).startswith("Step 6 of 20")
    for expected in (11, 16, 20):
        rerun(at)
        assert progress(at).startswith(f"Step {expected} of 20")
    assert not at.session_state[player.PLAYING]
    assert at.button(key="ln_play").label == "Play again"
    assert len(losses(at)) == 21
    assert len(kernel_panels(at)) == 2  # at the end: the learned kernel and the target
    click(at, "ln_play")  # play again starts over
    assert progress(at).startswith("Step 5 of 20")


def test_pause_holds_the_step(at):
    at.number_input(key="ln_steps").set_value(100)
    rerun(at)
    click(at, "ln_play")
    rerun(at)
    click(at, "ln_pause")
    held = progress(at)
    assert not at.session_state[player.PLAYING]
    rerun(at)
    assert progress(at) == held
    assert at.button(key="ln_play").label == "Play"


def test_changing_a_setting_mid_run_restarts_paused(at):
    at.number_input(key="ln_steps").set_value(50)
    rerun(at)
    click(at, "ln_play")
    rerun(at)
    assert at.session_state[player.PLAYING] and not progress(at).startswith("Step 0")
    at.select_slider(key="ln_lr").set_value(0.01)
    rerun(at)
    # a new experiment: recomputed, back at step 0, paused, and every panel from the new run
    assert progress(at).startswith("Step 0 of 50")
    assert not at.session_state[player.PLAYING]
    assert at.button(key="ln_play").label == "Play"
    assert len(losses(at)) == 1
    click(at, "ln_end")
    X = presets.edge_image()
    w0, _ = initial_kernel((1, 2), seed=0)
    records = list(learn_kernel(X, make_target(X, EDGE), (1, 2), 0.01, 50, weight_init=w0))
    np.testing.assert_allclose(kernel_panels(at)[0], records[-1].weight.numpy(), **PRINTED)


def test_the_seed_changes_the_start(at):
    first = kernel_panels(at)[0]
    at.number_input(key="ln_seed").set_value(7)
    rerun(at)
    np.testing.assert_allclose(kernel_panels(at)[0], initial_kernel((1, 2), seed=7)[0].numpy(), **PRINTED)
    assert not np.allclose(kernel_panels(at)[0], first)


# --------------------------------------------------------------------------- divergence


def test_lr_50_blows_up_and_suggests_a_smaller_lr(at):
    at.select_slider(key="ln_lr").set_value(50.0)
    rerun(at)
    click(at, "ln_end")
    assert len(at.error) == 1
    message = at.error[0].value
    assert "blew up at step 1" in message and "10x smaller learning rate: 5." in message
    assert not at.success
    assert len(losses(at)) == 2  # the start and the one update before the blow-up
    assert progress(at).startswith("Step 1 of 10") and progress(at).endswith("stopped: the loss blew up")
    click(at, "ln_use_lr")
    assert at.select_slider(key="ln_lr").value == 5.0
    assert progress(at).startswith("Step 0 of")
    assert not at.error


# --------------------------------------------------------------------------- other tasks


def test_noise_sets_a_floor_the_loss_cannot_pass(at):
    at.number_input(key="ln_noise").set_value(0.3)
    at.number_input(key="ln_steps").set_value(300)
    rerun(at)
    noisy = grid_values(outputs(at)["target"])
    assert not np.allclose(noisy, make_target(presets.edge_image(), EDGE).numpy())
    click(at, "ln_end")
    spec = chart(at, "ln_loss")
    assert len(spec["data"]) == 2  # the loss and the dashed lowest-possible line
    floor = spec["data"][1]["y"][0]
    assert losses(at)[-1] == pytest.approx(floor, rel=1e-3)
    assert "no kernel can reproduce noise" in verdict(at)


def test_a_target_bias_needs_a_learned_bias(at):
    at.number_input(key="ln_k_bias").set_value(0.5)
    rerun(at)
    click(at, "ln_end")
    assert "turn on **Learn a bias**" in verdict(at)
    assert not any("Bias now" in text for text in texts(at))
    at.toggle(key="ln_bias").set_value(True)
    at.select_slider(key="ln_lr").set_value(0.01)
    at.number_input(key="ln_steps").set_value(300)
    rerun(at)
    click(at, "ln_end")
    assert "Bias now: **0.5**" in texts(at)
    np.testing.assert_allclose(kernel_panels(at)[0], EDGE, atol=1e-3)
    assert "can reproduce this 1 x 2 target exactly" in verdict(at)


def test_a_smaller_kernel_cannot_learn_sobel_and_the_page_says_so(at):
    at.selectbox(key="ln_in_preset").select("random")
    at.selectbox(key="ln_k_preset").select("sobel_x")
    rerun(at)
    assert at.number_input(key="ln_steps").value == 10
    at.toggle(key="ln_same").set_value(False)
    rerun(at)
    assert (at.number_input(key="ln_rows").value, at.number_input(key="ln_cols").value) == (3, 3)
    at.number_input(key="ln_rows").set_value(1)
    at.number_input(key="ln_cols").set_value(2)
    at.selectbox(key="ln_opt").select("adam")
    at.select_slider(key="ln_lr").set_value(0.1)
    at.number_input(key="ln_steps").set_value(300)
    rerun(at)
    assert any("compared on their common centre 4 x 4" in caption.value for caption in at.caption)
    click(at, "ln_end")
    assert "No 1 x 2 kernel can reproduce this 3 x 3 target" in verdict(at)
    assert "smaller than 3 x 3 cannot hold" in verdict(at)
    learned, target, best = kernel_panels(at)
    assert learned.shape == best.shape == (1, 2) and target.shape == (3, 3)
    np.testing.assert_allclose(learned, best, atol=1e-2)  # training reached the best a 1x2 can do
    # the outline marks the compared centre on the larger prediction (6x5 of a 6x6 input -> 4x4)
    assert outputs(at)["prediction"]["box"] == [1, 0, 4, 3]  # rows 1..4, columns 0..3
    assert "box" not in outputs(at)["target"]  # Y is the 4x4 itself


def test_adam_learns_a_3x3_sobel_from_noise(at):
    at.selectbox(key="ln_in_preset").select("random")
    rerun(at)
    at.number_input(key="ln_in_size").set_value(16)
    at.selectbox(key="ln_k_preset").select("sobel_x")
    at.selectbox(key="ln_opt").select("adam")
    at.select_slider(key="ln_lr").set_value(0.1)
    at.number_input(key="ln_steps").set_value(300)
    rerun(at)
    click(at, "ln_end")
    learned, target = kernel_panels(at)
    np.testing.assert_allclose(learned, presets.kernel("sobel_x").numpy(), atol=1e-2)


def test_a_bigger_kernel_on_the_edge_image_is_not_pinned_down(at):
    at.toggle(key="ln_same").set_value(False)
    rerun(at)
    at.number_input(key="ln_rows").set_value(2)
    at.number_input(key="ln_cols").set_value(3)
    rerun(at)
    click(at, "ln_end")
    assert "does not pin down one kernel" in verdict(at)


# --------------------------------------------------------------------------- problems


def test_a_target_kernel_larger_than_the_input_is_explained_not_raised(at):
    at.selectbox(key="ln_in_preset").select("d2l")  # 3x3
    at.selectbox(key="ln_k_preset").select("box")
    rerun(at)
    at.number_input(key="ln_k_rows").set_value(5)
    rerun(at)
    assert [e.value for e in at.error] == [
        "The 5 x 3 target kernel does not fit inside the 3 x 3 input: pick a larger input or a smaller kernel."
    ]
    assert not at.get("plotly_chart")
    at.number_input(key="ln_k_rows").set_value(2)
    rerun(at)
    assert not at.error and at.get("plotly_chart")


def test_a_learned_kernel_larger_than_the_input_is_explained(at):
    at.toggle(key="ln_same").set_value(False)
    rerun(at)
    at.number_input(key="ln_rows").set_value(7)
    rerun(at)
    assert [e.value for e in at.error] == [
        "A 7 x 2 learned kernel does not fit inside the 6 x 8 input: make it at most 6 x 8."
    ]


def test_the_code_shows_the_books_loop_with_the_settings(at):
    code = at.code[0].value
    assert "nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)" in code
    assert "lr = 0.03" in code and "for i in range(10):" in code
    assert "conv2d.weight.data[:] -= lr * conv2d.weight.grad" in code


# --------------------------------------------------------------------------- helpers


def test_steps_per_update_and_advance():
    assert player.steps_per_update(10, "auto") == 1
    assert player.steps_per_update(2000, "auto") == 40
    assert player.steps_per_update(2000, 5) == 5
    assert player.advance(8, 10, 1) == (9, True)
    assert player.advance(9, 10, 5) == (10, False)


def test_suggested_lr_is_a_tenth_from_the_offered_list():
    assert suggested_lr(50.0) == 5.0
    assert suggested_lr(0.03) == 0.003
    assert suggested_lr(2.0) == 0.2
    assert suggested_lr(0.0005) is None
    assert all(lr in LR_OPTIONS for lr in (1e-4, 3e-2, 50.0, 100.0))
