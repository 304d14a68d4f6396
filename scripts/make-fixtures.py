#!/usr/bin/env python3
"""Generate the image fixtures in tests/fixtures/images/ and their README.

    pip install pillow        # tested with Pillow 13.0.0
    python3 scripts/make-fixtures.py

The files are committed; rerun this only to change them. Drawings are simple
shapes so every file stays small (a few KB). Output is deterministic for one
Pillow/libjpeg version.
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import PIL
from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "images"

RED = (220, 30, 30)
BLUE = (30, 60, 200)
WHITE = (255, 255, 255)
SKIN = (236, 200, 170)
DARK = (40, 30, 30)
# PDFs carry dates; a fixed one keeps reruns byte-identical.
FIXED_DATE = time.gmtime(1_767_225_600)  # 2026-01-01T00:00:00Z (Pillow wants a struct_time)


def face(w: int, h: int, background=(200, 220, 235)) -> Image.Image:
    """A face-ish drawing: head, eyes, mouth; asymmetric (hair parted left)."""
    img = Image.new("RGB", (w, h), background)
    d = ImageDraw.Draw(img)
    cx, cy = w // 2, h * 9 // 20
    rx, ry = w * 3 // 10, h * 3 // 10
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=SKIN, outline=DARK)
    d.pieslice((cx - rx, cy - ry - 4, cx + rx, cy + ry // 2), 180, 300, fill=DARK)
    ex, ey, er = rx // 2, cy - ry // 6, max(2, w // 30)
    for x in (cx - ex, cx + ex):
        d.ellipse((x - er, ey - er, x + er, ey + er), fill=DARK)
    d.arc((cx - rx // 2, cy, cx + rx // 2, cy + ry // 2), 20, 160, fill=RED, width=2)
    d.rectangle((0, h - h // 8, w, h), fill=BLUE)  # shoulders
    return img


def orientation_pattern() -> Image.Image:
    """64x48 stored landscape: red block top-left, blue block bottom-right.

    Blocks are 16-pixel aligned so JPEG blocks keep their colours crisp. With
    EXIF orientation 6 (rotate 90 degrees clockwise to display), a viewer shows
    48x64 portrait with the red block at the top-right and blue at the bottom-left.
    """
    img = Image.new("RGB", (64, 48), WHITE)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 15, 15), fill=RED)
    d.rectangle((48, 32, 63, 47), fill=BLUE)
    return img


def jpeg(img: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=kw.pop("quality", 85), **kw)
    return buf.getvalue()


def save_as(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def sof_offset(data: bytes) -> int:
    """Byte offset of the first SOF marker (FF Cx), walking segments by length."""
    pos = 2
    while pos + 4 <= len(data):
        assert data[pos] == 0xFF, f"expected a marker at {pos}"
        marker = data[pos + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return pos
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    raise ValueError("no SOF")


def heic_header() -> bytes:
    """An ISO-BMFF `ftyp` box with major brand `heic` (what an iPhone writes),
    then an empty `meta` box start: enough to sniff, not a decodable image
    (no HEIC encoder is available from the registries here)."""
    brands = b"mif1" + b"heic" + b"miaf" + b"MiHB"
    ftyp = b"ftyp" + b"heic" + struct.pack(">I", 0) + brands
    ftyp = struct.pack(">I", 4 + len(ftyp)) + ftyp
    meta = struct.pack(">I", 12) + b"meta" + b"\0\0\0\0"
    return ftyp + meta


def with_ihdr_size(png: bytes, width: int, height: int) -> bytes:
    """The PNG with its IHDR claiming another size (CRC recomputed), pixels unchanged."""
    ihdr = png[12:16] + struct.pack(">II", width, height) + png[24:29]
    return png[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + png[33:]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str, str]] = []

    def write(name: str, data: bytes, fmt: str, dims: str, notes: str) -> None:
        (OUT / name).write_bytes(data)
        rows.append((name, fmt, str(len(data)), dims, notes))

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    write(
        "orientation-6.jpg",
        jpeg(orientation_pattern(), exif=exif.tobytes(), quality=90),
        "JPEG (baseline, EXIF APP1)",
        "64x48 stored, 48x64 displayed",
        "EXIF orientation 6; stored: red 16x16 block top-left, blue bottom-right; "
        "displayed: red top-right, blue bottom-left",
    )

    portrait = jpeg(face(120, 160))
    write("portrait-120x160.jpg", portrait, "JPEG (baseline, JFIF)", "120x160",
          "face-ish drawing, no EXIF")

    write(
        "progressive-200x150.jpg",
        jpeg(face(200, 150, background=(235, 225, 200)), progressive=True, quality=75),
        "JPEG (progressive, SOF2)",
        "200x150",
        "second JPEG: progressive frame header, no EXIF",
    )

    write("face-96x128.png", save_as(face(96, 128), "PNG", optimize=True),
          "PNG (RGB)", "96x128", "same drawing as the JPEGs")

    write("face-64x64.webp", save_as(face(64, 64), "WEBP", quality=80),
          "WebP (lossy)", "64x64", "rejected: INVALID_IMAGE_FORMAT")

    write("face-64x64.gif", save_as(face(64, 64).convert("P", palette=Image.ADAPTIVE), "GIF"),
          "GIF89a", "64x64", "rejected: INVALID_IMAGE_FORMAT")

    write("face-32x32.bmp", save_as(face(32, 32), "BMP"),
          "BMP", "32x32", "rejected: INVALID_IMAGE_FORMAT")

    write("iphone-header.heic", heic_header(), "HEIC header only (ftyp heic)", "-",
          "rejected: INVALID_IMAGE_FORMAT, message says to convert iPhone photos to JPEG")

    write("document.pdf", save_as(face(40, 40), "PDF", resolution=72.0,
                  creationDate=FIXED_DATE, modDate=FIXED_DATE),
          "PDF 1.4 (Pillow)", "-", "rejected: INVALID_IMAGE_FORMAT")

    cut = sof_offset(portrait)
    write("truncated-before-sof.jpg", portrait[:cut], "JPEG, cut", "-",
          f"portrait-120x160.jpg cut at byte {cut}, just before its SOF: "
          "INVALID_IMAGE_FORMAT (truncated)")

    cut = len(portrait) * 2 // 3
    write("cut-in-data.jpg", portrait[:cut], "JPEG, cut", "120x160 (header)",
          f"portrait-120x160.jpg cut at byte {cut}, inside its image data (an interrupted "
          "upload): INVALID_IMAGE_FORMAT, image is cut off (no end-of-image marker)")

    png = save_as(face(96, 128), "PNG", optimize=True)
    cut = len(png) - 40
    write("cut-in-data.png", png[:cut], "PNG, cut", "96x128 (header)",
          f"face-96x128.png cut at byte {cut}, inside its IDAT: INVALID_IMAGE_FORMAT, "
          "image is cut off (no IEND chunk)")

    mp4 = struct.pack(">I", 24) + b"ftypmp42" + struct.pack(">I", 0) + b"isommp42"
    write("trailing-video.jpg", portrait + mp4 + bytes(1000), "JPEG + trailing data", "120x160",
          "portrait-120x160.jpg followed by an MP4 header and zeros, as a phone's motion photo "
          "carries its video after the end-of-image marker: accepted (the picture is whole)")

    write("claims-65500x65500.png", with_ihdr_size(save_as(face(8, 8), "PNG"), 65500, 65500),
          "PNG, IHDR rewritten", "65500x65500 claimed (8x8 stored)",
          "an 8x8 PNG whose header claims 65500x65500 (4290 megapixels): IMAGE_TOO_LARGE")

    write("empty.jpg", b"", "zero bytes", "-", "IMAGE_EMPTY (the name does not matter)")

    lines = [
        "# Image fixtures",
        "",
        "Generated by `scripts/make-fixtures.py` "
        f"(Pillow {PIL.__version__}); rerun it to change them, never edit by hand.",
        "Formats are sniffed from the bytes, never from these names.",
        "",
        "| file | format | bytes | width x height | notes |",
        "| --- | --- | ---: | --- | --- |",
    ]
    lines += [f"| `{n}` | {f} | {b} | {d} | {t} |" for n, f, b, d, t in rows]
    (OUT / "README.md").write_text("\n".join(lines) + "\n")
    for n, f, b, d, _ in rows:
        print(f"{n:28} {b:>6} B  {f:32} {d}")


if __name__ == "__main__":
    main()
