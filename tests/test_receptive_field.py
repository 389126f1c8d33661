"""Tests for convcore.receptive_field: hand-computed fields, published tables and autograd footprints."""

import dataclasses

import numpy as np
import pytest
import torch
from torch import nn

from convcore.receptive_field import Layer, ReceptiveField, receptive_field


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
