"""1-D and causal convolution: a kernel sliding along a sequence, "same" against causal padding, a dilated stack.

The controls (the sequence, the kernel, stride, dilation, the output to follow) -> ``convcore.conv1d`` with
``padding="same"`` and with ``causal=True`` -> two 1-row grids each (the padded input with the window
outlined, the output with the cell outlined), one under the other; then d2l's TextCNN example, three
channels summed (``ui/pages/conv1d/textcnn.py``); then a WaveNet-style causal stack (kernel 2, dilations 1, 2,
4, ...): its receptive field from ``convcore.receptive_field_1d``, and the tree of reads from its last output
down to the input, found by differentiating that output (through convcore's conv1d) with respect to every
layer: the cells with a nonzero gradient are the ones it reads.
"""

import streamlit as st
import torch

import convcore
from convcore.conv1d import padding_1d
from ui import controls, grid, matrix, state
from ui.i18n import error_text, t
from ui.pages.conv1d import textcnn

SEQUENCES = ("step", "sine", "typed")
KERNELS = ("average", "difference", "typed")
MAX_LENGTH = 48  # cells in the sequence: two 1-row grids a panel, drawn side by side
MAX_DEPTH = 10  # layers of the dilated stack: dilation 512 on top, a field of 1,024
DRAW_DEPTH = 6  # the tree is drawn up to here: 7 grids of 64 cells (deeper, only the field is given)
TEXT_LIMIT = 400  # characters in a typed box


def row(text: str) -> torch.Tensor:
    """A typed sequence or kernel: numbers on one line, by commas or spaces; ``MatrixError`` says what is wrong."""
    values = matrix.from_text(text)
    if values.shape[0] != 1:
        raise matrix.MatrixError("c1.one_line", rows=values.shape[0])
    return values[0]


def typed_param(key: str, default: str) -> state.Param:
    """A typed row of numbers in the link: kept only if it parses (nothing typed is evaluated)."""

    def parse(text: str) -> str:
        if len(text) > TEXT_LIMIT:
            raise ValueError(text[:20])
        row(text)
        return text

    return state.Param(key, default, parse)


PARAMS = [
    state.choice("c1_seq", SEQUENCES, "step"),
    state.integer("c1_len", 12, 2, MAX_LENGTH),
    state.integer("c1_seed", 0, 0, 9999),
    typed_param("c1_typed", "0, 1, 2, 3, 2, 1, 0, 5, 5, 5"),
    state.choice("c1_kernel", KERNELS, "average"),
    state.integer("c1_k", 3, 1, 9),
    typed_param("c1_ktyped", "1, 2, 1"),
    state.integer("c1_s", 1, 1, 4),
    state.integer("c1_d", 1, 1, 4),
    state.integer("c1_t", 5, 0, 4096),
    state.integer("c1_depth", 4, 1, MAX_DEPTH),
]
PARAMS += textcnn.PARAMS
state.restore(PARAMS)


def sequence(kind: str, length: int, seed: int) -> torch.Tensor:
    """A step (0 then 1 from the middle), or a sine (a period of 12 samples) with seeded noise of std 0.2."""
    if kind == "sine":
        generator = torch.Generator().manual_seed(seed)
        n = torch.arange(length, dtype=torch.float32)
        return torch.sin(2 * torch.pi * n / 12) + 0.2 * torch.randn(length, generator=generator)
    return (torch.arange(length) >= length // 2).to(torch.float32)


def kernel_values(kind: str, size: int) -> torch.Tensor:
    """A moving average (1/k each), or a difference (-1 at the first tap, +1 at the last: x[t] - x[t - d(k-1)])."""
    if kind == "difference":
        values = torch.zeros(size)
        if size > 1:
            values[0], values[-1] = -1.0, 1.0
        else:
            values[0] = 1.0
        return values
    return torch.full((size,), 1.0 / size)


def typed_row(key: str, label: str) -> torch.Tensor | None:
    """The typed box's numbers, or None after saying under the box what is wrong."""
    text = st.text_input(label, key=key, max_chars=TEXT_LIMIT, help=t("c1.typed_help"))
    try:
        return row(text)
    except matrix.MatrixError as problem:
        st.error(t("c1.typed_bad", reason=t(problem.key, **problem.values)), icon="⚠️")
        return None


def roles(length: int, left: int, right: int, reads: set[int]) -> str:
    """One digit per padded cell (the grid's roles): 0 input read, 1 input unread, 2 padding read, 3 unread."""
    padding = [n < left or n >= length - right for n in range(length)]
    return "".join(str((2 if pad else 0) + (0 if n in reads else 1)) for n, pad in enumerate(padding))


def panel(container, mode: str, X: torch.Tensor, w: torch.Tensor, stride: int, dilation: int, index: int):
    """One padding mode: the padded input with output ``index``'s window outlined, and the output."""
    causal = mode == "causal"
    pad = "same" if not causal else 0
    with container:
        st.subheader(t(f"c1.{mode}_title"))
        try:
            Y = convcore.conv1d(X, w, stride=stride, padding=pad, dilation=dilation, causal=causal)
            left, right = padding_1d(w.numel(), stride, pad, dilation, causal)
        except convcore.ConvError as error:
            st.info(t("c1.no_output", reason=error_text(error)))
            return None
        st.caption(t(f"c1.{mode}_body", left=left, right=right))
        if index >= Y.numel():
            st.info(t("c1.index_past", index=index, count=Y.numel()))
            return Y
        _, cols = convcore.window(0, index, (1, w.numel()), (1, stride), (0, left), (1, dilation))
        padded = torch.nn.functional.pad(X, (left, right))
        reads = {c + left for c in cols}
        # padding striped, every cell drawn as read (hatching means "no window reads it" on every page); the
        # window at t is the outline
        every = set(range(padded.numel()))
        spec = grid.grid_spec(t("c1.grid_input"), padded[None].numpy(), roles(padded.numel(), left, right, every),
                              box=(0, min(reads), 0, max(reads)), quiet=padded.numel() > 32)  # fmt: skip
        spec["name"] = "input"
        out = grid.grid_spec(
            t("c1.grid_output"), Y[None].numpy(), box=(0, index, 0, index), quiet=Y.numel() > 32
        )
        out["name"] = "output"
        # every output's window (convcore's index map), for the hover links and the slide played cell by cell
        windows = [convcore.window(0, u, (1, w.numel()), (1, stride), (0, left), (1, dilation))[1]
                   for u in range(Y.numel())]  # fmt: skip
        weights = [grid.fmt(float(k)) for k in w.tolist()]

        def line(u: int) -> str:
            products = " + ".join(f"{k}·x[{c}]" for k, c in zip(weights, windows[u], strict=True))
            return f"y[{u}] = {products} = {grid.fmt(float(Y[u]))}"

        links = [
            {"grid": "output", "on": "cell", "captions": [line(u) for u in range(Y.numel())],
             "lists": [[("input", c + left) for c in window] for window in windows]},
            {"grid": "input", "on": "cell",
             "lists": [[("output", u) for u, window in enumerate(windows) if p - left in window]
                       for p in range(padded.numel())]},
        ]  # fmt: skip
        frames = {
            "lists": [[("input", c + left) for c in window] + [("output", u)] for u, window in enumerate(windows)],
            "captions": [line(u) for u in range(Y.numel())],
            "text": {"play": t("c1.slide_play"), "prev": t("c1.slide_prev"), "next": t("c1.slide_next"),
                     "where": t("c1.slide_where", k="{k}", n="{n}")},
        }  # fmt: skip
        grid.show_links(f"c1_{mode}", [spec, out], links, rows=[["input"], ["output"]], frames=frames)
        terms = " + ".join(f"{float(k):.3g}·x[{c}]" for k, c in zip(w.tolist(), cols))
        st.markdown(t("c1.reads", index=index, terms=terms, value=float(Y[index])))
        if causal:
            st.caption(t("c1.causal_last", index=index * stride, last=max(cols)))
    return Y


st.title(t("c1.title"))
st.caption(t("c1.intro"))
state.notices()

left_column, right_column = st.columns([1, 2], gap="medium")
with left_column:
    st.subheader(t("c1.sequence"))
    kind = st.selectbox(t("c1.values"), SEQUENCES, key="c1_seq", format_func=lambda n: t(f"c1.seq_{n}"))
    if kind == "typed":
        X = typed_row("c1_typed", t("c1.typed_sequence"))
        if X is not None and X.numel() > MAX_LENGTH:
            st.error(t("c1.too_long", count=X.numel(), limit=MAX_LENGTH), icon="⚠️")
            X = None
    else:
        a, b = st.columns(2)
        length = controls.whole_number(a, t("c1.length"), 2, MAX_LENGTH, "c1_len")
        seed = controls.whole_number(b, t("c1.seed"), 0, 9999, "c1_seed") if kind == "sine" else 0
        X = sequence(kind, length, seed)
    st.subheader(t("c1.kernel"))
    kernel_kind = st.selectbox(t("c1.kernel_values"), KERNELS, key="c1_kernel",
                               format_func=lambda n: t(f"c1.kernel_{n}"))  # fmt: skip
    if kernel_kind == "typed":
        w = typed_row("c1_ktyped", t("c1.typed_kernel"))
        if w is not None and w.numel() > 9:
            st.error(t("c1.too_long", count=w.numel(), limit=9), icon="⚠️")
            w = None
    else:
        w = kernel_values(kernel_kind, controls.whole_number(st, t("c1.k"), 1, 9, "c1_k"))
    st.subheader(t("c1.hyper"))
    stride = controls.whole_number(st, t("c1.s"), 1, 4, "c1_s")
    under_stride = st.container()
    dilation = controls.whole_number(st, t("c1.d"), 1, 4, "c1_d")
    if stride > 1:
        under_stride.error(t("c1.same_stride", stride=stride), icon="⚠️")

if X is not None and w is not None:
    with left_column:
        st.subheader(t("c1.follow"))
        try:
            count = convcore.conv1d(X, w, stride=stride, dilation=dilation, causal=True).numel()
        except convcore.ConvError as error:
            st.error(t("c1.no_output", reason=error_text(error)), icon="⚠️")
            count = 0
        # a shorter output (a shorter sequence, a larger stride) moves t to its last cell, not off the end
        if count and count != st.session_state.get("_c1_count") and st.session_state.get("c1_t", 0) >= count:
            st.session_state["c1_t"] = count - 1
        st.session_state["_c1_count"] = count
        index = controls.whole_number(st, t("c1.t"), 0, max(count - 1, 0), "c1_t") if count else 0
        index = min(index, max(count - 1, 0))  # the last value in range may be past a new end
    with right_column:
        # one under the other, each the column's width: a 12-sample sequence's cells stay large enough to read
        panel(st.container(), "same", X, w, stride, dilation, index)
        panel(st.container(), "causal", X, w, stride, dilation, index)

textcnn.section(X, w)

st.divider()
st.subheader(t("c1.stack_title"))
depth = controls.whole_number(st, t("c1.depth"), 1, MAX_DEPTH, "c1_depth")
dilations = [2**n for n in range(depth)]
fields = convcore.receptive_field_1d(2, dilations)
field = fields[-1]
st.markdown(t("c1.stack_body", depth=depth, top=dilations[-1], field=f"{field:,}"))
if depth > DRAW_DEPTH:
    st.info(t("c1.stack_too_deep", limit=DRAW_DEPTH))
else:
    # the stack on a sine of `field` samples, an average of two a layer; its last output reads them all
    maps = [sequence("sine", field, 0)]
    for d in dilations:
        maps.append(convcore.conv1d(maps[-1], [0.5, 0.5], dilation=d, causal=True))
    names = [t("c1.stack_input")] + [t("c1.stack_layer", n=n, d=d) for n, d in enumerate(dilations, 1)]
    fields = [1] + fields  # a node's receptive field, in input samples: convcore.receptive_field_1d's
    last = convcore.stack_reads(2, dilations, field, depth, field - 1)  # the last output's tree, drawn
    grids, links = [], []
    for n in range(depth, -1, -1):
        values = maps[n]
        read_set = set(last[n])
        digits = "".join("0" if c in read_set else "1" for c in range(values.numel()))
        spec = grid.grid_spec(names[n], values[None].numpy(), digits, box=(0, last[n][0], 0, last[n][-1]),
                              quiet=values.numel() > 16)  # fmt: skip
        spec["name"] = f"layer{n}"
        grids.append(spec)
        # hovering node (n, u) lights the cells it reads in every layer below: its own tree
        trees = [convcore.stack_reads(2, dilations, field, n, u) for u in range(values.numel())]
        lists = [[(f"layer{m}", c) for m in range(n) for c in tree[m]] for tree in trees]
        captions = [
            t("c1.stack_node", name=names[n], t=u, field=fields[n], first=max(u - fields[n] + 1, 0),
              count=sum(len(tree[m]) for m in range(n)))
            for u, tree in enumerate(trees)
        ]  # fmt: skip
        links.append({"grid": spec["name"], "on": "cell", "lists": lists, "captions": captions})
    # played layer by layer: frame k lights what the last output reads from its own layer down k layers
    frames = {
        "lists": [[(f"layer{m}", c) for m in range(depth - k, depth + 1) for c in last[m]] for k in range(depth + 1)],
        "captions": [t("c1.stack_frame", name=names[depth - k], count=len(last[depth - k]), field=fields[depth])
                     for k in range(depth + 1)],
        "text": {"play": t("c1.stack_play"), "prev": t("c1.stack_prev"), "next": t("c1.stack_next"),
                 "where": t("c1.stack_where", k="{k}", n="{n}")},
    }  # fmt: skip
    st.markdown(t("c1.stack_tree"))
    grid.show_links("c1_tree", grids, links, rows=[[spec["name"]] for spec in grids], frames=frames)
    st.caption(t("c1.stack_hover"))
    st.caption(t("c1.stack_reads", count=len(last[0]), cells=", ".join(map(str, last[0]))))
state.publish(PARAMS)
