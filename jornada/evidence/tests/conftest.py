from __future__ import annotations

import pytest

from jornada.evidence.publication import publication_store
from jornada.evidence.tests.helpers import reviews, warnings
from jornada.reviews.tests.factories import EmployerFactory


@pytest.fixture
def mixed_unbuilt(db: None) -> None:
    """Reviews in two states and two years with small and large groups; warnings from two countries."""
    georgia = EmployerFactory(state="GA")
    washington = EmployerFactory(state="WA")
    reviews(30, employer=georgia, fees_charged="yes", documents_kept="yes")
    reviews(4, employer=georgia, fees_charged="yes", season_year=2024)
    reviews(14, employer=washington, fees_charged="no", threats="yes")
    reviews(2, employer=washington, threats="yes", season_year=2024)
    warnings(15)
    warnings(3, country="GT", paid="yes")


@pytest.fixture
def mixed(mixed_unbuilt: None) -> None:
    """The same records, with the publication built and kept as ``jornada evidence_build`` does at deploy."""
    publication_store()
