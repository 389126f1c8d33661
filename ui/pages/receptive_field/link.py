"""The receptive-field page's link: the stack as one token a row, and what the link says beyond the preset.

The stack goes into the URL as one token per row, kind letter then kernel, stride, padding, dilation:
"c3s1p1d1,m2s2p0d1" (a blank cell stays blank: "c3s1pd1"). Size, rows, cell and arithmetic layer are
published only where they differ from what the preset (or the stack) gives by itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st

from convcore.receptive_field import ERF_WEIGHTS, ReceptiveField
from ui import state
from ui.pages.receptive_field.editor import (
    DEFAULT_PRESET,
    MAX_INPUT,
    MAX_LAYERS,
    NUMBERS,
    PRESETS,
    Stack,
    _load,
    _load_preset,
    _missing,
)

KIND_LETTERS = {"conv": "c", "maxpool": "m", "avgpool": "a"}
_TOKEN = re.compile(r"([cma])(\d{0,3})s(\d{0,3})p(\d{0,3})d(\d{0,3})")
EMPTY = "-"  # the link of a stack with no rows


def show_rows(rows: list[dict]) -> str:
    if not rows:
        return EMPTY
    tokens = []
    for row in rows:
        numbers = ["" if _missing(row.get(c)) else str(int(row[c])) for c in NUMBERS]
        tokens.append(KIND_LETTERS.get(row.get("kind"), "c") + "{}s{}p{}d{}".format(*numbers))
    return ",".join(tokens)


def parse_rows(text: str) -> list[dict]:
    """Rows from a link; anything but well-formed tokens (at most MAX_LAYERS of them) is refused."""
    if text == EMPTY:
        return []
    tokens = text.split(",")
    if len(tokens) > MAX_LAYERS:
        raise ValueError(text)
    kinds = {letter: kind for kind, letter in KIND_LETTERS.items()}
    rows = []
    for token in tokens:
        match = _TOKEN.fullmatch(token)
        if match is None:
            raise ValueError(token)
        letter, *numbers = match.groups()
        row = {"kind": kinds[letter]}
        for column, number in zip(NUMBERS, numbers):
            row[column] = int(number) if number else None
        rows.append(row)
    return rows


def link_params() -> list[state.Param]:
    """The page's link parameters; the stack block's own keys are set by the page, not by defaults."""
    size = state.integer("rf_h", 0, 1, MAX_INPUT)
    return [
        replace(state.choice("rf_preset", PRESETS, DEFAULT_PRESET), initial=False),
        state.Param("rf_h", None, size.parse, source="_rf_link_h", initial=False),
        state.Param("rf_w", None, size.parse, source="_rf_link_w", initial=False),
        state.Param("rf_layers", None, parse_rows, show_rows, source="_rf_link_layers", initial=False),
        replace(state.cell("rf_cell"), default=None, source="_rf_link_cell", initial=False),
        state.Param(
            "rf_math_layer",
            None,
            state.integer("rf_math_layer", 1, 1, MAX_LAYERS).parse,
            source="_rf_link_math",
            initial=False,
        ),  # fmt: skip
        state.choice("rf_erf_weights", ERF_WEIGHTS, ERF_WEIGHTS[0]),
        state.flag("rf_erf_relu", False),
        state.integer("rf_erf_seed", 0, 0, 10**6),
    ]


def apply_link(applied: dict) -> None:
    """A link opened: load its preset first, then its own size, rows, cell and arithmetic layer on top."""
    ss = st.session_state
    if "rf_preset" in applied:
        ss["_rf_preset"] = applied["rf_preset"]
        _load_preset(applied["rf_preset"])
    if "rf_layers" in applied:
        _load(applied["rf_layers"])
        ss["rf_math_layer"] = max(len(applied["rf_layers"]), 1)
        ss["rf_cell"] = None
    size = list(ss.get("_rf_size", PRESETS[ss.get("_rf_preset", DEFAULT_PRESET)][0]))
    for index, key in enumerate(("rf_h", "rf_w")):
        if key in applied:
            size[index] = applied[key]
    if "rf_h" in applied or "rf_w" in applied:
        ss["rf_h"], ss["rf_w"] = ss["_rf_size"] = tuple(size)
        ss["rf_cell"] = None
    for key in ("rf_cell", "rf_math_layer"):
        if key in applied:
            ss[key] = applied[key]


def link_values(stack: Stack, fields: list[ReceptiveField]) -> None:
    """What the link says beyond the preset: set just before the page publishes."""
    ss = st.session_state
    size, rows = PRESETS[ss.get("rf_preset", DEFAULT_PRESET)]
    ss["_rf_link_h"] = stack.input_size[0] if stack.input_size[0] != size[0] else None
    ss["_rf_link_w"] = stack.input_size[1] if stack.input_size[1] != size[1] else None
    ss["_rf_link_layers"] = stack.rows if stack.rows != rows else None
    cell, centre, math_layer = None, None, None
    if fields:
        h_out, w_out = fields[-1].output_size
        centre = (h_out // 2, w_out // 2)
        cell = ss.get("rf_cell")
        math_layer = ss.get("rf_math_layer")
        if math_layer == len(fields):
            math_layer = None
    ss["_rf_link_cell"] = tuple(cell) if cell and tuple(cell) != centre else None
    ss["_rf_link_math"] = math_layer
