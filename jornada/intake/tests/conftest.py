from __future__ import annotations

from typing import Any

import pytest

from jornada.intake.tests.helpers import accepting


@pytest.fixture
def taking(three_orgs: Any) -> Any:
    """Organisation A takes requests from Oaxaca and North Carolina in Spanish and Mixteco; B takes none."""
    accepting(three_orgs.a)
    return three_orgs
