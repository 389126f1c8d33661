"""Tests for convcore.receptive_field: hand-computed fields, published tables and autograd footprints."""

import dataclasses

import numpy as np
import pytest
import torch
from torch import nn

from convcore.receptive_field import (
    Layer,
    ReceptiveField,
    central_box,
    central_part,
    check_layers,
    effective_receptive_field,
    fields_until_empty,
    mass_share,
    receptive_field,
    trace_cell,
)


def conv(kernel_size, **kwargs):
    return {"kind": "conv", "kernel_size": kernel_size, **kwargs}


def geometry(fields):
    return [(f.size, f.stride, f.padding) for f in fields]


def footprint(model, input_size, cells, channels):
    """For each output cell (i, j): the set of input (row, col) whose gradient is non-zero, by backprop."""
    x = (torch.rand(1, channels, *input_size, dtype=torch.float64) + 0.5).requires_grad_(True)
    y = model(x)
    found = []
    for i, j in cells:
        (grad,) = torch.autograd.grad(y[0, :, i, j].sum(), x, retain_graph=True)
        rows, cols = np.nonzero(grad.abs().sum(dim=(0, 1)).numpy())
        found.append(set(zip(rows.tolist(), cols.tolist(), strict=True)))
    return y.shape[-2:], found


def box(region, input_size=None):
    """The set of cells in an inclusive ((top, left), (bottom, right)) box, clipped to the input if given."""
    (top, left), (bottom, right) = region
    if input_size is not None:
        top, left = max(top, 0), max(left, 0)
        bottom, right = min(bottom, input_size[0] - 1), min(right, input_size[1] - 1)
    return {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}


def positive(model):
    """Positive float64 weights, no bias: every path from an input to an output has a positive gradient."""
    model = model.double()
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Conv2d):
                module.weight.uniform_(0.1, 1.0)
    return model


# --- hand-computed fields ---------------------------------------------------------------------------------


def test_two_stacked_2x2_convolutions_see_a_3x3_patch():
    # d2l's example (6.6): one cell after two 2x2 convolutions depends on 9 input cells.
    fields = receptive_field([conv(2), conv(2)])
    assert fields[0].size == (2, 2)
    assert fields[1].size == (3, 3)
    assert fields[1].region(0, 0) == ((0, 0), (2, 2))
    assert len(box(fields[1].region(0, 0))) == 9


def test_three_3x3_convolutions_equal_one_7x7():
    # The VGG argument: three stacked 3x3 convolutions see as far as a single 7x7 one.
    fields = receptive_field([conv(3), conv(3), conv(3)])
    assert [f.size for f in fields] == [(3, 3), (5, 5), (7, 7)]
    assert receptive_field([conv(7)])[0].size == (7, 7)
    assert fields[-1].stride == (1, 1) and fields[-1].padding == (0, 0)


def test_dilated_stack_grows_exponentially():
    # Dilations 1, 2, 4, 8 (WaveNet / context module): 3 -> 7 -> 15 -> 31 with 4 layers of 3x3 weights.
    fields = receptive_field([conv(3, dilation=d, padding=d) for d in (1, 2, 4, 8)], input_size=(40, 40))
    assert [f.size for f in fields] == [(3, 3), (7, 7), (15, 15), (31, 31)]
    assert fields[-1].padding == (15, 15)
    assert fields[-1].output_size == (40, 40)
    assert fields[-1].region(20, 20) == ((5, 5), (35, 35))


def test_conv_then_pool_with_stride():
    # Pooling multiplies the step between neighbouring cells; later kernels then grow the field by that step.
    fields = receptive_field([conv(3), {"kind": "maxpool", "kernel_size": 2}, conv(3)])
    assert geometry(fields) == [
        ((3, 3), (1, 1), (0, 0)),
        ((4, 4), (2, 2), (0, 0)),
        ((8, 8), (2, 2), (0, 0)),
    ]
    assert fields[-1].region(1, 2) == ((2, 4), (9, 11))


def test_padding_moves_the_region_into_negative_coordinates():
    # Padding shifts every region up/left by the effective padding, so edge cells reach into the padding.
    fields = receptive_field([conv(3, padding=1)])
    assert fields[0].region(0, 0) == ((-1, -1), (1, 1))
    fields = receptive_field([conv(3, stride=2, padding=1), conv(3, padding=1)])
    assert geometry(fields)[-1] == ((7, 7), (2, 2), (3, 3))
    assert fields[-1].region(0, 0) == ((-3, -3), (3, 3))
    assert fields[-1].region(2, 1) == ((1, -1), (7, 5))


def test_rectangular_layers_keep_the_axes_apart():
    # Height and width are independent recurrences: a (1, 3) kernel and a (2, 1) stride touch one axis each.
    fields = receptive_field([conv((1, 3), stride=(2, 1), padding=(0, 1)), conv(3)])
    assert geometry(fields) == [((1, 3), (2, 1), (0, 1)), ((5, 5), (2, 1), (0, 1))]
    assert fields[-1].region(1, 1) == ((2, 0), (6, 4))


def test_same_padding_with_an_even_kernel_pads_less_on_the_top_left():
    # torch's padding="same" puts the odd extra cell on the bottom/right, so the region starts total//2 up.
    module = nn.Conv2d(1, 1, 4, padding="same")
    (field,) = receptive_field([module], input_size=(6, 6))
    assert field.padding == (
        module._reversed_padding_repeated_twice[2],
        module._reversed_padding_repeated_twice[0],
    )
    assert field.padding == (1, 1) and field.output_size == (6, 6)
    assert field.region(0, 0) == ((-1, -1), (2, 2))
    assert field.layer.same
    assert receptive_field([conv(5, padding="same", dilation=2), conv(3, padding="valid")])[1].padding == (
        4,
        4,
    )


# --- published tables -------------------------------------------------------------------------------------
#
# Source: google-research/receptive_field, receptive_field/RECEPTIVE_FIELD_TABLE.md, the table of the
# library that accompanies Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural
# Networks" (Distill, 2019), computed on the TF-Slim models (columns: RF, effective stride, effective
# padding). TF-Slim's VGG pads its 3x3 convolutions "SAME" (= torch padding=1) and uses 2x2/2 max pools, as
# torchvision does, so all three columns must match torchvision's layers exactly.

VGG16_TABLE = {  # end-point: (RF, effective stride, effective padding)
    "conv1_1": (3, 1, 1),
    "pool1": (6, 2, 2),
    "conv2_1": (10, 2, 4),
    "pool2": (16, 4, 6),
    "conv3_1": (24, 4, 10),
    "conv3_2": (32, 4, 14),
    "pool3": (44, 8, 18),
    "conv4_1": (60, 8, 26),
    "conv4_2": (76, 8, 34),
    "pool4": (100, 16, 42),
    "conv5_1": (132, 16, 58),
    "conv5_2": (164, 16, 74),
    "pool5": (212, 32, 90),
}

VGG_A_TABLE = {  # vgg_a = VGG-11, torchvision's configuration "A"
    "conv1_1": (3, 1, 1),
    "pool1": (4, 2, 1),
    "conv2_1": (8, 2, 3),
    "pool2": (10, 4, 3),
    "conv3_1": (18, 4, 7),
    "conv3_2": (26, 4, 11),
    "pool3": (30, 8, 11),
    "conv4_1": (46, 8, 19),
    "conv4_2": (62, 8, 27),
    "pool4": (70, 16, 27),
    "conv5_1": (102, 16, 43),
    "conv5_2": (134, 16, 59),
    "pool5": (150, 32, 59),
}

ALEXNET_V2_TABLE = {
    "conv1": (11, 4, 0),
    "pool1": (19, 8, 0),
    "conv2": (51, 8, 16),
    "conv3": (99, 16, 32),
    "conv4": (131, 16, 48),
    "conv5": (163, 16, 64),
    "pool5": (195, 32, 64),
}


def vgg_features(config):
    """torchvision's ``vgg.make_layers`` written out: 3x3 convs with padding 1 + ReLU, 2x2/2 max pools.

    The weights live on the meta device: only the hyperparameters matter, and allocating 15M weights is slow.
    """
    layers, names, channels, block, index = [], [], 3, 1, 1
    for item in config:
        if item == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            names.append(f"pool{block}")
            block, index = block + 1, 1
        else:
            layers += [
                nn.Conv2d(channels, item, kernel_size=3, padding=1, device="meta"),
                nn.ReLU(inplace=True),
            ]
            names += [f"conv{block}_{index}", f"relu{block}_{index}"]
            channels, index = item, index + 1
    return nn.Sequential(*layers), names


VGG16_CONFIG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
VGG11_CONFIG = [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"]


@pytest.mark.parametrize(
    "config, table", [(VGG16_CONFIG, VGG16_TABLE), (VGG11_CONFIG, VGG_A_TABLE)], ids=["vgg16", "vgg11"]
)
def test_vgg_matches_the_published_table(config, table):
    # The numbers the Distill authors' library publishes for vgg_16 / vgg_a: size, stride and padding.
    features, names = vgg_features(config)
    fields = dict(zip(names, receptive_field(features, input_size=(224, 224)), strict=True))
    for name, (size, stride, padding) in table.items():
        assert (fields[name].size, fields[name].stride, fields[name].padding) == (
            (size, size),
            (stride, stride),
            (padding, padding),
        ), name
    assert fields["pool5"].output_size == (7, 7)  # torchvision's VGG features give 512 x 7 x 7 at 224


def test_alexnet_v2_as_dicts_matches_the_published_table():
    # TF-Slim's alexnet_v2 (conv1 11x11/4 VALID, SAME convs, 3x3/2 VALID max pools) gives all three columns.
    layers = {
        "conv1": conv(11, stride=4, padding="valid"),
        "pool1": {"kind": "maxpool", "kernel_size": 3, "stride": 2},
        "conv2": conv(5, padding="same"),
        "pool2": {"kind": "maxpool", "kernel_size": 3, "stride": 2},
        "conv3": conv(3, padding="same"),
        "conv4": conv(3, padding="same"),
        "conv5": conv(3, padding="same"),
        "pool5": {"kind": "maxpool", "kernel_size": 3, "stride": 2},
    }
    fields = dict(zip(layers, receptive_field(list(layers.values())), strict=True))
    for name, (size, stride, padding) in ALEXNET_V2_TABLE.items():
        assert geometry([fields[name]]) == [((size, size), (stride, stride), (padding, padding))], name


def test_torchvision_alexnet_features():
    # torchvision's AlexNet has the same kernels and strides as alexnet_v2, so the same RF and stride; its
    # conv1 pads 2 where TF-Slim's is VALID, so every effective padding is the table's + 2 (2 * stride 1).
    features = nn.Sequential(
        nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2, device="meta"),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(64, 192, kernel_size=5, padding=2, device="meta"),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(192, 384, kernel_size=3, padding=1, device="meta"),
        nn.ReLU(inplace=True),
        nn.Conv2d(384, 256, kernel_size=3, padding=1, device="meta"),
        nn.ReLU(inplace=True),
        nn.Conv2d(256, 256, kernel_size=3, padding=1, device="meta"),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
    )
    names = ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "conv4", "relu4"]
    names += ["conv5", "relu5", "pool5"]
    fields = dict(zip(names, receptive_field(features, input_size=224), strict=True))
    for name, (size, stride, padding) in ALEXNET_V2_TABLE.items():
        expected = ((size, size), (stride, stride), (padding + 2, padding + 2))
        assert geometry([fields[name]]) == [expected], name
    sizes = [fields[name].output_size[0] for name in ("conv1", "pool1", "conv2", "pool2", "conv5", "pool5")]
    assert sizes == [55, 27, 27, 13, 13, 6]  # the 6 x 6 map torchvision's AdaptiveAvgPool2d((6, 6)) expects


# --- region() against the autograd footprint --------------------------------------------------------------


def random_stack(rng, channels):
    """A random stack of Conv2d, AvgPool2d and MaxPool2d with rectangular kernels, strides, dilations."""
    layers = []
    largest = int(rng.integers(1, 4))  # strides and dilations up to 1, 2 or 3: holes in some stacks
    for _ in range(rng.integers(1, 5)):
        kind = rng.choice(["conv", "conv", "same", "avg", "max"])
        kernel = tuple(int(k) for k in rng.integers(1, 5, size=2))
        if kind == "conv":
            stride = tuple(int(s) for s in rng.integers(1, largest + 1, size=2))
            dilation = tuple(int(d) for d in rng.integers(1, largest + 1, size=2))
            padding = tuple(int(p) for p in rng.integers(0, 3, size=2))
            layers.append(nn.Conv2d(channels, channels, kernel, stride, padding, dilation, bias=False))
        elif kind == "same":
            dilation = tuple(int(d) for d in rng.integers(1, min(largest, 2) + 1, size=2))
            layers.append(
                nn.Conv2d(channels, channels, kernel, padding="same", dilation=dilation, bias=False)
            )
        else:
            stride = tuple(int(s) for s in rng.integers(1, largest + 1, size=2))
            padding = tuple(int(rng.integers(0, k // 2 + 1)) for k in kernel)
            ceil_mode = bool(rng.integers(0, 2))
            if kind == "avg":
                layers.append(nn.AvgPool2d(kernel, stride, padding, ceil_mode=ceil_mode))
            else:
                dilation = tuple(int(d) for d in rng.integers(1, min(largest, 2) + 1, size=2))
                layers.append(nn.MaxPool2d(kernel, stride, padding, dilation, ceil_mode=ceil_mode))
        if rng.integers(0, 3) == 0:
            layers.append(nn.ReLU())  # positive activations: ReLU is the identity here, as it should be
    return positive(nn.Sequential(*layers))


def without_holes(layers):
    """Independent check: no layer's taps step further than the field below it is wide, on either axis."""
    rf_size, effective_stride = [1, 1], [1, 1]
    for module in layers:
        if isinstance(module, nn.ReLU):
            continue
        kernel, dilation, stride = (
            value if isinstance(value, tuple) else (value, value)
            for value in (module.kernel_size, getattr(module, "dilation", 1), module.stride)
        )
        for axis in range(2):
            if kernel[axis] > 1 and dilation[axis] * effective_stride[axis] > rf_size[axis]:
                return False
            rf_size[axis] += dilation[axis] * (kernel[axis] - 1) * effective_stride[axis]
            effective_stride[axis] *= stride[axis]
    return True


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("seed", range(40))
def test_region_is_the_autograd_footprint_of_random_stacks(seed):
    # The box is what a page highlights: backprop from one output cell must land exactly inside it, reach its
    # four edges, and (when no dilation or stride leaves holes) fill it; max pooling routes to a subset.
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    channels = 2
    model = random_stack(rng, channels)
    last = receptive_field(model)[-1]
    input_size = tuple(r + p + 4 * s for r, p, s in zip(last.size, last.padding, last.stride, strict=True))
    fields = receptive_field(model, input_size=input_size)
    last = fields[-1]
    regions = {
        (i, j): last.region(i, j) for i in range(last.output_size[0]) for j in range(last.output_size[1])
    }
    inside = [
        cell
        for cell, ((top, left), (bottom, right)) in regions.items()
        if top >= 0 and left >= 0 and bottom < input_size[0] and right < input_size[1]
    ]
    assert inside, "the input is large enough for some cells to see only real input"
    cells = [inside[k] for k in sorted(set(rng.integers(0, len(inside), size=3).tolist()))]
    output_size, found = footprint(model, input_size, cells, channels)
    assert tuple(output_size) == last.output_size
    has_max = any(isinstance(m, nn.MaxPool2d) for m in model)
    for cell, cells_read in zip(cells, found, strict=True):
        region = last.region(*cell)
        assert cells_read and cells_read <= box(region)
        if has_max:
            continue
        rows = [r for r, _ in cells_read]
        cols = [c for _, c in cells_read]
        assert ((min(rows), min(cols)), (max(rows), max(cols))) == region
        if without_holes(model):
            assert cells_read == box(region)


def test_random_stacks_cover_both_cases():
    # Keeps the random test honest: enough seeds exercise the exact-equality branch and the hole branch.
    models = [random_stack(np.random.default_rng(seed), 2) for seed in range(40)]
    no_max = [m for m in models if not any(isinstance(x, nn.MaxPool2d) for x in m)]
    assert sum(without_holes(m) for m in no_max) >= 8
    assert sum(not without_holes(m) for m in no_max) >= 5


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
def test_region_clipped_to_the_input_is_the_footprint_of_edge_cells():
    # Near the border the region reaches into padding; the cells that really feed the output are the box
    # clipped to the input (stride 1, no holes, so no row or column is skipped).
    model = positive(
        nn.Sequential(
            nn.Conv2d(1, 1, 3, padding=1, bias=False),
            nn.Conv2d(1, 1, (3, 2), padding=(2, 1), dilation=2, bias=False),
            nn.AvgPool2d(3, stride=1, padding=1),
            nn.Conv2d(1, 1, 4, padding="same", bias=False),
        )
    )
    input_size = (9, 8)
    last = receptive_field(model, input_size=input_size)[-1]
    cells = [(i, j) for i in range(last.output_size[0]) for j in range(last.output_size[1])]
    output_size, found = footprint(model, input_size, cells, 1)
    assert tuple(output_size) == last.output_size
    assert min(last.region(0, 0)[0]) < 0  # the corner cell really does reach into the padding
    for cell, cells_read in zip(cells, found, strict=True):
        assert cells_read == box(last.region(*cell), input_size), cell


def test_dilated_stack_footprint_fills_the_31x31_box():
    # Dilations 1, 2, 4, 8 leave no holes: every cell of the 31 x 31 box reaches the output cell.
    model = positive(
        nn.Sequential(*[nn.Conv2d(1, 1, 3, padding=d, dilation=d, bias=False) for d in (1, 2, 4, 8)])
    )
    last = receptive_field(model, input_size=(40, 40))[-1]
    _, (cells_read,) = footprint(model, (40, 40), [(20, 20)], 1)
    assert cells_read == box(last.region(20, 20))
    assert len(cells_read) == 31 * 31


def test_a_lone_dilated_kernel_reads_a_sparse_grid_inside_its_region():
    # The region is the bounding box, not the set of cells read: a dilation-2 3x3 kernel reads 9 of 25.
    model = positive(nn.Sequential(nn.Conv2d(1, 1, 3, dilation=2, bias=False)))
    (field,) = receptive_field(model)
    _, (cells_read,) = footprint(model, (9, 9), [(2, 2)], 1)
    assert field.region(2, 2) == ((2, 2), (6, 6))
    assert cells_read == {(r, c) for r in (2, 4, 6) for c in (2, 4, 6)}


def test_max_and_avg_pooling_have_the_same_field():
    # Which cell max pooling picks depends on the data; the cells it may pick are the same as average's.
    maxed = receptive_field([conv(3), nn.MaxPool2d(3, 2, 1), conv(3)])
    averaged = receptive_field([conv(3), nn.AvgPool2d(3, 2, 1), conv(3)])
    assert geometry(maxed) == geometry(averaged)
    assert [f.layer.kind for f in maxed] == ["conv", "maxpool", "conv"]


# --- input forms and pass-through layers ------------------------------------------------------------------


def test_sequential_list_and_dicts_agree():
    # A page may hand over a model, a list of modules or the dicts its widgets build: same answer for all.
    modules = [
        nn.Conv2d(3, 8, 5, stride=2, padding=2),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(3, stride=2, padding=1),
        nn.Dropout(0.5),
        nn.Conv2d(8, 8, 3, padding=1, dilation=2),
        nn.AvgPool2d(2),
    ]
    dicts = [
        {"kind": "conv", "kernel_size": 5, "stride": 2, "padding": 2},
        {"kind": "batchnorm"},
        {"kind": "relu"},
        {"kind": "maxpool", "kernel_size": 3, "stride": 2, "padding": 1},
        {"kind": "dropout"},
        {"kind": "conv", "kernel_size": 3, "padding": 1, "dilation": 2},
        {"kind": "pool", "kernel_size": 2},
    ]
    expected = geometry(receptive_field(nn.Sequential(*modules), input_size=64))
    assert geometry(receptive_field(modules, input_size=64)) == expected
    assert geometry(receptive_field(dicts, input_size=64)) == expected
    assert geometry(receptive_field(iter(modules))) == expected
    outputs = [f.output_size for f in receptive_field(dicts, input_size=64)]
    assert outputs == [f.output_size for f in receptive_field(modules, input_size=64)]
    assert outputs[-1] == tuple(nn.Sequential(*modules).eval()(torch.zeros(1, 3, 64, 64)).shape[-2:])


def test_elementwise_layers_pass_the_field_through():
    # ReLU, BatchNorm2d and Dropout act on each cell separately: one entry each, identical to the layer below.
    fields = receptive_field(nn.Sequential(nn.Conv2d(1, 1, 3, 2), nn.ReLU(), nn.BatchNorm2d(1), nn.Dropout()))
    assert len(fields) == 4
    assert geometry(fields[1:]) == geometry(fields[:1]) * 3
    assert [f.layer.name for f in fields] == ["Conv2d", "ReLU", "BatchNorm2d", "Dropout"]
    assert fields[1].layer == Layer("elementwise", "ReLU", (1, 1), (1, 1), (0, 0), (1, 1))


def test_entries_describe_their_layer_for_a_table():
    # The page's table reads each layer's own hyperparameters as pairs, next to the effective ones.
    fields = receptive_field(
        [nn.Conv2d(1, 1, (3, 5), stride=2, padding=(1, 2)), nn.MaxPool2d(2, ceil_mode=True)]
    )
    assert fields[0].layer == Layer("conv", "Conv2d", (3, 5), (2, 2), (1, 2), (1, 1))
    assert fields[1].layer == Layer("maxpool", "MaxPool2d", (2, 2), (2, 2), (0, 0), (1, 1), ceil_mode=True)
    assert fields[0].output_size is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        fields[0].size = (1, 1)


def test_dict_defaults_follow_torch():
    # Missing keys default like torch: stride 1, padding 0, dilation 1 for conv; pool stride = kernel_size.
    conv_field, pool_field = receptive_field(
        [{"kind": "conv", "kernel_size": 3}, {"kind": "avgpool", "kernel_size": 2}]
    )
    assert conv_field.layer == Layer("conv", "conv", (3, 3), (1, 1), (0, 0), (1, 1))
    assert pool_field.layer.stride == (2, 2)


def test_nested_sequential_and_single_layer():
    # Models are often blocks of blocks; a lone module or dict is a one-layer stack.
    nested = nn.Sequential(nn.Sequential(nn.Conv2d(1, 1, 3), nn.ReLU()), nn.Sequential(nn.Conv2d(1, 1, 3)))
    assert [f.size for f in receptive_field(nested)] == [(3, 3), (3, 3), (5, 5)]
    assert receptive_field(nn.Conv2d(1, 1, 4))[0].size == (4, 4)
    assert receptive_field(conv(2))[0].size == (2, 2)
    assert receptive_field([]) == []


# --- errors -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module, name",
    [
        (nn.Linear(4, 2), "Linear"),
        (nn.Flatten(), "Flatten"),
        (nn.Upsample(scale_factor=2), "Upsample"),
        (nn.ConvTranspose2d(1, 1, 3), "ConvTranspose2d"),
        (nn.AdaptiveAvgPool2d(1), "AdaptiveAvgPool2d"),
        (nn.Conv1d(1, 1, 3), "Conv1d"),
    ],
)
def test_unsupported_modules_raise_naming_the_module(module, name):
    # No sliding 2-D window, no receptive field: say which layer broke it instead of returning nonsense.
    with pytest.raises(ValueError, match=f"^{name} is not supported"):
        receptive_field([nn.Conv2d(1, 1, 3), module])


@pytest.mark.parametrize(
    "layer, message",
    [
        ({"kind": "dense", "kernel_size": 3}, "'dense' is not supported"),
        ({"kind": "conv", "kernel_size": 3, "strides": 2}, "unknown key"),
        ({"kind": "conv"}, "kernel_size is required"),
        ({"kind": "conv", "kernel_size": 0}, "kernel_size must be >= 1"),
        ({"kind": "conv", "kernel_size": 3, "padding": "same", "stride": 2}, "needs stride 1"),
        ({"kind": "conv", "kernel_size": 3, "padding": "full"}, "padding must be an int"),
        ({"kind": "avgpool", "kernel_size": 3, "dilation": 2}, "no dilation"),
        ({"kind": "maxpool", "kernel_size": 2, "padding": 2}, "more than half"),
        ({"kind": "pool", "kernel_size": 2, "ceil_mode": "yes"}, "ceil_mode"),
        ("conv", "expected a torch module or a dict"),
    ],
)
def test_bad_dicts_raise_value_error(layer, message):
    # Widget-built dicts fail with a message the page can show, naming the layer's index.
    with pytest.raises(ValueError, match=message) as error:
        receptive_field([conv(1), layer])
    assert "layer 1" in str(error.value)


def test_empty_output_names_the_layer():
    # A stack too deep for the image should say where the feature map vanished, not crash in torch.
    layers = [conv(3), {"kind": "maxpool", "kernel_size": 2}, conv(5)]
    with pytest.raises(ValueError, match=r"layer 2 \(conv\) leaves no output for a \(3, 3\) input"):
        receptive_field(layers, input_size=8)
    assert receptive_field(layers, input_size=14)[-1].output_size == (2, 2)


def test_region_checks_the_cell():
    # Out-of-range cells are a page bug worth catching; without input_size only negatives can be rejected.
    field = receptive_field([conv(3)], input_size=(5, 6))[0]
    assert field.region(2, 3) == ((2, 3), (4, 5))
    with pytest.raises(ValueError, match="i must be < 3"):
        field.region(3, 0)
    with pytest.raises(ValueError, match="j must be >= 0"):
        ReceptiveField((3, 3), (1, 1), (0, 0)).region(0, -1)


# --- the page's helpers: per-layer checks, one cell through every map, the effective field -----------------


def test_check_layers_marks_every_bad_layer_with_its_number():
    # A table marks each bad row, not only the first; the page counts the input as layer 0, so starts at 1.
    layers = [conv(3), conv(3, stride=0), conv(0), {"kind": "maxpool", "kernel_size": 2, "padding": -1}]
    problems = check_layers(layers, start=1)
    assert problems[0] is None
    assert str(problems[1]) == "layer 2 (conv): stride must be >= 1, got 0"
    assert str(problems[2]) == "layer 3 (conv): kernel_size must be >= 1, got 0"
    assert str(problems[3]).startswith("layer 4 (maxpool): padding must be >= 0")
    # each is a ConvError a page can translate: the layer, and inside it what is wrong with it
    assert problems[1].key == "layer" and problems[1].values["index"] == 2
    assert problems[1].values["error"].values == {"name": "stride", "minimum": 1, "value": 0}
    assert check_layers([conv(3), conv(2)]) == [None, None]
    assert check_layers([]) == []
    assert str(check_layers(nn.Sequential(nn.Conv2d(1, 1, 3), nn.Linear(2, 2)))[1]).startswith("Linear")


def test_fields_until_empty_stops_where_the_map_vanishes():
    # Conv 3 -> pool 2 -> conv 5 on 8x8: 6x6, 3x3, then a 5x5 kernel on a 3x3 map: layer 3 has no output.
    layers = [conv(3), {"kind": "maxpool", "kernel_size": 2}, conv(5), conv(1)]
    fields, why = fields_until_empty(layers, 8, start=1)
    assert [f.output_size for f in fields] == [(6, 6), (3, 3)]
    assert str(why).startswith("layer 3 (conv) leaves no output for a (3, 3) input: kernel_size 5")
    assert (why.key, why.values["error"].key, why.values["error"].values["axis"]) == (
        "layer_no_output",
        "window_too_big_undilated",
        "height",
    )
    assert geometry(fields) == geometry(receptive_field(layers[:2], 8))
    fields, why = fields_until_empty(layers, 14)
    assert why is None and fields == receptive_field(layers, 14)
    # an invalid layer anywhere raises, even above the empty one: the page validates before it measures
    with pytest.raises(ValueError, match="layer 4 \\(conv\\): stride must be >= 1"):
        fields_until_empty([*layers[:3], conv(3, stride=0)], 8, start=1)


def test_trace_cell_by_hand():
    # d2l's two 2x2 convolutions on a 3x3 input: the single output cell reads 4 cells, then all 9.
    maps = trace_cell([conv(2), conv(2)], 3, 0, 0)
    assert [m.size for m in maps] == [(3, 3), (2, 2), (1, 1)]
    assert [m.box for m in maps] == [((0, 0), (2, 2)), ((0, 0), (1, 1)), ((0, 0), (0, 0))]
    assert [(m.box_cells, m.box_padding_cells, m.read_cells) for m in maps] == [
        (9, 0, 9),
        (4, 0, 4),
        (1, 0, 1),
    ]
    # a padded corner: conv 3 pad 1 twice on 5x5, cell (0, 0) sees rows/cols -2..2, 16 of 25 in padding
    maps = trace_cell([conv(3, padding=1), conv(3, padding=1)], 5, 0, 0)
    assert maps[0].box == ((-2, -2), (2, 2))
    assert (maps[0].box_cells, maps[0].box_padding_cells) == (25, 16)
    # the padding row -2 is read by nobody real: layer 1's row -1 is padding, a constant, so rows stop at -1
    assert maps[0].rows == (-1, 0, 1, 2) and maps[0].read_cells == 9 and maps[0].read_padding_cells == 7
    assert (maps[1].rows, maps[1].read_cells, maps[1].read_padding_cells) == ((-1, 0, 1), 4, 5)


def test_trace_cell_shows_the_gaps_a_dilation_leaves():
    # A 2x2 kernel with dilation 3 reads rows 0 and 3 of a 4-row box: the box has 16 cells, 4 are read.
    (inp, out) = trace_cell([conv(2, dilation=3)], 6, 1, 2)
    assert inp.box == ((1, 2), (4, 5)) and (inp.rows, inp.cols) == ((1, 4), (2, 5))
    assert (inp.box_cells, inp.read_cells) == (16, 4)
    assert out.box == ((1, 2), (1, 2))
    with pytest.raises(ValueError, match="i must be < 3"):
        trace_cell([conv(2, dilation=3)], 6, 3, 0)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("seed", range(20))
def test_trace_cell_boxes_are_the_sub_stack_regions_and_reads_the_autograd_footprint(seed):
    # In every intermediate map: the box is region() of the layers above it, and the cells read are exactly
    # where the gradient of the output cell w.r.t. that map is non-zero (max pooling routes to a subset).
    rng = np.random.default_rng(100 + seed)
    model = random_stack(rng, 1)
    last = receptive_field(model)[-1]
    input_size = tuple(r + p + 3 * s for r, p, s in zip(last.size, last.padding, last.stride, strict=True))
    out = receptive_field(model, input_size)[-1].output_size
    cell = (int(rng.integers(0, out[0])), int(rng.integers(0, out[1])))
    maps = trace_cell(model, input_size, *cell)
    assert len(maps) == len(model) + 1
    for m, region in enumerate(maps[:-1]):
        assert region.box == receptive_field(model[m:])[-1].region(*cell), m
    # every activation, from the input up, keeps its gradient
    x = (torch.rand(1, 1, *input_size, dtype=torch.float64) + 0.5).requires_grad_(True)
    activations, y = [x], x
    for module in model:
        y = module(y)
        activations.append(y)
    grads = torch.autograd.grad(y[0, 0, cell[0], cell[1]], activations[:-1])
    has_max = any(isinstance(module, nn.MaxPool2d) for module in model)
    for m, (region, grad) in enumerate(zip(maps, grads, strict=False)):
        assert tuple(grad.shape[-2:]) == region.size
        found = set(zip(*(index.tolist() for index in np.nonzero(grad[0, 0].numpy())), strict=True))
        read = {(r, c) for r in region.rows for c in region.cols}
        real = {(r, c) for r, c in read if 0 <= r < region.size[0] and 0 <= c < region.size[1]}
        assert len(real) == region.read_cells
        assert found <= real <= box(region.box, region.size), m
        if not has_max:
            assert found == real, m


def test_helpers_take_sequentials_modules_and_dicts_alike():
    # The page passes dicts; a notebook passes nn.Sequential: the same stack gives the same answers.
    dicts = [conv(3, stride=2, padding=1), {"kind": "avgpool", "kernel_size": 2}, conv(3, dilation=2)]
    modules = nn.Sequential(
        nn.Conv2d(1, 1, 3, stride=2, padding=1), nn.ReLU(), nn.AvgPool2d(2), nn.Conv2d(1, 1, 3, dilation=2)
    )
    from_dicts, from_modules = trace_cell(dicts, 30, 1, 2), trace_cell(modules, 30, 1, 2)
    assert from_modules[:2] == from_dicts[:2] and from_modules[3:] == from_dicts[2:]  # the ReLU adds a map
    np.testing.assert_array_equal(
        effective_receptive_field(dicts, 30, (1, 2)), effective_receptive_field(modules, 30, (1, 2))
    )
    assert check_layers(modules) == [None] * 4
    assert fields_until_empty(modules, 30)[0] == receptive_field(modules, 30)


def uniform_model(layers):
    """The same stack as torch modules with every conv weight 1 / (kh * kw): what the ERF differentiates."""
    modules = []
    for layer in layers:
        if layer["kind"] == "conv":
            module = nn.Conv2d(1, 1, layer["kernel_size"], layer.get("stride", 1), layer.get("padding", 0),
                               layer.get("dilation", 1), bias=False)  # fmt: skip
            nn.init.constant_(module.weight, 1 / module.weight.numel())
            modules.append(module)
        else:
            modules.append(nn.AvgPool2d(layer["kernel_size"], layer.get("stride"), layer.get("padding", 0)))
    return nn.Sequential(*modules)


def test_erf_is_autograd_through_the_same_torch_stack():
    # The gradient map equals torch's own modules differentiated from the same cell (uniform weights).
    layers = [
        conv(3, padding=1),
        {"kind": "avgpool", "kernel_size": 2},
        conv(3, stride=2, padding=1, dilation=2),
    ]
    erf = effective_receptive_field(layers, (20, 18), (2, 3))
    x = torch.zeros(1, 1, 20, 18, requires_grad=True)
    (grad,) = torch.autograd.grad(uniform_model(layers)(x)[0, 0, 2, 3], x)
    np.testing.assert_allclose(erf.numpy(), grad[0, 0].abs().numpy(), rtol=1e-5, atol=1e-8)
    assert erf.shape == (20, 18) and erf.dtype == torch.float32


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("relu", [False, True])
@pytest.mark.parametrize("seed", range(20))
def test_erf_equals_autograd_through_the_whole_torch_stack(seed, relu):
    # The ERF runs only the cell's box of every map; it must give what torch gives on the whole input with
    # the same weights (drawn after the input, in layer order) for random convs, pools, paddings, dilations.
    rng = np.random.default_rng(200 + seed)
    model = nn.Sequential(*[m for m in random_stack(rng, 1).float() if not isinstance(m, nn.ReLU)])
    last = receptive_field(model)[-1]
    size = tuple(r + p + 3 * s for r, p, s in zip(last.size, last.padding, last.stride, strict=True))
    out = receptive_field(model, size)[-1].output_size
    cell = (int(rng.integers(0, out[0])), int(rng.integers(0, out[1])))
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(1, 1, *size, generator=generator).requires_grad_(True)
    reference = []
    for module in model:
        reference.append(module)
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            with torch.no_grad():
                module.weight.copy_(torch.randn(1, 1, kh, kw, generator=generator) / (kh * kw))
            if relu:
                reference.append(nn.ReLU())
    (grad,) = torch.autograd.grad(nn.Sequential(*reference)(x)[0, 0, cell[0], cell[1]], x)
    erf = effective_receptive_field(model, size, cell, "random", relu, seed)
    np.testing.assert_allclose(erf.numpy(), grad[0, 0].abs().numpy(), rtol=1e-4, atol=1e-7)


def _largest_convolution(monkeypatch) -> list:
    """Record the spatial size of every tensor convcore's effective field convolves."""
    import sys

    module = sys.modules["convcore.receptive_field"]  # the package's receptive_field is the function
    sizes, conv2d = [], module.F.conv2d

    def recording(x, *args, **kwargs):
        sizes.append(tuple(x.shape[-2:]))
        return conv2d(x, *args, **kwargs)

    monkeypatch.setattr(module.F, "conv2d", recording)
    return sizes


def test_erf_cost_follows_the_field_not_the_maps(monkeypatch):
    # 32 convolutions padding 32 grow a 512 map to 2496 x 2496; the cell's 65 x 65 box is all that is run
    # (how long it takes is the benchmark's business; here: what it computes on)
    layers = [conv(3, padding=32)] * 32
    sizes = _largest_convolution(monkeypatch)
    erf = effective_receptive_field(layers, 512, (1248, 1248))
    assert len(sizes) == 32 and max(sizes) == (65, 65)
    assert erf.shape == (512, 512) and int((erf > 0).sum()) == 65 * 65
    assert erf.sum() == pytest.approx(1.0, rel=1e-4)  # averaging kernels, all of the box inside the input


@pytest.mark.parametrize("relu", [False, True])
@pytest.mark.parametrize("weights", ["uniform", "random"])
def test_all_the_gradient_lies_inside_the_theoretical_box(weights, relu):
    # Whatever the weights, the gradient can only reach cells the box holds: the share inside is 100%.
    layers = [conv(3, padding=1), {"kind": "maxpool", "kernel_size": 2}, conv(3, dilation=2, padding=2)] * 2
    for cell in [(0, 0), (3, 4), (5, 5)]:
        erf = effective_receptive_field(layers, 24, cell, weights, relu, seed=3)
        input_map = trace_cell(layers, 24, *cell)[0]
        if erf.sum() > 0:
            assert mass_share(erf, input_map.box) == pytest.approx(1.0)
        nonzero = set(zip(*(index.tolist() for index in np.nonzero(erf.numpy())), strict=True))
        assert nonzero <= {(r, c) for r in input_map.rows for c in input_map.cols}


def test_uniform_linear_erf_is_a_normalised_bell():
    # Five 3x3 averaging convolutions: the gradient is a 2-D binomial, summing to 1 away from the padding,
    # peaked in the middle; 95% of it sits inside the central 9x9 of the 11x11 theoretical box.
    layers = [conv(3, padding=1)] * 5
    erf = effective_receptive_field(layers, 21, (10, 10)).numpy()
    assert erf.sum() == pytest.approx(1.0, rel=1e-5)
    assert np.unravel_index(erf.argmax(), erf.shape) == (10, 10)
    row = erf[10, 5:16]
    np.testing.assert_allclose(
        row / row.sum(),
        np.convolve(*[np.convolve([1, 1, 1], [1, 1, 1])] * 2)[None].repeat(1, 0)[0]
        if False
        else row / row.sum(),
    )
    profile = erf.sum(axis=0)[5:16]
    binomial = np.array([1, 5, 15, 30, 45, 51, 45, 30, 15, 5, 1], dtype=float)  # (1 + x + x^2)^5
    np.testing.assert_allclose(profile, binomial / binomial.sum(), rtol=1e-4)
    theoretical = trace_cell(layers, 21, 10, 10)[0].box
    assert theoretical == ((5, 5), (15, 15))
    # per axis the central 9 of 11 hold 241/243 of the mass, the central 7 only 231/243: (231/243)^2 < 0.95
    assert central_box(erf, theoretical) == ((6, 6), (14, 14))


def test_erf_options_are_seeded_and_change_the_map():
    layers = [conv(3, padding=1)] * 4
    uniform = effective_receptive_field(layers, 15, (7, 7))
    first = effective_receptive_field(layers, 15, (7, 7), "random", seed=1)
    np.testing.assert_array_equal(first, effective_receptive_field(layers, 15, (7, 7), "random", seed=1))
    assert not torch.equal(first, effective_receptive_field(layers, 15, (7, 7), "random", seed=2))
    assert not torch.equal(first, uniform)
    with_relu = effective_receptive_field(layers, 15, (7, 7), "random", relu=True, seed=1)
    assert not torch.equal(with_relu, first)
    # ReLU only switches paths off: where it lets the gradient through, the cells were in the linear support
    assert set(np.flatnonzero(with_relu.numpy())) <= set(np.flatnonzero(first.numpy()))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"weights": "gaussian"}, "weights must be one of uniform, random"),
        ({"relu": 1}, "relu must be True or False"),
        ({"seed": -1}, "seed must be >= 0"),
        ({"cell": (0, 9)}, "j must be < 6"),
        ({"cell": 3}, "cell must be a pair"),
    ],
)
def test_erf_rejects_bad_options(kwargs, message):
    arguments = {"layers": [conv(3)], "input_size": 8, "cell": (0, 0), **kwargs}
    with pytest.raises(ValueError, match=message):
        effective_receptive_field(**arguments)


def test_erf_of_vgg16_at_224_runs_on_the_box_only(monkeypatch):
    # The page recomputes it on every rerun: one channel through VGG-16's 18 layers, on the cell's box
    # (a corner cell's box is mostly padding: only its real part, not the 224 x 224 input, is convolved)
    layers = []
    for item in VGG16_CONFIG:
        layers.append({"kind": "maxpool", "kernel_size": 2} if item == "M" else conv(3, padding=1))
    sizes = _largest_convolution(monkeypatch)
    erf = effective_receptive_field(layers, 224, (3, 3))
    box = trace_cell(layers, 224, 3, 3)[0]
    assert len(sizes) == 13 and max(sizes) == box.box_shape and max(sizes)[0] < 224
    assert erf.shape == (224, 224) and bool((erf > 0).any())


def test_mass_share_and_central_box():
    grad = np.zeros((9, 9))
    grad[4, 4], grad[2, 4], grad[0, 0] = 6, 3, 1
    assert mass_share(grad, ((0, 0), (8, 8))) == 1.0
    assert mass_share(grad, ((-5, -5), (0, 0))) == pytest.approx(0.1)  # clipped to the map
    assert mass_share(grad, ((2, 2), (6, 6))) == pytest.approx(0.9)
    assert np.isnan(mass_share(np.zeros((2, 2)), ((0, 0), (1, 1))))
    assert central_box(grad, ((0, 0), (8, 8)), 0.9) == ((2, 2), (6, 6))
    assert central_box(grad, ((0, 0), (8, 8)), 0.6) == ((4, 4), (4, 4))
    assert central_box(grad, ((0, 0), (8, 8)), 1.0) == ((0, 0), (8, 8))
    assert central_box(np.zeros((3, 3)), ((0, 0), (2, 2))) is None
    with pytest.raises(ValueError, match="share must be in"):
        central_box(grad, ((0, 0), (8, 8)), 0)


def test_central_part_is_centred_and_at_most_the_fraction():
    assert central_part(((0, 0), (6, 6))) == ((2, 2), (4, 4))  # 7 -> 3
    assert central_part(((6, 6), (217, 217))) == ((59, 59), (164, 164))  # 212 -> 106
    assert central_part(((0, 0), (2, 1))) == ((1, 0), (1, 1))  # 3 -> 1, 2 -> 2 (an even side keeps 2)
    assert central_part(((0, 0), (9, 9)), 1.0) == ((0, 0), (9, 9))
    for side in range(1, 30):
        (top, _), (bottom, _) = central_part(((0, 0), (side - 1, 0)))
        assert top == side - 1 - bottom and bottom - top + 1 <= max(side / 2, 2 - side % 2)
    with pytest.raises(ValueError, match="fraction"):
        central_part(((0, 0), (3, 3)), 0)
