from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jornada.core.models import AuditEvent
from jornada.core.tests.factories import UserFactory
from jornada.directory.models import CaseEmployer, Employer, EmployerName, LinkReason, SearchEntry
from jornada.directory.services.merging import employer_split, employers_merge, recruiter_split
from jornada.directory.tests.factories import EmployerFactory, RecruiterFactory
from jornada.directory.tests.helpers import h2a_row, import_h2a

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_spellings(tmp_path: Path) -> tuple[Employer, Employer]:
    """Two records that staff know to be one employer (the importer could not tell)."""
    import_h2a(
        tmp_path,
        2017,
        [
            h2a_row("H-300-17001-000001", "Sunrise Harvest", "FL"),
            h2a_row("H-300-17001-000002", "Sun Rise Harvesting Crew", "FL"),
        ],
    )
    return Employer.objects.get(name="Sunrise Harvest"), Employer.objects.get(name="Sun Rise Harvesting Crew")


def test_it_merges_and_records_why(two_spellings: tuple[Employer, Employer], tmp_path: Path) -> None:
    """Cases and spellings move to the target, the link is marked manual, the merge is audited, and it survives a re-import."""
    target, other = two_spellings
    staff = UserFactory(is_superuser=True)
    employers_merge(target=target, others=[other], actor=staff)
    assert Employer.objects.count() == 1
    target.refresh_from_db()
    assert target.cases_count == 2
    assert EmployerName.objects.get(name="Sun Rise Harvesting Crew").link_reason == LinkReason.MANUAL
    assert AuditEvent.objects.filter(action="directory.employer_merged", actor=staff).count() == 1
    assert SearchEntry.objects.filter(kind="employer").count() == 1
    import_h2a(tmp_path, 2018, [h2a_row("H-300-18001-000002", "Sun Rise Harvesting Crew", "FL")], quarter=1)
    assert Employer.objects.count() == 1
    assert target.case_links.count() == 3


def test_it_splits_names_with_their_cases(two_spellings: tuple[Employer, Employer]) -> None:
    """A wrongly linked spelling leaves with its cases into a new employer; the split is audited."""
    target, other = two_spellings
    staff = UserFactory(is_superuser=True)
    employers_merge(target=target, others=[other], actor=staff)
    new = employer_split(names=EmployerName.objects.filter(name="Sun Rise Harvesting Crew"), actor=staff)
    assert CaseEmployer.objects.get(employer=new).case.case_number == "H-300-17001-000002"
    assert Employer.objects.get(pk=target.pk).cases_count == 1
    assert AuditEvent.objects.filter(action="directory.employer_split").exists()


def test_staff_merge_and_split_from_the_admin(
    two_spellings: tuple[Employer, Employer], staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The admin's actions merge into the record with the most applications and split spellings off."""
    target, other = two_spellings
    admin = staff_client(UserFactory(is_superuser=True, is_staff=True, name="Admin"))
    alone = admin.post(
        "/admin/directory/employer/",
        {"action": "merge_selected", "_selected_action": [target.pk]},
        follow=True,
    )
    assert "Selecciona al menos dos patrones para unir." in alone.content.decode()
    assert Employer.objects.count() == 2
    merged = admin.post(
        "/admin/directory/employer/",
        {"action": "merge_selected", "_selected_action": [target.pk, other.pk]},
        follow=True,
    )
    assert "Se unieron en Sunrise Harvest." in merged.content.decode()
    assert Employer.objects.count() == 1
    name = EmployerName.objects.get(name="Sun Rise Harvesting Crew")
    split = admin.post(
        "/admin/directory/employername/",
        {"action": "split_selected", "_selected_action": [name.pk]},
        follow=True,
    )
    assert "Se creó Sun Rise Harvesting Crew con los nombres seleccionados." in split.content.decode()
    assert Employer.objects.count() == 2
    assert AuditEvent.objects.filter(action="directory.employer_split").exists()


@pytest.mark.parametrize(
    ("split", "factory", "mixed_code"),
    [
        (employer_split, EmployerFactory, "mixed_employers"),
        (recruiter_split, RecruiterFactory, "mixed_recruiters"),
    ],
)
def test_a_split_refuses_what_cannot_be_split(split: Any, factory: Any, mixed_code: str) -> None:
    """No names, names of two records, or a record's every name: refused with a reason, nothing changed."""
    staff = UserFactory(is_superuser=True)
    first, second = factory(), factory()
    for names, code in (
        ([], "no_names"),
        ([first.names.get(), second.names.get()], mixed_code),
        ([first.names.get()], "last_name"),
    ):
        with pytest.raises(ValidationError) as error:
            split(names=names, actor=staff)
        assert error.value.code == code
    assert type(first).objects.count() == 2
