"""convcore.practice: seeded and deterministic sets whose every answer equals torch's."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import convcore
from convcore.practice import PER_SETTING, printable

SEEDS = range(6)
CELL_OPS = ("conv", "pool", "transposed")


def all_sets():
    for level in (1, 2, 3):
        for seed in SEEDS:
            for op in CELL_OPS:
                yield convcore.practice_set("cell", seed, level, op)
                yield convcore.practice_set("size", seed, level, op)
            yield convcore.practice_set("field", seed, level)


SETS = list(all_sets())


def torch_conv(s):
    X, K = s.input[None, None], s.weight[None, None]
    if s.padding_mode == "zeros":
        return F.conv2d(X, K, None, s.stride, s.padding, s.dilation)[0, 0]
    (ph, pw), mode = s.padding, s.padding_mode
    return F.conv2d(F.pad(X, (pw, pw, ph, ph), mode=mode), K, None, s.stride, 0, s.dilation)[0, 0]


def torch_pool(s):
    X = s.input[None, None]
    if s.op == "max":
        return F.max_pool2d(X, s.kernel_size, s.stride, s.padding, s.dilation)[0, 0]
    return F.avg_pool2d(X, s.kernel_size, s.stride, s.padding)[0, 0]


def torch_transposed(s, X=None):
    X = s.input if X is None else X
    return F.conv_transpose2d(X[None, None], s.weight[None, None], None, s.stride, s.padding, s.output_padding,
                              1, s.dilation)[0, 0]  # fmt: skip


def test_the_same_arguments_give_the_same_set():
    # a teacher's link carries (kind, seed, level): every student must get the very same questions
    for kind, op in [
        ("cell", "conv"),
        ("cell", "pool"),
        ("cell", "transposed"),
        ("size", "conv"),
        ("field", None),
    ]:
        for level in (1, 2, 3):
            a = convcore.practice_set(kind, 7, level, op)
            b = convcore.practice_set(kind, 7, level, op)
            assert [q.answer for q in a.questions] == [q.answer for q in b.questions]
            assert [(q.cell, q.target, q.setting) for q in a.questions] == [(q.cell, q.target, q.setting)
                                                                            for q in b.questions]  # fmt: skip
            for x, y in zip(a.settings, b.settings, strict=True):
                assert (x.op, x.input_size, x.kernel_size, x.stride, x.padding, x.dilation, x.padding_mode,
                        x.output_padding, x.layers) == (y.op, y.input_size, y.kernel_size, y.stride, y.padding,
                                                        y.dilation, y.padding_mode, y.output_padding, y.layers)  # fmt: skip
                if x.input is not None:
                    assert torch.equal(x.input, y.input)
                if x.weight is not None:
                    assert torch.equal(x.weight, y.weight)


def test_another_seed_gives_another_set():
    for kind in ("cell", "size", "field"):
        for level in (1, 2, 3):
            answers = {
                tuple(q.answer for q in convcore.practice_set(kind, seed, level).questions) for seed in SEEDS
            }
            assert len(answers) >= 4, (kind, level)  # a reseed is a new set, not the same one again


def test_level_one_opens_on_d2l_example():
    first = convcore.practice_set("cell", 3, 1)
    setting = first.settings[0]
    assert setting.input.tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert setting.weight.tolist() == [[0, 1], [2, 3]]
    assert [q.answer[0] for q in first.questions[:4]] == [19, 25, 37, 43]  # d2l's [[19, 25], [37, 43]]
    pool = convcore.practice_set("cell", 0, 1, "pool")
    assert [q.answer[0] for q in pool.questions[:4]] == [4, 5, 7, 8]  # d2l's max pooling [[4, 5], [7, 8]]
    field = convcore.practice_set("field", 0, 1)
    assert field.questions[0].answer == (3, 3)  # two 2x2 convolutions: one cell sees all 9 inputs


@pytest.mark.parametrize("level", [1, 2, 3])
def test_each_level_draws_its_own_settings(level):
    seen = set()
    for s in [s for s in SETS if s.level == level]:
        assert len(s.questions) == 10
        for setting in s.settings:
            if setting.op == "stack":
                layers = setting.layers
                strides = [layer.get("stride", 1) for layer in layers if layer["kind"] == "conv"]
                if level == 1:
                    assert all(
                        layer["kind"] == "conv" and set(layer) == {"kind", "kernel_size"} for layer in layers
                    )
                if level == 2:
                    assert all("dilation" not in layer for layer in layers)
                seen.update("stride" for stride in strides if stride != 1)
                seen.update("dilation" for layer in layers if layer.get("dilation", 1) not in (1, [1, 1]))
                continue
            if level == 1:
                assert setting.stride == (1, 1) or setting.op in ("max", "avg")
                assert setting.padding == (0, 0) and setting.dilation == (1, 1)
                assert setting.kernel_size[0] == setting.kernel_size[1]
                assert setting.output_padding == (0, 0) and setting.padding_mode == "zeros"
            if level == 2:
                assert setting.dilation == (1, 1) and setting.kernel_size[0] == setting.kernel_size[1]
                assert setting.padding_mode == "zeros" and setting.output_padding == (0, 0)
            seen.add(setting.op)
            seen.update(["padding"] if setting.padding != (0, 0) else [])
            seen.update(["stride"] if setting.stride != (1, 1) and setting.op == "conv" else [])
            seen.update(["dilation"] if setting.dilation != (1, 1) else [])
            seen.update(["rectangular"] if setting.kernel_size[0] != setting.kernel_size[1] else [])
            seen.update([setting.padding_mode] if setting.padding != (0, 0) else [])
            seen.update(["output_padding"] if setting.output_padding != (0, 0) else [])
    expected = {
        1: {"conv", "max", "avg", "transposed"},
        2: {"conv", "max", "avg", "transposed", "padding", "stride"},
        3: {"conv", "max", "avg", "transposed", "padding", "stride", "dilation", "rectangular", "reflect",
            "output_padding"},
    }[level]  # fmt: skip
    assert expected <= seen, expected - seen


def test_every_cell_answer_equals_torch():
    for s in [s for s in SETS if s.kind == "cell"]:
        for q in s.questions:
            setting = s.settings[q.setting]
            assert printable(q.answer[0])
            if setting.op == "conv":
                assert torch_conv(setting)[q.cell].item() == pytest.approx(q.answer[0], abs=1e-5)
            elif setting.op in ("max", "avg"):
                assert torch_pool(setting)[q.cell].item() == pytest.approx(q.answer[0], abs=1e-5)
            else:
                # the running sum after step (i, j): the transposed convolution of the input cells up to it
                i, j = q.cell
                X = setting.input.clone().reshape(-1)
                X[i * setting.input.shape[1] + j + 1 :] = 0
                partial = torch_transposed(setting, X.reshape(setting.input.shape))
                assert partial[q.target].item() == pytest.approx(q.answer[0], abs=1e-5)
                # and the step really writes that cell
                walk = setting.walk()
                assert q.target[0] in walk.rows[i] and q.target[1] in walk.cols[j]


def test_cell_questions_walk_in_raster_order_within_a_setting():
    s = convcore.practice_set("cell", 2, 2)
    by_setting = {}
    for q in s.questions:
        by_setting.setdefault(q.setting, []).append(q.cell)
    for index, cells in by_setting.items():
        w_out = s.settings[index].output_shape()[1]
        assert cells == [divmod(k, w_out) for k in range(len(cells))]
        assert len(cells) <= PER_SETTING


def test_every_size_answer_equals_torch():
    for s in [s for s in SETS if s.kind == "size"]:
        for q in s.questions:
            setting = s.settings[q.setting]
            X = torch.zeros(1, 1, *setting.input_size)
            K = torch.zeros(1, 1, *setting.kernel_size)
            if setting.op == "conv":
                if setting.padding_mode == "zeros":
                    Y = F.conv2d(X, K, None, setting.stride, setting.padding, setting.dilation)
                else:
                    (ph, pw) = setting.padding
                    Y = F.conv2d(F.pad(X, (pw, pw, ph, ph), mode=setting.padding_mode), K, None, setting.stride, 0,
                                 setting.dilation)  # fmt: skip
            elif setting.op == "max":
                Y = F.max_pool2d(X, setting.kernel_size, setting.stride, setting.padding, setting.dilation)
            else:
                Y = F.conv_transpose2d(X, K, None, setting.stride, setting.padding, setting.output_padding, 1,
                                       setting.dilation)  # fmt: skip
            assert tuple(Y.shape[-2:]) == q.answer


def torch_field(layers) -> tuple[int, int]:
    """The field of the last layer's cell (0, 0) by autograd: the extent of the input cells its gradient
    reaches, on an unpadded copy of the stack (padding moves a field, it does not change its size) with
    every weight 1 and average pooling (max pooling's gradient reaches only the max)."""
    modules = []
    for layer in layers:
        kwargs = {k: layer[k] for k in ("stride", "dilation") if k in layer}
        if layer["kind"] == "conv":
            conv = nn.Conv2d(1, 1, layer["kernel_size"], bias=False, **kwargs)
            nn.init.ones_(conv.weight)
            modules.append(conv)
        else:
            modules.append(nn.AvgPool2d(layer["kernel_size"], layer.get("stride")))
    X = torch.ones(1, 1, 160, 160, requires_grad=True)
    nn.Sequential(*modules)(X)[0, 0, 0, 0].backward()
    rows, cols = torch.nonzero(X.grad[0, 0], as_tuple=True)
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def test_every_field_answer_equals_torch():
    for s in [s for s in SETS if s.kind == "field"]:
        for q in s.questions:
            setting = s.settings[q.setting]
            assert torch_field(setting.layers) == q.answer
            h_out, w_out = setting.output_shape()
            assert 0 <= q.cell[0] < h_out and 0 <= q.cell[1] < w_out
            # the traced box of the asked cell has the answer's size
            regions = convcore.trace_cell(list(setting.layers), setting.input_size, *q.cell)
            assert regions[0].box_shape == q.answer


def test_refusals_name_the_argument():
    with pytest.raises(ValueError, match="kind"):
        convcore.practice_set("shape")
    with pytest.raises(ValueError, match="level"):
        convcore.practice_set("cell", 0, 4)
    with pytest.raises(ValueError, match="seed"):
        convcore.practice_set("cell", -1)
    with pytest.raises(ValueError, match="op"):
        convcore.practice_set("field", 0, 1, "conv")
    with pytest.raises(ValueError, match="count"):
        convcore.practice_set("cell", 0, 1, None, 51)


def test_printable_refuses_halfway_values():
    # a cell prints 3 significant digits; 12.25 is halfway between 12.2 and 12.3 (browsers and Python round it
    # differently), so the generator never asks it
    assert printable(19.0) and printable(3.5) and printable(2.25) and printable(4.333333)
    assert (
        not printable(12.25)
        and not printable(122.5)
        and not printable(float("inf"))
        and not printable(1000.0)
    )


def test_size_steps_give_the_answer_and_name_the_slips():
    for s in [s for s in SETS if s.kind == "size"]:
        for q in s.questions:
            setting = s.settings[q.setting]
            steps = [setting.size_steps(axis) for axis in (0, 1)]
            assert (steps[0]["out"], steps[1]["out"]) == q.answer
            assert all(q.answer[axis] not in steps[axis]["slips"].values() for axis in (0, 1))
    # forgetting the padding of a 7x7 input, 3x3 kernel, padding 1, stride 2: (7 - 2 - 1) // 2 + 1 = 3, not 4
    steps = convcore.Setting("conv", (7, 7), (3, 3), (2, 2), (1, 1)).size_steps(0)
    assert steps["out"] == 4 and steps["slips"]["no_padding"] == 3 and steps["slips"]["no_plus_one"] == 3
