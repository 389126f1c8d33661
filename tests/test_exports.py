"""Exports: the feature map as CSV and PNG, the sliding window as a GIF; all from convcore's numbers."""

from __future__ import annotations

import io

import numpy as np
import torch
from PIL import Image

from convcore import conv2d, presets, sliding_window
from tests.apptest import open_page, rerun
from ui import exports


def test_csv_round_trips_the_feature_map():
    values = conv2d(
        torch.rand(7, 9, generator=torch.Generator().manual_seed(0)), presets.kernel("sobel_x")
    ).numpy()
    parsed = np.loadtxt(io.StringIO(exports.csv(values).decode()), delimiter=",", dtype=np.float32)
    np.testing.assert_array_equal(parsed, values)  # every float32 back exactly


def test_csv_prints_the_shortest_decimal_of_each_float32():
    # 0.1 as float32 is 0.100000001490116...: the CSV says 0.1, which reads back to that same float32
    values = torch.tensor([[0.1, 1 / 3, 4.0], [-2.5, 1e-8, 0.0]])
    assert exports.csv(values.numpy()).decode() == "0.1,0.33333334,4.0\n-2.5,1e-08,0.0\n"
    assert exports.csv(np.array([[0.1]])).decode() == "0.1\n"  # float64 in, float64's shortest


def test_png_colours_follow_the_diverging_scale():
    image = Image.open(io.BytesIO(exports.png(np.array([[-2.0, 0.0, 2.0]]), cell=10)))
    assert image.size == (30, 10)
    left, middle, right = (image.getpixel((x, 5)) for x in (5, 15, 25))
    assert left[2] > left[0] and right[0] > right[2]  # blue for negative, red for positive
    assert middle == (247, 247, 247)  # zero is the scale's white


def test_gif_shows_every_step_of_a_small_walk():
    walk = sliding_window(presets.ramp(5), presets.kernel("sobel_x"), padding=1)
    image = Image.open(io.BytesIO(exports.gif(walk)))
    assert image.n_frames == 25  # one frame per output cell
    assert image.info["loop"] == 0


def test_gif_of_a_large_walk_is_sampled():
    walk = sliding_window(torch.rand(40, 40), presets.kernel("box"))
    image = Image.open(io.BytesIO(exports.gif(walk)))
    assert image.n_frames == exports.GIF_FRAMES


def test_explorer_offers_the_downloads():
    at = open_page("explorer")
    labels = {button.proto.label for button in at.get("download_button")}
    assert {"Download CSV", "Download PNG"} <= labels
    at.button(key="ex_make_gif").click()
    rerun(at)
    assert "Download the GIF" in {button.proto.label for button in at.get("download_button")}


def test_layer_stack_code_runs_and_matches_the_table():
    # the receptive-field page's exported nn.Sequential gives the feature-map size convcore reports
    from convcore import receptive_field, to_layer
    from ui import code

    layers = [
        to_layer(item)
        for item in (
            {"kind": "conv", "kernel_size": 5, "stride": 1, "padding": 2, "dilation": 1},
            {"kind": "maxpool", "kernel_size": 2, "stride": 2, "padding": 0, "dilation": 1},
            {"kind": "avgpool", "kernel_size": 3, "stride": 2, "padding": 1},
            {"kind": "conv", "kernel_size": (3, 1), "stride": 1, "padding": (0, 1), "dilation": 2},
        )
    ]
    namespace: dict = {}
    exec(compile(code.sequential_snippet(layers, (28, 30)), "<stack>", "exec"), namespace)  # test only
    assert tuple(namespace["Y"].shape[-2:]) == receptive_field(layers, input_size=(28, 30))[-1].output_size


def test_learned_kernel_downloads_as_numbers():
    at = open_page("learn")
    labels = {button.proto.label for button in at.get("download_button")}
    assert "Download the learned kernel (CSV, bias in the last line)" in labels
    assert "Download as a Python file" in labels
