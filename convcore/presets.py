"""Named inputs, kernels and layer stacks: the textbook's examples, the classic image filters and CNNs.

Data, not formulas: every page picks from the same lists, so the explorer,
the channels page and the learning page agree on what "Sobel x" means.
"""

from __future__ import annotations

from math import comb

import numpy as np
import torch

from convcore.errors import ConvError


def d2l_matrix() -> torch.Tensor:
    """d2l's 3x3 example input 0..8."""
    return torch.arange(9, dtype=torch.float32).reshape(3, 3)


def edge_image() -> torch.Tensor:
    """d2l's 6x8 white image with four black middle columns."""
    X = torch.ones((6, 8))
    X[:, 2:6] = 0
    return X


def d2l_two_channels() -> torch.Tensor:
    """d2l's two-channel input (2, 3, 3): 0..8 and 1..9."""
    return torch.stack([torch.arange(9.0).reshape(3, 3), torch.arange(1.0, 10.0).reshape(3, 3)])


def d2l_textcnn() -> tuple[torch.Tensor, torch.Tensor]:
    """d2l's TextCNN example (section 15.3): a 1-D cross-correlation over 3 input channels, (X, K).

    X is (3, 7): 0..6, 1..7 and 2..8; K is (3, 2), one kernel a channel. The output (one channel) is the
    sum of the three channels' own cross-correlations:

    >>> X, K = d2l_textcnn()
    >>> torch.nn.functional.conv1d(X[None], K[None])[0, 0].tolist()
    [2.0, 8.0, 14.0, 20.0, 26.0, 32.0]
    """
    X = torch.stack([torch.arange(7.0), torch.arange(1.0, 8.0), torch.arange(2.0, 9.0)])
    K = torch.tensor([[1.0, 2.0], [3.0, 4.0], [-1.0, -3.0]])
    return X, K


def ramp(n: int = 5) -> torch.Tensor:
    """An n x n ramp 1..n*n, row by row."""
    return torch.arange(1, n * n + 1, dtype=torch.float32).reshape(n, n)


def checkerboard(n: int = 8, cell: int = 2) -> torch.Tensor:
    """An n x n checkerboard of cell x cell squares of 1 and 0."""
    index = np.arange(n) // cell
    return torch.from_numpy(((index[:, None] + index[None, :]) % 2 == 0).astype(np.float32))


def impulse(n: int = 7) -> torch.Tensor:
    """A single 1 in the middle of zeros: cross-correlation paints the kernel rotated 180 degrees."""
    X = torch.zeros((n, n))
    X[n // 2, n // 2] = 1
    return X


def random_integers(shape=(6, 6), low: int = 0, high: int = 9, seed: int = 0) -> torch.Tensor:
    """Integers in [low, high] from a seed: the same seed gives the same matrix."""
    generator = torch.Generator().manual_seed(int(seed))
    return torch.randint(low, high + 1, tuple(shape), generator=generator).to(torch.float32)


def _binomial(n: int) -> np.ndarray:
    return np.array([comb(n - 1, k) for k in range(n)], dtype=np.float64)


def box(shape=(3, 3)) -> torch.Tensor:
    """Box blur: the mean of the window."""
    h, w = shape
    return torch.full((h, w), 1.0 / (h * w))


def gaussian(shape=(3, 3)) -> torch.Tensor:
    """Gaussian blur from binomial coefficients (3x3: [1 2 1; 2 4 2; 1 2 1] / 16)."""
    kernel = np.outer(_binomial(shape[0]), _binomial(shape[1]))
    return torch.from_numpy(kernel / kernel.sum()).to(torch.float32)


def identity(shape=(3, 3)) -> torch.Tensor:
    """A single 1 at the kernel's centre (top-left of centre for even sizes): output = input."""
    K = torch.zeros(shape)
    K[(shape[0] - 1) // 2, (shape[1] - 1) // 2] = 1
    return K


def random_kernel(shape=(3, 3), seed: int = 0) -> torch.Tensor:
    """Standard-normal weights from a seed, rounded to 2 decimals so the arithmetic stays readable."""
    generator = torch.Generator().manual_seed(int(seed))
    return torch.round(torch.randn(tuple(shape), generator=generator) * 100) / 100


def _t(rows) -> torch.Tensor:
    return torch.tensor(rows, dtype=torch.float32)


FIXED_KERNELS = {
    "d2l_edge": lambda: _t([[1, -1]]),
    "d2l_edge_t": lambda: _t([[1], [-1]]),
    "d2l_2x2": lambda: _t([[0, 1], [2, 3]]),
    # d2l's multi-channel kernels: channel c of output o is [[0, 1], [2, 3]] + o + c
    "d2l_2x2_1": lambda: _t([[1, 2], [3, 4]]),
    "d2l_2x2_2": lambda: _t([[2, 3], [4, 5]]),
    "d2l_2x2_3": lambda: _t([[3, 4], [5, 6]]),
    "sharpen": lambda: _t([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "sobel_x": lambda: _t([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
    "sobel_y": lambda: _t([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
    "prewitt_x": lambda: _t([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
    "prewitt_y": lambda: _t([[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
    "laplacian": lambda: _t([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "emboss": lambda: _t([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
    "outline": lambda: _t([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
}
SIZED_KERNELS = {"identity": identity, "box": box, "gaussian": gaussian}


def kernel(name: str, shape=(3, 3), seed: int = 0) -> torch.Tensor:
    """A kernel preset by name; sized presets (identity, box, gaussian, random) take ``shape``.

    >>> kernel("d2l_2x2")
    tensor([[0., 1.],
            [2., 3.]])
    """
    if name in FIXED_KERNELS:
        return FIXED_KERNELS[name]()
    if name in SIZED_KERNELS:
        return SIZED_KERNELS[name](tuple(shape))
    if name == "random":
        return random_kernel(shape, seed)
    raise ConvError("unknown_kernel_preset", name=name, names=", ".join(KERNEL_NAMES))


KERNEL_NAMES = (*FIXED_KERNELS, *SIZED_KERNELS, "random")


def scene(height: int = 96, width: int = 128) -> torch.Tensor:
    """A generated RGB "photo" (3, H, W) in [0, 1]: sky, sun, hills and a house. License-clean."""
    y, x = np.mgrid[0:height, 0:width] / np.array([height, width])[:, None, None]
    sky = np.stack([0.45 + 0.3 * y, 0.65 + 0.25 * y, 0.95 - 0.1 * y])
    image = sky.copy()
    sun = (x - 0.8) ** 2 + ((y - 0.2) * height / width) ** 2 < 0.008
    image[:, sun] = np.array([1.0, 0.85, 0.2])[:, None]
    hills = y > 0.62 + 0.08 * np.sin(x * 7.0)
    image[:, hills] = np.stack([0.2 + 0.1 * x, 0.55 - 0.2 * y, 0.2 + 0 * x])[:, hills]
    wall = (x > 0.18) & (x < 0.42) & (y > 0.5) & (y < 0.8)
    image[:, wall] = np.array([0.85, 0.8, 0.7])[:, None]
    roof = (y > 0.32) & (y <= 0.5) & (np.abs(x - 0.3) < (y - 0.32) * 0.75)
    image[:, roof] = np.array([0.7, 0.15, 0.1])[:, None]
    door = (x > 0.27) & (x < 0.33) & (y > 0.64) & (y < 0.8)
    image[:, door] = np.array([0.35, 0.2, 0.1])[:, None]
    window_cell = (x > 0.36) & (x < 0.4) & (y > 0.56) & (y < 0.62)
    image[:, window_cell] = np.array([0.3, 0.5, 0.9])[:, None]
    return torch.from_numpy(image.astype(np.float32))


def rings(size: int = 64) -> torch.Tensor:
    """A generated RGB test pattern (3, N, N): concentric rings, a colour wheel and a bar."""
    y, x = (np.mgrid[0:size, 0:size] + 0.5) / size - 0.5
    radius = np.hypot(x, y)
    angle = np.arctan2(y, x)
    rings_ = 0.5 + 0.5 * np.cos(radius * 40)
    image = np.stack(
        [
            rings_ * (0.5 + 0.5 * np.cos(angle)),
            rings_ * (0.5 + 0.5 * np.cos(angle - 2.1)),
            rings_ * (0.5 + 0.5 * np.cos(angle + 2.1)),
        ]
    )
    image[:, (np.abs(y) < 0.06) & (x > 0.1)] = 1.0
    return torch.from_numpy(image.astype(np.float32))


def to_gray(rgb) -> torch.Tensor:
    """ITU-R 601 luma of a (3, H, W) image: 0.299 R + 0.587 G + 0.114 B."""
    rgb = torch.as_tensor(rgb, dtype=torch.float32)
    weights = torch.tensor([0.299, 0.587, 0.114]).reshape(3, 1, 1)
    return (rgb * weights).sum(0)


# --- layer stacks for the receptive field -------------------------------------------------------------------


def _conv_layer(k: int, s: int = 1, p: int = 0, d: int = 1):
    from convcore.receptive_field import to_layer

    return to_layer({"kind": "conv", "kernel_size": k, "stride": s, "padding": p, "dilation": d})


def _pool_layer(kind: str, k: int, s: int, p: int = 0):
    from convcore.receptive_field import to_layer

    return to_layer({"kind": kind, "kernel_size": k, "stride": s, "padding": p})


def _vgg16() -> list:
    layers = []
    for convs in (2, 2, 3, 3, 3):
        layers += [_conv_layer(3, p=1)] * convs + [_pool_layer("maxpool", 2, 2)]
    return layers


def stacks() -> dict:
    """Well-known layer stacks, name -> (input size, list of ``Layer``): d2l's two 2x2 convolutions (one
    output cell sees all 9 inputs), three 3x3 against one 7x7, LeNet-5 as d2l builds it, AlexNet's and
    VGG-16's feature extractors at 224, and a dilated stack (dilation 1, 2, 4, 8) whose field grows
    exponentially.

    >>> size, layers = stacks()["lenet"]
    >>> size, [layer.kind for layer in layers]
    ((28, 28), ['conv', 'avgpool', 'conv', 'avgpool'])
    """
    return {
        "d2l": ((3, 3), [_conv_layer(2), _conv_layer(2)]),
        "three_3x3": ((9, 9), [_conv_layer(3)] * 3),
        "one_7x7": ((9, 9), [_conv_layer(7)]),
        "lenet": (
            (28, 28),
            [_conv_layer(5, p=2), _pool_layer("avgpool", 2, 2), _conv_layer(5), _pool_layer("avgpool", 2, 2)],
        ),
        "alexnet": (
            (224, 224),
            [
                _conv_layer(11, 4, 2),
                _pool_layer("maxpool", 3, 2),
                _conv_layer(5, p=2),
                _pool_layer("maxpool", 3, 2),
            ]
            + [_conv_layer(3, p=1)] * 3
            + [_pool_layer("maxpool", 3, 2)],
        ),
        "vgg16": ((224, 224), _vgg16()),
        "dilated": ((32, 32), [_conv_layer(3, p=d, d=d) for d in (1, 2, 4, 8)]),
    }
