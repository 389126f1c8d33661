"""The channels page's real layers: ``nn.Conv2d(3, 1)`` and ``nn.Conv2d(3, 3)`` with chosen or seeded weights,
for a photo to go through beside convcore's ``conv2d`` with the same weights."""

from __future__ import annotations

import torch

from convcore import presets


def real_layers(weights: str, seed: int) -> dict[str, torch.nn.Conv2d]:
    """nn.Conv2d(3, 1, 3, padding=1) and nn.Conv2d(3, 3, 3, padding=1), with chosen or seeded random weights.

    Chosen: the one-output layer finds vertical edges in the luminance (Sobel x weighted by
    0.299, 0.587, 0.114 per colour); the three-output layer gives vertical edges, horizontal
    edges and a blur, each from all three colours.
    """
    one, three = torch.nn.Conv2d(3, 1, 3, padding=1), torch.nn.Conv2d(3, 3, 3, padding=1)
    generator = torch.Generator().manual_seed(seed)  # local: other sessions share torch's global generator
    with torch.no_grad():
        for layer in (one, three):
            bound = 1 / (
                layer.weight[0].numel() ** 0.5
            )  # torch's default range for Conv2d weights and biases
            layer.weight.uniform_(-bound, bound, generator=generator)
            layer.bias.uniform_(-bound, bound, generator=generator)
    if weights == "chosen":
        luma = torch.tensor([0.299, 0.587, 0.114]).reshape(3, 1, 1)
        with torch.no_grad():
            one.weight.copy_((presets.kernel("sobel_x") * luma)[None])
            one.bias.zero_()
            filters = [presets.kernel("sobel_x"), presets.kernel("sobel_y"), presets.kernel("gaussian")]
            three.weight.copy_(torch.stack([f * luma for f in filters]))
            three.bias.zero_()
    return {"one": one, "three": three}
