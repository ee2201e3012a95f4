"""Chosen notes go with a referral: only those, on every view, the letter and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jornada.cases.models import CaseNote
from jornada.cases.services import case_note_add
from jornada.cases.tests.helpers import NOTE
from jornada.conftest import ThreeOrganisations
from jornada.referrals.services import referral_accept, referral_letter_record, referral_send
from jornada.referrals.tests.helpers import full_case, send
from jornada.referrals.tests.test_referral_pages import _text
from jornada.vocabulary.models import Category

SECRET = "Nota-Secreta-8Z: no compartir"


def test_it_shares_only_the_chosen_note(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """The first note goes; the second never reaches B's page or API, and B's own case gets the first."""
    case = full_case(three_orgs.a, three_orgs.alice)
    case_note_add(actor=three_orgs.alice, case=case, text=SECRET)
    first = CaseNote.objects.filter(case=case).order_by("created_at", "id").first()
    assert first is not None
    referral = send(case, three_orgs.alice, three_orgs.b, fields=["worker_name"])
    assert referral.note_ids == []
    referral = referral_send(
        actor=three_orgs.alice,
        case=case,
        receiver=three_orgs.b,
        topic=Category.objects.get(code="wage-theft"),
        fields=["worker_name"],
        note_ids=[first.pk],
    )
    assert referral.fields == ["worker_name", "notes"]
    bob = staff_client(three_orgs.bob)
    for url in (
        reverse("referrals:received", kwargs={"pk": referral.pk}),
        f"/api/v1/staff/referrals/{referral.pk}",
    ):
        text = _text(bob.get(url))
        assert "Nota-Unica-7Q" in text, url
        assert "Nota-Secreta-8Z" not in text, url
    referral_accept(actor=three_orgs.bob, referral=referral, open_case=True)
    referral.refresh_from_db()
    own_notes = CaseNote.objects.filter(case=referral.receiver_case)
    assert own_notes.count() == 1


def test_it_refuses_a_note_of_another_case(three_orgs: ThreeOrganisations) -> None:
    """A note id from another case (even of the same organisation) is refused, nothing sent."""
    case = full_case(three_orgs.a, three_orgs.alice)
    other = full_case(three_orgs.a, three_orgs.alice)
    foreign = CaseNote.objects.filter(case=other).first()
    assert foreign is not None
    with pytest.raises(ValidationError) as caught:
        referral_letter_record(
            actor=three_orgs.alice,
            case=case,
            partner_name="Clínica",
            fields=["worker_name"],
            note_ids=[foreign.pk],
        )
    assert caught.value.error_dict["notes"][0].code == "note_not_in_case"


def test_it_prints_the_chosen_note_in_the_letter(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """The letter carries the chosen note and not the other one."""
    case = full_case(three_orgs.a, three_orgs.alice)
    case_note_add(actor=three_orgs.alice, case=case, text=SECRET)
    first = CaseNote.objects.filter(case=case).order_by("created_at", "id").first()
    assert first is not None
    referral = referral_letter_record(
        actor=three_orgs.alice, case=case, partner_name="Clínica", fields=[], note_ids=[first.pk]
    )
    text = _text(staff_client(three_orgs.alice).get(reverse("referrals:letter", kwargs={"pk": referral.pk})))
    assert NOTE.split(":")[0] in text
    assert "Nota-Secreta-8Z" not in text


def test_it_offers_the_cases_notes_by_date_and_author_on_the_form(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """The referral form lists the case's notes without opening their text, and sends the ticked one."""
    case = full_case(three_orgs.a, three_orgs.alice)
    page = staff_client(three_orgs.alice).get(reverse("referrals:new", kwargs={"pk": case.pk}))
    text = page.content.decode()
    assert 'name="notes"' in text
    assert "Nota-Unica-7Q" not in text
