"""The kernel-learning page's pieces (the page itself is ``views/learn.py``).

- ``settings``: the three columns of settings, their link parameters, ``Settings`` and ``Problem``
- ``run``: ``Run``, one training run for one set of settings (convcore's ``Trajectory`` and its target)
- ``player``: play, pause, step, to the end, reset and the speed; the live fragment and its timer
- ``draw``: one frame of the run: the progress, the loss figure, the kernel and output grids
- ``verdict``: what the finished run learned, or why it blew up
- ``code``: the run as a PyTorch script
"""
