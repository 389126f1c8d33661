"""convcore.lenet: LeNet's shapes, its layers' outputs, its receptive fields, its digits and its training."""

from __future__ import annotations

import importlib
import time

import pytest
import torch

from convcore import ConvError, activations, digit_image, digits, lenet
from convcore.lenet import (
    D2L_RECIPE,
    DEFAULTS,
    SPATIAL,
    Training,
    confusion,
    fields,
    footprint,
    layer_gradients,
    mistakes,
    probabilities,
    trace,
)

lenet_module = importlib.import_module("convcore.lenet")  # convcore.lenet is the function

D2L_MODULES = [
    "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))",
    "Sigmoid()",
    "AvgPool2d(kernel_size=2, stride=2, padding=0)",
    "Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))",
    "Sigmoid()",
    "AvgPool2d(kernel_size=2, stride=2, padding=0)",
    "Flatten(start_dim=1, end_dim=-1)",
    "Linear(in_features=400, out_features=120, bias=True)",
    "Sigmoid()",
    "Linear(in_features=120, out_features=84, bias=True)",
    "Sigmoid()",
    "Linear(in_features=84, out_features=10, bias=True)",
]
SHAPES = [(6, 28, 28), (6, 28, 28), (6, 14, 14), (16, 10, 10), (16, 10, 10), (16, 5, 5), (400,), (120,),
          (120,), (84,), (84,), (10,)]  # fmt: skip


def test_d2l_lenet_is_the_books():
    assert [repr(m) for m in lenet("d2l")] == D2L_MODULES


def test_modern_lenet_has_relu_and_max_pooling_with_the_same_shapes():
    d2l, modern = lenet("d2l"), lenet("modern")
    kinds = [type(m).__name__ for m in modern]
    assert kinds == ["Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "ReLU",
                     "Linear", "ReLU", "Linear"]  # fmt: skip
    assert [p.shape for p in d2l.parameters()] == [p.shape for p in modern.parameters()]
    assert sum(p.numel() for p in d2l.parameters()) == 61706


def test_unknown_kind_and_init_are_refused():
    with pytest.raises(ConvError) as error:
        lenet("alexnet")
    assert error.value.key == "one_of"
    with pytest.raises(ConvError):
        lenet("d2l", init="he")


def test_a_seed_builds_the_same_weights_without_touching_the_global_generator():
    state = torch.get_rng_state()
    a, b, c = lenet("d2l", seed=3), lenet("d2l", seed=3), lenet("d2l", seed=4)
    assert torch.equal(torch.get_rng_state(), state)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not torch.equal(a.conv1.weight, c.conv1.weight)


@pytest.mark.parametrize("kind", ["d2l", "modern"])
def test_activations_are_every_layer_in_order_and_equal_a_forward_pass(kind):
    net = lenet(kind, seed=1)
    x = digits().test_images[0, 0]
    named = activations(net, x)
    assert [name for name, _ in named] == [name for name, _ in net.named_children()]
    assert [tuple(a.shape) for _, a in named] == SHAPES
    with torch.no_grad():
        expected = net(x.reshape(1, 1, 28, 28))[0]
        torch.testing.assert_close(named[-1][1], expected)
        torch.testing.assert_close(named[0][1], torch.nn.functional.conv2d(x[None, None], net.conv1.weight,
                                                                           net.conv1.bias, padding=2)[0])  # fmt: skip
    torch.testing.assert_close(probabilities(net, x), torch.softmax(expected, 0))


def test_digits_are_5000_real_mnist_digits_split_4000_1000_with_a_fixed_seed():
    d = digits()
    assert d.train_images.shape == (4000, 1, 28, 28) and d.test_images.shape == (1000, 1, 28, 28)
    assert (
        d.train_images.dtype == torch.float32
        and 0 <= float(d.train_images.min()) < float(d.train_images.max()) <= 1
    )
    assert sorted(torch.unique(d.test_labels).tolist()) == list(range(10))
    assert all(int((d.train_labels == k).sum()) > 300 for k in range(10))
    assert digits() is d  # read once per process
    # the split is fixed: the same first labels every time (seed 0)
    assert d.test_labels[:10].tolist() == DIGITS_FIRST_TEST_LABELS


DIGITS_FIRST_TEST_LABELS = [7, 8, 4, 2, 0, 3, 5, 8, 5, 2]  # the fixed split's first test digits


def test_the_split_is_the_same_on_a_fresh_read(monkeypatch):
    first = digits().test_labels.clone()
    monkeypatch.setattr(lenet_module, "_DIGITS", None)
    assert torch.equal(first, lenet_module.digits().test_labels)


def test_lenets_receptive_field_table():
    net = lenet("d2l")
    table = [(name, f.size, f.stride, f.padding, f.output_size) for name, f in zip(SPATIAL, fields(net))]
    assert table == [
        ("conv1", (5, 5), (1, 1), (2, 2), (28, 28)),
        ("act1", (5, 5), (1, 1), (2, 2), (28, 28)),
        ("pool1", (6, 6), (2, 2), (2, 2), (14, 14)),
        ("conv2", (14, 14), (2, 2), (2, 2), (10, 10)),
        ("act2", (14, 14), (2, 2), (2, 2), (10, 10)),
        ("pool2", (16, 16), (4, 4), (2, 2), (5, 5)),
    ]
    # the same as the receptive-field page's LeNet-5 preset
    from convcore.presets import stacks
    from convcore.receptive_field import receptive_field

    size, layers = stacks()["lenet"]
    preset = receptive_field(layers, size)
    assert [f.size for f in preset] == [f.size for f in fields(net) if f.layer.kind != "elementwise"]
    # a pool2 cell sees a 16x16 box of the digit: (i, j) = (1, 2) -> rows 2..17, columns 6..21
    maps = trace(net, "pool2", 1, 2)
    assert maps[0].box == ((2, 6), (17, 21))
    assert maps[0].size == (28, 28)


@pytest.mark.parametrize("kind", ["d2l", "modern"])
def test_the_gradient_footprint_stays_inside_the_box(kind):
    net = lenet(kind, seed=0)
    x = digits().test_images[3, 0]
    for layer, (i, j) in (("conv1", (0, 0)), ("pool1", (5, 7)), ("act2", (3, 3)), ("pool2", (4, 4))):
        grad = footprint(net, x, layer, 2, i, j)
        (top, left), (bottom, right) = trace(net, layer, i, j)[0].box
        inside = torch.zeros(28, 28, dtype=torch.bool)
        inside[max(top, 0) : bottom + 1, max(left, 0) : right + 1] = True
        assert float(grad[~inside].abs().max()) == 0
        if kind == "d2l" or layer == "conv1":  # a dead ReLU or a max elsewhere in the window gives 0
            assert float(grad[inside].max()) > 0
    with pytest.raises(ConvError):
        footprint(net, x, "pool2", 0, 5, 0)


def test_training_is_seeded_and_yields_loss_accuracies_and_kernels():
    def run(seed):
        return list(Training("modern", "adam", 1e-3, 128, 1, seed=seed, eval_every=10))

    a, b, c = run(0), run(0), run(1)
    assert len(a) == 32 and a[-1].step == a[-1].steps == 32
    assert [s.loss for s in a] == [s.loss for s in b]
    assert [s.loss for s in a] != [s.loss for s in c]
    assert a[0].kernels.shape == (6, 5, 5) and a[-1].tested and a[9].tested and not a[8].tested
    assert a[-1].loss < a[0].loss and 0 <= a[-1].train_accuracy <= 1
    assert not torch.equal(a[0].kernels, a[-1].kernels)


def test_training_from_the_default_seed_reaches_the_accuracy():
    """The modern default model reaches 97% on the test digits in its default run (and quickly)."""
    torch.set_num_threads(1)
    started = time.perf_counter()
    run = Training("modern", seed=0, eval_every=21, **DEFAULTS["modern"])
    best = max(s.test_accuracy for s in run if s.tested)
    seconds = time.perf_counter() - started
    assert run.test_accuracy >= 0.97 and best >= 0.97
    print(f"modern default: {run.test_accuracy:.3f} test accuracy in {seconds:.1f} s")
    net = run.net
    d = digits()
    counts = confusion(net, d.test_images, d.test_labels)
    wrong, guessed = mistakes(net, d.test_images, d.test_labels)
    assert int(counts.sum()) == 1000 and int(counts.trace()) == 1000 - len(wrong)
    assert bool((guessed != d.test_labels[wrong]).all())


def test_a_learning_rate_that_diverges_stops_the_run():
    steps = list(Training("modern", "sgd", 100.0, 64, 2, seed=0))
    assert steps[-1].diverged and len(steps) < 126


def test_d2ls_sgd_recipe_stalls_because_early_gradients_vanish():
    grads = layer_gradients("d2l", "default")
    assert (
        grads["conv1"] * 1000 < grads["fc3"]
    )  # four sigmoids: conv1's gradient is thousands of times smaller
    modern = layer_gradients("modern", "xavier")
    assert modern["conv1"] * 10 > modern["fc3"]
    # the recipe's first 3 epochs stay at chance (loss ~ ln 10)
    run = list(Training("d2l", D2L_RECIPE["optimizer"], D2L_RECIPE["lr"], 256, 3, init="xavier"))
    assert run[-1].test_accuracy < 0.3 and abs(run[-1].loss - 2.30) < 0.1


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), "x"])
def test_bad_learning_rates_are_refused(bad):
    with pytest.raises(ConvError):
        Training(lr=bad)


def test_bad_settings_are_refused():
    for kwargs in (
        {"batch_size": 0},
        {"batch_size": 5000},
        {"epochs": 0},
        {"optimizer": "rmsprop"},
        {"seed": -1},
    ):
        with pytest.raises(ConvError):
            Training(**kwargs)


def test_a_drawn_digit_is_centred_like_mnist():
    picture = torch.ones(100, 80)  # black ink on white paper
    picture[20:80, 30:38] = 0  # a "1"
    digit = digit_image(picture)
    assert digit.shape == (28, 28)
    rows = torch.nonzero(digit.sum(1) > 0.1).flatten()
    assert int(rows[0]) >= 3 and int(rows[-1]) <= 24  # 20 pixels tall, centred
    assert float(digit[0].max()) == 0 and float(digit.max()) > 0.9


def test_a_blank_or_non_digit_picture_is_refused():
    with pytest.raises(ConvError) as error:
        digit_image(torch.zeros(28, 28))
    assert error.value.key == "blank_digit"
    noise = torch.rand(64, 64, generator=torch.Generator().manual_seed(0))
    with pytest.raises(ConvError) as error:
        digit_image(noise)
    assert error.value.key == "not_a_digit"
    with pytest.raises(ConvError):
        digit_image(torch.zeros(4, 4))
    assert digit_image(digits().test_images[0, 0]).shape == (28, 28)  # a real digit passes
