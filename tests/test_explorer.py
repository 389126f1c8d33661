"""The explorer page through AppTest: controls change what it shows, and every number is convcore's."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import convcore
from convcore import presets
from tests.apptest import component, grid_output, grid_values, open_page, rerun, texts
from ui import exports, grid
from ui.i18n import t
from ui.strings_en import EN


@pytest.fixture
def at():
    return open_page("explorer")


def open_tab(at, name: str) -> None:
    """Open one of the results tabs (only the open tab is built), as a click on it does."""
    at.session_state["ex_tab"] = t(f"explorer.tab_{name}")
    rerun(at)


def test_defaults_show_the_textbook_example(at):
    # d2l's 3x3 input and [[0, 1], [2, 3]] kernel: the page must show [[19, 25], [37, 43]]
    np.testing.assert_array_equal(grid_output(at, "ex_anim"), [[19, 25], [37, 43]])
    payload = component(at, "ex_anim")
    assert payload["text"]["math_title"] == "The arithmetic of output cell ({i}, {j})"
    # every product is >= 0 here: a sequential scale, not one centred on 0
    assert payload["panels"][0]["product_diverging"] is False
    assert any("= 2" in latex and "height" in latex for latex in texts(at, "latex"))


def test_the_payload_is_convcores_walk(at):
    # a padded, strided, dilated, biased case: every number the component draws is convcore's, formatted once
    at.selectbox(key="ex_in_preset").select("ramp")
    at.selectbox(key="ex_k_preset").select("sobel_x")
    at.number_input(key="ex_hp_padding_h").set_value(1)
    at.number_input(key="ex_hp_padding_w").set_value(2)
    at.selectbox(key="ex_hp_mode").select("reflect")
    at.number_input(key="ex_hp_stride_w").set_value(2)
    at.number_input(key="ex_hp_dilation_h").set_value(2)
    at.number_input(key="ex_k_bias").set_value(0.5)
    rerun(at)
    args = (presets.ramp(5), presets.kernel("sobel_x"), 0.5, (1, 2), (1, 2), (2, 1), "reflect")
    walk = convcore.sliding_window(*args)
    expected = torch.nn.functional.conv2d(
        torch.nn.functional.pad(args[0][None, None], (2, 2, 1, 1), mode="reflect"),
        args[1][None, None], torch.tensor([0.5]), stride=(1, 2), dilation=(2, 1),
    )[0, 0]  # fmt: skip
    payload = component(at, "ex_anim")
    assert payload["shape"] == list(expected.shape)
    assert payload["output"]["values"] == grid.texts(expected.numpy())
    [panel] = payload["panels"]
    assert (panel["top"], panel["left"]) == (1, 2)
    assert panel["input"]["values"] == grid.texts(walk.padded.numpy())
    assert panel["input"]["roles"] == grid.roles(walk)
    assert panel["kernel"]["values"] == grid.texts(args[1].numpy())
    assert panel["products"] == grid.texts(walk.products.numpy())
    assert panel["product_diverging"] is True  # Sobel's negative weights make negative products
    assert payload["bias"] == "0.5"
    # every cell's equation: the sum of products, then the bias, as the GIF and SVG captions write it
    h_out, w_out = walk.shape
    captions = [
        [exports.caption(walk, i, j, EN["grid.more_terms"])] for i in range(h_out) for j in range(w_out)
    ]
    assert payload["equations"] == captions
    total = float(walk.products[0, 0].sum())
    assert captions[0][0].endswith(f" = {grid.fmt(total)} + 0.5 = {grid.fmt(total + 0.5)}")
    rows, cols = convcore.window_map((5, 5), (3, 3), (1, 2), (1, 2), (2, 1))
    assert payload["window"] == {"rows": rows.tolist(), "cols": cols.tolist()}
    # the cell the link or a click pinned
    assert payload["cell"] == [0, 0]


def test_a_pinned_cell_reaches_the_payload_and_the_link(at):
    at.session_state["ex_cell"] = (1, 1)
    rerun(at)
    assert component(at, "ex_anim")["cell"] == [1, 1]
    # a smaller output keeps the pin inside it
    at.number_input(key="ex_hp_stride_h").set_value(3)
    rerun(at)
    assert component(at, "ex_anim")["cell"] == [0, 1]


def test_stride_changes_the_formula_and_the_output(at):
    at.selectbox(key="ex_in_preset").select("edge")
    at.selectbox(key="ex_k_preset").select("d2l_edge")
    rerun(at)
    assert grid_output(at, "ex_anim").shape == (6, 7)
    at.number_input(key="ex_hp_stride_w").set_value(3)
    rerun(at)
    assert grid_output(at, "ex_anim").shape == (6, 3)
    assert any(r"\right\rfloor + 1 \\ &= 3" in latex for latex in texts(at, "latex"))  # the result's own line
    # 8 columns, kernel 2, stride 3: windows start at 0, 3, 6 and the last reads column 7, nothing unread
    assert not at.warning
    at.number_input(key="ex_hp_stride_w").set_value(4)
    rerun(at)
    # stride 4: windows start at columns 0 and 4; the last reads column 5, so columns 6 and 7 go unread
    assert any("last 2 column" in warning.value for warning in at.warning)


def test_flip_toggle_rotates_the_kernel(at):
    # on the impulse, cross-correlation paints the kernel rotated; convolution paints it as is
    at.selectbox(key="ex_in_preset").select("impulse")
    at.selectbox(key="ex_k_preset").select("sobel_x")
    rerun(at)
    corr = grid_output(at, "ex_anim")
    # the 7x7 impulse sits at (3, 3); output (3 - a, 3 - b) = K[a, b], i.e. rows and columns 1..3 reversed
    np.testing.assert_array_equal(corr[1:4, 1:4], torch.flip(presets.kernel("sobel_x"), (0, 1)).numpy())
    at.toggle(key="ex_k_flip").set_value(True)
    rerun(at)
    np.testing.assert_array_equal(grid_output(at, "ex_anim")[1:4, 1:4], presets.kernel("sobel_x").numpy())
    with pytest.raises(KeyError):  # a closed tab: not built
        component(at, "ex_flip")
    open_tab(at, "flip")
    corr, conv = component(at, "ex_flip")["grids"]
    assert (corr["name"], conv["name"]) == ("corr", "conv")
    assert not np.allclose(grid_values(corr), grid_values(conv))


def test_generated_torch_snippet_runs_and_matches(at):
    # the code shown is runnable as printed and gives the page's numbers
    at.selectbox(key="ex_in_preset").select("checker")
    at.selectbox(key="ex_k_preset").select("laplacian")
    at.number_input(key="ex_hp_padding_h").set_value(1)
    at.selectbox(key="ex_hp_mode").select("circular")
    at.number_input(key="ex_hp_stride_h").set_value(2)
    at.number_input(key="ex_k_bias").set_value(-0.5)
    rerun(at)
    assert not at.code  # the code tab is closed
    open_tab(at, "code")
    snippet = next(block.value for block in at.code if "nn.Conv2d" in block.value)
    namespace: dict = {}
    exec(compile(snippet, "<snippet>", "exec"), namespace)  # test only: the page never runs code
    np.testing.assert_allclose(namespace["Y"].detach().numpy(), grid_output(at, "ex_anim"), rtol=1e-5)


def test_code_tab_shows_the_source_that_ran(at):
    import inspect

    from convcore.steps import sliding_window

    open_tab(at, "code")
    assert any(inspect.getsource(sliding_window) in block.value for block in at.code)


def test_large_image_draws_its_whole_downscaled_output_and_computes_the_whole(at):
    # the generated photo is 96x128: the grid draws it at 24x32, every output cell; the full result too
    at.selectbox(key="ex_in_preset").select("scene")
    at.selectbox(key="ex_k_preset").select("sobel_y")
    at.number_input(key="ex_hp_padding_w").set_value(4)  # 24 x 32 shown -> 22 x 38 outputs
    rerun(at)
    payload = component(at, "ex_anim")
    assert payload["shape"] == [22, 38] and len(payload["output"]["values"]) == 22 * 38
    assert image_captions(at) == ["Input (96 x 128)", "Output (94 x 134)"]


def test_glyph_and_random_inputs(at):
    at.selectbox(key="ex_in_preset").select("glyph")
    rerun(at)
    at.text_input(key="ex_in_char").input("A")
    rerun(at)
    assert grid_output(at, "ex_anim").shape == (15, 15)
    at.selectbox(key="ex_in_preset").select("random")
    rerun(at)
    first = grid_output(at, "ex_anim")
    at.number_input(key="ex_in_seed").set_value(7)
    rerun(at)
    assert not np.array_equal(first, grid_output(at, "ex_anim"))


def image_captions(at) -> list[str]:
    return [caption for element in at.main if element.type == "image" for caption in element.captions]


def error_texts(at) -> list[str]:
    return [error.value for error in at.error]


@pytest.mark.parametrize(
    ("control", "value", "message"),
    [
        ("ex_hp_stride_h", 0, "Stride must be at least 1"),
        ("ex_hp_dilation_w", 0, "Dilation must be at least 1"),
        ("ex_hp_dilation_w", 5, "No output"),
        ("ex_hp_padding_h", 3, "reflect padding must be <"),
    ],
)
def test_bad_hyper_parameters_say_why_and_keep_the_page(at, control, value, message):
    at.selectbox(key="ex_hp_mode").select("reflect")
    at.number_input(key=control).set_value(value)
    rerun(at)
    assert any(message in text for text in error_texts(at)), error_texts(at)
    assert at.number_input(key=control).value == value  # what the user typed stays


def test_kernel_larger_than_input_says_so(at):
    at.selectbox(key="ex_k_preset").select("box")
    rerun(at)
    at.number_input(key="ex_k_rows").set_value(5)
    rerun(at)
    assert any("No output" in text and "kernel_size 5" in text for text in error_texts(at))
    at.number_input(key="ex_hp_padding_h").set_value(1)  # padding makes room again
    rerun(at)
    assert not at.error
    assert grid_output(at, "ex_anim").shape == (1, 1)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("1 2\n3 abc", "'abc' is not a number"),
        ("1 2\n3 nan", "not a finite number"),
        ("1 2\n3 inf", "not a finite number"),
        ("1 2\n3 1e400", "too large"),
        ("1 2 3\n4 5", "Row 1 has 2 values but row 0 has 3"),  # as the grids count
    ],
)
def test_typed_matrix_errors_keep_the_text(at, cells, message):
    at.selectbox(key="ex_in_preset").select("custom")
    rerun(at)
    at.text_area(key="ex_in_custom_paste").input(cells)
    at.button(key="ex_in_custom_apply").click()
    rerun(at)
    assert any(message in text for text in error_texts(at)), error_texts(at)
    assert at.text_area(key="ex_in_custom_paste").value == cells
    assert grid_output(at, "ex_anim").shape == (2, 2)  # still drawing the last valid input


def test_typed_matrix_is_used(at):
    at.selectbox(key="ex_in_preset").select("custom")
    rerun(at)
    at.text_area(key="ex_in_custom_paste").input("1, 2, 3\n4, 5, 6")
    at.button(key="ex_in_custom_apply").click()
    rerun(at)
    # [[1, 2, 3], [4, 5, 6]] with [[0, 1], [2, 3]]: 0*1 + 1*2 + 2*4 + 3*5 = 25, then 0*2 + 1*3 + 2*5 + 3*6 = 31
    np.testing.assert_array_equal(grid_output(at, "ex_anim"), [[25, 31]])


def png_bytes(array: np.ndarray, mode: str | None = None) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(array, mode=mode).save(buffer, format="PNG")
    return buffer.getvalue()


def test_upload_converts_to_greyscale_and_shows_both_resolutions(at):
    at.selectbox(key="ex_in_preset").select("upload")
    rerun(at)
    image = np.zeros((60, 80, 3), dtype=np.uint8)
    image[:, 40:] = 255
    at.file_uploader(key="ex_in_file").upload("edge.png", png_bytes(image), "image/png")
    rerun(at)
    assert not at.error
    assert image_captions(at)[0] == "Input (60 x 80)"


def test_an_upload_is_decoded_once_and_its_notes_stay(at, monkeypatch):
    from ui import images

    calls = []
    decode = images.decode
    monkeypatch.setattr(images, "decode", lambda data: calls.append(len(data)) or decode(data))
    at.selectbox(key="ex_in_preset").select("upload")
    rerun(at)
    image = np.zeros((120, 160, 4), dtype=np.uint8)  # RGBA: a note; larger than the animated side: another
    image[:, 80:] = 255
    at.file_uploader(key="ex_in_file").upload("edge.png", png_bytes(image), "image/png")
    rerun(at)
    notes = [
        caption.value
        for caption in at.caption
        if "white" in caption.value or "120 x 160 image" in caption.value
    ]
    assert len(notes) == 2  # transparency shown over white; the image downscaled for the animation
    at.number_input(key="ex_hp_stride_w").set_value(2)
    rerun(at)
    assert len(calls) == 1  # the stride change reused the decoded image
    assert all(note in [caption.value for caption in at.caption] for note in notes)
    assert image_captions(at) == ["Input (120 x 160)", "Output (119 x 80)"]
    # another file is decoded
    image[:, :] = 255
    at.file_uploader(key="ex_in_file").upload("white.png", png_bytes(image), "image/png")
    rerun(at)
    assert len(calls) == 2
    assert np.all(grid_output(at, "ex_anim") == grid_output(at, "ex_anim")[0, 0])
    # another input drops the decoded picture (it is kept only while the upload is the input)
    at.selectbox(key="ex_in_preset").select("ramp")
    rerun(at)
    assert "ex_in_upload" not in at.session_state


def test_upload_that_is_not_an_image(at):
    at.selectbox(key="ex_in_preset").select("upload")
    rerun(at)
    at.file_uploader(key="ex_in_file").upload("notes.png", b"this is not a PNG at all", "image/png")
    rerun(at)
    assert any("not an image" in text for text in error_texts(at))
    assert grid_output(at, "ex_anim").shape == (2, 2)  # the page still draws


def test_loop_against_vectorised_timing(at):
    # the button times both on the current input and shows the code that ran
    at.selectbox(key="ex_in_preset").select("random")
    open_tab(at, "speed")
    at.button(key="ex_time").click()
    rerun(at)
    line = next(text for text in texts(at) if text.startswith("Double loop:"))
    loops, fast, ratio = (float(x) for x in re.findall(r"\*\*([\d.]+)", line))
    assert loops > 0 and fast > 0 and ratio == pytest.approx(loops / fast, rel=0.5)
    assert any("def corr2d_loops" in block.value for block in at.code)


def test_timing_says_when_the_kernel_is_larger_than_the_input(at):
    # d2l's 3x3 input with a 5x5 box kernel and padding 1: the page convolves, but the textbook loop
    # (no padding) cannot; convcore says so, and the tab says it instead of offering the button
    at.selectbox(key="ex_k_preset").select("box")
    rerun(at)
    at.number_input(key="ex_k_rows").set_value(5)
    at.number_input(key="ex_k_cols").set_value(5)
    at.number_input(key="ex_hp_padding_h").set_value(1)
    at.number_input(key="ex_hp_padding_w").set_value(1)
    rerun(at)
    open_tab(at, "speed")
    assert any(warning.value == t("explorer.speed_too_small") for warning in at.warning)
    assert not [button for button in at.button if button.key == "ex_time"]
    assert not at.exception


def test_custom_and_sized_kernels(at):
    # a typed kernel, a rectangular box blur, and a seeded random kernel all reach the animation
    at.selectbox(key="ex_k_preset").select("custom")
    rerun(at)
    at.text_area(key="ex_k_custom_paste").input("1 0\n0 -1")
    at.button(key="ex_k_custom_apply").click()
    rerun(at)
    # d2l's 0..8 with [[1, 0], [0, -1]]: X[i, j] - X[i + 1, j + 1] = -4 everywhere
    np.testing.assert_array_equal(grid_output(at, "ex_anim"), [[-4, -4], [-4, -4]])
    at.selectbox(key="ex_k_preset").select("box")
    rerun(at)
    at.number_input(key="ex_k_rows").set_value(1)
    at.number_input(key="ex_k_cols").set_value(3)
    rerun(at)
    np.testing.assert_allclose(grid_output(at, "ex_anim"), [[1], [4], [7]])
    at.selectbox(key="ex_k_preset").select("random")
    rerun(at)
    first = grid_output(at, "ex_anim")
    at.number_input(key="ex_k_seed").set_value(3)
    rerun(at)
    assert not np.array_equal(first, grid_output(at, "ex_anim"))


@pytest.mark.parametrize(("page", "key", "section"), [("explorer", "ex_hp_padding_w", None),
                                                      ("channels", "pl_pw", "pooling")])  # fmt: skip
def test_an_emptied_number_box_is_refused_in_words_under_it(page, key, section):
    # Streamlit's default value ("min") made a cleared box silently go back to 0: it must be allowed empty
    # (value=None) for the page to say so, as it does for a value out of range
    at = open_page(page)
    if section:
        at.segmented_control(key="ch_section").set_value(section)
        rerun(at)
    at.number_input(key=key).set_value(None)
    rerun(at)
    assert t("input.empty_number", using=0) in [error.value for error in at.error]
    assert at.number_input(key=key).value is None  # the box stays as the student left it
    assert not at.exception
