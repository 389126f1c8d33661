"""The learning page's verdict at the end of a run: why it blew up (and a smaller learning rate to try),
or what was learned and what a kernel of this size can and cannot learn."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.pages.learn.run import Run
from ui.pages.learn.settings import LR_OPTIONS, lr_label


def suggested_lr(lr: float) -> float | None:
    """The largest offered lr at most a tenth of ``lr`` (None when there is none)."""
    smaller = [option for option in LR_OPTIONS if option <= lr / 10 * (1 + 1e-9)]
    return max(smaller) if smaller else None


def _use_lr(lr: float) -> None:
    st.session_state["ln_lr"] = lr


def show(run: Run) -> None:
    """At the end: the blow-up, or what was learned and what this kernel size can and cannot learn."""
    s, trajectory = run.settings, run.trajectory
    kh, kw = s.size
    th, tw = s.target_kernel.shape
    if trajectory.blew_up is not None:
        step, loss = trajectory.blew_up
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
    final = float(trajectory.losses[-1])
    lines = [t("learn.final", steps=run.last, first=float(trajectory.losses[0]), loss=final)]
    best, clean, floor = trajectory.best, run.best_clean, trajectory.floor
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
    if best.loss > floor:
        lines.append(t("learn.best_note", best=best.loss))
    if final > 10 * max(best.loss, floor) and final > floor * 1e3:
        lines.append(t("learn.not_yet_zero") if best.exact else t("learn.not_yet"))
    box = st.success if clean.exact and final <= 10 * max(best.loss, floor) else st.info
    box("\n\n".join(lines), icon=":material/school:")
