"""One frame of the learning page's run: the progress, the loss figure, and the kernel and output grids.

Everything here draws numbers convcore computed (the run's trajectory, ``evaluate_kernel``'s prediction at
the step on show); the only arithmetic is the look: the log axis's range, the colour scale's bound and
the cells' printed text.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

from convcore.learn import evaluate_kernel
from ui import figures, grid, projector
from ui.i18n import t
from ui.pages.learn import verdict
from ui.pages.learn.run import Run

# Streamlit's theme costs the browser more than the chart itself (every live update is a fresh
# Plotly.newPlot: the chart's id hashes its spec), so the live charts go unthemed, styled here
FONT = {"family": '"Source Sans", sans-serif', "color": "#31333F"}
STATIC = {"staticPlot": True}
LOSS_COLOUR = "#b2182b"
BEST_COLOUR = "#2166ac"


def frame(run: Run, at: int, playing: bool) -> None:
    """What changes with the step: progress, loss curve, kernel, prediction; the verdict at the end."""
    s, trajectory = run.settings, run.trajectory
    fraction = at / run.last if run.last else 1.0
    st.progress(fraction, text=progress_text(run, at))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        _chart(loss_figure(run, at), "ln_loss", playing)
    weight, bias = trajectory.weights[at], float(trajectory.biases[at])
    fit = evaluate_kernel(s.X, run.Y, weight, bias, align=s.align)
    done = at >= run.last
    with right:
        grid.show_maps("ln_kernel", kernel_grids(run, at, done))
        if s.bias:
            st.markdown(t("learn.bias_now", bias=bias))
    # Y, the prediction and their difference in one component: one cell size, one colour scale
    grid.show_maps("ln_outputs", output_grids(run, fit))
    if s.align == "center":
        h, w = fit.target_window[2:]
        st.caption(t("learn.compared_centre", h=h, w=w))
    if done:
        verdict.show(run)


def progress_text(run: Run, at: int) -> str:
    text = t("learn.progress", at=at, steps=run.settings.steps, loss=float(run.trajectory.losses[at]))
    if run.trajectory.blew_up is not None and at >= run.last:
        text += " · " + t("learn.progress_stopped")
    return text


def _short(number: str) -> str:
    """1.2e+03 -> 1.2e3, 4e-07 -> 4e-7: exponents that fit a small cell."""
    return number.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def _chart(figure: figures.RawFigure, key: str, live: bool) -> None:
    """Style and send the loss chart; projector mode gets 17px text.

    Every update of a changed chart is a fresh Plotly.newPlot in the browser (the element's id hashes its
    spec), so while playing (``live``) it skips plotly's hover and drag layers.
    """
    big = projector.on()
    layout = figure.spec["layout"]
    layout["margin"] = {**layout.get("margin", {}), "l": max(layout.get("margin", {}).get("l", 0), 36)}
    layout["font"] = {**FONT, **layout.get("font", {}), **({"size": 17} if big else {})}
    layout.update(paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")
    if big:
        layout["margin"]["t"] = layout["margin"].get("t", 0) + 14
        for note in layout.get("annotations", []):
            note["font"] = {**note.get("font", {}), "size": 19}
            note["yshift"] = note.get("yshift", 0) + 10
    st.plotly_chart(figure, key=key, config=STATIC if live else figures.CONFIG, theme=None)


def _floor(values: np.ndarray, floor: float) -> list[float]:
    """Losses for a log axis: values at or below the floor (rounding noise, exact 0) drawn at the floor."""
    return np.maximum(np.nan_to_num(values, nan=floor, posinf=1e300), floor).tolist()


def loss_figure(run: Run, at: int) -> figures.RawFigure:
    """The loss of each revealed step, log axis; the axes span the whole run so the curve grows in place."""
    trajectory = run.trajectory
    floor, best = trajectory.floor, trajectory.best.loss
    losses = trajectory.losses.numpy()
    shown = _floor(losses[: at + 1], floor)
    whole = _floor(losses, floor)
    low, high = min(whole), max(whole)
    if best > floor:  # the dashed line of the lowest possible loss stays in view
        low = min(low, best)
    if high <= low:
        high = low * 10
    span = math.log10(high) - math.log10(low)
    y_range = [math.log10(low) - 0.06 * span - 0.1, math.log10(high) + 0.06 * span + 0.1]
    # powers of ten only (plotly's 2 and 5 between them crowd at projector size); 2 decades or more
    y_ticks = {"dtick": max(1, math.ceil(span / 7))} if span >= 2 else {}
    many = run.last > 60
    data = [
        {
            "type": "scatter",
            "mode": "lines" if many else "lines+markers",
            "x": list(range(at + 1)),
            "y": shown,
            "line": {"color": LOSS_COLOUR, "width": 3},
            "marker": {"size": 8},
            "name": t("learn.loss"),
            "hovertemplate": t("learn.loss_hover") + "<extra></extra>",
        }
    ]
    if best > floor:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [0, max(run.last, 1)],
                "y": [best, best],
                "line": {"color": BEST_COLOUR, "width": 2, "dash": "dash"},
                "name": t("learn.best_line"),
                "hoverinfo": "skip",
            }
        )
    layout = {
        "height": 380,
        "margin": {"t": 50, "b": 50, "l": 70, "r": 20},
        "font": {"size": 15},
        "title": {"text": t("learn.loss_title"), "x": 0, "xanchor": "left", "font": {"size": 17}},
        "showlegend": len(data) > 1,
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"title": {"text": t("learn.axis_step")}, "range": [-0.3, max(run.last, 1) + 0.3],
                  "zeroline": False, **({"dtick": 1} if run.last <= 12 else {})},
        "yaxis": {"type": "log", "title": {"text": t("learn.axis_loss")}, "range": y_range,
                  "exponentformat": "power", **y_ticks},
    }  # fmt: skip
    return figures.RawFigure({"data": data, "layout": layout})


def _printed(values: np.ndarray, scale: float) -> list[str]:
    """Cell texts: 3 significant digits (2 in projector mode); values under 1/2000 of the colour scale
    read as 0, so a kernel that has settled does not print rounding noise."""
    digits = 2 if projector.on() else 3
    tiny = 5e-4 * (scale or 0.0)
    return [
        "0" if abs(v) < tiny else _short(f"{v:.{digits}g}")
        for v in np.asarray(values, dtype=np.float64).ravel().tolist()
    ]


def _spec(name: str, title: str, values: np.ndarray, bound: float, **extra) -> dict:
    """A grid on the run's shared diverging scale -bound .. bound (colours compare across grids and steps)."""
    bound = bound if bound > 0 and math.isfinite(bound) else 1.0
    values = np.asarray(values, dtype=np.float64)
    spec = grid.grid_spec(title, values, bound=bound, printed=_printed(values, bound), **extra)
    spec["name"] = name
    return spec


def kernel_grids(run: Run, at: int, done: bool) -> list[dict]:
    """The kernel now; at the end the learned kernel beside the target (and the best of its size)."""
    s, best = run.settings, run.trajectory.best
    weight = run.trajectory.weights[at].numpy()
    target = s.target_kernel.numpy()
    bound = max(float(np.abs(target).max()), float(best.weight.abs().max()))
    if not done:
        title = t("learn.kernel_now", at=at) if at else t("learn.kernel_start")
        return [_spec("kernel", title, weight, bound)]
    grids = [
        _spec("kernel", t("learn.kernel_learned"), weight, bound),
        _spec("target_kernel", t("learn.kernel_target"), target, bound),
    ]
    if s.size != tuple(target.shape) and run.trajectory.blew_up is None:
        grids.append(_spec("best_kernel", t("learn.kernel_best"), best.weight.numpy(), bound))
    return grids


def _box(window, full) -> tuple[int, int, int, int] | None:
    """The compared region (top, left, h, w) as an outline, when it is smaller than its map."""
    top, left, h, w = window
    return None if (h, w) == tuple(full) else (top, left, top + h - 1, left + w - 1)


def output_grids(run: Run, fit) -> list[dict]:
    """Target Y, the prediction and Ŷ − Y on Y's colour scale: the difference fades as the kernel learns.

    The difference speaks in colour (quiet: its numbers are on hover). Where the prediction and Y differ
    in size, each outlines the region the loss compares."""
    Y = run.Y.numpy()
    bound = float(np.abs(Y).max())
    prediction = fit.prediction.numpy()
    return [
        _spec("target", t("learn.target_y"), Y, bound, box=_box(run.trajectory.target_window, Y.shape)),
        _spec("prediction", t("learn.prediction"), prediction, bound,
              box=_box(fit.prediction_window, prediction.shape)),
        _spec("residual", t("learn.residual"), fit.residual.numpy(), bound, quiet=True),
    ]  # fmt: skip
