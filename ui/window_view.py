"""The sliding-window component: animation, cell selection, step controls and the math panel.

One component for every page that slides a window (the explorer, several
channels, pooling). The selected output cell lives in session state under
``{key}_cell``; clicking an output cell, the previous/next buttons and the
row/column inputs all set it, and every part of the component reads it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import streamlit as st

from convcore.steps import CellStep, PoolStep
from ui import animation, figures, state
from ui.i18n import t


def selected_cell(key: str, shape: tuple[int, int]) -> tuple[int, int]:
    """The selected output cell, kept inside ``shape`` (the output may have shrunk since)."""
    cell = st.session_state.get(f"{key}_cell", (0, 0))
    cell = (min(cell[0], shape[0] - 1), min(cell[1], shape[1] - 1))
    st.session_state[f"{key}_cell"] = cell
    st.session_state[f"{key}_jump_i"], st.session_state[f"{key}_jump_j"] = (
        cell  # the inputs show the selection
    )
    return cell


def _select(key: str, cell: tuple[int, int]) -> None:
    st.session_state[f"{key}_cell"] = cell
    st.session_state[f"{key}_jump_i"], st.session_state[f"{key}_jump_j"] = cell


def _on_click(key: str, shape: tuple[int, int], trace: int) -> None:
    # the click targets sit on output cell centres: x is the column, y the row
    for point in st.session_state[f"{key}_anim"].selection.get("points", []):
        if point.get("curve_number") == trace:
            cell = (round(float(point["y"])), round(float(point["x"])))
            if 0 <= cell[0] < shape[0] and 0 <= cell[1] < shape[1]:
                _select(key, cell)


def _step(key: str, shape: tuple[int, int], delta: int) -> None:
    i, j = st.session_state[f"{key}_cell"]
    flat = min(max(i * shape[1] + j + delta, 0), shape[0] * shape[1] - 1)
    _select(key, divmod(flat, shape[1]))


def _jump(key: str) -> None:
    st.session_state[f"{key}_cell"] = (
        int(st.session_state[f"{key}_jump_i"]),
        int(st.session_state[f"{key}_jump_j"]),
    )


def animation_chart(key: str, scene: animation.Scene, cell: tuple[int, int]) -> None:
    """The animated figure; clicking an output cell selects it."""
    view = animation.view_shape(scene.shape)
    if view != scene.shape:
        st.info(
            t(
                "window.budget",
                vh=view[0],
                vw=view[1],
                h=scene.shape[0],
                w=scene.shape[1],
                frames=animation.MAX_FRAMES,
            )
        )
    small = (
        figures.show_values(view) and max(p.padded.shape[0] for p in scene.panels) <= figures.VALUE_LIMIT + 4
    )
    st.plotly_chart(
        animation.build(scene, cell, show_values=small),
        key=f"{key}_anim",
        on_select=functools.partial(_on_click, key, scene.shape, animation.click_trace(scene)),
        selection_mode="points",
        config=figures.CONFIG,
    )
    st.caption(t("window.anim_help"))


@st.fragment
def cell_section(
    key: str,
    scene: animation.Scene,
    title: Callable[[tuple[int, int]], str],
    math: Callable[[tuple[int, int]], None],
    params: list[state.Param],
) -> None:
    """The animation, the cell picker and the cell's arithmetic, as one fragment.

    Picking a cell (a click on the output, previous / next, the row and column inputs) reruns only this
    part, not the page's controls, formulas and other charts. The page's link names the cell, so the
    fragment publishes it too (a fragment run does not reach the page's own ``state.publish``).
    """
    cell = selected_cell(key, scene.shape)
    animation_chart(key, scene, cell)
    st.subheader(title(cell))
    step_controls(key, scene.shape)
    math(cell)
    state.publish(params)


def step_controls(key: str, shape: tuple[int, int]) -> None:
    """Previous / next in reading order, and a row / column to jump to."""
    columns = st.columns([1, 1, 1, 1, 3])
    columns[0].button("◀ " + t("window.prev"), on_click=_step, args=(key, shape, -1), key=f"{key}_prev",
                      width="stretch")  # fmt: skip
    columns[1].button(t("window.next") + " ▶", on_click=_step, args=(key, shape, 1), key=f"{key}_next",
                      width="stretch")  # fmt: skip
    columns[2].number_input(
        t("window.row"), 0, shape[0] - 1, key=f"{key}_jump_i", on_change=_jump, args=(key,)
    )
    columns[3].number_input(
        t("window.col"), 0, shape[1] - 1, key=f"{key}_jump_j", on_change=_jump, args=(key,)
    )


def _sum_line(values: list[float]) -> str:
    return " + ".join(f"{v:.4g}" for v in values).replace("+ -", "− ")


def math_conv(key: str, step: CellStep) -> None:
    """Window, kernel, their elementwise products, and the sum + bias = the output cell."""
    st.plotly_chart(
        figures.grids(
            [
                (t("window.window"), step.window.numpy(), "gray"),
                (t("window.kernel"), step.kernel.numpy(), "diverging"),
                (t("window.products"), step.products.numpy(), "diverging"),
            ]
        ),
        key=f"{key}_math",
        config=figures.CONFIG,
    )
    st.markdown(
        t("window.reads", rows=", ".join(map(str, step.rows)), cols=", ".join(map(str, step.cols)),
          pad=step.padding_reads)
    )  # fmt: skip
    terms = _sum_line(step.products.numpy().ravel().tolist())
    st.markdown(t("window.sum_line", terms=terms, total=step.total, bias=step.bias, value=step.value))


def math_channels(key: str, steps: list[CellStep], names: list[str], bias: float, o: int) -> None:
    """Per input channel: window × kernel summed; then the channel sums + bias = output (o, i, j)."""
    for channel, (step, name) in enumerate(zip(steps, names)):
        st.plotly_chart(
            figures.grids(
                [
                    (f"{name}: {t('window.window')}", step.window.numpy(), "gray"),
                    (f"{name}: {t('window.kernel')}", step.kernel.numpy(), "diverging"),
                    (f"{name}: {t('window.products')}", step.products.numpy(), "diverging"),
                ],
                height=260,
            ),
            key=f"{key}_math_{channel}",
            config=figures.CONFIG,
        )
        st.markdown(t("window.channel_sum", name=name, terms=_sum_line(step.products.numpy().ravel().tolist()),
                      total=step.total))  # fmt: skip
    total = sum(step.total for step in steps)
    parts = " + ".join(f"{step.total:.4g}" for step in steps).replace("+ -", "− ")
    i, j = steps[0].i, steps[0].j
    st.markdown(t("window.channels_total", o=o, i=i, j=j, parts=parts, bias=bias, value=total + bias))


def math_pool(key: str, step: PoolStep) -> None:
    """The window's values, and the max (starred) or the sum divided by the count."""
    window = step.window.numpy()
    st.plotly_chart(figures.grids([(t("window.window"), np.where(np.isfinite(window), window, np.nan), "gray")],
                                  height=300), key=f"{key}_math", config=figures.CONFIG)  # fmt: skip
    values = [v for v in window.ravel().tolist() if np.isfinite(v)]
    if step.mode == "max":
        st.markdown(t("window.max_line", values=", ".join(f"{v:.4g}" for v in values), value=step.value,
                      row=step.argmax[0], col=step.argmax[1]))  # fmt: skip
    else:
        st.markdown(t("window.avg_line", terms=_sum_line(values), total=sum(values), divisor=step.divisor,
                      value=step.value))  # fmt: skip
