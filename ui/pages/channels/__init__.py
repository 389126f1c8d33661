"""The channels page's pieces (the page itself is ``views/channels.py``).

- ``pickers``: the multi-channel source, the photo (or upload), the per-channel kernels and biases, their link
  parameters
- ``real``: the real ``nn.Conv2d`` layers a photo goes through
"""
