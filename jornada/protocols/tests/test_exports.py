"""GBVIMS-style and HTCDS-named exports: consenting cases only, nothing identifying, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jornada.cases.consent import case_consent_record, case_consent_withdraw
from jornada.cases.models import ConsentMethod, ConsentPurpose
from jornada.cases.tests.helpers import CONTACT, NAME, NARRATIVE
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User
from jornada.protocols.exports import GBVIMS_COLUMNS, HTCDS_COLUMNS, age_group, gbvims_rows, htcds_rows
from jornada.protocols.models import ProtocolStepRecord
from jornada.protocols.services import protocol_step_approve, protocol_step_complete
from jornada.protocols.tests.helpers import TEXT, answers_for, protocol_case

StaffClient = Callable[[User], Client]
INCIDENT = {
    "penetration": "no",
    "sexual_contact": "no",
    "physical_assault": "yes",
    "perpetrator_relationship": "intimate_partner",
    "survivor_age": 31,
}


def _done(case, actor, key, **answers):  # type: ignore[no-untyped-def]
    step = ProtocolStepRecord.objects.get(protocol__case=case, step__key=key).step
    return protocol_step_complete(actor=actor, case=case, step_key=key, answers=answers_for(step, **answers))


def _gbv_case(orgs: ThreeOrganisations, *, consent: bool):  # type: ignore[no-untyped-def]
    case = protocol_case(orgs.a, orgs.charlie, "gender-based-violence")
    if consent:
        case_consent_record(
            actor=orgs.charlie, case=case, purpose=ConsentPurpose.REPORTING, method=ConsentMethod.VERBAL
        )
    _done(case, orgs.charlie, "first-contact")
    _done(case, orgs.charlie, "incident", **INCIDENT)
    return case


def _trafficking_case(orgs: ThreeOrganisations):  # type: ignore[no-untyped-def]
    case = protocol_case(orgs.a, orgs.charlie, "trafficking")
    case_consent_record(
        actor=orgs.charlie, case=case, purpose=ConsentPurpose.REPORTING, method=ConsentMethod.WRITTEN
    )
    _done(case, orgs.charlie, "first-contact")
    _done(case, orgs.charlie, "screening", methods_of_control=["debt_bondage", "withholding_documents"])
    _done(case, orgs.charlie, "exploitation", industry="agriculture", visa="h2a")
    _done(case, orgs.charlie, "cooperation-decision", consents_to_cooperate="no", reason_without=TEXT)
    protocol_step_approve(actor=orgs.alice, case=case, step_key="cooperation-decision")
    return case


def test_it_exports_a_consenting_gbv_case_classified_and_leaves_out_the_others(
    three_orgs: ThreeOrganisations,
) -> None:
    """One row for the consenting case (physical assault, intimate partner, 26-40); none without consent."""
    _gbv_case(three_orgs, consent=True)
    _gbv_case(three_orgs, consent=False)
    rows = gbvims_rows(organisation=three_orgs.a)
    assert rows[0] == [name for name, _doc in GBVIMS_COLUMNS]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["incident_type"] == "physical_assault"
    assert row["context"] == "intimate_partner_violence"
    assert row["survivor_age_group"] == "26-40"
    assert row["caseworker_code"] != str(three_orgs.charlie.pk)


def test_it_drops_a_case_once_its_reporting_consent_is_withdrawn(three_orgs: ThreeOrganisations) -> None:
    """A withdrawn consent to reporting takes the case out of the next export."""
    case = _gbv_case(three_orgs, consent=True)
    consent = case.consents.get(purpose=ConsentPurpose.REPORTING)
    case_consent_withdraw(actor=three_orgs.charlie, consent=consent)
    assert len(gbvims_rows(organisation=three_orgs.a)) == 1


def test_it_exports_htcds_fields_for_a_trafficking_case(three_orgs: ThreeOrganisations) -> None:
    """Methods of control, industry, visa and the refusal to cooperate, never the reason given."""
    _trafficking_case(three_orgs)
    rows = htcds_rows(organisation=three_orgs.a)
    assert rows[0] == [name for name, _doc in HTCDS_COLUMNS]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["hte_methods_of_control"] == "debt_bondage;withholding_documents"
    assert row["hte_labor_industry"] == "agriculture"
    assert row["hte_visa_type"] == "h2a"
    assert row["cas_law_enforcement_cooperation"] == "no"


def test_it_puts_no_name_contact_free_text_or_exact_date_in_either_format(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Both exports, as CSV and XLSX, hold none of the marker texts and no full date; each download is audited."""
    _gbv_case(three_orgs, consent=True)
    _trafficking_case(three_orgs)
    client = staff_client(three_orgs.alice)
    for kind in ("gbvims", "htcds"):
        text = client.get(reverse("protocols:export", args=[three_orgs.a.slug, kind, "csv"])).content.decode()
        book = load_workbook(
            io.BytesIO(
                client.get(reverse("protocols:export", args=[three_orgs.a.slug, kind, "xlsx"])).content
            )
        )
        cells = [
            str(cell) for row in book.active.iter_rows(values_only=True) for cell in row if cell is not None
        ]
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 2
        assert cells == [cell for row in rows for cell in row if cell != ""]
        for marker in (NAME, CONTACT, NARRATIVE, TEXT, "Sobreviviente"):
            assert marker not in text
            assert marker not in " ".join(cells)
        assert not any(len(cell) == 10 and cell[4] == "-" and cell[7] == "-" for cell in cells)
    assert AuditEvent.objects.filter(action="protocol.exported", actor=three_orgs.alice).count() == 4


def test_it_refuses_exports_to_another_organisation_and_to_advocates(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """bob gets a 404 for A's export; charlie, an advocate of A, is refused."""
    _gbv_case(three_orgs, consent=True)
    url = reverse("protocols:export", args=[three_orgs.a.slug, "gbvims", "csv"])
    assert staff_client(three_orgs.bob).get(url).status_code == 404
    assert staff_client(three_orgs.charlie).get(url).status_code == 403


def test_it_groups_ages_the_gbvims_way() -> None:
    """Ages become the GBVIMS groups; an unknown age stays empty."""
    assert [age_group(age) for age in (5, 11, 12, 17, 18, 40, 41, 61, None)] == [
        "0-11",
        "0-11",
        "12-17",
        "12-17",
        "18-25",
        "26-40",
        "41-60",
        "61+",
        "",
    ]
