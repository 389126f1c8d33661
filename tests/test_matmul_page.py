"""The matrix-multiply page (views/matmul.py) through AppTest: every grid it draws equals torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tests.apptest import component, grid_values, open_page, rerun


def grids(at, key: str) -> dict[str, np.ndarray]:
    return {spec["name"]: grid_values(spec) for spec in component(at, key)["grids"]}


def close(shown: np.ndarray, expected: torch.Tensor) -> None:
    # the grids print 3 significant digits
    np.testing.assert_allclose(shown, expected.numpy(), rtol=5e-3, atol=5e-3)


def test_d2l_example_is_im2col_then_one_product():
    # d2l's 3x3 input 0..8 and kernel [[0, 1], [2, 3]]: four columns, the row, [[19, 25], [37, 43]]
    at = open_page("matmul")
    assert not at.error
    X = torch.arange(9.0).reshape(1, 1, 3, 3)
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    unfold = grids(at, "mm_unfold")
    close(unfold["input"], X[0, 0])
    close(unfold["columns"], F.unfold(X, 2)[0])
    product = grids(at, "mm_unfold")
    close(product["row"], K.reshape(1, -1))
    close(product["output"], F.conv2d(X, K[None, None])[0, 0])
    assert product["output"].tolist() == [[19, 25], [37, 43]]
    matrix = grids(at, "mm_matrix")
    assert matrix["matrix"].shape == (4, 9)
    close(matrix["y"][:, 0], F.conv2d(X, K[None, None]).flatten())


@pytest.mark.parametrize(("h", "w", "s", "p", "d"), [(5, 4, 2, 1, 1), (6, 6, 1, 2, 2), (4, 7, 3, 0, 1)])
def test_the_page_numbers_equal_torch_with_stride_padding_dilation(h, w, s, p, d):
    at = open_page("matmul")
    at.selectbox(key="mm_input").select("random")
    for key, value in (("mm_h", h), ("mm_w", w), ("mm_s", s), ("mm_p", p), ("mm_d", d)):
        at.number_input(key=key).set_value(value)
        rerun(at)
    assert not at.error, [e.value for e in at.error]
    unfold = grids(at, "mm_unfold")
    X = torch.tensor(unfold["input"], dtype=torch.float32)[None, None]
    K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])[None, None]
    close(unfold["columns"], F.unfold(X, 2, d, p, s)[0])
    expected = F.conv2d(X, K, None, s, p, d)
    close(grids(at, "mm_unfold")["output"], expected[0, 0])
    close(grids(at, "mm_matrix")["y"][:, 0], expected.flatten())
    # C^T: the transposed convolution with the output_padding that gives the input's shape back
    at.toggle(key="mm_transpose").set_value(True)
    rerun(at)
    back = grids(at, "mm_back")
    a = tuple(
        (n + 2 * p - d - 1) % s for n in (h, w)
    )  # conv2d's floor drops these cells; output_padding puts them back
    scattered = F.conv_transpose2d(expected, K, None, s, p, a, 1, d)[0, 0]
    assert back["back"].shape == (h, w)
    close(back["back"], scattered)
    close(back["scatter"], scattered)


def test_a_kernel_larger_than_the_input_is_explained_not_raised():
    # a 5x5 box on the 3x3 input: convcore refuses, the page says why beside the controls and draws no grid
    at = open_page("matmul")
    at.selectbox(key="mm_k_preset").select("box")
    rerun(at)
    at.number_input(key="mm_k_rows").set_value(5)
    rerun(at)
    shown = " ".join(e.value for e in at.error)
    assert "No output: along the height, kernel_size 5" in shown, shown
    # padding 1 makes room (5 <= 3 + 2): the grids come back
    at.number_input(key="mm_p").set_value(1)
    rerun(at)
    assert not at.error
    assert grids(at, "mm_unfold")["output"].shape == (1, 3)
