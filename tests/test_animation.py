"""The animated figure: frames that change only trace data, so the browser redraws a few traces per frame."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import convcore
from convcore.steps import pool_window, sliding_window
from ui import animation, figures


def conv_figure(size: int = 5, padding: int = 1, selected=(0, 0)) -> dict:
    x = torch.arange(size * size, dtype=torch.float32).reshape(size, size)
    walk = sliding_window(x, [[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]], 0.5, 1, padding)
    return animation.build(animation.conv_scene(walk), selected, show_values=True).spec


def named(spec: dict, name: str) -> list[int]:
    """Indices of the traces called ``name`` (the animation names the traces its frames change)."""
    return [k for k, trace in enumerate(spec["data"]) if trace.get("name") == name]


def outline(trace: dict) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) cell edges of a closed rectangle trace."""
    return min(trace["y"]), max(trace["y"]), min(trace["x"]), max(trace["x"])


def test_frames_change_trace_data_only_and_never_ask_for_a_full_redraw():
    spec = conv_figure()
    assert len(spec["frames"]) == 25
    for frame in spec["frames"]:
        assert set(frame) == {
            "name",
            "traces",
            "data",
        }  # no layout: shapes and the title would force a redraw
        assert len(frame["traces"]) == len(frame["data"])
        for index in frame["traces"]:
            assert spec["data"][index]["type"] == "scatter"  # what Plotly restyles without a redraw
    layout = spec["layout"]
    assert "shapes" not in layout and "title" not in layout
    buttons = layout["updatemenus"][0]["buttons"] + layout["sliders"][0]["steps"]
    assert all(button["args"][1]["frame"]["redraw"] is False for button in buttons)
    # one ms under each speed's period: Plotly waits for strictly more than the duration, in whole ms
    plays = {button["label"]: button["args"][1]["frame"]["duration"] for button in buttons[1:4]}
    assert plays == {"▶ 1×": 399, "▶ 4×": 99, "▶ 12×": 32}


def test_each_frame_moves_the_window_uncovers_the_output_and_states_the_value():
    x = torch.arange(25, dtype=torch.float32).reshape(5, 5)
    kernel = [[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]
    expected = convcore.conv2d(x, torch.tensor(kernel), 0.5, 1, 1).numpy()
    spec = conv_figure()
    for frame in spec["frames"]:
        i, j = divmod(int(frame["name"]), 5)
        data = dict(zip(frame["traces"], frame["data"], strict=True))
        # padding 1: output (i, j) reads input rows i-1..i+1 and columns j-1..j+1
        [window], [cell], [cover] = (named(spec, name) for name in ("window", "cell", "cover"))
        assert outline(data[window]) == (i - 1.5, i + 1.5, j - 1.5, j + 1.5)
        assert outline(data[cell]) == (i - 0.5, i + 0.5, j - 0.5, j + 0.5)
        cover = data[cover]
        if (i, j) == (4, 4):
            assert cover["x"] == []  # the last cell: nothing left to cover
        else:
            # the cover starts right of the cell being written and takes every row below
            assert min(cover["x"]) == -0.5 and max(cover["y"]) == 4.5
            assert (j + 0.5, i - 0.5) in zip(cover["x"], cover["y"])
        caption = animation.caption(spec, frame)
        assert caption.startswith(f"Y[{i}, {j}] = ")
        assert float(caption.rsplit("=", 1)[1]) == pytest.approx(expected[i, j], abs=1e-3)


def test_the_selected_cell_is_drawn_before_any_frame_plays():
    spec = conv_figure(selected=(2, 3))
    assert animation.caption(spec).startswith("Y[2, 3] = ")
    [window] = named(spec, "window")
    assert outline(spec["data"][window]) == (0.5, 3.5, 1.5, 4.5)


def test_click_targets_are_listed_in_every_frame_and_drawn_as_one_marker():
    # Plotly rebuilds every trace's calcdata per frame but redraws only the listed traces; a click on a
    # scatter that was not redrawn since throws inside Plotly, so the targets ride along, unchanged
    spec = conv_figure(size=32)
    [index] = named(spec, "targets")
    scene = animation.conv_scene(sliding_window(torch.zeros(32, 32), torch.ones(3, 3), 0.0, 1, 1))
    assert index == animation.click_trace(scene)  # what the page's click handler reads
    targets = spec["data"][index]
    assert len(targets["x"]) == 900 and targets["marker"]["maxdisplayed"] == 1
    assert all(frame["traces"][-1] == index and frame["data"][-1] == {} for frame in spec["frames"])


def test_caption_strip_and_panels_do_not_overlap():
    spec = conv_figure()
    layout = spec["layout"]
    [caption] = named(spec, animation.CAPTION)
    caption_axis = spec["data"][caption]["yaxis"].replace("y", "yaxis")
    strip = layout[caption_axis]["domain"]
    for name in ("yaxis", "yaxis2"):
        assert layout[name]["domain"][1] < strip[0]
    # fixed ranges (no autorange padding from the scatter traces): the padded 7x7 input, the 5x5 output
    assert layout["yaxis"]["range"] == [5.5, -1.5] and layout["xaxis"]["range"] == [-1.5, 5.5]
    assert layout["yaxis2"]["range"] == [4.5, -0.5]


def test_pooling_frames_star_the_max_of_each_window():
    x = torch.tensor(np.random.default_rng(0).normal(size=(6, 6)), dtype=torch.float32)
    walk = pool_window(x, 2, 2, mode="max")
    spec = animation.build(animation.pool_scene(walk), (0, 0), show_values=True).spec
    [star] = named(spec, "max")
    for frame in spec["frames"]:
        i, j = divmod(int(frame["name"]), 3)
        point = frame["data"][frame["traces"].index(star)]
        row, col = round(point["y"][0]), round(point["x"][0])
        window = x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
        assert float(x[row, col]) == float(window.max())


def test_long_captions_wrap_between_terms_for_a_phone():
    text = "Y[0, 0] = 1×(-1) + 2×0 + 3×1 + 6×(-2) + 7×0 + 8×2 + 11×(-1) + 12×0 + 13×1 = -4"
    lines = animation.wrap_caption(text).split("<br>")
    assert len(lines) == 2 and all(len(line) <= animation.CAPTION_WIDTH for line in lines)
    assert " ".join(lines) == text  # nothing lost, no term split
    assert lines[1].startswith("+ ")
    assert (
        animation.wrap_caption("Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 = 19")
        == "Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 = 19"
    )
    # the figure reserves a line per caption line, and caption() reads them as one line
    spec = conv_figure(size=5, padding=1)  # 7x7 padded input; "… = -24 + 0.5 = -23.5" takes two lines
    assert max(frame["data"][-2]["text"][0].count("<br>") for frame in spec["frames"]) == 1
    margin = spec["layout"]["margin"]
    assert (
        spec["layout"]["height"]
        == figures.grid_height(7) + margin["t"] + margin["b"] + animation.TITLES_PX + 2 * 20
    )
    assert "<br>" not in animation.caption(spec, spec["frames"][6])


def test_wide_panels_get_a_height_that_fits_them():
    # a landscape photo shown at 22x32 beside its 21x30 output: cells are square and the chart's width
    # limits them, so planning the height from 22 rows alone (560 px) left blank bands above and below
    shapes = [(22, 32), (21, 30)]
    cell = figures.CHART_WIDTH * (1 - figures.GAP) / 62
    assert figures.grid_height(22, big=False) == 560
    assert figures.grid_height(22, big=False, shapes=shapes) == int(22 * cell)  # ~315 px
    # small or tall grids are limited by height: as before
    assert figures.grid_height(3, big=False, shapes=[(3, 3), (2, 2)]) == figures.grid_height(3, big=False)
    assert figures.grid_height(30, big=True, shapes=[(30, 4), (28, 2)]) == figures.grid_height(30, big=True)
