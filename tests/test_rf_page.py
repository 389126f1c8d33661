"""The receptive-field page through AppTest: presets, the table, the traced cell, the ERF and bad stacks."""

from __future__ import annotations

import numpy as np
import pytest

from convcore.receptive_field import effective_receptive_field, receptive_field
from tests.apptest import array, chart, component, open_page, rerun, texts
from ui import selection
from ui.pages.receptive_field import editor, maps
from ui.strings_en import EN


@pytest.fixture
def at():
    return open_page("receptive_field")


def choose(at, preset: str):
    at.selectbox(key="rf_preset").select(preset)
    return rerun(at)


def table(at):
    """The per-layer table (the read-only dataframe; the editor is the other one)."""
    (frame,) = [node for node in at.dataframe if node.editing_mode == "read_only"]
    return frame.value.set_index(EN["rf.t_num"])


def edit(at, edited=None, added=None, deleted=None):
    """Type into the stack editor as a browser would: its edit state, relative to the rows it was given."""
    key = editor.editor_key(at.session_state["rf_version"])
    at.session_state[key] = {
        "edited_rows": edited or {},
        "added_rows": added or [],
        "deleted_rows": deleted or [],
    }
    return rerun(at)


def boxes(spec: dict) -> dict:
    """The lit box of every panel the grid component draws, as inclusive ((top, left), (bottom, right))."""
    found = {}
    for m, panel in enumerate(spec["panels"]):
        top, left, bottom, right = panel["box"]
        found[f"box{m}"] = ((top, left), (bottom, right))
    return found


def shape_boxes(spec: dict) -> dict:
    """A Plotly figure's named rectangles as inclusive cell coordinates ((top, left), (bottom, right))."""
    found = {}
    for shape in spec["layout"]["shapes"]:
        if "name" in shape:
            found[shape["name"]] = (
                (round(shape["y0"] + 0.5), round(shape["x0"] + 0.5)),
                (round(shape["y1"] - 0.5), round(shape["x1"] - 0.5)),
            )
    return found


def panels(spec: dict) -> int:
    return len(spec["panels"])


def categories(panel: dict) -> np.ndarray:
    """A small panel's cell categories (maps.REAL .. maps.GAP; -1 outside the padded map), row by row."""
    rows = panel["rows"][1] - panel["rows"][0] + 1
    cols = panel["cols"][1] - panel["cols"][0] + 1
    codes = [-1 if char == "~" else int(char) for char in panel["cats"]]
    return np.array(codes).reshape(rows, cols)


def errors(at) -> str:
    return "\n".join(error.value for error in at.error)


# --- presets: the numbers by hand ----------------------------------------------------------------------------


def test_defaults_are_d2ls_two_2x2_convolutions(at):
    # d2l 7.2.6 (zh 6.2.6): after two 2x2 convolutions on a 3x3 input, the one output cell sees all 9 input cells
    frame = table(at)
    assert frame.loc["2", EN["rf.t_rf"]] == "3" and frame.loc["2", EN["rf.t_out"]] == "1 × 1"
    assert EN["rf.t_status"] not in frame.columns  # no problem, no problem column
    assert any("**3 × 3** box of the input: **9** cells, **0** of them padding" in text for text in texts(at))
    spec = component(at, "rf_maps")
    assert panels(spec) == 3
    assert boxes(spec) == {"box0": ((0, 0), (2, 2)), "box1": ((0, 0), (1, 1)), "box2": ((0, 0), (0, 0))}
    # its effective field: the two 2x2 averages convolved, [1 2 1]^T [1 2 1] / 16, all inside the box
    erf = array(chart(at, "rf_erf")["data"][0]["z"])
    np.testing.assert_allclose(erf * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]], rtol=1e-5)
    assert any(text.startswith("**100%** of the gradient") for text in texts(at))
    assert not at.error and not at.warning


@pytest.mark.parametrize(
    "preset, rf_size, output, cells",
    [
        ("d2l", "3", "1 × 1", 9),
        ("three_3x3", "7", "3 × 3", 49),
        ("one_7x7", "7", "3 × 3", 49),
        ("dilated", "31", "32 × 32", 961),
        ("lenet", "16", "5 × 5", 256),
        ("alexnet", "195", "6 × 6", 195 * 195),
        ("vgg16", "212", "7 × 7", 212 * 212),
    ],
)
def test_each_preset_gives_the_hand_checked_field(at, preset, rf_size, output, cells):
    # three 3x3 = one 7x7 = 7; dilations 1, 2, 4, 8: 3 + 4 + 8 + 16 = 31; LeNet: 5, 6, 14, 16;
    # AlexNet's features: 195 (the published alexnet_v2 number); VGG-16's pool5: 212
    choose(at, preset)
    frame = table(at)
    last = frame.iloc[-1]
    assert (last[EN["rf.t_rf"]], last[EN["rf.t_out"]]) == (rf_size, output)
    assert any(f"box of the input: **{cells}** cells" in text for text in texts(at))
    assert not at.error and not at.warning


def test_vgg16_rows_are_the_published_table(at):
    # google-research/receptive_field's vgg_16 table: conv5_3 196 / 16 / 90, pool5 212 / 32 / 90
    choose(at, "vgg16")
    frame = table(at)
    columns = [EN["rf.t_rf"], EN["rf.t_stride"], EN["rf.t_padding"]]
    assert frame.loc["17", columns].tolist() == ["196", "16", "90"]
    assert frame.loc["18", columns].tolist() == ["212", "32", "90"]
    assert frame.loc["3", columns].tolist() == ["6", "2", "2"]  # pool1
    assert len(frame) == 19


def test_table_is_convcores_numbers(at):
    # the page draws what convcore computed: every row equals receptive_field on the preset's dicts
    choose(at, "alexnet")
    size, rows = editor.PRESETS["alexnet"]
    layers, problems = editor.to_layers(rows)
    assert not any(problems)
    frame = table(at)
    for number, field in enumerate(receptive_field(layers, size), start=1):
        assert frame.loc[str(number), EN["rf.t_rf"]] == str(field.size[0])
        assert frame.loc[str(number), EN["rf.t_padding"]] == str(field.padding[0])
        assert frame.loc[str(number), EN["rf.t_out"]] == f"{field.output_size[0]} × {field.output_size[1]}"


def test_arithmetic_shows_the_recurrences_with_numbers(at):
    choose(at, "three_3x3")
    latex = " ".join(texts(at, "latex"))
    assert r"r_{3} &= r_{2} + (k - 1)\,d\,S_{2}" in latex
    assert r"&= 5 + (3 - 1)\cdot1\cdot1 = 7" in latex
    assert r"\frac{5 + 2\cdot0 - 1\cdot(3 - 1) - 1}{1} \right\rfloor + 1 = 3" in latex
    assert "Along the width" not in latex
    at.selectbox(key="rf_math_layer").select(1)
    rerun(at)
    assert r"&= 1 + (3 - 1)\cdot1\cdot1 = 3" in " ".join(texts(at, "latex"))
    at.number_input(key="rf_w").set_value(12)  # a wide input: the width gets its own block
    rerun(at)
    assert any("Along the width" in text and r"\right\rfloor + 1 = 10" in text for text in texts(at, "latex"))


# --- the selected cell ---------------------------------------------------------------------------------------


def test_cell_inputs_move_the_highlight_in_every_map(at):
    choose(at, "three_3x3")
    assert at.session_state["rf_cell"] == (1, 1)  # a new preset selects the centre of its last map
    assert boxes(component(at, "rf_maps"))["box0"] == ((1, 1), (7, 7))
    at.number_input(key="rf_cell_i").set_value(0)
    rerun(at)
    at.number_input(key="rf_cell_j").set_value(2)
    rerun(at)
    assert boxes(component(at, "rf_maps")) == {
        "box0": ((0, 2), (6, 8)),
        "box1": ((0, 2), (4, 6)),
        "box2": ((0, 2), (2, 4)),
        "box3": ((0, 2), (0, 2)),
    }
    assert any("Output cell **(0, 2)**" in text for text in texts(at))
    latex = " ".join(texts(at, "latex"))
    assert r"j\,S_{3} - P_{3} = 2\cdot1 - 0 = 2" in latex


def test_padding_is_drawn_and_counted(at):
    # the dilated stack pads every layer: the corner cell's 31x31 box is mostly padding, and says so
    choose(at, "dilated")
    at.number_input(key="rf_cell_i").set_value(0)
    rerun(at)
    at.number_input(key="rf_cell_j").set_value(0)
    rerun(at)
    spec = component(at, "rf_maps")
    assert boxes(spec)["box0"] == ((-15, -15), (15, 15))
    assert any("**961** cells, **705** of them padding" in text for text in texts(at))  # 961 - 16 * 16
    # the input panel is drawn cell by cell, padding included: rows -1..31 (conv 1 pads 1 cell)
    panel = spec["panels"][0]
    # rows -15 (the box reaches beyond the padding) .. 32 (the padding's last row)
    assert panel["rows"] == [-15, 32] and panel["cols"] == [-15, 32]
    assert panel["padding"] == [1, 1] and panel["size"] == [32, 32]
    z = categories(panel)
    assert z[14, 14] == maps.BOX_PADDING and z[15, 15] == maps.READ  # padding row -1 / real cell (0, 0)
    assert z[0, 0] == maps.BOX_PADDING  # beyond the padding but inside the box: counted as padding
    assert z[0, 15 + 20] == -1 and z[15 + 32, 15 + 32] == maps.PADDING  # beyond both / the padding's corner
    assert z[15 + 31, 15 + 31] == maps.REAL  # the map's last cell, outside the box


def test_big_maps_are_outlines_with_exact_boxes(at):
    # VGG-16 at 224: no 224x224 heatmap, but the box is exact: cell (3, 3) of pool5 sees rows/cols 6..217
    choose(at, "vgg16")
    spec = component(at, "rf_maps")
    assert panels(spec) == 19
    # the 224x224 maps (and 112s, 56s) are rectangles; only maps up to maps.SMALL cells a side are cells
    assert spec["panels"][0]["cats"] is None and spec["panels"][1]["cats"] is None
    assert spec["panels"][-1]["cats"] is not None and spec["panels"][-1]["click"]
    assert boxes(spec)["box0"] == ((6, 6), (217, 217))
    assert boxes(spec)["box18"] == ((3, 3), (3, 3))


def test_the_last_map_is_the_click_target(at):
    choose(at, "three_3x3")
    spec = component(at, "rf_maps")
    assert [panel["click"] for panel in spec["panels"]] == [False, False, False, True]
    assert spec["panels"][-1]["size"] == [3, 3] and spec["cell"] == [1, 1]
    # every panel is the same small scale: one cell size for all, so the boxes compare across layers
    assert spec["common"] == 9


def test_a_pin_from_the_component_is_kept_inside_the_last_map():
    # what the browser's click sends: [row, column, the click's time]; out-of-map or junk is ignored
    assert selection.parse({"cell": [0, 2, 1764500000000]}, (3, 3)) == (0, 2)
    assert selection.parse({"cell": [3, 0, 1]}, (3, 3)) is None
    assert selection.parse({"cell": [0, -1, 1]}, (3, 3)) is None
    assert selection.parse({"cell": ["x", 1, 2]}, (3, 3)) is None
    assert selection.parse({"cell": [1]}, (3, 3)) is None
    assert selection.parse({}, (3, 3)) is None and selection.parse(None, (3, 3)) is None


# --- the effective receptive field ---------------------------------------------------------------------------


def test_erf_options_change_the_erf_chart(at):
    choose(at, "three_3x3")
    uniform = array(chart(at, "rf_erf")["data"][0]["z"])
    size, rows = editor.PRESETS["three_3x3"]
    expected = effective_receptive_field(editor.to_layers(rows)[0], size, (1, 1)).numpy()
    np.testing.assert_allclose(uniform, expected, rtol=1e-6)
    at.radio(key="rf_erf_weights").set_value("random")
    rerun(at)
    random = array(chart(at, "rf_erf")["data"][0]["z"])
    assert not np.allclose(random, uniform)
    at.toggle(key="rf_erf_relu").set_value(True)
    rerun(at)
    relu = array(chart(at, "rf_erf")["data"][0]["z"])
    assert not np.allclose(relu, random)
    at.number_input(key="rf_erf_seed").set_value(7)
    rerun(at)
    assert not np.allclose(array(chart(at, "rf_erf")["data"][0]["z"]), relu)
    expected = effective_receptive_field(editor.to_layers(rows)[0], size, (1, 1), "random", True, 7).numpy()
    np.testing.assert_allclose(array(chart(at, "rf_erf")["data"][0]["z"]), expected, rtol=1e-6)


def test_erf_shows_the_theoretical_box_and_the_mass_inside(at):
    # LeNet, cell (2, 2): a 16x16 box at rows/cols 6..21; its central 8x8 holds more than its 25% area
    choose(at, "lenet")
    spec = chart(at, "rf_erf")
    assert shape_boxes(spec)["theory"] == ((6, 6), (21, 21))
    (top, left), (bottom, right) = shape_boxes(spec)["core"]
    assert top > 6 and bottom < 21  # the 95% box is smaller than the theoretical one
    line = next(text for text in texts(at) if text.startswith("**100%** of the gradient"))
    assert "central **8 × 8**, only **25%** of the box's area, holds **55%**" in line
    assert any(text.startswith("**Why a bell") for text in texts(at))


def test_big_erf_travels_as_a_typed_array(at):
    # 224 x 224 floats go as Plotly's base64 typed array, not 50,000 numbers in JSON
    choose(at, "vgg16")
    z = chart(at, "rf_erf")["data"][0]["z"]
    assert isinstance(z, dict) and z["dtype"] == "f4" and array(z).shape == (224, 224)
    assert any("Max pooling passes the gradient" in caption.value for caption in at.caption)


# --- bad stacks ----------------------------------------------------------------------------------------------


def test_kernel_larger_than_the_map_marks_the_layer(at):
    # d2l's stack with a 5x5 second kernel: layer 1 leaves a 2x2 map, layer 2 has no output
    edit(at, edited={1: {"kernel": 5}})
    frame = table(at)
    assert frame.loc["2", EN["rf.t_layer"]] == "⚠️ conv 5×5"
    status = frame.loc["2", EN["rf.t_status"]]
    assert status.startswith(
        "layer 2 (conv 5×5) leaves no output for a 2 × 2 input: along the height, kernel_size 5"
    ), status
    assert frame.loc["2", EN["rf.t_rf"]] == "—" and frame.loc["1", EN["rf.t_rf"]] == "2"
    assert any("The drawing stops at layer 1" in warning.value for warning in at.warning)
    assert panels(component(at, "rf_maps")) == 2  # the input and layer 1: the drawing stops there
    assert not at.error


def test_stride_zero_is_an_error_beside_the_editor_and_the_rows_stay(at):
    choose(at, "three_3x3")
    edit(at, edited={1: {"stride": 0}})
    assert "layer 2: stride must be at least 1, got 0" in errors(at)
    assert "everything is drawn up to layer 1" in errors(at)
    frame = table(at)
    assert frame.loc["2", EN["rf.t_status"]] == "layer 2: stride must be at least 1, got 0"
    assert frame.loc["2", EN["rf.t_layer"]] == "⚠️ conv 3×3" and frame.loc["1", EN["rf.t_layer"]] == "conv 3×3"
    assert frame.loc["3", EN["rf.t_status"]] == EN["rf.not_reached"]
    assert panels(component(at, "rf_maps")) == 2
    # nothing typed is lost: the editor still holds the 0, on this run and the next
    for _ in range(2):
        assert at.session_state["_rf_rows"][1]["stride"] == 0
        assert len(at.session_state["_rf_rows"]) == 3
        rerun(at)
    # fixing it brings the whole stack back
    edit(at, edited={1: {"stride": 1}})
    assert not at.error and table(at).loc["3", EN["rf.t_rf"]] == "7"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kernel": 0}, "layer 2: kernel must be at least 1, got 0"),
        ({"padding": -1}, "layer 2: padding must be at least 0, got -1"),
        ({"dilation": 0}, "layer 2: dilation must be at least 1, got 0"),
        ({"kernel": None}, "layer 2: kernel is empty"),
        ({"kind": None}, "layer 2: kind must be conv, maxpool or avgpool"),
        ({"kind": "avgpool", "dilation": 2}, "layer 2: average pooling has no dilation"),
        ({"kind": "maxpool", "padding": 2}, "more than half of kernel_size"),
        ({"stride": 1000}, "layer 2: stride 1000 is more than this page draws (at most 32)"),
    ],
)
def test_nonsense_values_say_what_is_wrong(at, change, message):
    edit(at, edited={1: change})
    assert message in errors(at)
    assert table(at).loc["2", EN["rf.t_layer"]].startswith("⚠️")
    assert message in table(at).loc["2", EN["rf.t_status"]]
    assert panels(component(at, "rf_maps")) == 2


def test_every_bad_row_is_marked(at):
    choose(at, "three_3x3")
    edit(at, edited={0: {"stride": 0}, 2: {"padding": -3}})
    assert "nothing can be drawn until layer 1 is valid" in errors(at)
    frame = table(at)
    assert frame.loc["1", EN["rf.t_status"]].endswith("stride must be at least 1, got 0")
    assert frame.loc["2", EN["rf.t_status"]] == EN["rf.not_reached"]
    assert frame.loc["3", EN["rf.t_status"]].endswith("padding must be at least 0, got -3")
    assert not at.get("plotly_chart")  # nothing to trace, and no traceback either


def test_a_first_layer_without_output_draws_nothing_and_says_why(at):
    at.number_input(key="rf_h").set_value(1)  # a 1 x 3 input: the first 2x2 kernel does not fit
    rerun(at)
    assert any(w.value.startswith("Nothing to draw: layer 1 (conv 2×2) leaves no output") for w in at.warning)
    assert table(at).loc["1", EN["rf.t_layer"]] == "⚠️ conv 2×2"
    assert not at.get("plotly_chart") and not at.error


def test_more_layers_than_the_page_draws_are_marked(at):
    edit(at, added=[{"kind": "conv", "kernel": 1, "stride": 1, "padding": 0, "dilation": 1}] * 31)
    assert "layer 33: this page draws at most 32 layers" in errors(at)
    assert panels(component(at, "rf_maps")) == 33  # the input and 32 layers


def test_the_worst_legal_stack_stays_quick(at):
    # 32 convolutions padding 32 on 512 x 512: maps grow to 2496 x 2496, drawn as outlines; the gradient
    # only runs the cell's box, so the page still answers in well under a few seconds
    edit(at, edited={0: {"kernel": 3, "padding": 32}, 1: {"kernel": 3, "padding": 32}},
         added=[{"kind": "conv", "kernel": 3, "stride": 1, "padding": 32, "dilation": 1}] * 30)  # fmt: skip
    at.number_input(key="rf_h").set_value(512)
    at.number_input(key="rf_w").set_value(512)
    rerun(at)
    assert table(at).loc["32", EN["rf.t_out"]] == "2496 × 2496"
    assert not component(at, "rf_maps")["panels"][-1]["click"] and any(
        EN["rf.no_click"] in c.value for c in at.caption
    )


def test_empty_stack_is_an_error_not_a_crash(at):
    edit(at, deleted=[0, 1])
    assert EN["rf.empty_stack"] in errors(at)
    assert len(table(at)) == 1  # only the input
    assert not at.get("plotly_chart")


# --- the editor: add, remove, reorder, presets, navigation ---------------------------------------------------


def test_added_rows_join_the_stack(at):
    edit(at, added=[{"kind": "maxpool", "kernel": 2, "stride": 2, "padding": 0, "dilation": 1}])
    assert at.session_state["_rf_rows"][-1]["kind"] == "maxpool"
    # 3x3 -> 2x2 -> 1x1 -> a 2x2 pool on a 1x1 map: the new layer has no output, and is marked
    assert (
        table(at)
        .loc["3", EN["rf.t_status"]]
        .startswith("layer 3 (maxpool 2×2) leaves no output for a 1 × 1 input")
    )
    at.number_input(key="rf_h").set_value(8)
    at.number_input(key="rf_w").set_value(8)
    rerun(at)
    assert table(at).loc["3", EN["rf.t_out"]] == "3 × 3" and table(at).loc["3", EN["rf.t_rf"]] == "4"


def test_move_buttons_reorder_and_keep_the_edits(at):
    choose(at, "lenet")
    edit(at, edited={3: {"kernel": 3, "padding": 1}})  # pool 2 becomes a 3x3 pool, padding 1
    at.selectbox(key="rf_move_row").select(4)
    at.button(key="rf_up").click()
    rerun(at)
    kinds = [row["kind"] for row in at.session_state["rf_base"]]
    assert kinds == ["conv", "avgpool", "avgpool", "conv"]
    assert at.session_state["rf_base"][2] == {
        "kind": "avgpool",
        "kernel": 3,
        "stride": 2,
        "padding": 1,
        "dilation": 1,
    }
    assert at.session_state["rf_move_row"] == 3  # the moved row stays selected
    assert table(at).loc["3", EN["rf.t_layer"]] == "avgpool 3×3 s2"
    assert [row["kernel"] for row in at.data_editor[0].value.to_dict("records")] == [5, 2, 3, 5]
    at.button(key="rf_down").click()
    rerun(at)
    assert [row["kind"] for row in at.session_state["rf_base"]] == ["conv", "avgpool", "conv", "avgpool"]


def test_a_preset_replaces_the_stack_and_the_input(at):
    edit(at, edited={0: {"kernel": 3}})
    choose(at, "lenet")
    assert (at.number_input(key="rf_h").value, at.number_input(key="rf_w").value) == (28, 28)
    assert at.session_state["_rf_rows"] == editor.PRESETS["lenet"][1]
    assert at.session_state[editor.editor_key(at.session_state["rf_version"])]["edited_rows"] == {}


def test_edits_survive_a_visit_to_another_page(at):
    edit(at, edited={1: {"kernel": 1}})
    at.switch_page("views/home.py")
    rerun(at)
    at.switch_page("views/receptive_field.py")
    rerun(at)
    assert at.session_state["_rf_rows"][1]["kernel"] == 1
    assert table(at).loc["2", EN["rf.t_rf"]] == "2"


def test_an_edited_stack_says_it_is_no_longer_the_preset(at):
    assert EN["rf.edited"] not in texts(at, "caption")
    edit(at, edited={0: {"kernel": 3}})
    assert EN["rf.edited"] in texts(at, "caption")
    choose(at, "lenet")
    assert EN["rf.edited"] not in texts(at, "caption")
    at.number_input(key="rf_h").set_value(30)
    assert EN["rf.edited"] in texts(rerun(at), "caption")


def test_row_problems_and_the_stop_reason_are_in_the_pages_language(at, monkeypatch):
    from ui import i18n
    from ui.strings_zh import ZH

    bad = {"edited_rows": {1: {"kernel": 5}},
           "added_rows": [{"kind": "avgpool", "kernel": 2, "stride": 2, "padding": 3, "dilation": 1},
                          {"kind": "conv", "kernel": 0, "stride": 1, "padding": 0, "dilation": 1},
                          {"kind": "avgpool", "kernel": 2, "stride": 2, "padding": 0, "dilation": 2}],
           "deleted_rows": []}  # fmt: skip
    key = editor.editor_key(at.session_state["rf_version"])
    at.session_state[key] = bad
    rerun(at)
    assert "layer 2 (conv 5×5) leaves no output for a 2 × 2 input" in at.warning[0].value
    listed = errors(at)
    assert "layer 3: padding 3 is more than half of kernel_size 2" in listed
    assert "layer 4: kernel must be at least 1, got 0" in listed and "layer 5: average pooling" in listed

    monkeypatch.setattr(i18n, "language", lambda: "zh")  # AppTest formats options in the test's thread
    at = open_page("receptive_field")
    at.session_state[editor.editor_key(at.session_state["rf_version"])] = bad
    rerun(at)
    assert "第 2 层（conv 5×5）对 2 × 2 的输入没有输出" in at.warning[0].value
    listed = errors(at)
    assert ZH["rf.too_small"].format(n=4, what=ZH["rf.col_kernel"], low=1, value=0) in listed
    assert "kernel_size" in listed  # the parameter's own name stays, inside a Chinese sentence
    assert "must" not in listed and "must" not in at.warning[0].value  # no English sentence left


def test_a_stack_too_big_to_trace_says_so_instead_of_a_traceback(at):
    # 32 layers of k=32, s=32, p=32 on 512 x 512: every map keeps an output, but tracing a cell would
    # build more cells than convcore allows; the page says so under the cell inputs and stays usable
    row = {"kind": "conv", "kernel": 32, "stride": 32, "padding": 32, "dilation": 1}
    edit(at, edited={0: row, 1: row}, added=[row] * 30)
    at.number_input(key="rf_h").set_value(512)
    at.number_input(key="rf_w").set_value(512)
    rerun(at)
    assert not at.exception
    assert any(e.value.startswith("This cell cannot be traced here:") for e in at.error), [
        e.value for e in at.error
    ]
    at.number_input(key="rf_h").set_value(9)  # a smaller input: back to a traced cell
    rerun(at)
    assert not at.exception
