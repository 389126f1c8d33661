"""The LeNet page's training settings: the network, the optimizer and its numbers, and their link."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from convcore.lenet import D2L_RECIPE, DEFAULT_SEED, DEFAULTS, INITS, KINDS, MAX_EPOCHS, OPTIMIZERS
from ui import defaults, state
from ui.i18n import t

# 1e-4..100, and d2l's 0.9
LR_OPTIONS = tuple(
    sorted({float(f"{m}e{e}") for e in range(-4, 3) for m in (1, 2, 3, 5) if (e, m) <= (2, 1)} | {0.9})
)
BATCHES = (16, 32, 64, 128, 256, 512)


def lr_label(lr: float) -> str:
    return f"{lr:g}"


def _parse_lr(text: str) -> float:
    value = float(text)
    for option in LR_OPTIONS:
        if math.isclose(value, option, rel_tol=1e-9):
            return option
    raise ValueError(text)


def _parse_batch(text: str) -> int:
    value = int(text)
    if value not in BATCHES:
        raise ValueError(text)
    return value


def link_params() -> list[state.Param]:
    base = DEFAULTS["d2l"]
    return [
        state.choice("lt_kind", KINDS, "d2l"),
        state.choice("lt_opt", OPTIMIZERS, base["optimizer"]),
        state.choice("lt_init", INITS, base["init"]),
        state.Param("lt_lr", base["lr"], _parse_lr, lr_label),
        state.Param("lt_batch", base["batch_size"], _parse_batch, str),
        state.integer("lt_epochs", base["epochs"], 1, MAX_EPOCHS),
        state.integer("lt_seed", DEFAULT_SEED, 0, 10**6),
    ]


@dataclass(frozen=True)
class Settings:
    kind: str
    optimizer: str
    init: str
    lr: float
    batch_size: int
    epochs: int
    seed: int

    def signature(self) -> tuple:
        return (self.kind, self.optimizer, self.init, self.lr, self.batch_size, self.epochs, self.seed)

    @property
    def is_default(self) -> bool:
        return self.seed == DEFAULT_SEED and {
            "optimizer": self.optimizer, "lr": self.lr, "batch_size": self.batch_size, "epochs": self.epochs,
            "init": self.init,
        } == DEFAULTS[self.kind]  # fmt: skip


def _use(recipe: dict) -> None:
    st.session_state["lt_opt"] = recipe["optimizer"]
    st.session_state["lt_lr"] = recipe["lr"]
    st.session_state["lt_batch"] = recipe["batch_size"]
    st.session_state["lt_epochs"] = recipe["epochs"]
    st.session_state["lt_init"] = recipe["init"]


def use_defaults() -> None:
    _use(DEFAULTS[st.session_state.get("lt_kind", "d2l")])


def use_d2l_recipe() -> None:
    st.session_state["lt_kind"] = "d2l"
    _use(D2L_RECIPE)


def settings_block() -> tuple[Settings, st.delta_generator.DeltaGenerator]:
    """The settings in two rows; returns them and the slot under the learning rate (for its problems)."""
    defaults.seed_params(link_params())
    top = st.columns([2.5, 0.9, 1.8, 2.0], vertical_alignment="bottom")  # every name in full (zh too)
    kind = top[0].selectbox(t("lenet.kind"), KINDS, key="lt_kind", format_func=lambda k: t(f"lenet.kind_{k}"))
    optimizer = top[1].selectbox(
        t("lenet.optimizer"), OPTIMIZERS, key="lt_opt", format_func=lambda k: t(f"lenet.opt_{k}")
    )
    init = top[2].selectbox(
        t("lenet.init"),
        INITS,
        key="lt_init",
        format_func=lambda k: t(f"lenet.init_{k}"),
        help=t("lenet.init_help"),
    )
    with top[3]:
        lr = st.select_slider(t("lenet.lr"), LR_OPTIONS, key="lt_lr", format_func=lr_label)
    row = st.columns([1.3, 1.2, 1.3, 1.1, 1.1], vertical_alignment="bottom")
    batch = row[0].selectbox(t("lenet.batch"), BATCHES, key="lt_batch")
    epochs = row[1].number_input(t("lenet.epochs"), 1, MAX_EPOCHS, key="lt_epochs")
    seed = row[2].number_input(t("lenet.seed"), 0, 10**6, key="lt_seed")
    row[3].button(
        t("lenet.use_defaults"), key="lt_defaults", on_click=use_defaults, help=t("lenet.defaults_help")
    )
    row[4].button(t("lenet.use_d2l"), key="lt_d2l", on_click=use_d2l_recipe, help=t("lenet.d2l_help"))
    slot = st.empty()
    chosen = Settings(kind, optimizer, init, float(lr), int(batch), int(epochs), int(seed))
    return chosen, slot
