"""The bad-input catalogue: one table of hostile or impossible inputs on every page, one test.

Each case sets a bad value the way a person can (a widget, a typed matrix, a data-editor edit, an
upload, or a hand-edited link) and checks five things: the expected message is shown (looked up in
the string catalogue, in the case's language), beside the control that caused it; there is no
exception element; the page still draws its other elements; the other inputs keep their values
(and the bad one keeps what was typed); and a valid change afterwards clears the message.

Messages are compared through the catalogues (``ui.strings_en`` / ``ui.strings_zh``). Parts of a
message that depend on the run (a loss value, convcore's reason for a layer) are ``ANY``: the text
around them must appear in order. The receptive-field editor is an ``st.data_editor``; AppTest
cannot type into one, so its rows are edited through its state the way a browser does
(tests/test_rf_page.py does the same).
"""

from __future__ import annotations

import io
import string
import struct
import zlib
from dataclasses import dataclass, field

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Column

from tests.apptest import APP, TIMEOUT
from ui import i18n, images
from ui.i18n import CATALOGUES
from ui.pages.receptive_field import editor

ANY = object()  # a value the message is not checked on


# --- files for the uploaders ---------------------------------------------------------------------------------


def _png(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def truncated_png() -> bytes:
    data = _png(np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8))
    return data[: len(data) // 2]


def bomb_png(width: int = 5_000, height: int = 5_000) -> bytes:
    """A valid PNG header claiming width x height (more than the pixel cap) over a tiny body."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1) * 4))
        + chunk(b"IEND", b"")
    )


NOT_AN_IMAGE = b"#!/bin/sh\nrm -rf / # a shell script renamed .png\n"
OVERSIZED = b"\x89PNG\r\n\x1a\n" + b"\x00" * images.MAX_BYTES  # one header over the byte cap


# --- the table -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input.

    ``bad`` and ``setup``/``fix`` are actions: (verb, key, value). ``message`` is a list of parts that
    must all appear in one element of kind ``kind``: (catalogue key, values) or a plain string (text
    the catalogue does not hold: convcore's reason for a bad layer). ``control`` is the widget the
    message must sit beside: ``near="column"`` means inside a column (or expander) holding the
    control, ``"controls"`` inside the row of controls, ``"top"`` (tampered links) the notice under
    the title, before any control; ``None`` skips the check (a result, not an input, is bad).
    ``keep`` maps widget keys to the values they must still have; ``renders`` names widgets or charts
    that must still be drawn; ``fix`` is a valid change that must clear the message.
    """

    id: str
    page: str
    bad: tuple
    message: list
    control: str | None = None
    near: str | None = "column"
    kind: str = "error"
    setup: tuple = ()
    link: dict = field(default_factory=dict)
    keep: dict = field(default_factory=dict)
    renders: tuple = ()
    fix: tuple = ()
    after: tuple = ()  # drawn again once fixed
    lang: str = "en"


def m(key: str, **values) -> tuple[str, dict]:
    return key, values


def span(axis, k, d, n, p):
    padded = n + 2 * p
    key = "error.window_too_big" if d > 1 else "error.window_too_big_undilated"  # dilation 1: none to lower
    return m(key, axis=m(f"error.axis.{axis}"), k=k, d=d, span=d * (k - 1) + 1, n=n, p=p,
             padded=padded, largest=(padded - 1) // d + 1)  # fmt: skip


def ignored(*params: str):
    return [m("state.ignored", params=", ".join(params))]


def rf_rows(edited=None, added=None, deleted=None) -> dict:
    return {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}


CUSTOM_IN = (("select", "ex_in_preset", "custom"),)
EXPLORER_KEEP = (("number", "ex_k_bias", 0.5), ("number", "ex_hp_padding_w", 1))  # set first, kept after
KEPT = {"ex_k_bias": 0.5, "ex_hp_padding_w": 1}
TYPED_OK = (("area", "ex_in_custom_paste", "1 2\n3 4"), ("click", "ex_in_custom_apply", None))
KERNEL_OK = (("area", "ex_k_custom_paste", "1 0\n0 1"), ("click", "ex_k_custom_apply", None))
MULTI_KEEP = (("number", "ch_out", 2), ("number", "ch_b0", 1.5))
MULTI_KEPT = {"ch_out": 2, "ch_b0": 1.5}
ONE_BY_ONE = (("segment", "ch_section", "one_by_one"),)
POOLING = (("segment", "ch_section", "pooling"), ("radio", "pl_mode", "avg"), ("toggle", "pl_ceil", False))
RF_KEEP = (("select", "rf_preset", "three_3x3"), ("number", "rf_w", 12))
RF_KEPT = {"rf_preset": "three_3x3", "rf_h": 9, "rf_w": 12}
RF_FIX = (("rf_edit", None, rf_rows()),)
LEARN_KEEP = (("number", "ln_seed", 3), ("number", "ln_steps", 20))
LEARN_KEPT = {"ln_seed": 3, "ln_steps": 20}

CASES = [
    # --- explorer: typed matrices ----------------------------------------------------------------------------
    Case("explorer-empty-cell", "explorer", CUSTOM_IN + (("grid", "ex_in_custom_grid", rf_rows({0: {"1": ""}})),),
         [m("matrix.empty_cell", row=0, col=1)], "ex_in_custom_grid", setup=EXPLORER_KEEP, keep=KEPT,
         renders=("ex_anim", "ex_in_custom_grid"), fix=(("grid", "ex_in_custom_grid", rf_rows({0: {"1": "7"}})),),
         after=("ex_anim",)),
    Case("explorer-deleted-rows", "explorer", CUSTOM_IN + (("grid", "ex_in_custom_grid", rf_rows(deleted=[0, 1, 2])),),
         [m("matrix.no_rows")], "ex_in_custom_grid", setup=EXPLORER_KEEP, keep=KEPT, renders=("ex_anim",),
         fix=(("grid", "ex_in_custom_grid", rf_rows()),), after=("ex_anim",)),
    Case("explorer-ragged", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", "1 2 3\n4 5"),
                                                     ("click", "ex_in_custom_apply", None)),
         [m("matrix.ragged", row=1, got=2, expected=3)], "ex_in_custom_paste", setup=EXPLORER_KEEP,
         keep={**KEPT, "ex_in_custom_paste": "1 2 3\n4 5"}, renders=("ex_anim",), fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-not-a-number", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", "1 2\n3 x=1"),
                                                           ("click", "ex_in_custom_apply", None)),
         [m("matrix.not_a_number", row=1, col=1, text="x=1")], "ex_in_custom_paste", setup=EXPLORER_KEEP,
         keep={**KEPT, "ex_in_custom_paste": "1 2\n3 x=1"}, renders=("ex_anim",), fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-code-is-not-run", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", "__import__('os')"),
                                                              ("click", "ex_in_custom_apply", None)),
         [m("matrix.not_a_number", row=0, col=0, text="__import__('os')")], "ex_in_custom_paste",
         setup=EXPLORER_KEEP, keep=KEPT, renders=("ex_anim",), fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-nan", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", "NaN 1\n2 3"),
                                                  ("click", "ex_in_custom_apply", None)),
         [m("matrix.not_finite", row=0, col=0, text="NaN")], "ex_in_custom_paste", setup=EXPLORER_KEEP,
         keep=KEPT, renders=("ex_anim",), fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-inf", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", "1 -inf"),
                                                  ("click", "ex_in_custom_apply", None)),
         [m("matrix.not_finite", row=0, col=1, text="-inf")], "ex_in_custom_paste", setup=EXPLORER_KEEP,
         keep=KEPT, renders=("ex_anim",), fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-huge", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", "1 2\n3 1e400"),
                                                   ("click", "ex_in_custom_apply", None)),
         [m("matrix.too_large", row=1, col=1, text="1e400", limit="1e+06")], "ex_in_custom_paste",
         setup=EXPLORER_KEEP, keep=KEPT, renders=("ex_anim",), fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-too-many-columns", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", "1 " * 65),
                                                               ("click", "ex_in_custom_apply", None)),
         [m("matrix.too_big", rows=1, cols=65, limit=64)], "ex_in_custom_paste", setup=EXPLORER_KEEP,
         keep=KEPT, renders=("ex_anim",), fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-empty-paste", "explorer", CUSTOM_IN + (("area", "ex_in_custom_paste", " \n "),
                                                          ("click", "ex_in_custom_apply", None)),
         [m("matrix.no_rows")], "ex_in_custom_paste", setup=EXPLORER_KEEP, keep=KEPT, renders=("ex_anim",),
         fix=TYPED_OK, after=("ex_anim",)),
    Case("explorer-kernel-8x8", "explorer", (("select", "ex_k_preset", "custom"),
                                             ("area", "ex_k_custom_paste", "\n".join(["1 " * 8] * 8)),
                                             ("click", "ex_k_custom_apply", None)),
         [m("kernel.too_big", rows=8, cols=8)], "ex_k_custom_grid", setup=EXPLORER_KEEP, keep=KEPT,
         renders=("ex_anim",), fix=KERNEL_OK, after=("ex_anim",)),
    Case("explorer-kernel-nan", "explorer", (("select", "ex_k_preset", "custom"),
                                             ("area", "ex_k_custom_paste", "nan 1"), ("click", "ex_k_custom_apply", None)),
         [m("matrix.not_finite", row=0, col=0, text="nan")], "ex_k_custom_paste", setup=EXPLORER_KEEP,
         keep=KEPT, renders=("ex_anim",), fix=KERNEL_OK, after=("ex_anim",)),
    # --- explorer: shapes and hyper-parameters ---------------------------------------------------------------
    Case("explorer-kernel-larger-than-input", "explorer", (("select", "ex_k_preset", "box"), ("number", "ex_k_rows", 5)),
         [m("explorer.no_output", reason=span("height", 5, 1, 3, 0))], "ex_k_rows", near="controls",
         setup=(("number", "ex_k_bias", 0.5),), keep={"ex_k_bias": 0.5, "ex_k_rows": 5},
         renders=("ex_hp_padding_h", "ex_in_preset"), fix=(("number", "ex_hp_padding_h", 1),), after=("ex_anim",)),
    Case("explorer-kernel-larger-zh", "explorer", (("select", "ex_k_preset", "box"), ("number", "ex_k_rows", 5)),
         [m("explorer.no_output", reason=span("height", 5, 1, 3, 0))], "ex_k_rows", near="controls",
         link={"lang": "zh"}, keep={"ex_k_rows": 5}, renders=("ex_hp_padding_h",),
         fix=(("number", "ex_k_rows", 3),), after=("ex_anim",), lang="zh"),
    # a typed value out of range: Streamlit's bounds only turned it red; now it is refused in words
    Case("explorer-padding-9999", "explorer", (("number", "ex_hp_padding_h", 9999),),
         [m("input.out_of_range", label=m("hyper.padding_h"), value="9999", low=0, high=16, using=0)],
         "ex_hp_padding_h", setup=EXPLORER_KEEP, keep={**KEPT, "ex_hp_padding_h": 9999}, renders=("ex_anim",),
         fix=(("number", "ex_hp_padding_h", 1),), after=("ex_anim",)),
    Case("explorer-stride-99-zh", "explorer", (("number", "ex_hp_stride_w", 99),),
         [m("input.out_of_range", label=m("hyper.stride_w"), value="99", low=0, high=16, using=1)],
         "ex_hp_stride_w", link={"lang": "zh"}, keep={"ex_hp_stride_w": 99}, renders=("ex_anim",),
         fix=(("number", "ex_hp_stride_w", 2),), after=("ex_anim",), lang="zh"),
    Case("explorer-size-negative", "explorer", (("select", "ex_in_preset", "random"), ("number", "ex_in_size", -3)),
         [m("input.out_of_range", label=m("input.size"), value="-3", low=2, high=32, using=6)],
         "ex_in_size", keep={"ex_in_preset": "random", "ex_in_size": -3}, renders=("ex_anim",),
         fix=(("number", "ex_in_size", 8),), after=("ex_anim",)),
    Case("pooling-window-too-big", "channels", (("number", "pl_kh", 12),),
         [m("input.out_of_range", label=m("ch.pool_h"), value="12", low=1, high=8, using=2)], "pl_kh",
         setup=POOLING, keep={"pl_mode": "avg", "pl_kh": 12}, renders=("pl_anim",),
         fix=(("number", "pl_kh", 3),), after=("pl_anim",)),
    Case("explorer-stride-zero", "explorer", (("number", "ex_hp_stride_h", 0),), [m("hyper.stride_zero")],
         "ex_hp_stride_h", setup=EXPLORER_KEEP, keep={**KEPT, "ex_hp_stride_h": 0}, renders=("ex_anim",),
         fix=(("number", "ex_hp_stride_h", 2),), after=("ex_anim",)),
    Case("explorer-stride-zero-zh", "explorer", (("number", "ex_hp_stride_w", 0),), [m("hyper.stride_zero")],
         "ex_hp_stride_w", link={"lang": "zh"}, keep={"ex_hp_stride_w": 0}, renders=("ex_anim",),
         fix=(("number", "ex_hp_stride_w", 1),), after=("ex_anim",), lang="zh"),
    Case("explorer-dilation-zero", "explorer", (("number", "ex_hp_dilation_h", 0),), [m("hyper.dilation_zero")],
         "ex_hp_dilation_h", setup=EXPLORER_KEEP, keep={**KEPT, "ex_hp_dilation_h": 0}, renders=("ex_anim",),
         fix=(("number", "ex_hp_dilation_h", 1),), after=("ex_anim",)),
    Case("explorer-dilation-too-wide", "explorer", (("number", "ex_hp_dilation_w", 5),),
         [m("explorer.no_output", reason=span("width", 2, 5, 3, 0))], "ex_hp_dilation_w",
         setup=(("number", "ex_k_bias", 0.5),), keep={"ex_k_bias": 0.5, "ex_hp_dilation_w": 5},
         renders=("ex_hp_stride_h",), fix=(("number", "ex_hp_dilation_w", 2),), after=("ex_anim",)),
    Case("explorer-reflect-too-wide", "explorer", (("select", "ex_hp_mode", "reflect"), ("number", "ex_hp_padding_h", 3)),
         [m("explorer.no_output", reason=m("error.reflect_too_wide", axis=m("error.axis.height"), n=3, p=3))],
         "ex_hp_padding_h", keep={"ex_hp_mode": "reflect", "ex_hp_padding_h": 3}, renders=("ex_hp_stride_h",),
         fix=(("number", "ex_hp_padding_h", 2),), after=("ex_anim",)),
    Case("explorer-circular-too-wide", "explorer", (("select", "ex_hp_mode", "circular"), ("number", "ex_hp_padding_w", 5)),
         [m("explorer.no_output", reason=m("error.circular_too_wide", axis=m("error.axis.width"), n=3, p=5))],
         "ex_hp_padding_w", keep={"ex_hp_mode": "circular", "ex_hp_padding_w": 5}, renders=("ex_hp_stride_h",),
         fix=(("select", "ex_hp_mode", "zeros"),), after=("ex_anim",)),
    Case("explorer-glyph-blank", "explorer", (("select", "ex_in_preset", "glyph"), ("text", "ex_in_char", " ")),
         [m("input.glyph_empty")], "ex_in_char", setup=EXPLORER_KEEP, keep=KEPT, renders=("ex_anim",),
         fix=(("text", "ex_in_char", "A"),), after=("ex_anim",)),
    Case("explorer-glyph-missing", "explorer", (("select", "ex_in_preset", "glyph"), ("text", "ex_in_char", "卷")),
         [m("input.glyph_missing", character="卷")], "ex_in_char", setup=EXPLORER_KEEP,
         keep={**KEPT, "ex_in_char": "卷"}, renders=("ex_anim",), fix=(("text", "ex_in_char", "7"),), after=("ex_anim",)),
    # --- explorer: uploads -----------------------------------------------------------------------------------
    Case("explorer-upload-not-an-image", "explorer", (("select", "ex_in_preset", "upload"),
                                                      ("upload", "ex_in_file", ("notes.png", NOT_AN_IMAGE))),
         [m("image.not_an_image")], "ex_in_file", setup=EXPLORER_KEEP, keep=KEPT, renders=("ex_anim",),
         fix=(("upload", "ex_in_file", ("ok.png", _png(np.zeros((8, 8), np.uint8)))),), after=("ex_anim",)),
    Case("explorer-upload-truncated", "explorer", (("select", "ex_in_preset", "upload"),
                                                   ("upload", "ex_in_file", ("cut.png", truncated_png()))),
         [m("image.truncated")], "ex_in_file", setup=EXPLORER_KEEP, keep=KEPT, renders=("ex_anim",),
         fix=(("upload", "ex_in_file", ("ok.png", _png(np.zeros((8, 8), np.uint8)))),), after=("ex_anim",)),
    Case("explorer-upload-bomb", "explorer", (("select", "ex_in_preset", "upload"),
                                              ("upload", "ex_in_file", ("bomb.png", bomb_png()))),
         [m("image.too_many_pixels", width=5000, height=5000, limit=16)], "ex_in_file", setup=EXPLORER_KEEP,
         keep=KEPT, renders=("ex_anim",), fix=(("select", "ex_in_preset", "d2l"),), after=("ex_anim",)),
    Case("explorer-upload-too-many-bytes", "explorer", (("select", "ex_in_preset", "upload"),
                                                        ("upload", "ex_in_file", ("big.png", OVERSIZED))),
         [m("image.too_many_bytes", size=len(OVERSIZED) / 1e6, limit=images.MAX_BYTES / 1e6)], "ex_in_file",
         renders=("ex_anim",), fix=(("select", "ex_in_preset", "ramp"),), after=("ex_anim",)),
    # --- explorer: tampered links ----------------------------------------------------------------------------
    Case("explorer-link-text-stride", "explorer", (), ignored("ex_hp_stride_h=abc"), near="top", kind="warning",
         link={"ex_hp_stride_h": "abc", "ex_k_preset": "sobel_x"}, keep={"ex_k_preset": "sobel_x", "ex_hp_stride_h": 1},
         renders=("ex_anim",), fix=(("number", "ex_hp_stride_h", 2),), after=("ex_anim",)),
    Case("explorer-link-negative-padding", "explorer", (), ignored("ex_hp_padding_h=-1"), near="top",
         kind="warning", link={"ex_hp_padding_h": "-1", "ex_hp_padding_w": "1"},
         keep={"ex_hp_padding_h": 0, "ex_hp_padding_w": 1}, renders=("ex_anim",),
         fix=(("number", "ex_hp_padding_h", 1),), after=("ex_anim",)),
    Case("explorer-link-nan-bias", "explorer", (), ignored("ex_k_bias=nan"), near="top", kind="warning",
         link={"ex_k_bias": "nan"}, keep={"ex_k_bias": 0.0}, renders=("ex_anim",),
         fix=(("number", "ex_k_bias", 1.0),), after=("ex_anim",)),
    Case("explorer-link-code", "explorer", (), ignored("ex_in_preset=__import__('os').system('id')"), near="top",
         kind="warning", link={"ex_in_preset": "__import__('os').system('id')"}, keep={"ex_in_preset": "d2l"},
         renders=("ex_anim",), fix=(("select", "ex_in_preset", "ramp"),), after=("ex_anim",)),
    Case("explorer-link-overlong", "explorer", (), ignored("ex_in_custom_base=" + ("1," * 20)), near="top",
         kind="warning", link={"ex_in_preset": "custom", "ex_in_custom_base": "1," * 1100},
         keep={"ex_in_preset": "custom"}, renders=("ex_anim",), fix=(("select", "ex_in_preset", "ramp"),),
         after=("ex_anim",)),
    Case("explorer-link-nan-matrix", "explorer", (), ignored("ex_in_custom_base=1,nan;2,3"), near="top",
         kind="warning", link={"ex_in_preset": "custom", "ex_in_custom_base": "1,nan;2,3"},
         keep={"ex_in_preset": "custom"}, renders=("ex_anim", "ex_in_custom_grid"),
         fix=(("select", "ex_in_preset", "d2l"),), after=("ex_anim",)),
    Case("explorer-link-two-characters", "explorer", (), ignored("ex_in_char=ab"), near="top", kind="warning",
         link={"ex_in_preset": "glyph", "ex_in_char": "ab"}, keep={"ex_in_preset": "glyph", "ex_in_char": "7"},
         renders=("ex_anim",), fix=(("text", "ex_in_char", "B"),), after=("ex_anim",)),
    Case("explorer-link-zero-stride", "explorer", (), [m("hyper.stride_zero")], "ex_hp_stride_h",
         link={"ex_hp_stride_h": "0"}, keep={"ex_hp_stride_h": 0}, renders=("ex_anim",),
         fix=(("number", "ex_hp_stride_h", 1),), after=("ex_anim",)),
    # --- channels: several channels --------------------------------------------------------------------------
    Case("channels-kernel-sizes-differ", "channels", (("select", "ch_d2l2_k01", "sobel_x"),),
         [m("ch.kernel_sizes", sizes="2x2, 3x3")], "ch_d2l2_k01", setup=MULTI_KEEP,
         keep={**MULTI_KEPT, "ch_d2l2_k01": "sobel_x"}, renders=("ch_hp_stride_h", "ch_d2l2_k00"),
         fix=(("select", "ch_d2l2_k01", "d2l_2x2"),), after=("ch_anim",)),
    Case("channels-stride-zero", "channels", (("number", "ch_hp_stride_w", 0),), [m("hyper.stride_zero")],
         "ch_hp_stride_w", setup=MULTI_KEEP, keep={**MULTI_KEPT, "ch_hp_stride_w": 0}, renders=("ch_anim",),
         fix=(("number", "ch_hp_stride_w", 1),), after=("ch_anim",)),
    Case("channels-dilation-no-output", "channels", (("number", "ch_hp_dilation_h", 5),),
         [m("explorer.no_output", reason=span("height", 2, 5, 3, 0))], "ch_hp_dilation_h", setup=MULTI_KEEP,
         keep={**MULTI_KEPT, "ch_hp_dilation_h": 5}, renders=("ch_d2l2_k00",),
         fix=(("number", "ch_hp_padding_h", 2),), after=("ch_anim",)),
    Case("channels-reflect-too-wide", "channels", (("select", "ch_hp_mode", "reflect"), ("number", "ch_hp_padding_w", 3)),
         [m("explorer.no_output", reason=m("error.reflect_too_wide", axis=m("error.axis.width"), n=3, p=3))],
         "ch_hp_padding_w", setup=MULTI_KEEP, keep={**MULTI_KEPT, "ch_hp_padding_w": 3}, renders=("ch_d2l2_k00",),
         fix=(("select", "ch_hp_mode", "replicate"),), after=("ch_anim",)),
    Case("channels-reflect-zh", "channels", (("select", "ch_hp_mode", "reflect"), ("number", "ch_hp_padding_h", 4)),
         [m("explorer.no_output", reason=m("error.reflect_too_wide", axis=m("error.axis.height"), n=3, p=4))],
         "ch_hp_padding_h", link={"lang": "zh"}, keep={"ch_hp_padding_h": 4}, renders=("ch_d2l2_k00",),
         fix=(("number", "ch_hp_padding_h", 1),), after=("ch_anim",), lang="zh"),
    Case("channels-groups-not-dividing", "channels", (("select", "ch_groups", 2),),
         [m("ch.groups_bad", groups=2, reason=m("error.groups_divide", groups=2, in_channels=2, out_channels=1))],
         "ch_groups", setup=(("number", "ch_b0", 1.5),), keep={"ch_b0": 1.5, "ch_groups": 2},
         renders=("ch_hp_stride_h", "ch_d2l2_k00"), fix=(("number", "ch_out", 2),), after=("ch_anim",)),
    Case("channels-link-groups", "channels", (), [m("ch.groups_bad", groups=4, reason=m("error.groups_divide", groups=4,
         in_channels=2, out_channels=1))], "ch_groups", link={"ch_groups": "4", "ch_b0": "1.5"},
         keep={"ch_b0": 1.5, "ch_groups": 1}, renders=("ch_anim",), fix=(("number", "ch_out", 2),),
         after=("ch_anim",)),
    Case("channels-upload-not-an-image", "channels", (("select", "ch_src", "upload"),
                                                      ("upload", "ch_file", ("x.jpg", NOT_AN_IMAGE))),
         [m("image.not_an_image")], "ch_file", setup=MULTI_KEEP, keep=MULTI_KEPT, renders=("ch_anim",),
         fix=(("select", "ch_src", "d2l2"),), after=("ch_anim",)),
    # --- channels: 1x1 convolution ---------------------------------------------------------------------------
    Case("one-by-one-wrong-columns", "channels", ONE_BY_ONE + (("area", "p1_mix2_paste", "1 2 3"),
                                                              ("click", "p1_mix2_apply", None)),
         [m("ch.mix_columns", cols=3, c=2)], "p1_mix2_paste", keep={"p1_src": "d2l2"}, renders=("p1_src",),
         fix=(("area", "p1_mix2_paste", "1 2"), ("click", "p1_mix2_apply", None)), after=("p1_grids",)),
    Case("one-by-one-not-a-number", "channels", ONE_BY_ONE + (("area", "p1_mix2_paste", "1 two"),
                                                             ("click", "p1_mix2_apply", None)),
         [m("matrix.not_a_number", row=0, col=1, text="two")], "p1_mix2_paste",
         keep={"p1_mix2_paste": "1 two"}, renders=("p1_grids",),
         fix=(("area", "p1_mix2_paste", "2 1"), ("click", "p1_mix2_apply", None)), after=("p1_grids",)),
    Case("one-by-one-ragged", "channels", ONE_BY_ONE + (("area", "p1_mix2_paste", "1 2\n3"),
                                                       ("click", "p1_mix2_apply", None)),
         [m("matrix.ragged", row=1, got=1, expected=2)], "p1_mix2_paste", renders=("p1_grids",),
         fix=(("area", "p1_mix2_paste", "1 1\n1 -1"), ("click", "p1_mix2_apply", None)), after=("p1_grids",)),
    Case("one-by-one-empty-cell", "channels", ONE_BY_ONE + (("grid", "p1_mix2_grid", rf_rows({0: {"0": ""}})),),
         [m("matrix.empty_cell", row=0, col=0)], "p1_mix2_grid", renders=("p1_src",),
         fix=(("grid", "p1_mix2_grid", rf_rows({0: {"0": "2"}})),), after=("p1_grids",)),
    # --- channels: pooling -----------------------------------------------------------------------------------
    Case("pooling-padding-over-half", "channels", (("number", "pl_ph", 2),),
         [m("ch.pool_error", reason=m("error.pool_padding", p=2, k=2, half=1))], "pl_ph", setup=POOLING,
         keep={"pl_mode": "avg", "pl_ph": 2}, renders=("pl_kh",), fix=(("number", "pl_kh", 4),), after=("pl_anim",)),
    Case("pooling-empty-output", "channels", (("number", "pl_kw", 8),),
         [m("ch.pool_error", reason=span("width", 8, 1, 3, 0))], "pl_kw", setup=POOLING,
         keep={"pl_mode": "avg", "pl_kw": 8}, renders=("pl_kh",), fix=(("number", "pl_pw", 4),), after=("pl_anim",)),
    Case("pooling-empty-output-ceil", "channels", (("check", "pl_stride_default", False), ("number", "pl_sh", 2),
                                                   ("toggle", "pl_ceil", True), ("number", "pl_kh", 5)),
         [m("ch.pool_error", reason=m("error.window_too_big_ceil", axis=m("error.axis.height"), k=5, n=3, p=0, padded=3,
                                      over=1))], "pl_kh", setup=POOLING, keep={"pl_ceil": True, "pl_kh": 5, "pl_sh": 2},
         renders=("pl_kw",), fix=(("number", "pl_kh", 3),), after=("pl_anim",)),
    Case("pooling-input-inf", "channels", (("select", "pl_in_preset", "custom"),
                                           ("area", "pl_in_custom_paste", "inf 1\n1 1"),
                                           ("click", "pl_in_custom_apply", None)),
         [m("matrix.not_finite", row=0, col=0, text="inf")], "pl_in_custom_paste", setup=POOLING,
         keep={"pl_mode": "avg"}, renders=("pl_anim",),
         fix=(("area", "pl_in_custom_paste", "1 2\n3 4"), ("click", "pl_in_custom_apply", None)), after=("pl_anim",)),
    Case("real-upload-truncated", "channels", (("segment", "ch_section", "real"), ("select", "rl_src", "upload"),
                                               ("upload", "rl_file", ("cut.png", truncated_png()))),
         [m("image.truncated")], "rl_file", setup=(("segment", "ch_section", "real"), ("radio", "rl_weights", "random")),
         keep={"rl_weights": "random", "rl_src": "upload"}, renders=("rl_seed",),
         fix=(("select", "rl_src", "rings"),), after=("rl_seed",)),
    Case("real-upload-bomb", "channels", (("segment", "ch_section", "real"), ("select", "rl_src", "upload"),
                                          ("upload", "rl_file", ("b.png", bomb_png(4_500, 4_000)))),
         [m("image.too_many_pixels", width=4500, height=4000, limit=16)], "rl_file", renders=("rl_weights",),
         fix=(("select", "rl_src", "scene"),), after=("rl_weights",)),
    # --- channels: tampered links ----------------------------------------------------------------------------
    Case("channels-link-section", "channels", (), ignored("ch_section=../../etc/passwd"), near="top", kind="warning",
         link={"ch_section": "../../etc/passwd", "ch_out": "2"}, keep={"ch_out": 2}, renders=("ch_anim",),
         fix=(("number", "ch_out", 3),), after=("ch_outputs",)),
    Case("channels-link-pool-kernel-zero", "channels", (), ignored("pl_kh=0"), near="top", kind="warning",
         link={"ch_section": "pooling", "pl_kh": "0", "pl_mode": "avg"}, keep={"pl_kh": 2, "pl_mode": "avg"},
         renders=("pl_anim",), fix=(("number", "pl_kh", 3),), after=("pl_anim",)),
    Case("channels-link-mix-text", "channels", (), ignored("p1_mix2_base=1,x"), near="top", kind="warning",
         link={"ch_section": "one_by_one", "p1_mix2_base": "1,x"}, renders=("p1_grids",),
         fix=(("area", "p1_mix2_paste", "1 0"), ("click", "p1_mix2_apply", None)), after=("p1_grids",)),
    Case("channels-link-bias-inf", "channels", (), ignored("ch_b0=inf"), near="top", kind="warning",
         link={"ch_b0": "inf"}, keep={"ch_b0": 0.0}, renders=("ch_anim",), fix=(("number", "ch_b0", 1.0),),
         after=("ch_anim",)),
    # --- receptive field: impossible stacks (edited through the editor's state) ------------------------------
    Case("rf-stride-zero", "receptive_field", (("rf_edit", None, rf_rows({1: {"stride": 0}})),),
         [m("rf.bad_rows", last=1), m("rf.too_small", n=2, what=m("rf.col_stride"), low=1, value=0)], "rf_preset", setup=RF_KEEP, keep=RF_KEPT,
         renders=("rf_maps",), fix=RF_FIX, after=("rf_maps", "rf_erf")),
    Case("rf-kernel-zero", "receptive_field", (("rf_edit", None, rf_rows({1: {"kernel": 0}})),),
         [m("rf.bad_rows", last=1), m("rf.too_small", n=2, what=m("rf.col_kernel"), low=1, value=0)], "rf_preset", setup=RF_KEEP, keep=RF_KEPT,
         renders=("rf_maps",), fix=RF_FIX, after=("rf_maps",)),
    Case("rf-negative-padding", "receptive_field", (("rf_edit", None, rf_rows({2: {"padding": -1}})),),
         [m("rf.bad_rows", last=2), m("rf.too_small", n=3, what=m("rf.col_padding"), low=0, value=-1)], "rf_preset", setup=RF_KEEP, keep=RF_KEPT,
         renders=("rf_maps",), fix=RF_FIX, after=("rf_maps",)),
    Case("rf-dilation-zero", "receptive_field", (("rf_edit", None, rf_rows({0: {"dilation": 0}})),),
         [m("rf.bad_rows_none"), m("rf.too_small", n=1, what=m("rf.col_dilation"), low=1, value=0)], "rf_preset", setup=RF_KEEP, keep=RF_KEPT,
         renders=("rf_h",), fix=RF_FIX, after=("rf_maps",)),
    Case("rf-empty-cell", "receptive_field", (("rf_edit", None, rf_rows({1: {"kernel": None}})),),
         [m("rf.missing", n=2, what=m("rf.col_kernel"))], "rf_preset", setup=RF_KEEP, keep=RF_KEPT,
         renders=("rf_maps",), fix=RF_FIX, after=("rf_maps",)),
    Case("rf-too-large", "receptive_field", (("rf_edit", None, rf_rows({1: {"stride": 10**9}})),),
         [m("rf.too_big", n=2, what=m("rf.col_stride"), value=10**9, limit=32)], "rf_preset", setup=RF_KEEP,
         keep=RF_KEPT, renders=("rf_maps",), fix=RF_FIX, after=("rf_maps",)),
    Case("rf-avgpool-dilation", "receptive_field", (("rf_edit", None, rf_rows({1: {"kind": "avgpool", "dilation": 2}})),),
         [m("rf.bad_rows", last=1), "no dilation"], "rf_preset", setup=RF_KEEP, keep=RF_KEPT,
         renders=("rf_maps",), fix=RF_FIX, after=("rf_maps",)),
    Case("rf-no-output", "receptive_field", (("rf_edit", None, rf_rows({1: {"kernel": 9}})),),
         [m("rf.stops", last=1, reason=ANY)], "rf_preset", near="controls", kind="warning", setup=RF_KEEP,
         keep=RF_KEPT, renders=("rf_maps",), fix=RF_FIX, after=("rf_maps", "rf_erf")),
    Case("rf-empty-stack", "receptive_field", (("rf_edit", None, rf_rows(deleted=[0, 1, 2])),),
         [m("rf.empty_stack")], "rf_preset", setup=RF_KEEP, keep=RF_KEPT, renders=("rf_h", "rf_w"),
         fix=RF_FIX, after=("rf_maps",)),
    Case("rf-too-many-layers", "receptive_field",
         (("rf_edit", None, rf_rows(added=[{"kind": "conv", "kernel": 1, "stride": 1, "padding": 0, "dilation": 1}] * 30)),),
         [m("rf.beyond", n=33, limit=32)], "rf_preset", setup=RF_KEEP, keep=RF_KEPT, renders=("rf_maps",),
         fix=RF_FIX, after=("rf_maps",)),
    # --- receptive field: tampered links (keys from views/receptive_field.py's PARAMS) ----------------------
    Case("rf-link-size-zero", "receptive_field", (), ignored("rf_h=0"), near="top", kind="warning",
         link={"rf_h": "0", "rf_preset": "lenet"}, keep={"rf_preset": "lenet", "rf_h": 28}, renders=("rf_maps",),
         fix=(("number", "rf_h", 20),), after=("rf_maps",)),
    Case("rf-link-bad-layer", "receptive_field", (), ignored("rf_layers=c3s1p0d1;x"), near="top", kind="warning",
         link={"rf_layers": "c3s1p0d1;x"}, keep={"rf_preset": "d2l"}, renders=("rf_maps",),
         fix=(("select", "rf_preset", "lenet"),), after=("rf_maps",)),
    Case("rf-link-erf-weights", "receptive_field", (), ignored("rf_erf_weights=<script>"), near="top",
         kind="warning", link={"rf_erf_weights": "<script>", "rf_erf_relu": "1"}, keep={"rf_erf_relu": True},
         renders=("rf_erf",), fix=(("toggle", "rf_erf_relu", False),), after=("rf_erf",)),
    # --- learning a kernel -----------------------------------------------------------------------------------
    Case("learn-lr-50-blows-up", "learn", (("slider", "ln_lr", 50.0), ("click", "ln_end", None)),
         [m("learn.blew_up", step=1, loss=ANY, lr="50"), m("learn.try_lr", lr="5")], near=None,
         setup=(("number", "ln_seed", 0),), keep={"ln_lr": 50.0, "ln_opt": "sgd"}, renders=("ln_loss", "ln_kernel"),
         fix=(("click", "ln_use_lr", None),), after=("ln_loss",)),
    Case("learn-lr-100-blows-up", "learn", (("slider", "ln_lr", 100.0), ("click", "ln_end", None)),
         [m("learn.blew_up", step=ANY, loss=ANY, lr="100")], near=None, setup=LEARN_KEEP,
         keep={**LEARN_KEPT, "ln_lr": 100.0}, renders=("ln_loss",), fix=(("slider", "ln_lr", 0.01),),
         after=("ln_loss",)),
    Case("learn-huge-input-blows-up", "learn", (("select", "ln_in_preset", "custom"),
                                                ("area", "ln_in_custom_paste", "1e6 -1e6 1e6\n-1e6 1e6 -1e6"),
                                                ("click", "ln_in_custom_apply", None)),
         [m("learn.blew_up", step=0, loss=ANY, lr="0.03")], near=None, setup=LEARN_KEEP, keep=LEARN_KEPT,
         renders=("ln_loss",), fix=(("select", "ln_in_preset", "edge"),), after=("ln_loss",)),
    Case("learn-target-larger-than-input", "learn", (("select", "ln_in_preset", "d2l"), ("select", "ln_k_preset", "box"),
                                                     ("number", "ln_k_rows", 5)),
         [m("learn.target_too_big", kh=5, kw=3, h=3, w=3)], "ln_k_rows", setup=LEARN_KEEP,
         keep={**LEARN_KEPT, "ln_k_rows": 5, "ln_in_preset": "d2l"}, renders=("ln_k_rows", "ln_lr"),
         fix=(("number", "ln_k_rows", 2),), after=("ln_loss",)),
    Case("learn-learned-larger-than-input", "learn", (("toggle", "ln_same", False), ("number", "ln_rows", 7)),
         [m("learn.size_too_big", kh=7, kw=2, h=6, w=8)], "ln_rows", setup=LEARN_KEEP,
         keep={**LEARN_KEPT, "ln_rows": 7}, renders=("ln_cols", "ln_lr"), fix=(("number", "ln_rows", 2),),
         after=("ln_loss",)),
    Case("learn-input-nan", "learn", (("select", "ln_in_preset", "custom"), ("area", "ln_in_custom_paste", "1 nan"),
                                      ("click", "ln_in_custom_apply", None)),
         [m("matrix.not_finite", row=0, col=1, text="nan")], "ln_in_custom_paste", setup=LEARN_KEEP,
         keep=LEARN_KEPT, renders=("ln_loss",),
         fix=(("area", "ln_in_custom_paste", "1 2 3\n4 5 6"), ("click", "ln_in_custom_apply", None)),
         after=("ln_loss",)),
    Case("learn-target-ragged", "learn", (("select", "ln_k_preset", "custom"), ("area", "ln_k_custom_paste", "1 -1\n1"),
                                          ("click", "ln_k_custom_apply", None)),
         [m("matrix.ragged", row=1, got=1, expected=2)], "ln_k_custom_paste", setup=LEARN_KEEP, keep=LEARN_KEPT,
         renders=("ln_loss",), fix=(("area", "ln_k_custom_paste", "1 -1"), ("click", "ln_k_custom_apply", None)),
         after=("ln_loss",)),
    # --- transposed convolution ---------------------------------------------------------------------------
    Case("transposed-output-padding-too-big", "transposed", (("number", "tr_op", 1),),
         [m("tr.no_output", reason=m("error.output_padding_too_big", output_padding=1, largest=1))], "tr_op",
         setup=(("number", "tr_p", 1),), keep={"tr_op": 1, "tr_p": 1}, renders=("tr_s", "tr_d"),
         fix=(("number", "tr_s", 2),), after=("tr_anim", "trd_anim")),
    Case("transposed-output-padding-zh", "transposed", (("number", "tr_op", 2), ("number", "tr_s", 2)),
         [m("tr.no_output", reason=m("error.output_padding_too_big", output_padding=2, largest=2))], "tr_op",
         link={"lang": "zh"}, keep={"tr_op": 2, "tr_s": 2}, renders=("tr_p",), fix=(("number", "tr_s", 3),),
         after=("tr_anim",), lang="zh"),
    Case("transposed-padding-crops-everything", "transposed", (("number", "tr_p", 2),),
         [m("tr.no_output", reason=m("error.transpose_empty", axis=m("error.axis.height"), out=0, padding=2,
                                     full=4))],
         "tr_p", setup=(("number", "tr_d", 2),), keep={"tr_p": 2, "tr_d": 2}, renders=("tr_op",),
         fix=(("number", "tr_p", 1),), after=("tr_anim",)),
    Case("transposed-link-output-padding", "transposed", (), ignored("tr_op=9"), near="top", kind="warning",
         link={"tr_op": "9", "tr_s": "2"}, keep={"tr_s": 2, "tr_op": 0}, renders=("tr_anim",),
         fix=(("number", "tr_s", 3),), after=("tr_anim",)),
    # --- convolution as a matrix multiply (views/matmul.py) ---------------------------------------------------
    Case("matmul-kernel-larger-than-input", "matmul", (("select", "mm_k_preset", "box"), ("number", "mm_k_rows", 5)),
         [m("mm.no_output", reason=span("height", 5, 1, 3, 0))], "mm_h", setup=(("number", "mm_d", 1),),
         keep={"mm_k_rows": 5, "mm_h": 3}, renders=("mm_s", "mm_p"), fix=(("number", "mm_p", 1),),
         after=("mm_unfold", "mm_matrix")),
    Case("matmul-dilation-too-wide-zh", "matmul", (("number", "mm_d", 3),),
         [m("mm.no_output", reason=span("height", 2, 3, 3, 0))], "mm_d", link={"lang": "zh"},
         keep={"mm_d": 3}, renders=("mm_s",), fix=(("number", "mm_p", 1),), after=("mm_unfold",), lang="zh"),
    Case("matmul-stride-9999", "matmul", (("number", "mm_s", 9999),),
         [m("input.out_of_range", label=m("mm.s"), value="9999", low=1, high=4, using=1)], "mm_s",
         keep={"mm_s": 9999}, renders=("mm_unfold",), fix=(("number", "mm_s", 2),), after=("mm_unfold",)),
    Case("matmul-link-size", "matmul", (), ignored("mm_h=99"), near="top", kind="warning",
         link={"mm_h": "99", "mm_s": "2"}, keep={"mm_s": 2, "mm_h": 3}, renders=("mm_unfold",),
         fix=(("number", "mm_s", 1),), after=("mm_unfold",)),
    # --- 1-D and causal convolution (views/conv1d.py) ---------------------------------------------------------
    Case("conv1d-typed-not-a-number", "conv1d", (("select", "c1_seq", "typed"), ("text", "c1_typed", "1, 2, x")),
         [m("c1.typed_bad", reason=m("matrix.not_a_number", row=0, col=2, text="x"))], "c1_typed",
         setup=(("number", "c1_d", 2),), keep={"c1_typed": "1, 2, x", "c1_d": 2}, renders=("c1_depth",),
         fix=(("text", "c1_typed", "1, 2, 3"),), after=("c1_causal", "c1_same")),
    Case("conv1d-typed-kernel-nan-zh", "conv1d", (("select", "c1_kernel", "typed"), ("text", "c1_ktyped", "1, nan")),
         [m("c1.typed_bad", reason=m("matrix.not_finite", row=0, col=1, text="nan"))], "c1_ktyped",
         link={"lang": "zh"}, keep={"c1_ktyped": "1, nan"}, renders=("c1_tree",),
         fix=(("text", "c1_ktyped", "1, -1"),), after=("c1_causal",), lang="zh"),
    Case("conv1d-same-needs-stride-1", "conv1d", (("number", "c1_s", 2),), [m("c1.same_stride", stride=2)], "c1_s",
         keep={"c1_s": 2}, renders=("c1_causal",), fix=(("number", "c1_s", 1),), after=("c1_same",)),
    Case("conv1d-kernel-size-99", "conv1d", (("number", "c1_k", 99),),
         [m("input.out_of_range", label=m("c1.k"), value="99", low=1, high=9, using=3)], "c1_k",
         keep={"c1_k": 99}, renders=("c1_causal",), fix=(("number", "c1_k", 2),), after=("c1_same",)),
    Case("conv1d-textcnn-t-99", "conv1d", (("number", "c1_tc_t", 99),),
         [m("input.out_of_range", label=m("c1.tc_t"), value="99", low=0, high=5, using=0)], "c1_tc_t",
         keep={"c1_tc_t": 99}, renders=("c1_tc_output", "c1_tc_ch2"), fix=(("number", "c1_tc_t", 2),),
         after=("c1_tc_output",)),
    Case("conv1d-textcnn-channels-5-zh", "conv1d", (("select", "c1_tc_src", "own"), ("number", "c1_tc_c", 5)),
         [m("input.out_of_range", label=m("c1.tc_channels"), value="5", low=2, high=3, using=3)], "c1_tc_c",
         link={"lang": "zh"}, keep={"c1_tc_c": 5, "c1_tc_src": "own"}, renders=("c1_tc_ch2", "c1_tc_output"),
         fix=(("number", "c1_tc_c", 2),), after=("c1_tc_ch1",), lang="zh"),
    Case("conv1d-link-typed", "conv1d", (), ignored("c1_typed=1,x"), near="top", kind="warning",
         link={"c1_typed": "1,x", "c1_d": "2"}, keep={"c1_d": 2}, renders=("c1_causal",),
         fix=(("number", "c1_d", 1),), after=("c1_causal",)),
    # --- learning a kernel: tampered links (keys from views/learn.py's PARAMS) ------------------------------
    Case("learn-link-lr", "learn", (), ignored("ln_lr=1e9"), near="top", kind="warning",
         link={"ln_lr": "1e9", "ln_steps": "30"}, keep={"ln_steps": 30}, renders=("ln_loss",),
         fix=(("slider", "ln_lr", 0.1),), after=("ln_loss",)),
    Case("learn-link-steps-zero", "learn", (), ignored("ln_steps=0"), near="top", kind="warning",
         link={"ln_steps": "0", "ln_opt": "adam"}, keep={"ln_opt": "adam", "ln_steps": 10}, renders=("ln_loss",),
         fix=(("number", "ln_steps", 5),), after=("ln_loss",)),
    Case("learn-link-optimizer", "learn", (), ignored("ln_opt=rmsprop"), near="top", kind="warning",
         link={"ln_opt": "rmsprop", "ln_noise": "0.5"}, keep={"ln_opt": "sgd", "ln_noise": 0.5}, renders=("ln_loss",),
         fix=(("select", "ln_opt", "momentum"),), after=("ln_loss",)),
    Case("learn-link-noise-nan", "learn", (), ignored("ln_noise=nan"), near="top", kind="warning",
         link={"ln_noise": "nan"}, keep={"ln_noise": 0.0}, renders=("ln_loss",), fix=(("number", "ln_noise", 0.1),),
         after=("ln_loss",)),
]  # fmt: skip


# --- driving AppTest -----------------------------------------------------------------------------------------


def act(at: AppTest, verb: str, key: str | None, value) -> None:
    if verb == "select":
        at.selectbox(key=key).select(value)
    elif verb == "number":
        at.number_input(key=key).set_value(value)
    elif verb == "text":
        at.text_input(key=key).input(value)
    elif verb == "area":
        at.text_area(key=key).input(value)
    elif verb == "click":
        at.button(key=key).click()
    elif verb == "toggle":
        at.toggle(key=key).set_value(value)
    elif verb == "check":
        at.checkbox(key=key).set_value(value)
    elif verb == "radio":
        at.radio(key=key).set_value(value)
    elif verb == "slider":
        at.select_slider(key=key).set_value(value)
    elif verb == "segment":
        at.segmented_control(key=key).set_value(value)
    elif verb == "upload":
        name, data = value
        at.file_uploader(key=key).upload(name, data, "image/png")
    elif verb in ("grid", "state"):  # an st.data_editor edit as the browser sends it; a widget's state
        at.session_state[key] = value
    elif verb == "rf_edit":  # the layer editor's key changes with every preset: edit the current one
        at.session_state[editor.editor_key(at.session_state["rf_version"])] = value
    else:
        raise ValueError(verb)


def run(at: AppTest, actions) -> AppTest:
    """Apply the actions one at a time, each followed by a rerun, as a browser does."""
    for action in actions:
        act(at, *action)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def open_case(case: Case) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(f"views/{case.page}.py")
    at.query_params.update(case.link)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def walk(node, path=()):
    """Every node of the element tree with its path (child indices from the main area)."""
    yield path, node
    if isinstance(node, Block):
        for index, child in node.children.items():
            yield from walk(child, (*path, index))


def node_at(at: AppTest, path):
    node = at.main
    for index in path:
        node = node.children[index]
    return node


def find(at: AppTest, key: str):
    """(path, node) of the widget or chart with ``key``, or None."""
    for path, node in walk(at.main):
        if getattr(node, "key", None) == key:
            return path, node
        proto_id = getattr(getattr(node, "proto", None), "id", "")
        drawn = node.type in ("plotly_chart", "bidi_component")
        if drawn and isinstance(proto_id, str) and proto_id.endswith(f"-{key}"):
            return path, node
    return None


def fill(template: str, values: dict) -> str:
    """``template.format(**values)``, with ANY fields left as NUL (split on later), format specs kept."""
    out = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            value = values[name]
            out.append("\0" if value is ANY else format(value, spec))
    return "".join(out)


def render(part, lang: str) -> str:
    if isinstance(part, str):
        return part
    key, values = part
    values = {
        name: render(value, lang) if isinstance(value, tuple) else value for name, value in values.items()
    }
    return fill(CATALOGUES[lang][key], values)


def pieces(message: list, lang: str) -> list[str]:
    return [piece for part in message for piece in render(part, lang).split("\0") if piece]


def shows(text: str, expected: list[str]) -> bool:
    """Every piece appears in ``text``, in order."""
    at = 0
    for piece in expected:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def messages(at: AppTest, kind: str, expected: list[str]) -> list:
    return [(path, node) for path, node in walk(at.main) if node.type == kind and shows(node.value, expected)]


def inside_column(at: AppTest, path) -> bool:
    """The node at ``path`` is a column or expander, or sits inside one."""
    node = at.main
    for index in path:
        node = node.children[index]
        if isinstance(node, Column) or node.type in ("expander", "expandable"):  # AppTest names it "expander"
            return True
    return False


def assert_beside(at: AppTest, case: Case, found: list) -> None:
    if case.near is None:
        return
    paths = [path for path, _ in found]
    if case.near == "top":
        first_control = next(i for i, child in at.main.children.items() if isinstance(child, Block))
        assert any(path[0] < first_control for path in paths), "the link notice is not above the controls"
        return
    located = find(at, case.control)
    assert located is not None, f"control {case.control} is not drawn"
    control_path = located[0]

    def common(path):
        n = 0
        while n < min(len(path), len(control_path)) and path[n] == control_path[n]:
            n += 1
        return path[:n]

    shared = [common(path) for path in paths]
    if case.near == "column":
        assert any(inside_column(at, prefix) for prefix in shared), (
            f"the message is not in the column of {case.control}: {paths} vs {control_path}"
        )
    else:  # "controls": in the same row of controls (the page's first block of columns or below it)
        assert any(len(prefix) >= 1 and isinstance(node_at(at, prefix), Block) for prefix in shared), (
            f"the message is not among the controls of {case.control}: {paths} vs {control_path}"
        )


def value_of(at: AppTest, key: str):
    located = find(at, key)
    assert located is not None, f"{key} is not drawn"
    return located[1].value


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_explained_beside_its_control_and_the_page_stays_usable(case: Case, monkeypatch):
    if case.lang != "en":
        # AppTest calls the widgets' format_func (which translates) in the test's thread, where there is no
        # session: pin the language for both sides, or a Chinese selectbox fails AppTest's own lookup
        monkeypatch.setattr(i18n, "language", lambda: case.lang)
    at = run(open_case(case), case.setup)
    run(at, case.bad)
    expected = pieces(case.message, case.lang)

    # 1. the message, beside its control
    found = messages(at, case.kind, expected)
    shown = [node.value for _, node in walk(at.main) if node.type in ("error", "warning", "info")]
    assert found, f"expected {expected} in a {case.kind}; the page shows {shown}"
    assert_beside(at, case, found)
    # 2. no exception element
    assert not at.exception
    # 3. the rest of the page is still drawn
    for key in case.renders:
        assert find(at, key) is not None, f"{key} is no longer drawn"
    # 4. the other inputs (and the bad one) keep their values
    for key, value in case.keep.items():
        assert (
            value_of(at, key) == pytest.approx(value)
            if isinstance(value, float)
            else value_of(at, key) == value
        ), (
            key,
            value_of(at, key),
            value,
        )
    # 5. a valid change afterwards works: the message goes, the results come back
    run(at, case.fix)
    assert not messages(at, case.kind, expected), "the message stays after a valid change"
    for key in case.after:
        assert find(at, key) is not None, f"{key} is not drawn after the fix"


def test_the_catalogue_covers_every_page():
    pages = {case.page for case in CASES}
    assert pages == {"explorer", "channels", "transposed", "matmul", "conv1d", "receptive_field", "learn"}
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    for section in ("ch_section", "pl_", "p1_", "rl_"):  # every section of the channels page
        assert any(section in repr(case) for case in CASES if case.page == "channels"), section
