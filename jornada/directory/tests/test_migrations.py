"""Migrations that change stored records: what a database imported before them holds after."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from jornada.core import migration_testing
from jornada.directory.models import SearchWord

BEFORE = [("directory", "0002_search_indexes")]
AFTER = [("directory", "0003_case_recruiter_links_name_people")]


@pytest.fixture
def migrated_back() -> Iterator[Any]:
    """The directory's models as they were before the migration; everything migrated forward after."""
    with migration_testing.migrated_back(BEFORE) as apps:
        yield apps


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

    after = migration_testing.migrate_to(AFTER)
    links = after.get_model("directory", "CaseRecruiter").objects.order_by("id")
    assert list(links.values_list("id", "office_id", "people", "row_key")) == [
        (rows[0].pk, office.pk, "Ana Ruiz\nLuis Paz", "a"),
        (rows[3].pk, other_office.pk, "", "d"),
    ]
    assert after.get_model("directory", "RecruiterPerson").objects.count() == 2


def _indexes() -> list[dict[str, Any]]:
    """Every index and constraint of the directory's tables, as Django introspects them."""
    with connection.cursor() as cursor:
        tables = [
            name for name in connection.introspection.table_names(cursor) if name.startswith("directory_")
        ]
        return [
            {**details, "table": table}
            for table in tables
            for details in connection.introspection.get_constraints(cursor, table).values()
        ]


def _single_column_indexes() -> set[tuple[str, str]]:
    """(table, column) of every index on one column that is neither unique nor a primary key."""
    return {
        (details["table"], details["columns"][0])
        for details in _indexes()
        if details["index"]
        and not details["unique"]
        and not details["primary_key"]
        and len(details["columns"]) == 1
    }


UNUSED = {
    ("directory_employer", "normalised_name"),
    ("directory_recruiter", "normalised_name"),
    ("directory_agent", "normalised_name"),
    ("directory_recruiteroffice", "recruiter_id"),
    ("directory_recruiterperson", "recruiter_id"),
    ("directory_searchentry", "slug"),
}


def _pattern_indexes() -> list[tuple[str, str]]:
    """(table, definition) of PostgreSQL's ``varchar_pattern_ops`` indexes on the directory's tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes"
            " WHERE tablename LIKE 'directory%%' AND indexdef LIKE '%%pattern_ops%%' ORDER BY indexname"
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_the_directory_keeps_no_index_that_no_query_uses():
    """The only prefix index left serves the search box's half-typed words (``word LIKE 'farm%'``)."""
    assert not UNUSED & _single_column_indexes()
    if connection.vendor == "postgresql":
        [(table, definition)] = _pattern_indexes()
        assert table == "directory_searchword"
        assert "(word varchar_pattern_ops)" in definition


@pytest.mark.django_db
def test_what_the_dropped_indexes_served_is_still_indexed():
    indexes = _indexes()
    unique_columns = {
        (details["table"], tuple(details["columns"])) for details in indexes if details["unique"]
    }
    for table in ("directory_employer", "directory_recruiter", "directory_agent"):
        assert (table, ("slug",)) in unique_columns
    assert ("directory_case", ("case_number",)) in unique_columns
    leading = {(details["table"], details["columns"][0]) for details in indexes if details["unique"]}
    assert ("directory_recruiteroffice", "recruiter_id") in leading
    assert ("directory_recruiterperson", "recruiter_id") in leading
    assert ("directory_agent", "normalised_name") in leading


@pytest.mark.django_db(transaction=True)
def test_migrating_back_before_0005_restores_the_indexes_it_dropped():
    with migration_testing.migrated_back([("directory", "0004_case_links_without_redundant_indexes")]):
        assert _single_column_indexes() >= UNUSED
        if connection.vendor == "postgresql":
            assert len(_pattern_indexes()) == 12
    assert not UNUSED & _single_column_indexes()


@pytest.mark.django_db
def test_the_models_need_no_migration_that_is_not_written():
    """Every change to a model has its migration (here: 0005's state matches the fields)."""
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


@pytest.mark.django_db
def test_a_half_typed_word_is_looked_up_by_its_prefix_index():
    """``word LIKE 'fa%'`` (the search box's last, unfinished word) has an index that serves it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner: SQLite looks prefixes up in its in-memory copy of the vocabulary")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = SearchWord.objects.filter(word__startswith="fa").explain()
    assert "Index Cond" in plan
    assert "_like" in plan
