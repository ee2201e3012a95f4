"""Where uploaded media (scam screenshots, rights recordings, printables) are kept.

``JORNADA_MEDIA_STORAGE=file`` (the default) keeps them in the data folder, which suits one
machine. Several app servers behind a load balancer need a shared store: ``s3`` keeps them in a
bucket of any S3-compatible service (AWS S3, MinIO, Garage, Ceph, ...) through django-storages.
Nothing is ever served from the bucket directly: every read goes through a Jornada view that
checks who asks, so the bucket stays private and no object URL is ever handed out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from jornada.env import Env

S3_VARIABLES = (
    "JORNADA_S3_BUCKET",
    "JORNADA_S3_ENDPOINT_URL",
    "JORNADA_S3_REGION",
    "JORNADA_S3_PREFIX",
    "JORNADA_S3_ADDRESSING_STYLE",
    "JORNADA_S3_ACCESS_KEY_ID",
    "JORNADA_S3_ACCESS_KEY_ID_FILE",
    "JORNADA_S3_SECRET_ACCESS_KEY",
    "JORNADA_S3_SECRET_ACCESS_KEY_FILE",
)


def media_storage(env: Env) -> dict[str, Any]:
    """Return the ``STORAGES["default"]`` entry the environment asks for; refuse anything unclear."""
    kind = env.choice("JORNADA_MEDIA_STORAGE", ("file", "s3"), default="file")
    if kind == "file":
        stray = [name for name in S3_VARIABLES if env.text(name)]
        if stray:
            raise ImproperlyConfigured(
                f"{', '.join(stray)} set, but JORNADA_MEDIA_STORAGE is not s3: "
                "set JORNADA_MEDIA_STORAGE=s3 or remove them."
            )
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options(env)}


def _s3_options(env: Env) -> dict[str, Any]:
    bucket = env.text("JORNADA_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("JORNADA_MEDIA_STORAGE=s3 needs JORNADA_S3_BUCKET.")
    access_key = env.secret("JORNADA_S3_ACCESS_KEY_ID")
    secret_key = env.secret("JORNADA_S3_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both JORNADA_S3_ACCESS_KEY_ID and JORNADA_S3_SECRET_ACCESS_KEY (or their _FILE "
            "forms), or neither to use the machine's own credentials (an instance role)."
        )
    endpoint = env.text("JORNADA_S3_ENDPOINT_URL")
    if endpoint:
        endpoint = env.url("JORNADA_S3_ENDPOINT_URL", default="", schemes=("https", "http"))
    prefix = env.text("JORNADA_S3_PREFIX").strip("/")
    addressing = env.choice("JORNADA_S3_ADDRESSING_STYLE", ("auto", "path", "virtual"), default="auto")
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env.text("JORNADA_S3_REGION") or None,
        "access_key": access_key,
        "secret_key": secret_key,
        "location": prefix,
        "addressing_style": None if addressing == "auto" else addressing,
        # Like the file system: a name already taken gets a suffix; nothing is overwritten.
        "file_overwrite": False,
        # The bucket's own policy decides (it must stay private); no public-read ACL is sent.
        "default_acl": None,
        "querystring_auth": True,
    }
