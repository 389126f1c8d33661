"""Typed matrices: parsed with float() only, every problem named with its row and column."""

import pytest

from ui import matrix


def test_spaces_commas_semicolons_and_brackets():
    assert matrix.from_text("[1, 2; 3]\n 4 5 6 ").tolist() == [[1, 2, 3], [4, 5, 6]]
    assert matrix.from_text("-1.5e2 .5\n+3 0").tolist() == [[-150, 0.5], [3, 0]]


@pytest.mark.parametrize(
    ("text", "key", "where"),
    [
        ("1 2\n3 x", "matrix.not_a_number", (1, 1)),
        ("1 2\n__import__('os') 4", "matrix.not_a_number", (1, 0)),
        ("nan 1", "matrix.not_finite", (0, 0)),
        ("1 -inf", "matrix.not_finite", (0, 1)),
        ("1 1e999", "matrix.too_large", (0, 1)),
        ("1 2000000", "matrix.too_large", (0, 1)),
    ],
)
def test_bad_cells_are_named(text, key, where):
    # (row, column) counted from 0, as the grids label them
    with pytest.raises(matrix.MatrixError) as error:
        matrix.from_text(text)
    assert error.value.key == key
    assert (error.value.values["row"], error.value.values["col"]) == where


def test_ragged_rows_and_empty_input():
    with pytest.raises(matrix.MatrixError) as error:
        matrix.from_text("1 2 3\n4 5")
    assert error.value.key == "matrix.ragged" and error.value.values == {"row": 1, "got": 2, "expected": 3}
    with pytest.raises(matrix.MatrixError) as error:
        matrix.from_text("  \n ")
    assert error.value.key == "matrix.no_rows"


def test_empty_cell_from_the_grid_editor():
    with pytest.raises(matrix.MatrixError) as error:
        matrix.from_cells([["1", ""], ["2", "3"]])
    assert error.value.key == "matrix.empty_cell" and error.value.values == {"row": 0, "col": 1}


def test_too_big():
    with pytest.raises(matrix.MatrixError) as error:
        matrix.from_text("\n".join(["1"] * 65))
    assert error.value.key == "matrix.too_big"


def test_round_trip():
    typed = matrix.from_text("0.25 -1\n3 1e-3")
    assert matrix.from_text(matrix.to_text(typed)).tolist() == typed.tolist()
