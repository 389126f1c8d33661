"""Uploads are untrusted: every hostile or unusual file ends as a clear message or a usable picture."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from ui import images


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def test_rgb_png_decodes_to_unit_range():
    array = np.zeros((4, 6, 3), dtype=np.uint8)
    array[..., 0] = 255
    picture = images.decode(encode(Image.fromarray(array)))
    assert picture.rgb.shape == (3, 4, 6)
    assert picture.rgb[0].min() == 1 and picture.rgb[1].max() == 0


def test_not_an_image():
    with pytest.raises(images.ImageError) as error:
        images.decode(b"%PDF-1.4 definitely not pixels")
    assert error.value.key == "image.not_an_image"


def test_empty_file():
    with pytest.raises(images.ImageError) as error:
        images.decode(b"")
    assert error.value.key == "image.empty"


def test_truncated_png():
    data = encode(Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8)))
    with pytest.raises(images.ImageError) as error:
        images.decode(data[: len(data) // 2])
    assert error.value.key == "image.truncated"


def bomb_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming width x height, with a tiny compressed body: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_decompression_bomb_is_refused_from_the_header():
    # 5000 x 5000 claims 25 megapixels in a file of a few kB; the pixel count is read before any pixel
    data = bomb_png(5_000, 5_000)
    assert len(data) < 100_000
    with pytest.raises(images.ImageError) as error:
        images.decode(data)
    assert error.value.key == "image.too_many_pixels"
    assert error.value.values["width"] == 5_000


def test_gigapixel_bomb_is_refused_by_pillow_at_open():
    # 50000 x 50000 (2.5 gigapixels): Pillow itself refuses it while reading the header
    with pytest.raises(images.ImageError) as error:
        images.decode(bomb_png(50_000, 50_000))
    assert error.value.key == "image.bomb"


def test_too_many_bytes():
    with pytest.raises(images.ImageError) as error:
        images.decode(b"\x00" * (images.MAX_BYTES + 1))
    assert error.value.key == "image.too_many_bytes"


def test_sixteen_bit_greyscale_scales_to_unit_range():
    array = np.array([[0, 32768], [65535, 1000]], dtype=np.uint16)
    picture = images.decode(encode(Image.fromarray(array)))
    assert picture.rgb.shape == (3, 2, 2)
    assert picture.rgb[0, 1, 0] == pytest.approx(1.0) and picture.rgb[0, 0, 1] == pytest.approx(0.5, abs=1e-3)


def test_rgba_is_composited_over_white():
    array = np.zeros((2, 2, 4), dtype=np.uint8)
    array[0, 0] = (0, 0, 0, 255)  # opaque black
    array[1, 1] = (0, 0, 0, 0)  # fully transparent
    picture = images.decode(encode(Image.fromarray(array, mode="RGBA")))
    assert picture.rgb[:, 0, 0].tolist() == [0, 0, 0]
    assert picture.rgb[:, 1, 1].tolist() == [1, 1, 1]
    assert ("image.note_alpha", {}) in picture.notes


def test_palette_image():
    image = Image.fromarray(np.array([[0, 1], [1, 0]], dtype=np.uint8), mode="P")
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    picture = images.decode(encode(image))
    assert picture.rgb[:, 0, 0].tolist() == [1, 0, 0] and picture.rgb[:, 0, 1].tolist() == [0, 0, 1]


def test_cmyk_jpeg():
    picture = images.decode(encode(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG"))
    assert picture.rgb.shape == (3, 8, 8)
    assert picture.rgb[0].mean() > 0.9 and picture.rgb[1].mean() < 0.1  # red


def test_animated_gif_uses_the_first_frame():
    frames = [Image.new("L", (4, 4), value) for value in (0, 255)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    picture = images.decode(data)
    assert picture.rgb.max() == 0
    assert picture.notes[0][0] == "image.note_animated"


def test_exif_rotated_jpeg_is_turned_upright():
    # stored 4 wide x 2 high with orientation 6 (rotate 90 clockwise to view): upright it is 2 wide x 4 high
    image = Image.new("RGB", (4, 2), (255, 255, 255))
    exif = Image.Exif()
    exif[0x0112] = 6
    picture = images.decode(encode(image, "JPEG", exif=exif.tobytes()))
    assert tuple(picture.rgb.shape[1:]) == (4, 2)
    assert ("image.note_rotated", {}) in picture.notes


def test_large_image_is_scaled_for_the_full_result():
    picture = images.decode(encode(Image.new("L", (3000, 1500), 128)))
    assert tuple(picture.rgb.shape[1:]) == (512, 1024)


def test_fit_never_upscales():
    import torch

    small = torch.zeros(1, 10, 20)
    assert images.fit(small, 32) is small
    assert tuple(images.fit(torch.zeros(1, 100, 50), 32).shape) == (1, 32, 16)


def test_glyph_is_a_small_bright_shape():
    glyph = images.glyph("7", 16)
    assert glyph.shape == (16, 16) and glyph.max() > 0.9 and glyph[0].max() < 0.5  # margin on top


def test_glyph_missing_from_the_font_is_explained():
    # the built-in font has no CJK glyphs: a Chinese character would draw the same "missing" box
    with pytest.raises(images.ImageError) as error:
        images.glyph("卷")
    assert error.value.key == "input.glyph_missing"


# --- issue 9: the rest of the hostile and unusual files ------------------------------------------------------


def test_text_file_renamed_png():
    with pytest.raises(images.ImageError) as error:
        images.decode(b"name,score\nada,10\n")  # a CSV saved as photo.png
    assert error.value.key == "image.not_an_image"


def test_png_signature_with_garbage_after_it():
    with pytest.raises(images.ImageError) as error:
        images.decode(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 10)
    assert error.value.key in ("image.not_an_image", "image.truncated")


def test_truncated_jpeg():
    rng = np.random.default_rng(1)
    data = encode(Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)), "JPEG", quality=95)
    with pytest.raises(images.ImageError) as error:
        images.decode(data[: len(data) // 3])
    assert error.value.key == "image.truncated"


def test_sixteen_bit_rgb_png():
    # 16 bits per channel colour: Pillow reads it as 8-bit RGB; it still ends as RGB in [0, 1]
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 2, 1, 16, 2, 0, 0, 0)  # 2 x 1, 16-bit, colour type 2 (RGB)
    row = b"\x00" + struct.pack(">6H", 65535, 0, 0, 0, 0, 65535)  # red, blue
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row))
        + chunk(b"IEND", b"")
    )
    picture = images.decode(data)
    assert picture.rgb.shape == (3, 1, 2)
    assert picture.rgb[:, 0, 0].tolist() == [1, 0, 0] and picture.rgb[:, 0, 1].tolist() == [0, 0, 1]


def test_palette_with_transparency_is_composited_over_white():
    image = Image.fromarray(np.array([[0, 1]], dtype=np.uint8), mode="P")
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    picture = images.decode(encode(image, transparency=0))  # palette entry 0 is transparent
    assert picture.rgb[:, 0, 0].tolist() == [1, 1, 1] and picture.rgb[:, 0, 1].tolist() == [1, 0, 0]
    assert ("image.note_alpha", {}) in picture.notes


def test_grey_with_alpha():
    array = np.array([[[0, 255], [0, 0]]], dtype=np.uint8)  # black opaque, black transparent
    picture = images.decode(encode(Image.fromarray(array, mode="LA")))
    assert picture.rgb[:, 0, 0].tolist() == [0, 0, 0] and picture.rgb[:, 0, 1].tolist() == [1, 1, 1]


@pytest.mark.parametrize("mode", ["1", "L", "I", "F"])
def test_other_modes_end_as_rgb_in_the_unit_range(mode):
    image = Image.fromarray(np.array([[0, 255], [255, 0]], dtype=np.uint8)).convert(mode)
    picture = images.decode(encode(image, "TIFF" if mode in ("I", "F") else "PNG"))
    assert picture.rgb.shape == (3, 2, 2) and picture.rgb.dtype.is_floating_point
    assert float(picture.rgb.min()) >= 0 and float(picture.rgb.max()) <= 1
    assert picture.rgb[0, 0, 1] > picture.rgb[0, 0, 0]


def test_gif_whose_header_claims_more_than_the_pixel_cap():
    # a GIF's logical screen is 16-bit: 65535 x 65535 = 4.3 gigapixels claimed in a 40-byte file
    data = encode(Image.new("L", (4, 4)), "GIF")
    bomb = data[:6] + struct.pack("<HH", 65535, 65535) + data[10:]
    with pytest.raises(images.ImageError) as error:
        images.decode(bomb)
    assert error.value.key in ("image.too_many_pixels", "image.bomb", "image.truncated")


def test_pixel_cap_is_checked_before_decoding(monkeypatch):
    # the cap must refuse from the header alone: decoding the pixels would fail this test
    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    data = encode(Image.new("RGB", (4, 4)))
    monkeypatch.setattr(Image.Image, "load", no_decoding)
    monkeypatch.setattr(images, "MAX_PIXELS", 10)
    with pytest.raises(images.ImageError) as error:
        images.decode(data)
    assert error.value.key == "image.too_many_pixels"


def test_exif_rotated_jpeg_keeps_its_pixels_upright():
    # orientation 8 (rotate 90 counter-clockwise to view): the stored top row becomes the left column
    array = np.zeros((2, 4, 3), dtype=np.uint8)
    array[0] = 255  # a white top row, stored
    exif = Image.Exif()
    exif[0x0112] = 8
    picture = images.decode(encode(Image.fromarray(array), "JPEG", exif=exif.tobytes(), quality=100))
    assert tuple(picture.rgb.shape[1:]) == (4, 2)
    column = picture.rgb[0, :, 0]  # orientation 8: the stored top row is the upright left column
    assert float(column.mean()) > 0.8 and float(picture.rgb[0, :, 1].mean()) < 0.2


def truncated_png() -> bytes:
    data = encode(Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8)))
    return data[: len(data) // 2]


def test_the_explorer_shows_the_message_for_a_bad_upload():
    # AppTest drives st.file_uploader: the hostile files reach ui.images through the real page
    from tests.apptest import open_page, rerun
    from ui.strings_en import EN

    at = open_page("explorer")
    at.selectbox(key="ex_in_preset").select("upload")
    rerun(at)
    for data, key in (
        (truncated_png(), "image.truncated"),
        (bomb_png(5_000, 4_000), "image.too_many_pixels"),
    ):
        at.file_uploader(key="ex_in_file").upload("x.png", data, "image/png")
        rerun(at)
        expected = EN[key].split("{")[0]
        assert any(error.value.startswith(expected) for error in at.error), [e.value for e in at.error]
        assert not at.exception


def test_shown_maps_are_jpegs_that_keep_the_picture():
    from ui import figures

    # the benchmark's 1024x720 picture: a ramp with noise (a photo's size as PNG)
    ramp = np.linspace(0, 255, 1024)[None, :]
    noise = np.random.default_rng(0).integers(0, 256, (720, 1024))
    pixels = (0.7 * ramp + 0.3 * noise).astype(np.uint8)
    data = figures.jpeg(pixels)
    back = np.asarray(Image.open(io.BytesIO(data)))
    assert data[:2] == b"\xff\xd8" and back.shape == pixels.shape
    assert np.abs(back.astype(int) - pixels).mean() < 6  # what a viewer sees is the same picture
    streamlit_own = io.BytesIO()  # what st.image makes of the array: quality 100
    Image.fromarray(pixels).save(streamlit_own, "JPEG", quality=100)
    assert len(data) < len(streamlit_own.getvalue()) / 2


def test_shown_colour_pictures_keep_sharp_channel_edges():
    from ui import figures

    # pure red, green and blue stripes 4 px wide: halved colour resolution would smear every edge
    stripes = np.zeros((32, 48, 3), dtype=np.uint8)
    for k in range(12):
        stripes[:, 4 * k : 4 * k + 4, k % 3] = 255
    back = np.asarray(Image.open(io.BytesIO(figures.jpeg(stripes)))).astype(int)
    assert back.shape == stripes.shape
    assert np.abs(back - stripes).mean() < 4
