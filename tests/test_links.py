"""Links that reproduce a view: state in the query string, validated; tampering falls back with a notice."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, TIMEOUT, component, grid_output, rerun
from ui.i18n import t
from ui.pages.receptive_field import editor, link
from ui.strings_zh import ZH


def open_link(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(f"views/{page}.py")
    at.query_params.update(params)
    return rerun(at)


def test_a_teachers_link_opens_that_view():
    at = open_link("explorer", ex_in_preset="ramp", ex_k_preset="sobel_x", ex_hp_stride_w="2", ex_cell="1,1",
                   ex_k_bias="0.5")  # fmt: skip
    assert at.selectbox(key="ex_in_preset").value == "ramp"
    assert at.number_input(key="ex_hp_stride_w").value == 2
    # ramp 1..25 with Sobel x, stride (1, 2): every cell is 8, plus the bias
    np.testing.assert_allclose(grid_output(at, "ex_anim"), np.full((3, 2), 8.5))
    assert component(at, "ex_anim")["cell"] == [1, 1]
    assert not at.warning


def test_a_typed_matrix_travels_in_the_link():
    at = open_link("explorer", ex_in_preset="custom", ex_in_custom_base="1,2,3;4,5,6")
    np.testing.assert_array_equal(grid_output(at, "ex_anim"), [[25, 31]])


def test_tampered_parameters_fall_back_with_a_notice():
    at = open_link("explorer", ex_hp_stride_h="abc", ex_k_preset="rm -rf", ex_hp_padding_w="999",
                   ex_in_custom_base="1,nan", evil="__import__('os')", ex_cell="-1,2")  # fmt: skip
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    for name in ("ex_hp_stride_h=abc", "ex_k_preset=rm -rf", "ex_hp_padding_w=999", "evil=", "ex_cell=-1,2"):
        assert name in notice, name
    assert at.number_input(key="ex_hp_stride_h").value == 1
    np.testing.assert_array_equal(grid_output(at, "ex_anim"), [[19, 25], [37, 43]])


def test_the_address_bar_follows_the_controls():
    at = open_link("explorer")
    assert dict(at.query_params) == {}  # defaults keep the link clean
    at.selectbox(key="ex_k_preset").select("laplacian")
    at.number_input(key="ex_hp_padding_h").set_value(2)
    rerun(at)
    assert at.query_params["ex_k_preset"] == ["laplacian"] or at.query_params["ex_k_preset"] == "laplacian"
    assert "ex_hp_padding_h" in at.query_params and "ex_hp_stride_h" not in at.query_params


def test_a_link_to_a_pooling_view_and_a_mixing_matrix():
    at = open_link(
        "channels", ch_section="pooling", pl_mode="avg", pl_stride_default="0", pl_sh="1", pl_sw="1"
    )
    # 2x2 average pooling with stride 1 over d2l's 0..8
    np.testing.assert_array_equal(grid_output(at, "pl_anim"), [[2, 3], [5, 6]])
    at = open_link("channels", ch_section="one_by_one", p1_src="rand3", p1_mix3_base="1,0,0;0,0,2")
    grids = component(at, "p1_grids")["grids"]
    assert len(grids) == 3 and not at.warning
    at = open_link("channels", ch_section="bogus", ch_out="7")
    assert "ch_section=bogus" in at.warning[0].value and "ch_out=7" in at.warning[0].value


# --- the receptive-field page: the layer stack in the link ---------------------------------------------------


def _query(at: AppTest) -> dict:
    return {key: at.query_params[key][0] if isinstance(at.query_params[key], list) else at.query_params[key]
            for key in at.query_params}  # fmt: skip


def test_a_layer_stack_travels_in_the_link():
    at = open_link("receptive_field", rf_layers="c5s1p2d1,a2s2p0d1,c3s1p0d2", rf_h="20", rf_w="16", rf_cell="1,2",
                   rf_erf_relu="1")  # fmt: skip
    assert not at.warning
    assert [row["kind"] for row in at.session_state["_rf_rows"]] == ["conv", "avgpool", "conv"]
    assert at.session_state["_rf_rows"][2] == {"kind": "conv", "kernel": 3, "stride": 1, "padding": 0,
                                               "dilation": 2}  # fmt: skip
    assert (at.number_input(key="rf_h").value, at.number_input(key="rf_w").value) == (20, 16)
    # 20x16 -> conv5 p2 -> 20x16 -> avgpool2 s2 -> 10x8 -> conv3 d2 -> 6x4; the selected cell is (1, 2)
    assert at.session_state["rf_cell"] == (1, 2)
    assert (at.number_input(key="rf_cell_i").value, at.number_input(key="rf_cell_j").value) == (1, 2)
    assert at.toggle(key="rf_erf_relu").value is True
    # the page writes back exactly what the link said, so the address bar is that link again
    assert _query(at) == {"rf_layers": "c5s1p2d1,a2s2p0d1,c3s1p0d2", "rf_h": "20", "rf_w": "16",
                          "rf_cell": "1,2", "rf_erf_relu": "1"}  # fmt: skip


def test_a_preset_link_is_short_and_edits_join_it():
    at = open_link("receptive_field", rf_preset="alexnet")
    assert at.session_state["_rf_rows"] == [dict(row) for row in editor.PRESETS["alexnet"][1]]
    assert _query(at) == {"rf_preset": "alexnet"}  # the preset's own rows and size are not repeated
    key = editor.editor_key(at.session_state["rf_version"])
    at.session_state[key] = {"edited_rows": {0: {"stride": 2}}, "added_rows": [], "deleted_rows": []}
    rerun(at)
    assert _query(at)["rf_layers"].startswith("c11s2p2d1,m3s2p0d1,")
    # the edited link, opened in a new session, gives the same rows
    again = open_link("receptive_field", **_query(at))
    assert again.session_state["_rf_rows"] == at.session_state["_rf_rows"]


def test_a_stack_link_with_an_impossible_row_shows_the_problem_not_an_exception():
    at = open_link("receptive_field", rf_layers="c3s0p0d1,m2s2p0d1")
    assert (
        not at.exception and not at.warning
    )  # a well-formed link to a bad stack: the page says what is wrong
    assert "1" in at.error[0].value and at.session_state["_rf_rows"][0]["stride"] == 0


def test_tampered_stack_links_fall_back_with_a_notice():
    at = open_link("receptive_field", rf_layers="c3s1p0d1;drop table", rf_h="0", rf_cell="x", rf_preset="resnet",
                   rf_erf_weights="evil", rf_erf_seed="-4")  # fmt: skip
    assert not at.exception
    notice = at.warning[0].value
    for name in (
        "rf_layers=",
        "rf_h=0",
        "rf_cell=x",
        "rf_preset=resnet",
        "rf_erf_weights=evil",
        "rf_erf_seed=-4",
    ):
        assert name in notice, name
    assert at.session_state["_rf_rows"] == [dict(row) for row in editor.PRESETS[editor.DEFAULT_PRESET][1]]
    too_many = ",".join(["c3s1p1d1"] * (editor.MAX_LAYERS + 1))
    assert "rf_layers=" in open_link("receptive_field", rf_layers=too_many).warning[0].value


def test_stack_links_round_trip():
    for name, (_, rows) in editor.PRESETS.items():
        assert link.parse_rows(link.show_rows(rows)) == rows, name
    blank = [{"kind": "maxpool", "kernel": 2, "stride": None, "padding": 0, "dilation": 1}]
    assert link.show_rows(blank) == "m2sp0d1" and link.parse_rows("m2sp0d1") == blank
    assert link.parse_rows(link.show_rows([])) == []


# --- the learning page: the settings in the link -------------------------------------------------------------


def test_learning_settings_travel_in_the_link():
    from ui.pages.learn import player

    link = {"ln_k_preset": "sobel_x", "ln_in_preset": "ramp", "ln_same": "0", "ln_rows": "3", "ln_cols": "2",
            "ln_bias": "1", "ln_opt": "adam", "ln_lr": "0.1", "ln_steps": "40", "ln_seed": "7", "ln_noise": "0.05"}  # fmt: skip
    at = open_link("learn", **link)
    assert not at.warning
    run = at.session_state[player.RUN]
    settings = run.settings
    assert (settings.size, settings.bias, settings.optimizer, settings.lr, settings.steps, settings.seed) == (
        (3, 2), True, "adam", 0.1, 40, 7)  # fmt: skip
    assert settings.noise == 0.05 and run.last == 40
    assert _query(at) == link  # the address bar is that link again
    # back to the same size as the target: the learned size leaves the link
    at.toggle(key="ln_same").set_value(True)
    rerun(at)
    assert "ln_rows" not in _query(at) and _query(at)["ln_opt"] == "adam"


def test_learning_defaults_keep_the_link_clean_and_tampering_is_named():
    at = open_link("learn")
    assert _query(at) == {}
    at = open_link("learn", ln_lr="0.07", ln_steps="0", ln_opt="pickle", ln_rows="99", ln_same="yes")
    assert not at.exception
    notice = at.warning[0].value
    for name in ("ln_lr=0.07", "ln_steps=0", "ln_opt=pickle", "ln_rows=99", "ln_same=yes"):
        assert name in notice, name
    assert at.select_slider(key="ln_lr").value == 3e-2 and at.number_input(key="ln_steps").value == 10


def test_the_open_tab_travels_in_the_link_by_name_in_either_language():
    # a teacher shares the flip tab: it opens on it, in English and in Chinese alike
    at = open_link("explorer", ex_tab="flip")
    assert not at.warning
    assert component(at, "ex_flip")  # the flip tab's grids are built: it is the open tab
    assert _query(at) == {"ex_tab": "flip"}
    # another tab, as a click on it: the link follows; the language does not change the name
    at.session_state["ex_tab"] = t("explorer.tab_code")
    rerun(at)
    assert _query(at) == {"ex_tab": "code"}
    zh = open_link("explorer", ex_tab="code", lang="zh")
    assert zh.session_state["ex_tab"] == ZH["explorer.tab_code"] and _query(zh) == {
        "ex_tab": "code",
        "lang": "zh",
    }
    # the first tab is the default: no parameter; an unknown one is dropped with a notice
    at.session_state["ex_tab"] = t("explorer.tab_map")
    rerun(at)
    assert "ex_tab" not in _query(at)
    bad = open_link("explorer", ex_tab="nope")
    assert any("ex_tab=nope" in warning.value for warning in bad.warning)


def test_a_refused_value_stays_out_of_the_link():
    # padding 9999 typed: refused beside the box; the page and its link keep the padding in use (1)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/explorer.py")
    at.run()
    at.number_input(key="ex_hp_padding_h").set_value(1)
    rerun(at)
    assert _query(at)["ex_hp_padding_h"] == "1"
    d2l_padded = [[3, 8], [19, 25], [37, 43], [7, 8]]  # d2l's example with one row of padding each side
    np.testing.assert_array_equal(grid_output(at, "ex_anim"), d2l_padded)
    at.number_input(key="ex_hp_padding_h").set_value(9999)
    rerun(at)
    assert at.number_input(key="ex_hp_padding_h").value == 9999  # what was typed stays in the box
    assert _query(at)["ex_hp_padding_h"] == "1"  # the link carries the padding in use
    np.testing.assert_array_equal(grid_output(at, "ex_anim"), d2l_padded)
    assert [e.value for e in at.error] == ["9999 is outside 0 to 16: not used. Using 1."]
