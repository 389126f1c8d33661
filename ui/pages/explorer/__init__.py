"""The explorer page's pieces (the page itself is ``views/explorer.py``).

- ``size``: the output-size formula with the page's numbers, and the warnings for rows and columns no window reads
- ``feature_map``: the feature-map tab: the map, its shape and range, and a photo beside its feature map
- ``downloads``: the feature map as CSV and PNG, and the sliding window as a GIF
- ``flip``: the flip tab: cross-correlation beside true convolution
- ``code``: the code tab: the convcore code that ran and the equivalent ``nn.Conv2d`` call
- ``speed``: the speed tab: the textbook loop timed against the vectorised call
"""
