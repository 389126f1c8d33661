"""The benchmark is not part of the test run, but its measuring code must keep working as the app changes."""

from benchmark import run


def test_the_grid_payload_measure_builds_the_explorers_payload():
    result = run.grid_payload()
    assert result["grid_output_cells"] == 32 * 32
    assert result["grid_payload_bytes"] > 0 and result["grid_payload_build_ms"] > 0
    assert set(result) <= set(run.TARGETS) | {"grid_output_cells", "grid_payload_build_ms"}


def test_the_plotly_animations_measures_are_gone():
    names = " ".join([*run.TARGETS, *run.PARTS, run.report({}, "test machine")])
    assert "animation_bytes" not in names and "animation_build_ms" not in names
    assert "cell_step_ms" not in run.TARGETS and "animation" not in run.PARTS


def test_every_page_file_is_benchmarked():
    from benchmark import in_browser

    assert set(run.PAGES) == {
        "home",
        "explorer",
        "channels",
        "transposed",
        "matmul",
        "conv1d",
        "receptive_field",
        "learn",
        "lenet",
    }
    assert all(f"rerun_ms.{page}" in run.TARGETS for page in run.PAGES)
    assert set(in_browser.PAGES) == set(run.PAGES)
    # the pages that slide a window wait for the grid component; the others do not
    assert {name for name, entry in in_browser.PAGES.items() if entry[3]} == {
        "explorer",
        "channels",
        "transposed",
    }


def test_the_floor_app_is_one_radio_that_reruns():
    from streamlit.testing.v1 import AppTest

    from benchmark import in_browser

    at = AppTest.from_file(str(in_browser.FLOOR_APP), default_timeout=30).run()
    assert not at.exception and len(at.radio) == 1 and at.radio[0].value == "a"
    assert at.radio[0].set_value("b").run().radio[0].value == "b"


def test_memory_is_read_from_proc_for_a_process_tree():
    import os

    from benchmark import in_browser

    assert 1 < in_browser.rss_mb(os.getpid()) < 100_000


def test_the_report_marks_targets_met_or_not_and_budgets_memory():
    flat = {"rerun_ms.home": 10.0, "rerun_ms.explorer": 80.0, "playback_fps": 45.0,
            "grid_payload_bytes": 160_882, "grid_payload_build_ms": 60.0, "pin_ms": 300.0,
            "client_interaction_ms.hover_ms": 9.5, "cold_start_s": 4.2,
            "server_rss_mb.1_session": 300.0, "server_rss_mb.20_sessions": 490.0}  # fmt: skip
    text = run.report(flat, "test machine")
    assert "| `rerun_ms.home` | 10.0 | <= 50 ms | met |" in text
    assert "| `rerun_ms.explorer` | 80.0 | <= 50 ms | **not met** |" in text
    assert "| `playback_fps` | 45.0 | >= 30 frames/s | met |" in text
    assert "| `grid_payload_bytes` | 160,882 | <= 150,000 bytes | **not met** |" in text
    assert "| `grid_payload_build_ms` | 60.0 | | |" in text and "| `pin_ms` | 300.0 | | |" in text
    assert "| `client_interaction_ms.hover_ms` | 9.5 | <= 16 ms | met |" in text
    assert "| `cold_start_s` | 4.2 | <= 3 s | **not met** |" in text
    assert "5 targets met, 3 not met." in text
    assert "about 10.0 MB a session more" in text and "about 73 sessions fit in 1 GB" in text


def test_every_part_has_a_name_on_the_command_line():
    assert set(run.GROUPS["all"]) == set(run.PARTS)
    assert set(run.BROWSER_PARTS) <= set(run.PARTS)


def test_the_capacity_client_speaks_streamlits_protocol():
    # benchmark/capacity.py's simulated students: each opens a page over the websocket, changes a widget
    # and is answered by a finished run; on LeNet, Play sets the live timer and every tick comes back
    import asyncio

    from benchmark import capacity
    from tests.browser import streamlit_process

    with streamlit_process() as (url, _):
        explorer = asyncio.run(capacity.explorer_level(url, 2, 3))
        assert explorer["students"] == 2 and explorer["updates"] >= 2 and explorer["p95_ms"] > 0
        lenet = asyncio.run(capacity.lenet_level(url, 1, 3))
        assert lenet["students"] == 1 and lenet["updates_per_s_min"] > 0
