"""Exports: the feature map as CSV and PNG, the sliding window as a GIF; all from convcore's numbers."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

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


def _ink_pixels(image: Image.Image, box: tuple[int, int, int, int], fill) -> int:
    """How many pixels inside ``box`` differ from the cell's own fill colour: its printed number."""
    region = np.asarray(image.convert("RGB").crop(box)).astype(int)
    return int((np.abs(region - np.array(fill)).sum(-1) > 60).sum())


def test_png_prints_each_number_on_the_diverging_scale_beside_a_colour_scale():
    values = np.array([[-2.0, 0.0, 2.0], [1.0, 0.5, -1.5]])
    data = exports.png(values, title="Feature map")
    image = Image.open(io.BytesIO(data)).convert("RGB")
    lay = exports.png_layout(values.shape, None, "Feature map", 1)
    assert lay.cell >= 96 and image.size[1] == lay.height  # slide-sized cells, not raw pixels
    colours = exports.colours(values)
    for r, c in np.ndindex(*values.shape):
        x, y = lay.origin[0] + c * lay.cell, lay.origin[1] + r * lay.cell
        assert image.getpixel((x + 4, y + 4)) == tuple(colours[r, c])  # the cell's colour, at its corner
        assert _ink_pixels(image, (x + 4, y + 4, x + lay.cell - 4, y + lay.cell - 4), colours[r, c]) > 40
    assert min(colours[0, 1]) >= 240  # zero: the diverging scale's near-white middle, as on the page
    bar_x, bar_y, bar_w, bar_h = lay.bar
    ramp = np.linspace(2.0, -2.0, bar_h)  # top +2, bottom -2: the scale's ends are the map's
    for y in (3, bar_h // 2, bar_h - 4):
        pixel = image.getpixel((bar_x + bar_w // 2, bar_y + y))
        assert pixel == tuple(exports.colours(np.array([[ramp[y]]]), 2.0)[0, 0])
    # the scale's labels: dark pixels right of the bar at its top, middle and bottom
    assert _ink_pixels(image, (bar_x + bar_w + 2, bar_y, image.size[0], bar_y + 20), (255, 255, 255)) > 20


def test_png_without_room_for_numbers_stays_colour_only():
    values = np.arange(64 * 64, dtype=float).reshape(64, 64)
    lay = exports.png_layout(values.shape)
    assert lay.cell < exports.MIN_NUMBER_CELL
    image = Image.open(io.BytesIO(exports.png(values))).convert("RGB")
    x, y = lay.origin
    assert image.getpixel((x + lay.cell // 2, y + lay.cell // 2)) == tuple(exports.colours(values)[0, 0])


def test_caption_is_the_steps_equation():
    walk = sliding_window([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])
    assert exports.caption(walk, 1, 1) == "Y[1, 1] = 4×0 + 5×1 + 7×2 + 8×3 = 43"
    walk = sliding_window([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, -1], [2, 3]], bias=-1.5)
    # the sum of products, then the bias: the page's arithmetic line is this same string (test_browser_grid)
    assert exports.caption(walk, 0, 0) == "Y[0, 0] = 0×0 + 1×(-1) + 3×2 + 4×3 = 17 + (-1.5) = 15.5"
    big = sliding_window(presets.ramp(6), torch.ones(5, 5))
    text = exports.caption(big, 0, 0, "… ({n} terms)")
    assert text.count("×") == 6 and "… (25 terms)" in text and text.endswith(f"= {big.output[0, 0]:.0f}")


def _frames(data: bytes) -> list[Image.Image]:
    image = Image.open(io.BytesIO(data))
    frames = []
    for k in range(image.n_frames):
        image.seek(k)
        frames.append(image.convert("RGB"))
    return frames


def test_gif_of_the_books_example_shows_every_step_with_numbers_and_caption():
    walk = sliding_window([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])
    data = exports.gif(walk)
    image = Image.open(io.BytesIO(data))
    assert image.size[0] == 960 and image.n_frames == 4 and image.info["loop"] == 0
    assert image.info["duration"] == exports.GIF_FRAME_MS
    frames = _frames(data)
    texts = [exports.caption(walk, i, j) for i in range(2) for j in range(2)]
    lay = exports.layout(walk, 960, texts)
    assert lay.cell >= exports.MIN_NUMBER_CELL
    output = walk.output.numpy()
    written = exports.colours(output)
    ox, oy = lay.output_xy
    for k, frame in enumerate(frames):
        for n in range(4):
            i, j = divmod(n, 2)
            x, y = ox + j * lay.cell, oy + i * lay.cell
            inner = (x + lay.cell // 4, y + lay.cell // 4, x + 3 * lay.cell // 4, y + 3 * lay.cell // 4)
            if n <= k:  # written so far: the cell's colour with its number on it
                corner = frame.getpixel((x + lay.cell // 2, y + lay.cell - 6 - lay.cell // 10))
                assert np.abs(np.subtract(corner, written[i, j])).sum() < 30
                assert _ink_pixels(frame, inner, written[i, j]) > 30
            else:  # not yet: empty
                assert _ink_pixels(frame, inner, exports.EMPTY) == 0
        band = (0, lay.caption_y, 960, lay.height)
        assert _ink_pixels(frame, band, (255, 255, 255)) > 100  # the caption is written
    # every caption differs, so frame k's band differs from frame k + 1's
    bands = [np.asarray(frame.crop((0, lay.caption_y, 960, lay.height))) for frame in frames]
    assert all((bands[k] != bands[k + 1]).any() for k in range(3))


def test_gif_settings_width_frames_speed_and_no_caption():
    walk = sliding_window(presets.ramp(12), presets.kernel("box"))  # 10 x 10 = 100 output cells
    assert Image.open(io.BytesIO(exports.gif(walk, width=1280, captions=False))).n_frames == 100  # every one
    data = exports.gif(walk, width=1920, frames=10, frame_ms=200, captions=False)
    image = Image.open(io.BytesIO(data))
    assert image.size[0] == 1920 and image.n_frames == 10 and image.info["duration"] == 200
    assert exports.gif_cells(walk, 10)[0] == (0, 0) and exports.gif_cells(walk, 10)[-1] == (9, 9)
    assert image.size[1] == exports.layout(walk, 1920, None).height  # no caption band


def test_a_wide_enough_gif_prints_numbers_in_a_large_walk():
    walk = sliding_window(torch.rand(32, 32), presets.kernel("sobel_x"), padding=1)
    assert exports.gif_size(walk, 960) == (12, False)  # 69 columns of cells: colour only
    need = exports.width_for_numbers(walk)
    assert exports.gif_size(walk, need)[1] and not exports.gif_size(walk, need - 80)[1]


def test_svg_is_the_frame_of_a_cell_with_every_number_as_text():
    walk = sliding_window(presets.ramp(4), presets.kernel("sobel_x"), padding=1, stride=2)
    i, j = 1, 0
    root = ET.fromstring(exports.svg(walk, i, j, {"input": "输入 <b>"}))
    ns = "{http://www.w3.org/2000/svg}"

    def group(name):
        return root.find(f"{ns}g[@class='{name}']")

    output = walk.output.numpy()
    h_out, w_out = output.shape
    written = {
        (int(e.get("data-row")), int(e.get("data-col"))): e.text for e in group("output").iter(f"{ns}text")
    }
    expected = {
        (r, c): exports.fmt(output[r, c])
        for r in range(h_out)
        for c in range(w_out)
        if r * w_out + c <= i * w_out + j
    }
    assert written == expected  # written up to (1, 0) in reading order, not after
    padded = walk.padded.numpy()
    inputs = {
        (int(e.get("data-row")), int(e.get("data-col"))): e.text for e in group("input").iter(f"{ns}text")
    }
    assert inputs == {(r, c): exports.fmt(padded[r, c]) for r, c in np.ndindex(*padded.shape)}
    # the window: one outline per cell it reads, on those input cells
    cells = {
        (float(e.get("x")), float(e.get("y"))): (int(e.get("data-row")), int(e.get("data-col")))
        for e in group("input").iter(f"{ns}rect")
    }
    window = {
        cells[(float(e.get("x")), float(e.get("y")))]
        for e in root.iter(f"{ns}rect")
        if e.get("class") == "window"
    }
    top, left = walk.offset
    assert window == {(r + top, c + left) for r in walk.rows[i] for c in walk.cols[j]}
    captions = [e.text for e in root.iter(f"{ns}text") if e.get("class") == "caption"]
    assert " ".join(captions).replace("+ ", "+ ").startswith("Y[1, 0] =") and captions[-1].endswith(
        exports.fmt(output[i, j])
    )
    titles = [e.text for e in root.iter(f"{ns}text") if e.get("class") is None and e.get("data-row") is None]
    assert "输入 <b>" in titles  # text, escaped by the writer and read back whole


def test_explorer_offers_the_downloads():
    at = open_page("explorer")
    labels = {button.proto.label for button in at.get("download_button")}
    assert {"Download CSV", "Download PNG", "Download SVG of cell (0, 0)"} <= labels
    assert at.number_input(key="ex_gif_width").value == 960 and at.checkbox(key="ex_gif_every").value
    at.button(key="ex_make_gif").click()
    rerun(at)
    assert "Download the GIF" in {button.proto.label for button in at.get("download_button")}
    assert any("4 frames, 960 px wide" in caption.value for caption in at.caption)
    at.number_input(key="ex_hp_stride_h").set_value(2)
    rerun(at)  # another walk: the GIF made for the old one is not offered
    assert "Download the GIF" not in {button.proto.label for button in at.get("download_button")}


def test_a_large_walk_says_when_the_gif_is_too_narrow_for_numbers():
    at = open_page("explorer")
    at.selectbox(key="ex_in_preset").set_value("random")
    rerun(at)
    at.number_input(key="ex_in_size").set_value(32)
    rerun(at)  # 32 x 32 with d2l's 2 x 2 kernel: 31 x 31 = 961 frames
    assert at.checkbox(key="ex_gif_every").value  # every frame unless asked for fewer
    assert any("961 frames make a large GIF" in box.value for box in at.info)
    at.checkbox(key="ex_gif_every").uncheck()
    rerun(at)
    assert at.number_input(key="ex_gif_frames").value == 60
    info = [box.value for box in at.info]
    assert any("From 1040 px wide the cells print their numbers" in text for text in info), info
    at.number_input(key="ex_gif_width").set_value(1040)
    rerun(at)
    assert not [box.value for box in at.info if "px wide the cells" in box.value]


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
