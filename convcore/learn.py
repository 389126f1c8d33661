"""Learning a kernel from input/output pairs by gradient descent (d2l 7.2.3, "Learning a Kernel").

The textbook builds a 6 x 8 image of ones with a band of zeros in columns
2..5, computes its vertical-edge map ``Y = corr2d(X, [[1, -1]])``, and then
forgets the kernel: a ``Conv2d(1, 1, kernel_size=(1, 2), bias=False)`` starts
from random weights and, for 10 steps, does::

    Y_hat = corr2d(X, W)                  # (+ b when bias=True)
    loss  = ((Y_hat - Y) ** 2).sum()      # printed, computed before the update
    W    -= lr * dloss/dW                 # lr = 3e-2

The loss falls from about 10-30 to well under 1 and ``W`` approaches
``[[1, -1]]``. ``learn_kernel`` runs exactly this loop and yields one
``LearnStep`` per step, so a page can draw the loss curve and the kernel as it
learns. Besides plain SGD it offers "momentum" and "adam" (torch.optim), stops
early when the loss diverges, and with ``align="center"`` compares a learned
kernel of another size than the target's on the common centre region, which
shows what a kernel of that size can and cannot express.

The loss is a linear least-squares problem. With the input's patch matrix
``P`` (one row per output cell, one column per kernel entry, plus a column of
ones for the bias) and ``theta = (w, b)``::

    loss            = |P theta - y|^2 = y.y - 2 theta.c + theta.G theta
    dloss/dtheta    = 2 (G theta - c),      G = P^T P,  c = P^T y

``G`` and ``c`` are summed once (in float64, in bands of rows so the patch
matrix never has to fit in memory); after that a step costs a few operations
on (kh*kw + 1)-sized vectors whatever the image size. The numbers are the ones
d2l's autograd loop prints, up to float32 rounding; the loss is summed in
float64, so once it is tiny (below about 1e-12 * y.y) it is rounding noise.

Initial weights (``init="random"``) follow torch's ``Conv2d`` default, which
is what d2l's layer starts from: uniform on ``[-1/sqrt(kh*kw), 1/sqrt(kh*kw))``
for the weight and the bias, drawn from a local ``torch.Generator`` seeded with
``seed`` (global random state is neither read nor changed).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from convcore import _args
from convcore.conv import corr2d
from convcore.errors import AXES, ConvError

OPTIMIZERS = ("sgd", "momentum", "adam")
INITS = ("random", "zeros")
ALIGNS = ("exact", "center")

# The normal equations are summed over bands of output rows holding at most this many
# patch-matrix entries (8 bytes each).
_BAND_ENTRIES = 1 << 20


@dataclass(frozen=True, eq=False, slots=True)
class LearnStep:
    """One step of ``learn_kernel``: the loss before the update, the kernel and bias after it.

    ``loss`` is ``((Y_hat - Y) ** 2).sum()`` with the weights the step started
    from; ``weight`` (a detached (kh, kw) float32 tensor) and ``bias`` are the
    values after the update. On the last record of a diverged run
    (``diverged=True``) no update is made: ``weight`` and ``bias`` are the
    values that produced the exploding ``loss``.

    >>> LearnStep(1, 2.5, torch.zeros(1, 2), 0.0).diverged
    False
    """

    step: int
    loss: float
    weight: torch.Tensor
    bias: float
    diverged: bool = False

    def __eq__(self, other):
        if not isinstance(other, LearnStep):
            return NotImplemented
        return (
            self.step == other.step
            and self.loss == other.loss
            and self.bias == other.bias
            and self.diverged == other.diverged
            and torch.equal(self.weight, other.weight)
        )

    __hash__ = None


def _finite(tensor: torch.Tensor, name: str) -> torch.Tensor:
    if not bool(torch.isfinite(tensor).all()):
        bad = int((~torch.isfinite(tensor)).sum())
        raise ConvError("not_finite", name=name, count=bad)
    return tensor


def crop_to(Y, shape) -> torch.Tensor:
    """The centre ``shape`` region of the 2-D ``Y`` (the odd extra cell is dropped at the bottom / right).

    For each axis the crop starts at ``offset = (Y_size - size) // 2``::

        crop_to(Y, (h, w)) = Y[oh : oh + h, ow : ow + w]

    >>> crop_to(torch.arange(12.0).reshape(3, 4), (1, 2))
    tensor([[5., 6.]])
    """
    Y = _args.matrix(Y, "Y")
    h, w = _args.pair(shape, "shape", 1)
    if h > Y.shape[0] or w > Y.shape[1]:
        raise ConvError("crop_too_big", shape=(h, w), y_shape=tuple(Y.shape))
    top, left = (Y.shape[0] - h) // 2, (Y.shape[1] - w) // 2
    return Y[top : top + h, left : left + w].clone()


def make_target(X, kernel, bias=0.0, noise=0.0, seed=0) -> torch.Tensor:
    """The target a kernel should learn: ``corr2d(X, kernel) + bias``, plus seeded Gaussian noise.

    ``Y = corr2d(X, kernel) + bias + noise * N(0, 1)``, with the noise drawn from
    a local ``torch.Generator`` seeded with ``seed`` (the same seed, the same Y).

    >>> X = torch.ones(6, 8); X[:, 2:6] = 0
    >>> make_target(X, [[1.0, -1.0]])[0]
    tensor([ 0.,  1.,  0.,  0.,  0., -1.,  0.])
    """
    X = _finite(_args.matrix(X, "X"), "X")
    K = _finite(_args.matrix(kernel, "kernel"), "kernel")
    bias = _args.real(bias, "bias")
    noise = _args.real(noise, "noise")
    if not math.isfinite(bias):
        raise ConvError("not_finite_number", name="bias", value=bias)
    if not (math.isfinite(noise) and noise >= 0):
        raise ConvError("finite_nonnegative", name="noise", value=noise)
    seed = _args.integer(seed, "seed", 0)
    Y = corr2d(X, K)
    if bias:
        Y = Y + bias
    if noise:
        generator = torch.Generator().manual_seed(seed)
        Y = Y + noise * torch.randn(Y.shape, generator=generator)
    return Y


def _aligned(X: torch.Tensor, Y: torch.Tensor, kernel: tuple[int, int], align: str):
    """X and Y cut so that corr2d(X, kernel-sized W) has exactly Y's shape."""
    kh, kw = kernel
    for axis in (0, 1):
        if kernel[axis] > X.shape[axis]:
            raise ConvError(
                "learn_kernel_too_big", kernel=kernel, axis=AXES[axis], k=kernel[axis], n=X.shape[axis]
            )
    out = (X.shape[0] - kh + 1, X.shape[1] - kw + 1)
    if tuple(Y.shape) == out:
        return X, Y
    if align == "exact":
        shapes = {"y_shape": tuple(Y.shape), "x_shape": tuple(X.shape), "kernel": kernel, "out": out}
        if Y.shape[0] <= X.shape[0] and Y.shape[1] <= X.shape[1]:
            fits = (X.shape[0] - Y.shape[0] + 1, X.shape[1] - Y.shape[1] + 1)
            raise ConvError("target_shape_fits", fits=fits, **shapes)
        raise ConvError("target_shape_larger", **shapes)
    common = (min(out[0], Y.shape[0]), min(out[1], Y.shape[1]))
    # cropping Y_hat to its centre equals correlating the matching window of X
    top, left = (out[0] - common[0]) // 2, (out[1] - common[1]) // 2
    X = X[top : top + common[0] + kh - 1, left : left + common[1] + kw - 1]
    return X, crop_to(Y, common)


def _initial(kernel: tuple[int, int], bias: bool, seed: int, init: str) -> tuple[torch.Tensor, float]:
    kh, kw = kernel
    if init == "zeros":
        return torch.zeros(kh, kw), 0.0
    generator = torch.Generator().manual_seed(seed)
    bound = 1.0 / math.sqrt(kh * kw)
    w = torch.rand(kh * kw, generator=generator) * (2 * bound) - bound
    b0 = float(torch.rand(1, generator=generator)) * (2 * bound) - bound if bias else 0.0
    return w.view(kh, kw), b0


def initial_kernel(kernel_size, bias=False, seed=0, init="random") -> tuple[torch.Tensor, float]:
    """The (weight, bias) ``learn_kernel`` starts from when it is given no ``weight_init``.

    "random" draws uniform on ``[-1/sqrt(kh*kw), 1/sqrt(kh*kw))`` (weight first,
    then the bias when ``bias=True``) from a ``torch.Generator`` seeded with
    ``seed``; "zeros" is all zeros. Without ``bias`` the bias is 0.0. So
    ``learn_kernel(..., seed=s)`` and ``learn_kernel(..., weight_init=w, bias_init=b)``
    with ``w, b = initial_kernel(..., seed=s)`` give the same records.

    >>> w, b = initial_kernel((1, 2), seed=0)
    >>> w.shape, b
    (torch.Size([1, 2]), 0.0)
    >>> bool(w.abs().max() <= 1 / 2**0.5)
    True
    """
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    if not isinstance(bias, bool):
        raise ConvError("not_bool", name="bias", value=bias)
    seed = _args.integer(seed, "seed", 0)
    if init not in INITS:
        raise _args.one_of("init", INITS, init)
    w, b0 = _initial(kernel, bias, seed, init)
    return w.clone(), b0


@dataclass(frozen=True, eq=False, slots=True)
class KernelFit:
    """How one kernel and bias do on (X, Y): ``evaluate_kernel``'s answer.

    ``prediction`` is the whole ``corr2d(X, weight) + bias``; the loss compares
    its ``prediction_window`` with Y's ``target_window`` (each ``(top, left,
    height, width)``; the whole maps when the shapes agree, their common centre
    region with ``align="center"``). ``residual`` is prediction minus target on
    that region, so ``loss == (residual ** 2).sum()`` (summed in float64).
    """

    prediction: torch.Tensor
    residual: torch.Tensor
    loss: float
    prediction_window: tuple[int, int, int, int]
    target_window: tuple[int, int, int, int]


def _windows(out: tuple[int, int], target: tuple[int, int]):
    """(top, left, h, w) of the common centre region in a map of shape ``out`` and one of ``target``."""
    common = (min(out[0], target[0]), min(out[1], target[1]))
    first = ((out[0] - common[0]) // 2, (out[1] - common[1]) // 2, *common)
    second = ((target[0] - common[0]) // 2, (target[1] - common[1]) // 2, *common)
    return first, second


def evaluate_kernel(X, Y, weight, bias=0.0, *, align="exact") -> KernelFit:
    """The prediction ``corr2d(X, weight) + bias``, its residual against Y, and ``learn_kernel``'s loss.

    ``loss = ((Y_hat - Y) ** 2).sum()``, computed in float64; Y and Y_hat must
    have the same shape unless ``align="center"``, which compares their common
    centre region (as ``learn_kernel`` does). The same ValueErrors as
    ``learn_kernel`` for shapes that do not fit.

    >>> X = torch.ones(6, 8); X[:, 2:6] = 0
    >>> fit = evaluate_kernel(X, make_target(X, [[1.0, -1.0]]), [[1.0, 0.0]])
    >>> fit.loss, fit.prediction.shape, fit.target_window
    (18.0, torch.Size([6, 7]), (0, 0, 6, 7))
    """
    X = _finite(_args.matrix(X, "X"), "X")
    Y = _finite(_args.matrix(Y, "Y"), "Y")
    W = _finite(_args.matrix(weight, "weight"), "weight")
    bias = _args.real(bias, "bias")
    if not math.isfinite(bias):
        raise ConvError("not_finite_number", name="bias", value=bias)
    if align not in ALIGNS:
        raise _args.one_of("align", ALIGNS, align)
    kernel = (W.shape[0], W.shape[1])
    _aligned(X, Y, kernel, align)  # the same checks and messages as learn_kernel
    prediction = F.conv2d(X.double()[None, None], W.double()[None, None])[0, 0] + bias
    pw, tw = _windows(tuple(prediction.shape), tuple(Y.shape))
    residual = (
        prediction[pw[0] : pw[0] + pw[2], pw[1] : pw[1] + pw[3]]
        - Y.double()[tw[0] : tw[0] + tw[2], tw[1] : tw[1] + tw[3]]
    )
    return KernelFit(prediction.float(), residual.float(), float((residual * residual).sum()), pw, tw)


@dataclass(frozen=True, eq=False, slots=True)
class BestKernel:
    """The least-squares optimum ``best_kernel`` finds: the lowest loss any kernel of that size can reach.

    ``energy`` is ``(Y ** 2).sum()`` on the compared region (the loss of an all-zero
    kernel), ``rank`` the number of independent directions the input pins down
    out of ``unknowns`` (kernel entries, plus one with a bias).
    """

    weight: torch.Tensor
    bias: float
    loss: float
    energy: float
    rank: int
    unknowns: int

    @property
    def exact(self) -> bool:
        """The target is reproduced exactly (up to float rounding: loss <= 1e-9 of the energy)."""
        return self.loss <= 1e-9 * self.energy

    @property
    def unique(self) -> bool:
        """One kernel (and bias) reaches the optimum; else a family does and ``weight`` is the smallest."""
        return self.rank == self.unknowns

    @property
    def unexplained(self) -> float:
        """The fraction of the target's energy the best kernel leaves: loss / energy (0 when Y is 0)."""
        return self.loss / self.energy if self.energy > 0 else 0.0


# eigenvalues of G below this fraction of the largest count as zero (G is summed in float64 from
# float32 data: exact degeneracies, such as identical rows of X, land near 1e-16)
_RANK_RTOL = 1e-10


def best_kernel(X, Y, kernel_size, bias=False, *, align="exact") -> BestKernel:
    """The kernel (and bias) of lowest loss ``((corr2d(X, W) + b - Y) ** 2).sum()``: where training heads.

    Solves the normal equations ``G theta = c`` of the loss (see the module
    notes) in float64. When the input does not pin down every kernel entry
    (``rank < unknowns``, for example the d2l edge image, whose rows are
    identical, with a kernel of two rows) the smallest-norm optimum is returned.
    ``loss`` is the optimum's loss, so it is 0 (up to rounding) exactly when a
    kernel of this size can reproduce Y, and the noise floor on noisy targets.

    >>> X = torch.ones(6, 8); X[:, 2:6] = 0
    >>> best = best_kernel(X, make_target(X, [[1.0, -1.0]]), (1, 2))
    >>> best.weight, best.exact, best.unique
    (tensor([[ 1., -1.]]), True, True)
    >>> best_kernel(X, make_target(X, [[1.0, -1.0]]), (1, 1), align="center").exact
    False
    """
    X = _finite(_args.matrix(X, "X"), "X")
    Y = _finite(_args.matrix(Y, "Y"), "Y")
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    if not isinstance(bias, bool):
        raise ConvError("not_bool", name="bias", value=bias)
    if align not in ALIGNS:
        raise _args.one_of("align", ALIGNS, align)
    X, Y = _aligned(X, Y, kernel, align)
    G, c, yy = _normal_equations(X, Y, kernel, bias)
    values, vectors = torch.linalg.eigh(G)
    keep = values > _RANK_RTOL * max(float(values.max()), 0.0)
    if float(values.max()) <= 0:
        keep[:] = False
    basis = vectors[:, keep]
    theta = basis @ ((basis.T @ c) / values[keep])
    kh, kw = kernel
    W64 = theta[: kh * kw].reshape(kh, kw)
    b = float(theta[kh * kw]) if bias else 0.0
    residual = F.conv2d(X.double()[None, None], W64[None, None])[0, 0] + b - Y.double()
    return BestKernel(W64.float(), b, float((residual * residual).sum()), yy, int(keep.sum()), kh * kw + bias)


def learn_kernel(
    X,
    Y,
    kernel_size,
    lr=3e-2,
    steps=10,
    optimizer="sgd",
    bias=False,
    seed=0,
    *,
    init="random",
    weight_init=None,
    bias_init=None,
    momentum=0.9,
    align="exact",
    max_loss=1e12,
    max_growth=1e6,
) -> Iterator[LearnStep]:
    """Learn a ``kernel_size`` kernel (and bias) mapping X to Y; yields one ``LearnStep`` per step.

    Each step, as in d2l 7.2.3 (``loss`` is reported before the update)::

        Y_hat = corr2d(X, W) + b
        loss  = ((Y_hat - Y) ** 2).sum()
        W, b  = update(W, b, dloss/dW, dloss/db)

    ``optimizer``: "sgd" is ``W -= lr * grad`` (no momentum, no weight decay),
    "momentum" is ``torch.optim.SGD(momentum=momentum)``, "adam" is
    ``torch.optim.Adam`` with its default betas.

    Start: ``weight_init`` (a (kh, kw) array) and ``bias_init`` if given, else
    ``init``: "random" draws uniform on [-1/sqrt(kh*kw), 1/sqrt(kh*kw)) like
    torch's ``Conv2d`` default, from a ``torch.Generator`` seeded with ``seed``;
    "zeros" starts from 0. With ``weight_init`` and no ``bias_init`` the bias
    starts at 0. The bias stays 0.0 unless ``bias=True``.

    Y must have the output shape ``(X_h - kh + 1, X_w - kw + 1)``; with
    ``align="center"`` a Y of another shape is compared on the common centre
    region instead (the larger of Y / Y_hat cropped with ``crop_to``).

    The run stops early, with ``diverged=True`` on its last record, when the
    loss is NaN/inf, exceeds ``max_loss``, or exceeds ``max_growth`` times the
    larger of the first loss and ``(Y ** 2).sum()`` (pass ``math.inf`` to
    disable either bound).

    Arguments are checked when called (ValueError), before the first step.

    >>> X = torch.ones(6, 8); X[:, 2:6] = 0
    >>> Y = make_target(X, [[1.0, -1.0]])
    >>> records = list(learn_kernel(X, Y, (1, 2), steps=200))
    >>> [round(v, 3) for v in records[-1].weight.flatten().tolist()]
    [1.0, -1.0]
    """
    X = _finite(_args.matrix(X, "X"), "X")
    Y = _finite(_args.matrix(Y, "Y"), "Y")
    kernel = _args.pair(kernel_size, "kernel_size", 1)
    lr = _args.real(lr, "lr")
    if not (math.isfinite(lr) and lr > 0):
        raise ConvError("finite_positive", name="lr", value=lr)
    steps = _args.integer(steps, "steps", 1)
    if optimizer not in OPTIMIZERS:
        raise _args.one_of("optimizer", OPTIMIZERS, optimizer)
    if not isinstance(bias, bool):
        raise ConvError("not_bool", name="bias", value=bias)
    seed = _args.integer(seed, "seed", 0)
    if init not in INITS:
        raise _args.one_of("init", INITS, init)
    momentum = _args.real(momentum, "momentum")
    if not 0 <= momentum < 1:
        raise ConvError("momentum_range", value=momentum)
    if align not in ALIGNS:
        raise _args.one_of("align", ALIGNS, align)
    max_loss = _args.real(max_loss, "max_loss")
    if not max_loss > 0:
        raise ConvError("bound_or_inf", name="max_loss", bound=0, value=max_loss)
    max_growth = _args.real(max_growth, "max_growth")
    if not max_growth > 1:
        raise ConvError("bound_or_inf", name="max_growth", bound=1, value=max_growth)

    if weight_init is not None:
        w = _finite(_args.matrix(weight_init, "weight_init"), "weight_init")
        if tuple(w.shape) != kernel:
            raise ConvError("weight_init_shape", kernel=kernel, shape=tuple(w.shape))
        w = w.reshape(-1).clone()
        b0 = 0.0
    else:
        w, b0 = _initial(kernel, bias, seed, init)
        w = w.reshape(-1)
    if not bias:
        if bias_init is not None:
            raise ConvError("bias_init_needs_bias")
        b0 = 0.0
    elif bias_init is not None:
        b0 = _args.real(bias_init, "bias_init")
        if not math.isfinite(b0):
            raise ConvError("not_finite_number", name="bias_init", value=b0)

    X, Y = _aligned(X, Y, kernel, align)
    return _run(X, Y, kernel, w, b0, lr, steps, optimizer, bias, momentum, max_loss, max_growth)


def _normal_equations(X: torch.Tensor, Y: torch.Tensor, kernel: tuple[int, int], use_bias: bool):
    """G = P^T P, c = P^T y and y.y in float64, P's columns the kernel entries (row-major) [+ ones]."""
    kh, kw = kernel
    oh, ow = Y.shape
    k = kh * kw + use_bias
    X64, Y64 = X.to(torch.float64), Y.to(torch.float64)
    G = torch.zeros(k, k, dtype=torch.float64)
    c = torch.zeros(k, dtype=torch.float64)
    rows = max(1, _BAND_ENTRIES // (ow * k))
    for top in range(0, oh, rows):
        bottom = min(oh, top + rows)
        # (kh*kw, cells): row a*kw+b holds X[i+a, j+b] for each output cell (i, j) of the band
        PT = F.unfold(X64[None, None, top : bottom + kh - 1], kernel)[0]
        if use_bias:
            PT = torch.cat([PT, torch.ones(1, PT.shape[1], dtype=torch.float64)])
        G += PT @ PT.T
        c += PT @ Y64[top:bottom].reshape(-1)
    return G, c, float((Y64 * Y64).sum())


def _run(X, Y, kernel, w, b0, lr, steps, optimizer, use_bias, momentum, max_loss, max_growth):
    kh, kw = kernel
    k = kh * kw
    G, c, yy = _normal_equations(X, Y, kernel, use_bias)
    b = torch.tensor([b0], dtype=torch.float32)
    theta = torch.empty(k + use_bias, dtype=torch.float64)
    g_theta = torch.empty_like(theta)
    u = torch.empty_like(theta)
    grad = torch.empty_like(theta)
    grad_w = torch.zeros(k)
    grad_b = torch.zeros(1)
    theta_w, grad_theta_w = theta[:k], grad[:k]
    theta_b, grad_theta_b = theta[k:], grad[k:]
    c2 = 2 * c

    params = [w, b] if use_bias else [w]
    w.grad, b.grad = grad_w, grad_b
    if optimizer == "momentum":
        stepper = torch.optim.SGD(params, lr=lr, momentum=momentum)
    elif optimizer == "adam":
        stepper = torch.optim.Adam(params, lr=lr)
    else:
        stepper = None

    def generate():
        limit = None
        for step in range(1, steps + 1):
            theta_w.copy_(w)
            if use_bias:
                theta_b.copy_(b)
            torch.mv(G, theta, out=g_theta)
            torch.sub(g_theta, c2, out=u)
            # y.y - 2 theta.c + theta.G theta; rounding may dip a hair below an exact 0
            loss = yy + float(torch.dot(theta, u))
            if loss < 0.0:
                loss = 0.0
            if limit is None:
                # divergence bound, fixed by the first loss; a zero reference (nothing to learn,
                # starting exactly there) leaves only max_loss
                ref = max(loss, yy)
                limit = min(max_loss, max_growth * ref) if ref > 0 else max_loss
            if not (math.isfinite(loss) and loss <= limit):
                yield LearnStep(step, loss, w.view(kh, kw).clone(), float(b), True)
                return
            torch.sub(g_theta, c, out=grad).mul_(2.0)
            grad_w.copy_(grad_theta_w)
            if use_bias:
                grad_b.copy_(grad_theta_b)
            if stepper is None:
                w.sub_(grad_w, alpha=lr)
                if use_bias:
                    b.sub_(grad_b, alpha=lr)
            else:
                stepper.step()
            yield LearnStep(step, loss, w.view(kh, kw).clone(), float(b), False)

    return generate()


@dataclass(frozen=True, eq=False, slots=True)
class Trajectory:
    """A whole training run, as ``learning_run`` returns it: every kernel, bias and loss, and where it heads.

    Record ``k`` (``0 <= k <= last``) is the state before update ``k``, counting updates from 0 (so
    after ``k`` updates): ``weights[k]`` and ``biases[k]`` are the kernel and bias, and ``losses[k]``
    their loss, the one d2l prints in epoch ``k + 1`` before that epoch's update::

        losses[k] = ((corr2d(X, weights[k]) + biases[k] - Y) ** 2).sum()

    Record 0 is the initial kernel. A run of ``steps`` updates that did not blow up has ``steps + 1``
    records, the last one the trained kernel and its loss. ``blew_up`` is None, or ``(k, loss)`` when
    the loss of record ``k`` exploded (NaN/inf or past ``learn_kernel``'s divergence bounds): the run
    stops there (``k == last``), and record ``k`` is the kernel that produced that loss.

    ``best`` is the lowest loss any kernel of this size reaches on (X, Y), ``best_kernel``'s answer;
    ``prediction_window`` and ``target_window`` are the regions of ``corr2d(X, W)`` and Y the loss
    compares, as in ``evaluate_kernel``.
    """

    weights: torch.Tensor  # (last + 1, kh, kw) float32
    biases: torch.Tensor  # (last + 1,) float64
    losses: torch.Tensor  # (last + 1,) float64
    blew_up: tuple[int, float] | None
    best: BestKernel
    prediction_window: tuple[int, int, int, int]
    target_window: tuple[int, int, int, int]

    @property
    def last(self) -> int:
        """The index of the last record: the number of updates made."""
        return len(self.losses) - 1

    @property
    def floor(self) -> float:
        """Losses at or below this are float rounding (see the module notes): 1e-12 of the target's energy."""
        return max(1e-12 * self.best.energy, 1e-30)


def learning_run(
    X,
    Y,
    kernel_size,
    lr=3e-2,
    steps=10,
    optimizer="sgd",
    bias=False,
    seed=0,
    *,
    init="random",
    weight_init=None,
    bias_init=None,
    momentum=0.9,
    align="exact",
    max_loss=1e12,
    max_growth=1e6,
) -> Trajectory:
    """``learn_kernel``'s whole run as one ``Trajectory``: record ``k`` holds the loss before update ``k``.

    The arguments are ``learn_kernel``'s, with its checks (ValueError). Where ``learn_kernel`` yields
    the loss before each update and the kernel after it, the trajectory pairs each kernel with its own
    loss: record 0 is the starting kernel (``weight_init``/``bias_init``, else ``initial_kernel``), and
    the kernel after the last update gets its loss from ``evaluate_kernel``. A diverged run ends at the
    kernel whose loss exploded; ``blew_up`` says where.

    >>> X = torch.ones(6, 8); X[:, 2:6] = 0
    >>> run = learning_run(X, make_target(X, [[1.0, -1.0]]), (1, 2), steps=10)
    >>> run.last, run.weights.shape, run.blew_up
    (10, torch.Size([11, 1, 2]), None)
    >>> bool(run.losses[-1] < run.losses[0] / 10)
    True
    >>> learning_run(X, make_target(X, [[1.0, -1.0]]), (1, 2), lr=50.0).blew_up[0]
    1
    """
    records = list(
        learn_kernel(
            X,
            Y,
            kernel_size,
            lr,
            steps,
            optimizer,
            bias,
            seed,
            init=init,
            weight_init=weight_init,
            bias_init=bias_init,
            momentum=momentum,
            align=align,
            max_loss=max_loss,
            max_growth=max_growth,
        )
    )  # every argument is checked here, before anything below
    if weight_init is None:
        w0, b0 = initial_kernel(kernel_size, bias, seed, init)
    else:
        w0, b0 = _args.matrix(weight_init, "weight_init").clone(), 0.0
    if bias and bias_init is not None:
        b0 = float(bias_init)
    start = evaluate_kernel(X, Y, w0, b0, align=align)
    weights = [w0] + [record.weight for record in records]
    biases = [b0] + [record.bias for record in records]
    losses = [record.loss for record in records]
    blew_up = None
    if records[-1].diverged:
        # the exploding record made no update: its kernel is the one before, its loss the blow-up
        blew_up = (records[-1].step - 1, records[-1].loss)
        weights, biases = weights[:-1], biases[:-1]
    else:
        losses.append(evaluate_kernel(X, Y, records[-1].weight, records[-1].bias, align=align).loss)
    return Trajectory(
        weights=torch.stack(weights).to(torch.float32),
        biases=torch.tensor(biases, dtype=torch.float64),
        losses=torch.tensor(losses, dtype=torch.float64),
        blew_up=blew_up,
        best=best_kernel(X, Y, kernel_size, bias, align=align),
        prediction_window=start.prediction_window,
        target_window=start.target_window,
    )
