"""The session's own training run: play, pause, step and reset, and the live fragment that draws it.

The run (convcore's ``Training``) lives in this session's state only, so every student trains their own
network; pausing stops it (the fragment's timer is cleared), and a new setting starts a fresh run. While
playing, each tick of the fragment trains for about ``BUDGET`` seconds (at least one step) and then draws
the progress, the curves and the kernels in place (conv2's once a second).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from convcore import ConvError
from convcore.lenet import Training, TrainStep
from ui import figures, grid, projector
from ui.i18n import error_text, t
from ui.pages.lenet.settings import Settings

RUN, PLAYING, FULL_RUN, CONV2 = "_lt_run", "_lt_playing", "_lt_full_run", "_lt_conv2"
TICK = 0.05  # seconds between live updates while playing
BUDGET = 0.03  # seconds of training per live update (at least one step)
CONV2_EVERY = 1.0  # seconds between redraws of conv2's 3,325 cells while playing
FONT = {"family": '"Source Sans", sans-serif', "color": "#31333F"}
STATIC = {"staticPlot": True}
COLOURS = {"loss": "#b2182b", "train": "#2166ac", "test": "#1b7837"}


@dataclass
class Run:
    """One session's run: its settings, convcore's ``Training``, and every step's record so far."""

    settings: Settings
    training: Training
    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    tested_at: list[int] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    last: TrainStep | None = None

    def record(self, step: TrainStep) -> None:
        self.last = step
        self.steps.append(step.step)
        self.losses.append(step.loss)
        self.train_acc.append(step.train_accuracy)
        self.seconds.append(step.seconds)
        if step.tested:
            self.tested_at.append(step.step)
            self.test_acc.append(float(step.test_accuracy))

    def advance(self, budget: float) -> None:
        """Train for about ``budget`` seconds (at least one step), or to the end."""
        started = time.perf_counter()
        while not self.training.done:
            self.record(next(self.training))
            if time.perf_counter() - started >= budget:
                break


def current(chosen: Settings) -> Run:
    """This session's run for ``chosen``: kept while the settings stay; a new setting starts afresh.

    Raises ``ConvError`` for settings convcore refuses."""
    run = st.session_state.get(RUN)
    if run is None or run.settings != chosen:
        st.session_state[PLAYING] = False
        run = Run(chosen, Training(chosen.kind, chosen.optimizer, chosen.lr, chosen.batch_size, chosen.epochs,
                                   chosen.seed, chosen.init, eval_every=20))  # fmt: skip
        st.session_state[RUN] = run
    return run


def forget() -> None:
    st.session_state.pop(RUN, None)
    st.session_state[PLAYING] = False


def _play() -> None:
    run = st.session_state.get(RUN)
    st.session_state[PLAYING] = run is not None and not run.training.done


def _pause() -> None:
    st.session_state[PLAYING] = False  # not a toggle: a click may arrive twice


def _step() -> None:
    run = st.session_state.get(RUN)
    st.session_state[PLAYING] = False
    if run is not None and not run.training.done:
        run.record(next(run.training))


def _reset() -> None:
    forget()


def tick(run: Run) -> None:
    """A full rerun while playing (the Play click's own, or any other) is one update: call it before the
    player, so the buttons show what the update left."""
    if st.session_state.get(PLAYING):
        run.advance(BUDGET)
        st.session_state[PLAYING] = not run.training.done


def player_block(run: Run) -> None:
    playing = bool(st.session_state.get(PLAYING))
    done = run.training.done
    cols = st.columns([1.2, 1, 1, 3.8], vertical_alignment="bottom")
    if playing:
        cols[0].button(t("lenet.pause"), key="lt_pause", icon=":material/pause:", type="primary", on_click=_pause,
                       width="stretch")  # fmt: skip
    else:
        cols[0].button(t("lenet.play"), key="lt_play", icon=":material/play_arrow:", type="primary", on_click=_play,
                       width="stretch", disabled=done)  # fmt: skip
    cols[1].button(t("lenet.step"), key="lt_step", icon=":material/skip_next:", on_click=_step, width="stretch",
                   disabled=done)  # fmt: skip
    cols[2].button(t("lenet.reset"), key="lt_reset", icon=":material/first_page:", on_click=_reset,
                   width="stretch", disabled=run.last is None and not playing)  # fmt: skip
    cols[3].caption(t("lenet.player_help"))


def live(run: Run) -> None:
    """The live fragment; its timer is set only while playing (a full rerun clears it in the browser)."""
    st.session_state[FULL_RUN] = True
    st.fragment(_live_body, run_every=TICK if st.session_state.get(PLAYING) else None)()


def _live_body() -> None:
    run: Run | None = st.session_state.get(RUN)
    if run is None:
        return
    full_run = st.session_state.pop(FULL_RUN, False)
    if not full_run:
        if not st.session_state.get(PLAYING):
            st.rerun()  # the timer outlived a pause: a full rerun stops it
        run.advance(BUDGET)
        if run.training.done:
            st.session_state[PLAYING] = False
            st.rerun()  # the buttons and the other sections follow the finished run
    frame(run)


def frame(run: Run) -> None:
    training, last = run.training, run.last
    step = last.step if last else 0
    text = t("lenet.progress", step=step, steps=training.steps, epoch=last.epoch if last else 0,
             epochs=training.epochs)  # fmt: skip
    if last is not None:
        text += " · " + t("lenet.progress_numbers", loss=last.loss, train=100 * last.train_accuracy)
        if last.test_accuracy is not None:
            text += " · " + t("lenet.progress_test", test=100 * last.test_accuracy)
    st.progress(step / training.steps, text=text)
    if run.seconds:
        recent = np.median(run.seconds[-20:]) * 1e3
        st.caption(t("lenet.step_time", ms=recent, batch=training.batch_size))
    if run.last is None:  # no empty chart before the first step: the kernels below are the picture
        st.caption(t("lenet.curves_wait"))
    else:
        _chart(curves(run), "lt_curves", bool(st.session_state.get(PLAYING)))
    grid.show_maps("lt_conv1", conv1_grids(training.net.conv1.weight.detach()[:, 0].numpy()))
    st.caption(t("lenet.conv1_caption"))
    conv2_block(run)
    if training.done and not training.diverged:
        st.success(
            t("lenet.finished", test=100 * float(last.test_accuracy), steps=step), icon=":material/school:"
        )
    stalled = (
        last is not None and last.test_accuracy is not None and last.epoch >= 2 and last.test_accuracy < 0.2
    )
    if stalled and not training.diverged:
        st.warning(t("lenet.stalled"), icon=":material/trending_flat:")


def conv2_block(run: Run) -> None:
    """conv2's 16x6 kernels, in the live fragment but redrawn at most every ``CONV2_EVERY`` seconds while
    playing: redrawing its 3,325 cells on every live update halved the updates a second (5 instead of 11.6).
    In between, the same spec is sent again (Streamlit's message cache sends a large unchanged element as a
    reference) and the grid skips a spec whose ``version`` it already shows."""
    playing = bool(st.session_state.get(PLAYING))
    step = run.last.step if run.last else 0
    lang = st.session_state.get("lang")
    kept = st.session_state.get(CONV2)  # (run, language, step, when, spec): the run itself, not its id,
    same = kept is not None and kept[0] is run and kept[1] == lang  # which a new run may reuse
    if not (same and (kept[2] == step or (playing and time.monotonic() - kept[3] < CONV2_EVERY))):
        spec = conv2_grid(run.training.net.conv2.weight.detach().numpy())
        spec["version"] = (kept[4]["version"] + 1) if kept else 0  # every rebuild a new version
        kept = (run, lang, step, time.monotonic(), spec)
        st.session_state[CONV2] = kept
    grid.show_maps("lt_conv2", [kept[4]])
    st.caption(t("lenet.conv2_caption_playing" if playing else "lenet.conv2_caption"))


def conv1_grids(kernels: np.ndarray) -> list[dict]:
    bound = float(np.abs(kernels).max()) or 1.0
    specs = []
    for k, kernel in enumerate(kernels):
        spec = grid.grid_spec(t("lenet.kernel_title", k=k), kernel, bound=bound, quiet=True)
        spec["name"] = f"conv1_{k}"
        specs.append(spec)
    return specs


def conv2_grid(weight: np.ndarray) -> dict:
    """conv2's 16x6 kernels (5x5 each) as one grid: a row of tiles per input channel, a column per output
    channel, one empty cell between tiles; one shared colour scale."""
    out_channels, in_channels, kh, kw = weight.shape
    rows, cols = in_channels * (kh + 1) - 1, out_channels * (kw + 1) - 1
    values = np.full((rows, cols), np.nan)
    for o in range(out_channels):
        for c in range(in_channels):
            values[c * (kh + 1) : c * (kh + 1) + kh, o * (kw + 1) : o * (kw + 1) + kw] = weight[o, c]
    bound = float(np.abs(weight).max()) or 1.0
    printed = ["" if np.isnan(v) else grid.fmt(float(v)) for v in values.ravel()]
    spec = grid.grid_spec(t("lenet.conv2_title"), values, bound=bound, quiet=True, printed=printed)
    spec["name"] = "conv2"
    return spec


def curves(run: Run) -> figures.RawFigure:
    """The loss (left axis) and the training and test accuracy (right axis, %) of every step so far; the x
    axis spans the whole run, so the curves grow in place."""
    steps = run.training.steps
    finite = [v if np.isfinite(v) else None for v in run.losses]
    data = [
        {"type": "scatter", "mode": "lines", "x": run.steps, "y": finite, "name": t("lenet.loss"),
         "line": {"color": COLOURS["loss"], "width": 2}},
        {"type": "scatter", "mode": "lines", "x": run.steps, "y": [100 * a for a in run.train_acc],
         "name": t("lenet.train_acc"), "yaxis": "y2", "line": {"color": COLOURS["train"], "width": 2}},
        {"type": "scatter", "mode": "lines+markers", "x": run.tested_at, "y": [100 * a for a in run.test_acc],
         "name": t("lenet.test_acc"), "yaxis": "y2", "line": {"color": COLOURS["test"], "width": 2, "dash": "dot"},
         "marker": {"size": 4}},
    ]  # fmt: skip
    top = max([v for v in finite if v is not None] + [2.5])
    layout = {
        "height": 340,
        "margin": {"t": 40, "b": 45, "l": 50, "r": 50},
        "font": {"size": 14},
        "title": {"text": t("lenet.curves_title"), "x": 0, "xanchor": "left", "font": {"size": 16}},
        "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"title": {"text": t("lenet.axis_step")}, "range": [0, steps], "zeroline": False},
        "yaxis": {"title": {"text": t("lenet.loss")}, "range": [0, min(top, 10) * 1.05], "zeroline": False},
        "yaxis2": {"title": {"text": t("lenet.axis_acc")}, "range": [0, 100], "overlaying": "y", "side": "right",
                   "showgrid": False, "tickmode": "linear", "tick0": 0, "dtick": 20},  # not synced to the loss's
    }  # fmt: skip
    return figures.RawFigure({"data": data, "layout": layout})


def _chart(figure: figures.RawFigure, key: str, live: bool) -> None:
    """Send the curves unthemed (Streamlit's theme costs the browser more than the chart); while playing
    without plotly's hover and drag layers (every update is a fresh Plotly.newPlot)."""
    layout = figure.spec["layout"]
    layout["font"] = {**FONT, **layout.get("font", {}), **({"size": 17} if projector.on() else {})}
    layout.update(paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)")
    st.plotly_chart(figure, key=key, config=STATIC if live else figures.CONFIG, theme=None)


def diverged(run: Run, lr_slot) -> None:
    """A run whose loss stopped being a number: said under the learning rate (from the full run: a
    fragment may not write outside itself)."""
    if run.training.diverged:
        last = run.last
        lr_slot.error(
            t("lenet.diverged", step=last.step, loss=f"{last.loss:.4g}", lr=f"{run.training.lr:g}"), icon="⚠️"
        )


def problem(error: ConvError) -> str:
    return t("lenet.bad_setting", reason=error_text(error))
