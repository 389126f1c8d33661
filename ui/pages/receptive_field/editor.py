"""The receptive-field page's stack editor: a preset, the input size and the layer table, as typed.

The stack lives in an ``st.data_editor`` over a base table kept in session state (``rf_base``). Edits stay
in the editor's own state, so nothing typed is lost when a row is invalid; the base is replaced only by a
preset or a move, and then the editor gets a new key (``rf_stack_<version>``) so it starts clean on the
new rows. The page checks only its own limits (how many layers, the kinds it offers, an empty cell, a
number too large to draw); whether a row is a valid layer is convcore's to say, translated by its key.
The presets are convcore's (``convcore.presets.stacks``), shown as rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from convcore import ConvError, Layer, presets, to_layer
from convcore.receptive_field import check_layers
from ui import controls, defaults
from ui.i18n import error_text, t


def row_of(layer: Layer) -> dict:
    """A convcore layer as an editor row (the page's layers are square: one number a column)."""
    return {"kind": layer.kind, "kernel": layer.kernel_size[0], "stride": layer.stride[0],
            "padding": layer.padding[0], "dilation": layer.dilation[0]}  # fmt: skip


PRESETS = {  # name -> (input size, rows)
    name: (size, [row_of(layer) for layer in layers]) for name, (size, layers) in presets.stacks().items()
}
DEFAULT_PRESET = "d2l"


KINDS = ("conv", "maxpool", "avgpool")
NUMBERS = ("kernel", "stride", "padding", "dilation")
COLUMNS = ("kind", *NUMBERS)
DEFAULTS = {"kind": "conv", "kernel": 3, "stride": 1, "padding": 0, "dilation": 1}
LIMITS = {"kernel": 32, "stride": 32, "padding": 32, "dilation": 32}  # beyond these nothing is drawable
COLUMN_OF = {"kernel_size": "kernel", "stride": "stride", "padding": "padding", "dilation": "dilation"}
MAX_LAYERS = 32
MAX_INPUT = 512  # input cells a side: more than ImageNet's 224, few enough to draw and compute at once


@dataclass(frozen=True)
class Stack:
    """What the editor holds: its rows as typed, the input size, and what convcore can use of them."""

    rows: list[dict]
    input_size: tuple[int, int]
    layers: list[Layer]  # convcore layers of the rows above the first problem
    problems: list[str | None]  # per row: what is wrong with it, or None


def editor_key(version: int) -> str:
    return f"rf_stack_{version}"


def _load(rows: list[dict]) -> None:
    """Make ``rows`` the editor's base; the editor restarts under a new key, with no pending edits."""
    st.session_state["rf_base"] = [dict(row) for row in rows]
    st.session_state["_rf_rows"] = [dict(row) for row in rows]
    st.session_state["rf_version"] = st.session_state.get("rf_version", -1) + 1


def _load_preset(name: str) -> None:
    size, rows = PRESETS[name]
    _load(rows)
    st.session_state["rf_h"], st.session_state["rf_w"] = size
    st.session_state["_rf_size"] = size
    st.session_state["rf_cell"] = None  # the centre of the last map
    st.session_state["rf_math_layer"] = len(rows)
    st.session_state["rf_move_row"] = 1


def _on_preset() -> None:
    st.session_state["_rf_preset"] = st.session_state["rf_preset"]
    _load_preset(st.session_state["rf_preset"])


def apply_edits(base: list[dict], state) -> list[dict]:
    """The rows the editor shows: ``base`` with an editor state's cell edits, deletions and additions.

    The same order as st.data_editor: edits by position, then deletions, then added rows at the end.
    """
    rows = [dict(row) for row in base]
    if not state:
        return rows
    for position, changes in (state.get("edited_rows") or {}).items():
        if 0 <= int(position) < len(rows):
            rows[int(position)].update({k: v for k, v in changes.items() if k in COLUMNS})
    deleted = {int(position) for position in state.get("deleted_rows") or []}
    rows = [row for position, row in enumerate(rows) if position not in deleted]
    for added in state.get("added_rows") or []:
        rows.append({column: added.get(column) for column in COLUMNS})
    return rows


def _move(delta: int) -> None:
    """Swap the chosen layer with its neighbour; edits made so far become the new base."""
    version = st.session_state["rf_version"]
    rows = apply_edits(st.session_state["rf_base"], st.session_state.get(editor_key(version)))
    position = int(st.session_state.get("rf_move_row", 1)) - 1
    target = position + delta
    if 0 <= position < len(rows) and 0 <= target < len(rows):
        rows[position], rows[target] = rows[target], rows[position]
        _load(rows)
        st.session_state["rf_move_row"] = target + 1


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame({column: [row.get(column) for row in rows] for column in COLUMNS})
    frame["kind"] = frame["kind"].astype(object)
    for column in NUMBERS:
        frame[column] = pd.array([None if _missing(v) else int(v) for v in frame[column]], dtype="Int64")
    return frame


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


COLUMN_WIDTH = 84  # px: a number column's header ("padding", "dilation" and the edit mark) in full


def _column_config() -> dict:
    config = {
        "kind": st.column_config.SelectboxColumn(
            t("rf.col_kind"),
            options=list(KINDS),
            required=True,
            default="conv",
            help=t("rf.help_kind"),
            width=80,
        )
    }
    for column in NUMBERS:
        config[column] = st.column_config.NumberColumn(
            t(f"rf.col_{column}"),
            step=1,
            format="%d",
            default=DEFAULTS[column],
            help=t(f"rf.help_{column}"),
            width=COLUMN_WIDTH,
        )
    return config


def stack_editor() -> Stack:
    """Preset, input size, the layer table to edit, and the move buttons; problems shown right under them."""
    state = st.session_state
    if "rf_base" not in state:
        _load_preset(state.get("_rf_preset", DEFAULT_PRESET))
    size = state.get("_rf_size", PRESETS[DEFAULT_PRESET][0])  # widget values go when another page runs
    defaults.seed("rf_h", size[0])
    defaults.seed("rf_w", size[1])
    defaults.seed("rf_preset", state.get("_rf_preset", DEFAULT_PRESET))
    key = editor_key(state["rf_version"])
    if key not in state and state.get("_rf_rows", state["rf_base"]) != state["rf_base"]:
        _load(state["_rf_rows"])  # back from another page: keep the edits as the new base
        key = editor_key(state["rf_version"])

    st.selectbox(
        t("rf.preset"),
        list(PRESETS),
        key="rf_preset",
        format_func=lambda name: t(f"rf.preset_{name}"),
        on_change=_on_preset,
        help=t("rf.preset_help"),
    )
    edited_slot = st.empty()  # filled once the rows are known
    left, right = st.columns(2)
    help_text = t("rf.input_help", limit=MAX_INPUT)
    height = controls.whole_number(left, t("rf.input_h"), 1, MAX_INPUT, "rf_h", help=help_text)
    width = controls.whole_number(right, t("rf.input_w"), 1, MAX_INPUT, "rf_w", help=help_text)
    state["_rf_size"] = (int(height), int(width))

    edited = st.data_editor(
        _frame(state["rf_base"]),
        key=key,
        num_rows="dynamic",
        column_config=_column_config(),
        width="stretch",
        height=min(36 * (len(state["rf_base"]) + 2) + 4, 600),
    )
    rows = [{c: (None if _missing(row[c]) else row[c]) for c in COLUMNS} for row in edited.to_dict("records")]
    state["_rf_rows"] = rows
    preset_size, preset_rows = PRESETS[state["rf_preset"]]
    if rows != preset_rows or (int(height), int(width)) != preset_size:
        edited_slot.caption(t("rf.edited"))
    st.caption(t("rf.editor_help"))

    if rows:
        state["rf_move_row"] = min(max(int(state.get("rf_move_row", 1)), 1), len(rows))
        pick, up, down = st.columns([4, 2, 2], vertical_alignment="bottom")
        pick.selectbox(
            t("rf.move_row"),
            range(1, len(rows) + 1),
            key="rf_move_row",
            format_func=lambda n: t("rf.move_option", n=n, kind=rows[n - 1]["kind"], k=_size(rows[n - 1])),
        )
        up.button(t("rf.move_up"), key="rf_up", on_click=_move, args=(-1,), width="stretch")
        down.button(t("rf.move_down"), key="rf_down", on_click=_move, args=(1,), width="stretch")

    layers, problems = to_layers(rows)
    if not rows:
        st.error(t("rf.empty_stack"), icon="⚠️")
    elif any(problems):
        heading = t("rf.bad_rows", last=len(layers)) if layers else t("rf.bad_rows_none")
        listed = "\n".join(f"- {problem}" for problem in problems if problem)
        st.error(f"{heading}\n\n{listed}", icon="⚠️")
    return Stack(rows, (int(height), int(width)), layers, problems)


def _size(row: dict) -> str:
    k = row.get("kernel")
    return "?" if _missing(k) else f"{k}×{k}"


def to_layers(rows: list[dict]) -> tuple[list[Layer], list[str | None]]:
    """convcore ``Layer``s for the rows above the first problem, and each row's problem (or None).

    The page's own limits (how many layers, the kinds it offers, an empty cell, a number too large to
    draw) are checked here; whether a row is a valid layer is convcore's to say (``check_layers``), and
    its ``ConvError`` is translated. A row shows the problem of its leftmost column.
    """
    problems: list[str | None] = []
    layers: list[Layer | None] = []
    for index, row in enumerate(rows):
        number = index + 1
        layer, problem = None, None
        if index >= MAX_LAYERS:
            problem = t("rf.beyond", n=number, limit=MAX_LAYERS)
        elif row.get("kind") not in KINDS:
            problem = t("rf.bad_kind", n=number)
        else:
            layer = _layer(row)
            problem = _row_problem(number, row, check_layers([layer], start=number)[0])
        problems.append(problem)
        layers.append(None if problem else to_layer(layer, number))
    valid = []
    for layer in layers:
        if layer is None:
            break
        valid.append(layer)
    return valid, problems


def _layer(row: dict) -> dict:
    """A row as a convcore layer dict, its numbers as typed (convcore says what is wrong with them)."""
    values = {column: None if _missing(row.get(column)) else int(row[column]) for column in NUMBERS}
    layer = {"kind": row["kind"], "kernel_size": values["kernel"], "stride": values["stride"],
             "padding": values["padding"]}  # fmt: skip
    if row["kind"] != "avgpool" or values["dilation"] != 1:  # torch's AvgPool2d has no dilation
        layer["dilation"] = values["dilation"]
    return layer


def _row_problem(number: int, row: dict, error: ConvError | None) -> str | None:
    """The problem of the row's leftmost column: an empty cell or a number too large to draw (the page's
    limits), or convcore's ``error`` in that column (or, after every column, about the whole layer)."""
    inner = error.values["error"] if error is not None and error.key == "layer" else error
    name = inner.values.get("name") if inner is not None else None
    last = NUMBERS.index(COLUMN_OF[name]) if name in COLUMN_OF else len(NUMBERS) - 1
    for column in NUMBERS[: last + 1]:
        value = row.get(column)
        if _missing(value):
            return t("rf.missing", n=number, what=t(f"rf.col_{column}"))
        if int(value) > LIMITS[column]:
            return t("rf.too_big", n=number, what=t(f"rf.col_{column}"), value=value, limit=LIMITS[column])
    if inner is None:
        return None
    if inner.key == "too_small" and name in COLUMN_OF:
        what, values = t(f"rf.col_{COLUMN_OF[name]}"), inner.values
        return t("rf.too_small", n=number, what=what, low=values["minimum"], value=values["value"])
    if inner.key == "avgpool_no_dilation":
        return t("rf.avg_dilation", n=number)
    return t("rf.layer_reason", n=number, reason=error_text(inner))
