"""Strict reading of settings from the environment.

Every malformed value is a start-up error that names the variable, so a typo in a deployment
never silently turns a protection off. A secret may also come from a file: ``NAME_FILE`` holds
the path of a file whose content is the value (for Docker or systemd credentials).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    """Typed, strict access to environment variables."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def text(self, name: str, default: str = "") -> str:
        value = self._raw(name)
        return default if value is None else value

    def flag(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0."
        )

    def number(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
        return number

    def items(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self._raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self._raw(name)
        if value is None:
            return default
        if value not in choices:
            raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
        return value

    def path(self, name: str, default: Path) -> Path:
        value = self._raw(name)
        return default if value is None else Path(value).expanduser().resolve()

    def url(self, name: str, default: str, *, schemes: tuple[str, ...]) -> str:
        value = self._raw(name) or default
        scheme = urlsplit(value).scheme
        if scheme not in schemes:
            raise ImproperlyConfigured(
                f"{name} has the scheme {scheme!r}; expected one of: {', '.join(schemes)}."
            )
        return value

    def secret(self, name: str) -> str | None:
        """Return ``name`` or the content of the file named by ``name_FILE``; never both."""
        value = self._raw(name)
        path = self._raw(f"{name}_FILE")
        if value and path:
            raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
        if path:
            try:
                return Path(path).read_text(encoding="utf-8").strip() or None
            except OSError as error:
                raise ImproperlyConfigured(
                    f"{name}_FILE={path!r} cannot be read: {error.strerror}."
                ) from None
        return value


def filesystem_type(path: Path, mounts: Path = Path("/proc/mounts")) -> str | None:
    """Return the type of the file system ``path`` is (or would be) on, from ``/proc/mounts``.

    None when the mount table cannot be read (not Linux). The longest mount point that
    contains the path wins; a path that does not exist yet counts as its nearest parent's.
    """
    try:
        table = mounts.read_text(encoding="utf-8")
    except OSError:
        return None
    target = Path(os.path.realpath(path))
    found: tuple[int, str] | None = None
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # /proc/mounts writes spaces, tabs, newlines and backslashes in octal (\040 ...).
        point = Path(fields[1].encode("latin-1").decode("unicode_escape"))
        if target == point or point in target.parents:
            depth = len(point.parts)
            if found is None or depth >= found[0]:
                found = (depth, fields[2])
    return found[1] if found else None
