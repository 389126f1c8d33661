"""The transposed-convolution page's pieces (the page itself is ``views/transposed.py``).

- ``presets``: d2l's example, 2x2 upsampling and the checkerboard; the controls' limits; which control an
  error belongs beside
- ``sections``: the output-size formula, the direct convolution, the overlap counts, the round trip, the code
"""
