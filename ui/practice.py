"""Practice mode, in one place: a set of questions from convcore, answered and checked in the grid component.

The link carries ``?practice=cell|size|field&practice_seed=N&practice_level=1|2|3``: a teacher sends one
link and every student gets the same set (``convcore.practice_set`` is seeded). The component receives
the whole set at once, so typing and checking never wait for a rerun, but no answer in the clear: each
answer is the text a cell prints (``ui.grid.fmt``), sent as a salted FNV-1a-64 hash of ``salt|text`` with
the number of decimal places it prints. The browser rounds the typed number to those places
(``toFixed``; an integer answer takes integers only), hashes it the same way and compares. The salt is
drawn per session and set. Once the student commits an answer, the component tells the server (one
fragment rerun), which records it in the session (the score) and sends that question's reveal: the right
value and the arithmetic that makes it, or the size formula worked with the question's numbers.

The hash keeps the answers out of the page, not out of reach: anyone may still try numbers in the box.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import numpy as np
import streamlit as st

import convcore
from convcore.practice import PracticeSet, Question, Setting
from ui import controls as widgets
from ui import equations, grid, projector, state
from ui.i18n import t

KINDS = ("cell", "size", "field")
MASK = (1 << 64) - 1


def fnv1a64(text: str) -> str:
    """FNV-1a, 64 bits, of the UTF-8 bytes of ``text``, as 16 hex digits (grid.js has the same function)."""
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) & MASK
    return f"{value:016x}"


def printed(value: float) -> tuple[str, int]:
    """The text a cell prints for ``value`` and its number of decimal places."""
    text = grid.fmt(float(value))
    return text, len(text.split(".")[1]) if "." in text else 0


def params() -> list[state.Param]:
    """The link's practice parameters, for a page's PARAMS."""
    return [
        state.choice("practice", ("off", *KINDS), "off"),
        state.integer("practice_seed", 0, 0, 999_999),
        state.choice("practice_level", ("1", "2", "3"), "1"),
    ]


def _seed() -> int:
    """The set's seed: the box's value when it is in range, else the last one accepted (the box says why)."""
    low, high = state.bounds("practice_seed")
    value = st.session_state.get("practice_seed")
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and low <= value <= high
        and value == int(value)
    ):
        return int(value)
    return int(state.in_use("practice_seed", low))


def _set_key(page: str, kind: str, op: str) -> str:
    seed, level = _seed(), st.session_state.get("practice_level", "1")
    return f"{page}|{kind}|{op}|{seed}|{level}"


def _record(page: str, kind: str, op: str) -> dict:
    """This session's progress on the set the controls name: its salt and the answers given so far."""
    sets = st.session_state.setdefault("_practice", {})
    return sets.setdefault(_set_key(page, kind, op), {"salt": secrets.token_hex(8), "answered": {}})


def _restart(page: str, kind: str, op: str) -> None:
    st.session_state.setdefault("_practice", {})[_set_key(page, kind, op)] = {
        "salt": secrets.token_hex(8),
        "answered": {},
    }


def _reseed() -> None:
    st.session_state["practice_seed"] = secrets.randbelow(1_000_000)


def controls(page: str, kinds: tuple[str, ...]) -> str | None:
    """The practice picker (off or one of ``kinds``), and when on the level, seed, restart and reseed.
    Returns the kind on, or None."""
    if st.session_state.get("practice") not in ("off", *kinds):  # deselected, or a kind this page lacks
        st.session_state["practice"] = "off"
    options = ("off", *kinds)
    # in the sidebar, beside projector mode (a mode of the whole page): above the page it pushed the grid
    # off a projector's and a phone's first screen
    with st.sidebar:
        kind = st.segmented_control(
            t("practice.mode"),
            options,
            key="practice",
            format_func=lambda name: t(f"practice.kind_{name}"),
            help=t("practice.help"),
        )
    return None if kind in (None, "off") else kind


def settings_row(page: str, kind: str, op: str) -> None:
    """Level, seed, restart and reseed under the practice grid."""
    if st.session_state.get("practice_level") is None:  # deselected on the last run
        st.session_state["practice_level"] = "1"
    st.segmented_control(
        t("practice.level"),
        ("1", "2", "3"),
        key="practice_level",
        format_func=lambda level: t(f"practice.level_{level}"),
    )
    seed_col, restart_col, reseed_col = st.columns([2, 1, 1], vertical_alignment="bottom")
    with seed_col:
        widgets.linked_number(st, t("practice.seed"), "practice_seed")
    with restart_col:
        st.button(t("practice.restart"), key="practice_restart", on_click=_restart, args=(page, kind, op))
    with reseed_col:
        st.button(t("practice.reseed"), key="practice_reseed", on_click=_reseed)


def current_set(kind: str, op: str) -> PracticeSet:
    level = int(st.session_state.get("practice_level") or "1")
    return convcore.practice_set(kind, _seed(), level, op)


# ---- the payload ---------------------------------------------------------------------------------------


def _blank(title: str, rows: int, cols: int, row_base: int = 0, col_base: int = 0, roles: str | None = None):
    spec = grid.grid_spec(title, np.zeros((rows, cols)), roles)
    spec["values"] = [""] * (rows * cols)
    spec["tones"] = "~" * (rows * cols)
    spec["rowBase"], spec["colBase"] = row_base, col_base
    return spec


def _hashes(salt: str, answer: tuple[float, ...]) -> tuple[list[str], list[int]]:
    texts = [printed(value) for value in answer]
    return [fnv1a64(f"{salt}|{text}") for text, _ in texts], [places for _, places in texts]


def _cell_setting(setting: Setting) -> dict:
    """What the component draws for one walk before any answer: the input and kernel with their values, the
    output with every cell hidden, and the window map."""
    walk = setting.walk()
    if setting.op == "transposed":
        h_out, w_out = walk.shape
        return {
            "grids": [
                {**grid.grid_spec(t("tr.input_title"), walk.input.numpy()), "name": "input"},
                {**grid.grid_spec(t("window.kernel"), walk.kernel.numpy()), "name": "kernel", "small": True},
                {**_blank(t("tr.output_title"), h_out, w_out), "name": "output"},
            ],
            "output": "output",
        }
    top, left = walk.offset
    h_out, w_out = walk.shape
    input_spec = grid.grid_spec(t("grid.input"), walk.padded.numpy(), grid.roles(walk))
    input_spec.update(name="input", rowBase=-top, colBase=-left)
    grids = [input_spec]
    if setting.op == "conv":
        grids.append(
            {**grid.grid_spec(t("window.kernel"), walk.kernel.numpy()), "name": "kernel", "small": True}
        )
    grids.append({**_blank(t("anim.output_title"), h_out, w_out), "name": "output"})
    return {"grids": grids, "output": "output"}


def _cell_question(q: Question, setting: Setting, walk) -> dict:
    i, j = q.cell
    if setting.op == "transposed":
        r, c = q.target
        rows, cols = [int(v) for v in walk.rows[i]], [int(v) for v in walk.cols[j]]
        h_out, w_out = walk.shape
        writes = [
            ["output", rr, cc, "write"] for rr in rows for cc in cols if 0 <= rr < h_out and 0 <= cc < w_out
        ]
        x = grid.fmt(float(walk.input[i, j]))
        return {
            "ask": ["output", r, c],
            "lit": [["input", i, j, "input"], *writes],
            "box": [["input", i, j, i, j], ["output", r, c, r, c]],
            "prompt": t("practice.ask_transposed", i=i, j=j, x=x, r=r, c=c),
            "labels": [f"Y[{r}, {c}]"],
        }
    rows, cols = [int(v) for v in walk.rows[i]], [int(v) for v in walk.cols[j]]
    lit = [["input", rr, cc, "window"] for rr in rows for cc in cols]
    prompt = {"conv": "practice.ask_cell", "max": "practice.ask_max", "avg": "practice.ask_avg"}[setting.op]
    return {
        "ask": ["output", i, j],
        "lit": lit,
        "box": [["input", min(rows), min(cols), max(rows), max(cols)], ["output", i, j, i, j]],
        "weights": ["input", rows, cols] if setting.op == "conv" else None,
        "prompt": t(prompt, i=i, j=j),
        "labels": [f"Y[{i}, {j}]"],
    }


def _cell_reveal(q: Question, setting: Setting, walk) -> dict:
    """The right value of a cell question and the arithmetic that makes it (the arithmetic panel's lines)."""
    value, _ = printed(q.answer[0])
    i, j = q.cell
    if setting.op == "transposed":
        r, c = q.target
        terms = [(ii, jj, a, b) for ii, jj, a, b in walk.contributions(r, c) if ii * walk.input.shape[1] + jj
                 <= i * walk.input.shape[1] + j]  # fmt: skip
        lines = [
            f"X[{ii}, {jj}] × K[{a}, {b}] = {equations.paren(grid.fmt(float(walk.input[ii, jj])))}×"
            f"{equations.paren(grid.fmt(float(walk.kernel[a, b])))} = {grid.fmt(float(walk.products[ii, jj, a, b]))}"
            for ii, jj, a, b in terms
        ]
        sums = " + ".join(
            equations.paren(grid.fmt(float(walk.products[ii, jj, a, b]))) for ii, jj, a, b in terms
        )
        lines.append(f"Y[{r}, {c}] = {sums} = {value}")
        return {"value": value, "lines": lines}
    step = walk.cell(i, j)
    window = [grid.fmt(float(v)) for v in step.window.reshape(-1)]
    label, more = equations.cell_label(i, j), t("grid.more_terms")
    if setting.op == "conv":  # the page's own arithmetic line (ui.equations), the products as a grid
        weights = [grid.fmt(float(v)) for v in walk.kernel.reshape(-1)]
        products = [grid.fmt(float(v)) for v in walk.products[i, j].reshape(-1)]
        kh, kw = walk.kernel.shape
        return {
            "value": value,
            "lines": [equations.products(label, window, weights, more, value)],
            "products": {"rows": int(kh), "cols": int(kw), "values": products},
        }
    shown = [v for v in window if v != "−∞"]
    if setting.op == "max":
        return {"value": value, "lines": [equations.maximum(label, shown, more, value)]}
    divisor = str(int(walk.divisors[i, j]))
    return {"value": value, "lines": [equations.average(label, shown, more, divisor, value)]}


def _describe(setting: Setting) -> list[str]:
    """The setting of a size question in words: what the student computes from."""

    def pair(values) -> str:
        return f"{values[0]}×{values[1]}" if values[0] != values[1] else str(values[0])

    n = f"{setting.input_size[0]}×{setting.input_size[1]}"
    k = f"{setting.kernel_size[0]}×{setting.kernel_size[1]}"
    op = {"conv": "practice.op_conv", "max": "practice.op_pool", "avg": "practice.op_pool",
          "transposed": "practice.op_transposed"}[setting.op]  # fmt: skip
    parts = [t(op), t("practice.with", n=n, k=k, p=pair(setting.padding), s=pair(setting.stride),
                      d=pair(setting.dilation))]  # fmt: skip
    if setting.op == "transposed":
        parts.append(t("practice.with_output_padding", o=pair(setting.output_padding)))
    if setting.padding_mode != "zeros" and setting.padding != (0, 0):
        parts.append(t("practice.with_mode", mode=setting.padding_mode))
    return parts


def _size_lines(setting: Setting, typed: list[str]) -> list[str]:
    """The formula with the question's numbers, step by step, and where a typed answer parts from it."""
    lines = []
    for axis, name in ((0, "H"), (1, "W")):
        s = setting.size_steps(axis)
        if setting.op == "transposed":
            lines.append(f"{name}_out = ({s['n']} − 1)·{s['s']} − 2·{s['p']} + {s['d']}·({s['k']} − 1) + {s['o']} + 1"
                         f" = {s['scaled']} − {2 * s['p']} + {s['span']} + {s['o']} + 1 = {s['out']}")  # fmt: skip
        else:
            lines.append(f"{name}_out = ⌊({s['n']} + 2·{s['p']} − {s['d']}·({s['k']} − 1) − 1) / {s['s']}⌋ + 1"
                         f" = ⌊{s['numerator']} / {s['s']}⌋ + 1 = {s['quotient']} + 1 = {s['out']}")  # fmt: skip
        text = typed[axis] if axis < len(typed) else ""
        try:
            number = float(text)
        except ValueError:
            continue
        if number == s["out"]:
            continue
        slip = next((slip for slip, value in s["slips"].items() if value == number), None)
        if slip is not None:
            lines.append(t(f"practice.slip_{slip}", axis=name, typed=text, out=s["out"]))
        else:
            lines.append(t("practice.slip_other", axis=name, typed=text, out=s["out"]))
    return lines


def _field_setting(setting: Setting, q: Question) -> dict:
    h, w = setting.input_size
    h_out, w_out = setting.output_shape()
    last = _blank(t("practice.last_map", h=h_out, w=w_out), h_out, w_out)
    # the input with the stack's padding around it, as far as any cell's box reaches (the first and the last
    # cell's boxes): the same frame whichever cell is asked
    (top, left), _ = _field_region(setting, 0, 0)
    _, (bottom, right) = _field_region(setting, h_out - 1, w_out - 1)
    top, left = min(0, top), min(0, left)
    bottom, right = max(h - 1, bottom), max(w - 1, right)
    roles = "".join("0" if 0 <= r < h and 0 <= c < w else "2" for r in range(top, bottom + 1)
                    for c in range(left, right + 1))  # fmt: skip
    source = _blank(t("practice.input_map", h=h, w=w), bottom - top + 1, right - left + 1, top, left, roles)
    return {
        "grids": [
            {**source, "name": "input"},
            {**last, "name": "output"},
        ],
        "output": "output",
        "lines": [_layer_line(index, layer) for index, layer in enumerate(setting.layers, start=1)],
    }


def _layer_line(index: int, layer: dict) -> str:
    words = [f"{index}. {layer['kind']}", f"kernel_size={layer['kernel_size']}"]
    words += [f"{key}={layer[key]}" for key in ("stride", "padding", "dilation") if key in layer]
    return " ".join(words)


def payload(practice: PracticeSet, record: dict, page: str) -> dict:
    """The whole set for the component: what each setting draws, each question with its answer hashed, the
    reveals of the questions answered, the score."""
    salt = record["salt"]
    answered = record["answered"]
    settings, questions, reveals = [], [], {}
    walks = {}
    for index, setting in enumerate(practice.settings):
        if practice.kind == "cell":
            walks[index] = setting.walk()
            settings.append(_cell_setting(setting))
        elif practice.kind == "size":
            settings.append({"grids": [], "lines": _describe(setting)})
        else:
            settings.append(None)  # filled with the first question of the setting below
    for q in practice.questions:
        setting = practice.settings[q.setting]
        hashes, places = _hashes(salt, q.answer)
        if practice.kind == "cell":
            item = _cell_question(q, setting, walks[q.setting])
        elif practice.kind == "size":
            item = {"prompt": t("practice.ask_size"), "labels": ["H_out", "W_out"]}
        else:
            settings[q.setting] = _field_setting(setting, q)
            i, j = q.cell
            item = {"prompt": t("practice.ask_field", i=i, j=j), "labels": [t("practice.field_h"),
                    t("practice.field_w")], "ask": ["output", i, j], "lit": [["output", i, j, "output"]],
                    "box": [["output", i, j, i, j]]}  # fmt: skip
        item.update(setting=q.setting, hashes=hashes, places=places)
        questions.append(item)
        given = answered.get(str(q.number))
        if given is None:
            continue
        if practice.kind == "cell":
            reveal = _cell_reveal(q, setting, walks[q.setting])
        elif practice.kind == "size":
            h_out, w_out = (int(v) for v in q.answer)
            out = _blank(t("practice.output_shape", h=h_out, w=w_out), h_out, w_out)
            reveal = {"value": f"{h_out} × {w_out}", "lines": _size_lines(setting, given["typed"]),
                      "grid": {**out, "name": "output"}}  # fmt: skip
        else:
            (top, left), (bottom, right) = _field_box(setting, q)
            size = f"{int(q.answer[0])} × {int(q.answer[1])}"
            reveal = {"value": size, "lines": [t("practice.field_box", top=top, left=left, bottom=bottom,
                                                 right=right, size=size)],
                      "box": ["input", top, left, bottom, right]}  # fmt: skip
        reveal["correct"] = bool(given["correct"])
        reveals[str(q.number)] = reveal
    right, streak = score(practice, answered)
    return {
        "kind": "practice",
        "mode": practice.kind,
        "set": f"{page}|{practice.kind}|{practice.op}|{practice.seed}|{practice.level}|{salt}",
        "salt": salt,
        "settings": settings,
        "questions": questions,
        "reveals": reveals,
        "answered": {
            key: {"text": value["text"], "correct": value["correct"]} for key, value in answered.items()
        },
        "score": {"right": right, "asked": len(answered), "streak": streak},
        "projector": projector.on(),
        "text": {
            "check": t("practice.check"),
            "next": t("practice.next"),
            "products": t("practice.products"),
            "not_number": t("practice.not_number"),
            "right": t("practice.right"),
            "wrong": t("practice.wrong"),
            "score": t("practice.score", right="{right}", asked="{asked}", streak="{streak}"),
            "done": t("practice.done", right="{right}", total="{total}"),
            "typed": t("practice.typed"),
            "question": t("practice.question", k="{k}", n="{n}"),
        },
    }


def _field_region(setting: Setting, i: int, j: int):
    return convcore.trace_cell(list(setting.layers), setting.input_size, i, j)[0].box


def _field_box(setting: Setting, q: Question):
    return _field_region(setting, *q.cell)


def score(practice: PracticeSet, answered: dict) -> tuple[int, int]:
    """(right, the current run of right answers)."""
    results = [answered[str(q.number)]["correct"] for q in practice.questions if str(q.number) in answered]
    streak = 0
    for correct in reversed(results):
        if not correct:
            break
        streak += 1
    return sum(results), streak


def _commit(component: str, practice: Callable[[], PracticeSet], record: Callable[[], dict]) -> None:
    """The component committed an answer: check it again here (the printed text against the browser's rounded
    text) and record it in the session."""
    value = st.session_state.get(component)
    answer = value.get("answer") if hasattr(value, "get") else None
    if not isinstance(answer, dict):
        return
    number, texts, typed = answer.get("q"), answer.get("texts"), answer.get("typed")
    chosen = practice()
    if type(number) is not int or not 0 <= number < len(chosen.questions):
        return
    if not isinstance(texts, list) or not all(isinstance(text, str) and len(text) < 40 for text in texts):
        return
    if not isinstance(typed, list) or not all(isinstance(text, str) and len(text) < 80 for text in typed):
        return
    q = chosen.questions[number]
    expected = [printed(value)[0] for value in q.answer]
    progress = record()
    if str(number) in progress["answered"]:
        return
    progress["answered"][str(number)] = {"text": texts, "typed": typed, "correct": texts == expected}


def show(page: str, kind: str, op: str, params: list[state.Param]) -> None:
    """The practice set of ``kind`` on ``page`` (``op``: the walk it asks about), as a fragment (an answer
    reruns only this part), then the page's link; the page stops here (its own controls do not apply)."""
    _fragment(page, kind, op, params)
    state.publish(params)
    st.session_state["_page_published"] = False
    st.stop()


@st.fragment
def _fragment(page: str, kind: str, op: str, params: list[state.Param]) -> None:
    try:
        chosen = current_set(kind, op)
    except ValueError as error:  # a link's seed or level convcore refuses
        from ui.i18n import error_text

        st.error(error_text(error))
        return
    record = _record(page, kind, op)
    key = f"{page}_practice"
    data = payload(chosen, record, page)
    grid.COMPONENT(
        key=key,
        data=data,
        on_answer_change=lambda: _commit(key, lambda: current_set(kind, op), lambda: _record(page, kind, op)),
        on_cell_change=lambda: None,
        width="stretch",
    )
    settings_row(page, kind, op)
    state.publish(params)  # a fragment run does not reach the page's own publish
