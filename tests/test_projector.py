"""Projector mode (larger type and cells, the toggle in the link) and titles that fit a phone."""

from __future__ import annotations

from tests.apptest import chart, open_page, rerun
from ui import figures


def _explorer(projector: bool):
    at = open_page("explorer")
    if projector:
        at.toggle(key="projector").set_value(True)
        rerun(at)
    return at


def test_projector_mode_enlarges_cells_and_type_in_the_animation():
    plain, big = chart(_explorer(False), "ex_anim"), chart(_explorer(True), "ex_anim")
    assert big["layout"]["height"] > plain["layout"]["height"] * 1.2  # bigger cells: the grid is taller
    assert big["layout"]["font"]["size"] >= 15 > plain["layout"].get("font", {}).get("size", 12)
    plain_text = [trace["textfont"]["size"] for trace in plain["data"] if "textfont" in trace]
    big_text = [trace["textfont"]["size"] for trace in big["data"] if "textfont" in trace]
    assert plain_text and all(b > p for b, p in zip(big_text, plain_text, strict=True))
    # the buttons are laid out by Plotly for their own (larger) font, so their labels are not clipped
    assert big["layout"]["updatemenus"][0]["font"]["size"] > 12


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
    assert figures.grid_height(3, big=True) > figures.grid_height(3, big=False)


def test_long_panel_titles_take_two_lines_when_three_panels_share_a_row():
    assert figures.wrap("X0: Window (input values)") == "X0: Window<br>(input values)"
    assert figures.wrap("X0: Kernel K") == "X0: Kernel K"
    assert figures.wrap("Averylongtitlewithoutspaces") == "Averylongtitlewithoutspaces"
    three = figures.panels([(2, 2)] * 3, ["Window (input values)", "Kernel K", "Window × K (elementwise)"])
    assert [note["text"].count("<br>") for note in three["annotations"]] == [1, 0, 1]
    assert three["margin"]["t"] > figures.panels([(2, 2)], ["Window (input values)"])["margin"]["t"]
