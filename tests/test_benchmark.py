"""The benchmark is not part of the test run, but its measuring code must keep working as the app changes."""

from benchmark import run


def test_the_animation_measure_still_builds_the_explorers_figure():
    result = run.animation()
    assert result["frames"] == 900 and result["animation_bytes"] > 0


def test_every_page_file_is_benchmarked():
    assert set(run.PAGES) == {"home", "explorer", "channels", "receptive_field", "learn"}
    assert all(f"rerun_ms.{page}" in run.TARGETS for page in run.PAGES)
