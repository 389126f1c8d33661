"""The explorer's speed tab: d2l's textbook ``corr2d`` loop timed against convcore's vectorised ``corr2d``."""

from __future__ import annotations

import timeit

import streamlit as st
import torch

import convcore
from ui.code import source
from ui.i18n import t


def intro(x_shape: tuple[int, int], k_shape: tuple[int, int]) -> bool:
    """What is timed; a warning instead when the kernel is larger than the input. True when it can run."""
    st.markdown(t("explorer.speed_intro", h=x_shape[0], w=x_shape[1], kh=k_shape[0], kw=k_shape[1]))
    try:  # the textbook loop has no padding: convcore says whether the kernel fits the input as it is
        convcore.conv_output_shape(tuple(x_shape), tuple(k_shape))
    except ValueError:
        st.warning(t("explorer.speed_too_small"))
        return False
    return True


def measure(X: torch.Tensor, K: torch.Tensor) -> tuple[float, float]:
    """Seconds for one loop run and one vectorised run (the best of three repeats each)."""
    loops = min(timeit.repeat(lambda: convcore.corr2d_loops(X, K), number=1, repeat=3))
    fast = min(timeit.repeat(lambda: convcore.corr2d(X, K), number=5, repeat=3)) / 5
    return loops, fast


def result(loops: float, fast: float) -> None:
    """Both times, their ratio, and the two functions' source."""
    st.markdown(t("explorer.speed_result", loops=loops * 1e3, fast=fast * 1e3, ratio=loops / fast))
    st.code(source(convcore.corr2d_loops, convcore.corr2d), language="python")
