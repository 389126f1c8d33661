"""The 1-D and causal convolution page's sections (views/conv1d.py)."""
