"""Examples of the network's staff pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import staff_sample


@staff_sample("network:directory_entry")
def entry_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}
