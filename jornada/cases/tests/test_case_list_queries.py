"""The case list stays fast with many notes: it counts the notes of the cases on the page only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jornada.cases.selectors import case_list_page, cases_for_user
from jornada.cases.services import case_create, case_note_add
from jornada.cases.tests.helpers import open_case
from jornada.conftest import ThreeOrganisations


def test_it_counts_only_the_notes_of_the_page(three_orgs: ThreeOrganisations) -> None:
    """No query joins the notes table, and the query that skips earlier pages counts no notes.

    Joining grouped every note of the organisation before the 50 rows of a page were picked,
    and a note count in the skipping query is computed for every skipped case on PostgreSQL:
    with 21,000 cases and 210,000 notes either took hundreds of milliseconds (benchmarks/cases.py).
    """
    cases = [open_case(three_orgs.a, three_orgs.alice) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        page = case_list_page(user=three_orgs.alice, number=3, per_page=1)
        assert page.paginator.count == 3
        assert [case.note_count for case in page.object_list] == [1]
        assert page.object_list[0].pk == cases[0].pk  # the oldest, on the last page
    assert queries.captured_queries
    for query in queries.captured_queries:
        assert 'JOIN "cases_casenote"' not in query["sql"]
        if "OFFSET" in query["sql"]:
            assert "cases_casenote" not in query["sql"]


def test_it_counts_each_cases_notes(three_orgs: ThreeOrganisations) -> None:
    """A case with three notes shows 3, one with none shows 0, another organisation's is not listed."""
    busy = case_create(actor=three_orgs.alice, organisation=three_orgs.a, worker_name="Uno")
    for text in ("primera", "segunda", "tercera"):
        case_note_add(actor=three_orgs.alice, case=busy, text=text)
    quiet = case_create(actor=three_orgs.alice, organisation=three_orgs.a, worker_name="Dos")
    other = open_case(three_orgs.b, three_orgs.bob)
    counts = {case.pk: case.note_count for case in cases_for_user(user=three_orgs.alice)}
    assert counts == {busy.pk: 3, quiet.pk: 0}
    assert other.pk not in counts


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL's depends on its statistics"
)
def test_it_walks_the_organisations_cases_newest_first_without_sorting(
    three_orgs: ThreeOrganisations,
) -> None:
    """The page is read in the (organisation, newest) index's order: no sort of every case first."""
    open_case(three_orgs.a, three_orgs.alice)
    sql, params = cases_for_user(user=three_orgs.alice)[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        rows = cursor.fetchall()
    plan = " / ".join(str(row[-1]) for row in rows)
    outer = " / ".join(str(row[-1]) for row in rows if row[1] == 0)  # not inside a per-row subquery
    assert "cases_case_org_newest" in plan
    assert "TEMP B-TREE" not in outer, "the cases themselves are not sorted (a subquery's few rows may be)"
