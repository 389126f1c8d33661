"""The LeNet page through AppTest: it opens ready to train, steps, plays, diverges with a message, and its
other tabs look inside the shared default model (trained once per process, here before the page opens).

AppTest does not run ``run_every`` timers, so playing is driven the way a full rerun drives it (each run
while playing is one update). The numbers shown are checked against convcore directly.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from convcore.lenet import DEFAULTS, activations, default_model, digits, probabilities, trace
from tests.apptest import component, grid_values, open_page, rerun
from ui.i18n import t
from ui.pages.lenet import canvas, code, trainer
from ui.pages.lenet.settings import Settings


@pytest.fixture(scope="module")
def model():
    torch.set_num_threads(1)
    return default_model("d2l")  # the page's shared model: trained here once, not inside a page run


@pytest.fixture
def at():
    return open_page("lenet")


def progress(at) -> str:
    return at.get("progress")[0].proto.text


def click(at, key: str):
    at.button(key=key).click()
    return rerun(at)


def tab(at, name: str):
    at.session_state["lt_tab"] = t(f"lenet.tab_{name}")
    return rerun(at)


def test_opens_on_the_train_tab_ready_to_train(at):
    assert at.title[0].value == "LeNet learns handwritten digits"
    assert progress(at).startswith("Step 0 of 504 · epoch 0 of 8")
    assert at.selectbox(key="lt_kind").value == "d2l" and at.selectbox(key="lt_opt").value == "adam"
    kernels = component(at, "lt_conv1")["grids"]
    assert len(kernels) == 6 and all((g["rows"], g["cols"]) == (5, 5) for g in kernels)
    conv2 = component(at, "lt_conv2")["grids"][0]
    assert (conv2["rows"], conv2["cols"]) == (35, 95)  # 6 rows x 16 columns of 5x5 tiles, a gap between
    assert not at.error and not at.exception


def test_step_trains_one_minibatch_and_the_kernels_change(at):
    before = grid_values(component(at, "lt_conv1")["grids"][0])
    click(at, "lt_step")
    assert progress(at).startswith("Step 1 of 504 · epoch 1 of 8 · loss ")
    after = grid_values(component(at, "lt_conv1")["grids"][0])
    assert not np.allclose(before, after)
    # the numbers are convcore's: the same run from the same seed
    run = at.session_state[trainer.RUN]
    np.testing.assert_allclose(
        after, run.training.net.conv1.weight.detach()[0, 0].numpy(), rtol=5e-3, atol=1e-6
    )
    assert any("ms here" in c.value for c in at.caption)


def test_play_advances_each_update_pause_holds_and_reset_starts_over(at):
    at.number_input(key="lt_epochs").set_value(1)
    at.selectbox(key="lt_batch").set_value(512)  # 8 steps an epoch
    rerun(at)
    click(at, "lt_play")
    assert at.session_state[trainer.PLAYING] or at.session_state[trainer.RUN].training.done
    seen = [progress(at)]
    while at.session_state[trainer.PLAYING]:
        rerun(at)
        seen.append(progress(at))
    assert seen[-1].startswith("Step 8 of 8")
    assert at.button(key="lt_play").disabled  # finished
    assert any("of the 1,000 test digits right" in s.value for s in at.success)
    click(at, "lt_reset")
    assert progress(at).startswith("Step 0 of 8")


def test_a_learning_rate_that_diverges_is_explained_under_it(at):
    at.selectbox(key="lt_kind").set_value("modern")
    at.selectbox(key="lt_opt").set_value("sgd")
    at.selectbox(key="lt_init").set_value("default")
    at.select_slider(key="lt_lr").set_value(100.0)
    at.number_input(key="lt_epochs").set_value(1)
    rerun(at)
    click(at, "lt_play")
    while at.session_state[trainer.PLAYING]:
        rerun(at)
    message = " ".join(e.value for e in at.error)
    # caught as soon as the loss grows past DIVERGE_GROWTH times its first value, before it is NaN
    assert "The loss became " in message and "learning rate 100 is too large" in message
    assert not at.exception


def test_adam_at_the_largest_learning_rate_is_told_it_diverged_not_that_it_stalls(at):
    # d2l's LeNet with Adam at lr 100: the loss stays finite (thousands) and the accuracy at chance; the
    # page used to say "Not learning ... loss at ln 10", pointing at the sigmoid plateau
    at.select_slider(key="lt_lr").set_value(100.0)
    at.number_input(key="lt_epochs").set_value(2)
    rerun(at)
    click(at, "lt_play")
    updates = 0
    while at.session_state[trainer.PLAYING] and updates < 200:
        rerun(at)
        updates += 1
    run = at.session_state[trainer.RUN]
    assert run.training.diverged and run.last.step < run.training.steps  # it stopped early
    message = " ".join(e.value for e in at.error)
    assert "learning rate 100 is too large" in message, message
    assert not any("Not learning" in w.value for w in at.warning)
    assert not any("Done:" in s.value for s in at.success)
    assert not at.exception


def test_the_d2l_recipe_button_and_why_it_stalls(at):
    click(at, "lt_d2l")
    assert at.select_slider(key="lt_lr").value == 0.9 and at.selectbox(key="lt_opt").value == "sgd"
    text = " ".join(m.value for m in at.markdown)
    assert "smaller than fc3's" in text and "What fixes it" in text


def test_look_inside_draws_every_layer_of_the_default_model(at, model):
    tab(at, "inside")
    x = digits().test_images[0, 0]
    named = dict(activations(model.net, x))
    conv1 = component(at, "lt_fm_conv1")["grids"]
    assert len(conv1) == 6 and (conv1[0]["rows"], conv1[0]["cols"]) == (28, 28)
    np.testing.assert_allclose(grid_values(conv1[2]), named["conv1"][2].numpy(), rtol=5e-3, atol=1e-3)
    assert len(component(at, "lt_fm_pool2")["grids"]) == 16
    probs = probabilities(model.net, x)
    guess = int(probs.argmax())
    assert any(m.value.startswith(f"The network says **{guess}**") for m in at.markdown)
    assert component(at, "lt_probs")["grids"][0]["values"][guess] == f"{100 * float(probs[guess]):.1f}%"
    assert any("Trained once for everyone" in c.value for c in at.caption)


def test_a_clicked_activation_lights_its_receptive_field(at, model):
    tab(at, "inside")
    at.session_state["lt_cell"] = (1, 2)  # what a click on the last map pins (selection.pin)
    rerun(at)
    payload = component(at, "lt_fields")
    assert payload["kind"] == "fields" and payload["cell"] == [1, 2]
    box = trace(model.net, "pool2", 1, 2)[0].box
    assert box == ((2, 6), (17, 21))
    grids = {g["name"]: g for key in ("lt_rf_digit", "lt_rf_grad") for g in component(at, key)["grids"]}
    assert grids["rf_digit"]["box"] == [2, 6, 17, 21] and grids["rf_grad"]["box"] == [2, 6, 17, 21]
    assert any("**16 × 16**" in m.value for m in at.markdown)


def test_a_channel_beyond_a_smaller_layer_is_kept_inside_it(at, model):
    tab(at, "inside")
    at.selectbox(key="lt_rf_layer").set_value("conv2")
    rerun(at)
    at.number_input(key="lt_rf_channel").set_value(15)
    rerun(at)
    at.selectbox(key="lt_rf_layer").set_value("pool1")  # 6 channels
    rerun(at)
    assert at.number_input(key="lt_rf_channel").value == 5 and not at.exception


def test_mistakes_and_the_confusion_matrix(at, model):
    tab(at, "mistakes")
    counts = grid_values(component(at, "lt_confusion")["grids"][0])
    assert counts.sum() == 1000 and round(counts.trace()) == round(1000 * model.test_accuracy)
    assert len(component(at, "lt_wrong")["grids"]) == min(24, 1000 - round(counts.trace()))


def test_a_blank_drawing_is_explained(at, model):
    tab(at, "inside")
    at.segmented_control(key="lt_src").set_value("draw")
    rerun(at)
    assert any("Draw a digit" in i.value for i in at.info)
    assert canvas.parse({"pixels": []}).sum() == 0  # "Clear" sends an empty list: a blank picture
    assert canvas.parse({"pixels": ["x"]}) is None and canvas.parse(None) is None


def test_the_code_is_the_same_training_as_a_script(at):
    tab(at, "code")
    script = at.code[0].value
    assert "nn.Sigmoid" in script and "nn.AvgPool2d" in script and "torch.optim.Adam" in script
    compile(script, "lenet.py", "exec")


def test_the_script_runs_and_learns(tmp_path):
    import subprocess
    import sys

    s = Settings("modern", "adam", "xavier", 2e-3, 64, 1, 0)
    path = tmp_path / "lenet.py"
    path.write_text(code.script(s))
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=300, check=True)
    accuracy = float(out.stdout.split("test acc ")[-1])
    assert accuracy > 0.85, out.stdout


def test_defaults_are_the_shared_models():
    assert DEFAULTS["d2l"]["optimizer"] == "adam" and DEFAULTS["modern"]["init"] == "xavier"
