"""The learning page's settings: three columns of controls, their link parameters, and ``Settings``.

``Settings`` is what defines one training run (the data, the target, the model and the optimizer); its
``signature`` tells the page when the run must be made again. ``Problem`` is a setting that gives no run,
shown under the control it names.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import streamlit as st
import torch

from convcore.learn import OPTIMIZERS
from ui import controls, defaults, state
from ui.i18n import error_text, t

LR_OPTIONS = tuple(
    float(f"{m}e{e}") for e in range(-4, 3) for m in (1, 2, 3, 5) if (e, m) <= (2, 1)
)  # 1e-4..100
MAX_STEPS = 2000
MAX_SIZE = 7


def lr_label(lr: float) -> str:
    return f"{lr:g}"


def _parse_lr(text: str) -> float:
    value = float(text)
    for option in LR_OPTIONS:
        if math.isclose(value, option, rel_tol=1e-9):
            return option
    raise ValueError(text)


def link_params() -> list[state.Param]:
    """The page's link: the data, the target, the model and the optimizer (the player is not a setting)."""
    size = state.integer("ln_rows", 1, 1, MAX_SIZE)
    return [
        *controls.input_params("ln_in", "edge"),  # the d2l experiment: the 6x8 edge image
        *controls.kernel_params("ln_k", "d2l_edge"),
        state.number("ln_noise", 0.0, 0.0, 100.0),
        state.integer("ln_seed", 0, 0, 10**6),
        state.flag("ln_same", True),
        state.Param("ln_rows", None, size.parse, source="_ln_link_rows", initial=False),
        state.Param("ln_cols", None, size.parse, source="_ln_link_cols", initial=False),
        state.flag("ln_bias", False),
        state.choice("ln_opt", OPTIMIZERS, "sgd"),
        state.Param("ln_lr", 3e-2, _parse_lr, lr_label),
        state.integer("ln_steps", 10, 1, MAX_STEPS),
    ]


@dataclass(frozen=True)
class Settings:
    """What defines one training run: the data, the target and the model and optimizer."""

    X: torch.Tensor
    target_kernel: torch.Tensor
    target_bias: float
    noise: float
    seed: int
    size: tuple[int, int]
    bias: bool
    optimizer: str
    lr: float
    steps: int

    @property
    def align(self) -> str:
        same = self.size == tuple(self.target_kernel.shape)
        return "exact" if same else "center"

    def signature(self) -> str:
        digest = hashlib.sha1()
        for tensor in (self.X, self.target_kernel):
            digest.update(repr(tuple(tensor.shape)).encode())
            digest.update(tensor.detach().to(torch.float32).contiguous().numpy().tobytes())
        scalars = (self.target_bias, self.noise, self.seed, self.size, self.bias, self.optimizer, self.lr)
        digest.update(repr((*scalars, self.steps)).encode())
        return digest.hexdigest()


@dataclass
class Slots:
    """Placeholders under the controls, where a problem with that control is shown."""

    input: st.delta_generator.DeltaGenerator
    target: st.delta_generator.DeltaGenerator
    model: st.delta_generator.DeltaGenerator


def settings_block() -> tuple[Settings, Slots]:
    """The three columns of settings; returns them and the slots for problems (defaults: link_params)."""
    defaults.seed_params(link_params())

    col_data, col_target, col_model = st.columns(3, gap="medium")
    with col_data:
        st.subheader(t("learn.data"))
        source = controls.input_picker("ln_in")
        input_slot = st.empty()
        st.number_input(
            t("learn.noise"), 0.0, 100.0, step=0.05, key="ln_noise", help=t("learn.noise_help"), format="%.3g"
        )
        st.number_input(t("learn.seed"), 0, 10**6, key="ln_seed", help=t("learn.seed_help"))
    with col_target:
        st.subheader(t("learn.target"))
        kernel = controls.kernel_picker("ln_k", default="d2l_edge")
        target_slot = st.empty()
    with col_model:
        st.subheader(t("learn.model"))
        same = st.toggle(t("learn.same_size"), key="ln_same", help=t("learn.same_size_help"))
        if same:
            size = tuple(int(n) for n in kernel.weight.shape)
        else:
            defaults.seed("ln_rows", int(min(kernel.weight.shape[0], MAX_SIZE)))
            defaults.seed("ln_cols", int(min(kernel.weight.shape[1], MAX_SIZE)))
            left, right = st.columns(2)
            rows = left.number_input(t("learn.rows"), 1, MAX_SIZE, key="ln_rows")
            cols = right.number_input(t("learn.cols"), 1, MAX_SIZE, key="ln_cols")
            size = (int(rows), int(cols))
        st.session_state["_ln_link_rows"], st.session_state["_ln_link_cols"] = (
            size if not same else (None, None)
        )
        model_slot = st.empty()
        bias = st.toggle(t("learn.bias"), key="ln_bias", help=t("learn.bias_help"))
        optimizer = st.selectbox(
            t("learn.optimizer"), OPTIMIZERS, key="ln_opt", format_func=lambda name: t(f"learn.opt_{name}")
        )
        lr = st.select_slider(
            t("learn.lr"), LR_OPTIONS, key="ln_lr", format_func=lr_label, help=t("learn.lr_help")
        )
        steps = st.number_input(t("learn.steps"), 1, MAX_STEPS, key="ln_steps")
    settings = Settings(
        X=source.matrix,
        target_kernel=kernel.weight,
        target_bias=float(kernel.bias),
        noise=float(st.session_state["ln_noise"]),
        seed=int(st.session_state["ln_seed"]),
        size=size,
        bias=bool(bias),
        optimizer=optimizer,
        lr=float(lr),
        steps=int(steps),
    )
    return settings, Slots(input_slot, target_slot, model_slot)


class Problem(Exception):
    """A setting that gives no run: ``slot`` names the control to show ``message`` under."""

    def __init__(self, slot: str, message: str):
        super().__init__(message)
        self.slot, self.message = slot, message


# convcore's keys for a kernel larger than the input, worded for the control that set it
TOO_BIG = {"target": ("kernel_larger_along", "learn.target_too_big"),
           "model": ("learn_kernel_too_big", "learn.size_too_big")}  # fmt: skip


def problem(slot: str, error: ValueError, chosen: Settings) -> Problem:
    """convcore's refusal as a ``Problem`` under the control ``slot`` ("target" or "model"), in the
    session's language: a kernel too large for the input names both sizes (those of ``chosen``); anything
    else is convcore's own message, translated by its key."""
    key, message = TOO_BIG[slot]
    if getattr(error, "key", None) == key:
        h, w = chosen.X.shape
        kh, kw = chosen.target_kernel.shape if slot == "target" else chosen.size
        return Problem(slot, t(message, kh=int(kh), kw=int(kw), h=int(h), w=int(w)))
    return Problem(slot, t(f"learn.no_{slot}", reason=error_text(error)))
