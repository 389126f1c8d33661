"""The learning page's run as a PyTorch script: d2l's training loop (7.2.4) with the page's settings."""

from __future__ import annotations

from ui.pages.learn.run import Run
from ui.pages.learn.settings import lr_label


def script(run: Run) -> str:
    """d2l's training loop (7.2.4) with the page's settings, as PyTorch (X and Y as the page made them)."""
    s = run.settings
    kh, kw = s.size
    h, w = s.X.shape
    pt, pl, ch, cw = run.trajectory.prediction_window
    tt, tl, _, _ = run.trajectory.target_window
    made = "corr2d(X, K)" + (" + b" if s.target_bias else "") + (" + noise" if s.noise else "")
    if s.align == "exact":
        crop_y, crop_hat = "", ""
    else:
        crop_y = f"Y = Y[:, :, {tt}:{tt + ch}, {tl}:{tl + cw}]  # compare the common centre {ch}x{cw}\n"
        crop_hat = f"[:, :, {pt}:{pt + ch}, {pl}:{pl + cw}]"
    if s.optimizer == "sgd":
        trainer = ""
        update = "    conv2d.weight.data[:] -= lr * conv2d.weight.grad"
        if s.bias:
            update += "\n    conv2d.bias.data[:] -= lr * conv2d.bias.grad"
    else:
        make = (
            "SGD(conv2d.parameters(), lr=lr, momentum=0.9)"
            if s.optimizer == "momentum"
            else ("Adam(conv2d.parameters(), lr=lr)")
        )
        trainer, update = f"trainer = torch.optim.{make}\n", "    trainer.step()"
    return f"""import torch
from torch import nn

# X: the {h}x{w} input, Y = {made}
conv2d = nn.Conv2d(1, 1, kernel_size=({kh}, {kw}), bias={s.bias})
X = X.reshape((1, 1, {h}, {w}))
Y = Y.reshape((1, 1, *Y.shape))
{crop_y}lr = {lr_label(s.lr)}
{trainer}
for i in range({s.steps}):
    Y_hat = conv2d(X){crop_hat}
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
{update}
    print(f"epoch {{i + 1}}, loss {{l.sum():.3f}}")
"""
