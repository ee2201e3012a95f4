"""Screenshots are decoded within a bounded amount of memory, whatever size or number arrives."""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageFile

from jornada.alerts import images
from jornada.alerts.models import ScamReport
from jornada.alerts.tests.factories import report_data


def _encoded(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format)
    return out.getvalue()


@pytest.mark.django_db
def test_it_refuses_an_image_with_too_many_pixels_with_a_translated_message() -> None:
    """A PNG over the pixel limit (small as a file) is refused before decoding, saying the limit."""
    huge = _encoded(Image.new("1", (5000, 4000)), "PNG")  # 20 megapixels in a few kilobytes
    assert len(huge) < 100_000
    upload = SimpleUploadedFile("captura.png", huge, content_type="image/png")
    response = Client().post("/es/alerts/report/", {**report_data(), "screenshots": [upload]})
    assert response.status_code == 422
    [error] = response.context["form"].errors.as_data()["screenshots"]
    assert error.code == "too_many_pixels"
    assert error.params == {"name": "captura.png", "megapixels": 20, "limit": 16}
    assert "megapíxeles" in response.content.decode()
    assert not ScamReport.objects.exists()


def test_it_decodes_a_large_photo_at_a_reduced_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4800×3200 JPEG is decoded at half size (JPEG draft mode), never whole, then fits 2000 px."""
    photo = _encoded(Image.new("RGB", (4800, 3200), (120, 80, 40)), "JPEG")
    decoded: list[tuple[int, int]] = []
    file_load = ImageFile.ImageFile.load

    def spying_file_load(self: Any) -> Any:
        decoded.append(self.size)
        return file_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spying_file_load)
    clean = images.clean_image(io.BytesIO(photo))
    assert (clean.width, clean.height) == (2000, 1333)
    assert decoded
    assert max(width * height for width, height in decoded) == 2400 * 1600


def test_it_decodes_one_upload_at_a_time_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several visitors' uploads at once are decoded in turn, so their memory never adds up."""
    running = 0
    most = 0
    lock = threading.Lock()
    decode = images._decode

    def slow_decode(upload: Any) -> Image.Image:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        try:
            return decode(upload)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(images, "_decode", slow_decode)
    screenshot = _encoded(Image.new("RGB", (300, 200), (1, 2, 3)), "PNG")
    threads = [threading.Thread(target=images.clean_image, args=(io.BytesIO(screenshot),)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == images.DECODE_SLOTS == 1
