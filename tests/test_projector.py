"""Projector mode (larger type and cells, the toggle in the link) and titles that fit a phone."""

from __future__ import annotations

from tests.apptest import component, open_page, rerun
from ui import figures


def _explorer(projector: bool):
    at = open_page("explorer")
    if projector:
        at.toggle(key="projector").set_value(True)
        rerun(at)
    return at


def test_projector_mode_reaches_the_grid_component():
    # the component sizes its cells and type for a room when the payload says so
    plain, big = component(_explorer(False), "ex_anim"), component(_explorer(True), "ex_anim")
    assert plain["projector"] is False and big["projector"] is True
    assert {k: v for k, v in plain.items() if k not in ("projector",)} == {
        k: v for k, v in big.items() if k not in ("projector",)
    }


def test_projector_mode_is_in_the_link_and_on_every_page():
    at = _explorer(True)
    assert at.query_params["projector"] in ("1", ["1"])
    for page in ("channels", "receptive_field", "learn", "home"):
        at.switch_page(f"views/{page}.py")
        rerun(at)
        assert at.toggle(key="projector").value is True
        assert any("font-size: 1.3rem" in element.proto.body for element in at.get("html")), page


def test_enlarge_keeps_the_figure_and_scales_only_type():
    spec = {"data": [{"type": "heatmap", "z": [[1]], "textfont": {"size": 10, "color": "red"}}],
            "layout": {"title": {"text": "T"}, "annotations": [{"text": "a"}], "height": 300}}  # fmt: skip
    big = figures.enlarge(spec)
    assert big["data"][0]["z"] == [[1]] and big["data"][0]["textfont"] == {"size": 12.5, "color": "red"}
    assert big["layout"]["height"] == 300 and big["layout"]["annotations"][0]["font"]["size"] == 15
    assert spec["data"][0]["textfont"]["size"] == 10  # the original is untouched
