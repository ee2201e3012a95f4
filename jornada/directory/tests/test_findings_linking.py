"""Enforcement findings reach their employer whichever file was imported first."""

from pathlib import Path

import pytest
from django.test import Client

from jornada.directory.models import Debarment, Employer, LinkReason, WhdCase
from jornada.directory.tests.helpers import h2a_row, import_debarments, import_h2a, import_whd, whd_row

pytestmark = pytest.mark.django_db

DEBARMENT = {
    "Program": "H-2A",
    "Entity Debarred": "Green Valley Farms, Inc.",
    "City": "Tifton",
    "State": "GA",
    "Start Date": "2014-01-06",
    "End Date": "2017-01-05",
    "Sources": "oflc-spreadsheet",
    "Notes": "",
}


def test_findings_imported_before_the_employer_are_linked_when_it_arrives(tmp_path: Path) -> None:
    """WHISARD and the debarment list come first; the employer's H-2A file later still shows both."""
    import_whd(tmp_path, [whd_row("1500001", "GREEN VALLEY FARMS INC")])
    import_debarments(tmp_path, [DEBARMENT])
    assert WhdCase.objects.get().employer is None

    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])

    employer = Employer.objects.get()
    finding = WhdCase.objects.get()
    assert finding.employer == employer
    assert finding.link_reason in (LinkReason.SAME_NAME, LinkReason.SIMILAR)
    assert Debarment.objects.get().employer == employer
    assert employer.has_findings
    page = Client().get(f"/es/directory/employers/{employer.slug}/").content.decode()
    assert page.index("Lo que encontró el Departamento de Trabajo") < page.index("Temporada por temporada")


def test_a_finding_staff_unlinked_stays_unlinked(tmp_path: Path) -> None:
    """Staff said this finding is not that employer: a later import does not link it again."""
    import_whd(tmp_path, [whd_row("1500001", "GREEN VALLEY FARMS INC")])
    WhdCase.objects.update(link_reason=LinkReason.MANUAL)

    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])

    assert WhdCase.objects.get().employer is None


def test_a_forced_reimport_links_a_finding_to_its_employer(tmp_path: Path) -> None:
    """Re-reading the WHISARD file after the employer exists sets the link in place (no new row)."""
    import_whd(tmp_path, [whd_row("1500001", "Mountain View Orchards", "WA")])
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    assert WhdCase.objects.get().employer is None
    result = import_whd(tmp_path, [whd_row("1500001", "Green Valley Farms", "GA")], name="whd_whisard_2.csv")
    assert (result.created, result.updated) == (0, 1)
    assert WhdCase.objects.get().employer == Employer.objects.get()
