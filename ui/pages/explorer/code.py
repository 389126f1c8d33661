"""The explorer's code tab: the convcore code that ran, and the same convolution as an ``nn.Conv2d`` script."""

from __future__ import annotations

import streamlit as st
import torch

import convcore
from convcore.steps import sliding_window
from ui.code import source, torch_snippet
from ui.controls import Hyper
from ui.i18n import t


def show(X: torch.Tensor, K: torch.Tensor, bias: float, hyper: Hyper) -> None:
    """convcore's source, then the PyTorch call with the page's numbers and its download."""
    st.markdown(t("explorer.code_ran"))
    st.code(source(sliding_window, convcore.pad2d), language="python")
    st.markdown(t("explorer.code_torch"))
    snippet = torch_snippet(X, K, bias, hyper.stride, hyper.padding, hyper.dilation, hyper.padding_mode)
    st.code(snippet, language="python")
    st.download_button(
        t("export.py"), snippet, "conv2d.py", "text/x-python", key="ex_code_download", on_click="ignore"
    )
