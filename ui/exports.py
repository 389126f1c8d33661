"""Downloads for slides: the feature map as CSV, PNG and SVG, the sliding window as a GIF.

Everything is drawn from what convcore computed: each number is printed as the grid prints it
(``ui.grid.fmt``), and nothing here does arithmetic on the values beyond mapping them to colours.
Built in memory with Pillow (no browser on the server); fonts come from the system (Noto CJK for
Chinese titles, else DejaVu), with Pillow's own font as the last resort.
"""

from __future__ import annotations

import colorsys
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from convcore.steps import SlidingWindow
from ui import equations
from ui.grid import TONE_CHARS, TONE_LEVELS, fmt, texts, tones

GIF_WIDTH = 960  # the default width: a 16:9 slide's column, sharp on a projector
GIF_WIDTHS = (480, 1920)  # the widths one may choose
GIF_FRAME_MS = 600
MIN_NUMBER_CELL = 14  # pixels: smaller cells are drawn in colour only (a wider GIF brings the numbers)
MAX_CELL = 96
ORANGE = (255, 127, 14)  # the window, as on the page
PADDING = (255, 244, 204)  # the grid's padding yellow
EMPTY = (244, 244, 244)
INK = (17, 17, 17)
LINE = (200, 200, 200)
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian's fonts-noto-cjk: Latin and CJK
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)
LABELS = {"input": "Input", "kernel": "Kernel", "output": "Output", "more": "… ({n} terms)"}


def csv(values) -> bytes:
    """One row per line, comma-separated; each number as the shortest decimal that reads back to exactly
    the same value in its own precision (a float32 0.1 prints as 0.1, not 0.100000001)."""
    array = np.asarray(values)
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    rows = np.atleast_2d(array)
    return "".join(",".join(str(value) for value in row) + "\n" for row in rows).encode()


@functools.lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, max(6, int(size)))
    return ImageFont.load_default(size=max(6, int(size)))


def _tone_table(diverging: bool) -> np.ndarray:
    """(62, 3) uint8: the grid component's colour for each tone character (``colour()`` in grid.js)."""
    table = []
    for index in range(TONE_LEVELS + 1):
        position = index / TONE_LEVELS
        if diverging:
            tone = position * 2 - 1
            hue, saturation, light = (4 if tone >= 0 else 212), 0.70, (98 - min(1, abs(tone)) * 52) / 100
        else:
            hue, saturation, light = 215, 0.28, (98 - position * 62) / 100
        table.append([round(255 * v) for v in colorsys.hls_to_rgb(hue / 360, light, saturation)])
    return np.array(table, np.uint8)


TONE_RGB = {False: _tone_table(False), True: _tone_table(True)}


def colours(values: np.ndarray, bound: float | None = None) -> np.ndarray:
    """(H, W, 3) uint8: each cell's colour as the page's grids draw it (the same tones, ``ui.grid.tones``):
    white to slate when every value is >= 0, blue < 0 < red otherwise (or on a shared ``bound``); white
    for a cell with no finite value."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    tone, diverging = tones(values, bound)
    index = np.array([TONE_CHARS.find(char) for char in tone]).reshape(values.shape)
    rgb = TONE_RGB[diverging][np.clip(index, 0, None)]
    rgb[index < 0] = 255
    return rgb


def _bound(values: np.ndarray) -> float:
    finite = np.isfinite(values)
    return float(np.abs(values[finite]).max()) if finite.any() else 1.0


def scale_ends(values: np.ndarray) -> tuple[float, float]:
    """The colour scale's (low, high): 0 .. max for values >= 0, else -m .. m (m the largest magnitude)."""
    bound = _bound(np.asarray(values, dtype=float))
    diverging = tones(values)[1]
    return (-bound if diverging else 0.0), bound


def _ink(rgb) -> tuple[int, int, int]:
    """Black on light cells, white on dark ones."""
    r, g, b = (int(v) for v in rgb)
    return INK if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (255, 255, 255)


def caption(walk: SlidingWindow, i: int, j: int, more: str = LABELS["more"]) -> str:
    """Output cell (i, j)'s equation: the very string the page's arithmetic line prints (``ui.equations``),
    e.g. ``Y[0, 0] = 0×0 + 1×1 + 3×2 + 4×3 = 19`` (with a bias ``... = 19 + 1 = 20``)."""
    step = walk.cell(i, j)
    bias = fmt(step.bias) if step.bias else None
    values, weights = texts(step.window.numpy()), texts(step.kernel.numpy())
    total = fmt(step.total) if bias else fmt(step.value)
    return equations.products(equations.cell_label(i, j), values, weights, more, total, bias, fmt(step.value))


def _wrap(text: str, width: float, face) -> list[str]:
    """``text`` in lines no wider than ``width``, broken after a ``+`` where it can be."""
    pieces = text.split(" + ")
    lines, line = [], ""
    for k, piece in enumerate(pieces):
        candidate = piece if not line else f"{line} + {piece}"
        if line and face.getlength(candidate) > width:
            lines.append(line + " +")
            line = piece
        else:
            line = candidate
        if k == len(pieces) - 1:
            lines.append(line)
    return lines


def _number_font(cell: int, text: str):
    """The font for a number in a cell of ``cell`` pixels: as large as lets it fit, at most 0.42 of the cell."""
    return font(min(cell * 0.42, cell * 0.9 / (0.58 * max(len(text), 1))))


def _draw_cells(draw, x0, y0, cell, colours, texts, show_numbers, outline=LINE) -> None:
    rows, cols = colours.shape[:2]
    for r, c in np.ndindex(rows, cols):
        x, y = x0 + c * cell, y0 + r * cell
        colour = tuple(int(v) for v in colours[r, c])
        draw.rectangle([x, y, x + cell - 1, y + cell - 1], fill=colour, outline=outline)
        if show_numbers:
            text = texts[r * cols + c]
            draw.text(
                (x + cell / 2, y + cell / 2),
                text,
                fill=_ink(colour),
                font=_number_font(cell, text),
                anchor="mm",
            )


@dataclass(frozen=True)
class Layout:
    """Where the three grids and the caption sit in a frame ``width`` pixels wide."""

    width: int
    height: int
    cell: int
    title: int  # title font size
    input_xy: tuple[int, int]
    kernel_xy: tuple[int, int]
    output_xy: tuple[int, int]
    caption_y: int
    caption_size: int
    caption_lines: int


def layout(walk: SlidingWindow, width: int, captions: list[str] | None) -> Layout:
    (ph, pw), (kh, kw), (oh, ow) = walk.padded.shape, walk.kernel.shape, walk.output.shape
    margin = max(12, width // 40)
    cell = int(min(MAX_CELL, (width - 4 * margin) // (pw + kw + ow)))
    cell = max(cell, 2)
    title = max(14, min(32, width // 40))
    used = (pw + kw + ow) * cell + 2 * margin
    x = (width - used) // 2
    top = margin + int(title * 1.6)
    grids = max(ph, kh, oh) * cell
    caption_size = max(14, min(30, width // 42))
    lines = 0
    if captions:
        face = font(caption_size)
        lines = max(len(_wrap(text, width - 2 * margin, face)) for text in captions)
    caption_y = top + grids + margin
    height = caption_y + (int(lines * caption_size * 1.4) + margin if lines else 0)
    return Layout(
        width=width,
        height=int(height + (height % 2)),
        cell=cell,
        title=title,
        input_xy=(x, top),
        kernel_xy=(x + pw * cell + margin, top),
        output_xy=(x + (pw + kw) * cell + 2 * margin, top),
        caption_y=caption_y,
        caption_size=caption_size,
        caption_lines=lines,
    )


def _input_colours(walk: SlidingWindow) -> np.ndarray:
    """The padded input as the page draws it: the input's tones, padding in the grid's yellow."""
    return np.where(walk.is_padding()[..., None], np.array(PADDING, np.uint8), colours(walk.padded.numpy()))


def _frame_cells(shape: tuple[int, int], frames: int | None) -> list[tuple[int, int]]:
    """The output cells shown, in reading order: every one, or ``frames`` of them picked evenly."""
    cells = [(i, j) for i in range(shape[0]) for j in range(shape[1])]
    if frames is not None and 0 < frames < len(cells):
        cells = [cells[k] for k in np.linspace(0, len(cells) - 1, frames).round().astype(int)]
    return cells


def gif_cells(walk: SlidingWindow, frames: int | None = None) -> list[tuple[int, int]]:
    return _frame_cells(tuple(walk.output.shape), frames)


def gif(
    walk: SlidingWindow,
    width: int = GIF_WIDTH,
    frames: int | None = None,
    frame_ms: int = GIF_FRAME_MS,
    captions: bool = True,
    labels: dict[str, str] | None = None,
) -> bytes:
    """The window sliding over the padded input while the output fills in, as an animated GIF.

    ``width`` pixels wide; one frame per output cell (or ``frames`` of them, picked evenly), ``frame_ms``
    each, the last one held twice as long. Every cell prints its number when cells are at least
    ``MIN_NUMBER_CELL`` pixels, and the caption is the written cell's equation. The grids are drawn once;
    each frame uncovers the output written so far, outlines the window and writes the caption, on one
    shared palette.
    """
    labels = {**LABELS, **(labels or {})}
    width = int(np.clip(width, *GIF_WIDTHS))
    cells = gif_cells(walk, frames)
    texts = [caption(walk, i, j, labels["more"]) for i, j in cells] if captions else None
    lay = layout(walk, width, texts)
    base, written = _scene(walk, lay, labels)
    # one palette for every frame, from the full picture with the window's orange in it
    sample = np.concatenate([base, written, np.full((4, width, 3), ORANGE, np.uint8)], axis=0)
    palette = Image.fromarray(sample).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    base_idx = np.asarray(Image.fromarray(base).quantize(palette=palette, dither=Image.Dither.NONE))
    written_idx = np.asarray(Image.fromarray(written).quantize(palette=palette, dither=Image.Dither.NONE))
    lut = palette.getpalette()[: 3 * 256]
    rgb = np.array(lut + [0] * (768 - len(lut))).reshape(256, 3)
    orange = int(np.abs(rgb - ORANGE).sum(1).argmin())
    ink = int(np.abs(rgb - INK).sum(1).argmin())
    white = int(np.abs(rgb - 255).sum(1).argmin())

    (oh, ow), cell = walk.output.shape, lay.cell
    ox, oy = lay.output_xy
    order = np.arange(oh * ow).reshape(oh, ow)
    top, left = walk.offset
    caption_face = font(lay.caption_size)
    thick = max(2, cell // 10)
    images = []
    for k, (i, j) in enumerate(cells):
        frame = base_idx.copy()
        done = np.repeat(np.repeat(order <= i * ow + j, cell, 0), cell, 1)
        region = frame[oy : oy + oh * cell, ox : ox + ow * cell]
        region[done] = written_idx[oy : oy + oh * cell, ox : ox + ow * cell][done]
        image = Image.fromarray(frame, "P")
        image.putpalette(lut)
        draw = ImageDraw.Draw(image)
        ix, iy = lay.input_xy
        for r in walk.rows[i] + top:
            for c in walk.cols[j] + left:
                x, y = ix + c * cell, iy + r * cell
                draw.rectangle([x, y, x + cell - 1, y + cell - 1], outline=orange, width=thick)
        x, y = ox + j * cell, oy + i * cell
        draw.rectangle([x, y, x + cell - 1, y + cell - 1], outline=orange, width=thick + 1)
        if texts:
            draw.rectangle([0, lay.caption_y, width, lay.height], fill=white)
            margin = max(12, width // 40)
            for n, line in enumerate(_wrap(texts[k], width - 2 * margin, caption_face)):
                draw.text(
                    (margin, lay.caption_y + n * lay.caption_size * 1.4), line, fill=ink, font=caption_face
                )
        images.append(image)
    durations = [frame_ms] * (len(images) - 1) + [2 * frame_ms]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=durations,
        loop=0,
        optimize=False,
    )
    return buffer.getvalue()


def _scene(walk: SlidingWindow, lay: Layout, labels: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Two RGB pictures of the whole frame: with the output still empty, and with it all written."""
    numbers = lay.cell >= MIN_NUMBER_CELL
    base = Image.new("RGB", (lay.width, lay.height), "white")
    draw = ImageDraw.Draw(base)
    title_face = font(lay.title)
    padded, kernel, output = walk.padded.numpy(), walk.kernel.numpy(), walk.output.numpy()
    for (x, y), name in ((lay.input_xy, "input"), (lay.kernel_xy, "kernel"), (lay.output_xy, "output")):
        draw.text((x, y - lay.title * 0.4), labels[name], fill=INK, font=title_face, anchor="ls")
    _draw_cells(
        draw, *lay.input_xy, lay.cell, _input_colours(walk), [fmt(v) for v in padded.ravel()], numbers
    )
    _draw_cells(draw, *lay.kernel_xy, lay.cell, colours(kernel), [fmt(v) for v in kernel.ravel()], numbers)
    empty = np.full((*output.shape, 3), EMPTY, np.uint8)
    _draw_cells(draw, *lay.output_xy, lay.cell, empty, [], False)
    full = base.copy()
    out_texts = [fmt(v) for v in output.ravel()]
    _draw_cells(ImageDraw.Draw(full), *lay.output_xy, lay.cell, colours(output), out_texts, numbers)
    return np.asarray(base), np.asarray(full)


@dataclass(frozen=True)
class PngLayout:
    """Where a feature-map PNG puts its cells and its colour scale."""

    width: int
    height: int
    cell: int
    origin: tuple[int, int]  # the top-left cell's corner
    bar: tuple[int, int, int, int]  # the colour scale: x, y, width, height (top +bound, bottom -bound)
    title: int  # title font size, 0 without a title


def png_layout(
    shape: tuple[int, int], cell: int | None = None, title: str = "", label_width: int = 0
) -> PngLayout:
    rows, cols = shape
    if cell is None:
        cell = int(np.clip(720 // max(rows, cols), 4, MAX_CELL))
    cell = max(1, min(cell, 2048 // max(rows, cols)))
    margin, bar = max(12, cell // 3), max(16, cell // 2)
    title_size = 20 if title else 0
    top = margin + int(title_size * 1.6)
    bar_h = max(rows * cell, 160)
    return PngLayout(
        width=margin + cols * cell + margin + bar + label_width + margin,
        height=top + bar_h + margin,
        cell=cell,
        origin=(margin, top),
        bar=(margin + cols * cell + margin, top, bar, bar_h),
        title=title_size,
    )


def png(values: np.ndarray, cell: int | None = None, title: str = "") -> bytes:
    """The feature map as a PNG for a slide: each cell in the page's colours with its number printed (cells
    of at least ``MIN_NUMBER_CELL`` pixels), and a colour scale beside it labelled with its ends and 0."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    label_face = font(16)
    low, high = scale_ends(values)
    ticks = [fmt(high), fmt((low + high) / 2), fmt(low)]
    label_width = int(max(label_face.getlength(text) for text in ticks)) + 8
    lay = png_layout(values.shape, cell, title, label_width)
    image = Image.new("RGB", (lay.width, lay.height), "white")
    draw = ImageDraw.Draw(image)
    if title:
        draw.text((lay.origin[0], lay.origin[0]), title, fill=INK, font=font(lay.title))
    texts = [fmt(v) for v in values.ravel()]
    _draw_cells(draw, *lay.origin, lay.cell, colours(values), texts, lay.cell >= MIN_NUMBER_CELL)
    bar_x, bar_y, bar_w, bar_h = lay.bar
    ramp = np.linspace(high, low, bar_h)[:, None].repeat(bar_w, 1)
    image.paste(Image.fromarray(colours(ramp, high if low < 0 else None)), (bar_x, bar_y))
    draw.rectangle([bar_x, bar_y, bar_x + bar_w - 1, bar_y + bar_h - 1], outline=LINE)
    for text, y, anchor in zip(
        ticks, (bar_y, bar_y + bar_h / 2, bar_y + bar_h), ("lt", "lm", "lb"), strict=True
    ):
        draw.text((bar_x + bar_w + 6, y), text, fill=INK, font=label_face, anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _hex(rgb) -> str:
    return "#" + "".join(f"{int(v):02x}" for v in rgb)


def _svg_cells(group: str, x0: float, y0: float, cell: float, colours, texts, lit=None) -> list[str]:
    rows, cols = colours.shape[:2]
    parts = [f'<g class="{group}">']
    for r, c in np.ndindex(rows, cols):
        x, y = x0 + c * cell, y0 + r * cell
        fill = _hex(colours[r, c])
        parts.append(
            f'<rect x="{x:g}" y="{y:g}" width="{cell:g}" height="{cell:g}" fill="{fill}" stroke="#c8c8c8" '
            f'data-row="{r}" data-col="{c}"/>'
        )
        text = texts[r * cols + c] if texts else ""
        if text:
            ink = _hex(_ink(colours[r, c]))
            parts.append(
                f'<text x="{x + cell / 2:g}" y="{y + cell / 2:g}" font-size="{min(cell * 0.36, cell * 0.9 / (0.6 * len(text))):.3g}" fill="{ink}" '
                f'text-anchor="middle" dominant-baseline="central" data-row="{r}" data-col="{c}">'
                f"{escape(text)}</text>"
            )
    parts.append("</g>")
    return parts


class _Estimate:
    """A text width guess for an SVG (the viewer picks the font): 0.6 of the font size a character."""

    def __init__(self, size: float) -> None:
        self.size = size

    def getlength(self, text: str) -> float:
        return 0.6 * self.size * len(text)


def svg(walk: SlidingWindow, i: int, j: int, labels: dict[str, str] | None = None) -> bytes:
    """One frame of the sliding window as an SVG (lossless on a slide): the padded input with the window on
    output cell (i, j), the kernel, the output written up to (i, j) in reading order, and its equation.
    Every number is text, as the grid prints it."""
    labels = {**LABELS, **(labels or {})}
    walk.cell(i, j)  # refuses a cell outside the output
    (ph, pw), (kh, kw), (oh, ow) = walk.padded.shape, walk.kernel.shape, walk.output.shape
    cell, margin, title = 48.0, 24.0, 20.0
    top = margin + title * 1.6
    xs = (margin, margin + pw * cell + margin, margin + (pw + kw) * cell + 2 * margin)
    width = xs[2] + ow * cell + margin
    text = caption(walk, i, j, labels["more"])
    lines = _wrap(text, max(width - 2 * margin, 480), _Estimate(title))
    width = max(width, 480 + 2 * margin)
    caption_y = top + max(ph, kh, oh) * cell + margin + title
    height = caption_y + (len(lines) - 1) * title * 1.4 + margin
    padded, kernel, output = walk.padded.numpy(), walk.kernel.numpy(), walk.output.numpy()
    done = (np.arange(oh * ow) <= i * ow + j).reshape(oh, ow)
    out_colours = np.where(done[..., None], colours(output), np.array(EMPTY, np.uint8))
    out_texts = [fmt(v) if d else "" for v, d in zip(output.ravel(), done.ravel(), strict=True)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" font-family="DejaVu Sans, Noto Sans CJK SC, Arial, sans-serif">',
        f'<rect width="{width:g}" height="{height:g}" fill="#ffffff"/>',
    ]
    for x, name in zip(xs, ("input", "kernel", "output"), strict=True):
        parts.append(f'<text x="{x:g}" y="{top - title * 0.5:g}" font-size="{title:g}" fill="#111111">'
                     f"{escape(labels[name])}</text>")  # fmt: skip
    parts += _svg_cells("input", xs[0], top, cell, _input_colours(walk), [fmt(v) for v in padded.ravel()])
    parts += _svg_cells("kernel", xs[1], top, cell, colours(kernel), [fmt(v) for v in kernel.ravel()])
    parts += _svg_cells("output", xs[2], top, cell, out_colours, out_texts)
    top_pad, left_pad = walk.offset
    rows, cols = walk.rows[i] + top_pad, walk.cols[j] + left_pad
    for r in rows:
        for c in cols:
            parts.append(
                f'<rect class="window" x="{xs[0] + c * cell:g}" y="{top + r * cell:g}" width="{cell:g}" '
                f'height="{cell:g}" fill="none" stroke="#ff7f0e" stroke-width="4"/>'
            )
    parts.append(
        f'<rect class="written" x="{xs[2] + j * cell:g}" y="{top + i * cell:g}" width="{cell:g}" '
        f'height="{cell:g}" fill="none" stroke="#ff7f0e" stroke-width="5"/>'
    )
    parts += [
        f'<text class="caption" x="{margin:g}" y="{caption_y + n * title * 1.4:g}" font-size="{title:g}" '
        f'fill="#111111">{escape(line)}</text>'
        for n, line in enumerate(lines)
    ]
    parts.append("</svg>")
    return "\n".join(parts).encode()


def gif_size(walk: SlidingWindow, width: int = GIF_WIDTH) -> tuple[int, bool]:
    """The cell size a GIF ``width`` pixels wide gives this walk, and whether its cells print numbers."""
    lay = layout(walk, int(np.clip(width, *GIF_WIDTHS)), None)
    return lay.cell, lay.cell >= MIN_NUMBER_CELL


def width_for_numbers(walk: SlidingWindow) -> int:
    """The narrowest GIF width (a multiple of 80) whose cells print numbers; the widest one if none does."""
    for width in range(GIF_WIDTHS[0], GIF_WIDTHS[1] + 1, 80):
        if gif_size(walk, width)[1]:
            return width
    return GIF_WIDTHS[1]
