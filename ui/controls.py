"""Widget blocks shared by the pages: input, kernel and hyper-parameter pickers.

Each picker draws its widgets, shows any problem right under them, and
returns parameters (never draws results). When what is typed is invalid the
last valid value is kept and used, and the typed text stays in its widget.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
import torch

from convcore import flip_kernel, presets
from ui import defaults, images, matrix, state
from ui.i18n import CATALOGUES, t

ANIMATION_SIDE = 32  # images are shown to the animation at most this many cells per side

INPUTS = (
    "d2l",
    "edge",
    "edge_t",
    "ramp",
    "checker",
    "impulse",
    "glyph",
    "scene",
    "rings",
    "random",
    "custom",
    "upload",
)
KERNELS = (
    "d2l_edge",
    "d2l_edge_t",
    "d2l_2x2",
    "identity",
    "box",
    "gaussian",
    "sharpen",
    "sobel_x",
    "sobel_y",
    "prewitt_x",
    "prewitt_y",
    "laplacian",
    "emboss",
    "outline",
    "random",
    "custom",
)
SIZED_KERNELS = ("identity", "box", "gaussian", "random", "custom")
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


@dataclass(frozen=True)
class Source:
    """The input a page works on: a small matrix to animate, and the full image if there is one."""

    matrix: torch.Tensor  # (H, W), what the animation and math panel use
    full: torch.Tensor | None = None  # (H, W) full-resolution greyscale for image sources
    rgb: torch.Tensor | None = None  # (3, H, W) for image sources


@dataclass(frozen=True)
class Kernel:
    weight: torch.Tensor  # (kh, kw), already rotated when ``flipped``
    original: torch.Tensor  # as picked, before any rotation
    bias: float
    flipped: bool


@dataclass(frozen=True)
class Hyper:
    padding: tuple[int, int]
    padding_mode: str
    stride: tuple[int, int]
    dilation: tuple[int, int]


def _problem(key: str, values: dict) -> None:
    st.error(t(key, **values), icon="⚠️")


def _remember(name: str, value):
    """Keep the last valid value under ``name``; return it."""
    st.session_state[f"_valid_{name}"] = value
    return value


def _last_valid(name: str, fallback):
    return st.session_state.get(f"_valid_{name}", fallback)


def whole_number(container, label: str, low: int, high: int, key: str, **options) -> int:
    """A whole-number input that refuses an out-of-range value in words, right under it.

    Streamlit's own bounds only turn a typed 9999 red and never send it, while the page silently keeps the
    old value. This input has no bounds in the browser: the server checks ``low .. high``, and when the
    value is outside (or the box is empty) it says so under the input, with the value it uses instead (the
    last one in range, which the link keeps too: ``state.publish`` falls back to ``state.in_use``).
    """
    # value=None lets the box be emptied (Streamlit's default, "min", puts a cleared box back to 0 in silence)
    value = container.number_input(label, None, None, None, step=1, key=key, **options)
    using = state.in_use(key, low)
    if value is None or not low <= value <= high:
        typed = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
        message = "input.out_of_range" if typed else "input.empty_number"
        container.error(t(message, label=label, value=typed, low=low, high=high, using=using), icon="⚠️")
        return using
    return state.use(key, int(value))


def linked_number(container, label: str, key: str, **options) -> int:
    """``whole_number`` over the range the link's parameter ``key`` declares (``state.integer``): one range
    for the link and the widget, and a typed value outside it refused in words under the box."""
    return whole_number(container, label, *state.bounds(key), key, **options)


def matrix_editor(key: str, initial: torch.Tensor) -> torch.Tensor | None:
    """An editable grid (st.data_editor) with a row/column count and a paste box.

    Returns the parsed matrix, or None after showing what is wrong.
    """
    base_key = f"{key}_base"
    defaults.seed(base_key, matrix.to_text(initial))
    with st.expander(t("matrix.paste"), expanded=False):
        pasted = st.text_area(
            t("matrix.paste_label"),
            value=st.session_state[base_key],
            key=f"{key}_paste",
            height=120,
            help=t("matrix.paste_help"),
        )
        if st.button(t("matrix.apply"), key=f"{key}_apply"):
            try:
                parsed = matrix.from_text(pasted)
            except matrix.MatrixError as error:
                _problem(error.key, error.values)
            else:
                st.session_state[base_key] = matrix.to_text(parsed)
                st.session_state.pop(f"{key}_grid", None)
                st.rerun()
    base = [line.split() for line in st.session_state[base_key].strip().splitlines()]
    base = [row for row in base if row]
    width = max(len(row) for row in base)
    frame = pd.DataFrame(
        [row + [""] * (width - len(row)) for row in base], columns=[str(c) for c in range(width)]
    )
    edited = st.data_editor(
        frame,
        key=f"{key}_grid",
        num_rows="dynamic",
        hide_index=False,
        column_config={c: st.column_config.TextColumn(c, width="small") for c in frame.columns},
    )
    try:
        typed = matrix.from_cells(edited.fillna("").astype(str).values.tolist())
    except matrix.MatrixError as error:
        _problem(error.key, error.values)
        return None
    st.session_state[f"{key}_current"] = matrix.to_text(typed)  # what a link to this view carries
    return typed


def input_params(key: str, default: str = "d2l") -> list[state.Param]:
    """The input picker's link parameters; their defaults are the widgets' defaults."""
    return [
        state.choice(f"{key}_preset", INPUTS, default),
        state.Param(f"{key}_char", "7", _one_character),
        state.integer(f"{key}_size", 6, 2, 32),
        state.integer(f"{key}_seed", 0, 0, 10**6),
        state.typed_matrix(f"{key}_custom", matrix.to_text(presets.d2l_matrix())),
    ]


def _one_character(text: str) -> str:
    if len(text) != 1 or not text.isprintable() or text.isspace():
        raise ValueError(text)
    return text


def input_picker(key: str = "in", default: str = "d2l") -> Source:
    """The input: a preset, a rendered character, a generated photo, random, typed, or uploaded."""
    defaults.seed_params(input_params(key, default))
    choice = st.selectbox(
        t("input.label"), INPUTS, key=f"{key}_preset", format_func=lambda n: t(f"input.{n}")
    )
    source = None
    if choice == "d2l":
        source = Source(presets.d2l_matrix())
    elif choice == "edge":
        source = Source(presets.edge_image())
    elif choice == "edge_t":
        source = Source(presets.edge_image().T.contiguous())
    elif choice == "ramp":
        source = Source(presets.ramp(5))
    elif choice == "checker":
        source = Source(presets.checkerboard(8, 2))
    elif choice == "impulse":
        source = Source(presets.impulse(7))
    elif choice == "glyph":
        character = st.text_input(t("input.glyph_char"), max_chars=1, key=f"{key}_char")
        try:
            if not character.strip():
                raise images.ImageError("input.glyph_empty")
            source = Source(images.glyph(character, 16))
        except images.ImageError as error:
            _problem(error.key, error.values)
    elif choice in ("scene", "rings"):
        rgb = presets.scene() if choice == "scene" else presets.rings()
        source = _image_source(rgb)
    elif choice == "random":
        left, right = st.columns(2)
        size = whole_number(left, t("input.size"), 2, 32, f"{key}_size")
        seed = whole_number(right, t("input.seed"), 0, 10**6, f"{key}_seed")
        source = Source(presets.random_integers((int(size), int(size)), seed=int(seed)))
    elif choice == "custom":
        typed = matrix_editor(f"{key}_custom", presets.d2l_matrix())
        source = None if typed is None else Source(typed)
    elif choice == "upload":
        source = _upload(key)
    if choice != "upload":
        st.session_state.pop(f"{key}_upload", None)  # the decoded upload goes with its (unrendered) widget
    if source is None:
        fallback = _last_valid(f"{key}_source", Source(presets.d2l_matrix()))
        st.caption(t("input.using_last"))
        return fallback
    return _remember(f"{key}_source", source)


def _image_source(rgb: torch.Tensor, note: bool = True) -> Source:
    full = presets.to_gray(rgb)
    source = Source(images.fit(full[None], ANIMATION_SIDE)[0], full=full, rgb=rgb)
    if note:
        _note_downscaled(source)
    return source


def _note_downscaled(source: Source) -> None:
    small, full = source.matrix, source.full
    if full is not None and small.shape != full.shape:
        st.caption(
            t("input.downscaled", h=full.shape[0], w=full.shape[1], sh=small.shape[0], sw=small.shape[1])
        )


def _upload(key: str) -> Source | None:
    upload = st.file_uploader(
        t("input.upload_label"),
        type=list(images.TYPES),
        key=f"{key}_file",
    )
    if upload is None:
        st.info(t("input.upload_hint"))
        return None
    # Decoded once per file: every later rerun (a stride changed, a cell clicked) used to decode and
    # convert the upload again, about 160 ms for a 1024x720 photo. While the upload is the input, the
    # cached source is the one the page remembers anyway (_remember); another input drops it.
    cached = st.session_state.get(f"{key}_upload")
    if cached is None or cached[0] != upload.file_id:
        try:
            picture = images.decode(upload.getvalue())
        except images.ImageError as error:
            _problem(error.key, error.values)
            return None
        cached = (upload.file_id, picture.notes, _image_source(picture.rgb, note=False))
        st.session_state[f"{key}_upload"] = cached
    _, notes, source = cached
    for note, values in notes:
        st.caption(t(note, **values))
    _note_downscaled(source)
    return source


def _size_inputs(key: str) -> tuple[int, int]:
    left, right = st.columns(2)
    rows = whole_number(left, t("kernel.rows"), 1, 7, f"{key}_rows")
    cols = whole_number(right, t("kernel.cols"), 1, 7, f"{key}_cols")
    return int(rows), int(cols)


def kernel_params(key: str, default: str = "d2l_2x2") -> list[state.Param]:
    """The kernel picker's link parameters."""
    return [
        state.choice(f"{key}_preset", KERNELS, default),
        state.integer(f"{key}_rows", 3, 1, 7),
        state.integer(f"{key}_cols", 3, 1, 7),
        state.integer(f"{key}_seed", 0, 0, 10**6),
        state.number(f"{key}_bias", 0.0, -1e6, 1e6),
        state.flag(f"{key}_flip", False),
        state.typed_matrix(f"{key}_custom", matrix.to_text(presets.kernel("sobel_x"))),
    ]


def kernel_picker(key: str = "k", default: str = "d2l_2x2") -> Kernel:
    """The kernel: a named filter, a sized one, random, or typed; a bias; and the 180-degree toggle."""
    defaults.seed_params(kernel_params(key, default))
    choice = st.selectbox(
        t("kernel.label"),
        KERNELS,
        key=f"{key}_preset",
        format_func=lambda n: t(f"kernel.{n}"),
    )
    weight = None
    if choice == "custom":
        weight = matrix_editor(f"{key}_custom", presets.kernel("sobel_x"))
        if weight is not None and max(weight.shape) > 7:
            _problem("kernel.too_big", {"rows": weight.shape[0], "cols": weight.shape[1]})
            weight = None
    elif choice in SIZED_KERNELS:
        shape = _size_inputs(key)
        seed = 0
        if choice == "random":
            seed = whole_number(st, t("input.seed"), 0, 10**6, f"{key}_seed")
        weight = presets.kernel(choice, shape, seed)
    else:
        weight = presets.kernel(choice)
    if weight is None:
        weight = _last_valid(f"{key}_weight", presets.kernel(default))
        st.caption(t("input.using_last"))
    else:
        _remember(f"{key}_weight", weight)
    bias = st.number_input(t("kernel.bias"), -1e6, 1e6, step=0.5, key=f"{key}_bias")
    flipped = st.toggle(t("kernel.flip"), key=f"{key}_flip", help=t("kernel.flip_help"))
    rotated = flip_kernel(weight) if flipped else weight
    return Kernel(weight=rotated, original=weight, bias=float(bias), flipped=flipped)


HYPER = (("padding", 0, 0), ("stride", 0, 1), ("dilation", 0, 1))  # name, smallest accepted, default


def hyper_params(key: str) -> list[state.Param]:
    """The hyper-parameter picker's link parameters (0 stride or dilation is refused at the control)."""
    params = [state.choice(f"{key}_mode", PADDING_MODES, "zeros")]
    for name, low, default in HYPER:
        params += [state.integer(f"{key}_{name}_{axis}", default, low, 16) for axis in ("h", "w")]
    return params


def hyper_picker(key: str = "hp") -> Hyper:
    """Padding and its mode, stride and dilation, each as (rows, columns)."""
    defaults.seed_params(hyper_params(key))
    values = {}
    for name, low, _ in HYPER:
        left, right = st.columns(2)
        values[name] = (
            whole_number(left, t(f"hyper.{name}_h"), low, 16, f"{key}_{name}_h"),
            whole_number(right, t(f"hyper.{name}_w"), low, 16, f"{key}_{name}_w"),
        )
        if name == "padding":
            mode = st.selectbox(
                t("hyper.mode"), PADDING_MODES, key=f"{key}_mode", format_func=lambda m: t(f"hyper.mode_{m}")
            )
        elif min(values[name]) < 1:
            _problem(f"hyper.{name}_zero", {})
            values[name] = tuple(max(1, v) for v in values[name])
    return Hyper(values["padding"], mode, values["stride"], values["dilation"])


def lazy_tabs(key: str, names: list[str]) -> list:
    """Tabs whose ``.open`` says which one to build: only the open tab's content is computed and drawn.

    ``names`` are string keys. The open tab is the widget's value, a label in the session's language; after
    a language switch it is translated, so the same tab stays open.
    """
    labels = [t(name) for name in names]
    current = st.session_state.get(key)
    if current is not None and current not in labels:
        for name, label in zip(names, labels):
            if any(catalogue.get(name) == current for catalogue in CATALOGUES.values()):
                st.session_state[key] = label
    return st.tabs(labels, key=key, on_change="rerun")


def minmax(values: np.ndarray) -> str:
    return t(
        "result.shape_range",
        h=values.shape[0],
        w=values.shape[1],
        lo=float(values.min()),
        hi=float(values.max()),
    )
