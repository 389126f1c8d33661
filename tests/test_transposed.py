"""Transposed and grouped convolution: convcore against torch (the oracle), and the pages that show them.

Hypothesis sweeps conv_transpose2d (stride, padding, output_padding, dilation, groups, every input rank),
the output-size formula and the transposed walk; the grouped walks and their costs are checked against
nn.Conv2d. The page tests drive views/transposed.py and the channels page's groups through AppTest.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convcore
from convcore import ConvError
from tests.apptest import component, grid_values, open_page, rerun
from ui.grid import fmt

SWEEP = settings(max_examples=80, derandomize=True, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def torch_or_none(call):
    """torch's result, or None where torch refuses or gives an empty output (convcore refuses both)."""
    try:
        result = call()
    except RuntimeError:
        return None
    return None if isinstance(result, torch.Tensor) and result.numel() == 0 else result


# --- conv_transpose2d ---------------------------------------------------------------------------------------


def test_d2l_example_matches_the_book_and_torch():
    X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
    expected = [[0.0, 0.0, 1.0], [0.0, 4.0, 6.0], [4.0, 12.0, 9.0]]  # d2l 14.10.1
    assert convcore.conv_transpose2d(X, X).tolist() == expected
    layer = torch.nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)
    layer.weight.data = X.reshape(1, 1, 2, 2)
    assert layer(X.reshape(1, 1, 2, 2))[0, 0].tolist() == expected


@SWEEP
@given(
    rank=st.sampled_from([2, 3, 4]),
    groups=st.sampled_from([1, 2, 3]),
    per_in=st.integers(1, 2),
    per_out=st.integers(1, 2),
    h=st.integers(1, 5),
    w=st.integers(1, 5),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    stride=st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))),
    padding=st.one_of(st.integers(0, 3), st.tuples(st.integers(0, 3), st.integers(0, 3))),
    output_padding=st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2))),
    dilation=st.one_of(st.integers(1, 3), st.tuples(st.integers(1, 3), st.integers(1, 3))),
    bias=st.booleans(),
    seed=st.integers(0, 1000),
)
def test_conv_transpose2d_equals_torch(
    rank, groups, per_in, per_out, h, w, kh, kw, stride, padding, output_padding, dilation, bias, seed
):
    if rank == 2:
        groups, per_in, per_out = 1, 1, 1
    g = torch.Generator().manual_seed(seed)
    c, o = groups * per_in, groups * per_out
    X4 = torch.randn(2 if rank == 4 else 1, c, h, w, generator=g)
    W = torch.randn(c, per_out, kh, kw, generator=g)
    b = torch.randn(o, generator=g) if bias else None
    X = {2: X4[0, 0], 3: X4[0], 4: X4}[rank]
    weight = W[0, 0] if rank == 2 else W
    expected = torch_or_none(
        lambda: F.conv_transpose2d(X4, W, b, stride, padding, output_padding, groups, dilation)
    )
    try:
        got = convcore.conv_transpose2d(X, weight, b, stride, padding, output_padding, groups, dilation)
    except ConvError as error:
        assert expected is None, f"refused what torch accepts: {error}"
        assert error.key in ("output_padding_too_big", "transpose_empty")
        return
    assert expected is not None, "accepted what torch refuses"
    expected = {2: expected[0, 0], 3: expected[0], 4: expected}[rank]
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


@SWEEP
@given(
    size=st.integers(1, 12),
    k=st.integers(1, 5),
    s=st.integers(1, 4),
    p=st.integers(0, 5),
    op=st.integers(0, 4),
    d=st.integers(1, 3),
)
def test_the_output_size_formula_is_torchs(size, k, s, p, op, d):
    layer = torch.nn.ConvTranspose2d(1, 1, k, s, p, op, dilation=d, bias=False)
    expected = torch_or_none(lambda: layer(torch.zeros(1, 1, size, size)).shape[-1])
    try:
        got = convcore.conv_transpose_output_size(size, k, s, p, op, d)
    except ConvError as error:
        assert expected is None
        # the parameter torch refuses is named: output_padding first, else padding crops everything
        if op >= max(s, d):
            assert error.key == "output_padding_too_big" and error.values["output_padding"] == op
        else:
            assert error.key == "transpose_empty_1d" and error.values["padding"] == p
        return
    assert got == expected == (size - 1) * s - 2 * p + d * (k - 1) + op + 1


def test_the_refusals_name_their_parameter_in_both_languages():
    with pytest.raises(ConvError) as caught:
        convcore.conv_transpose2d(torch.ones(2, 2), torch.ones(2, 2), stride=2, output_padding=2)
    assert caught.value.key == "output_padding_too_big" and "output_padding" in str(caught.value)
    with pytest.raises(ConvError) as caught:
        convcore.conv_transpose2d(torch.ones(1, 1), torch.ones(1, 1), padding=1)
    assert caught.value.key == "transpose_empty" and caught.value.values["axis"] == "height"
    with pytest.raises(ConvError) as caught:
        convcore.conv_transpose2d(torch.ones(3, 2, 2), torch.ones(3, 2, 2, 2), groups=2)
    assert caught.value.key == "groups_divide" and caught.value.values["groups"] == 2


@SWEEP
@given(
    size=st.integers(1, 20),
    k=st.integers(1, 5),
    s=st.integers(1, 4),
    p=st.integers(0, 3),
    d=st.integers(1, 2),
)
def test_the_round_trip_gives_the_shape_back(size, k, s, p, d):
    conv = torch.nn.Conv2d(1, 1, k, s, p, d, bias=False)
    down = torch_or_none(lambda: conv(torch.zeros(1, 1, size, size)))
    if down is None or down.shape[-1] == 0:
        with pytest.raises(ConvError):
            convcore.round_trip_output_padding(size, k, s, p, d)
        return
    op = convcore.round_trip_output_padding(size, k, s, p, d)
    back = torch.nn.ConvTranspose2d(1, 1, k, s, p, op, dilation=d, bias=False)(down)
    assert back.shape[-1] == size and 0 <= op < s


# --- the walk -----------------------------------------------------------------------------------------------


@SWEEP
@given(
    h=st.integers(1, 4),
    w=st.integers(1, 4),
    kh=st.integers(1, 3),
    kw=st.integers(1, 3),
    s=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    p=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    op=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    d=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    seed=st.integers(0, 1000),
)
def test_the_walk_scatters_what_torch_sums_and_the_direct_convolution_agrees(h, w, kh, kw, s, p, op, d, seed):
    g = torch.Generator().manual_seed(seed)
    X, K = torch.randn(h, w, generator=g), torch.randn(kh, kw, generator=g)
    expected = torch_or_none(
        lambda: F.conv_transpose2d(X[None, None], K[None, None], None, s, p, op, 1, d)[0, 0]
    )
    try:
        walk = convcore.transposed_window(X, K, s, p, op, d)
    except ConvError:
        assert expected is None
        return
    torch.testing.assert_close(walk.output, expected)
    torch.testing.assert_close(walk.direct, expected, rtol=1e-5, atol=1e-5)  # zeros inserted, kernel rotated
    torch.testing.assert_close(walk.direct_walk().output, expected, rtol=1e-5, atol=1e-5)
    # each input cell writes value x kernel at rows i*s + a*d - p; summing the kept writes gives the output
    summed = torch.zeros_like(expected)
    for i in range(h):
        for j in range(w):
            step = walk.step(i, j)
            assert step.rows == tuple(i * s[0] + a * d[0] - p[0] for a in range(kh))
            for a, r in enumerate(step.rows):
                for b, c in enumerate(step.cols):
                    if 0 <= r < summed.shape[0] and 0 <= c < summed.shape[1]:
                        summed[r, c] += step.products[a, b]
    torch.testing.assert_close(summed, expected, rtol=1e-5, atol=1e-5)
    # the contributions to a cell are exactly the writes that land on it; the last write holds the sum
    r, c = expected.shape[0] // 2, expected.shape[1] // 2
    terms = walk.contributions(r, c)
    assert len(terms) == walk.overlaps()[r, c]
    total = sum(float(X[i, j] * K[a, b]) for i, j, a, b in terms)
    assert math.isclose(total, float(expected[r, c]), rel_tol=1e-4, abs_tol=1e-4)
    if terms:
        i, j, a, b = max(terms)
        assert math.isclose(
            float(walk.running[i, j, a, b]), float(expected[r, c]), rel_tol=1e-4, abs_tol=1e-4
        )


def test_the_checkerboard_counts_overlaps_unevenly():
    walk = convcore.transposed_window(torch.ones(4, 4), torch.ones(3, 3), stride=2)
    assert walk.output.tolist() == walk.overlaps().tolist()
    assert sorted(set(walk.overlaps().ravel().tolist())) == [1, 2, 4]
    even = convcore.transposed_window(torch.ones(3, 3), torch.ones(2, 2), stride=2)
    assert set(even.overlaps().ravel().tolist()) == {1}  # 2x2 at stride 2: each cell a 2x2 block


# --- groups -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("c,o,g", [(2, 2, 2), (4, 2, 2), (3, 3, 3), (4, 4, 1), (6, 3, 3)])
def test_grouped_walks_equal_nn_conv2d_and_read_their_groups_channels(c, o, g):
    torch.manual_seed(0)
    layer = torch.nn.Conv2d(c, o, 3, padding=1, groups=g)
    X = torch.randn(c, 5, 5)
    walk = convcore.channel_window(X, layer.weight.detach(), layer.bias.detach(), 1, 1, groups=g)
    torch.testing.assert_close(walk.output, layer(X[None])[0].detach(), rtol=1e-4, atol=1e-4)
    wiring = convcore.grouping(c, o, 3, g, output_size=walk.shape)
    assert walk.reads == wiring.reads
    # output channel k reads exactly the input channels whose weights nn.Conv2d applies to it
    for k in range(o):
        probe = torch.zeros(c, 5, 5)
        for channel in range(c):
            probe.zero_()
            probe[channel] = 1.0
            touched = (layer(probe[None])[0, k] - layer.bias[k]).abs().sum().item() > 0
            assert touched == (channel in wiring.reads[k]), (k, channel)
    assert wiring.weight_shape == tuple(layer.weight.shape)
    assert wiring.parameters == sum(p.numel() for p in layer.parameters())
    assert wiring.multiply_adds == o * (c // g) * 9 * 25


def test_groups_that_do_not_divide_the_channels_are_refused_by_name():
    for call in (
        lambda: convcore.grouping(3, 3, 3, groups=2),
        lambda: convcore.channel_window(torch.ones(3, 4, 4), torch.ones(3, 1, 3, 3), groups=2),
    ):
        with pytest.raises(ConvError) as caught:
            call()
        assert caught.value.key == "groups_divide" and caught.value.values["groups"] == 2
    with pytest.raises(ValueError):
        torch.nn.Conv2d(3, 3, 3, groups=2)
    assert convcore.group_divisors(6) == [1, 2, 3, 6] and convcore.group_divisors(6, 4) == [1, 2]


def test_depthwise_then_1x1_has_the_full_convolutions_output_shape_with_fewer_parameters():
    c, o = 3, 3
    full = torch.nn.Conv2d(c, o, 3)
    depthwise, pointwise = torch.nn.Conv2d(c, c, 3, groups=c), torch.nn.Conv2d(c, o, 1)
    X = torch.randn(1, c, 6, 6)
    assert full(X).shape == pointwise(depthwise(X)).shape
    comparison = convcore.separable(c, o, 3, output_size=(4, 4))
    count = lambda *layers: sum(p.numel() for layer in layers for p in layer.parameters())  # noqa: E731
    assert comparison.full.parameters == count(full)
    assert comparison.parameters == count(depthwise, pointwise)
    assert (
        comparison.multiply_adds == c * 9 * 16 + o * c * 16 < comparison.full.multiply_adds == o * c * 9 * 16
    )


# --- the transposed page ------------------------------------------------------------------------------------


def open_transposed():
    return open_page("transposed")


def test_the_page_opens_on_d2ls_example_with_torchs_numbers():
    at = open_transposed()
    payload = component(at, "tr_anim")
    assert payload["kind"] == "scatter" and payload["shape"] == [2, 2]
    assert grid_values(payload["output"]).tolist() == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
    # every write's running sum: input cell (1, 1) = 3 writes 3 x K; its last write, (2, 2), is the total 9
    assert payload["running"][-1] == "9" and payload["products"][-4:] == ["0", "3", "6", "9"]
    direct = component(at, "trd_anim")
    assert grid_values(direct["output"]).tolist() == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]
    assert any("largest difference is **0**" in m.value for m in at.markdown)
    assert any(r"= 3" in latex.value for latex in at.latex)
    assert not at.error


@pytest.mark.parametrize("preset", ["upsample", "checker"])
def test_the_presets_give_torchs_output(preset):
    from ui.matrix import from_text
    from ui.pages.transposed.presets import PRESETS

    at = open_transposed()
    at.selectbox(key="tr_preset").set_value(preset)
    rerun(at)
    values = PRESETS[preset]
    X, K = from_text(values["x"]), from_text(values["k"])
    expected = F.conv_transpose2d(X[None, None], K[None, None], stride=values["s"])[0, 0]
    assert np.allclose(grid_values(component(at, "tr_anim")["output"]), expected.numpy())
    overlaps = grid_values(component(at, "tr_overlaps")["grids"][0])
    if preset == "checker":
        assert overlaps.tolist() == expected.tolist()  # all ones: the output is the overlap count
        assert any("between 1 and 4 copies" in m.value for m in at.markdown)
    else:
        assert set(overlaps.ravel().tolist()) == {1}
    assert at.query_params["tr_s"] in ("2", ["2"])  # carried in the link


def test_an_output_padding_too_big_is_explained_under_it_and_recovers():
    at = open_transposed()
    at.number_input(key="tr_op").set_value(1)
    rerun(at)
    assert len(at.error) == 1 and "output_padding" in at.error[0].value
    assert not at.get("bidi_component") or all(
        not n.proto.id.endswith("-tr_anim") for n in at.get("bidi_component")
    )
    at.number_input(key="tr_s").set_value(2)
    rerun(at)
    assert not at.error
    assert component(at, "tr_anim")["output"]["rows"] == (2 - 1) * 2 + 1 + 1 + 1


def test_padding_that_crops_everything_is_explained_under_padding():
    at = open_transposed()
    at.number_input(key="tr_p").set_value(2)
    rerun(at)
    assert len(at.error) == 1 and "padding" in at.error[0].value


def test_the_page_speaks_chinese_and_carries_its_settings_in_the_link():
    from tests.test_links import open_link

    at = open_link("transposed", lang="zh", tr_s="2", tr_p="1", tr_op="1")
    assert at.title[0].value == "转置卷积"
    payload = component(at, "tr_anim")
    expected = F.conv_transpose2d(torch.tensor([[[[0.0, 1], [2, 3]]]]), torch.tensor([[[[0.0, 1], [2, 3]]]]),
                                  stride=2, padding=1, output_padding=1)[0, 0]  # fmt: skip
    assert payload["output"]["values"][payload["output"]["cols"] * 1 + 1] == fmt(float(expected[0, 0]))
    assert "转置卷积" in at.caption[0].value or "d2l 13.10" in at.caption[0].value


def test_a_link_naming_a_preset_opens_on_that_preset():
    from tests.test_links import open_link

    at = open_link("transposed", tr_preset="checker")  # only the preset: its matrices and stride come too
    payload = component(at, "tr_anim")
    ones = torch.ones(1, 1, 4, 4)
    expected = F.conv_transpose2d(ones, torch.ones(1, 1, 3, 3), stride=2)[0, 0]
    assert (payload["output"]["rows"], payload["output"]["cols"]) == tuple(expected.shape)
    at = open_link("transposed", tr_preset="checker", tr_s="1")  # what the link names wins
    assert component(at, "tr_anim")["output"]["rows"] == 6


# --- groups on the channels page ----------------------------------------------------------------------------


def test_the_groups_control_offers_divisors_and_wires_each_output_to_its_group():
    at = open_page("channels")
    assert at.selectbox(key="ch_groups").options == ["1", "2"]  # d2l's two input channels
    at.number_input(key="ch_out").set_value(2)
    at.selectbox(key="ch_groups").set_value(2)
    rerun(at)
    assert not at.error
    # output 1 reads only X1, with its own kernel (d2l's K + 2 for out 1, channel 1): torch's grouped Conv2d
    X = convcore.presets.d2l_two_channels()
    K = torch.stack([convcore.presets.kernel("d2l_2x2"), convcore.presets.kernel("d2l_2x2_2")])[:, None]
    expected = F.conv2d(X[None], K, groups=2)[0]
    at.radio(key="ch_o").set_value(1)
    rerun(at)
    payload = component(at, "ch_anim")
    assert [panel["input"]["title"] for panel in payload["panels"]] == ["X1"]
    np.testing.assert_allclose(grid_values(payload["output"]), expected[1].numpy())
    text = " ".join(m.value for m in at.markdown)
    assert "| Output channel 0 | ● |  |" in text and "| Output channel 1 |  | ● |" in text  # the wiring
    assert "weight **(2, 1, 2, 2)**, **10** parameters" in text and "**32** multiply-adds" in text
    assert at.query_params["ch_groups"] in ("2", ["2"])


def test_groups_that_do_not_divide_the_output_channels_are_explained_under_the_control():
    at = open_page("channels")
    at.selectbox(key="ch_groups").set_value(2)  # two input channels, one output channel
    rerun(at)
    assert len(at.error) == 1 and "groups (2) must divide" in at.error[0].value
    at.number_input(key="ch_out").set_value(2)
    rerun(at)
    assert not at.error and component(at, "ch_anim")["output"]["rows"] == 2


def test_a_linked_groups_value_the_channels_refuse_is_explained_and_dropped():
    from tests.test_links import open_link

    at = open_link("channels", ch_groups="3", lang="zh")
    assert len(at.error) == 1 and "groups（3）" in at.error[0].value
    assert at.selectbox(key="ch_groups").value == 1 and component(at, "ch_anim")


def test_depthwise_then_1x1_is_compared_with_the_full_convolution_on_the_page():
    from tests.test_links import open_link

    at = open_link("channels", ch_src="rand3", ch_out="3", ch_groups="3")
    assert not at.error
    table = next(m.value for m in at.markdown if "depthwise" in m.value)
    comparison = convcore.separable(3, 3, 3, output_size=(3, 3))  # 5x5 inputs, Sobel/Laplacian 3x3 kernels
    assert f"| {comparison.full.parameters} | {comparison.full.multiply_adds} | (3, 3, 3) |" in table
    assert f"**{comparison.parameters}** | **{comparison.multiply_adds}** | (3, 3, 3) |" in table
