from __future__ import annotations

import pytest

from jornada.directory.tests.factories import CaseFactory, employ
from jornada.directory.tests.factories import EmployerFactory as DirectoryEmployerFactory
from jornada.evidence.publication import publication_store
from jornada.evidence.tests.helpers import reviews, warnings


@pytest.fixture
def mixed_unbuilt(db: None) -> None:
    """Reviews in two states and two years with small and large groups; warnings from two countries."""
    georgia = DirectoryEmployerFactory(state="GA")
    washington = DirectoryEmployerFactory(state="WA")
    # Their DOL records: an apple orchard (H-2A, NAICS 111331) and a landscaper (H-2B, 561730).
    employ(georgia, CaseFactory(naics_code="111331", crop="Apples "))
    employ(washington, CaseFactory(programme="h2b", naics_code="561730", crop=""))
    reviews(30, employer=georgia, fees_charged="yes", documents_kept="yes", work_season="summer")
    reviews(4, employer=georgia, fees_charged="yes", season_year=2024)
    reviews(14, employer=washington, fees_charged="no", threats="yes", work_season="spring")
    reviews(2, employer=washington, threats="yes", season_year=2024)
    warnings(15)
    warnings(3, country="GT", paid="yes")


@pytest.fixture
def mixed(mixed_unbuilt: None) -> None:
    """The same records, with the publication built and kept as ``jornada evidence_build`` does at deploy."""
    publication_store()
