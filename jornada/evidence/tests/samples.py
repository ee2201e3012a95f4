"""Examples of the evidence pages with parameters, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import page_sample, staff_sample
from jornada.evidence.publication import publication_store
from jornada.evidence.tests.helpers import reviews
from jornada.reviews.tests.factories import EmployerFactory

STATES = ("GA", "WA", "CA", "NC", "FL", "OR", "NY", "MI")


def _reviews_in_many_states() -> None:
    for i, state in enumerate(STATES):
        employer = EmployerFactory(state=state)
        reviews(12 + i, employer=employer, fees_charged="yes", threats="yes" if i % 2 else "no")
        reviews(1 + i % 3, employer=employer, documents_kept="yes", season_year=2024)
    publication_store()  # as ``jornada evidence_build`` does at deploy: pages never build it


@page_sample("evidence:index")
def evidence_home() -> dict[str, Any]:
    """The home page needs no parameters, only a publication kept (else it says it is being prepared)."""
    _reviews_in_many_states()
    return {}


@page_sample("evidence:source")
def reviews_source() -> dict[str, Any]:
    _reviews_in_many_states()
    return {"source": "reviews"}


@page_sample("evidence:figure")
def reviews_by_state() -> dict[str, Any]:
    """The widest table: problems by US state."""
    _reviews_in_many_states()
    return {"source": "reviews", "kind": "category-state"}


@staff_sample("evidence:org_activity")
def activity_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@staff_sample("evidence:org_activity_download")
def activity_download_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug, "audience": "funders", "extension": "csv"}
