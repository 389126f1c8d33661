"""Presets: the textbook's inputs and the classic filters, checked by hand."""

import pytest
import torch

from convcore import corr2d, presets


def test_textbook_inputs():
    assert presets.d2l_matrix().tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    edge = presets.edge_image()
    assert edge.shape == (6, 8) and edge[:, 2:6].sum() == 0 and edge[:, [0, 1, 6, 7]].min() == 1
    assert presets.ramp(5)[4, 4] == 25 and presets.ramp(5)[0, 0] == 1


@pytest.mark.parametrize("name", presets.KERNEL_NAMES)
def test_every_kernel_preset_is_a_small_matrix(name):
    K = presets.kernel(name, (3, 3))
    assert K.dim() == 2 and min(K.shape) >= 1 and max(K.shape) <= 7


def test_blurs_sum_to_one_and_identity_copies():
    for shape in [(3, 3), (5, 5), (2, 4), (1, 7)]:
        assert presets.kernel("box", shape).sum() == pytest.approx(1)
        assert presets.kernel("gaussian", shape).sum() == pytest.approx(1)
    assert presets.kernel("gaussian", (3, 3)).mul(16).tolist() == [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
    X = presets.random_integers((6, 6), seed=3)
    assert torch.equal(corr2d(X, presets.kernel("identity", (3, 3))), X[1:5, 1:5])


def test_seeded_presets_repeat_and_differ():
    assert torch.equal(presets.random_integers(seed=1), presets.random_integers(seed=1))
    assert not torch.equal(presets.random_integers(seed=1), presets.random_integers(seed=2))
    assert torch.equal(presets.kernel("random", (2, 3), seed=4), presets.kernel("random", (2, 3), seed=4))


def test_sobel_finds_the_edge_image_edges():
    # Sobel x on d2l's edge image: positive on the black-to-white edge, negative on white-to-black
    Y = corr2d(presets.edge_image(), presets.kernel("sobel_x"))
    # each row is [1 1 0 0 0 0 1 1]; out[j] = 4 * (x[j + 2] - x[j])
    assert Y[0].tolist() == [-4, -4, 0, 0, 4, 4]


def test_generated_photos_are_rgb_in_range():
    for image in (presets.scene(), presets.rings()):
        assert image.shape[0] == 3 and image.min() >= 0 and image.max() <= 1
    gray = presets.to_gray(torch.ones(3, 2, 2))
    assert torch.allclose(gray, torch.ones(2, 2))


def test_unknown_preset_names_the_choices():
    with pytest.raises(ValueError, match="sobel_x"):
        presets.kernel("sobel_z")


def test_d2l_textcnn_is_the_books_three_channel_example():
    # d2l 15.3: three channels 0..6, 1..7, 2..8 and kernels [1, 2], [3, 4], [-1, -3] give 2, 8, ..., 32
    X, K = presets.d2l_textcnn()
    assert X.tolist() == [list(range(7)), list(range(1, 8)), list(range(2, 9))]
    assert K.tolist() == [[1, 2], [3, 4], [-1, -3]]
    output = torch.nn.functional.conv1d(X[None], K[None])[0, 0]
    assert output.tolist() == [2, 8, 14, 20, 26, 32]
