"""convcore.learn: learning a kernel by gradient descent (d2l 7.2.4), checked against autograd.

The oracle for the update rule is the textbook's own loop written with
autograd and torch.optim; the expected loss of a step is recomputed by hand
from ``corr2d``. The learned numbers are checked against the kernels that made
the targets.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import convcore.learn as learn_module
from convcore.conv import corr2d
from convcore.learn import (
    LearnStep,
    best_kernel,
    crop_to,
    evaluate_kernel,
    initial_kernel,
    learn_kernel,
    learning_run,
    make_target,
)

SOBEL_X = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
EDGE = torch.tensor([[1.0, -1.0]])


def _d2l_x() -> torch.Tensor:
    X = torch.ones(6, 8)
    X[:, 2:6] = 0
    return X


def _noise(shape=(32, 32), seed=0) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


def _reference(X, Y, w0, b0, lr, steps, optimizer, bias):
    """The textbook loop with autograd: losses before each update, weights after it."""
    w = w0.clone().reshape(1, 1, *w0.shape).requires_grad_(True)
    b = torch.tensor([b0], requires_grad=True)
    params = [w, b] if bias else [w]
    opt = None
    if optimizer == "momentum":
        opt = torch.optim.SGD(params, lr=lr, momentum=0.9)
    elif optimizer == "adam":
        opt = torch.optim.Adam(params, lr=lr)
    losses, weights = [], []
    for _ in range(steps):
        Y_hat = F.conv2d(X[None, None], w, b if bias else None)[0, 0]
        loss = ((Y_hat - Y) ** 2).sum()
        for p in params:
            p.grad = None
        loss.backward()
        if opt is None:
            with torch.no_grad():
                for p in params:
                    p -= lr * p.grad
        else:
            opt.step()
        losses.append(loss.item())
        weights.append(w.detach()[0, 0].clone())
    return losses, weights, float(b.detach())


# --------------------------------------------------------------------------- the d2l experiment


@pytest.mark.parametrize("seed", range(8))
def test_d2l_experiment_drops_the_loss_tenfold(seed):
    # the textbook's headline claim: 10 SGD steps at lr 3e-2 shrink the loss by far more than 10x
    X = _d2l_x()
    records = list(learn_kernel(X, corr2d(X, EDGE), (1, 2), lr=3e-2, steps=10, seed=seed))
    assert [r.step for r in records] == list(range(1, 11))
    assert not any(r.diverged for r in records)
    assert records[0].loss / records[-1].loss >= 10


def test_d2l_experiment_converges_to_the_edge_kernel():
    # the point of the experiment: the learned weight is the [1, -1] detector that made Y
    X = _d2l_x()
    last = list(learn_kernel(X, corr2d(X, EDGE), (1, 2), steps=200))[-1]
    assert torch.allclose(last.weight, EDGE, atol=1e-3)
    assert last.bias == 0.0


@pytest.mark.parametrize("optimizer,lr", [("sgd", 3e-2), ("momentum", 1e-2), ("adam", 0.1)])
@pytest.mark.parametrize("bias", [False, True])
def test_matches_the_autograd_textbook_loop(optimizer, lr, bias):
    # the analytic-gradient fast path must give the numbers d2l's autograd loop prints
    X, Y = _d2l_x(), make_target(_d2l_x(), EDGE, bias=0.25)
    if bias:
        lr = min(lr, 1e-2)  # the bias direction is stiffer: 3e-2 would diverge
    w0 = torch.tensor([[0.3, -0.2]])
    records = list(
        learn_kernel(
            X,
            Y,
            (1, 2),
            lr=lr,
            steps=15,
            optimizer=optimizer,
            bias=bias,
            weight_init=w0,
            bias_init=0.1 if bias else None,
        )
    )
    losses, weights, b = _reference(X, Y, w0, 0.1 if bias else 0.0, lr, 15, optimizer, bias)
    assert np.allclose([r.loss for r in records], losses, rtol=1e-5, atol=1e-6)
    for record, weight in zip(records, weights):
        assert torch.allclose(record.weight, weight, atol=1e-5)
    assert records[-1].bias == pytest.approx(b if bias else 0.0, abs=1e-5)


def test_step_one_loss_is_the_hand_computation():
    # .loss is computed BEFORE the update, from the starting weight, as d2l prints it
    X = _noise((9, 7))
    Y = make_target(X, SOBEL_X)
    w0 = torch.tensor([[0.5, -1.0, 0.25], [0.0, 2.0, -0.5], [1.0, 0.1, -0.3]])
    records = list(learn_kernel(X, Y, 3, steps=1, weight_init=w0))
    assert len(records) == 1 and records[0].step == 1 and not records[0].diverged
    assert records[0].loss == pytest.approx(float(((corr2d(X, w0) - Y) ** 2).sum()), rel=1e-5)
    assert not torch.equal(records[0].weight, w0)  # .weight is after the update


@settings(max_examples=40, deadline=None, database=None)
@given(
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    kh=st.integers(1, 3),
    kw=st.integers(1, 3),
    b0=st.floats(-2, 2),
    seed=st.integers(0, 2**16),
)
def test_step_one_loss_property(h, w, kh, kw, b0, seed):
    # for any shapes and start, the first loss is ((corr2d(X, w0) + b0 - Y) ** 2).sum()
    X = _noise((h + kh - 1, w + kw - 1), seed)
    Y = _noise((h, w), seed + 1)
    w0 = _noise((kh, kw), seed + 2)
    first = next(learn_kernel(X, Y, (kh, kw), lr=1e-3, bias=True, weight_init=w0, bias_init=b0))
    expected = float(((corr2d(X, w0) + b0 - Y) ** 2).sum())
    assert first.loss == pytest.approx(expected, rel=1e-5, abs=1e-5)


def test_random_init_is_torch_conv2d_default_range():
    # documented start: uniform on [-1/sqrt(kh*kw), 1/sqrt(kh*kw)) like nn.Conv2d, bias included
    X = _noise((20, 20))
    for seed in range(20):
        first = next(learn_kernel(X, _noise((16, 16)), (5, 5), lr=1e-9, bias=True, seed=seed))
        assert float(first.weight.abs().max()) <= 0.2 + 1e-6
        assert abs(first.bias) <= 0.2 + 1e-6


# --------------------------------------------------------------------------- reproducibility


def test_same_seed_same_records_different_seed_different_start():
    # a page re-run must redraw the same curve; another seed must really start elsewhere
    X = _d2l_x()
    Y = corr2d(X, EDGE)
    a = list(learn_kernel(X, Y, (1, 2), seed=7))
    b = list(learn_kernel(X, Y, (1, 2), seed=7))
    c = list(learn_kernel(X, Y, (1, 2), seed=8))
    assert a == b
    assert all(torch.equal(x.weight, y.weight) and x.loss == y.loss for x, y in zip(a, b))
    assert a[0].loss != c[0].loss


def test_global_random_state_is_untouched():
    # the app may seed torch globally for other pages; learning must not consume that stream
    state = torch.get_rng_state()
    list(learn_kernel(_d2l_x(), corr2d(_d2l_x(), EDGE), (1, 2), bias=True, lr=1e-2, seed=3))
    make_target(_d2l_x(), EDGE, noise=0.1, seed=3)
    assert torch.equal(state, torch.get_rng_state())


def test_records_are_independent_detached_copies():
    # the page keeps every record to animate the kernel; later steps must not overwrite earlier ones
    X = _d2l_x()
    records = list(learn_kernel(X, corr2d(X, EDGE), (1, 2), steps=3, optimizer="adam"))
    weights = [r.weight.clone() for r in records]
    records[0].weight.zero_()
    assert all(torch.equal(r.weight, w) for r, w in zip(records[1:], weights[1:]))
    assert all(r.weight.dtype == torch.float32 and r.weight.shape == (1, 2) for r in records)
    assert not any(r.weight.requires_grad for r in records)
    assert isinstance(records[0].loss, float) and isinstance(records[0].bias, float)
    with pytest.raises(AttributeError):
        records[0].step = 5  # frozen


def test_grad_mode_is_left_alone():
    # a generator must not leave torch.no_grad switched on for the caller between steps
    iterator = learn_kernel(_d2l_x(), corr2d(_d2l_x(), EDGE), (1, 2), optimizer="momentum")
    next(iterator)
    assert torch.is_grad_enabled()


# --------------------------------------------------------------------------- other optimizers, bias


def test_adam_learns_sobel_from_noise():
    # a 3x3 kernel is identifiable from a rich input; Adam recovers Sobel-x almost exactly
    X = _noise((32, 32))
    last = list(learn_kernel(X, make_target(X, SOBEL_X), 3, lr=0.1, steps=200, optimizer="adam"))[-1]
    assert not last.diverged
    assert torch.allclose(last.weight, SOBEL_X, atol=1e-2)


def test_momentum_learns_the_edge_kernel():
    # "momentum" is a real optimizer choice on the page, it must converge on the textbook task
    X = _d2l_x()
    last = list(learn_kernel(X, corr2d(X, EDGE), (1, 2), lr=1e-2, steps=200, optimizer="momentum"))[-1]
    assert torch.allclose(last.weight, EDGE, atol=1e-3)


@pytest.mark.parametrize("target_bias", [0.5, -0.7])
def test_bias_is_learned(target_bias):
    # with bias=True the constant offset of Y is recovered separately from the kernel
    X = _d2l_x()
    Y = make_target(X, EDGE, bias=target_bias)
    last = list(learn_kernel(X, Y, (1, 2), lr=1e-2, steps=200, bias=True))[-1]
    assert last.bias == pytest.approx(target_bias, abs=1e-3)
    assert torch.allclose(last.weight, EDGE, atol=1e-3)


def test_bias_false_reports_zero_bias():
    # without a bias term the record's bias is exactly 0.0, even with a biased target
    X = _d2l_x()
    records = list(learn_kernel(X, make_target(X, EDGE, bias=1.0), (1, 2), lr=1e-2, steps=20))
    assert all(r.bias == 0.0 for r in records)


# --------------------------------------------------------------------------- divergence


def test_too_large_lr_diverges_and_stops():
    # lr 50 on the d2l task explodes; the run must end early with the last record flagged
    X = _d2l_x()
    records = list(learn_kernel(X, corr2d(X, EDGE), (1, 2), lr=50, steps=10))
    assert len(records) < 10
    assert records[-1].diverged
    assert not any(r.diverged for r in records[:-1])
    assert all(math.isfinite(r.loss) for r in records)


def test_non_finite_loss_diverges_even_with_bounds_off():
    # NaN/inf always ends the run, whatever max_loss / max_growth say
    X = _d2l_x()
    records = list(
        learn_kernel(X, corr2d(X, EDGE), (1, 2), lr=1e4, steps=200, max_loss=math.inf, max_growth=math.inf)
    )
    assert len(records) < 200
    assert records[-1].diverged and not math.isfinite(records[-1].loss)


def test_adam_started_at_the_answer_is_not_called_diverged():
    # Adam's first move is ~lr whatever the gradient: a jump from loss ~0 is not an explosion
    X = _noise((32, 32))
    records = list(
        learn_kernel(X, make_target(X, SOBEL_X), 3, lr=0.1, steps=30, optimizer="adam", weight_init=SOBEL_X)
    )
    assert len(records) == 30 and not any(r.diverged for r in records)


# --------------------------------------------------------------------------- other kernel sizes


def test_exact_align_rejects_a_target_of_another_kernel_size():
    # a 3x3-made Y is smaller than a 2x2 kernel's output: say both shapes and the size that fits
    X = _noise((10, 10))
    Y = make_target(X, torch.ones(3, 3) / 9)
    with pytest.raises(ValueError, match=r"\(8, 8\).*\(9, 9\).*kernel_size \(3, 3\) would fit"):
        learn_kernel(X, Y, 2)


def test_center_align_lets_a_bigger_kernel_express_a_smaller_one():
    # a 3x3 kernel contains a 1x2 one (middle row, left two cells), so the loss goes to ~0
    X = _noise((32, 32))
    Y = make_target(X, EDGE)
    records = list(learn_kernel(X, Y, 3, lr=0.1, steps=300, optimizer="adam", align="center"))
    assert records[-1].loss < 1e-6 * records[0].loss
    expected = torch.tensor([[0.0, 0.0, 0.0], [1.0, -1.0, 0.0], [0.0, 0.0, 0.0]])
    assert torch.allclose(records[-1].weight, expected, atol=1e-3)


def test_center_align_a_smaller_kernel_cannot_learn_sobel():
    # a 1x2 kernel cannot express a 3x3 Sobel: the best it can do leaves most of the energy
    X = _noise((32, 32))
    Y = make_target(X, SOBEL_X)
    records = list(learn_kernel(X, Y, (1, 2), lr=0.1, steps=300, optimizer="adam", align="center"))
    assert not records[-1].diverged
    assert records[-1].loss > 0.3 * float((Y**2).sum())


def test_center_align_loss_is_on_the_common_centre_region():
    # the documented meaning of align='center': both maps cropped to the centre of their overlap
    X = _noise((12, 11))
    Y = make_target(X, SOBEL_X)  # (10, 9)
    w0 = _noise((1, 2), 5)  # Y_hat is (12, 10)
    first = next(learn_kernel(X, Y, (1, 2), lr=1e-3, weight_init=w0, align="center"))
    expected = float(((crop_to(corr2d(X, w0), (10, 9)) - Y) ** 2).sum())
    assert first.loss == pytest.approx(expected, rel=1e-5)


def test_crop_to_takes_the_centre():
    # the page relies on the offsets (size - target) // 2, odd extra at the bottom / right
    Y = torch.arange(30.0).reshape(5, 6)
    assert torch.equal(crop_to(Y, (3, 3)), Y[1:4, 1:4])
    assert torch.equal(crop_to(Y, (2, 5)), Y[1:3, 0:5])
    assert torch.equal(crop_to(Y, 5), Y[:, :5])
    with pytest.raises(ValueError, match="fit inside"):
        crop_to(Y, (6, 2))


# --------------------------------------------------------------------------- make_target


def test_make_target_formula_and_seeded_noise():
    # Y = corr2d(X, K) + bias + noise * N(0, 1), reproducible by seed, independent of global state
    X = _noise((8, 8))
    clean = make_target(X, SOBEL_X, bias=0.5)
    assert torch.allclose(clean, F.conv2d(X[None, None], SOBEL_X[None, None])[0, 0] + 0.5)
    a = make_target(X, SOBEL_X, noise=0.1, seed=1)
    assert torch.equal(a, make_target(X, SOBEL_X, noise=0.1, seed=1))
    assert not torch.equal(a, make_target(X, SOBEL_X, noise=0.1, seed=2))
    assert 0.01 < float((a - clean + 0.5).std()) < 0.3


def test_make_target_accepts_lists_and_numpy():
    # pages pass kernels as nested lists or numpy arrays
    X = np.ones((3, 4))
    assert torch.equal(make_target(X, [[1, -1]]), torch.zeros(3, 3))


# --------------------------------------------------------------------------- banded normal equations


def test_banded_sums_match_one_band(monkeypatch):
    # large inputs sum G = P^T P band by band; the band size must not change the records
    X = _noise((20, 24))
    Y = make_target(X, SOBEL_X, bias=0.3)
    kwargs = dict(lr=0.05, steps=25, optimizer="adam", bias=True, seed=4)
    whole = list(learn_kernel(X, Y, 3, **kwargs))
    monkeypatch.setattr(learn_module, "_BAND_ENTRIES", 1)  # one output row per band
    banded = list(learn_kernel(X, Y, 3, **kwargs))
    assert np.allclose([r.loss for r in whole], [r.loss for r in banded], rtol=1e-9)
    assert torch.allclose(whole[-1].weight, banded[-1].weight, atol=1e-6)
    assert whole[-1].bias == pytest.approx(banded[-1].bias, abs=1e-6)


def test_large_input_matches_direct_loss():
    # 128x128 with several bands: every step's loss equals the direct sum with that step's weight
    X = _noise((128, 128))
    Y = make_target(X, SOBEL_X, noise=0.1)
    records = list(learn_kernel(X, Y, 3, lr=0.05, steps=20, optimizer="adam", bias=True))
    for before, record in zip(records, records[1:]):
        direct = float(((corr2d(X, before.weight) + before.bias - Y) ** 2).sum())
        assert record.loss == pytest.approx(direct, rel=1e-4)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(optimizer="rmsprop"), r"optimizer must be one of 'sgd', 'momentum', 'adam'; got 'rmsprop'"),
        (dict(lr=0), r"lr must be a finite number > 0, got 0"),
        (dict(lr=-1e-2), r"lr must be a finite number > 0"),
        (dict(lr=math.nan), r"lr must be a finite number > 0, got nan"),
        (dict(lr=math.inf), r"lr must be a finite number > 0, got inf"),
        (dict(lr="fast"), r"lr must be a real number"),
        (dict(steps=0), r"steps must be >= 1, got 0"),
        (dict(steps=2.5), r"steps must be an int"),
        (dict(bias=1), r"bias must be True or False"),
        (dict(seed=-1), r"seed must be >= 0"),
        (dict(init="ones"), r"init must be one of 'random', 'zeros'; got 'ones'"),
        (dict(align="left"), r"align must be one of 'exact', 'center'; got 'left'"),
        (dict(momentum=1.0), r"momentum must be in \[0, 1\)"),
        (dict(max_loss=0), r"max_loss must be > 0"),
        (dict(max_growth=1), r"max_growth must be > 1"),
        (
            dict(weight_init=[[1.0, 2.0, 3.0]]),
            r"weight_init must have shape kernel_size \(1, 2\), got \(1, 3\)",
        ),
        (dict(weight_init=[[1.0, math.nan]]), r"weight_init must contain only finite"),
        (dict(bias_init=0.5), r"bias_init needs bias=True"),
    ],
)
def test_bad_arguments_raise_at_call_time(kwargs, message):
    # errors must name the parameter and value, and come before any step is taken
    X = _d2l_x()
    with pytest.raises(ValueError, match=message):
        learn_kernel(X, corr2d(X, EDGE), (1, 2), **kwargs)


def test_shape_mismatch_says_both_shapes_and_the_fitting_kernel():
    # the commonest page mistake: Y made with one kernel size, learning another
    X = _d2l_x()
    with pytest.raises(ValueError, match=r"Y has shape \(6, 7\).*\(6, 8\).*\(5, 6\).*kernel_size \(1, 2\)"):
        learn_kernel(X, corr2d(X, EDGE), (2, 3))
    with pytest.raises(ValueError, match="no kernel size fits"):
        learn_kernel(X, torch.zeros(7, 7), (1, 2))


def test_kernel_larger_than_input_is_rejected():
    # without padding a kernel bigger than X has no valid position at all
    with pytest.raises(ValueError, match=r"kernel_size \(1, 9\) has width 9, larger than X's width 8"):
        learn_kernel(_d2l_x(), torch.zeros(6, 1), (1, 9))


@pytest.mark.parametrize("where", ["X", "Y"])
@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_non_finite_data_is_rejected(where, bad):
    # NaN/inf in the data would only show up as a silent "diverged" run; refuse it up front
    X, Y = _d2l_x(), corr2d(_d2l_x(), EDGE)
    (X if where == "X" else Y)[0, 1] = bad
    with pytest.raises(ValueError, match=f"{where} must contain only finite numbers"):
        learn_kernel(X, Y, (1, 2))


def test_learn_step_equality_compares_values():
    # records compare by value (tensors by torch.equal), so reproducibility checks read naturally
    a = LearnStep(1, 2.0, torch.tensor([[1.0, -1.0]]), 0.0)
    assert a == LearnStep(1, 2.0, torch.tensor([[1.0, -1.0]]), 0.0)
    assert a != LearnStep(1, 2.0, torch.tensor([[1.0, -0.5]]), 0.0)
    assert a != LearnStep(1, 2.0, torch.tensor([[1.0, -1.0]]), 0.0, diverged=True)


# --------------------------------------------------------------------------- the page's helpers


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("init", ["random", "zeros"])
@pytest.mark.parametrize("seed", [0, 3])
def test_initial_kernel_is_where_learn_kernel_starts(bias, init, seed):
    # the page draws step 0 from initial_kernel and passes it back: the run must be the same run
    X = _noise((9, 9))
    Y = make_target(X, SOBEL_X, bias=0.2)
    w0, b0 = initial_kernel(3, bias=bias, seed=seed, init=init)
    kwargs = dict(lr=0.05, steps=12, optimizer="adam", bias=bias)
    implicit = list(learn_kernel(X, Y, 3, seed=seed, init=init, **kwargs))
    explicit = list(learn_kernel(X, Y, 3, weight_init=w0, bias_init=b0 if bias else None, **kwargs))
    assert implicit == explicit
    assert w0.shape == (3, 3) and (b0 == 0.0) == (not bias or init == "zeros")


def test_initial_kernel_is_a_fresh_tensor_and_checks_arguments():
    a, _ = initial_kernel((1, 2))
    a.zero_()
    assert not torch.equal(initial_kernel((1, 2))[0], a)
    with pytest.raises(ValueError, match="kernel_size must be >= 1"):
        initial_kernel((0, 2))
    with pytest.raises(ValueError, match="init must be one of"):
        initial_kernel(2, init="ones")


@pytest.mark.parametrize("kernel", [(1, 2), (3, 3), (1, 1), (2, 4)])
def test_evaluate_kernel_gives_the_loss_learn_kernel_reports(kernel):
    # loss of record k+1 is the loss of record k's weights; exact and centre-aligned shapes alike
    X = _noise((11, 12))
    Y = make_target(X, SOBEL_X, bias=0.3, noise=0.05)
    align = "exact" if kernel == (3, 3) else "center"
    records = list(learn_kernel(X, Y, kernel, lr=0.05, steps=6, optimizer="adam", bias=True, align=align))
    for before, record in zip(records, records[1:]):
        fit = evaluate_kernel(X, Y, before.weight, before.bias, align=align)
        assert fit.loss == pytest.approx(record.loss, rel=1e-5)
        assert fit.loss == pytest.approx(float((fit.residual.double() ** 2).sum()), rel=1e-6)
    fit = evaluate_kernel(X, Y, records[-1].weight, records[-1].bias, align=align)
    assert torch.allclose(fit.prediction, corr2d(X, records[-1].weight) + records[-1].bias, atol=1e-5)


def test_evaluate_kernel_windows_are_the_common_centre():
    # Y (10, 9) from a 3x3 kernel against a 1x2 kernel's (12, 10): Y_hat cropped by (1, 0)
    X = _noise((12, 11))
    Y = make_target(X, SOBEL_X)
    w = _noise((1, 2), 5)
    fit = evaluate_kernel(X, Y, w, align="center")
    assert fit.prediction_window == (1, 0, 10, 9) and fit.target_window == (0, 0, 10, 9)
    assert torch.allclose(fit.residual, crop_to(corr2d(X, w), (10, 9)) - Y, atol=1e-5)
    # a bigger learned kernel: the target is the larger map and gets cropped
    fit = evaluate_kernel(X, make_target(X, EDGE), torch.zeros(3, 3), align="center")
    assert fit.prediction_window == (0, 0, 10, 9) and fit.target_window == (1, 0, 10, 9)
    with pytest.raises(ValueError, match=r"Y has shape \(10, 9\)"):
        evaluate_kernel(X, Y, w)
    with pytest.raises(ValueError, match="weight must contain only finite"):
        evaluate_kernel(X, Y, [[math.nan, 1.0, 0.0]] * 3)


def test_best_kernel_is_the_least_squares_solution():
    # a full-rank problem: the answer is lstsq's, and no training run gets below its loss
    X = _noise((16, 16))
    Y = make_target(X, SOBEL_X, bias=0.4, noise=0.3, seed=2)
    best = best_kernel(X, Y, 3, bias=True)
    P = torch.nn.functional.unfold(X.double()[None, None], 3)[0].T
    P = torch.cat([P, torch.ones(P.shape[0], 1, dtype=torch.float64)], 1)
    theta = torch.linalg.lstsq(P, Y.double().reshape(-1, 1)).solution[:, 0]
    assert torch.allclose(best.weight.double().reshape(-1), theta[:9], atol=1e-5)
    assert best.bias == pytest.approx(float(theta[9]), abs=1e-5)
    assert best.unique and best.rank == best.unknowns == 10 and not best.exact
    assert best.energy == pytest.approx(float((Y.double() ** 2).sum()))
    last = list(learn_kernel(X, Y, 3, lr=0.05, steps=400, optimizer="adam", bias=True))[-1]
    assert best.loss <= last.loss * (1 + 1e-6)
    assert best.loss == pytest.approx(evaluate_kernel(X, Y, last.weight, last.bias).loss, rel=1e-3)
    assert 0 < best.unexplained < 0.1  # what is left is the noise


def test_best_kernel_says_what_a_size_can_and_cannot_express():
    X = _noise((32, 32))
    Y = make_target(X, SOBEL_X)
    assert best_kernel(X, Y, 3).exact
    assert torch.allclose(best_kernel(X, Y, 3).weight, SOBEL_X, atol=1e-4)
    small = best_kernel(X, Y, (1, 2), align="center")
    assert not small.exact and small.unexplained > 0.3
    big = best_kernel(X, make_target(X, EDGE), 3, align="center")
    assert big.exact and big.unique
    assert torch.allclose(big.weight, torch.tensor([[0.0, 0, 0], [1, -1, 0], [0, 0, 0]]), atol=1e-4)


def test_best_kernel_on_the_edge_image_is_not_unique_for_two_rows():
    # the d2l image has identical rows: a 2-row kernel is pinned down only through its column sums
    X = _d2l_x()
    best = best_kernel(X, make_target(X, EDGE), (2, 2), align="center")
    assert best.exact and not best.unique
    assert best.rank < best.unknowns == 4
    assert torch.allclose(best.weight.sum(0), torch.tensor([1.0, -1.0]), atol=1e-5)
    zero = best_kernel(torch.zeros(4, 4), torch.zeros(3, 3), 2)
    assert zero.rank == 0 and zero.loss == 0.0 and zero.exact and zero.unexplained == 0.0


def test_best_kernel_checks_arguments():
    X = _d2l_x()
    with pytest.raises(ValueError, match="Y has shape"):
        best_kernel(X, corr2d(X, EDGE), 3)
    with pytest.raises(ValueError, match="bias must be True or False"):
        best_kernel(X, corr2d(X, EDGE), (1, 2), bias=1)


# --------------------------------------------------------------------------- the whole run as a trajectory


def _torch_loss(X, Y, weight, bias, prediction_window, target_window) -> float:
    """The oracle: F.conv2d in float64 and the sum of squares on the compared windows."""
    Y_hat = F.conv2d(X.double()[None, None], torch.as_tensor(weight).double()[None, None])[0, 0] + bias
    (pt, pl, h, w), (tt, tl, _, _) = prediction_window, target_window
    residual = Y_hat[pt : pt + h, pl : pl + w] - Y.double()[tt : tt + h, tl : tl + w]
    return float((residual**2).sum())


RUNS = {
    "d2l": (_d2l_x(), EDGE, (1, 2), dict(lr=3e-2, steps=10)),
    "sobel, adam, bias": (_noise((12, 10)), SOBEL_X, 3, dict(lr=0.1, steps=25, optimizer="adam", bias=True, seed=4)),
    "momentum, zero start": (_noise((9, 9), 2), SOBEL_X, 3, dict(lr=1e-3, steps=15, optimizer="momentum", init="zeros")),
    "smaller kernel, centre": (_noise((10, 11), 1), SOBEL_X, (2, 2), dict(lr=1e-2, steps=20, align="center")),
    "bigger kernel, centre": (_d2l_x(), EDGE, (3, 3), dict(lr=1e-2, steps=12, align="center", bias=True)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(RUNS))
def test_learning_run_losses_are_torchs_for_each_recorded_kernel(name):
    # record k holds the loss of the kernel before update k: torch's sum of squares for weights[k], biases[k]
    X, K, size, kwargs = RUNS[name]
    Y = make_target(X, K, bias=0.3)
    run = learning_run(X, Y, size, **kwargs)
    steps = kwargs["steps"]
    assert run.blew_up is None and run.last == steps
    kernel = size if isinstance(size, tuple) else (size, size)
    assert run.weights.shape == (steps + 1, *kernel)
    assert run.biases.shape == run.losses.shape == (steps + 1,)
    for k in range(steps + 1):
        expected = _torch_loss(
            X, Y, run.weights[k], float(run.biases[k]), run.prediction_window, run.target_window
        )
        assert float(run.losses[k]) == pytest.approx(expected, rel=1e-5, abs=1e-9 * run.best.energy), k
    assert run.losses[-1] < run.losses[0]


@pytest.mark.parametrize("name", list(RUNS))
def test_learning_run_record_zero_is_the_initial_kernel_and_the_rest_are_learn_kernels(name):
    # the trajectory is learn_kernel's records shifted by one: each kernel paired with its own loss
    X, K, size, kwargs = RUNS[name]
    Y = make_target(X, K, bias=0.3)
    run = learning_run(X, Y, size, **kwargs)
    w0, b0 = initial_kernel(
        size, kwargs.get("bias", False), kwargs.get("seed", 0), kwargs.get("init", "random")
    )
    assert torch.equal(run.weights[0], w0) and float(run.biases[0]) == b0
    records = list(learn_kernel(X, Y, size, **kwargs))
    assert torch.equal(run.weights[1:], torch.stack([r.weight for r in records]))
    assert run.biases[1:].tolist() == [r.bias for r in records]
    assert run.losses[:-1].tolist() == [r.loss for r in records]
    fit = evaluate_kernel(X, Y, run.weights[0], b0, align=kwargs.get("align", "exact"))
    assert (run.prediction_window, run.target_window) == (fit.prediction_window, fit.target_window)
    best = best_kernel(X, Y, size, kwargs.get("bias", False), align=kwargs.get("align", "exact"))
    assert torch.equal(run.best.weight, best.weight) and run.best.loss == best.loss
    assert run.floor == max(1e-12 * best.energy, 1e-30)


def test_learning_run_starts_from_weight_init_and_bias_init():
    X = _d2l_x()
    Y = make_target(X, EDGE, bias=0.25)
    w0 = [[0.3, -0.2]]
    run = learning_run(X, Y, (1, 2), lr=1e-2, steps=5, bias=True, weight_init=w0, bias_init=0.1)
    assert torch.equal(run.weights[0], torch.tensor(w0)) and float(run.biases[0]) == 0.1
    assert float(run.losses[0]) == pytest.approx(
        _torch_loss(X, Y, torch.tensor(w0), 0.1, *_whole(Y)), rel=1e-6
    )
    no_bias = learning_run(X, Y, (1, 2), steps=2, weight_init=w0)
    assert no_bias.biases.tolist() == [0.0, 0.0, 0.0]


def _whole(Y):
    return (0, 0, *Y.shape), (0, 0, *Y.shape)


@pytest.mark.parametrize("lr", [50.0, 2.0])
def test_a_diverging_run_stops_where_it_says(lr):
    # blew_up = (k, loss): record k is the kernel whose loss exploded, the last one; no update follows it
    X = _d2l_x()
    Y = make_target(X, EDGE)
    run = learning_run(X, Y, (1, 2), lr=lr, steps=200)
    assert run.blew_up is not None
    k, loss = run.blew_up
    assert k == run.last < 200
    assert len(run.weights) == len(run.biases) == len(run.losses) == k + 1
    assert float(run.losses[k]) == loss
    limit = min(1e12, 1e6 * max(float(run.losses[0]), run.best.energy))
    assert not loss <= limit  # past the divergence bound (or NaN/inf)
    assert all(0 <= value <= limit for value in run.losses[:k].tolist())
    for j in range(k + 1):  # every record's loss, the exploding one too, is torch's for its kernel
        expected = _torch_loss(X, Y, run.weights[j], 0.0, *_whole(Y))
        assert float(run.losses[j]) == pytest.approx(expected, rel=1e-5, abs=1e-9), j
    records = list(learn_kernel(X, Y, (1, 2), lr=lr, steps=200))
    assert (
        records[-1].diverged and records[-1].step == k + 1
    )  # the engine's record k + 1: its loss before update k


def test_learning_run_checks_its_arguments_as_learn_kernel_does():
    X = _d2l_x()
    Y = corr2d(X, EDGE)
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        learning_run(X, Y, (1, 2), lr=0.0)
    with pytest.raises(ValueError, match="Y has shape"):
        learning_run(X, Y, 3)
    with pytest.raises(ValueError, match="larger than X's height"):
        learning_run(X, Y, (7, 2), align="center")
