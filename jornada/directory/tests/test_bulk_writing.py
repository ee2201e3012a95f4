"""The importers' bulk helpers: what they write and read back, whichever path they take."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from jornada.directory.models import Agent, Case, Employer, SearchEntry, SearchWord
from jornada.directory.search import search
from jornada.directory.services import refresh, writing
from jornada.directory.services.refresh import search_entries_refresh, vocabulary_add
from jornada.directory.services.writing import (
    Upsert,
    fast_insert,
    fast_update,
    items_key,
    model_defaults,
    row_key,
    rows_for,
)
from jornada.directory.tests.factories import CaseFactory, EmployerFactory, employ

pytestmark = pytest.mark.django_db


def _agent(name: str, **values: object) -> dict[str, object]:
    return {
        **model_defaults(Agent),
        "name": name,
        "slug": name.lower().replace(" ", "-"),
        "normalised_name": name.lower(),
        **values,
    }


def test_fast_insert_gives_each_new_row_its_own_id_and_ignores_older_rows_with_the_same_key():
    older = Agent.objects.create(name="Older", slug="older", normalised_name="same", state="NC")
    rows = [_agent("First", normalised_name="same"), _agent("Second", normalised_name="other")]

    fast_insert(Agent, rows, key=("normalised_name",))

    assert [row["id"] for row in rows] == list(
        Agent.objects.filter(slug__in=["first", "second"]).order_by("id").values_list("id", flat=True)
    )
    assert older.pk not in {row["id"] for row in rows}
    assert Agent.objects.get(pk=rows[0]["id"]).name == "First"


def test_fast_insert_and_update_store_timestamps_decimals_and_dates_as_django_would():
    moment = timezone.make_aware(dt.datetime(2024, 5, 1, 12, 30))
    rows = [
        {"case_number": "H-300-1", "programme": "h2a", "fiscal_year": 2024, "wage_offered": Decimal("14.50")},
        {"case_number": "H-300-2", "programme": "h2a", "fiscal_year": 2024, "wage_offered": None},
    ]
    upsert = Upsert(Case, key=("case_number",))
    for row in rows:
        upsert.create(**row, created_at=moment, updated_at=moment)
    upsert.write()
    first, second = Case.objects.order_by("case_number")
    assert (first.wage_offered, second.wage_offered) == (Decimal("14.50"), None)
    assert first.created_at == moment

    fast_update(
        Case,
        {first.pk: {"period_begin": dt.date(2024, 4, 1), "updated_at": moment + dt.timedelta(days=1)}},
        ["period_begin", "updated_at"],
    )
    first.refresh_from_db()
    assert first.period_begin == dt.date(2024, 4, 1)
    assert first.updated_at == moment + dt.timedelta(days=1)
    assert Case.objects.get(pk=second.pk).updated_at == moment


@pytest.mark.parametrize(
    ("many_ids", "dense"),
    [(3000, 4), (0, 4), (3000, 0)],
    ids=["range for close ids", "range for many ids", "in-lists for scattered ids"],
)
def test_rows_for_reads_exactly_the_rows_of_the_ids_asked_for(monkeypatch, many_ids, dense):
    monkeypatch.setattr(writing, "MANY_IDS", many_ids)
    monkeypatch.setattr(writing, "DENSE", dense)
    employers = EmployerFactory.create_batch(6)
    for employer in employers:
        employ(employer, CaseFactory())
    wanted = [employers[1].pk, employers[2].pk, employers[4].pk]

    rows = rows_for(Employer.objects.values_list("id", "name"), "id", wanted)
    linked = rows_for(
        Case.objects.values_list("employers__employer_id", "case_number"), "employers__employer_id", wanted
    )

    assert sorted(pk for pk, _name in rows) == sorted(wanted)
    assert sorted(pk for pk, _number in linked) == sorted(wanted)
    assert rows_for(Employer.objects.values_list("id"), "id", []) == []


def test_search_entries_are_created_updated_and_deleted_in_one_pass():
    kept, renamed, gone = EmployerFactory.create_batch(3)
    search_entries_refresh(SearchEntry.Kind.EMPLOYER, [kept.pk, renamed.pk, gone.pk])
    Employer.objects.filter(pk=renamed.pk).update(name="Nombre Nuevo")
    gone_pk = gone.pk
    gone.delete()

    search_entries_refresh(SearchEntry.Kind.EMPLOYER, [kept.pk, renamed.pk, gone_pk])

    entries = dict(SearchEntry.objects.filter(kind="employer").values_list("object_id", "name"))
    assert entries == {kept.pk: kept.name, renamed.pk: "Nombre Nuevo"}


@pytest.mark.parametrize("few_words", [50, 0], ids=["looked up one by one", "whole vocabulary read"])
def test_vocabulary_add_keeps_each_word_once(monkeypatch, few_words):
    monkeypatch.setattr(refresh, "FEW_WORDS", few_words)
    SearchWord.objects.create(word="huertas")

    vocabulary_add(["huertas del valle", "valle | x"])
    vocabulary_add(["del valle"])

    assert sorted(SearchWord.objects.values_list("word", flat=True)) == ["del", "huertas", "valle"]


def test_row_keys_stay_those_earlier_imports_stored():
    # A changed key would make every stored appendix row look new: re-imports would duplicate them.
    assert row_key(("city", "Monterrey"), ("individual", True), ("person", None)) == (
        "5e7e15b7ad8fa68d0ebf9a1b02d6ef8a254220da"
    )
    assert row_key("H-300-17001-000001", None, Decimal("12.50"), dt.date(2017, 4, 1), "Peñasco") == (
        "2a1cd5c2d53fa16af0801693a2aef61b45be3034"
    )
    assert row_key(Decimal("12.5")) == row_key(Decimal("12.50"))


@pytest.mark.parametrize(
    "values",
    [
        {"city": "Monterrey", "individual": True, "person": None},
        {"wage_offer": Decimal("12.50"), "begin_date": dt.date(2017, 4, 1), "total_workers": 31},
        {"legal_name": 'O\'Brien "Farms" Peñasco', "state": "", "country": "MÉXICO"},
    ],
)
def test_items_key_is_the_row_key_of_the_sorted_items(values):
    # Appendix rows are keyed by items_key; the keys earlier imports stored came from row_key.
    assert items_key(values) == row_key(*sorted(values.items()))


def test_fast_insert_finds_new_ids_even_below_an_explicitly_numbered_row():
    # On PostgreSQL a row saved with an explicit id leaves the sequence behind: new rows get
    # smaller ids than the largest one, and are then found by their key instead.
    Agent.objects.create(id=10_000, name="Explicit", slug="explicit", normalised_name="explicit")
    rows = [_agent("Nueva Uno"), _agent("Nueva Dos")]

    fast_insert(Agent, rows, key=("slug",))

    assert {row["id"] for row in rows} == set(
        Agent.objects.filter(slug__in=["nueva-uno", "nueva-dos"]).values_list("id", flat=True)
    )
    assert Agent.objects.get(pk=rows[1]["id"]).name == "Nueva Dos"


def test_search_entries_written_in_bulk_are_in_the_full_text_index():
    # On SQLite they are staged and inserted in one statement, for FTS5's sake: the triggers
    # must still index every entry as its text reads, and search must find each one.
    employers = EmployerFactory.create_batch(3)
    search_entries_refresh(SearchEntry.Kind.EMPLOYER, [employer.pk for employer in employers])

    assert SearchEntry.objects.filter(kind="employer").count() == 3
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # raises if the index and the entries disagree
            cursor.execute(
                "INSERT INTO directory_searchentry_fts(directory_searchentry_fts, rank) "
                "VALUES ('integrity-check', 1)"
            )
    for employer in employers:
        assert employer.pk in {hit.object_id for hit in search(employer.name).hits}


def test_fast_insert_reserves_ids_inside_a_transaction_and_never_reuses_one(monkeypatch):
    """No reading back: the ids are the database's next ones, above any it gave, deleted or not."""
    gone = Agent.objects.create(name="Gone", slug="gone", normalised_name="gone")
    gone_id = gone.pk
    gone.delete()
    monkeypatch.setattr(writing, "_fetch_ids", lambda *args, **kwargs: pytest.fail("ids read back"))
    rows = [_agent("Nueva Uno"), _agent("Nueva Dos")]

    fast_insert(Agent, rows, key=("slug",))

    stored = dict(Agent.objects.filter(slug__in=["nueva-uno", "nueva-dos"]).values_list("name", "id"))
    assert {row["name"]: row["id"] for row in rows} == stored
    assert min(row["id"] for row in rows) > gone_id
    assert Agent.objects.create(name="After", slug="after", normalised_name="after").pk > max(
        row["id"] for row in rows
    )


@pytest.mark.django_db(transaction=True)
def test_fast_insert_outside_a_transaction_still_gives_each_row_its_id():
    # SQLite reserves ids only inside a transaction, which holds its write lock.
    with connection.cursor() as cursor:
        reserved = writing._reserved_ids(cursor, Agent._meta.db_table, 2)
    assert (reserved is None) == (connection.vendor == "sqlite")
    rows = [_agent("Sola Uno"), _agent("Sola Dos")]

    fast_insert(Agent, rows, key=("slug",))

    assert {row["id"] for row in rows} == set(
        Agent.objects.filter(slug__in=["sola-uno", "sola-dos"]).values_list("id", flat=True)
    )
