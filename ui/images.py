"""Images in: safe decoding of uploads, rendered glyphs, downscaling for the animation.

Uploads are untrusted. The byte size is capped, the pixel count is read from
the header and capped before any pixel is decoded (decompression bombs),
EXIF rotation is applied, and every mode (palette, RGBA, 16-bit, CMYK,
animated) ends as float32 RGB in [0, 1].
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 16_000_000
TYPES = ("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp")  # what the uploaders accept
FULL_SIDE = 1024  # the full-resolution result is computed at most this large per side


class ImageError(ValueError):
    """An upload that cannot be used, with a message for the user (a catalogue key and values)."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Picture:
    rgb: torch.Tensor  # (3, H, W) float32 in [0, 1]
    notes: tuple[tuple[str, dict], ...] = ()  # (catalogue key, values) for what was done to it


def decode(data: bytes) -> Picture:
    """Decode untrusted image bytes into a ``Picture``, or raise ``ImageError``."""
    if len(data) == 0:
        raise ImageError("image.empty")
    if len(data) > MAX_BYTES:
        raise ImageError("image.too_many_bytes", size=len(data) / 1e6, limit=MAX_BYTES / 1e6)
    notes = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size  # read from the header; no pixel decoded yet
            if width * height > MAX_PIXELS:
                raise ImageError("image.too_many_pixels", width=width, height=height, limit=MAX_PIXELS / 1e6)
            if getattr(image, "n_frames", 1) > 1:
                notes.append(("image.note_animated", {"frames": image.n_frames}))
            image.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("image.bomb", limit=MAX_PIXELS / 1e6) from None  # Pillow's own guard, at open()
    except UnidentifiedImageError:
        raise ImageError("image.not_an_image") from None
    except (OSError, SyntaxError, ValueError):
        raise ImageError("image.truncated") from None

    transposed = ImageOps.exif_transpose(image)
    if transposed is not image and transposed.size != image.size:
        notes.append(("image.note_rotated", {}))
    image = transposed
    rgb = _to_rgb_array(image, notes)
    height, width = rgb.shape[1:]
    if max(height, width) > FULL_SIDE:
        scale = FULL_SIDE / max(height, width)
        rgb = resize(rgb, (max(1, round(height * scale)), max(1, round(width * scale))))
        notes.append(("image.note_full_scaled", {"width": width, "height": height}))
    return Picture(rgb=rgb, notes=tuple(notes))


def _to_rgb_array(image: Image.Image, notes: list) -> torch.Tensor:
    mode = image.mode
    transparent = "transparency" in image.info  # read before compositing replaces the image
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        array = np.asarray(image, dtype=np.float64)
        top = 65535.0 if mode.startswith("I;16") or array.max() > 255 else 255.0
        array = np.clip(array / top, 0, 1)
        notes.append(("image.note_16bit", {}))
        return torch.from_numpy(np.repeat(array[None], 3, 0).astype(np.float32))
    if mode in ("P", "PA", "LA", "RGBA", "La") or transparent:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
        if mode != "P" or transparent:
            notes.append(("image.note_alpha", {}))
    if mode == "CMYK":
        notes.append(("image.note_cmyk", {}))
    array = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
    return torch.from_numpy(np.ascontiguousarray(array.transpose(2, 0, 1)))


def resize(rgb: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Area-average resize of a (C, H, W) image to (C, h, w)."""
    return torch.nn.functional.interpolate(rgb[None], size=size, mode="area")[0]


def fit(image: torch.Tensor, side: int) -> torch.Tensor:
    """Downscale a (C, H, W) image so its longer side is at most ``side`` (never upscale)."""
    height, width = image.shape[-2:]
    if max(height, width) <= side:
        return image
    scale = side / max(height, width)
    return resize(image, (max(1, round(height * scale)), max(1, round(width * scale))))


def _render(character: str, size: int) -> Image.Image:
    canvas = Image.new("L", (size * 4, size * 4), 0)
    font = ImageFont.load_default(size=size * 3)
    draw = ImageDraw.Draw(canvas)
    stroke = max(1, size // 4)  # thick strokes survive the 4x downscale
    box = draw.textbbox((0, 0), character, font=font, stroke_width=stroke)
    offset = (
        (canvas.width - (box[2] - box[0])) / 2 - box[0],
        (canvas.height - (box[3] - box[1])) / 2 - box[1],
    )
    draw.text(offset, character, fill=255, font=font, stroke_width=stroke, stroke_fill=255)
    return canvas.resize((size, size), Image.Resampling.BOX)


def glyph(character: str, size: int = 16) -> torch.Tensor:
    """A character rendered white on black in a size x size grid, like an MNIST digit.

    ``ImageError("input.glyph_missing")`` when the built-in font has no glyph for it (it
    would draw its "missing" box, the same for every such character).
    """
    image = _render(character, size)
    if character != "\ufffe" and np.array_equal(np.asarray(image), np.asarray(_render("\ufffe", size))):
        raise ImageError("input.glyph_missing", character=character)
    return torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0)
