"""Downloads: the feature map as CSV and PNG, the sliding window as a GIF for slides.

Everything is drawn from what convcore computed; nothing here does arithmetic on
the values beyond mapping them to colours.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from convcore.steps import SlidingWindow
from ui import figures

GIF_FRAMES = 120  # at most this many frames; larger outputs are sampled evenly in reading order
CELL = 36  # pixels per cell in the GIF, at most
ORANGE = (255, 127, 14)  # the window, as on the page


def csv(values) -> bytes:
    """One row per line, comma-separated; each number as the shortest decimal that reads back to exactly
    the same value in its own precision (a float32 0.1 prints as 0.1, not 0.100000001)."""
    array = np.asarray(values)
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    rows = np.atleast_2d(array)
    return "".join(",".join(str(value) for value in row) + "\n" for row in rows).encode()


def _stops() -> tuple[np.ndarray, np.ndarray]:
    positions = np.array([position for position, _ in figures.DIVERGING])
    colours = np.array(
        [[int(c[i : i + 2], 16) for i in (1, 3, 5)] for _, c in figures.DIVERGING], dtype=float
    )
    return positions, colours


def diverging_rgb(values: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 colours on the page's diverging scale, centred on 0."""
    values = np.asarray(values, dtype=float)
    bound = float(np.abs(values[np.isfinite(values)]).max()) if np.isfinite(values).any() else 1.0
    position = 0.5 + 0.5 * np.clip(values / (bound or 1.0), -1, 1)
    stops, colours = _stops()
    rgb = np.stack([np.interp(position, stops, colours[:, k]) for k in range(3)], axis=-1)
    return np.round(rgb).astype(np.uint8)


def png(values: np.ndarray, cell: int = 24) -> bytes:
    """The feature map as a PNG in the page's colours, each cell ``cell`` pixels (at most 2048 px a side)."""
    values = np.asarray(values, dtype=float)
    cell = max(1, min(cell, 2048 // max(values.shape)))
    image = Image.fromarray(diverging_rgb(values)).resize(
        (values.shape[1] * cell, values.shape[0] * cell), Image.Resampling.NEAREST
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _upscale(rgb: np.ndarray, cell: int) -> np.ndarray:
    return np.repeat(np.repeat(rgb, cell, axis=0), cell, axis=1)


def gif(walk: SlidingWindow, frame_ms: int = 300) -> bytes:
    """The window sliding over the padded input while the output fills in, as an animated GIF.

    The two grids are drawn once as arrays; each frame only uncovers the output written so
    far and outlines the window, so even a 32 x 32 input takes well under a second.
    """
    padded, padding, output = walk.padded.numpy(), walk.is_padding(), walk.output.numpy()
    h_out, w_out = output.shape
    top, left = walk.offset
    low, high = float(padded[~padding].min()), float(padded[~padding].max())
    grey = np.round(255 * (padded - low) / ((high - low) or 1.0)).clip(0, 255).astype(np.uint8)
    cell = int(np.clip(540 // max(*padded.shape, h_out, w_out), 8, CELL))
    gap = cell
    rows = max(padded.shape[0], h_out)
    canvas = np.full((rows * cell + 2 * gap, (padded.shape[1] + w_out) * cell + 3 * gap, 3), 255, np.uint8)
    grid = np.where(
        padding[..., None], np.array([216, 205, 238], np.uint8), np.repeat(grey[..., None], 3, -1)
    )
    canvas[gap : gap + padded.shape[0] * cell, gap : gap + padded.shape[1] * cell] = _upscale(grid, cell)
    out_x = 2 * gap + padded.shape[1] * cell
    written = _upscale(diverging_rgb(output), cell)
    blank = np.full_like(written, 244)
    base = Image.fromarray(canvas)
    if max(padded.shape) <= figures.VALUE_LIMIT:  # values in the input cells, drawn once
        draw, font = ImageDraw.Draw(base), ImageFont.load_default(size=cell * 0.38)
        for r, c in np.ndindex(*padded.shape):
            ink = "black" if padding[r, c] or grey[r, c] > 128 else "white"
            draw.text(
                (gap + c * cell + 3, gap + r * cell + cell * 0.3), f"{padded[r, c]:.3g}", fill=ink, font=font
            )
    base_array = np.asarray(base)
    cells = [(i, j) for i in range(h_out) for j in range(w_out)]
    if len(cells) > GIF_FRAMES:
        cells = [cells[k] for k in np.linspace(0, len(cells) - 1, GIF_FRAMES).round().astype(int)]
    order = np.arange(h_out * w_out).reshape(h_out, w_out)
    final = base_array.copy()
    final[gap : gap + h_out * cell, out_x : out_x + w_out * cell] = written
    final[: gap // 2, : 4 * cell] = ORANGE  # a strip of the window colour, so the palette has it
    palette = Image.fromarray(final).quantize(
        colors=96, method=Image.Quantize.MEDIANCUT
    )  # one palette for all
    frames = []
    for i, j in cells:
        frame = base_array.copy()
        done = _upscale((order <= i * w_out + j)[..., None], cell)
        frame[gap : gap + h_out * cell, out_x : out_x + w_out * cell] = np.where(done, written, blank)
        image = Image.fromarray(frame)
        draw = ImageDraw.Draw(image)
        for r in walk.rows[i] + top:
            for c in walk.cols[j] + left:
                x, y = gap + c * cell, gap + r * cell
                draw.rectangle([x, y, x + cell - 1, y + cell - 1], outline=ORANGE, width=max(2, cell // 12))
        x, y = out_x + j * cell, gap + i * cell
        draw.rectangle([x, y, x + cell - 1, y + cell - 1], outline=ORANGE, width=max(2, cell // 9))
        frames.append(image.quantize(palette=palette, dither=Image.Dither.NONE))
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=frame_ms, loop=0)
    return buffer.getvalue()
