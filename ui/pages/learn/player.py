"""The learning page's player: the run kept in session state, play/pause/step/reset, and the live fragment.

The run is made once per settings signature (``learning_run`` does thousands of
steps a second) and kept in ``st.session_state``; the page then *reveals* it
step by step. Play, pause, step, to-the-end and reset only move the reveal
index, so every frame shows one consistent step: the loss curve up to it, that
step's kernel and its prediction. Changing a setting changes the signature:
the run is made again and the reveal restarts, paused.

While playing, a fragment with ``run_every=TICK`` advances the reveal and
redraws only itself (``draw.frame``: a progress bar, the loss chart and two
grid components); the rest of the page is not rerun. The timer exists only
while playing: play and pause are full reruns, and the tick that reaches the
end asks for one.
"""

from __future__ import annotations

import math

import streamlit as st

from ui import defaults
from ui.i18n import t
from ui.pages.learn import draw
from ui.pages.learn.run import Run

TICK = 0.08  # seconds between live updates while playing (12.5 a second at best)
AUTO_SECONDS = 4.0  # the "auto" speed plays any run in about this many seconds (long enough to watch) ...
SLOWEST = 0.4  # ... showing no step longer than this: d2l's 10 steps at 0.4 s, 2,000 steps 40 an update
AUTO_UPDATES = round(AUTO_SECONDS / TICK)  # a long run's updates at "auto": 50
SPEEDS = ("auto", 1, 2, 5, 10, 20, 50, 100)  # steps revealed per update

# session-state keys that are not widgets
RUN, AT, PLAYING, FULL_RUN = "ln_run", "ln_at", "ln_playing", "_ln_full_run"


# --------------------------------------------------------------------------- the kept run


def kept_run(signature: str) -> Run | None:
    """The run kept for the settings with this signature (its reveal index kept inside it); else None."""
    run = st.session_state.get(RUN)
    if run is None or run.signature != signature:
        return None
    st.session_state[AT] = min(int(st.session_state.get(AT, 0)), run.last)
    return run


def keep(run: Run) -> None:
    """Keep a new run for the next reruns: its reveal starts at step 0, paused."""
    st.session_state[RUN] = run
    st.session_state[AT] = 0
    st.session_state[PLAYING] = False


def forget() -> None:
    """The settings give no run: nothing is kept, nothing plays."""
    st.session_state.pop(RUN, None)
    st.session_state[PLAYING] = False


# --------------------------------------------------------------------------- the buttons


def interval(last: int, speed) -> float:
    """Seconds between live updates: TICK, or for "auto" on a short run longer (up to SLOWEST a step), so
    that the run takes about AUTO_SECONDS to watch instead of a blink."""
    if speed != "auto" or last <= 0:
        return TICK
    return max(TICK, min(SLOWEST, AUTO_SECONDS / last))


def steps_per_update(last: int, speed) -> int:
    """Steps one live update moves: ``speed``, or for "auto" enough to end in about AUTO_SECONDS."""
    if speed == "auto":
        return max(1, math.ceil(last * interval(last, speed) / AUTO_SECONDS - 1e-9))
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
    defaults.seed("ln_speed", "auto")
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
        help=t("learn.speed_help", seconds=round(AUTO_SECONDS), slowest=SLOWEST, hz=round(1 / TICK)),
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
    run_every = interval(run.last, st.session_state.get("ln_speed", "auto"))
    st.fragment(_live_body, run_every=run_every if st.session_state[PLAYING] else None)()


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
    at = min(int(st.session_state.get(AT, 0)), run.last)
    draw.frame(run, at, playing=bool(st.session_state.get(PLAYING)))
