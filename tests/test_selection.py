"""The selected cell (ui/selection.py): kept inside the map, pinned only by a well-formed click."""

from __future__ import annotations

from ui import selection


def test_a_cell_is_moved_inside_a_map_that_shrank():
    assert selection.inside((5, 7), (3, 4)) == (2, 3)
    assert selection.inside((1, 1), (3, 4)) == (1, 1)
    assert selection.inside((-2, 0), (3, 4)) == (0, 0)


def test_what_the_grid_component_pins_is_checked():
    assert selection.parse({"cell": [1, 2]}, (3, 3)) == (1, 2)  # the sliding window's click
    assert selection.parse({"cell": [0, 2, 1764500000000]}, (3, 3)) == (0, 2)  # the maps' click, timed
    assert selection.parse({"cell": [3, 0]}, (3, 3)) is None  # outside the map
    assert selection.parse({"cell": [True, 0]}, (3, 3)) is None  # not an int
    assert selection.parse({"cell": ["1", 0]}, (3, 3)) is None
    assert selection.parse({"cell": [1]}, (3, 3)) is None
    assert selection.parse({}, (3, 3)) is None and selection.parse(None, (3, 3)) is None
