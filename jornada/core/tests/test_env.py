from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jornada.env import Env, filesystem_type


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("ON", True), ("0", False), ("no", False)])
def test_it_reads_booleans(raw: str, expected: bool) -> None:
    """The usual spellings of true and false are accepted."""
    assert Env({"X": raw}).flag("X", default=not expected) is expected


@pytest.mark.parametrize(
    ("method", "raw", "message"),
    [
        ("flag", "maybe", "JORNADA_X='maybe' is not a boolean"),
        ("number", "ten", "JORNADA_X='ten' is not a whole number"),
        ("number", "-1", "JORNADA_X=-1 is below the minimum of 0"),
    ],
)
def test_it_names_the_variable_of_a_malformed_value(method: str, raw: str, message: str) -> None:
    """A malformed value raises ImproperlyConfigured naming the variable and the value."""
    env = Env({"JORNADA_X": raw})
    read = (
        (lambda: env.number("JORNADA_X", default=1, minimum=0))
        if method == "number"
        else (lambda: env.flag("JORNADA_X", default=False))
    )
    with pytest.raises(ImproperlyConfigured, match=message):
        read()


def test_it_reads_a_secret_from_a_file(tmp_path: Path) -> None:
    """NAME_FILE points at a file whose content is the secret."""
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    assert Env({"JORNADA_SECRET_KEY_FILE": str(secret)}).secret("JORNADA_SECRET_KEY") == "s3cret"
    with pytest.raises(ImproperlyConfigured, match="not both"):
        Env({"JORNADA_SECRET_KEY_FILE": str(secret), "JORNADA_SECRET_KEY": "x"}).secret("JORNADA_SECRET_KEY")
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        Env({"JORNADA_SECRET_KEY_FILE": str(tmp_path / "missing")}).secret("JORNADA_SECRET_KEY")


def test_it_refuses_an_unknown_url_scheme() -> None:
    """A database URL of an unsupported kind is named in the error."""
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL has the scheme 'mysql'"):
        Env({"DATABASE_URL": "mysql://x"}).url("DATABASE_URL", "sqlite://", schemes=("sqlite", "postgres"))


def test_it_finds_the_file_system_of_a_path_from_the_mount_table(tmp_path: Path) -> None:
    """The longest mount point containing the path decides; octal escapes are read; no table: None."""
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/vda / ext4 rw 0 0\ntmpfs /dev/shm tmpfs rw 0 0\ntmpfs /run/my\\040app tmpfs rw 0 0\n"
    )
    assert filesystem_type(Path("/dev/shm/jornada-x/not-yet"), mounts) == "tmpfs"  # noqa: S108
    assert filesystem_type(Path("/dev/shmother"), mounts) == "ext4"  # noqa: S108
    assert filesystem_type(Path("/run/my app/key"), mounts) == "tmpfs"
    assert filesystem_type(Path("/var/lib/jornada"), mounts) == "ext4"
    assert filesystem_type(Path("/x"), tmp_path / "absent") is None
