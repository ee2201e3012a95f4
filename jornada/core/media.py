"""Files kept beside anonymous contributions: no time finer than the month, no telling name.

A file's name is random (``uuid4``: no time, no order), and its access and modification times,
and its folder's, are set to the first day of the month (UTC), as the contribution's own date
is. Every writer of contribution media goes through ``contribution_media_save`` and
``contribution_media_delete``.

What this cannot reach: the inode's change time (ctime) is set by the kernel on every write
and cannot be changed; reading a file moves its access time unless the media folder is mounted
``noatime``; a remote storage (S3) keeps its own upload times. See the README.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.utils import timezone


def month_start(moment: dt.datetime | None = None) -> float:
    """Unix time of the first instant (UTC) of the month ``moment`` (default: now) falls in."""
    moment = (moment or timezone.now()).astimezone(dt.UTC)
    return dt.datetime(moment.year, moment.month, 1, tzinfo=dt.UTC).timestamp()


def _local_path(storage: Storage, name: str) -> Path | None:
    try:
        return Path(storage.path(name))
    except NotImplementedError:  # a remote storage: it has no file times to change
        return None


def _coarsen(path: Path) -> None:
    moment = month_start()
    os.utime(path, (moment, moment))


def contribution_media_save(file: FieldFile, content: File, *, suffix: str = "") -> str:
    """Save ``content`` into ``file`` under a random name, its times (and its folder's) set to the month."""
    file.save(f"{uuid.uuid4().hex}{suffix}", content, save=False)
    path = _local_path(file.storage, file.name or "")
    if path is not None:
        _coarsen(path)
        _coarsen(path.parent)
    return str(file.name)


def contribution_media_delete(storage: Storage, name: str) -> None:
    """Delete a contribution's file; its folder's times go back to the month's first day."""
    storage.delete(name)
    path = _local_path(storage, name)
    if path is not None and path.parent.is_dir():
        _coarsen(path.parent)
