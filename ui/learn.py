"""The kernel-learning page's blocks: its settings, the training run, the player and the live view.

The run is computed once per settings signature (``learn_kernel`` does
thousands of steps a second) and kept in ``st.session_state``; the page then
*reveals* it step by step. Play, pause, step, to-the-end and reset only move the
reveal index, so every frame shows one consistent step: the loss curve up to
it, that step's kernel and its prediction. Changing a setting changes the
signature: the run is recomputed and the reveal restarts, paused.

While playing, a fragment with ``run_every=TICK`` advances the reveal and
redraws only itself (three small dict-built figures and a progress bar); the
rest of the page is not rerun. The timer exists only while playing: play and
pause are full reruns, and the tick that reaches the end asks for one.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from convcore.learn import (
    OPTIMIZERS,
    BestKernel,
    best_kernel,
    evaluate_kernel,
    initial_kernel,
    learn_kernel,
    make_target,
)
from ui import controls, figures, grid, state
from ui.i18n import t

TICK = 0.08  # seconds between live updates while playing (12.5 a second at best)
AUTO_UPDATES = 50  # the "auto" speed reaches the end of any run in about this many updates
SPEEDS = ("auto", 1, 2, 5, 10, 20, 50, 100)  # steps revealed per update
LR_OPTIONS = tuple(
    float(f"{m}e{e}") for e in range(-4, 3) for m in (1, 2, 3, 5) if (e, m) <= (2, 1)
)  # 1e-4..100
MAX_STEPS = 2000
MAX_SIZE = 7
# Streamlit's theme costs the browser more than the chart itself (every live update is a fresh
# Plotly.newPlot: the chart's id hashes its spec), so the live charts go unthemed, styled here
FONT = {"family": '"Source Sans", sans-serif', "color": "#31333F"}
STATIC = {"staticPlot": True}
LOSS_COLOUR = "#b2182b"
BEST_COLOUR = "#2166ac"

# session-state keys that are not widgets
RUN, AT, PLAYING, FULL_RUN = "ln_run", "ln_at", "ln_playing", "_ln_full_run"


def _default(key: str, value) -> None:
    """Seed a widget's value before it is created (its ``value=`` stays unset: no double default)."""
    if key not in st.session_state:
        st.session_state[key] = value


def lr_label(lr: float) -> str:
    return f"{lr:g}"


# --------------------------------------------------------------------------- settings


def _parse_lr(text: str) -> float:
    value = float(text)
    for option in LR_OPTIONS:
        if math.isclose(value, option, rel_tol=1e-9):
            return option
    raise ValueError(text)


def link_params() -> list[state.Param]:
    """The page's link: the data, the target, the model and the optimizer (the player is not a setting)."""
    size = state.integer("ln_rows", 1, 1, MAX_SIZE)
    return [
        *controls.input_params("ln_in", "edge"),  # the d2l experiment: the 6x8 edge image
        *controls.kernel_params("ln_k", "d2l_edge"),
        state.number("ln_noise", 0.0, 0.0, 100.0),
        state.integer("ln_seed", 0, 0, 10**6),
        state.flag("ln_same", True),
        state.Param("ln_rows", None, size.parse, source="_ln_link_rows", initial=False),
        state.Param("ln_cols", None, size.parse, source="_ln_link_cols", initial=False),
        state.flag("ln_bias", False),
        state.choice("ln_opt", OPTIMIZERS, "sgd"),
        state.Param("ln_lr", 3e-2, _parse_lr, lr_label),
        state.integer("ln_steps", 10, 1, MAX_STEPS),
    ]


@dataclass(frozen=True)
class Settings:
    """What defines one training run: the data, the target and the model and optimizer."""

    X: torch.Tensor
    target_kernel: torch.Tensor
    target_bias: float
    noise: float
    seed: int
    size: tuple[int, int]
    bias: bool
    optimizer: str
    lr: float
    steps: int

    @property
    def align(self) -> str:
        same = self.size == tuple(self.target_kernel.shape)
        return "exact" if same else "center"

    def signature(self) -> str:
        digest = hashlib.sha1()
        for tensor in (self.X, self.target_kernel):
            digest.update(repr(tuple(tensor.shape)).encode())
            digest.update(tensor.detach().to(torch.float32).contiguous().numpy().tobytes())
        scalars = (self.target_bias, self.noise, self.seed, self.size, self.bias, self.optimizer, self.lr)
        digest.update(repr((*scalars, self.steps)).encode())
        return digest.hexdigest()


@dataclass
class Slots:
    """Placeholders under the controls, where a problem with that control is shown."""

    input: st.delta_generator.DeltaGenerator
    target: st.delta_generator.DeltaGenerator
    model: st.delta_generator.DeltaGenerator


def settings_block() -> tuple[Settings, Slots]:
    """The three columns of settings; returns them and the slots for problems (defaults: link_params)."""
    for param in link_params():
        if param.initial:
            _default(param.key, param.default)

    col_data, col_target, col_model = st.columns(3, gap="medium")
    with col_data:
        st.subheader(t("learn.data"))
        source = controls.input_picker("ln_in")
        input_slot = st.empty()
        st.number_input(
            t("learn.noise"), 0.0, 100.0, step=0.05, key="ln_noise", help=t("learn.noise_help"), format="%.3g"
        )
        st.number_input(t("learn.seed"), 0, 10**6, key="ln_seed", help=t("learn.seed_help"))
    with col_target:
        st.subheader(t("learn.target"))
        kernel = controls.kernel_picker("ln_k", default="d2l_edge")
        target_slot = st.empty()
    with col_model:
        st.subheader(t("learn.model"))
        same = st.toggle(t("learn.same_size"), key="ln_same", help=t("learn.same_size_help"))
        if same:
            size = tuple(int(n) for n in kernel.weight.shape)
        else:
            _default("ln_rows", int(min(kernel.weight.shape[0], MAX_SIZE)))
            _default("ln_cols", int(min(kernel.weight.shape[1], MAX_SIZE)))
            left, right = st.columns(2)
            rows = left.number_input(t("learn.rows"), 1, MAX_SIZE, key="ln_rows")
            cols = right.number_input(t("learn.cols"), 1, MAX_SIZE, key="ln_cols")
            size = (int(rows), int(cols))
        st.session_state["_ln_link_rows"], st.session_state["_ln_link_cols"] = (
            size if not same else (None, None)
        )
        model_slot = st.empty()
        bias = st.toggle(t("learn.bias"), key="ln_bias", help=t("learn.bias_help"))
        optimizer = st.selectbox(
            t("learn.optimizer"), OPTIMIZERS, key="ln_opt", format_func=lambda name: t(f"learn.opt_{name}")
        )
        lr = st.select_slider(
            t("learn.lr"), LR_OPTIONS, key="ln_lr", format_func=lr_label, help=t("learn.lr_help")
        )
        steps = st.number_input(t("learn.steps"), 1, MAX_STEPS, key="ln_steps")
    settings = Settings(
        X=source.matrix,
        target_kernel=kernel.weight,
        target_bias=float(kernel.bias),
        noise=float(st.session_state["ln_noise"]),
        seed=int(st.session_state["ln_seed"]),
        size=size,
        bias=bool(bias),
        optimizer=optimizer,
        lr=float(lr),
        steps=int(steps),
    )
    return settings, Slots(input_slot, target_slot, model_slot)


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True, eq=False)
class Run:
    """One training run, computed once: the kernel, bias and loss after each of ``last`` + 1 steps.

    Index 0 is the starting kernel; index k the kernel after k updates and its
    loss. A diverged run ends at the last kernel whose loss was still finite
    enough to update; ``blew_up`` is (the step whose loss exploded, that loss): the engine's record
    ``k`` holds the loss before update ``k``, so the blow-up is drawn at step ``k - 1`` (= ``last``).
    """

    signature: str
    settings: Settings
    Y: torch.Tensor  # the target, noise included
    weights: np.ndarray  # (last + 1, kh, kw)
    biases: np.ndarray  # (last + 1,)
    losses: np.ndarray  # (last + 1,)
    blew_up: tuple[int, float] | None
    best: BestKernel  # the lowest loss any kernel of this size reaches on the noisy target
    best_clean: BestKernel  # ... on the noise-free target: can this size express the target at all?
    windows: tuple[tuple[int, int, int, int], tuple[int, int, int, int]]  # compared regions of Y_hat, Y

    @property
    def last(self) -> int:
        return len(self.losses) - 1

    @property
    def floor(self) -> float:
        """Where the log axis stops: losses below this are float rounding (the engine's notes)."""
        return max(1e-12 * self.best.energy, 1e-30)


class Problem(Exception):
    """A setting that gives no run: ``slot`` names the control to show ``message`` under."""

    def __init__(self, slot: str, message: str):
        super().__init__(message)
        self.slot, self.message = slot, message


def _fits(kernel: tuple[int, int], X: torch.Tensor) -> bool:
    return kernel[0] <= X.shape[0] and kernel[1] <= X.shape[1]


def compute_run(settings: Settings) -> Run:
    """The whole run for ``settings`` (convcore does every number); raises ``Problem`` when there is none."""
    s = settings
    X, K = s.X, s.target_kernel
    if not _fits(tuple(K.shape), X):
        raise Problem(
            "target", t("learn.target_too_big", kh=K.shape[0], kw=K.shape[1], h=X.shape[0], w=X.shape[1])
        )
    if not _fits(s.size, X):
        raise Problem(
            "model", t("learn.size_too_big", kh=s.size[0], kw=s.size[1], h=X.shape[0], w=X.shape[1])
        )
    try:
        Y = make_target(X, K, s.target_bias, s.noise, s.seed)
        clean = make_target(X, K, s.target_bias)
    except ValueError as error:
        raise Problem("target", t("learn.no_target", reason=str(error))) from None
    try:
        w0, b0 = initial_kernel(s.size, s.bias, s.seed)
        records = list(
            learn_kernel(
                X,
                Y,
                s.size,
                s.lr,
                s.steps,
                s.optimizer,
                s.bias,
                s.seed,
                weight_init=w0,
                bias_init=b0 if s.bias else None,
                align=s.align,
            )
        )
        best = best_kernel(X, Y, s.size, s.bias, align=s.align)
        best_clean = best_kernel(X, clean, s.size, s.bias, align=s.align)
    except ValueError as error:
        raise Problem("model", t("learn.no_model", reason=str(error))) from None
    start = evaluate_kernel(X, Y, w0, b0, align=s.align)
    blew_up = None
    weights = [w0.numpy()] + [r.weight.numpy() for r in records]
    biases = [b0] + [r.bias for r in records]
    losses = [r.loss for r in records]
    if records[-1].diverged:
        # the exploding record made no update: its weight is the previous one, its loss the blow-up
        blew_up = (records[-1].step - 1, records[-1].loss)
        weights, biases = weights[:-1], biases[:-1]
    else:
        last = records[-1]
        losses.append(evaluate_kernel(X, Y, last.weight, last.bias, align=s.align).loss)
    return Run(
        signature=s.signature(),
        settings=s,
        Y=Y,
        weights=np.stack(weights).astype(np.float64),
        biases=np.asarray(biases, dtype=np.float64),
        losses=np.asarray(losses, dtype=np.float64),
        blew_up=blew_up,
        best=best,
        best_clean=best_clean,
        windows=(start.prediction_window, start.target_window),
    )


def current_run(settings: Settings) -> Run:
    """The run for these settings: kept while they stay the same; else recomputed, reveal at 0, paused."""
    run = st.session_state.get(RUN)
    signature = settings.signature()
    if run is None or run.signature != signature:
        run = compute_run(settings)
        st.session_state[RUN] = run
        st.session_state[AT] = 0
        st.session_state[PLAYING] = False
    st.session_state[AT] = min(int(st.session_state.get(AT, 0)), run.last)
    return run


# --------------------------------------------------------------------------- the player


def steps_per_update(last: int, speed) -> int:
    """Steps one live update moves: ``speed``, or for "auto" enough to end in about AUTO_UPDATES updates."""
    if speed == "auto":
        return max(1, math.ceil(last / AUTO_UPDATES))
    return int(speed)


def advance(at: int, last: int, per_update: int) -> tuple[int, bool]:
    """The reveal index after one live update, and whether playing goes on."""
    at = min(at + per_update, last)
    return at, at < last


def _run_and_at() -> tuple[Run | None, int]:
    run = st.session_state.get(RUN)
    return run, int(st.session_state.get(AT, 0))


def _play() -> None:
    run, at = _run_and_at()
    if run is None:
        return
    if at >= run.last:
        st.session_state[AT] = 0  # play again from the start
    st.session_state[PLAYING] = run.last > 0


def _pause() -> None:
    # not a toggle: a click's trigger can reach the server twice (once with a queued live update),
    # and pausing twice must still mean paused
    st.session_state[PLAYING] = False


def _step() -> None:
    run, at = _run_and_at()
    if run is not None:
        st.session_state[PLAYING] = False
        st.session_state[AT] = min(at + 1, run.last)


def _to_end() -> None:
    run, _ = _run_and_at()
    if run is not None:
        st.session_state[PLAYING] = False
        st.session_state[AT] = run.last


def _reset() -> None:
    st.session_state[PLAYING] = False
    st.session_state[AT] = 0


def player_block(run: Run) -> None:
    """Play/pause, step, to the end, reset, and the speed: they move the reveal index only."""
    at, playing = int(st.session_state.get(AT, 0)), bool(st.session_state.get(PLAYING))
    _default("ln_speed", "auto")
    cols = st.columns([1.2, 1, 1.2, 1, 2.6], vertical_alignment="bottom")
    if playing:
        label, icon = t("learn.pause"), ":material/pause:"
    elif at >= run.last and run.last > 0:
        label, icon = t("learn.replay"), ":material/replay:"
    else:
        label, icon = t("learn.play"), ":material/play_arrow:"
    cols[0].button(
        label, key="ln_pause" if playing else "ln_play", icon=icon, type="primary",
        on_click=_pause if playing else _play, width="stretch", disabled=run.last == 0,
    )  # fmt: skip
    cols[1].button(
        t("learn.step"), key="ln_step", icon=":material/skip_next:", on_click=_step, width="stretch",
        disabled=at >= run.last, help=t("learn.step_help"),
    )  # fmt: skip
    cols[2].button(
        t("learn.to_end"), key="ln_end", icon=":material/fast_forward:", on_click=_to_end, width="stretch",
        disabled=at >= run.last,
    )  # fmt: skip
    cols[3].button(
        t("learn.reset"), key="ln_reset", icon=":material/first_page:", on_click=_reset, width="stretch",
        disabled=at == 0 and not playing,
    )  # fmt: skip
    cols[4].select_slider(
        t("learn.speed"),
        SPEEDS,
        key="ln_speed",
        format_func=lambda v: t("learn.speed_auto") if v == "auto" else str(v),
        help=t("learn.speed_help", n=AUTO_UPDATES, hz=round(1 / TICK)),
    )


# --------------------------------------------------------------------------- the live view


def tick(run: Run) -> None:
    """One live update if playing: a full rerun while playing counts as one (call before the player)."""
    if st.session_state.get(PLAYING):
        per = steps_per_update(run.last, st.session_state.get("ln_speed", "auto"))
        st.session_state[AT], st.session_state[PLAYING] = advance(st.session_state[AT], run.last, per)


def live(run: Run) -> None:
    """The live fragment; its timer is set only while playing (a full rerun clears it in the browser)."""
    st.session_state[FULL_RUN] = True
    st.fragment(_live_body, run_every=TICK if st.session_state[PLAYING] else None)()


def _live_body() -> None:
    run = st.session_state.get(RUN)
    if run is None:
        return
    full_run = st.session_state.pop(FULL_RUN, False)
    if not full_run:
        # a tick of the timer (or a click in here): advance; stopping the timer needs a full rerun
        if not st.session_state.get(PLAYING):
            st.rerun()
        per = steps_per_update(run.last, st.session_state.get("ln_speed", "auto"))
        st.session_state[AT], playing = advance(int(st.session_state.get(AT, 0)), run.last, per)
        if not playing:
            st.session_state[PLAYING] = False
            st.rerun()
    draw(run, min(int(st.session_state.get(AT, 0)), run.last))


def progress_text(run: Run, at: int) -> str:
    text = t("learn.progress", at=at, steps=run.settings.steps, loss=float(run.losses[at]))
    if run.blew_up is not None and at >= run.last:
        text += " · " + t("learn.progress_stopped")
    return text


def _big() -> bool:
    """Projector mode: chart text at 17px, so these charts are laid out for that size."""
    return bool(st.session_state.get("projector"))


def _short(number: str) -> str:
    """1.2e+03 -> 1.2e3, 4e-07 -> 4e-7: exponents that fit a small cell."""
    return number.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def _chart(figure: figures.RawFigure, key: str) -> None:
    """Style and send the loss chart; projector mode gets 17px text.

    Every update of a changed chart is a fresh Plotly.newPlot in the browser (the element's id hashes its
    spec), so while playing it skips plotly's hover and drag layers.
    """
    big = _big()
    live = bool(st.session_state.get(PLAYING))
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


def draw(run: Run, at: int) -> None:
    """What changes with the step: progress, loss curve, kernel, prediction; the verdict at the end."""
    s = run.settings
    fraction = at / run.last if run.last else 1.0
    st.progress(fraction, text=progress_text(run, at))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        _chart(loss_figure(run, at), "ln_loss")
    weight, bias = run.weights[at], float(run.biases[at])
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
        verdict(run)


def _floor(values: np.ndarray, floor: float) -> list[float]:
    """Losses for a log axis: values at or below the floor (rounding noise, exact 0) drawn at the floor."""
    return np.maximum(np.nan_to_num(values, nan=floor, posinf=1e300), floor).tolist()


def loss_figure(run: Run, at: int) -> figures.RawFigure:
    """The loss of each revealed step, log axis; the axes span the whole run so the curve grows in place."""
    floor = run.floor
    shown = _floor(run.losses[: at + 1], floor)
    whole = _floor(run.losses, floor)
    low, high = min(whole), max(whole)
    if run.best.loss > floor:  # the dashed line of the lowest possible loss stays in view
        low = min(low, run.best.loss)
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
    if run.best.loss > floor:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": [0, max(run.last, 1)],
                "y": [run.best.loss, run.best.loss],
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
    digits = 2 if _big() else 3
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
    s = run.settings
    weight = np.asarray(run.weights[at])
    target = s.target_kernel.numpy()
    bound = max(float(np.abs(target).max()), float(run.best.weight.abs().max()))
    if not done:
        title = t("learn.kernel_now", at=at) if at else t("learn.kernel_start")
        return [_spec("kernel", title, weight, bound)]
    grids = [
        _spec("kernel", t("learn.kernel_learned"), weight, bound),
        _spec("target_kernel", t("learn.kernel_target"), target, bound),
    ]
    if s.size != tuple(target.shape) and run.blew_up is None:
        grids.append(_spec("best_kernel", t("learn.kernel_best"), run.best.weight.numpy(), bound))
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
        _spec("target", t("learn.target_y"), Y, bound, box=_box(run.windows[1], Y.shape)),
        _spec("prediction", t("learn.prediction"), prediction, bound,
              box=_box(fit.prediction_window, prediction.shape)),
        _spec("residual", t("learn.residual"), fit.residual.numpy(), bound, quiet=True),
    ]  # fmt: skip


# --------------------------------------------------------------------------- the verdict


def suggested_lr(lr: float) -> float | None:
    """The largest offered lr at most a tenth of ``lr`` (None when there is none)."""
    smaller = [option for option in LR_OPTIONS if option <= lr / 10 * (1 + 1e-9)]
    return max(smaller) if smaller else None


def _use_lr(lr: float) -> None:
    st.session_state["ln_lr"] = lr


def verdict(run: Run) -> None:
    """At the end: the blow-up, or what was learned and what this kernel size can and cannot learn."""
    s = run.settings
    kh, kw = s.size
    th, tw = s.target_kernel.shape
    if run.blew_up is not None:
        step, loss = run.blew_up
        smaller = suggested_lr(s.lr)
        st.error(
            t("learn.blew_up", step=step, loss=loss, lr=lr_label(s.lr))
            + " "
            + (t("learn.try_lr", lr=lr_label(smaller)) if smaller else t("learn.try_lr_min")),
            icon=":material/error:",
        )
        if smaller and st.button(
            t("learn.use_lr", lr=lr_label(smaller)), key="ln_use_lr", on_click=_use_lr, args=(smaller,)
        ):
            st.rerun()  # a click in the fragment reruns only it; the new lr needs the whole page
        return
    final = float(run.losses[-1])
    lines = [t("learn.final", steps=run.last, first=float(run.losses[0]), loss=final)]
    best, clean = run.best, run.best_clean
    if clean.exact:
        if s.noise > 0:
            lines.append(t("learn.can_exact_noisy", kh=kh, kw=kw, noise=s.noise))
        else:
            lines.append(t("learn.can_exact", kh=kh, kw=kw, th=th, tw=tw))
    else:
        lines.append(t("learn.cannot", kh=kh, kw=kw, th=th, tw=tw, pct=100 * clean.unexplained))
        if s.target_bias != 0 and not s.bias:
            lines.append(t("learn.hint_bias", bias=s.target_bias))
        if kh < th or kw < tw:
            lines.append(t("learn.hint_size", th=th, tw=tw))
    if not best.unique:
        lines.append(t("learn.not_unique", rank=best.rank, unknowns=best.unknowns))
    if best.loss > run.floor:
        lines.append(t("learn.best_note", best=best.loss))
    if final > 10 * max(best.loss, run.floor) and final > run.floor * 1e3:
        lines.append(t("learn.not_yet_zero") if best.exact else t("learn.not_yet"))
    box = st.success if clean.exact and final <= 10 * max(best.loss, run.floor) else st.info
    box("\n\n".join(lines), icon=":material/school:")


# --------------------------------------------------------------------------- the code


def code(run: Run) -> str:
    """d2l's training loop (7.2.3) with the page's settings, as PyTorch (X and Y as the page made them)."""
    s = run.settings
    kh, kw = s.size
    h, w = s.X.shape
    (pt, pl, ch, cw), (tt, tl, _, _) = run.windows
    made = "corr2d(X, K)" + (" + b" if s.target_bias else "") + (" + noise" if s.noise else "")
    if s.align == "exact":
        crop_y, crop_hat = "", ""
    else:
        crop_y = f"Y = Y[:, :, {tt}:{tt + ch}, {tl}:{tl + cw}]  # compare the common centre {ch}x{cw}\n"
        crop_hat = f"[:, :, {pt}:{pt + ch}, {pl}:{pl + cw}]"
    if s.optimizer == "sgd":
        trainer = ""
        update = "    conv2d.weight.data[:] -= lr * conv2d.weight.grad"
        if s.bias:
            update += "\n    conv2d.bias.data[:] -= lr * conv2d.bias.grad"
    else:
        make = (
            "SGD(conv2d.parameters(), lr=lr, momentum=0.9)"
            if s.optimizer == "momentum"
            else ("Adam(conv2d.parameters(), lr=lr)")
        )
        trainer, update = f"trainer = torch.optim.{make}\n", "    trainer.step()"
    return f"""import torch
from torch import nn

# X: the {h}x{w} input, Y = {made}
conv2d = nn.Conv2d(1, 1, kernel_size=({kh}, {kw}), bias={s.bias})
X = X.reshape((1, 1, {h}, {w}))
Y = Y.reshape((1, 1, *Y.shape))
{crop_y}lr = {lr_label(s.lr)}
{trainer}
for i in range({s.steps}):
    Y_hat = conv2d(X){crop_hat}
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
{update}
    print(f"epoch {{i + 1}}, loss {{l.sum():.3f}}")
"""
