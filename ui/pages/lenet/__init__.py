"""The LeNet page's pieces (the page itself is ``views/lenet.py``).

- ``settings``: the training settings, their link parameters and ``Settings``
- ``trainer``: the session's own run: play, pause, step, reset; the live fragment (curves, kernels)
- ``inside``: one digit (a test digit, drawn or uploaded) through the network: every layer's feature
  maps, the probabilities, and a clicked activation's receptive field with its gradient footprint
- ``canvas``: the drawing pad (a small components-v2 component of its own)
- ``mistakes``: the test digits the network gets wrong, and the confusion matrix
- ``code``: the training as a runnable PyTorch script
"""
