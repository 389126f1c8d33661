"""Links that reproduce a view: state in the query string, validated; tampering falls back with a notice."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.apptest import APP, TIMEOUT, array, chart, rerun


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
    np.testing.assert_allclose(array(chart(at, "ex_anim")["data"][2]["z"]), np.full((3, 2), 8.5))
    assert any("(1, 1)" in header.value for header in at.subheader)
    assert not at.warning


def test_a_typed_matrix_travels_in_the_link():
    at = open_link("explorer", ex_in_preset="custom", ex_in_custom_base="1,2,3;4,5,6")
    np.testing.assert_array_equal(array(chart(at, "ex_anim")["data"][2]["z"]), [[25, 31]])


def test_tampered_parameters_fall_back_with_a_notice():
    at = open_link("explorer", ex_hp_stride_h="abc", ex_k_preset="rm -rf", ex_hp_padding_w="999",
                   ex_in_custom_base="1,nan", evil="__import__('os')", ex_cell="-1,2")  # fmt: skip
    assert not at.exception
    notice = " ".join(w.value for w in at.warning)
    for name in ("ex_hp_stride_h=abc", "ex_k_preset=rm -rf", "ex_hp_padding_w=999", "evil=", "ex_cell=-1,2"):
        assert name in notice, name
    assert at.number_input(key="ex_hp_stride_h").value == 1
    np.testing.assert_array_equal(array(chart(at, "ex_anim")["data"][2]["z"]), [[19, 25], [37, 43]])


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
    np.testing.assert_array_equal(array(chart(at, "pl_anim")["data"][2]["z"]), [[2, 3], [5, 6]])
    at = open_link("channels", ch_section="one_by_one", p1_src="rand3", p1_mix3_base="1,0,0;0,0,2")
    grids = chart(at, "p1_grids")
    assert len(grids["data"]) == 3 and not at.warning
    at = open_link("channels", ch_section="bogus", ch_out="7")
    assert "ch_section=bogus" in at.warning[0].value and "ch_out=7" in at.warning[0].value
