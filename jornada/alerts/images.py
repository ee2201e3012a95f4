"""Screenshots as workers send them, made safe to keep: decoded, re-encoded, stripped of metadata.

An upload is opened with Pillow (anything Pillow cannot read as an image is refused), its
orientation applied, then its pixels alone are written to a new JPEG: EXIF (with GPS position,
camera, time), XMP, ICC profiles, comments and anything appended after the image are gone.
Large images are scaled down to ``MAX_SIDE`` pixels, which keeps chat screenshots readable.
Memory stays bounded whatever arrives: each image's pixel count is checked from its header
before anything is decoded; a JPEG (phone photos) is decoded at a reduced scale when it is
larger than needed (``draft``), and is shrunk before any copy is made; and one web process
decodes one upload at a time, so three large files from several visitors at once cannot add up.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Pixels per image, checked before decoding. A JPEG is decoded at 1/2 to 1/8 scale when it is
# large, so a 48-megapixel phone photo costs about 36 MB; other formats are decoded whole
# (4 bytes a pixel: 16 megapixels is 64 MB), and a screenshot is rarely above 4 megapixels.
MAX_PIXELS = {"JPEG": 50_000_000}
MAX_PIXELS_OTHER = 16_000_000
MAX_SIDE = 2000
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Uploads decoded at once in one process (its other threads wait their turn, a fraction of a second).
DECODE_SLOTS = 1
_decoding = threading.BoundedSemaphore(DECODE_SLOTS)


class NotAnImage(ValueError):
    """The file is not an image Jornada accepts (or is a decompression bomb)."""


class TooManyPixels(NotAnImage):
    """The image is larger than Jornada decodes; ``megapixels`` and ``limit`` say by how much."""

    def __init__(self, pixels: int, limit: int) -> None:
        super().__init__(f"{pixels} pixels, over the limit of {limit}")
        self.megapixels = max(1, round(pixels / 1_000_000))
        self.limit = limit // 1_000_000


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int


def pixel_limit(image_format: str | None) -> int:
    """Return the most pixels accepted for an image of this format."""
    return MAX_PIXELS.get(image_format or "", MAX_PIXELS_OTHER)


def clean_image(upload: UploadedFile | io.BytesIO) -> CleanImage:
    """Return the upload as a metadata-free JPEG, or raise ``NotAnImage`` (``TooManyPixels``)."""
    with _decoding:
        image = _decode(upload)
    # A new image from the pixels alone: nothing of the original file's info dict travels.
    bare = Image.new("RGB", image.size)
    bare.paste(image)
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=80, optimize=True)
    return CleanImage(out.getvalue(), bare.width, bare.height)


def _decode(upload: UploadedFile | io.BytesIO) -> Image.Image:
    """Decode the upload, shrunk to fit ``MAX_SIDE``, oriented and in RGB."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=FORMATS) as original:
                pixels, limit = original.width * original.height, pixel_limit(original.format)
                if pixels > limit:
                    raise TooManyPixels(pixels, limit)
                longest = max(original.size)
                if longest > MAX_SIDE:
                    # JPEG only: decode at the smallest 1/2, 1/4 or 1/8 scale still covering MAX_SIDE.
                    wanted = (original.width * MAX_SIDE // longest, original.height * MAX_SIDE // longest)
                    original.draft("RGB", (max(wanted[0], 1), max(wanted[1], 1)))
                original.load()
                # Shrink first, so orienting and converting copy at most MAX_SIDE² pixels.
                original.thumbnail((MAX_SIDE, MAX_SIDE))
                image = ImageOps.exif_transpose(original) or original
                return image.convert("RGB")
    except TooManyPixels:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, ValueError) as error:  # fmt: skip
        raise NotAnImage(str(error)) from None
