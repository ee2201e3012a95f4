"""Shared fixtures for the DOL parsing tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .helpers import SHARED_DATA_ENV, shared_dol_dir


@pytest.fixture(scope="session")
def dol_dir() -> Path:
    """The shared folder of real DOL files; skips the test when it is absent."""
    folder = shared_dol_dir()
    if not folder.is_dir():
        if os.environ.get("JORNADA_REQUIRE_SHARED_DATA"):
            pytest.fail(f"JORNADA_REQUIRE_SHARED_DATA is set but {folder} is absent")
        pytest.skip(
            f"real DOL files not found at {folder} (looked in ${SHARED_DATA_ENV}/dol, else "
            f"../shared/data/dol beside the repository); set {SHARED_DATA_ENV} to the shared "
            f"'data' folder to run these tests"
        )
    return folder
