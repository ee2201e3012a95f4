"""Examples of the cases app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.cases.tests.helpers import open_case
from jornada.core.testing import staff_sample


@staff_sample("cases:detail")
def case_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": open_case(orgs.a, orgs.alice).pk}


@staff_sample("cases:settings")
def settings_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}
