"""Parties (directory records, or sealed typed names) and categories pinned to their version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.models import CaseCategory, CaseParty
from jornada.cases.selectors import case_personal_read
from jornada.cases.tests.helpers import open_case, table_dump
from jornada.cases.workflow import case_categories_set, case_party_add
from jornada.conftest import ThreeOrganisations
from jornada.directory.tests.factories import EmployerFactory, RecruiterFactory
from jornada.vocabulary.models import Category
from jornada.vocabulary.services import category_retire, category_save

TYPED = "Capataz Nombre-Unico-9Z"


def test_it_links_directory_records_and_seals_typed_names(three_orgs: ThreeOrganisations) -> None:
    """An employer from the directory is linked; a foreman's typed name is only in the table sealed."""
    case = open_case(three_orgs.a, three_orgs.alice)
    employer = EmployerFactory(name="Huertas del Norte LLC")
    case_party_add(actor=three_orgs.alice, case=case, role="employer", employer=employer)
    case_party_add(actor=three_orgs.alice, case=case, role="foreman", name=TYPED)
    assert TYPED.encode() not in table_dump(CaseParty._meta.db_table)
    parties = case_personal_read(user=three_orgs.alice, case_id=case.pk).parties
    assert [(p.role, p.name, p.in_directory) for p in parties] == [
        ("employer", "Huertas del Norte LLC", True),
        ("foreman", TYPED, False),
    ]


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"role": "foreman", "name": ""}, "name", "required"),
        ({"role": "boss", "name": "x"}, "role", "invalid_choice"),
        ({"role": "foreman", "name": "x" * 201}, "party_name", "too_long"),
        ({"role": "foreman", "name": "a\x00b"}, "party_name", "control_characters"),
    ],
)
def test_it_refuses_bad_parties(
    three_orgs: ThreeOrganisations, fields: dict[str, str], field: str, code: str
) -> None:
    """Each bad input names its field with a code, and nothing is written."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError) as caught:
        case_party_add(actor=three_orgs.alice, case=case, **fields)
    assert caught.value.error_dict[field][0].code == code
    assert not CaseParty.objects.exists()


def test_it_refuses_a_recruiter_under_the_employer_role(three_orgs: ThreeOrganisations) -> None:
    """A directory recruiter is only a recruiter party."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError):
        case_party_add(actor=three_orgs.alice, case=case, role="employer", recruiter=RecruiterFactory())
    assert not CaseParty.objects.exists()


def test_it_pins_categories_to_their_version(three_orgs: ThreeOrganisations) -> None:
    """A category keeps the version it had when filed, even after the vocabulary is edited."""
    case = open_case(three_orgs.a, three_orgs.alice)
    fees = Category.objects.get(code="recruitment-fees")
    case_categories_set(actor=three_orgs.alice, case=case, codes=["recruitment-fees", "wage-theft"])
    filed = CaseCategory.objects.get(case=case, category=fees).category_version
    fees.staff_label_en = "Recruitment fees charged (edited)"
    category_save(category=fees, by=three_orgs.alice)
    case_categories_set(actor=three_orgs.alice, case=case, codes=["recruitment-fees"])
    assert CaseCategory.objects.get(case=case).category_version == filed
    assert Category.objects.get(code="recruitment-fees").version == filed + 1


def test_it_refuses_unknown_and_newly_retired_categories(three_orgs: ThreeOrganisations) -> None:
    """An unknown code or a retired category cannot be added; a retired one already filed may stay."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_categories_set(actor=three_orgs.alice, case=case, codes=["housing"])
    category_retire(category=Category.objects.get(code="housing"), by=three_orgs.alice)
    category_retire(category=Category.objects.get(code="transport"), by=three_orgs.alice)
    for codes in (["no-such-thing"], ["housing", "transport"]):
        with pytest.raises(ValidationError) as caught:
            case_categories_set(actor=three_orgs.alice, case=case, codes=codes)
        assert caught.value.error_dict["categories"][0].code == "invalid_choice"
    case_categories_set(actor=three_orgs.alice, case=case, codes=["housing", "wage-theft"])
    assert set(CaseCategory.objects.values_list("category__code", flat=True)) == {"housing", "wage-theft"}
