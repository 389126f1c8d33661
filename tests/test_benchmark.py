"""The benchmark is not part of the test run, but its measuring code must keep working as the app changes."""

from benchmark import run


def test_the_animation_measure_still_builds_the_explorers_figure():
    result = run.animation()
    assert result["frames"] == 900 and result["animation_bytes"] > 0


def test_every_page_file_is_benchmarked():
    assert set(run.PAGES) == {"home", "explorer", "channels", "receptive_field", "learn"}
    assert all(f"rerun_ms.{page}" in run.TARGETS for page in run.PAGES)


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
            "server_rss_mb.1_session": 300.0, "server_rss_mb.20_sessions": 490.0}  # fmt: skip
    text = run.report(flat, "test machine")
    assert "| `rerun_ms.home` | 10.0 | <= 50 ms | met |" in text
    assert "| `rerun_ms.explorer` | 80.0 | <= 50 ms | **not met** |" in text
    assert "| `playback_fps` | 45.0 | >= 30 frames/s | met |" in text
    assert "about 10.0 MB a session more" in text and "about 73 sessions fit in 1 GB" in text


def test_every_part_has_a_name_on_the_command_line():
    assert set(run.GROUPS["all"]) == set(run.PARTS)
    assert set(run.BROWSER_PARTS) <= set(run.PARTS)
