"""Uploaded media live in local files or an S3-compatible bucket, read only through the storage API.

The bucket tests run against a real S3-compatible server (moto's, on a localhost port), so the
requests django-storages and boto3 make are the ones a deployment makes.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from moto.server import ThreadedMotoServer
from PIL import Image
from storages.backends.s3 import S3Storage

from jornada.alerts.models import Screenshot
from jornada.alerts.tests.factories import report_data
from jornada.core.storage import media_storage
from jornada.core.tests.factories import UserFactory
from jornada.env import Env
from jornada.rights.tests.factories import make_article, translation
from jornada.rights.tests.test_audio_upload import _needs_ffmpeg, tone_wav

BUCKET = "jornada-media-test"
KEYS = {"JORNADA_S3_ACCESS_KEY_ID": "testing-key", "JORNADA_S3_SECRET_ACCESS_KEY": "testing-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Bucket:
    endpoint: str
    client: Any

    def names(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, name: str) -> bytes:
        return bytes(self.client.get_object(Bucket=BUCKET, Key=name)["Body"].read())


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """An S3-compatible server on a free localhost port, for this module's tests."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server: str, tmp_path: Path) -> Iterator[Bucket]:
    """An empty private bucket that Jornada's default storage writes to, configured as in production."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id=KEYS["JORNADA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["JORNADA_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    environment = Env(
        {
            "JORNADA_MEDIA_STORAGE": "s3",
            "JORNADA_S3_BUCKET": BUCKET,
            "JORNADA_S3_ENDPOINT_URL": s3_server,
            "JORNADA_S3_REGION": "us-east-1",
            "JORNADA_S3_ADDRESSING_STYLE": "path",
            **KEYS,
        }
    )
    storages = {**settings.STORAGES, "default": media_storage(environment)}
    # An empty media folder: anything written there instead of the bucket would show.
    with override_settings(STORAGES=storages, MEDIA_ROOT=tmp_path / "media"):
        yield Bucket(s3_server, client)
    for name in Bucket(s3_server, client).names():
        client.delete_object(Bucket=BUCKET, Key=name)
    client.delete_bucket(Bucket=BUCKET)


def _screenshot() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 120, 40)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.django_db
def test_it_keeps_a_scam_screenshot_in_the_bucket_and_shows_it_to_moderators(
    bucket: Bucket, three_orgs: Any, staff_client: Any, tmp_path: Path
) -> None:
    """A screenshot sent with a report is stored in the bucket and read back by the moderator's view."""
    upload = SimpleUploadedFile("captura.png", _screenshot(), content_type="image/png")
    response = Client().post("/es/alerts/report/", {**report_data(), "screenshots": [upload]})
    assert response.status_code == 200, response.context["form"].errors
    shot = Screenshot.objects.get()
    assert isinstance(default_storage, S3Storage)
    assert bucket.names() == [shot.image.name]
    assert not (tmp_path / "media").exists()
    served = staff_client(three_orgs.alice).get(f"/es/staff/alerts/screenshots/{shot.pk}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == bucket.read(shot.image.name)
    assert Image.open(io.BytesIO(bucket.read(shot.image.name))).size == (80, 60)


@pytest.mark.django_db
def test_it_keeps_a_rights_recording_in_the_bucket_and_serves_it_with_ranges(
    bucket: Bucket, staff_client: Any, tmp_path: Path
) -> None:
    """A recording uploaded in the admin lands in the bucket; the public view serves it whole and by range."""
    _needs_ffmpeg()
    admin = staff_client(UserFactory(is_superuser=True, is_staff=True, name="Admin"))
    article = make_article()
    text = translation(article, "es")
    response = admin.post(
        f"/admin/rights/articletranslation/{text.pk}/change/",
        {
            "language_name": "",
            "title": text.title,
            "summary": text.summary,
            "body_markdown": text.body_markdown,
            "recording": SimpleUploadedFile("voz.wav", tone_wav()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text.refresh_from_db()
    assert bucket.names() == [text.audio.name]
    assert not (tmp_path / "media").exists()
    stored = bucket.read(text.audio.name)
    whole = Client().get(f"/derechos/{article.slug}/es.ogg")
    assert whole.status_code == 200
    assert whole.content == stored
    part = Client().get(f"/derechos/{article.slug}/es.ogg", HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206
    assert part.content == stored[:100]
    bucket.client.delete_object(Bucket=BUCKET, Key=text.audio.name)
    assert Client().get(f"/derechos/{article.slug}/es.ogg").status_code == 404


@pytest.mark.django_db
def test_it_keeps_printables_in_the_bucket(bucket: Bucket, tmp_path: Path) -> None:
    """A printable is made once into the bucket, then served from it."""
    article = make_article()
    translation(article, "es")
    first = Client().get(f"/derechos/{article.slug}/es.pdf")
    assert first.status_code == 200
    [name] = bucket.names()
    assert name.endswith(".pdf")
    assert bucket.read(name) == first.content
    assert not (tmp_path / "media").exists()
    assert Client().get(f"/derechos/{article.slug}/es.pdf").content == first.content


def test_it_keeps_media_in_the_data_folder_by_default() -> None:
    """Without JORNADA_MEDIA_STORAGE, uploads go to local files."""
    assert media_storage(Env({})) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_it_reads_every_s3_setting_and_secrets_from_files(tmp_path: Path) -> None:
    """The bucket settings become django-storages options; keys may come from *_FILE paths."""
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    options = media_storage(
        Env(
            {
                "JORNADA_MEDIA_STORAGE": "s3",
                "JORNADA_S3_BUCKET": "media",
                "JORNADA_S3_ENDPOINT_URL": "https://s3.example.org",
                "JORNADA_S3_REGION": "eu-west-1",
                "JORNADA_S3_PREFIX": "/jornada/",
                "JORNADA_S3_ADDRESSING_STYLE": "path",
                "JORNADA_S3_ACCESS_KEY_ID": "AKIA-EXAMPLE",
                "JORNADA_S3_SECRET_ACCESS_KEY_FILE": str(secret),
            }
        )
    )
    assert options["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["OPTIONS"] == {
        "bucket_name": "media",
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu-west-1",
        "access_key": "AKIA-EXAMPLE",
        "secret_key": "s3cr3t",
        "location": "jornada",
        "addressing_style": "path",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
    }


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"JORNADA_MEDIA_STORAGE": "ftp"}, "JORNADA_MEDIA_STORAGE='ftp' must be one of: file, s3"),
        ({"JORNADA_MEDIA_STORAGE": "s3"}, "JORNADA_MEDIA_STORAGE=s3 needs JORNADA_S3_BUCKET"),
        (
            {"JORNADA_MEDIA_STORAGE": "s3", "JORNADA_S3_BUCKET": "b", "JORNADA_S3_ACCESS_KEY_ID": "k"},
            "Set both JORNADA_S3_ACCESS_KEY_ID and JORNADA_S3_SECRET_ACCESS_KEY",
        ),
        (
            {"JORNADA_MEDIA_STORAGE": "s3", "JORNADA_S3_BUCKET": "b", "JORNADA_S3_ENDPOINT_URL": "s3.local"},
            "JORNADA_S3_ENDPOINT_URL has the scheme ''",
        ),
        (
            {"JORNADA_MEDIA_STORAGE": "s3", "JORNADA_S3_BUCKET": "b", "JORNADA_S3_ADDRESSING_STYLE": "dns"},
            "JORNADA_S3_ADDRESSING_STYLE='dns' must be one of",
        ),
        ({"JORNADA_S3_BUCKET": "b"}, "JORNADA_S3_BUCKET set, but JORNADA_MEDIA_STORAGE is not s3"),
    ],
)
def test_it_refuses_an_unclear_storage_setting(environment: dict[str, str], message: str) -> None:
    """A typo or a half-given bucket configuration stops start-up with a message naming the variable."""
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(")):
        media_storage(Env(environment))
