"""convcore: the one engine behind every page of the convolution explorer.

Imports only torch and numpy. Names and signatures follow torch's.
"""

from convcore.conv import conv1x1_as_matmul, conv2d, convolve2d, corr2d, corr2d_loops, flip_kernel, pad2d
from convcore.conv1d import causal_padding, channel_sums_1d, conv1d, receptive_field_1d, stack_reads
from convcore.errors import ConvError
from convcore.groups import Grouping, Separable, group_divisors, grouping, separable
from convcore.learn import LearnStep, Trajectory, crop_to, learn_kernel, learning_run, make_target
from convcore.lenet import (
    Trained,
    Training,
    TrainStep,
    activations,
    default_model,
    digit_image,
    digits,
    lenet,
)
from convcore.matmul import MatmulView, conv_matrix, matmul_view, unfold
from convcore.pool import pool2d, pool2d_loops
from convcore.practice import PracticeSet, Question, Setting, practice_set
from convcore.receptive_field import (
    Layer,
    MapRegion,
    ReceptiveField,
    effective_receptive_field,
    receptive_field,
    to_layer,
    trace_cell,
)
from convcore.shapes import (
    conv_output_shape,
    conv_output_size,
    conv_parameters,
    pool_output_size,
    unread,
    window,
    window_map,
)
from convcore.spec import Spec
from convcore.steps import (
    CellStep,
    ChannelWindow,
    PoolStep,
    PoolWindow,
    SlidingWindow,
    channel_window,
    pool_window,
    sliding_window,
)
from convcore.transpose import (
    ScatterStep,
    TransposedWalk,
    conv_transpose2d,
    conv_transpose_output_shape,
    conv_transpose_output_size,
    round_trip_output_padding,
    transposed_window,
)

__all__ = [
    "causal_padding",
    "conv1d",
    "channel_sums_1d",
    "stack_reads",
    "MatmulView",
    "conv_matrix",
    "matmul_view",
    "receptive_field_1d",
    "unfold",
    "Grouping",
    "ScatterStep",
    "Separable",
    "TransposedWalk",
    "conv_transpose2d",
    "conv_transpose_output_shape",
    "conv_transpose_output_size",
    "group_divisors",
    "grouping",
    "round_trip_output_padding",
    "separable",
    "transposed_window",
    "CellStep",
    "ConvError",
    "Layer",
    "LearnStep",
    "MapRegion",
    "ReceptiveField",
    "SlidingWindow",
    "Spec",
    "Trajectory",
    "Trained",
    "Training",
    "TrainStep",
    "ChannelWindow",
    "PoolStep",
    "PoolWindow",
    "activations",
    "channel_window",
    "conv1x1_as_matmul",
    "conv2d",
    "conv_parameters",
    "pool_window",
    "conv_output_shape",
    "conv_output_size",
    "convolve2d",
    "corr2d",
    "corr2d_loops",
    "crop_to",
    "default_model",
    "digit_image",
    "digits",
    "effective_receptive_field",
    "flip_kernel",
    "learn_kernel",
    "lenet",
    "learning_run",
    "make_target",
    "pad2d",
    "pool2d",
    "pool2d_loops",
    "practice_set",
    "PracticeSet",
    "Question",
    "Setting",
    "pool_output_size",
    "receptive_field",
    "sliding_window",
    "to_layer",
    "trace_cell",
    "unread",
    "window",
    "window_map",
]
