"""Migrations that change stored records: what a database imported before them holds after."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("directory", "0002_search_indexes")]
AFTER = [("directory", "0003_case_recruiter_links_name_people")]


@pytest.fixture
def migrated_back() -> Iterator[Any]:
    """The directory's models as they were before the migration; everything migrated forward after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_appendix_c_rows_of_one_case_and_office_become_one_link_naming_their_people(migrated_back):
    apps = migrated_back
    case = apps.get_model("directory", "Case").objects.create(
        case_number="H-400-22001-000001", programme="h2b"
    )
    recruiter = apps.get_model("directory", "Recruiter").objects.create(
        name="Reclutadora del Norte", slug="reclutadora-del-norte", normalised_name="reclutadora del norte"
    )
    spelling = apps.get_model("directory", "RecruiterName").objects.create(
        recruiter=recruiter,
        name="RECLUTADORA DEL NORTE",
        normalised="reclutadora del norte",
        link_reason="new",
    )
    office, other_office = (
        apps.get_model("directory", "RecruiterOffice").objects.create(recruiter=recruiter, city=city)
        for city in ("Monterrey", "Saltillo")
    )
    person = apps.get_model("directory", "RecruiterPerson").objects
    ana, luis = (
        person.create(recruiter=recruiter, name="Ana Ruiz"),
        person.create(recruiter=recruiter, name="Luis Paz"),
    )
    link = apps.get_model("directory", "CaseRecruiter").objects
    rows = [
        link.create(
            case=case, recruiter=recruiter, recruiter_name=spelling, office=office, person=luis, row_key="a"
        ),
        link.create(
            case=case, recruiter=recruiter, recruiter_name=spelling, office=office, person=ana, row_key="b"
        ),
        link.create(
            case=case, recruiter=recruiter, recruiter_name=spelling, office=office, person=None, row_key="c"
        ),
        link.create(
            case=case, recruiter=recruiter, recruiter_name=spelling, office=other_office, row_key="d"
        ),
    ]

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    after = executor.loader.project_state(AFTER).apps
    links = after.get_model("directory", "CaseRecruiter").objects.order_by("id")
    assert list(links.values_list("id", "office_id", "people", "row_key")) == [
        (rows[0].pk, office.pk, "Ana Ruiz\nLuis Paz", "a"),
        (rows[3].pk, other_office.pk, "", "d"),
    ]
    assert after.get_model("directory", "RecruiterPerson").objects.count() == 2
