"""The receptive-field page's widget blocks and figure builders.

The stack lives in an ``st.data_editor`` over a base table kept in session state
(``rf_base``). Edits stay in the editor's own state, so nothing typed is lost
when a row is invalid; the base is replaced only by a preset or a move, and
then the editor gets a new key (``rf_stack_<version>``) so it starts clean on
the new rows. Figures are plain dicts (see ui/figures.py) and only draw what
convcore computed.
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st

from convcore import ConvError
from convcore.receptive_field import ERF_WEIGHTS, ReceptiveField, check_layers
from ui import defaults, figures, state
from ui.i18n import error_text, t

KINDS = ("conv", "maxpool", "avgpool")
NUMBERS = ("kernel", "stride", "padding", "dilation")
COLUMNS = ("kind", *NUMBERS)
DEFAULTS = {"kind": "conv", "kernel": 3, "stride": 1, "padding": 0, "dilation": 1}
LIMITS = {"kernel": 32, "stride": 32, "padding": 32, "dilation": 32}  # beyond these nothing is drawable
COLUMN_OF = {"kernel_size": "kernel", "stride": "stride", "padding": "padding", "dilation": "dilation"}
MAX_LAYERS = 32
MAX_INPUT = 512  # input cells a side: more than ImageNet's 224, few enough to draw and compute at once
SMALL = 48  # maps up to this many cells a side (padding included) are drawn cell by cell
COMMON_SCALE = 16  # when every map is this small, all panels share one cell size
CLICK_LIMIT = 4096  # click targets on the last map up to this many cells

# cell categories of a small map (grid.css colours them: map, padding, read, padding in the box, skipped)
REAL, PADDING, READ, BOX_PADDING, GAP = 0, 1, 2, 3, 4
ERF_SCALE = [[0, "#ffffff"], [0.15, "#c6dbef"], [0.45, "#6baed6"], [0.75, "#2171b5"], [1, "#08306b"]]
ERF_BOX = "#e8590c"


def _conv(k, s=1, p=0, d=1) -> dict:
    return {"kind": "conv", "kernel": k, "stride": s, "padding": p, "dilation": d}


def _pool(kind, k, s, p=0) -> dict:
    return {"kind": kind, "kernel": k, "stride": s, "padding": p, "dilation": 1}


def _vgg16() -> list[dict]:
    rows = []
    for convs in (2, 2, 3, 3, 3):
        rows += [_conv(3, p=1)] * convs + [_pool("maxpool", 2, 2)]
    return rows


PRESETS = {  # name -> (input size, rows)
    "d2l": ((3, 3), [_conv(2), _conv(2)]),
    "three_3x3": ((9, 9), [_conv(3)] * 3),
    "one_7x7": ((9, 9), [_conv(7)]),
    "lenet": ((28, 28), [_conv(5, p=2), _pool("avgpool", 2, 2), _conv(5), _pool("avgpool", 2, 2)]),
    "alexnet": (
        (224, 224),
        [_conv(11, 4, 2), _pool("maxpool", 3, 2), _conv(5, p=2), _pool("maxpool", 3, 2)]
        + [_conv(3, p=1)] * 3
        + [_pool("maxpool", 3, 2)],
    ),
    "vgg16": ((224, 224), _vgg16()),
    "dilated": ((32, 32), [_conv(3, p=d, d=d) for d in (1, 2, 4, 8)]),
}
DEFAULT_PRESET = "d2l"


@dataclass(frozen=True)
class Stack:
    """What the editor holds: its rows as typed, the input size, and what convcore can use of them."""

    rows: list[dict]
    input_size: tuple[int, int]
    layers: list[dict]  # convcore dicts of the rows above the first problem
    problems: list[str | None]  # per row: what is wrong with it, or None


def editor_key(version: int) -> str:
    return f"rf_stack_{version}"


# --- the stack editor ---------------------------------------------------------------------------------------


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


def _column_config() -> dict:
    config = {
        "kind": st.column_config.SelectboxColumn(
            t("rf.col_kind"),
            options=list(KINDS),
            required=True,
            default="conv",
            help=t("rf.help_kind"),
            width=86,
        )
    }
    for column in NUMBERS:
        config[column] = st.column_config.NumberColumn(
            t(f"rf.col_{column}"),
            step=1,
            format="%d",
            default=DEFAULTS[column],
            help=t(f"rf.help_{column}"),
            width=64,
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
    height = left.number_input(t("rf.input_h"), 1, MAX_INPUT, key="rf_h", help=help_text)
    width = right.number_input(t("rf.input_w"), 1, MAX_INPUT, key="rf_w", help=help_text)
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


def to_layers(rows: list[dict]) -> tuple[list[dict], list[str | None]]:
    """convcore layer dicts for the rows above the first problem, and each row's problem (or None).

    The page's own limits (how many layers, the kinds it offers, an empty cell, a number too large to
    draw) are checked here; whether a row is a valid layer is convcore's to say (``check_layers``), and
    its ``ConvError`` is translated. A row shows the problem of its leftmost column.
    """
    problems: list[str | None] = []
    layers: list[dict | None] = []
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
        layers.append(None if problem else layer)
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


# --- the link ---------------------------------------------------------------------------------------------
# The stack goes into the URL as one token per row, kind letter then kernel, stride, padding, dilation:
# "c3s1p1d1,m2s2p0d1" (a blank cell stays blank: "c3s1pd1"). Size, rows, cell and arithmetic layer are
# published only where they differ from what the preset (or the stack) gives by itself.

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


# --- the table and the arithmetic ---------------------------------------------------------------------------


def _pair(values: tuple[int, int]) -> str:
    return str(values[0]) if values[0] == values[1] else f"{values[0]} × {values[1]}"


def layer_label(layer) -> str:
    """'conv 3×3', with the stride and dilation when they are not 1: 'conv 11×11 s4'."""
    (kh, kw), (sh, sw), (dh, dw) = layer.kernel_size, layer.stride, layer.dilation
    text = f"{layer.kind} {kh}×{kw}"
    if (sh, sw) != (1, 1):
        text += f" s{_pair((sh, sw))}"
    if (dh, dw) != (1, 1):
        text += f" d{_pair((dh, dw))}"
    return text


def layer_table(stack: Stack, fields: list[ReceptiveField], why: ConvError | None) -> pd.DataFrame:
    """One row per feature map: its size, receptive field, effective stride and padding.

    A layer with a problem gets ⚠️ before its name and the reason in a last column (which only
    exists when some layer has a problem); layers above it are marked as not reached.
    """
    h, w = stack.input_size
    table = [["0", t("rf.input_row"), f"{h} × {w}", "1", "1", "0", ""]]
    for index, row in enumerate(stack.rows):
        number = str(index + 1)
        if index < len(fields):
            field = fields[index]
            out = field.output_size
            table.append(
                [number, layer_label(field.layer), f"{out[0]} × {out[1]}", _pair(field.size),
                 _pair(field.stride), _pair(field.padding), ""]
            )  # fmt: skip
            continue
        label = f"{row.get('kind') or '?'} {_size(row)}"
        if stack.problems[index]:
            label, status = "⚠️ " + label, stack.problems[index]
        elif index == len(fields) and why:
            label, status = "⚠️ " + label, str(why)
        else:
            status = t("rf.not_reached")
        table.append([number, label, "—", "—", "—", "—", status])
    columns = [t(f"rf.t_{name}") for name in ("num", "layer", "out", "rf", "stride", "padding", "status")]
    frame = pd.DataFrame(table, columns=columns)
    if len(fields) == len(stack.rows):
        frame = frame.drop(columns=t("rf.t_status"))
    return frame


def table_config() -> dict:
    return {
        t("rf.t_num"): st.column_config.TextColumn(width=36),
        t("rf.t_layer"): st.column_config.TextColumn(width=118),
        t("rf.t_status"): st.column_config.TextColumn(width="large"),
        t("rf.t_out"): st.column_config.TextColumn(width=84),
        t("rf.t_rf"): st.column_config.TextColumn(width=64, help=t("rf.help_rf")),
        t("rf.t_stride"): st.column_config.TextColumn(width=64, help=t("rf.help_S")),
        t("rf.t_padding"): st.column_config.TextColumn(width=72, help=t("rf.help_P")),
    }


def arithmetic(fields: list[ReceptiveField], input_size: tuple[int, int], number: int) -> list[str]:
    """LaTeX for layer ``number`` (1-based): its output size and the three recurrences, with its numbers.

    One aligned block along the height; a second along the width when anything about it differs.
    """
    field = fields[number - 1]
    below = fields[number - 2] if number > 1 else None
    blocks = []
    axes = [0] if _square(fields[:number], input_size) else [0, 1]
    for axis in axes:
        size_in = below.output_size[axis] if below else input_size[axis]
        r0, s0, p0 = (below.size[axis], below.stride[axis], below.padding[axis]) if below else (1, 1, 0)
        layer = field.layer
        k, s, p, d = (v[axis] for v in (layer.kernel_size, layer.stride, layer.padding, layer.dilation))
        n, m = number, number - 1
        name = "H" if axis == 0 else "W"
        lines = [
            rf"{name}_{{{n}}} &= \left\lfloor \frac{{{name}_{{{m}}} + 2p - d\,(k - 1) - 1}}{{s}} \right\rfloor + 1",
            rf"&= \left\lfloor \frac{{{size_in} + 2\cdot{p} - {d}\cdot({k} - 1) - 1}}{{{s}}} \right\rfloor + 1"
            rf" = {field.output_size[axis]}",
            rf"r_{{{n}}} &= r_{{{m}}} + (k - 1)\,d\,S_{{{m}}}",
            rf"&= {r0} + ({k} - 1)\cdot{d}\cdot{s0} = {field.size[axis]}",
            rf"S_{{{n}}} &= S_{{{m}}}\,s = {s0}\cdot{s} = {field.stride[axis]}",
            rf"P_{{{n}}} &= P_{{{m}}} + p\,S_{{{m}}} = {p0} + {p}\cdot{s0} = {field.padding[axis]}",
        ]
        head = r"\text{" + t("rf.math_width") + r"}\\" if axis == 1 else ""
        blocks.append(head + r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}")
    return blocks


def _square(fields: list[ReceptiveField], input_size) -> bool:
    if input_size[0] != input_size[1]:
        return False
    for field in fields:
        layer = field.layer
        for pair in (layer.kernel_size, layer.stride, layer.padding, layer.dilation):
            if pair[0] != pair[1]:
                return False
    return True


def region_math(maps, fields, cell) -> list[str]:
    """LaTeX for the input box of ``cell``, per axis: from i * S_L - P_L to that + r_L - 1."""
    last, number = fields[-1], len(fields)
    (top, left), (bottom, right) = maps[0].box
    lines = []
    for axis, var, start, end in (("rows", "i", top, bottom), ("cols", "j", left, right)):
        index = 0 if axis == "rows" else 1
        lines.append(
            t("rf.region_math", axis=t(f"rf.{axis}"), var=var, n=number, i=cell[index], s=last.stride[index],
              p=last.padding[index], top=start, r=last.size[index], bottom=end)
        )  # fmt: skip
    return lines


# --- the feature maps ---------------------------------------------------------------------------------------


def _per_row(count: int) -> int:
    return count if count <= 5 else math.ceil(count / math.ceil(count / 5))


def _extent(region, padding) -> tuple[tuple[int, int], tuple[int, int]]:
    """(first, last) row and column to show: the padded map and the box, whichever reaches further."""
    (top, left), (bottom, right) = region.box
    h, w = region.size
    return (min(-padding[0], top), max(h - 1 + padding[0], bottom)), (
        min(-padding[1], left),
        max(w - 1 + padding[1], right),
    )


def _categories(region, padding, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    (top, left), (bottom, right) = region.box
    h, w = region.size
    r, c = rows[:, None], cols[None, :]
    real = (r >= 0) & (r < h) & (c >= 0) & (c < w)
    padded = (r >= -padding[0]) & (r < h + padding[0]) & (c >= -padding[1]) & (c < w + padding[1])
    inbox = (r >= top) & (r <= bottom) & (c >= left) & (c <= right)
    read = np.isin(r, region.rows) & np.isin(c, region.cols)
    z = np.full(real.shape, np.nan)
    z[padded] = PADDING
    z[real] = REAL
    z[inbox & ~real] = BOX_PADDING
    z[inbox & real] = GAP
    z[inbox & real & read] = READ
    return z


def _ticks(first: int, last: int, cell_px: float) -> dict:
    """Tick labels on the cells of the extent only: every cell when they are big enough, else every 5th or
    10th, else Plotly's choice."""
    label_px = 7 * len(str(last)) + 12
    for step in (1, 5, 10, 25, 50, 100):
        if cell_px * step >= label_px:
            return {"tickvals": [v for v in range(first, last + 1) if v % step == 0]}
    return {"nticks": 5}


def _title(region, index: int, fields, show_read: bool) -> dict:
    """A panel's three title lines: which map, its size, and its box's counts (plain text)."""
    h, w = region.size
    if index == 0:
        head = t("rf.panel_input")
    else:
        head = t("rf.panel_layer", n=index, layer=layer_label(fields[index - 1].layer))
    bh, bw = region.box_shape
    values = {"bh": bh, "bw": bw, "cells": region.box_cells, "pad": region.box_padding_cells}
    if show_read and region.read_cells < region.box_cells - region.box_padding_cells:
        counts = t("rf.panel_counts_gaps", read=region.read_cells, **values)
    else:
        counts = t("rf.panel_counts", **values)
    return {"head": head, "size_text": t("rf.panel_size", h=h, w=w), "counts": counts}


CATEGORY_CHARS = "01234"  # REAL, PADDING, READ, BOX_PADDING, GAP; "~" outside the padded map


def maps_payload(maps, fields: list[ReceptiveField], cell: tuple[int, int], big: bool = False) -> dict:
    """Every feature map as a panel for the grid component (kind "fields"), the input first.

    Each panel carries its extent (the padded map and the box, whichever reaches further), its padding and
    the box. A map up to ``SMALL`` cells a side also carries one category character a cell (map, padding,
    read, padding inside the box, skipped inside the box); a larger one is drawn as exact rectangles. The
    last map is clickable up to ``CLICK_LIMIT`` cells. When every map is at most ``COMMON_SCALE`` cells a
    side, all panels share one cell size, so sizes compare across layers.
    """
    count = len(maps)
    paddings = [fields[m].layer.padding for m in range(count - 1)] + [(0, 0)]
    extents = [_extent(region, padding) for region, padding in zip(maps, paddings)]
    spans = [max(rows[1] - rows[0], cols[1] - cols[0]) + 1 for rows, cols in extents]
    common = max(spans) if max(spans) <= COMMON_SCALE else None
    panels = []
    for m, (region, padding, ((r0, r1), (c0, c1))) in enumerate(zip(maps, paddings, extents)):
        small = spans[m] <= SMALL
        (top, left), (bottom, right) = region.box
        panel = {
            "name": f"map{m}",
            "rows": [int(r0), int(r1)],
            "cols": [int(c0), int(c1)],
            "size": [int(v) for v in region.size],
            "padding": [int(v) for v in padding],
            "box": [int(top), int(left), int(bottom), int(right)],
            "cats": None,
            "click": False,
            **_title(region, m, fields, small),
        }
        if small:
            z = _categories(region, padding, np.arange(r0, r1 + 1), np.arange(c0, c1 + 1))
            codes = np.where(np.isnan(z), -1, z).astype(int).ravel()
            panel["cats"] = "".join("~" if code < 0 else CATEGORY_CHARS[code] for code in codes.tolist())
        panels.append(panel)
    h, w = maps[-1].size
    panels[-1]["click"] = h * w <= CLICK_LIMIT
    return {
        "kind": "fields",
        "panels": panels,
        "common": common,
        "per_row": _per_row(count),
        "cell": [int(cell[0]), int(cell[1])],
        "projector": bool(big),
    }


# --- the effective receptive field --------------------------------------------------------------------------


def _typed(values: np.ndarray) -> dict:
    """A float32 array in Plotly's typed-array JSON form: a tenth of the bytes of nested lists, no loop."""
    values = np.ascontiguousarray(values, dtype=np.float32)
    return {
        "dtype": "f4",
        "bdata": base64.b64encode(values.tobytes()).decode(),
        "shape": ",".join(map(str, values.shape)),
    }


def _clip(box, size):
    (top, left), (bottom, right) = box
    return (max(top, 0), max(left, 0)), (min(bottom, size[0] - 1), min(right, size[1] - 1))


def erf_figure(grad: np.ndarray, box, core, big: bool = False) -> figures.RawFigure:
    """|gradient| over the input with the theoretical box (solid) and its central 95% (dashed); beside it,
    the mass per input column against the theoretical field's flat profile."""
    grad = np.asarray(grad, dtype=np.float32)
    h, w = grad.shape
    peak = float(grad.max()) or 1.0
    heat = {
        "type": "heatmap",
        "z": _typed(grad) if grad.size > 1024 else grad.tolist(),
        "xaxis": "x",
        "yaxis": "y",
        "colorscale": ERF_SCALE,
        "zmin": 0,
        "zmax": peak,
        "showscale": True,
        "colorbar": {
            "thickness": 12,
            "x": 0.55,
            "len": 0.9,
            "tickformat": ".2~g",
            "tickfont": {"size": 17 if big else 12},
        },
        "hovertemplate": "row %{y}, col %{x}: %{z:.3g}<extra></extra>",
    }
    if max(h, w) <= 6:
        heat.update(texttemplate="%{z:.2~g}", textfont={"size": 14})
    (top, left), (bottom, right) = _clip(box, (h, w))
    shapes = [{**figures.rect("x", "y", left, right, top, bottom, line=ERF_BOX, width=3), "name": "theory"}]
    if core is not None:
        (ct, cl), (cb, cr) = _clip(core, (h, w))
        core_shape = figures.rect("x", "y", cl, cr, ct, cb, line=ERF_BOX, width=2)
        core_shape["line"]["dash"] = "dash"
        shapes.append({**core_shape, "name": "core"})
    columns = grad.sum(axis=0)
    profile = columns / (columns.max() or 1.0)
    x = list(range(w))
    data = [
        heat,
        {"type": "scatter", "x": [left - 0.5, left - 0.5, right + 0.5, right + 0.5], "y": [0, 1, 1, 0],
         "xaxis": "x2", "yaxis": "y2", "mode": "lines", "line": {"color": ERF_BOX, "width": 2.5},
         "name": t("rf.erf_profile_box"), "hoverinfo": "skip"},
        {"type": "scatter", "x": x, "y": np.round(profile, 4).tolist(), "xaxis": "x2", "yaxis": "y2",
         "mode": "lines+markers" if w <= 48 else "lines", "line": {"color": "#2171b5", "width": 3},
         "marker": {"size": 6}, "name": t("rf.erf_profile_erf"),
         "hovertemplate": "col %{x}: %{y:.3f}<extra></extra>"},
    ]  # fmt: skip
    text = 17 if big else 13  # projector mode's CSS draws chart text at 17px: lay it out at that size
    axis = {"showgrid": False, "zeroline": False, "tickfont": {"size": text if big else 12}}
    profile_left = 0.72 if big else 0.66  # projector type makes the colour bar's labels wider
    layout = {
        "height": 540 if big else 460,
        # row numbers and the profile's edge inside the margins: a margin Plotly grows is a second layout
        # pass (a phone still grows the right one, for the profile's axis)
        "margin": {"t": 72 if big else 60, "b": 40, "l": figures.ROW_NUMBERS_PX, "r": 24},
        "plot_bgcolor": "#ffffff",
        "xaxis": {**axis, "domain": [0, 0.52], "range": [-0.5, w - 0.5], "side": "top", "scaleanchor": "y",
                  "constrain": "domain", **_ticks(0, w - 1, 400 / max(h, w))},
        "yaxis": {**axis, "domain": [0, 1], "range": [h - 0.5, -0.5], "constrain": "domain",
                  **_ticks(0, h - 1, 400 / max(h, w))},
        "xaxis2": {**axis, "domain": [profile_left, 1], "anchor": "y2", "range": [-0.5, w - 0.5],
                   "title": {"text": t("rf.erf_column"), "font": {"size": text}}},
        "yaxis2": {**axis, "domain": [0.1, 0.74 if big else 0.8], "anchor": "x2", "range": [0, 1.08], "showgrid": True,
                   "gridcolor": "#eeeeee"},
        "legend": {"x": (1 + profile_left) / 2, "xanchor": "center", "y": 0.76 if big else 0.82, "yanchor": "bottom", "orientation": "h",
                   "font": {"size": text}},
        "showlegend": True,
        "shapes": shapes,
        "annotations": [
            {"text": f"<b>{t('rf.erf_heat_title')}</b>", "x": 0.26, "y": 1, "xref": "paper", "yref": "paper",
             "xanchor": "center", "yanchor": "bottom", "yshift": 32 if big else 24, "showarrow": False,
             "font": {"size": text + 2}},
            {"text": f"<b>{t('rf.erf_profile_title')}</b>", "x": (1 + profile_left) / 2, "y": 0.9, "xref": "paper",
             "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
             "font": {"size": text + 2}},
        ],
    }  # fmt: skip
    return figures.RawFigure({"data": data, "layout": layout})
