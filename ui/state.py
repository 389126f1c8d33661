"""Links that reproduce a view: page state in the URL's query string, validated both ways.

Each page declares its parameters (widget key = query-parameter name, default,
parser). When a link is opened (or the URL is edited by hand), valid values are
put into session state before any widget is drawn; invalid or unknown ones are
dropped with a notice naming them, never an exception. After the page has run,
every value that differs from its default is written back to the URL, so the
address bar always holds a link to exactly this view. Nothing is evaluated:
values are matched against choices or parsed with int() and float().
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ui import defaults, matrix, pace, projector
from ui.i18n import t

MAX_LENGTH = 2000  # characters in one parameter value
SHARED = ("lang", projector.KEY, pace.KEY)  # parameters every page keeps


@dataclass(frozen=True)
class Param:
    key: str
    default: Any
    parse: Callable[[str], Any]  # raises ValueError for an invalid value
    show: Callable[[Any], str] = str
    source: str | None = None  # the state key whose value is published, when not ``key``
    initial: bool = True  # give the widget its default before the page runs (False: the page does)
    bounds: tuple | None = None  # (low, high) of a number: the link's range, and the widget's (``bounds``)


# every whole-number parameter's range by its key, written once (``integer``): the link's check and the
# widget's (``controls.linked_number``) read the same pair
RANGES: dict[str, tuple[int, int]] = {}


def bounds(key: str) -> tuple[int, int]:
    """The range of the whole-number parameter ``key`` (as ``integer`` declared it)."""
    return RANGES[key]


def choice(key: str, options: Iterable[str], default: str) -> Param:
    options = tuple(options)

    def parse(text: str) -> str:
        if text not in options:
            raise ValueError(text)
        return text

    return Param(key, default, parse)


def integer(key: str, default: int, low: int, high: int) -> Param:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(text)
        return value

    RANGES[key] = (low, high)
    return Param(key, default, parse, bounds=(low, high))


def number(key: str, default: float, low: float, high: float) -> Param:
    def parse(text: str) -> float:
        value = float(text)
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(text)
        return value

    return Param(key, default, parse, lambda v: f"{v:g}")


def flag(key: str, default: bool) -> Param:
    def parse(text: str) -> bool:
        if text not in ("0", "1"):
            raise ValueError(text)
        return text == "1"

    return Param(key, default, parse, lambda v: "1" if v else "0")


def tab(key: str, names: list[str]) -> Param:
    """The open tab of ``st.tabs(key=key)`` by a stable name in the link (``names`` are catalogue keys,
    e.g. "explorer.tab_flip" -> "flip"); the widget itself holds the label in the session's language."""
    short = {name: name.rsplit("_", 1)[-1] for name in names}
    by_short = {value: name for name, value in short.items()}

    def parse(text: str) -> str:
        if text not in by_short:
            raise ValueError(text)
        return t(by_short[text])

    def show(label: str) -> str:
        return next((short[name] for name in names if t(name) == label), short[names[0]])

    return Param(key, t(names[0]), parse, show)


def cell(key: str) -> Param:
    """A selected output cell (i, j) as 'i,j'."""

    def parse(text: str) -> tuple[int, int]:
        i, j = (int(part) for part in text.split(","))
        if i < 0 or j < 0 or i > 4096 or j > 4096:
            raise ValueError(text)
        return i, j

    return Param(key, (0, 0), parse, lambda v: f"{v[0]},{v[1]}")


def typed_matrix(key: str, default: str) -> Param:
    """A small typed matrix as 'a,b;c,d' (rows by ';'): restored into the editor, published from what it shows."""

    def parse(text: str) -> str:
        return matrix.to_text(matrix.from_text(text.replace(";", "\n")))

    return Param(f"{key}_base", default, parse, lambda v: ";".join(",".join(row.split()) for row in v.splitlines()),
                 source=f"{key}_current")  # fmt: skip


RECENT = 6  # links this session published lately: a run may still carry one of them (see from_outside)


def from_outside(url: dict) -> bool:
    """Whether the URL was changed from outside (a link opened, a hand edit), not by this session.

    A run can start from an address this session itself published a moment ago: a rerun asked for
    by a fragment (the learning page's player) carries the query string its fragment run began with.
    Treating that stale echo as a new link would undo the change the user just made.
    """
    return url != st.session_state.get("_published") and url not in st.session_state.get("_recent", [])


def restore(params: list[Param]) -> dict[str, Any]:
    """Apply the URL to session state when it changed from outside (a link, a hand edit); set defaults.

    Returns the values applied from the URL on this run (empty when the URL is the page's own).
    """
    applied: dict[str, Any] = {}
    url = {key: st.query_params.get(key) for key in st.query_params}
    if from_outside(url):
        known = {param.key: param for param in params}
        ignored = []
        for key, text in url.items():
            if key in SHARED:
                continue
            param = known.get(key)
            try:
                if param is None or len(text) > MAX_LENGTH:
                    raise ValueError(text)
                applied[key] = st.session_state[key] = param.parse(text)
            except (ValueError, TypeError, matrix.MatrixError):
                ignored.append(f"{key}={text[:40]}")
        st.session_state["_ignored"] = ignored
    defaults.seed_params(params)
    return applied


def notices() -> None:
    """Say which link parameters were ignored (once, on the run that read them)."""
    ignored = st.session_state.pop("_ignored", [])
    if ignored:
        st.warning(t("state.ignored", params=", ".join(ignored)), icon="🔗")


def use(key: str, value):
    """Note ``value`` as the one in use for the input ``key`` (what the page computes with); return it."""
    st.session_state[f"_in_use_{key}"] = value
    return value


def in_use(key: str, fallback):
    """The value in use for the input ``key``: the last one it accepted, else the widget's own, else ``fallback``."""
    return st.session_state.get(f"_in_use_{key}", fallback)


def publish(params: list[Param]) -> None:
    """Write every non-default value to the URL (and the shared settings), so the link is this view.

    A value the page refused (a typed padding of 9999) is not written: the link carries the value in use."""
    values = {}
    if st.session_state.get("lang", "en") != "en":
        values["lang"] = st.session_state["lang"]
    projector.to_link(values)
    pace.to_link(values)
    for param in params:
        value = st.session_state.get(param.source or param.key, param.default)
        try:
            param.parse(param.show(value))
        except (ValueError, TypeError):
            value = in_use(param.source or param.key, param.default)
        if value != param.default:
            values[param.key] = param.show(value)
    current = {key: st.query_params.get(key) for key in st.query_params}
    if values != current:
        st.query_params.from_dict(values)
    st.session_state["_published"] = values
    recent = [link for link in st.session_state.get("_recent", []) if link != values]
    st.session_state["_recent"] = [*recent, values][-RECENT:]
    st.session_state["_page_published"] = True


def publish_shared() -> None:
    """For a page with no parameters of its own: keep the language and projector mode in the link."""
    if not st.session_state.pop("_page_published", False):
        publish([])
    st.session_state["_page_published"] = False
