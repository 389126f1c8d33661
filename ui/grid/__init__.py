"""The grid component: convcore's walks drawn as cells in the browser, animated with no round trip.

``grid.js`` and ``grid.css`` beside this file are the component (an ES module and its styles, passed
inline: no build step, nothing fetched). This module turns a walk into the payload the component draws:
every number as the text to print (formatted here, once), a tone per cell for its colour, each input
cell's role (input or padding, read by some window or not), the window index map and the products. The
browser looks these up; it never computes a number it shows.

The component is keyed, so a rerun with new data updates its cells in place instead of mounting it again.
A click on an output cell pins it and tells the server (the page's link carries it); play, step, scrub
and hover stay in the browser.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import streamlit as st

from convcore.steps import ChannelWindow, PoolWindow, SlidingWindow
from convcore.transpose import TransposedWalk
from ui import equations, pace, projector
from ui.i18n import t

HERE = Path(__file__).parent
COMPONENT = st.components.v2.component(
    "convexplorer.grid",
    # the page's own recovery (ui/recover.js) rides along too: it runs if Streamlit's Html element could not
    # load and this component could
    js=(HERE.parent / "recover.js").read_text(encoding="utf-8")
    + (HERE / "grid.js").read_text(encoding="utf-8"),
    css=(HERE / "grid.css").read_text(encoding="utf-8"),
)


def fmt(value: float) -> str:
    """A value as a cell prints it: integers whole, others to 3 significant digits, infinities as ∞."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == int(value) and abs(value) < 1e6:
        return str(int(value)) if value else "0"
    if abs(value) >= 1000:
        return f"{value:.0f}"
    return f"{value:.3g}"


def texts(values: np.ndarray) -> list[str]:
    return [fmt(float(v)) for v in np.asarray(values, dtype=np.float64).ravel()]


# A tone is one character per cell: its colour's position on the scale, in TONE_LEVELS steps ("~": none).
# One character a cell keeps a 32x32 walk's 9,216 product tones at 9 kB instead of ~50 kB of numbers.
TONE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
TONE_LEVELS = len(TONE_CHARS) - 1  # 61: index 0 is the scale's low end, 61 its high end


def tones(values: np.ndarray, bound: float | None = None) -> tuple[str, bool]:
    """Each value's colour position, one character a cell, and whether the scale is diverging.

    All values >= 0: 0 .. max maps onto the characters' range. Any value < 0: -m .. m, centred on 0
    (m the largest magnitude), so 0 sits in the middle. Infinite or NaN cells get "~" (no colour).
    ``bound``: a diverging scale -bound .. bound shared with other grids (values beyond it saturate).
    """
    array = np.asarray(values, dtype=np.float64).ravel()
    finite = np.isfinite(array)
    if not finite.any():
        return "~" * array.size, bound is not None
    diverging = bound is not None or bool((array[finite] < 0).any())
    if bound is not None and bound > 0 and math.isfinite(bound):
        scale = float(bound)
    else:
        scale = float(np.abs(array[finite]).max()) or 1.0
    position = (array / scale + 1) / 2 if diverging else array / scale
    index = np.rint(np.clip(np.where(finite, position, 0), 0, 1) * TONE_LEVELS).astype(int)
    chars = np.array(list(TONE_CHARS))[index]
    return "".join(np.where(finite, chars, "~").tolist()), diverging


def grid_spec(
    title: str,
    values: np.ndarray,
    roles: str | None = None,
    *,
    bound: float | None = None,
    box: tuple[int, int, int, int] | None = None,
    quiet: bool = False,
    printed: list[str] | None = None,
) -> dict:
    """One grid: its values as printed (``printed``, or ``fmt`` of each), a tone a cell, and optionally
    the input roles, a shared diverging ``bound``, an outlined ``box`` (top, left, bottom, right) and
    ``quiet`` (colour only; the numbers stay in data-value and on hover)."""
    values = np.asarray(values)
    tone, diverging = tones(values, bound)
    spec = {
        "title": title,
        "rows": int(values.shape[0]),
        "cols": int(values.shape[1]),
        "values": printed if printed is not None else texts(values),
        "tones": tone,
        "diverging": diverging,
    }
    if roles is not None:
        spec["roles"] = roles
    if box is not None:
        spec["box"] = [int(v) for v in box]
    if quiet:
        spec["quiet"] = True
    return spec


def roles(walk) -> str:
    """One digit per padded cell: 0 input read, 1 input no window reads, 2 padding read, 3 padding unread."""
    padding = walk.is_padding()
    top, left = walk.offset
    height, width = padding.shape
    read_rows = np.zeros(height, dtype=bool)
    read_cols = np.zeros(width, dtype=bool)
    read_rows[np.unique(walk.rows) + top] = True
    read_cols[np.unique(walk.cols) + left] = True
    read = read_rows[:, None] & read_cols[None, :]
    digits = np.where(padding, 2, 0) + np.where(read, 0, 1)
    return "".join(map(str, digits.ravel().tolist()))


def labels(math_title: str) -> dict:
    """The component's words in the session's language; {i}, {j}, {k}, {n} are filled in the browser."""
    return {
        "play": t("grid.play"),
        "pause": t("grid.pause"),
        "prev": t("window.prev"),
        "next": t("window.next"),
        "first": t("grid.first"),
        "speed": t("grid.speed"),
        "scrub": t("grid.scrub"),
        "where": t("grid.where"),
        "math_title": math_title,
        "window": t("window.window"),
        "products": t("window.products"),
        "bias": t("anim.bias"),
        "more_terms": t("grid.more_terms"),
        "reads": t("grid.reads"),
    }


def _window(walk) -> dict:
    return {"rows": walk.rows.tolist(), "cols": walk.cols.tolist()}


def _input_panel(walk, title: str, kernel_title: str | None) -> dict:
    panel = {
        "input": grid_spec(title, walk.padded.numpy(), roles(walk)),
        "top": int(walk.offset[0]),
        "left": int(walk.offset[1]),
        "kernel": None,
        "products": None,
    }
    if kernel_title is not None:
        panel["kernel"] = grid_spec(kernel_title, walk.kernel.numpy())
        products = walk.products.numpy()
        panel["products"] = texts(products)
        # one scale for every cell's products
        panel["product_tones"], panel["product_diverging"] = tones(products)
    return panel


def _reads(walk, panel: dict):
    """Each output cell's window as printed (row-major), from the panel's padded-input texts."""
    spec = panel["input"]
    return equations.windows(spec["values"], spec["cols"], panel["top"], panel["left"], walk.rows, walk.cols)


def conv_equations(walk: SlidingWindow, panel: dict, more: str) -> list[list[str]]:
    """Every output cell's equation line (``ui.equations``), row-major: what the page's arithmetic prints."""
    weights = panel["kernel"]["values"]
    outputs = texts(walk.output.numpy())
    bias = fmt(walk.bias) if walk.bias else None
    totals = texts(walk.products.sum(dim=(-2, -1)).numpy()) if bias else outputs
    h_out, w_out = walk.shape
    return [
        [
            equations.products(
                equations.cell_label(*divmod(index, w_out)),
                values,
                weights,
                more,
                totals[index],
                bias,
                outputs[index],
            )
        ]  # fmt: skip
        for index, values in enumerate(_reads(walk, panel))
    ]


def conv_payload(walk: SlidingWindow, cell: tuple[int, int], math_title: str) -> dict:
    """One input channel and one kernel: the padded input, the kernel, the output and every product."""
    panel = _input_panel(walk, t("grid.input"), t("window.kernel"))
    bias = fmt(walk.bias) if walk.bias else None
    return {
        "equations": conv_equations(walk, panel, t("grid.more_terms")),
        "kind": "conv",
        "shape": list(walk.shape),
        "panels": [panel],
        "window": _window(walk),
        "output": grid_spec(t("anim.output_title"), walk.output.numpy()),
        "bias": bias,
        "cell": list(cell),
        "projector": projector.on(),
        "text": labels(math_title),
    }


def channel_payload(
    walk: ChannelWindow, o: int, names: list[str], cell: tuple[int, int], math_title: str
) -> dict:
    """Every input channel with its own kernel; output channel o = the channels' sums + bias[o]."""
    panels = []
    reads = walk.reads[o] if walk.reads else range(len(names))
    for w, name in zip(walk.walks[o], [names[c] for c in reads]):
        panel = _input_panel(w, name, f"{name}: K")
        panel["totals"] = texts(w.output.numpy())  # a channel's walk has no bias: its sum of products
        panels.append(panel)
    first = walk.walks[o][0]
    more, bias = t("grid.more_terms"), fmt(float(walk.bias[o]))
    outputs = texts(walk.output[o].numpy())
    per_channel = []
    for panel, name, w in zip(panels, [names[c] for c in reads], walk.walks[o]):
        weights = panel["kernel"]["values"]
        per_channel.append([
            equations.products(name, values, weights, more, panel["totals"][index], sep=": ")
            for index, values in enumerate(_reads(w, panel))
        ])  # fmt: skip
    lines = []
    w_out = walk.shape[1]
    for index, out in enumerate(outputs):
        parts = [f"{name}: {equations.paren(panel['totals'][index])}"
                 for name, panel in zip([names[c] for c in reads], panels)]  # fmt: skip
        label = f"Y[{o}][{', '.join(map(str, divmod(index, w_out)))}]"
        total = f"{label} = {' + '.join(parts)} + {t('anim.bias')}: {equations.paren(bias)} = {out}"
        lines.append([rows[index] for rows in per_channel] + [total])
    return {
        "equations": lines,
        "kind": "channels",
        "channel": o,
        "shape": list(walk.shape),
        "panels": panels,
        "window": _window(first),
        "output": grid_spec(t("anim.output_channel", o=o), walk.output[o].numpy()),
        "bias": fmt(float(walk.bias[o])),
        "cell": list(cell),
        "projector": projector.on(),
        "text": labels(math_title),
    }


def pool_payload(walk: PoolWindow, cell: tuple[int, int], math_title: str) -> dict:
    """Pooling: the padded input (padding as -inf for max, 0 for average), each max starred."""
    panel = _input_panel(walk, t("grid.input"), None)
    more, outputs = t("grid.more_terms"), texts(walk.output.numpy())
    divisors = None if walk.divisors is None else [str(int(d)) for d in walk.divisors.ravel()]
    lines = []
    for index, values in enumerate(_reads(walk, panel)):
        label = equations.cell_label(*divmod(index, walk.shape[1]))
        if walk.mode == "max":
            lines.append([equations.maximum(label, values, more, outputs[index])])
        else:
            lines.append([equations.average(label, values, more, divisors[index], outputs[index])])
    return {
        "equations": lines,
        "kind": "pool",
        "mode": walk.mode,
        "shape": list(walk.shape),
        "panels": [panel],
        "window": _window(walk),
        "output": grid_spec(t("anim.output_title"), walk.output.numpy()),
        "marks": None if walk.argmax is None else walk.argmax.reshape(-1, 2).tolist(),
        "divisors": divisors,
        "bias": None,
        "cell": list(cell),
        "projector": projector.on(),
        "text": labels(math_title),
    }


def scatter_payload(walk: TransposedWalk, cell: tuple[int, int], math_title: str) -> dict:
    """Transposed convolution, input cell by input cell: the input, the kernel, the output with the padding
    it crops, every product, and each write's running sum (what the written cell holds right after it)."""
    canvas = walk.canvas.numpy().copy()
    top, left = walk.offset
    h_out, w_out = walk.shape
    canvas[top : top + h_out, left : left + w_out] = (
        walk.output.numpy()
    )  # torch's numbers where they are kept
    cells = np.full(canvas.shape, 2)
    cells[top : top + h_out, left : left + w_out] = 0
    running = walk.running.numpy()
    tone, diverging = tones(np.concatenate([canvas.ravel(), running.ravel()]))  # one scale for both
    output = grid_spec(t("tr.output_title"), canvas, "".join(map(str, cells.ravel().tolist())))
    output["tones"], output["diverging"] = tone[: canvas.size], diverging
    products = walk.products.numpy()
    product_tones, product_diverging = tones(products)
    text = labels(math_title)
    text.update(
        where=t("tr.where"),
        scrub=t("tr.scrub"),
        products=t("tr.products"),
        dropped=t("tr.dropped"),
        dropped_cell=t("tr.dropped_cell"),
        contributions=t("tr.contributions"),
    )
    return {
        "kind": "scatter",
        "shape": list(walk.input.shape),
        "input": grid_spec(t("tr.input_title"), walk.input.numpy()),
        "kernel": grid_spec(t("window.kernel"), walk.kernel.numpy()),
        "output": output,
        "top": int(top),
        "left": int(left),
        "rows": walk.rows.tolist(),
        "cols": walk.cols.tolist(),
        "products": texts(products),
        "product_tones": product_tones,
        "product_diverging": product_diverging,
        "running": texts(running),
        "running_tones": tone[canvas.size :],
        "zero": fmt(0.0),
        "cell": list(cell),
        "projector": projector.on(),
        "text": text,
    }


def direct_payload(walk: SlidingWindow, original: np.ndarray, cell: tuple[int, int], math_title: str) -> dict:
    """The direct convolution equal to a transposed one: the zero-inserted, padded input (every cell that is
    not an input cell striped as padding), the rotated kernel, the output."""
    payload = conv_payload(walk, cell, math_title)
    digits = np.array([int(d) for d in roles(walk)]).reshape(tuple(walk.padded.shape))
    inserted = np.ones(digits.shape, dtype=bool)
    rows, cols = original[..., 0].ravel(), original[..., 1].ravel()
    keep = (rows >= 0) & (rows < digits.shape[0]) & (cols >= 0) & (cols < digits.shape[1])
    inserted[rows[keep], cols[keep]] = False
    digits = np.where(inserted, digits % 2 + 2, digits % 2)
    panel = payload["panels"][0]
    panel["input"]["roles"] = "".join(map(str, digits.ravel().tolist()))
    panel["input"]["title"] = t("tr.direct_input")
    panel["kernel"]["title"] = t("tr.rotated")
    return payload


def maps_payload(grids: list[tuple[str, str, np.ndarray] | dict]) -> dict:
    """Static grids side by side, each ``(name, title, values)`` or a ``grid_spec`` with its ``name``: a
    feature map, several output channels, the learning page's kernels."""
    specs = []
    for grid in grids:
        if isinstance(grid, dict):
            specs.append(grid)
            continue
        name, title, values = grid
        spec = grid_spec(title, values)
        spec["name"] = name
        specs.append(spec)
    return {"kind": "maps", "grids": specs, "projector": projector.on()}


def links_payload(grids: list[dict], links: list[dict], rows: list[list[str]] | None = None,
                  frames: dict | None = None) -> dict:  # fmt: skip
    """Static grids (``grid_spec``s with a ``name``) that light each other on hover, from a server-side table.

    Each link is ``{"grid": name, "on": "cell" | "row" | "col", "lists": [...], "captions": [...]}``: for
    each cell (row-major), row or column of that grid, the cells to light as ``(grid name, flat index)``
    pairs, and optionally a caption line each. They travel as flat indices over every grid's cells in order
    (the browser only looks them up). ``rows``: the grids' names line by line (default: one line).
    ``frames``: ``{"lists": [...], "captions": [...], "text": {...}}``, cells to light frame by frame
    (the same pairs), which the component plays a frame a second with play, pause and step buttons.
    """
    offsets, total = {}, 0
    for spec in grids:
        offsets[spec["name"]] = total
        total += spec["rows"] * spec["cols"]
    tables = []
    for link in links:
        table = {
            "grid": link["grid"],
            "on": link["on"],
            "lists": [sorted({offsets[name] + int(k) for name, k in cells}) for cells in link["lists"]],
        }
        if link.get("captions") is not None:
            table["captions"] = list(link["captions"])
        tables.append(table)
    payload = {"kind": "links", "grids": grids, "links": tables, "projector": projector.on()}
    if frames is not None:
        payload["frames"] = {
            "lists": [sorted({offsets[name] + int(k) for name, k in cells}) for cells in frames["lists"]],
            "captions": list(frames.get("captions") or []),
            "text": dict(frames.get("text") or {}),
        }
    if rows is not None:
        index = {spec["name"]: k for k, spec in enumerate(grids)}
        payload["rows"] = [[index[name] for name in line] for line in rows]
    return payload


def show_links(key: str, grids: list[dict], links: list[dict], rows: list[list[str]] | None = None,
               frames: dict | None = None):  # fmt: skip
    """Mount (or update in place) linked static grids under ``key`` (``links_payload``)."""
    return COMPONENT(key=key, data=links_payload(grids, links, rows, frames), width="stretch")


def show_maps(key: str, grids: list[tuple[str, str, np.ndarray] | dict]):
    """Mount (or update in place) static grids under ``key``."""
    return COMPONENT(key=key, data=maps_payload(grids), width="stretch")


def show(key: str, payload: dict, on_pin: Callable[[], None] | None = None):
    """Mount (or update in place) the component under ``key``; returns its state (``.cell`` when pinned).

    A sliding window plays at the session's speed (``ui.pace``); a speed picked in it becomes the session's."""
    payload = {**payload, "speed": pace.get()}
    return COMPONENT(key=key, data=payload, on_cell_change=on_pin or (lambda: None),
                     on_speed_change=functools.partial(pace.keep, key), width="stretch")  # fmt: skip
