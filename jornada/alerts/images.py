"""Screenshots as workers send them, made safe to keep: decoded, re-encoded, stripped of metadata.

An upload is opened with Pillow (anything Pillow cannot read as an image is refused), its
orientation applied, then its pixels alone are written to a new JPEG: EXIF (with GPS position,
camera, time), XMP, ICC profiles, comments and anything appended after the image are gone.
Large images are scaled down to ``MAX_SIDE`` pixels, which keeps chat screenshots readable.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuses decompression bombs long before memory runs out
MAX_SIDE = 2000
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


class NotAnImage(ValueError):
    """The file is not an image Jornada accepts (or is a decompression bomb)."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int


def clean_image(upload: UploadedFile | io.BytesIO) -> CleanImage:
    """Return the upload as a metadata-free JPEG, or raise ``NotAnImage``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=FORMATS) as original:
                if original.width * original.height > MAX_PIXELS:
                    raise NotAnImage("too many pixels")
                original.load()
                image = ImageOps.exif_transpose(original) or original
                image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, ValueError) as error:  # fmt: skip
        raise NotAnImage(str(error)) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image from the pixels alone: nothing of the original file's info dict travels.
    bare = Image.new("RGB", image.size)
    bare.paste(image)
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=80, optimize=True)
    return CleanImage(out.getvalue(), bare.width, bare.height)
